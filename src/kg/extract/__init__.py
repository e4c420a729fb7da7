"""Stage 3: :class:`kg.model.Report` → :class:`kg.model.Extraction` (mentions with spans).

Rule-based, driven by the SKOS lexicons of ``ontology/`` (roles, organization
types, indicators; loaded by :mod:`kg.lexicon`) and the gazetteer of
administrative units (:mod:`kg.gazetteer`).  Each extractor is a function of
the normalized text; none reads raw text or writes RDF.

Why no statistical NER: generic Vietnamese NER (underthesea, GPL-3.0) tags
"đồng chí Nguyễn Tiến Minh" as a location on this genre and costs about 0.6 s
per report; the lexicons and the gazetteer decide entity boundaries better
(see ``bench/extract.py`` for the measured comparison).
"""

from __future__ import annotations

import re

from kg.extract.events import find_events
from kg.extract.orgs import find_credited_sources, find_news_outlets, find_orgs
from kg.extract.patterns import sentences
from kg.extract.persons import find_byline, find_persons, find_photo_credits
from kg.extract.places import (find_address_chains, find_bare_provinces, find_bare_units, find_city_aliases,
                               find_figure_lists, find_places)
from kg.extract.stats import find_observations
from kg.gazetteer import era_for, load_gazetteer
from kg.lexicon import Lexicon, load_lexicon
from kg import text as vt
from kg.model import EventMention, Extraction, OrgMention, PersonMention, Report, Span


_CHAIR = re.compile(r"(?:đồng )?chủ trì")


def _attach_chairs(events: list[EventMention], persons: list[PersonMention], sents: list[Span]) -> None:
    """Persons named in a sentence that says they chair ("A và B đồng chủ trì hội nghị") chair
    the event of that sentence, or else the last event named before it."""
    for sent in sents:
        if not _CHAIR.search(sent.text):
            continue
        names = [p.name for p in persons if sent.start <= p.span.start < sent.end]
        if not names:
            continue
        here = [e for e in events if e.sentence == sent]
        before = [e for e in events if e.sentence.start < sent.start]
        target = here[0] if here else (before[-1] if before else None)
        if target is not None:
            target.chairs.extend(n for n in names if n not in target.chairs)


def _attach_heads(lex: Lexicon, persons: list[PersonMention], orgs: list[OrgMention]) -> None:
    """Give a head's title without a body ("… Nguyễn Hữu Hiệp làm Trưởng đoàn") the body the
    sentence names before it whose type word the title ends with ("Đoàn kiểm toán … Trưởng
    đoàn", "Ban Chỉ đạo … Phó Trưởng ban").  Posts change in place."""
    for p in persons:
        for post in p.posts:
            if post.org is not None:
                continue
            head = vt.fold(lex.role(post.role).label_vi).split(" ")[-1]
            if head not in _HEAD_WORDS:
                continue
            before = [o for o in orgs if p.sentence.start <= o.span.start < post.span.start
                      and vt.fold(lex.org_type(o.org_type).label_vi).split(" ")[0] == head]
            if before:
                post.org = before[-1]


#: The party committee of each kind of unit (Điều lệ Đảng: tỉnh ủy, thành ủy, huyện ủy, quận ủy,
#: thị ủy; đảng ủy for communes, wards and towns).
_COMMITTEE_OF_KIND = {"tỉnh": "tinh-uy", "thành phố": "thanh-uy", "huyện": "huyen-uy", "quận": "quan-uy",
                      "thị xã": "thi-uy", "xã": "dang-uy", "phường": "dang-uy", "thị trấn": "dang-uy"}
_BARE_KIND_END = re.compile(r"(?<!\S)(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)$", re.IGNORECASE)
_PARTY_TITLES = ("bi-thu", "pho-bi-thu", "pho-bi-thu-thuong-truc")


def _attach_party_committees(persons: list[PersonMention]) -> None:
    """A bare party title in a chain ("Lê Văn Thị - Phó Bí thư – CT UBND huyện Đắk R'lấp") is
    held in the party committee of the unit the next post names: the Huyện ủy of that
    district; with the unit named by its kind alone ("Phó Bí thư, Chủ tịch UBND huyện") the
    committee of that level of the report's own unit (not for communes, whose name it needs).
    Posts change in place."""
    for p in persons:
        for k, post in enumerate(p.posts):
            if post.org is not None or post.role not in _PARTY_TITLES:
                continue
            nxt = next((q.org for q in p.posts[k + 1:] if q.org is not None and q.org.place is not None), None)
            committee = _COMMITTEE_OF_KIND.get(nxt.place.kind) if nxt is not None else None
            if nxt is None:
                # "Phó Bí thư, Chủ tịch UBND huyện": the unit is the report's own, named by its kind
                # alone; a commune's party committee needs the commune's name (which commune is not said)
                bare = next((b for q in p.posts[k + 1:] if q.org is not None
                             and (b := _BARE_KIND_END.search(q.org.span.text))), None)
                committee = _COMMITTEE_OF_KIND.get(bare.group(1).lower()) if bare else None
                committee = None if committee == "dang-uy" else committee
            if committee is not None:
                post.org = OrgMention(committee, post.span, nxt.place if nxt else None, implied=True)


