"""Text normalization with an offset map back to the raw text, and matching keys.

``normalize`` is what every later stage reads; ``fold`` is the key entities are
matched on; ``canonical`` is the spelling used for labels; ``slug`` is the ASCII
form used in IRIs (docs/model.md, "Instance IRIs").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from kg.errors import ParseError

from .alphabet import STRIP_TONE, TO_ASCII, TONE_MARKS, TONE_OF, add_tone

# --- character classes ---------------------------------------------------------------------

# Invisible characters removed outright: soft hyphen, zero-width space/joiners, word
# joiner, BOM, Mongolian vowel separator, bidi marks and embeddings.
_INVISIBLE_CHARS = "".join(
    map(chr, [0xAD, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065),
              *range(0x2066, 0x206A), 0xFEFF])
)
_INVISIBLE = re.escape(_INVISIBLE_CHARS)
_OTHER_NEWLINES = "\x0b\x0c\x85\u2028\u2029"

# One-to-one replacements (keep every offset).
_ONE_TO_ONE = {
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060\u02bc\u02b9\uff07", "'"),
    # Icelandic eth, used by some portals for the Vietnamese D with stroke ("Bình Ðịnh").
    "\u00d0": "\u0110",
    "\u00f0": "\u0111",
}
_ONE_TO_ONE.update(dict.fromkeys(_OTHER_NEWLINES, "\n"))
_ONE_TO_ONE.update(
    dict.fromkeys("\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))), " ")
)


def _combining_class_ranges() -> str:
    codes = [cp for cp in range(0x300, 0x10000) if unicodedata.combining(chr(cp))]
    codes += list(range(0x1160, 0x1200))  # Hangul medial vowels and final consonants
    codes.sort()
    ranges = []
    start = prev = codes[0]
    for cp in codes[1:]:
        if cp != prev + 1:
            ranges.append((start, prev))
            start = cp
        prev = cp
    ranges.append((start, prev))
    return "".join(
        f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges
    )


_COMBINING = _combining_class_ranges()
# Pass 1: characters that are rare in clean text, found by one character-class scan
# (a CR with its LF, a run of invisibles or of combining marks stays in one match).
_CHAR_RE = re.compile(
    rf"[\r{_INVISIBLE}{_COMBINING}{re.escape(''.join(_ONE_TO_ONE))}]"
    rf"(?:(?<=\r)\n|(?<=[{_INVISIBLE}])[{_INVISIBLE}]+|(?<=[{_COMBINING}])[{_COMBINING}]+)?"
)
_HAS_COMBINING = re.compile(f"[{_COMBINING}]")
_COMBINING_RE = re.compile(f"[{_COMBINING}]+")
_CHAR_TABLE = str.maketrans({**_ONE_TO_ONE, "\r": "\n", **dict.fromkeys(_INVISIBLE_CHARS, None)})
# Pass 2 (on text whose only white space is " " and "\n", ends already stripped):
# spaces before a line break or in a run, line breaks followed by spaces or blank lines.
_SPACE_RE = re.compile(r" (?=[ \n]) *(?:\n[ \n]*)?|\n(?= |\n[ \n])[ \n]*")
_NEVER_RE = re.compile(r"(?!)")


class OffsetMap:
    """Maps offsets in a normalized text back to offsets in the raw text it came from.

    Built by :func:`normalize_with_map`. Outside edited stretches the two texts agree
    character for character; each edited stretch (a CRLF, a run of spaces, an NFD
    letter, a removed zero-width space) is stored as ``(norm_start, norm_end,
    raw_start, raw_end)``; an offset inside such a stretch maps into it (offsets inside
    one letter and its combining marks are not told apart). Normalization runs in two passes, so a map may hold the map
    of the first pass as ``inner`` and compose with it.
    """

    __slots__ = ("_ns", "_ne", "_rs", "_re", "norm_length", "raw_length", "_inner")

    def __init__(
        self,
        segments: list[tuple[int, int, int, int]],
        norm_length: int,
        raw_length: int,
        inner: OffsetMap | None = None,
    ):
        self._ns = [s[0] for s in segments]
        self._ne = [s[1] for s in segments]
        self._rs = [s[2] for s in segments]
        self._re = [s[3] for s in segments]
        self.norm_length = norm_length
        self._inner = inner
        self.raw_length = inner.raw_length if inner is not None else raw_length

    @property
    def identity(self) -> bool:
        """True when normalization changed no offset."""
        return not self._ns and (self._inner is None or self._inner.identity)

    def _check(self, offset: int) -> None:
        if offset < 0 or offset > self.norm_length:
            raise IndexError(f"offset {offset} outside 0..{self.norm_length}")

    def _start(self, offset: int) -> int:
        if offset == self.norm_length:
            return self._inner.norm_length if self._inner is not None else self.raw_length
        i = bisect_right(self._ns, offset) - 1
        if i < 0:
            return offset
        if offset < self._ne[i]:
            return self._rs[i] + min(offset - self._ns[i], self._re[i] - self._rs[i] - 1)
        return self._re[i] + (offset - self._ne[i])

    def _end(self, offset: int) -> int:
        if offset == 0:
            return 0
        last = offset - 1
        i = bisect_right(self._ns, last) - 1
        if i >= 0 and last < self._ne[i]:
            if offset == self._ne[i]:
                return self._re[i]
            return self._rs[i] + min(offset - self._ns[i], self._re[i] - self._rs[i])
        return self._start(last) + 1

    def to_raw(self, offset: int) -> int:
        """Raw offset of the character at normalized ``offset`` (use for span starts).

        ``offset == len(normalized)`` maps to the end of the raw text.
        Raises:
            IndexError: ``offset`` outside ``0..len(normalized)``.
        """
        self._check(offset)
        inner_offset = self._start(offset)
        return self._inner.to_raw(inner_offset) if self._inner is not None else inner_offset

    def to_raw_end(self, offset: int) -> int:
        """Raw offset just after the character before normalized ``offset`` (use for span ends).

        Raises:
            IndexError: ``offset`` outside ``0..len(normalized)``.
        """
        self._check(offset)
        inner_offset = self._end(offset)
        return self._inner.to_raw_end(inner_offset) if self._inner is not None else inner_offset

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """``(to_raw(start), to_raw_end(end))``: a normalized span as a raw span."""
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        return self.to_raw(start), self.to_raw_end(end)

    def __repr__(self) -> str:
        return f"OffsetMap({len(self._ns)} edits, {self.norm_length} <- {self.raw_length} chars)"


def _apply(
    text: str, pattern: re.Pattern[str], replace, pos: int = 0, endpos: int | None = None
) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Rewrite ``text[pos:endpos]`` (the rest is dropped) with ``pattern``:
    ``replace(match, last)`` gives ``(start, replacement)``.
    Returns the new text and its edit segments (same-length edits are not recorded:
    they keep every offset; dropped ends are)."""
    n = len(text)
    endpos = n if endpos is None else endpos
    pieces: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    if pos:
        segments.append((0, 0, 0, pos))
    out_len = 0
    last = pos
    for m in pattern.finditer(text, pos, endpos):
        start, rep = replace(m, last)
        end = m.end()
        if start > last:
            pieces.append(text[last:start])
            out_len += start - last
        if len(rep) != end - start:
            segments.append((out_len, out_len + len(rep), start, end))
        pieces.append(rep)
        out_len += len(rep)
        last = end
    if not pieces:
        out = text[pos:endpos] if (pos or endpos != n) else text
    else:
        pieces.append(text[last:endpos])
        out = "".join(pieces)
    if endpos != n:
        segments.append((len(out), len(out), endpos, n))
    return out, segments


