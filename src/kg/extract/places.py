"""Administrative-unit mentions: type word + name, name lists, and bare province names.

A mention is kept only when its name is in the gazetteer (:mod:`kg.gazetteer`)
at the level its type word gives; the text's spelling is kept for ``skos:altLabel``.
Boundaries come from the gazetteer, not from a word segmenter: after a type
word we try the longest run of up to five syllables whose folded form is a known
unit ("xã Thuận hà" with a lower-case syllable, "huyện Đăkr’lấp" written as one word).
"""

from __future__ import annotations

import re

from kg.extract.patterns import CAP_NAME, LETTER, LOWER, UPPER
from kg.gazetteer import KIND_LEVEL, Gazetteer
from kg.model import PlaceMention, Span

# Type words as written (any case at sentence start), with common abbreviations.
_KIND_ALT = {
    "tp": "thành phố",
    "tp.": "thành phố",
    "tx": "thị xã",
    "tx.": "thị xã",
    "tt": "thị trấn",
    "tt.": "thị trấn",
}
# (the lookahead names every letter a type word starts with, in either case: a cheap first test)
_KIND_RE = re.compile(
    r"(?=[tpqhxđ])(?<![" + LETTER + r"])(tỉnh|thành phố|thị xã|thị trấn|huyện|quận|phường|xã|đặc khu|TP\.?|TX\.?|TT\.?)(?=[\s.:(])\s*",
    re.IGNORECASE,
)
_SYL = re.compile(r"[" + LETTER + r"0-9'’]+")
# ", " / " và " / " - " ("liên xã Đắk Som - Đắk R'măng"): the next name must be a unit of the same level
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:và\s+)?|\s+và\s+|\s[-–]\s)")
_CAP_RUN = re.compile(CAP_NAME)
_LIST_OPEN = re.compile(r"\s*[:(]\s*")
# "các xã như A, B", "một số xã trong huyện như A, B", "3 phường gồm: A, B": at most six lower-case
# words between the type word and "như"/"gồm"/"là" that introduces the names
_LIST_INTRO = re.compile(r"\s*(?:[" + LOWER + r"]+\s+){0,6}?(?:như|gồm(?: có)?|là)\s*:?\s*(?=[" + UPPER + r"])")
# "ở Đắk Song", "tại Gia Nghĩa": a bare unit name after a locative preposition
_ROAD = re.compile(r"(?<![" + LETTER + r"])(?:[Tt]uyến đường|[Tt]uyến|[Đđ]ường) (" + CAP_NAME + r") ?[-–] ?(" + CAP_NAME + r")(?![" + LETTER + r"'’])")
_LOCATIVE = re.compile(r"(?=[ởtỞT])(?<![" + LETTER + r"])(?:ở|tại|Ở|Tại)\s+(?=[" + UPPER + r"])")


def find_places(text: str, gaz: Gazetteer) -> list[PlaceMention]:
    """All administrative units named with a type word in ``text`` (offsets into ``text``).

    "xã Hồng Vân và xã Dũng Tiến" gives two mentions; so do "2 xã Quảng Tín và Đăk Ru"
    and "các xã A, B và C", and "liên xã A - B" (a list continues while each next name is a unit
    of the same level).
    """
    out: list[PlaceMention] = []
    for m in _KIND_RE.finditer(text):
        word = m.group(1)
        kind = _KIND_ALT.get(word.lower(), word.lower())
        if word.isupper() and len(word) > 3 and word.lower() not in _KIND_ALT:
            continue  # "XÃ", "HUYỆN" in shouted headings: accepted below only via names
        level = KIND_LEVEL[kind]
        hit = _longest_unit(text, m.end(), kind, level, gaz)
        if hit is None and level == "commune":
            hit = _commune_by_plain_name(text, m.end(), kind, gaz)
        if hit is None:
            # a list introduced after the type word: "các xã: A, B", "trạm y tế xã (A, B, C…)",
            # "một số xã trong huyện như A, B, C"
            lm = _LIST_OPEN.match(text, m.end()) or _LIST_INTRO.match(text, m.end())
            if not lm:
                continue
            hit = _longest_unit(text, lm.end(), kind, level, gaz, require_cap=True)
            if hit is None:
                continue
            end, name = hit
            out.append(PlaceMention(name, Span(lm.end(), end, name), level, kind))
            out.extend(_list_rest(text, end, kind, level, gaz))
            continue
        end, name = hit
        out.append(PlaceMention(name, Span(m.start(), end, text[m.start():end]), level, kind))
        out.extend(_list_rest(text, end, kind, level, gaz))  # a list: "các xã A, B và C"
    return out


