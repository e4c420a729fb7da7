"""Stage 4: mentions → entities with GSO codes and stable keys.

Identity rules (the IRIs built from these keys are listed in ``docs/model.md``):

* an administrative unit is its GSO code, chosen from the gazetteer in the
  report's own context: the province and district the report is about (those
  with the most mentions, counting the units inside them).  A name shared by
  units in several provinces resolves only to the one inside the context, and a
  commune is never taken from a province the report does not mention;
* an organization is its type plus the code of its area ("Huyện ủy" of 279);
  national bodies use "vn".  A type written without a place means the report's
  own area at the type's level ("Huyện ủy" in a district report);
* a person is the normalized name plus the area code of their first office
  (the report's key when they hold none), never a counter;
* a post is organization + role; an event is kind + organizer + date or ordinal;
  an observation is report + the offset of its figure.  Its area is the report's own
  area; a report that names no area we can resolve gives no observations, and a figure
  whose period neither the text nor the report's date tells is left out (never a guess).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kg import text as vt
from kg.gazetteer import AdminUnit, Gazetteer, era_for, load_gazetteer
from kg.lexicon import Lexicon, OrgType, load_lexicon
from kg.extract.patterns import sentence_at
from kg.model import Extraction, OrgMention, PlaceMention, Report, Span


@dataclass
class Area:
    """A resolved administrative unit: ``unit`` from the gazetteer plus the text's spellings."""

    unit: AdminUnit
    alt_labels: set[str] = field(default_factory=set)
    evidence: list[Span] = field(default_factory=list)

    @property
    def key(self) -> str:
        """``"279"`` (pre-2025 code) or ``"2025/10207"`` (a code of the 2025 units)."""
        return self.unit.code if self.unit.era == "legacy" else f"2025/{self.unit.code}"


@dataclass
class Org:
    """A resolved organization.  key: ``"huyen-uy/279"``; area_key None for national bodies."""

    key: str
    org_type: OrgType
    label: str
    area_key: str | None
    alt_labels: set[str] = field(default_factory=set)
    term_ordinal: int | None = None
    evidence: list[Span] = field(default_factory=list)
    parent_key: str | None = None


@dataclass
class Person:
    """A resolved person.  key: ``"nguyen-tien-minh/279"``."""

    key: str
    name: str
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Post:
    """A role held by a person in an organization (``membership`` for Ủy viên-type seats)."""

    key: str
    person_key: str
    org_key: str
    role_key: str
    membership: bool
    label: str
    evidence: list[Span] = field(default_factory=list)
    written: set[str] = field(default_factory=set)


@dataclass
class Event:
    """A resolved event.  term: (first year, last year) of the nhiệm kỳ."""

    key: str
    kind: str
    name: str
    date: date | None
    ordinal: int | None
    term: tuple[int, int] | None
    organizer_key: str | None
    location_key: str | None
    chair_keys: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    month: str | None = None


@dataclass
class Observation:
    """A resolved statistic; value in base units of ``unit`` (a ``units.ttl`` key: VND, percent, person …)."""

    key: str
    indicator_key: str
    value: Decimal
    unit: str
    area_key: str | None
    period: tuple[date, date] | None
    label: str
    evidence: Span
    percent_of_plan: Decimal | None = None
    percent_of_standard: Decimal | None = None
    change_pct: Decimal | None = None
    denominator: Decimal | None = None
    qualifier: str | None = None
    change_of: str | None = None
    share: Decimal | None = None


@dataclass
class ResolvedReport:
    """Everything one report states, with stable keys; input of :func:`kg.emit.emit`."""

    report: Report
    areas: dict[str, Area] = field(default_factory=dict)
    orgs: dict[str, Org] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    posts: dict[str, Post] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)
    author_keys: list[str] = field(default_factory=list)
    home_key: str | None = None