def _fix_char(m: re.Match[str], last: int) -> tuple[int, str]:
    start = m.start()
    body = m.group()
    if _HAS_COMBINING.search(body):
        # compose with the character before the marks when it is plain text
        if start > last:
            start -= 1
        body = m.string[start : m.end()]
        return start, unicodedata.normalize("NFC", body.replace("\r\n", "\n").translate(_CHAR_TABLE))
    return start, body.replace("\r\n", "\n").translate(_CHAR_TABLE)


def _fix_space(m: re.Match[str], last: int) -> tuple[int, str]:
    breaks = m.group().count("\n")
    return m.start(), (" " if breaks == 0 else "\n" if breaks == 1 else "\n\n")


def normalize_with_map(text: str) -> tuple[str, OffsetMap]:
    """Normalize ``text`` (see :func:`normalize`) and return the offset map back to it.

    Two passes: rare characters (CR, invisibles, combining marks, dashes, quotes, odd
    spaces), then white space (only when the text needs it).

    Args:
        text: raw decoded text (``str``).
    Returns:
        ``(normalized, OffsetMap)``; ``OffsetMap.to_raw(i)`` is the raw offset of
        normalized character ``i``.
    Raises:
        nothing; any ``str`` is accepted.
    """
    text1, segments1 = _apply(text, _CHAR_RE, _fix_char)
    inner = OffsetMap(segments1, len(text1), len(text))
    if not unicodedata.is_normalized("NFC", text1):
        composed = unicodedata.normalize("NFC", text1)
        if len(composed) != len(text1):
            # A mark that an invisible character kept from its letter ("A", U+200B, U+0300):
            # compose again now that they touch.
            text0, inner0 = text1, inner
            text1, segments1 = _apply(text0, _COMBINING_RE, _fix_char)
            inner = OffsetMap(segments1, len(text1), len(text0), inner0)
            composed = unicodedata.normalize("NFC", text1)
        if len(composed) == len(text1):
            # Singletons (e.g. U+212B ANGSTROM SIGN) keep the length.
            text1 = composed
    n = len(text1)
    pos = n - len(text1.lstrip(" \n"))
    endpos = len(text1.rstrip(" \n")) if pos < n else n
    dirty = "  " in text1 or " \n" in text1 or "\n " in text1 or "\n\n\n" in text1
    if not dirty and pos == 0 and endpos == n:
        return text1, inner
    text2, segments2 = _apply(text1, _SPACE_RE if dirty else _NEVER_RE, _fix_space, pos, endpos)
    return text2, OffsetMap(segments2, len(text2), n, inner)