_PARENT_AFTER = re.compile(r"\s*,\s*(huyện|thị xã|thành phố|quận|TP\.?|TX\.?)\s+")


def _commune_by_plain_name(text: str, pos: int, kind: str, gaz: Gazetteer) -> tuple[int, str] | None:
    """A commune written without a vowel mark of its name ("xã Nam Nung, huyện Krông Nô" for Nâm
    Nung) when its district is written right after it: (end of the written name, the unit's short
    name), or None (:meth:`kg.gazetteer.Gazetteer.child_by_plain_name`; the unit must be of ``kind``)."""
    nm = _CAP_ITEM.match(text, pos)
    pa = _PARENT_AFTER.match(text, nm.end()) if nm else None
    if pa is None:
        return None
    dkind = _KIND_ALT.get(pa.group(1).lower(), pa.group(1).lower())
    dist = _longest_unit(text, pa.end(), dkind, "district", gaz)
    if dist is None:
        return None
    for d in gaz.lookup(dist[1], "district"):
        u = gaz.child_by_plain_name(nm.group(0), d)
        if u is not None and u.kind == kind:
            return nm.end(), u.short
    return None


_CAP_ITEM = re.compile(r"(?:[" + UPPER + r"][" + LETTER + r"'’]*)(?: [" + UPPER + r"][" + LETTER + r"'’]*){0,3}")


def _list_rest(text: str, pos: int, kind: str, level: str, gaz: Gazetteer) -> list[PlaceMention]:
    """The units listed after the one that ends at ``pos`` ("A, B và C", "A - B"): each next name
    must be a unit of ``level``.  A capitalized name that is none (a misspelling: "các huyện Đắk Mil,
    Chư Jút, Krông Nô") is skipped when a unit of the level follows it in the same list, so one
    unknown item does not end the list."""
    out = []
    while sep := _LIST_SEP.match(text, pos):
        nxt = _longest_unit(text, sep.end(), kind, level, gaz, require_cap=True)
        if nxt is None:
            item = _CAP_ITEM.match(text, sep.end())
            sep2 = _LIST_SEP.match(text, item.end()) if item else None
            if sep2 is None or _longest_unit(text, sep2.end(), kind, level, gaz, require_cap=True) is None:
                break
            pos = item.end()  # an unknown name between two units of the list
            continue
        pos, n2 = nxt
        out.append(PlaceMention(n2, Span(sep.end(), pos, text[sep.end():pos]), level, kind))
    return out


def find_bare_provinces(text: str, gaz: Gazetteer, taken: list[Span]) -> list[PlaceMention]:
    """Province names written without a type word ("truyền hình Hà Nội", "Đắk Nông").

    Only capitalized runs that are exactly a province's short name count, and
    not inside a span already taken by a typed mention.
    """
    out = []
    for m in _CAP_RUN.finditer(text):
        words = m.group(0).split(" ")
        # try every sub-run that starts at a word boundary, longest first
        i = 0
        starts = [m.start()]
        for w in words[:-1]:
            starts.append(starts[-1] + len(w) + 1)
        while i < len(words):
            found = None
            if not gaz.starts_name(words[i], "province"):
                i += 1
                continue
            for j in range(min(len(words), i + 4), i, -1):
                name = " ".join(words[i:j])
                if gaz.lookup(name, "province"):
                    found = (j, name)
                    break
            if found:
                j, name = found
                s = starts[i]
                e = s + len(name)
                if not any(t.start <= s < t.end for t in taken) and not _looks_like_person(name) \
                        and not _name_goes_on(words[j:]):
                    out.append(PlaceMention(name, Span(s, e, name), "province", ""))
                i = j
            else:
                i += 1
    return out


_TP_ALIAS = re.compile(r"(?<![" + LETTER + r"])(?:TP\.?\s?)([A-Z]{2,4})(?![" + LETTER + r"])")