_UNIT_KEYS = {"%": "percent"}
#: "Tại điểm cầu Đắk Nông": the bridge point of an online conference that the report covers (a
#: conference held "tại Hà Nội" by a central body is followed at each province's điểm cầu, and a
#: local portal reports its own), so the unit named there counts once more for the report's area.
_BRIDGE_POINT = re.compile(r"điểm cầu (?:(?:tỉnh|huyện|thành phố|thị xã|TP\.?) )?$", re.IGNORECASE)
# type words at the end of a body's written name ("UBND huyện"), folded, by level
_KIND_ENDINGS = [
    (lv, tuple(" " + vt.fold(w) for w in words))
    for lv, words in (("province", ("tỉnh", "thành phố")), ("district", ("huyện", "quận", "thị xã")), ("commune", ("xã", "phường", "thị trấn")))
]
_COMMITTEE_SUFFIX = ("ủy", "uỷ")


def resolve(ex: Extraction, lexicon: Lexicon | None = None) -> ResolvedReport:
    """Resolve one report's mentions (see the module docstring for the identity rules).

    Mentions that cannot be resolved with confidence (a place name that is not
    unique in the report's context, an organization with no area) are dropped,
    never guessed.
    """
    lex = lexicon or load_lexicon()
    rep = ex.report
    gaz = load_gazetteer(era_for(rep.date))
    rr = ResolvedReport(rep)
    placed = _resolve_places(ex.places, gaz)
    for pm, unit in placed.values():
        sentence = _sentence_of(ex.sentences, pm.span)
        for u in [unit, *gaz.ancestors(unit)]:
            # a unit named in the text, or the parent that naming it implies: same evidence
            area = rr.areas.setdefault(_area_key(u), Area(u))
            area.evidence.append(sentence)
            if u is unit:
                area.alt_labels.add(pm.name)
    home_prov, home_dist = _home([u for pm, u in placed.values()
                                  for _ in range(2 if _BRIDGE_POINT.search(rep.text, max(0, pm.span.start - 24), pm.span.start) else 1)],
                                 gaz)
    home = home_dist or home_prov
    rr.home_key = _area_key(home) if home else None
    by_span = {span: unit for span, (_, unit) in placed.items()}
    communes = list({u.code: u for u in by_span.values() if u.level == "commune"}.values())

    def org_of(om: OrgMention | None) -> Org | None:
        if om is None:
            return None
        ot = lex.org_type(om.org_type)
        area: AdminUnit | None = None
        scope = None
        parent = org_of(om.parent) if om.parent is not None else None
        if om.place is not None and by_span.get(om.place.span) is not None:
            area = by_span[om.place.span]
        elif parent is not None:
            # "Ban Thường vụ Tỉnh ủy", "Ban Phát triển kinh tế Hội LHPN tỉnh": a body of a body is of
            # its parent's unit (the province), not of the report's own district at the child's type level
            area = rr.areas[parent.area_key].unit if parent.area_key else None
            scope = parent.key.rsplit("/", 1)[-1] if parent.area_key is None else None
        elif ot.level == "national" or om.national or (not ot.needs_place and not (om.name and ot.needs_name)):
            # a body of no place, even when named by a number ("Đoàn Thanh tra số 716"); a school,
            # which needs a name, is the report's district's
            area = None
        else:
            area = _default_area(ot, om, home_prov, home_dist)
            if area is None and _names_unnamed_commune(om):
                area = _only_commune(om, communes, rep.text)
                if area is None:
                    return None  # "14 UBND xã": communes in general, not one body
            if area is None:
                # no area we can name: the body is still a fact of this report, keyed by it
                scope = f"r-{rep.key.replace('/', '-')}"
        akey = _area_key(area) if area else None
        where = akey.replace("/", "-") if akey else (scope or "vn")
        if om.name and parent is not None and om.place is None:
            # a named commission of another body: "Ban Phát triển kinh tế Hội Liên hiệp Phụ nữ tỉnh …"
            label = f"{om.name} {parent.label}"
            key = f"{ot.key}/{vt.slug(om.name)}/{parent.key}"
        elif om.name:
            label = om.name if om.place is not None or area is None else f"{om.name} {area.kind} {area.short}"
            key = f"{ot.key}/{vt.slug(_name_key(ot, om.name))}/{where}"
        elif parent is not None:
            # a body of another body: "Ban Tuyên giáo Tỉnh ủy Đắk Nông"
            label = f"{ot.label_vi.removesuffix(' cấp ủy')} {parent.label}"  # "Văn phòng Huyện ủy …"
            key = f"{ot.key}/{parent.key}"
        elif om.national and area is None and ot.level != "national":
            # "Ban Dân vận Trung ương": the Central Committee's commission (orgs._CENTRAL)
            label = f"{ot.label_vi} Trung ương"
            key = f"{ot.key}/vn"
        else:
            label = _org_label(ot, area)
            key = f"{ot.key}/{where}"
        org = rr.orgs.get(key)
        if org is None:
            org = Org(key, ot, label, akey, parent_key=parent.key if parent else None)
            rr.orgs[key] = org
        if area is not None:
            # the body's area is a fact of the sentence that names the body
            for u in [area, *gaz.ancestors(area)]:
                rr.areas.setdefault(_area_key(u), Area(u)).evidence.append(_sentence_of(ex.sentences, om.span))
        if not om.implied:  # a title or a sentence that implies a body is none of its names
            org.alt_labels.add(om.span.text)
        org.evidence.append(_sentence_of(ex.sentences, om.span))
        if om.term_ordinal:
            # several khóa of one committee in a report (past resolutions, the current term):
            # the committee as it stands is the latest
            org.term_ordinal = max(org.term_ordinal or 0, om.term_ordinal)
        return org

    for om in ex.orgs:
        org_of(om)

    for pm in ex.persons:
        orgs = [org_of(p.org) for p in pm.posts]
        first_area = next((o.area_key for o in orgs if o is not None and o.area_key), None)
        pkey = f"{vt.slug(pm.name)}/{_person_scope(first_area, rr, gaz, rep)}"
        person = _person(rr, pkey, pm.name, pm.sentence)
        for post_m, org in zip(pm.posts, orgs):
            if org is None:
                continue
            role = lex.role(post_m.role)
            if role.is_membership:
                key = f"{person.key}/{org.key}/{role.key}"
            else:
                key = f"{org.key}/{role.key}"
                held = rr.posts.get(key)
                if held is not None and held.person_key != person.key:
                    # several holders of one title (the deputies of a body): one post each
                    key = f"{key}/{person.key}"
            post = rr.posts.get(key)
            if post is None:
                post = Post(key, person.key, org.key, role.key, role.is_membership, f"{role.label_vi} {org.label}")
                rr.posts[key] = post
            post.evidence.append(pm.sentence)
            post.written.add(post_m.span.text)
    for am in ex.authors:
        pkey = f"{vt.slug(am.name)}/{rep.key}"
        _person(rr, pkey, am.name, am.span)
        if pkey not in rr.author_keys:
            rr.author_keys.append(pkey)

    for em in ex.events:
        org = org_of(em.organizer)
        if em.kind == "congress" and org is None and "toàn quốc" in em.name.lower():
            org = org_of(OrgMention(_national_party(lex), em.sentence, None, None, national=True, implied=True))
        anchor = em.date.isoformat() if em.date else (str(em.ordinal) if em.ordinal else em.month)
        if anchor is None:
            continue
        owner = org.key if org else f"report-{rep.key.replace('/', '-')}"
        key = f"{em.kind}/{owner}/{anchor}"
        ev = rr.events.get(key)
        if ev is None:
            loc = org.area_key if org and org.area_key else (rr.home_key if not (org and org.area_key is None) else None)
            ev = Event(key, em.kind, em.name, em.date, em.ordinal, em.term, org.key if org else None, loc, month=em.month)
            rr.events[key] = ev
        ev.term = ev.term or em.term
        ev.evidence.append(em.sentence)
        for name in em.chairs:
            chair = next((p for p in rr.persons.values() if vt.fold(p.name) == vt.fold(name)), None)
            if chair is not None and chair.key not in ev.chair_keys:
                ev.chair_keys.append(chair.key)

    for om in ex.observations:
        if rr.home_key is None:
            break  # a statistic needs its area; a report that names none gives no statistics
        if om.period is None:
            continue  # nor a statistic whose period neither the text nor the report date tells
        rr.observations.append(
            Observation(
                key=f"{rep.key}/{om.span.start}",
                indicator_key=om.indicator,
                value=om.value,
                unit=_UNIT_KEYS.get(om.unit, om.unit),
                area_key=rr.home_key,
                period=om.period,
                label=om.label,
                evidence=om.sentence,
                percent_of_plan=om.percent_of_plan,
                percent_of_standard=om.percent_of_standard,
                change_pct=om.change_pct,
                denominator=om.denominator,
                qualifier=om.qualifier,
                change_of=f"{rep.key}/{om.change_of.start}" if om.change_of else None,
                share=om.share,
            )
        )
    return rr