def normalize(text: str) -> str:
    """Normalize report text for extraction.

    * Unicode NFC (NFD letters are composed).
    * Zero-width spaces/joiners, soft hyphens, BOMs and bidi marks are removed.
    * Dashes (‐ ‑ ‒ – — ― −) become ``-``; double quotes (“ ” „ « ») become ``"``;
      single quotes and apostrophes (‘ ’ ʼ ´ `) become ``'`` (Đắk R’lấp -> Đắk R'lấp);
      Ð/ð (Icelandic eth, used by some portals) become Đ/đ.
    * CRLF, CR, VT, FF, NEL, U+2028/2029 become LF. Line breaks are kept (the
      extractor reads lines); two or more line breaks (blank lines, also blank lines
      holding only spaces) collapse to one blank line (``\\n\\n``).
    * Runs of spaces, tabs and no-break spaces become one space; spaces at the start
      and end of each line and of the text are removed.

    Tone-mark placement is left as written (see :func:`canonical`, :func:`fold`).
    Idempotent: ``normalize(normalize(t)) == normalize(t)``.

    Args:
        text: ``str``.
    Returns:
        ``str``. Use :func:`normalize_with_map` to map offsets back.
    Raises:
        nothing.
    """
    return normalize_with_map(text)[0]


# --- keys ---------------------------------------------------------------------------------

_WS_RE = re.compile(r"\s+")


def fold(text: str) -> str:
    """The matching key of a name or phrase.

    ``normalize`` + lower case + tone marks removed (vowel letters ă â ê ô ơ ư and đ
    are kept) + all whitespace (line breaks too) as one space, stripped. So both
    tone placements (ủy/uỷ, hòa/hoà, thủy/thuỷ, hóa/hoá), Đăk/Đắk, R'lấp/R’Lấp and
    case give one key. Idempotent.

    Args:
        text: ``str``.
    Returns:
        ``str`` (e.g. ``fold("Huyện ủy Thường Tín") == "huyên uy thương tin"``).
    Raises:
        nothing.
    """
    if len(text) <= _FOLD_CACHED_LEN:  # names and phrases repeat: cache the short ones
        return _fold_short(text)
    return _fold(text)


def _fold(text: str) -> str:
    key = _WS_RE.sub(" ", normalize(text).lower().translate(_FOLD_TABLE)).strip()
    if not unicodedata.is_normalized("NFC", key):  # "À" + U+0302: a mark freed by the tone
        key = unicodedata.normalize("NFC", key)
    return key


_FOLD_CACHED_LEN = 120
_fold_short = lru_cache(maxsize=1 << 16)(_fold)


# Toned vowel -> toneless vowel; a tone mark left over (a second tone on one letter,
# which NFC cannot compose) is dropped.
_FOLD_TABLE = {**STRIP_TONE, **dict.fromkeys(map(ord, TONE_MARKS), None)}


