"""Shared building blocks of the rule-based extractors: letters, names, sentences.

Vietnamese proper names (people, places, organizations' places) write every
syllable with a capital letter ("Nguyễn Tiến Minh", "Đắk R'lấp", "Cư Jút");
common words do not.  The extractors rely on that, on the SKOS lexicons of
``ontology/`` and on the gazetteer, not on a word segmenter.
"""

from __future__ import annotations

import re

from kg.model import Span

_VI_LETTERS = "".join(chr(c) for c in range(0xC0, 0x1EFF + 1) if chr(c).isalpha())
UPPER = "A-Z" + "".join(c for c in _VI_LETTERS if c.isupper())
LOWER = "a-z" + "".join(c for c in _VI_LETTERS if c.islower())
LETTER = UPPER + LOWER

#: One capitalized syllable: "Nguyễn", "R'lấp", "H'Wen", "K'Nhon", "Jút".
CAP_SYL = rf"[{UPPER}](?:'[{UPPER}{LOWER}])?[{LOWER}]*(?:'[{LETTER}]+)?"
#: A proper name: capitalized syllables separated by single spaces.
CAP_NAME = rf"{CAP_SYL}(?:[ ]{CAP_SYL})*"

# A sentence ends at . ! ? or ; followed by space and a capital, a quote or a digit,
# or at a line break.  Abbreviations with a dot inside a name ("TP. Hồ Chí Minh")
# are protected below.
_SENT_END = re.compile(rf"(?<=[.!?…])\s+(?=[{UPPER}\d\"“(])")
_NO_BREAK_BEFORE = re.compile(r"(?:\bTP|\bTX|\bTT|\bP?CT|\bThS|\bTS|\bPGS|\bGS|\bBS|\bSĐT|\bĐT|\bSố|\bsố|\bNo|\bĐ/c|\bđ/c|\bTr)\.$")


def sentences(text: str) -> list[Span]:
    """Split normalized text into sentence spans (line breaks always end a sentence).

    Returns:
        spans in text order; empty lines give no span.
    """
    out: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        seg_start = 0
        for m in _SENT_END.finditer(line):
            if _NO_BREAK_BEFORE.search(line[max(0, m.start() - 8): m.start()]):
                continue
            _add(out, line, start, seg_start, m.start())
            seg_start = m.end()
        _add(out, line, start, seg_start, len(line))
    return out


#: A "sentence" longer than this (a text with no punctuation) is cut at spaces, so that the
#: evidence stored with every fact stays a readable size.
MAX_SENTENCE = 1000


def _add(out: list[Span], line: str, base: int, a: int, b: int) -> None:
    seg = line[a:b]
    stripped = seg.strip()
    if not stripped:
        return
    lead = len(seg) - len(seg.lstrip())
    s = base + a + lead
    while len(stripped) > MAX_SENTENCE:
        # at the last "; " (a list item ends: its head and its date stay together), else a space
        cut = stripped.rfind("; ", 0, MAX_SENTENCE) + 1
        if cut <= MAX_SENTENCE // 2:
            cut = stripped.rfind(" ", 0, MAX_SENTENCE)
        cut = cut if cut > MAX_SENTENCE // 2 else MAX_SENTENCE
        out.append(Span(s, s + cut, stripped[:cut]))
        rest = stripped[cut:]
        s += cut + (len(rest) - len(rest.lstrip()))
        stripped = rest.strip()
    if stripped:
        out.append(Span(s, s + len(stripped), stripped))


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    """Each line of ``text`` (split at "\\n", empty lines included) with the offset it starts at."""
    out = []
    pos = 0
    for ln in text.split("\n"):
        out.append((pos, ln))
        pos += len(ln) + 1
    return out


def sentence_at(spans: list[Span], offset: int) -> Span:
    """The sentence span containing ``offset`` (spans sorted by start)."""
    lo, hi = 0, len(spans) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if spans[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return spans[lo]

