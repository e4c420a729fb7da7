"""Organization mentions: an organization type from ``ontology/org-types.ttl``
("Huyện ủy", "UBND huyện", "Ban Chấp hành Đảng bộ huyện", "Hội Nông dân"),
optionally followed by the place it belongs to ("Huyện ủy Thường Tín",
"UBND xã Quảng Tín", "Tỉnh ủy Đắk Nông") and by its khóa ("khóa XXIII").
"""

from __future__ import annotations

import re

from kg import text as vt
from kg.extract.patterns import CAP_NAME, LETTER
from kg.extract.places import _longest_unit
from kg.gazetteer import KIND_LEVEL, Gazetteer
from kg.lexicon import Lexicon
from kg.model import OrgMention, PlaceMention, Span

_KIND_AFTER = re.compile(r"\s*(tỉnh|thành phố|thị xã|thị trấn|huyện|quận|phường|xã|TP\.?|TX\.?)(?![" + LETTER + r"])\s*")
_KIND_ALT = {"tp": "thành phố", "tp.": "thành phố", "tx": "thị xã", "tx.": "thị xã"}
_BARE_NAME = re.compile(r"\s+(" + CAP_NAME + ")")
_TERM = re.compile(r",?\s*(?:khóa|khoá|Khóa|Khoá)\s+([IVXLC]+|\d+)\b")


def org_types_at(lex: Lexicon, text: str, pos: int):
    """The longest organization type whose surface form starts exactly at ``pos``, or None.

    Returns ``(end, OrgType)``.
    """
    best = None
    for s, e, ot in lex.match_org_types(text[pos: pos + 80]):
        if s == 0 and (best is None or e > best[0]):
            best = (e, ot)
    if best is None:
        return None
    return pos + best[0], best[1]


def org_at(lex: Lexicon, gaz: Gazetteer, text: str, pos: int) -> OrgMention | None:
    """Parse an organization mention starting exactly at ``pos`` (type + optional place + khóa)."""
    hit = org_types_at(lex, text, pos)
    if hit is None:
        return None
    end, ot = hit
    return _complete(lex, gaz, text, pos, end, ot)


def find_orgs(lex: Lexicon, gaz: Gazetteer, text: str) -> list[OrgMention]:
    """Every organization mention in ``text``, left to right, non-overlapping (longest first)."""
    out: list[OrgMention] = []
    last_end = -1
    for s, e, ot in sorted(lex.match_org_types(text), key=lambda t: (t[0], -t[1])):
        if s < last_end:
            continue
        om = _complete(lex, gaz, text, s, e, ot)
        out.append(om)
        last_end = om.span.end
    return out


def _complete(lex: Lexicon, gaz: Gazetteer, text: str, start: int, end: int, ot) -> OrgMention:
    place = None
    level = ot.level
    pattern_text = vt.fold(text[start:end])
    # The org-type pattern may already end with the type word ("UBND huyện"): then a bare name may follow.
    km = _KIND_AFTER.match(text, end)
    kind_in_pattern = next((k for k in KIND_LEVEL if pattern_text.endswith(" " + vt.fold(k))), None)
    if km and not kind_in_pattern:
        word = km.group(1)
        kind = _KIND_ALT.get(word.lower(), word.lower())
        lv = KIND_LEVEL[kind]
        hit = _longest_unit(text, km.end(), kind, lv, gaz)
        if hit:
            pend, name = hit
            place = PlaceMention(name, Span(km.start(1), pend, text[km.start(1):pend]), lv, kind)
            end = pend
        elif level in (None, "", lv) and (lv != "province" or kind == "tỉnh"):
            end = km.end(1)  # "Hội Nông dân huyện": the report's own district
            level = lv
    elif level in ("province", "district", "commune") or kind_in_pattern:
        bm = _BARE_NAME.match(text, end)
        if bm:
            kind = kind_in_pattern or ""
            levels = ("province", "district") if ot.key in ("thanh-uy",) or kind == "thành phố" else (KIND_LEVEL.get(kind, level),)
            hit = None
            for lv in levels:
                hit = _longest_unit(text, bm.start(1), kind or "", lv, gaz, require_cap=True)
                if hit:
                    level = lv
                    break
            if hit:
                pend, name = hit
                place = PlaceMention(name, Span(bm.start(1), pend, name), level, kind)
                end = pend
    term = None
    tm = _TERM.match(text, end)
    if tm:
        try:
            term = vt.roman_to_int(tm.group(1)) if not tm.group(1).isdigit() else int(tm.group(1))
            end = tm.end()
        except ValueError:
            term = None
    return OrgMention(ot.key, Span(start, end, text[start:end]), place, term, national=(ot.level == "national"))