# Old-style tone placement: in the open rhymes oa, oe, uy (no final letter, u not
# after q) the tone sits on the first vowel: hòa, khỏe, thủy (as in the gazetteer:
# Thanh Hóa, Hòa Bình). Source: Quy định chính tả 1984 / Nghị định 30/2020 practice for
# official names; the "new style" (hoà, thuỷ) only moves the mark in these rhymes.
_O = "oòóỏõọOÒÓỎÕỌ"
_A_E = "aàáảãạeèéẻẽẹAÀÁẢÃẠEÈÉẺẼẸ"
_U = "uùúủũụUÙÚỦŨỤ"
_Y = "yỳýỷỹỵYỲÝỶỸỴ"
def _old_style(match: re.Match[str]) -> str:
    first, second = match.group(1)
    if second in TONE_OF and first not in TONE_OF:
        bare, mark = TONE_OF[second]
        return add_tone(first, mark) + bare
    return first + second


# (?![\w\u0300-\u036f]): the rhyme ends the word; a combining mark left after it (a second tone mark
# that NFC could not compose, "OÀ\u0300") belongs to its last letter, so moving the tone would make
# that mark compose and the result not NFC
_OPEN_RHYME_RE = re.compile(
    rf"(?<![{_A_E}{_O}{_U}{_Y}iIqQ])([{_O}][{_A_E}]|[{_U}][{_Y}])(?![\w\u0300-\u036f])"
)


def canonical(text: str) -> str:
    """One canonical spelling for labels: :func:`normalize` + old-style tone placement.

    "Huyện uỷ" -> "Huyện ủy", "Thanh Hoá" -> "Thanh Hóa", "khoẻ" -> "khỏe". Only the
    open rhymes oa, oe, uy (not after q) are touched; everything else, including
    case, is kept.

    Args:
        text: ``str``.
    Returns:
        ``str``; ``fold(canonical(t)) == fold(t)``.
    Raises:
        nothing.
    """
    return _OPEN_RHYME_RE.sub(_old_style, normalize(text))


def _new_style(match: re.Match[str]) -> str:
    first, second = match.group(1)
    if first in TONE_OF and second not in TONE_OF:
        bare, mark = TONE_OF[first]
        return bare + add_tone(second, mark)
    return first + second


def tone_variants(word: str) -> set[str]:
    """Both tone placements of ``word``: {"hòa", "hoà"}, {"thủy", "thuỷ"}; {word} when the
    word has no open oa/oe/uy rhyme. Input is normalized first."""
    old = canonical(word)
    return {old, _OPEN_RHYME_RE.sub(_new_style, old)}


def word_alternation(words, reverse: bool = False) -> str:
    """A regex (no capturing group) matching any of ``words`` in both tone placements.

    Built as a trie ("h(?:ộ(?: nghèo)?|...)"), so the engine rejects a non-word after
    one character instead of trying every word; longer words are tried first. Spaces
    inside a word match any run of spaces/tabs/no-break spaces. Matching is exact per
    character: compile with ``re.IGNORECASE`` for case-insensitivity. With
    ``reverse=True`` every word is spelled backwards (for matching reversed text).
    """
    variants = set()
    for word in words:
        variants.update(tone_variants(word))
    if reverse:
        variants = {v[::-1] for v in variants}
    trie: dict = {}
    for v in variants:
        node = trie
        for ch in v:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        atom = r"[ \t\u00a0]+" if ch == " " else re.escape(ch)
        branches.append(atom + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word may end here: the longer words are optional
        return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
    return body


_SLUG_DROP_RE = re.compile(r"['\"]")
_SLUG_SEP_RE = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """ASCII, lower-case, ``-``-separated form used in every IRI (docs/model.md).

    Derived from :func:`fold`, so both tone placements give one slug; đ -> d, ă/â -> a,
    ê -> e, ô/ơ -> o, ư -> u; apostrophes and quotes are dropped (R'lấp -> rlap); other
    letters lose their accents; anything else separates words.
    "Huyện ủy Thường Tín" -> ``"huyen-uy-thuong-tin"``.

    Args:
        text: ``str``.
    Returns:
        ``str`` matching ``[a-z0-9]+(-[a-z0-9]+)*``.
    Raises:
        ParseError: ``text`` has no letter or digit to build a slug from.
    """
    key = fold(text).translate(TO_ASCII)
    if not key.isascii():
        key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    key = _SLUG_SEP_RE.sub("-", _SLUG_DROP_RE.sub("", key)).strip("-")
    if not key:
        raise ParseError("no letter or digit to build a slug from", text)
    return key
