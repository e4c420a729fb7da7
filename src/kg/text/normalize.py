"""Text normalization with an offset map back to the raw text, and matching keys.

``normalize`` is what every later stage reads; ``fold`` is the key entities are
matched on; ``canonical`` is the spelling used for labels; ``slug`` is the ASCII
form used in IRIs (docs/model.md, "Instance IRIs").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from kg.errors import ParseError

from .alphabet import STRIP_TONE, TO_ASCII, TONE_OF, add_tone

# --- character classes ---------------------------------------------------------------------

_SPACES = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Invisible characters removed outright: soft hyphen, zero-width space/joiners, word
# joiner, BOM, Mongolian vowel separator, bidi marks and embeddings.
_INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_NEWLINES = "\n\r\x0b\x0c\x85\u2028\u2029"

# One-to-one replacements (str.translate keeps every offset).
_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060\u02bc\u02b9\uff07", "'"),
        # Icelandic eth, used by some portals for the Vietnamese D with stroke ("Bình Ðịnh").
        "\u00d0": "\u0110",
        "\u00f0": "\u0111",
    }
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
_H = f"[{_SPACES}{_INVISIBLE}]"
_NL = rf"(?:\r\n|[{_NEWLINES}])"
_FIX_RE = re.compile(
    # 1. a line break with the spaces around it, and following blank lines
    rf"(?P<nl>{_H}*{_NL}(?:{_H}*{_NL})*{_H}*)"
    # 2. spaces at the very end of the text
    rf"|(?P<end>{_H}+\Z)"
    # 3. a run of spaces/invisibles other than one plain space
    rf"|(?P<sp>(?={_H}{{2}}|[^ ]){_H}+)"
    # 4. combining marks (NFD text): composed with the character before them
    rf"|(?P<comb>[{_COMBINING}]+)"
)
_HAS_SPACE = re.compile(f"[{_SPACES}]")


class OffsetMap:
    """Maps offsets in a normalized text back to offsets in the raw text it came from.

    Built by :func:`normalize_with_map`. Outside edited stretches the two texts agree
    character for character; each edited stretch (a CRLF, a run of spaces, an NFD
    letter, a removed zero-width space) is stored as ``(norm_start, norm_end,
    raw_start, raw_end)``.
    """

    __slots__ = ("_ns", "_ne", "_rs", "_re", "norm_length", "raw_length")

    def __init__(self, segments: list[tuple[int, int, int, int]], norm_length: int, raw_length: int):
        self._ns = [s[0] for s in segments]
        self._ne = [s[1] for s in segments]
        self._rs = [s[2] for s in segments]
        self._re = [s[3] for s in segments]
        self.norm_length = norm_length
        self.raw_length = raw_length

    def to_raw(self, offset: int) -> int:
        """Raw offset of the character at normalized ``offset`` (use for span starts).

        ``offset == len(normalized)`` maps to the end of the raw text.
        Raises:
            IndexError: ``offset`` outside ``0..len(normalized)``.
        """
        if offset < 0 or offset > self.norm_length:
            raise IndexError(f"offset {offset} outside 0..{self.norm_length}")
        if offset == self.norm_length:
            return self.raw_length
        i = bisect_right(self._ns, offset) - 1
        if i < 0:
            return offset
        if offset < self._ne[i]:
            return self._rs[i] + min(offset - self._ns[i], self._re[i] - self._rs[i] - 1)
        return self._re[i] + (offset - self._ne[i])

    def to_raw_end(self, offset: int) -> int:
        """Raw offset just after the character before normalized ``offset`` (use for span ends).

        Raises:
            IndexError: ``offset`` outside ``0..len(normalized)``.
        """
        if offset < 0 or offset > self.norm_length:
            raise IndexError(f"offset {offset} outside 0..{self.norm_length}")
        if offset == 0:
            return 0
        last = offset - 1
        i = bisect_right(self._ns, last) - 1
        if i >= 0 and last < self._ne[i]:
            if offset == self._ne[i]:
                return self._re[i]
            return self._rs[i] + min(offset - self._ns[i], self._re[i] - self._rs[i])
        return self.to_raw(last) + 1

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """``(to_raw(start), to_raw_end(end))``: a normalized span as a raw span."""
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        return self.to_raw(start), self.to_raw_end(end)

    def __repr__(self) -> str:
        return f"OffsetMap({len(self._ns)} edits, {self.norm_length} <- {self.raw_length} chars)"


def normalize_with_map(text: str) -> tuple[str, OffsetMap]:
    """Normalize ``text`` (see :func:`normalize`) and return the offset map back to it.

    Args:
        text: raw decoded text (``str``).
    Returns:
        ``(normalized, OffsetMap)``; ``OffsetMap.to_raw(i)`` is the raw offset of
        normalized character ``i``.
    Raises:
        nothing; any ``str`` is accepted.
    """
    translated = text.translate(_TRANSLATE)
    pieces: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    out_len = 0  # length of the output built so far
    last = 0  # raw offset up to which raw text has been handled
    n = len(translated)
    for m in _FIX_RE.finditer(translated):
        start, end = m.span()
        kind = m.lastgroup
        if kind == "nl":
            if start == 0 or end == n:
                rep = ""
            else:
                body = m.group()
                breaks = body.count("\n") + body.count("\r") - body.count("\r\n")
                breaks += sum(body.count(c) for c in "\x0b\x0c\x85\u2028\u2029")
                rep = "\n" if breaks == 1 else "\n\n"
                if body == rep:
                    continue
        elif kind == "end":
            rep = ""
        elif kind == "sp":
            rep = "" if start == 0 or not _HAS_SPACE.search(m.group()) else " "
        else:  # combining marks: compose with the preceding character when it is plain text
            if start > last:
                start -= 1
            rep = unicodedata.normalize("NFC", translated[start:end])
        if start > last:
            pieces.append(translated[last:start])
            out_len += start - last
        segments.append((out_len, out_len + len(rep), start, end))
        pieces.append(rep)
        out_len += len(rep)
        last = end
    if not segments:
        result = translated
    else:
        pieces.append(translated[last:])
        result = "".join(pieces)
    if not unicodedata.is_normalized("NFC", result):
        # Only singletons (e.g. U+212B ANGSTROM SIGN) are left; they keep the length.
        composed = unicodedata.normalize("NFC", result)
        if len(composed) == len(result):
            result = composed
    return result, OffsetMap(segments, len(result), len(text))


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
    return _WS_RE.sub(" ", normalize(text).lower().translate(STRIP_TONE)).strip()


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


_OPEN_RHYME_RE = re.compile(
    rf"(?<![{_A_E}{_O}{_U}{_Y}iIqQ])([{_O}][{_A_E}]|[{_U}][{_Y}])(?!\w)"
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
    """A regex alternation (no group) of ``words`` in both tone placements, longest first.

    Spaces inside a word match any run of spaces/tabs/no-break spaces. With
    ``reverse=True`` every word is spelled backwards (for matching reversed text).
    """
    variants = set()
    for word in words:
        variants.update(tone_variants(word))
    if reverse:
        variants = {v[::-1] for v in variants}
    parts = sorted(variants, key=lambda v: (-len(v), v))
    return "|".join(re.escape(p).replace(r"\ ", r"[ \t\u00a0]+") for p in parts)


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