def find_city_aliases(text: str, gaz: Gazetteer) -> list[PlaceMention]:
    """Cities written as "TP" + the dataset's abbreviation: "TPHCM", "TP.HCM", "TP. HCM", "TP HN"."""
    out = []
    for m in _TP_ALIAS.finditer(text):
        unit = gaz.by_alias(m.group(1))
        if unit is not None:
            out.append(PlaceMention(unit.short, Span(m.start(), m.end(), m.group(0)), "province", "thành phố"))
    return out


def find_bare_units(text: str, gaz: Gazetteer, taken: list[Span]) -> list[PlaceMention]:
    """Unit names written without a type word where the syntax says they are places:
    after "ở"/"tại" ("khai thác than bùn ở Đắk Song"), or right before a typed unit that
    contains them ("ở Đắk R'moan thị xã Gia Nghĩa"), and the two ends of a road named after
    them ("tuyến đường Ân Hữu - Đak Mang").  Level is left open ("" ): the
    resolver accepts them only when the name is unique inside the report's own area."""
    out = []
    for m in _LOCATIVE.finditer(text):
        if any(t.start <= m.end() < t.end for t in taken):
            continue
        for lv in ("district", "commune"):
            hit = _longest_unit(text, m.end(), "", lv, gaz, require_cap=True)
            if hit:
                end, name = hit
                if not _looks_like_person(name):
                    out.append(PlaceMention(name, Span(m.end(), end, name), "", ""))
                break
    for m in _ROAD.finditer(text):
        # "tuyến đường Ân Hữu - Đak Mang": a road named by its two ends, each a whole unit name
        # (not "đường Hồ Chí Minh", "đường Trường Chinh - Cộng Hòa" unless both are units)
        ends = []
        for pos in (m.start(1), m.start(2)):
            hit = None if any(t.start <= pos < t.end for t in taken) else next(
                (h for lv in ("district", "commune") if (h := _longest_unit(text, pos, "", lv, gaz, require_cap=True))), None)
            ends.append(hit)
        if all(h is not None and h[0] == e and not _named_after_person(h[1]) for h, e in zip(ends, (m.end(1), m.end(2)))):
            out += [PlaceMention(name, Span(pos, end, name), "", "") for (end, name), pos in zip(ends, (m.start(1), m.start(2)))]
    return out


_ADDRESS = re.compile(r"(?<![" + LETTER + r"])(" + CAP_NAME + r"), (" + CAP_NAME + r")(?:, (" + CAP_NAME + r"))?(?![" + LETTER + r"'’])")


def find_address_chains(text: str, gaz: Gazetteer, taken: list[Span]) -> list[PlaceMention]:
    """Units written without type words in an address, smallest first: "Diễn Thịnh, Diễn Châu,
    Nghệ An" (commune, district, province) or "Diễn Châu, Nghệ An" (district, province).

    A chain counts only when the gazetteer confirms it: the last name is a province, the one
    before it one of that province's districts, and the first (of three) one of that district's
    communes (else only the district is kept).  The commune and the district get their level; the province is left to
    :func:`find_bare_provinces`.  Names inside ``taken`` spans are skipped.
    """
    out = []
    for run in _CAP_RUN.finditer(text):
        m = _ADDRESS.match(text, run.start())
        if m is None or (run.start() and text[run.start() - 1] not in " \n\t(:;,"):
            continue
        names = [g for g in m.groups() if g is not None]
        provinces = gaz.lookup(names[-1], "province")
        if not provinces:
            continue
        dists = [d for d in gaz.lookup(names[-2], "district") if any(gaz.within(d, p) for p in provinces)]
        if len(dists) != 1:
            continue
        found = [(m.start(len(names) - 1), names[-2], "district")]
        if len(names) == 3 and any(gaz.within(c, dists[0]) for c in gaz.lookup(names[0], "commune")):
            found.insert(0, (m.start(1), names[0], "commune"))
        for start, name, level in found:
            if not any(t.start <= start < t.end for t in taken):
                out.append(PlaceMention(name, Span(start, start + len(name), name), level, ""))
    return out