def _person_scope(area_key: str | None, rr: ResolvedReport, gaz: Gazetteer, rep: Report) -> str:
    """The place part of a person's key: the province of their first office, else the province
    the report is about, else the report itself.  Provinces, not districts: the same official
    is named with a district post in one report and a provincial one in the next."""
    for key in (area_key, rr.home_key):
        if key and key in rr.areas:
            unit = rr.areas[key].unit
            return unit.province if unit.era == "legacy" else f"2025-{unit.province}"
    return rep.key.replace("/", "-")


def _sentence_of(sents: list[Span], span: Span) -> Span:
    """The sentence around ``span`` (the extractor's sentences): the evidence of a fact."""
    return sentence_at(sents, span.start)

def _person(rr: ResolvedReport, key: str, name: str, evidence: Span) -> Person:
    # the same name in one report is one person, whatever office it was keyed by first
    same = next((p for p in rr.persons.values() if vt.fold(p.name) == vt.fold(name)), None)
    if same is not None:
        same.evidence.append(evidence)
        return same
    person = Person(key, name, [evidence])
    rr.persons[key] = person
    return person


def _area_key(u: AdminUnit) -> str:
    return u.code if u.era == "legacy" else f"2025/{u.code}"


def _name_key(ot, name: str) -> str:
    """The written name of a named body with its type's abbreviation at the start written out, for its
    IRI: "HTX Đắk Tân" and "Hợp tác xã Đắk Tân" are one cooperative (``kg:abbreviation`` of the type,
    org-types.ttl); other names as written."""
    for abbr in ot.abbreviations:
        if name.startswith(abbr + " "):
            return ot.label_vi + name[len(abbr):]
    return name


