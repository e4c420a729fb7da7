"""Vietnamese alphabet data: letters, tone marks, syllable shape.

This is language data shared by :mod:`kg.text.normalize` (fold, canonical
tone placement) and :mod:`kg.text.legacy` (scoring candidate decodings).

Sources of the rules:

* The alphabet (29 letters) and the five tone marks are those of the Vietnamese
  orthography (Quy định về chính tả tiếng Việt, Bộ Giáo dục, QĐ 240/QĐ, 1984;
  Unicode Technical Note "Vietnamese in Unicode").
* The vowel clusters (nuclei) and final consonants are the rhymes (vần) of
  standard Vietnamese as listed in Đoàn Thiện Thuật, *Ngữ âm tiếng Việt*
  (1977), restricted to what appears in modern writing.
"""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks (NFD): grave, acute, tilde, hook above, dot below.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Combining vowel-quality marks (NFD): circumflex, breve, horn.
QUALITY_MARKS = "\u0302\u0306\u031b"

BASE_VOWELS = "aăâeêioôơuưy"
# Every lower-case Vietnamese letter (base letters and all toned vowels), NFC.
_LOWER_TONED = [
    unicodedata.normalize("NFC", v + t) for v in BASE_VOWELS for t in ("",) + tuple(TONE_MARKS)
]
LOWER_LETTERS = frozenset("bcdđghklmnpqrstvx" + "fjwz" + "".join(_LOWER_TONED))
LETTERS = frozenset(LOWER_LETTERS | {c.upper() for c in LOWER_LETTERS})


def _strip_tone_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    kept = "".join(c for c in decomposed if c not in TONE_MARKS)
    return unicodedata.normalize("NFC", kept)


# str.translate table: toned vowel -> same vowel without tone (keeps ă â ê ô ơ ư).
STRIP_TONE = {
    ord(c): _strip_tone_char(c) for c in (set(_LOWER_TONED) | {c.upper() for c in _LOWER_TONED})
    if _strip_tone_char(c) != c
}
# str.translate table: any Vietnamese letter -> ASCII (ă->a, ơ->o, đ->d, ...).
TO_ASCII = {
    ord(c): unicodedata.normalize("NFD", c.replace("đ", "d").replace("Đ", "D"))[0]
    for c in LETTERS
    if ord(c) > 127
}

# Tone of each toned vowel: char -> (toneless vowel, combining tone mark).
TONE_OF = {}
for _c in set(_LOWER_TONED) | {c.upper() for c in _LOWER_TONED}:
    _d = unicodedata.normalize("NFD", _c)
    _tones = [m for m in _d if m in TONE_MARKS]
    if _tones:
        TONE_OF[_c] = (_strip_tone_char(_c), _tones[0])
del _c, _d, _tones


def add_tone(vowel: str, mark: str) -> str:
    """Return ``vowel`` (one toneless letter) carrying the combining tone ``mark``, NFC."""
    return unicodedata.normalize("NFC", vowel + mark)


# Vowel clusters (toneless, lower case) that may form a nucleus, with the finals they allow:
# "open" clusters take no final consonant, "closed" ones take one of ONSET/CODA consonants.
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ ưa ưi ươ ưu uy yê "
    "iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu"
).split()
_ONSETS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()
_CODAS = "ch ng nh c m n p t".split()

SYLLABLE_RE = re.compile(
    "(?:" + "|".join(_ONSETS) + ")?"
    "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")"
    "(?:" + "|".join(_CODAS) + ")?"
)


def is_syllable(word: str) -> bool:
    """True when ``word`` (NFC, any case) is a well-formed Vietnamese syllable.

    Checks the onset + nucleus + coda shape of the toneless lower-case form and
    that the word carries at most one tone mark. Loan words and acronyms fail;
    callers use this only to score how Vietnamese a text looks.
    """
    tones = sum(1 for c in word if c in TONE_OF)
    if tones > 1:
        return False
    key = word.lower().translate(STRIP_TONE)
    return SYLLABLE_RE.fullmatch(key) is not None
