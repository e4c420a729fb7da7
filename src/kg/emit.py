"""Stage 5: :class:`kg.resolve.ResolvedReport` → RDF triples of the report's named graph and of the shared entities.

The model is documented in ``docs/model.md`` and formalized in ``ontology/``:
W3C ORG for organizations, posts and memberships; the RDF Data Cube with SDMX
dimensions, measures and attributes for statistics; OWL-Time for periods and
terms; PROV-O and NIF for provenance (every fact node has
``prov:wasDerivedFrom`` its report and ``kg:evidence`` the sentence, a
``nif:String`` with its character offsets in the normalized text);
schema.org for events and places; FOAF for persons; SKOS for the concept schemes.

Every numeric literal is built from a normalized decimal string (never from a
float), so SPARQL FILTERs compare numbers correctly.  No timestamps are written,
so the same input always gives the same triples.

The triples are split in two (:class:`ReportGraph`): what the report states goes to its own named
graph, which a rebuild replaces; the descriptions of the entities it names (places, organizations,
persons, the data set, the concepts) go to :data:`ENTITY_GRAPH`, which the store adds to as a set
union, so removing a report never removes a fact another report still supports. Posts, events and
periods, whose IRIs reports share, go to both (:func:`is_shared_fact`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from rdflib import Literal, URIRef

from kg.namespaces import (
    DCTERMS, FOAF, KG, KGD, KGI, KGQ, KGR, KGT, KGU, NIF, ORG, PROV, QB, RDF, RDFS, SDMX_ATT, SDMX_DIM,
    SDMX_MEA, SDO, SKOS, TIME, XSD,
)

from kg.lexicon import Lexicon, load_lexicon
from kg.store.base import ENTITY_GRAPH as STORE_ENTITY_GRAPH, SHARED_FACT_PREFIXES
from kg.model import Span
from kg.resolve import ResolvedReport

DATASET = KGD["dataset/reports"]
_LEVEL_CLASS = {"province": KG.Province, "district": KG.District, "commune": KG.Commune}
_ADMIN_LEVEL = {"province": KG.ProvinceLevel, "district": KG.DistrictLevel, "commune": KG.CommuneLevel}
_CATEGORY_CLASS = {"party": KG.PartyOrganization, "state": KG.StateBody, "mass": KG.MassOrganization}
_EVENT_CLASS = {"meeting": KG.Meeting, "session": KG.Session, "congress": KG.Congress, "ceremony": KG.Ceremony, "activity": KG.Activity}

Triple = tuple[URIRef, URIRef, URIRef | Literal]
_CONCEPT_LINKS = frozenset({ORG.role, KG.orgType, KG.indicator, SDMX_ATT.unitMeasure})

ENTITY_GRAPH = URIRef(STORE_ENTITY_GRAPH)
"""``kgd:graph/entities``: the one named graph that holds the descriptions of the shared entities
(places, organizations, persons, the data set, the SKOS concepts used), merged from every report."""

ENTITY_PREFIXES: tuple[str, ...] = (
    str(KGD) + "area/", str(KGD) + "org/", str(KGD) + "person/", str(KGD) + "dataset/",
    str(KGR), str(KGT), str(KGI), str(KGU), str(KGQ),
)
"""IRI prefixes of the entity nodes: administrative areas, organizations, persons, the data set and the
concepts of the lexicon schemes (roles, organization types, indicators, units, qualifiers)."""

REPORT_PREDICATES = frozenset({PROV.wasDerivedFrom, KG.evidence, ORG.holds, KG.termOrdinal})
"""Predicates that stay in the report graph even on an entity subject: what the report states *about*
the entity (its provenance and evidence span, the person's link to the report's post, and the
khóa a committee is in at the time of the report, which differs between reports)."""


@dataclass
class ReportGraph:
    """The RDF of one report, split in two (the rule: :func:`is_entity_triple`, docs/model.md).

    Attributes:
        graph: the report's named-graph IRI ``kgd:graph/{key}`` (a ``str``).
        triples: what the report states, written to ``graph`` (replacing it).
        entities: descriptions of the entities the report names, and its shared facts
            (:func:`is_shared_fact`, also in ``triples``), merged (set union) into
            :data:`ENTITY_GRAPH`; not removed with the report (``Store.prune_entities`` removes
            what no report supports any more).
    """

    graph: str
    triples: list[Triple]
    entities: list[Triple]


def is_entity_triple(s: URIRef, p: URIRef) -> bool:
    """True when ``(s, p, …)`` belongs to the entity graph: ``s`` starts with one of
    :data:`ENTITY_PREFIXES` and ``p`` is not one of :data:`REPORT_PREDICATES`."""
    return p not in REPORT_PREDICATES and str(s).startswith(ENTITY_PREFIXES)


def is_shared_fact(s: URIRef, p: URIRef) -> bool:
    """True when ``(s, p, …)`` is a report triple that is also merged into the entity graph: ``s``
    starts with one of :data:`SHARED_FACT_PREFIXES` and ``p`` is not one of :data:`REPORT_PREDICATES`."""
    return p not in REPORT_PREDICATES and str(s).startswith(SHARED_FACT_PREFIXES)


def split_entities(triples: Iterable[Triple]) -> tuple[list[Triple], list[Triple]]:
    """Partition ``triples`` into (report triples, entity triples) by :func:`is_entity_triple`, order
    kept; a triple of :func:`is_shared_fact` goes to both lists."""
    report: list[Triple] = []
    entities: list[Triple] = []
    # (the two tests inlined, with str.startswith on the URIRef itself: no str() copy, no call per
    # triple; URIRef.startswith would take the tuple of prefixes for one string; and made once per
    # subject, which has several triples: 0 report, 1 entity, 2 shared fact)
    kinds: dict[URIRef, int] = {}
    for t in triples:
        if t[1] in REPORT_PREDICATES:
            report.append(t)
            continue
        s = t[0]
        kind = kinds.get(s)
        if kind is None:
            kind = kinds[s] = (1 if str.startswith(s, ENTITY_PREFIXES)
                               else 2 if str.startswith(s, SHARED_FACT_PREFIXES) else 0)
        if kind == 1:
            entities.append(t)
        else:
            report.append(t)
            if kind == 2:
                entities.append(t)
    return report, entities


@lru_cache(maxsize=1 << 16)
def _lit(value: object, lang: str | None = None, datatype: URIRef | None = None) -> Literal:
    """``Literal(value, lang=lang, datatype=datatype)``, made once per distinct value: labels, codes,
    dates and character offsets repeat within and across reports, and rdflib terms are immutable."""
    return Literal(value, lang=lang, datatype=datatype)


@lru_cache(maxsize=1 << 16)
def _vi(text: str) -> Literal:
    """``Literal(text, lang="vi")``, made once per distinct text (labels and names repeat)."""
    return Literal(text, lang="vi")


_KGD_BASE = str(KGD)
_KGR_BASE, _KGI_BASE, _KGU_BASE, _KGQ_BASE = str(KGR), str(KGI), str(KGU), str(KGQ)


@lru_cache(maxsize=1 << 12)
def _iri(iri: str) -> URIRef:
    """``URIRef(iri)``, made once per distinct IRI: the concepts a report links to (``KGR[key]``,
    ``KGI[key]``, ``KGU[key]``, ``KGQ[key]``, an organization type's IRI) repeat in every report."""
    return URIRef(iri)


@lru_cache(maxsize=1 << 16)
def _kgd(local: str) -> URIRef:
    """``kgd:{local}`` (``KGD[local]``), made once per distinct IRI."""
    return URIRef(_KGD_BASE + local)


def report_iri(key: str) -> URIRef:
    """``kgd:report/{key}``."""
    return _kgd(f"report/{key}")


def graph_iri(key: str) -> URIRef:
    """The named graph of a report: ``kgd:graph/{key}``."""
    return _kgd(f"graph/{key}")


def area_iri(key: str) -> URIRef:
    """``kgd:area/{GSO code}`` (``kgd:area/2025/{code}`` for the 2025 units)."""
    return _kgd(f"area/{key}")


@lru_cache(maxsize=1 << 14)
def decimal_literal(value: Decimal | int | str) -> Literal:
    """An ``xsd:decimal`` literal from a normalized decimal string ("8155000000000", "43.8").

    Raises:
        TypeError: for a float (floats lose digits; pass a Decimal).
    """
    if isinstance(value, float):
        raise TypeError("decimal literals are built from Decimal or str, never float")
    return Literal(format(Decimal(value).normalize(), "f"), datatype=XSD.decimal)


def emit(rr: ResolvedReport, lexicon: Lexicon | None = None) -> ReportGraph:
    """The RDF of one resolved report, split into its own graph and the shared entity descriptions.

    The SKOS concepts the report uses (roles, organization types, indicators, units) are
    described too (type, scheme, @vi/@en labels, altLabels), among the entity triples, so the
    store is readable and queryable by label without loading ``ontology/``.

    Returns:
        a :class:`ReportGraph`; ``triples`` + ``entities`` is every triple the report gives,
        each once, split by :func:`is_entity_triple`.
    """
    lex = lexicon or load_lexicon()
    triples = list(dict.fromkeys(_triples(rr)))
    used = {o for _, p, o in triples if p in _CONCEPT_LINKS}
    triples += list(_concepts(lex, used))
    report, entities = split_entities(triples)
    return ReportGraph(str(graph_iri(rr.report.key)), report, entities)


def _concepts(lex: Lexicon, used: set) -> Iterator[Triple]:
    """Labels of the lexicon concepts in ``used`` (IRIs)."""
    table = _concept_table(lex)
    for iri in used:
        yield from table.get(iri, ())


def _concept_table(lex: Lexicon) -> dict[URIRef, tuple[Triple, ...]]:
    """The description triples of every concept of ``lex``, made once per lexicon (kept on it)."""
    table = lex.__dict__.get("_concept_triples")
    if table is not None:
        return table
    table = {}
    for group in (lex.roles, lex.org_types, lex.indicators, lex.units):
        for c in group:
            iri = URIRef(c.iri)
            rows = [
                (iri, RDF.type, SKOS.Concept),
                (iri, SKOS.inScheme, URIRef(c.iri.rsplit("/", 1)[0] + "/scheme")),
                (iri, SKOS.prefLabel, Literal(c.label_vi, lang="vi")),
            ]
            if c.label_en:
                rows.append((iri, SKOS.prefLabel, Literal(c.label_en, lang="en")))
            rows += [(iri, SKOS.altLabel, Literal(alt, lang="vi")) for alt in c.alt_labels]
            table[iri] = tuple(rows)
    object.__setattr__(lex, "_concept_triples", table)
    return table


def _triples(rr: ResolvedReport) -> Iterator[Triple]:
    rep = rr.report
    R = report_iri(rep.key)
    vi = _vi

    def prov(node: URIRef, spans: list[Span]) -> Iterator[Triple]:
        yield node, PROV.wasDerivedFrom, R
        # (each IRI once, in order: spans with the same offsets give the same triple, which emit
        # drops anyway; the IRIs hash as strings, the Span dataclass by a Python __hash__)
        for iri in dict.fromkeys(map(span_iri, spans)):
            yield node, KG.evidence, iri

    span_iris: dict[tuple[int, int], URIRef] = {}  # a span is the evidence of several nodes, then described

    def span_iri(sp: Span) -> URIRef:
        key = (sp.start, sp.end)
        iri = span_iris.get(key)
        if iri is None:
            iri = span_iris[key] = URIRef(f"{R}#char={sp.start},{sp.end}")
        return iri

    spans: set[Span] = set()

    # report
    yield R, RDF.type, KG.Report
    yield R, RDF.type, PROV.Entity
    yield R, RDF.type, FOAF.Document
    if rep.title:
        yield R, DCTERMS.title, vi(rep.title)
        yield R, RDFS.label, vi(rep.title)
    if rep.date:
        yield R, DCTERMS.date, _lit(rep.date.isoformat(), None, XSD.date)
    if rep.source:
        yield R, DCTERMS.source, Literal(rep.source)
    yield R, KG.sourceFile, Literal(rep.key)
    yield R, KG.contentHash, Literal(rep.content_hash)
    for pk in rr.author_keys:
        yield R, DCTERMS.creator, _kgd(f"person/{pk}")

    for key, area in rr.areas.items():
        A = area_iri(key)
        u = area.unit
        yield A, RDF.type, SDO.AdministrativeArea
        yield A, RDF.type, _LEVEL_CLASS[u.level]
        yield A, SKOS.prefLabel, vi(u.name)
        yield A, RDFS.label, vi(u.name)
        yield A, SDO.name, vi(u.short)
        for alt in sorted(area.alt_labels):
            if alt != u.name:
                yield A, SKOS.altLabel, vi(alt)
        yield A, SDO.identifier, _lit(u.code)
        yield A, KG.areaKind, vi(u.kind)
        yield A, KG.adminLevel, _ADMIN_LEVEL[u.level]
        if u.parent:
            ppkey = u.parent if u.era == "legacy" else f"2025/{u.parent}"
            yield A, SDO.containedInPlace, area_iri(ppkey)
        yield from prov(A, area.evidence)
        spans.update(area.evidence)

    for key, org in rr.orgs.items():
        O = _kgd(f"org/{key}")
        yield O, RDF.type, ORG.Organization
        if org.org_type.category in _CATEGORY_CLASS:
            yield O, RDF.type, _CATEGORY_CLASS[org.org_type.category]
        yield O, SKOS.prefLabel, vi(org.label)
        yield O, RDFS.label, vi(org.label)
        if org.org_type.label_en:
            en = org.org_type.label_en
            yield O, RDFS.label, Literal(en if org.area_key is None else f"{en} of {rr.areas[org.area_key].unit.short}" if org.area_key in rr.areas else en, lang="en")
        for alt in sorted(org.alt_labels):
            if alt != org.label:
                yield O, SKOS.altLabel, vi(alt)
        yield O, KG.orgType, _iri(org.org_type.iri)
        if org.area_key:
            yield O, KG.jurisdiction, area_iri(org.area_key)
        if org.term_ordinal:
            yield O, KG.termOrdinal, _lit(org.term_ordinal, None, XSD.integer)
        if org.parent_key:
            yield O, ORG.subOrganizationOf, _kgd(f"org/{org.parent_key}")
        yield from prov(O, org.evidence)
        spans.update(org.evidence)

    for key, person in rr.persons.items():
        P = _kgd(f"person/{key}")
        yield P, RDF.type, FOAF.Person
        yield P, FOAF.name, vi(person.name)
        yield P, RDFS.label, vi(person.name)
        yield from prov(P, person.evidence)
        spans.update(person.evidence)

    for key, post in rr.posts.items():
        P = _kgd(f"person/{post.person_key}")
        O = _kgd(f"org/{post.org_key}")
        role = _iri(_KGR_BASE + post.role_key)
        if post.membership:
            M = _kgd(f"membership/{key}")
            yield M, RDF.type, ORG.Membership
            yield M, ORG.member, P
            yield M, ORG.organization, O
        else:
            M = _kgd(f"post/{key}")
            yield M, RDF.type, ORG.Post
            yield M, ORG.heldBy, P
            yield P, ORG.holds, M
            yield M, ORG.postIn, O
        yield M, ORG.role, role
        yield M, RDFS.label, vi(post.label)
        for written in sorted(post.written):
            if written != post.label:
                yield M, SKOS.altLabel, vi(written)
        yield from prov(M, post.evidence)
        spans.update(post.evidence)

    for key, ev in rr.events.items():
        E = _kgd(f"event/{key}")
        yield E, RDF.type, SDO.Event
        yield E, RDF.type, _EVENT_CLASS.get(ev.kind, KG.Meeting)
        yield E, SDO.name, vi(ev.name)
        yield E, RDFS.label, vi(ev.name)
        if ev.date:
            yield E, SDO.startDate, _lit(ev.date.isoformat(), None, XSD.date)
        elif ev.month:
            yield E, SDO.startDate, Literal(ev.month, datatype=XSD.gYearMonth)
        if ev.organizer_key:
            yield E, SDO.organizer, _kgd(f"org/{ev.organizer_key}")
        if ev.location_key:
            yield E, SDO.location, area_iri(ev.location_key)
        if ev.ordinal is not None:
            yield E, KG.ordinal, _lit(ev.ordinal, None, XSD.integer)
        if ev.term:
            first, last = ev.term
            yield from _interval(date(first, 1, 1), date(last, 12, 31))
            yield E, KG["term"], _interval_iri(date(first, 1, 1), date(last, 12, 31))
        for ck in ev.chair_keys:
            yield E, KG.chair, _kgd(f"person/{ck}")
        yield from prov(E, ev.evidence)
        spans.update(ev.evidence)

    if rr.observations:
        yield DATASET, RDF.type, QB.DataSet
        yield DATASET, RDFS.label, Literal("Số liệu từ các báo cáo", lang="vi")
        yield DATASET, RDFS.label, Literal("Statistics stated in the reports", lang="en")
    for ob in rr.observations:
        O = _kgd(f"obs/{ob.key}")
        yield O, RDF.type, QB.Observation
        yield O, QB.dataSet, DATASET
        yield O, KG.indicator, _iri(_KGI_BASE + ob.indicator_key)
        yield O, SDMX_MEA.obsValue, decimal_literal(ob.value)
        yield O, SDMX_ATT.unitMeasure, _iri(_KGU_BASE + ob.unit)
        if ob.area_key:
            yield O, SDMX_DIM.refArea, area_iri(ob.area_key)
        if ob.period:
            yield from _interval(*ob.period)
            yield O, SDMX_DIM.refPeriod, _interval_iri(*ob.period)
        if ob.percent_of_plan is not None:
            yield O, KG.percentOfPlan, decimal_literal(ob.percent_of_plan)
        if ob.percent_of_standard is not None:
            yield O, KG.percentOfStandard, decimal_literal(ob.percent_of_standard)
        if ob.change_pct is not None:
            yield O, KG.changeFromPreviousPeriod, decimal_literal(ob.change_pct)
        if ob.denominator is not None:
            yield O, KG.denominator, decimal_literal(ob.denominator)
        if ob.share is not None:
            yield O, KG.shareOfTotal, decimal_literal(ob.share)
        if ob.qualifier:
            yield O, KG.qualifier, _iri(_KGQ_BASE + ob.qualifier)
        if ob.change_of:
            yield O, KG.changeOf, _kgd(f"obs/{ob.change_of}")
        yield O, RDFS.label, vi(ob.label)
        yield from prov(O, [ob.evidence])
        spans.add(ob.evidence)

    for sp in sorted(spans, key=lambda s: (s.start, s.end)):
        S = span_iri(sp)
        yield S, RDF.type, NIF.String
        yield S, RDF.type, NIF.RFC5147String
        yield S, NIF.beginIndex, _lit(sp.start, None, XSD.nonNegativeInteger)
        yield S, NIF.endIndex, _lit(sp.end, None, XSD.nonNegativeInteger)
        yield S, NIF.anchorOf, Literal(sp.text)
        yield S, NIF.referenceContext, R


def _interval_iri(first: date, last: date) -> URIRef:
    return _kgd(f"interval/{first.isoformat()}_{last.isoformat()}")


@lru_cache(maxsize=4096)
def _interval(first: date, last: date) -> tuple[Triple, ...]:
    """An OWL-Time proper interval from ``first`` to ``last`` (both days included); made once per
    interval (many figures of a report share a period)."""
    i = _interval_iri(first, last)
    out: list[Triple] = [(i, RDF.type, TIME.ProperInterval), (i, RDFS.label, Literal(f"{first.isoformat()}/{last.isoformat()}"))]
    for prop, day in ((TIME.hasBeginning, first), (TIME.hasEnd, last)):
        inst = _kgd(f"instant/{day.isoformat()}")
        out += [(i, prop, inst), (inst, RDF.type, TIME.Instant), (inst, TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date))]
    return tuple(out)