def _org_label(ot: OrgType, area: AdminUnit | None) -> str:
    """"Huyện ủy Thường Tín", "Ủy ban nhân dân huyện Thường Tín", "Bộ Chính trị"."""
    if area is None:
        return ot.label_vi
    if ot.label_vi.endswith(_COMMITTEE_SUFFIX):
        return f"{ot.label_vi} {area.short}"
    return f"{ot.label_vi} {area.kind} {area.short}"


def _national_party(lex: Lexicon) -> str:
    for ot in lex.org_types:
        if ot.category == "party" and ot.level == "national" and ot.key.startswith("dang"):
            return ot.key
    return "ban-chap-hanh-trung-uong"


def _written(om: OrgMention) -> str:
    """The folded words of a body's mention, with the kind of unit its list shares ("UBND" in
    "Đảng ủy-UBND-UBMTTQ thị trấn" is written "UBND thị trấn")."""
    return vt.fold(om.span.text + (" " + om.unit_kind if om.unit_kind else ""))


def _names_unnamed_commune(om: OrgMention) -> bool:
    """True for "UBND xã", "Đảng ủy xã" written without the commune's name."""
    words = _written(om)
    return any(words.endswith(ends) for lv, endings in _KIND_ENDINGS if lv == "commune" for ends in endings)


_COUNT_BEFORE = re.compile(r"(?:\d|các|những|mỗi|từng)\s*$", re.IGNORECASE)


def _only_commune(om: OrgMention, communes: list[AdminUnit], text: str) -> AdminUnit | None:
    """The commune a bare "UBND xã", "Đảng ủy thị trấn" means: the one commune-level unit of the kind
    written that the report names ("Phó Chủ tịch UBND thị trấn" in a report on a town that also names
    a neighbouring xã: the town's).  None when the report names none or several of that kind, or the
    mention counts bodies ("14 UBND xã", "các UBND xã")."""
    written = _written(om)
    of_kind = [u for u in communes if written.endswith(" " + vt.fold(u.kind))]
    if len(of_kind) != 1 or _COUNT_BEFORE.search(text, max(0, om.span.start - 12), om.span.start):
        return None
    return of_kind[0]