# "huyện Vĩnh Thạnh 24,59%, TP Quy Nhơn 23,6%, Phù Mỹ 23,54%": a figure, a comma, then the next unit
_FIGURE_THEN_COMMA = re.compile(r"\s+(?:đạt\s+|với\s+)?\d[\d.,]*\s*(?:%|[" + LOWER + r"]+(?: [" + LOWER + r"]+)?)?\s*,\s*(?:và\s+)?")
_FIGURE_NEXT = re.compile(r"\s+(?:đạt\s+|với\s+)?\d")


def find_figure_lists(text: str, gaz: Gazetteer, typed: list[PlaceMention], taken: list[Span]) -> list[PlaceMention]:
    """Units written without a type word inside a list of "unit figure" items whose other items
    carry one: "huyện Phù Cát đạt 26,32%, TP Quy Nhơn 23,6%, Phù Mỹ 23,54%" gives "Phù Mỹ".

    After each unit written with its type word (``typed``), the list goes on
    while a figure and a comma are followed by a capitalized unit name of the district or commune
    level that is itself followed by a figure.  The level is the one the name has in the gazetteer;
    the resolver keeps it only inside the report's area.  Names inside ``taken`` are skipped.
    """
    out = []
    for m in typed:
        if not m.kind:
            continue  # a bare name ("nhiệt điện Thái Bình 2, Long Phú 1") starts no list of units
        pos = m.span.end
        while (fm := _FIGURE_THEN_COMMA.match(text, pos)) is not None:
            hit = None
            for lv in ("district", "commune"):
                h = _longest_unit(text, fm.end(), "", lv, gaz, require_cap=True)
                if h is not None and _FIGURE_NEXT.match(text, h[0]):
                    hit = (h[0], h[1], lv)
                    break
            if hit is None:
                break
            end, name, lv = hit
            if not any(t.start <= fm.end() < t.end for t in taken) and not _named_after_person(name):
                out.append(PlaceMention(name, Span(fm.end(), end, name), lv, ""))
            pos = end
    return out


def _named_after_person(name: str) -> bool:
    """A name of two or more syllables starting with a family name ("Nguyễn Trãi", "Lê Lợi"):
    as the end of a road it is a street named after a person, not a commune."""
    from kg.extract.persons import has_surname

    return len(name.split(" ")) >= 2 and has_surname(name)


def _name_goes_on(rest: list[str]) -> bool:
    """True when the capitalized run goes on after a bare province name with a syllable that starts
    no person's name: the province name is then part of a longer proper name ("chiến thắng Điện
    Biên Phủ", a battle; "báo Hà Nội Mới", a newspaper), not the province.  A family name after it
    starts the name of a person the title before named ("Đắk Nông Nguyễn Văn An")."""
    from kg.extract.persons import has_surname

    return bool(rest) and not has_surname(rest[0])


def _looks_like_person(name: str) -> bool:
    """A bare name of three or more syllables that starts with a family name is a person
    ("phong cách Hồ Chí Minh"), not the province of the same name (written with "TP." or
    "thành phố" when meant, which :func:`find_places` reads)."""
    from kg.extract.persons import has_surname

    return len(name.split(" ")) >= 3 and has_surname(name)


_SPACE_THEN_WORD = re.compile(r" (?=\S)")


def _longest_unit(text: str, pos: int, kind: str, level: str, gaz: Gazetteer, require_cap: bool = False) -> tuple[int, str] | None:
    """Longest run of 1–5 syllables at ``pos`` naming a unit of ``level`` (or ``kind``)."""
    syls = []
    p = pos
    for _ in range(5):
        m = _SYL.match(text, p)
        if not m:
            break
        syls.append(m)
        sp = _SPACE_THEN_WORD.match(text, m.end(), m.end() + 2)  # (endpos: the lookahead sees one character)
        if not sp:
            break
        p = m.end() + 1
    if not syls or not (syls[0].group(0)[0].isupper() or syls[0].group(0)[0].isdigit()):
        return None
    levels = ("province", "district") if kind == "thành phố" else (level,)
    for k in range(len(syls), 0, -1):
        end = syls[k - 1].end()
        name = text[pos:end]
        if require_cap and not all(s.group(0)[0].isupper() or s.group(0)[0].isdigit() for s in syls[:k]):
            continue
        if any(gaz.lookup(name, lv) for lv in levels):
            return end, name
    return None