def _attach_bare_titles(persons: list[PersonMention]) -> None:
    """A bare title in a chain whose body is named only at the chain's end ("Đại tá Trần Văn A,
    Phó Tư lệnh, Bí thư Đảng ủy Binh đoàn 15") is held in that body: the body the next post names,
    or the body its party committee belongs to ("Đảng ủy Binh đoàn 15" → "Binh đoàn 15").  Party
    titles are left to :func:`_attach_party_committees`; a next post in a party committee of no
    named body gives nothing.  Posts change in place."""
    for p in persons:
        for k, post in enumerate(p.posts):
            if post.org is not None or post.role in _PARTY_TITLES:
                continue
            nxt = next((q.org for q in p.posts[k + 1:] if q.org is not None), None)
            if nxt is None:
                continue
            if nxt.parent is not None:
                post.org = nxt.parent
            elif nxt.org_type not in _PARTY_COMMITTEES:
                post.org = nxt


#: Party committees (their titles are party titles: a bare state title is not held in them).
_PARTY_COMMITTEES = frozenset(_COMMITTEE_OF_KIND.values())


#: The last word of a head's title that is also the first word of the body's type ("Trưởng đoàn" → "Đoàn …").
_HEAD_WORDS = ("đoan", "ban", "phong")


def _outermost(orgs: list[OrgMention]) -> list[OrgMention]:
    """Drop a mention inside a longer one of the same type (a credit line "Nguồn: Báo Đắk Nông
    điện tử" is also read as "Báo Đắk Nông" by the type-word reader) and a second mention of the
    same words (the first reader wins: find_orgs, then credits, then outlets), order kept."""
    seen: set[tuple[int, int]] = set()
    out = []
    for o in orgs:
        if (o.span.start, o.span.end) in seen:
            continue  # the same words read twice ("đài Truyền hình Việt Nam": a known body and an outlet)
        if any(p is not o and p.org_type == o.org_type and p.span.start <= o.span.start and o.span.end <= p.span.end
               and (p.span.end - p.span.start) > (o.span.end - o.span.start) for p in orgs):
            continue
        seen.add((o.span.start, o.span.end))
        out.append(o)
    return out


def extract(report: Report, lexicon: Lexicon | None = None) -> Extraction:
    """Extract persons, posts, organizations, places, events and observations from one report.

    Args:
        report: a normalized report (see :func:`kg.read.read_report`).
        lexicon: the vocabulary; default :func:`kg.lexicon.load_lexicon` of the bundled ``ontology/``.

    Returns:
        an :class:`Extraction` whose spans are offsets into ``report.text``.
    """
    lex = lexicon or load_lexicon()
    gaz = load_gazetteer(era_for(report.date))
    text = report.text
    sents = sentences(text)
    places = find_places(text, gaz)
    orgs = _outermost(find_orgs(lex, gaz, text) + find_credited_sources(lex, text) + find_news_outlets(text))
    taken = [p.span for p in places] + [o.place.span for o in orgs if o.place]
    places += find_bare_provinces(text, gaz, taken)
    places += find_city_aliases(text, gaz)
    places += find_figure_lists(text, gaz, list(places), taken + [p.span for p in places])
    places += find_address_chains(text, gaz, taken + [p.span for p in places])
    places += find_bare_units(text, gaz, taken + [p.span for p in places])
    places += [o.place for o in orgs if o.place is not None]
    places.sort(key=lambda p: p.span.start)
    persons = find_persons(lex, gaz, text, sents)
    authors = []
    author_starts = set()
    for name, span in find_byline(text) + find_photo_credits(text, sents):
        if span.start in author_starts:
            continue
        author_starts.add(span.start)
        authors.append(PersonMention(name, span, span, [], is_author=True))
    persons = [p for p in persons if p.span.start not in author_starts]
    _attach_heads(lex, persons, orgs)
    _attach_party_committees(persons)
    _attach_bare_titles(persons)
    for p in persons:
        for post in p.posts:
            if post.org is not None:
                orgs.append(post.org)
    events = find_events(text, sents, orgs, report.ref_date)
    _attach_chairs(events, persons, sents)
    observations = find_observations(lex, text, sents, report.ref_date)
    return Extraction(report, persons, orgs, places, events, observations, authors, sents)