def _default_area(ot: OrgType, om: OrgMention, prov: AdminUnit | None, dist: AdminUnit | None) -> AdminUnit | None:
    """The report's own unit at the org type's level ("Huyện ủy" → the home district)."""
    level = ot.level
    words = _written(om)
    if level is None:
        last = next((lv for lv, ends in _KIND_ENDINGS if words.endswith(ends)), None)
        if last == "province":
            level = "province"
        elif last == "district":
            level = "district"
        elif last == "commune":
            return None  # "UBND xã" with no name: which commune is not said
        else:
            level = "district" if dist else "province"
    if ot.key == "thanh-uy":
        if prov is not None and prov.kind == "thành phố":
            return prov
        return dist if dist is not None and dist.kind == "thành phố" else None
    if level == "province":
        return prov
    if level == "district":
        return dist
    return None


def _resolve_places(mentions: list[PlaceMention], gaz: Gazetteer) -> dict[Span, tuple[PlaceMention, AdminUnit]]:
    """Pick one unit per mention (keyed by its span), in context; drop mentions that stay ambiguous."""
    cands: dict[Span, list[AdminUnit]] = {}
    by_span = {pm.span: pm for pm in mentions}
    for pm in mentions:
        levels = [pm.level] if pm.level else ["district", "commune"]
        if pm.kind == "thành phố":
            levels = ["province", "district"]
        cs = [u for lv in levels for u in gaz.lookup(pm.name, lv)]
        if cs:
            cands[pm.span] = cs
    # context: provinces and districts supported by unambiguous mentions
    support: Counter[str] = Counter()
    for cs in cands.values():
        if len(cs) == 1:
            for u in [cs[0], *gaz.ancestors(cs[0])]:
                support[u.code] += 1
    # a second pass lets ambiguous names vote for provinces they all share
    for cs in cands.values():
        if len(cs) > 1:
            provs = {u.province for u in cs}
            if len(provs) == 1:
                support[next(iter(provs))] += 1
    out: dict[Span, tuple[PlaceMention, AdminUnit]] = {}
    for span, cs in cands.items():
        pm = by_span[span]
        if not pm.level:
            # a bare name: only a unit inside an area the report is about, and only one
            inside = [u for u in cs if any(support.get(a.code, 0) > 1 for a in gaz.ancestors(u))]
            if len(inside) == 1:
                out[span] = (pm, inside[0])
            continue
        if len(cs) == 1:
            u = cs[0]
            if u.level == "commune" and not any(a.code in support and support[a.code] > 1 for a in gaz.ancestors(u)):
                continue  # a lone commune of a province the report never mentions
            out[span] = (pm, u)
            continue
        scored = sorted(cs, key=lambda u: -max([support.get(a.code, 0) for a in gaz.ancestors(u)] + [0]))
        best = scored[0]
        best_score = max([support.get(a.code, 0) for a in gaz.ancestors(best)] + [0])
        second = max([support.get(a.code, 0) for a in gaz.ancestors(scored[1])] + [0])
        if best_score > 0 and best_score > second:
            out[span] = (pm, best)
    return out


def _home(units, gaz: Gazetteer) -> tuple[AdminUnit | None, AdminUnit | None]:
    """The province and district a report is about: most mentions, counting the units inside."""
    prov: Counter[str] = Counter()
    dist: Counter[str] = Counter()
    for u in units:
        chain = [u, *gaz.ancestors(u)]
        for a in chain:
            if a.level == "province":
                prov[a.code] += 1
            elif a.level == "district":
                dist[a.code] += 1
    d = None
    if dist:
        (top, n), *rest = dist.most_common(2) + [(None, 0)]
        if n > rest[0][1]:
            d = gaz.get(top)
    p = gaz.get(d.province) if d else None
    if p is None and prov:
        p = gaz.get(prov.most_common(1)[0][0])
    if d is not None and p is not None and prov and prov.most_common(1)[0][0] != p.code:
        # the report is about a province; its districts are only mentioned
        top_p = prov.most_common(1)[0][0]
        if prov[top_p] > dist[d.code]:
            p, d = gaz.get(top_p), None
    return p, d


__all__ = ["resolve", "ResolvedReport", "Area", "Org", "Person", "Post", "Event", "Observation", "era_for"]
