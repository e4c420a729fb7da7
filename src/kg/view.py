"""Interactive, self-contained HTML views of a kg graph.

Pipeline: an RDF graph (``rdflib.Dataset`` with one named graph per report, or a plain
``rdflib.Graph``) → :class:`GraphIndex` (de-duplicated triples, indexed by subject) →
:func:`build_view_graph` (a ``networkx.Graph`` projection: one view node per person,
organization, administrative area, event, observation, report and post; literals become node
attributes, never nodes; memberships become person–organization edges) → :func:`render_html`
(one HTML page) / :func:`write_view` (the page written to disk, UTF-8, atomically).

The page is generated from pyvis's ``Network`` data and options (``Network.add_node``,
``add_edge``, ``barnes_hut``, ``toggle_physics``, ``get_network_data``) with **our own
template**, not pyvis's: pyvis 0.3.2's template always loads Bootstrap from a CDN (so the page
needs the network even with ``cdn_resources="in_line"``), writes the heading and select-menu
entries without escaping, and switches to an ``innerHTML`` popup once a title holds a link.
Our template inlines the vis-network build that pyvis itself bundles
(``pyvis/templates/lib/vis-9.1.2/``), carries all data as one JSON block with ``<``, ``>`` and
``&`` written as ``\\u003c`` … (so no ``</script>`` can close it), builds every tooltip and
panel with ``textContent`` (never ``innerHTML``), and sets a Content-Security-Policy that allows
only the page's own two scripts (by SHA-256 hash) and no request to any host.

Model: docs/model.md (classes, properties and IRIs).  Known pyvis problems avoided: see the
issue "Interactive views people can trust and use" (#6).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import numpy as np
from pyvis.network import Network
from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, QB, RDF, RDFS, SKOS, TIME, XSD

from kg.errors import KgError, ParseError
from kg.lexicon import KG, KGI, KGQ, KGR, KGT, KGU, LexiconError, ontology_files
from kg.text import format_number
from kg.text import parse_period as text_parse_period

__all__ = [
    "NODE_TYPES",
    "GraphIndex",
    "NodeType",
    "ViewError",
    "ViewOptions",
    "ViewSummary",
    "build_view_graph",
    "parse_period",
    "qname",
    "layout_positions",
    "node_key",
    "render_html",
    "render_view_graph",
    "write_view",
]

# ----------------------------------------------------------------------------- namespaces
KGD = Namespace("https://w3id.org/kg-vn/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")

#: Prefixes of docs/model.md, used to shorten IRIs in tooltips and to expand ``--focus kgd:…``.
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgr": str(KGR),
    "kgt": str(KGT),
    "kgi": str(KGI),
    "kgu": str(KGU),
    "kgq": str(KGQ),
    "kgd": str(KGD),
    "org": str(ORG),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "time": str(TIME),
    "prov": str(PROV),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "dcterms": str(DCTERMS),
    "nif": str(NIF),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
}


class ViewError(KgError, ValueError):
    """A view option cannot be applied: an unknown type name, a period that cannot be read,
    a ``--focus`` that matches no node or several, a negative depth or node limit.

    The message is a sentence that says what to change.
    """


# ----------------------------------------------------------------------------- node types
@dataclass(frozen=True)
class NodeType:
    """One kind of view node.

    Attributes:
        key: the name used by ``--types`` and in the page (``"Person"``).
        label: Vietnamese name shown in the legend and tooltips (``"Người"``).
        label_en: English name (``"Person"``).
        shape: vis-network shape; all are shapes whose ``size`` applies, so size can show
            centrality.
        color: fill colour (``#RRGGBB``), from the Okabe–Ito colour-blind-safe palette.
        classes: RDF classes (docs/model.md) whose instances get this type.
    """

    key: str
    label: str
    label_en: str
    shape: str
    color: str
    classes: tuple[URIRef, ...]


#: The seven view node types, in legend order.
NODE_TYPES: tuple[NodeType, ...] = (
    NodeType("Person", "Người", "Person", "dot", "#D55E00", (FOAF.Person,)),
    NodeType("Post", "Chức vụ", "Post", "triangleDown", "#56B4E9", (ORG.Post,)),
    NodeType(
        "Organization", "Tổ chức", "Organization", "square", "#0072B2",
        (ORG.Organization, KG.PartyOrganization, KG.StateBody, KG.MassOrganization, KG.PartyUnit,
         KG.PartyCommittee, KG.PartyStandingCommittee, KG.PeoplesCouncil, KG.PeoplesCommittee,
         KG.StandingBody, KG.FatherlandFront),
    ),
    NodeType(
        "AdministrativeArea", "Đơn vị hành chính", "Administrative unit", "triangle", "#009E73",
        (SCHEMA.AdministrativeArea, KG.Province, KG.District, KG.Commune),
    ),
    NodeType(
        "Event", "Sự kiện", "Event", "star", "#E69F00",
        (SCHEMA.Event, KG.Meeting, KG.Congress, KG.Session, KG.Ceremony, KG.Activity),
    ),
    NodeType("Observation", "Số liệu", "Observation", "diamond", "#CC79A7", (QB.Observation,)),
    NodeType("Report", "Báo cáo", "Report", "hexagon", "#7A7A7A", (KG.Report,)),
)
_TYPE_BY_KEY = {t.key: t for t in NODE_TYPES}
# When a node has classes of several types, the most specific wins (an observation is never a
# report; an event is never an organization).
_TYPE_PRIORITY = ("Observation", "Post", "Event", "Report", "Person", "Organization", "AdministrativeArea")
_CLASS_TO_TYPE: dict[URIRef, str] = {}
for _key in reversed(_TYPE_PRIORITY):
    for _cls in _TYPE_BY_KEY[_key].classes:
        _CLASS_TO_TYPE[_cls] = _key
_TYPE_RANK = {key: i for i, key in enumerate(_TYPE_PRIORITY)}
# Between equally central nodes, --max-nodes keeps people first and observations last.
_KEEP_RANK = {key: i for i, key in enumerate(
    ("Person", "Organization", "AdministrativeArea", "Event", "Post", "Report", "Observation"))}
_TYPE_ALIASES = {
    "person": "Person", "people": "Person", "nguoi": "Person",
    "post": "Post", "posts": "Post",
    "organization": "Organization", "organisation": "Organization", "org": "Organization",
    "organizations": "Organization",
    "administrativearea": "AdministrativeArea", "administrativeunit": "AdministrativeArea",
    "area": "AdministrativeArea", "areas": "AdministrativeArea", "place": "AdministrativeArea",
    "event": "Event", "events": "Event",
    "observation": "Observation", "observations": "Observation", "statistic": "Observation",
    "report": "Report", "reports": "Report",
}

# ----------------------------------------------------------------------------- predicates
#: Label predicates in order of preference (first one with a value names the node).
_LABEL_PREDICATES = (FOAF.name, SKOS.prefLabel, SCHEMA.name, DCTERMS.title, RDFS.label)
#: Edges whose only predicates are these are provenance, drawn dashed and not counted in
#: centrality.
_PROVENANCE_PREDICATES = frozenset({PROV.wasDerivedFrom})
#: Never shown as tooltip fields (shown otherwise, or internal).
_HIDDEN_FIELDS = frozenset({RDF.type, KG.evidence, PROV.wasDerivedFrom, QB.dataSet, KG.contentHash})
#: Never drawn as edges even when both ends are view nodes.
_NO_EDGE = frozenset({RDF.type, KG.evidence})

#: Human-readable (Vietnamese) names of predicates, for tooltip fields and edge titles.
PROPERTY_LABELS: dict[URIRef, str] = {
    FOAF.name: "Tên",
    SKOS.prefLabel: "Tên chính thức",
    SKOS.altLabel: "Tên khác",
    SCHEMA.name: "Tên",
    RDFS.label: "Nhãn",
    DCTERMS.title: "Tiêu đề",
    DCTERMS.date: "Ngày đăng",
    DCTERMS.creator: "Tác giả",
    DCTERMS.source: "Nguồn (URL)",
    KG.sourceFile: "Tệp nguồn",
    ORG.holds: "Giữ chức vụ",
    ORG.heldBy: "Người giữ",
    ORG.postIn: "Thuộc tổ chức",
    ORG.role: "Vai trò",
    ORG.subOrganizationOf: "Trực thuộc",
    KG.orgType: "Loại tổ chức",
    KG.jurisdiction: "Địa bàn",
    KG.termOrdinal: "Khóa",
    SCHEMA.identifier: "Mã GSO",
    SCHEMA.containedInPlace: "Thuộc",
    KG.adminLevel: "Cấp",
    KG.areaKind: "Loại đơn vị",
    SCHEMA.startDate: "Ngày",
    SCHEMA.endDate: "Đến ngày",
    SCHEMA.organizer: "Tổ chức bởi",
    SCHEMA.location: "Địa điểm",
    SCHEMA.about: "Về",
    KG.chair: "Chủ trì",
    KG.ordinal: "Lần thứ",
    KG.term: "Nhiệm kỳ",
    KG.indicator: "Chỉ tiêu",
    SDMX_MEASURE.obsValue: "Giá trị",
    SDMX_ATTRIBUTE.unitMeasure: "Đơn vị",
    SDMX_DIMENSION.refArea: "Địa bàn thống kê",
    SDMX_DIMENSION.refPeriod: "Kỳ",
    KG.percentOfPlan: "% kế hoạch",
    KG.percentOfStandard: "% so với tiêu chuẩn",
    KG.changeFromPreviousPeriod: "Thay đổi so với cùng kỳ (%)",
    KG.qualifier: "Ghi chú",
    KG.denominator: "Mẫu số",
    PROV.wasDerivedFrom: "Trích từ",
    ORG.member: "Thành viên",
    ORG.organization: "Tổ chức",
}
# org:holds and org:heldBy are one relation seen from both ends; one edge title for both.
_EDGE_LABELS: dict[URIRef, str] = {**PROPERTY_LABELS, ORG.heldBy: PROPERTY_LABELS[ORG.holds]}

_FIELD_ORDER = {p: i for i, p in enumerate(PROPERTY_LABELS)}
_MAX_FIELD_VALUES = 6
_MAX_EVIDENCE = 5
_MAX_LABEL_CHARS = 40


# Predicates used in the hot loops (rdflib namespace attribute access is slow).
_TYPE = RDF.type
_EVIDENCE = KG.evidence
_REFERENCE_CONTEXT = NIF.referenceContext
_BEGIN = NIF.beginIndex
_END = NIF.endIndex
_ANCHOR_OF = NIF.anchorOf
_SOURCE = DCTERMS.source
_DERIVED_FROM = PROV.wasDerivedFrom


# ----------------------------------------------------------------------------- options
@dataclass
class ViewOptions:
    """What to show.

    Attributes:
        focus: an IRI (full, ``<…>`` or prefixed like ``kgd:person/…``) or a label (exact,
            case- and accent-insensitive, or a unique substring); ``None`` shows everything.
        depth: hops around ``focus`` (≥ 0). Report nodes are reached but not walked through,
            so a person's neighbourhood does not swallow its whole report.
        types: type names to keep (see :data:`NODE_TYPES`; case-insensitive, plurals and
            aliases such as ``Place``/``AdministrativeUnit`` accepted; a comma-separated string
            works too). The focus node is always kept.
        period: keep facts in a period: ``2020``, ``2020-06``, ``2020-06-30`` or ``A/B``
            (see :func:`parse_period` and :func:`build_view_graph`).
        max_nodes: keep at most this many nodes, the most central ones; the page says what was
            left out. ``None`` or 0: no limit.
        title: page heading and ``<title>``.
        physics_max_nodes: at or below this many nodes vis-network physics runs until it
            stabilizes and is then switched off; above it the layout is precomputed with
            networkx and physics stays off.
        layout_seed: seed of every random choice of the layout (deterministic pages).
    """

    focus: str | None = None
    depth: int = 1
    types: list[str] | None = None
    period: str | None = None
    max_nodes: int | None = 2000
    title: str = "kg — đồ thị tri thức"
    physics_max_nodes: int = 200
    layout_seed: int = 7


@dataclass(frozen=True)
class ViewSummary:
    """What :func:`write_view` wrote.

    Attributes:
        path: the HTML file.
        nodes: view nodes in the page.
        edges: view edges in the page.
        omitted: nodes left out by ``max_nodes`` (0 when none).
        omitted_by_type: those omitted nodes counted by type key.
        total_nodes: nodes before ``max_nodes`` (after the other filters).
    """

    path: Path
    nodes: int
    edges: int
    omitted: int
    omitted_by_type: dict[str, int] = field(default_factory=dict)
    total_nodes: int = 0


# ----------------------------------------------------------------------------- graph index
def _iter_triples(ds: Graph) -> Iterator[tuple]:
    """Triples of a Dataset/ConjunctiveGraph (all named graphs and the default one) or Graph."""
    if isinstance(ds, ConjunctiveGraph):  # rdflib.Dataset is a ConjunctiveGraph
        for s, p, o, _g in ds.quads((None, None, None, None)):
            yield s, p, o
    elif isinstance(ds, Graph):
        yield from ds.triples((None, None, None))
    else:
        raise TypeError(f"expected an rdflib Dataset or Graph, got {type(ds).__name__}")


def _term_sort_key(term) -> tuple:
    return (0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2, str(term),
            getattr(term, "language", None) or "", str(getattr(term, "datatype", None) or ""))


class GraphIndex:
    """All distinct triples of a graph, indexed by subject (fast, deterministic look-ups).

    A triple that occurs in several named graphs (an area mentioned by two reports) is kept
    once. Object lists are sorted, so every derived view is the same on every run.

    Args:
        ds: ``rdflib.Dataset``/``ConjunctiveGraph`` (all graphs are read) or ``rdflib.Graph``.
        vocabulary: name IRIs that have no label in ``ds`` (roles, org types, indicators,
            units, qualifiers) from the project's SKOS schemes ``ontology/*.ttl``
            (:func:`kg.lexicon.ontology_files`), when that folder exists.

    Raises:
        TypeError: ``ds`` is not an rdflib graph.

    Attributes:
        out: subject → predicate → sorted objects.
        triples: number of distinct triples.
        graphs: number of named graphs holding at least one triple (0 for a plain Graph).
    """

    def __init__(self, ds: Graph, vocabulary: bool = True):
        out: dict = defaultdict(lambda: defaultdict(list))
        seen = set(_iter_triples(ds))
        for s, p, o in seen:
            out[s][p].append(o)
        for po in out.values():
            for objs in po.values():
                objs.sort(key=_term_sort_key)
        self.out = out
        self.triples = len(seen)
        if isinstance(ds, ConjunctiveGraph):
            graphs = ds.graphs() if isinstance(ds, Dataset) else ds.contexts()
            self.graphs = sum(1 for g in graphs if not _is_default_graph(g.identifier) and len(g) > 0)
        else:
            self.graphs = 0
        self._labels: dict = {}
        self._spans: dict | None = None  # filled by _spans_by_report
        self._vocabulary = _vocabulary_index() if vocabulary else None

    def objects(self, s, p) -> list:
        """Objects of ``(s, p, ?)``, sorted; ``[]`` when none."""
        po = self.out.get(s)
        if po is None:
            return []
        return po.get(p, [])

    def value(self, s, p):
        """The first object of ``(s, p, ?)`` (sorted order) or ``None``."""
        objs = self.objects(s, p)
        return objs[0] if objs else None

    def lookup(self, s, p):
        """Like :meth:`value`, falling back to the ontology vocabulary (for concepts such as
        ``kgi:…`` whose ``kg:abbreviation`` lives in ``ontology/indicators.ttl``)."""
        v = self.value(s, p)
        if v is None and self._vocabulary is not None:
            v = self._vocabulary.value(s, p)
        return v

    def node_type(self, s) -> NodeType | None:
        """The view type of ``s`` from its ``rdf:type``s (most specific wins), or ``None``."""
        best = None
        for cls in self.objects(s, _TYPE):
            key = _CLASS_TO_TYPE.get(cls)
            if key is not None and (best is None or _TYPE_RANK[key] < _TYPE_RANK[best]):
                best = key
        return _TYPE_BY_KEY[best] if best else None

    def label(self, term) -> str:
        """Display name of a term.

        IRIs and blank nodes: the first of foaf:name, skos:prefLabel, schema:name,
        dcterms:title, rdfs:label that has a value, preferring ``@vi``, then no language, then
        ``@en``; else the IRI's last path segment, percent-decoded. Literals: their text.
        """
        if isinstance(term, Literal):
            return str(term)
        cached = self._labels.get(term)
        if cached is not None:
            return cached
        text = None
        for p in _LABEL_PREDICATES:
            lit = _pick_literal(self.objects(term, p))
            if lit is not None:
                text = str(lit)
                break
        if text is None and self._vocabulary is not None and term in self._vocabulary.out:
            text = self._vocabulary.label(term)
        if text is None:
            text = _local_name(term)
        self._labels[term] = text
        return text


@lru_cache(maxsize=1)
def _vocabulary_index() -> GraphIndex | None:
    """The SKOS schemes of ``ontology/`` as a :class:`GraphIndex` (read once), or ``None`` when
    the folder is absent (an installed package without the repository) or unreadable."""
    try:
        paths = ontology_files()
    except LexiconError:
        return None
    g = Graph()
    try:
        for path in paths:
            g.parse(path, format="turtle")
    except Exception:  # noqa: BLE001 - labels are a convenience; the view works without them
        return None
    return GraphIndex(g, vocabulary=False)


def _is_default_graph(identifier) -> bool:
    return str(identifier) == "urn:x-rdflib:default"


def _pick_literal(values: Iterable) -> Literal | None:
    """The preferred literal: ``@vi``, then no language, then ``@en``, then any other."""
    best, best_rank = None, 99
    for v in values:
        if not isinstance(v, Literal):
            continue
        lang = (v.language or "").lower()
        rank = 0 if lang.startswith("vi") else 1 if not lang else 2 if lang.startswith("en") else 3
        if rank < best_rank:
            best, best_rank = v, rank
    return best


def _local_name(term) -> str:
    text = str(term)
    if isinstance(term, BNode):
        return "_:" + text
    for sep in ("#", "/"):
        if sep in text.rstrip(sep):
            text = text.rstrip(sep).rsplit(sep, 1)[1]
            break
    return unquote(text)


@lru_cache(maxsize=4096)
def qname(iri: str) -> str:
    """``kgd:person/…`` for an IRI under a prefix of :data:`PREFIXES` (longest namespace
    wins), else the IRI unchanged. For display only: the local part may contain ``/``, which
    Turtle does not allow in prefixed names."""
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def node_key(term) -> str:
    """The view-node id of an RDF term: ``<IRI>`` for an IRI, ``_:id`` for a blank node.

    Literals are never view nodes, so an IRI and a literal with the same text can never
    share an id.

    Raises:
        TypeError: ``term`` is a literal.
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"literals are not view nodes: {term!r}")


# ----------------------------------------------------------------------------- periods
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _period_bounds(text: str) -> tuple[date, date]:
    m = _DATE_RE.match(text.strip())
    if not m:
        raise ViewError(
            f"cannot read the period {text!r}: write a year (2020), a month (2020-06), "
            "a day (2020-06-30) or a range START/END (2020-01-01/2020-06-30)"
        )
    year = int(m.group(1))
    try:
        if m.group(3):
            d = date(year, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            month = int(m.group(2))
            start = date(year, month, 1)
            end = date(year + (month == 12), month % 12 + 1, 1)
            return start, date.fromordinal(end.toordinal() - 1)
    except ValueError as exc:
        raise ViewError(f"cannot read the period {text!r}: {exc}") from None
    return date(year, 1, 1), date(year, 12, 31)


def parse_period(text: str) -> tuple[date, date]:
    """Read a ``--period`` value into an inclusive ``(first day, last day)``.

    Accepts ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` and ``START/END`` of any two of those
    (ISO 8601 interval notation, as in the ``rdfs:label`` of a ``time:ProperInterval``), and
    the Vietnamese periods of :func:`kg.text.parse_period` ("6 tháng đầu năm 2020",
    "quý II/2020", "nhiệm kỳ 2020-2025").

    Raises:
        ViewError: anything else, or a range whose end is before its start.
    """
    if not re.fullmatch(r"[\d/-]+", text.strip()):
        try:
            return text_parse_period(text)
        except ParseError as exc:
            raise ViewError(
                f"cannot read the period {text!r}: write a year (2020), a month (2020-06), a day "
                "(2020-06-30), a range START/END (2020-01-01/2020-06-30) or a Vietnamese period "
                f"such as \"6 tháng đầu năm 2020\" ({exc})"
            ) from None
    if "/" in text:
        a, _, b = text.partition("/")
        start, end = _period_bounds(a)[0], _period_bounds(b)[1]
    else:
        start, end = _period_bounds(text)
    if end < start:
        raise ViewError(f"the period {text!r} ends before it starts")
    return start, end


def _as_date(lit) -> date | None:
    if not isinstance(lit, Literal):
        return None
    value = lit.toPython()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return _period_bounds(str(lit)[:10])[0]
    except ViewError:
        return None


def _interval(index: GraphIndex, iv) -> tuple[date, date] | None:
    """``(begin, end)`` of a ``time:ProperInterval`` (hasBeginning/hasEnd → inXSDDate), else
    from its ``rdfs:label`` ``"A/B"``."""
    begin = _as_date(index.value(index.value(iv, TIME.hasBeginning), TIME.inXSDDate))
    end = _as_date(index.value(index.value(iv, TIME.hasEnd), TIME.inXSDDate))
    if begin and end:
        return begin, end
    label = index.value(iv, RDFS.label)
    if label is not None:
        try:
            return parse_period(str(label))
        except ViewError:
            return None
    return None


def _node_period(index: GraphIndex, s, type_key: str) -> tuple[date, date] | None:
    """The time a fact node is about: observation → refPeriod; event → startDate (..endDate);
    report → dcterms:date (publication); other types → ``None`` (undated)."""
    if type_key == "Observation":
        iv = index.value(s, SDMX_DIMENSION.refPeriod)
        return _interval(index, iv) if iv is not None else None
    if type_key == "Event":
        start = _as_date(index.value(s, SCHEMA.startDate))
        if start is None:
            return None
        return start, _as_date(index.value(s, SCHEMA.endDate)) or start
    if type_key == "Report":
        d = _as_date(index.value(s, DCTERMS.date))
        return (d, d) if d else None
    return None


# ----------------------------------------------------------------------------- projection
def _fold(text: str) -> str:
    """Case- and accent-insensitive form of Vietnamese text, for ``--focus`` and search.

    Unlike :func:`kg.text.fold` (which keeps ă â ê ô ơ ư đ, as entity keys need), this drops
    every diacritic and maps ``Đ``/``đ`` to ``d``, so "Nguyen Tien Minh" finds "Nguyễn Tiến
    Minh" as in the page's search box.
    """
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def _field_value(index: GraphIndex, o) -> str:
    if isinstance(o, Literal):
        if o.datatype in (XSD.decimal, XSD.integer, XSD.double, XSD.float, XSD.nonNegativeInteger) or (
            o.datatype is None and isinstance(o.toPython(), (int, float))
        ):
            try:
                return format_number(Decimal(str(o)))
            except (ArithmeticError, ParseError):
                return str(o)
        return str(o)
    return index.label(o)


def _safe_url(lit) -> str | None:
    """An http(s) URL from ``dcterms:source``, or ``None`` (no ``javascript:`` links)."""
    if lit is None:
        return None
    text = str(lit).strip()
    return text if re.match(r"^https?://[^\s<>\"']+$", text, re.IGNORECASE) else None


def _fields(index: GraphIndex, s, label: str) -> list[list[str]]:
    """Tooltip fields of a node: ``[[property name, "v1; v2"], …]`` (literals and linked
    things by name), in a fixed order (known properties first, in PROPERTY_LABELS order)."""
    order = _FIELD_ORDER
    po = index.out.get(s, {})
    rows = []
    for p in sorted(po, key=lambda p: (order.get(p, len(order)), str(p))):
        if p in _HIDDEN_FIELDS:
            continue
        values = []
        for o in po[p]:
            text = _field_value(index, o)
            if p in _LABEL_PREDICATES and text == label:
                continue
            if text not in values:
                values.append(text)
        if not values:
            continue
        more = len(values) - _MAX_FIELD_VALUES
        text = "; ".join(values[:_MAX_FIELD_VALUES]) + (f"; … (+{more})" if more > 0 else "")
        rows.append([PROPERTY_LABELS.get(p, qname(str(p))), text])
    return rows


def _span_report(index: GraphIndex, span):
    report = index.value(span, _REFERENCE_CONTEXT)
    if report is None and isinstance(span, URIRef) and "#" in span:
        report = URIRef(str(span).split("#", 1)[0])
    return report


def _offsets(index: GraphIndex, span) -> tuple[int, int] | None:
    b, e = index.value(span, _BEGIN), index.value(span, _END)
    try:
        return int(b), int(e)
    except (TypeError, ValueError):
        return None


def _spans_by_report(index: GraphIndex) -> dict:
    """``{report: [(begin, end, text), …]}`` of every span with offsets and text (cached on
    the index)."""
    cached = index._spans
    if cached is None:
        cached = defaultdict(list)
        for span, po in index.out.items():
            texts = po.get(_ANCHOR_OF)
            offsets = _offsets(index, span) if texts else None
            if offsets is not None:
                cached[_span_report(index, span)].append((*offsets, str(texts[0])))
        for spans in cached.values():
            spans.sort()
        index._spans = cached
    return cached


def _sentence(index: GraphIndex, span, text: str, report) -> str:
    """The text of ``span``, or when it is a mention ("Huyện ủy") rather than a sentence, the
    shortest other span of the same report that encloses it (a fact's sentence); docs/model.md
    asks kg:evidence for the sentence, this keeps the view useful when an emitter links the
    mention."""
    offsets = _offsets(index, span)
    if offsets is None:
        return text
    b, e = offsets
    best = None
    for sb, se, stext in _spans_by_report(index).get(report, ()):
        if sb > b:
            break
        if se >= e and se - sb > e - b and (best is None or se - sb < best[1] - best[0]):
            best = (sb, se, stext)
    return best[2] if best else text


def _evidence(index: GraphIndex, s) -> tuple[list[dict], int]:
    """Source sentences of a node (kg:evidence → nif:anchorOf; a mention is widened to its
    sentence, see :func:`_sentence`) with their reports, ordered by report then offset; at most
    ``_MAX_EVIDENCE`` plus the count of the rest."""
    items = []
    for span in index.objects(s, _EVIDENCE):
        text = index.value(span, _ANCHOR_OF)
        if text is None:
            continue
        report = _span_report(index, span)
        begin = index.value(span, _BEGIN)
        text = _sentence(index, span, str(text), report)
        items.append((str(report or ""), int(begin) if isinstance(begin, Literal) else 0, text, report))
    items.sort(key=lambda it: (it[0], it[1], it[2]))
    out, seen = [], set()
    for _r, _b, text, report in items:
        if (text, report) in seen:
            continue
        seen.add((text, report))
        out.append({
            "text": text,
            "report": node_key(report) if report is not None else None,
            "reportLabel": index.label(report) if report is not None else "",
            "url": _safe_url(index.value(report, _SOURCE)) if report is not None else None,
        })
    return out[:_MAX_EVIDENCE], max(0, len(out) - _MAX_EVIDENCE)


def _abbreviated(label: str, abbreviation: str | None) -> str:
    """``"Thu ngân sách nhà nước"`` + ``"NSNN"`` → ``"Thu NSNN"``: the first run of words whose
    initials spell the abbreviation is replaced by it; otherwise the label as it is."""
    if not abbreviation:
        return label
    words = label.split()
    n = len(abbreviation)
    for start in range(len(words) - n + 1):
        if "".join(w[0] for w in words[start : start + n]).upper() == abbreviation.upper():
            return " ".join(words[:start] + [abbreviation] + words[start + n :])
    return label


def _trimmed(value: Decimal, decimals: int = 3) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals)).normalize()


def _display_quantity(value: Decimal, unit) -> str | None:
    """Money and percentages the way reports write them: ``258.868.000.000`` VND →
    ``"258,868 tỷ đ"``, ``871.267.000`` → ``"871,267 triệu đ"``, ``43.8`` percent → ``"43,8%"``,
    USD in ``triệu USD``; ``None`` for other units (counts read better in the report's words)."""
    unit_name = _local_name(unit) if unit is not None else ""
    if unit_name == "VND":
        for scale, word in ((10**9, "tỷ đ"), (10**6, "triệu đ")):
            if abs(value) >= scale:
                return f"{format_number(_trimmed(value / scale))} {word}"
        return f"{format_number(_trimmed(value))} đ"
    if unit_name == "USD":
        if abs(value) >= 10**6:
            return f"{format_number(_trimmed(value / 10**6))} triệu USD"
        return f"{format_number(_trimmed(value))} USD"
    if unit_name == "percent":
        return f"{format_number(_trimmed(value))}%"
    return None


def _observation_label(index: GraphIndex, s, fallback: str) -> str:
    """``"Thu NSNN: 258,868 tỷ đ"`` (docs/model.md): the indicator's Vietnamese name with its
    ``kg:abbreviation`` folded in, then the value in the report's scale (tỷ/triệu đồng, %).
    Observations in other units keep their ``rdfs:label`` (``fallback``)."""
    value_lit = index.value(s, SDMX_MEASURE.obsValue)
    indicator = index.value(s, KG.indicator)
    if value_lit is None or indicator is None:
        return fallback
    try:
        value = Decimal(str(value_lit))
    except ArithmeticError:
        return fallback
    if not value.is_finite():
        return fallback
    shown = _display_quantity(value, index.value(s, SDMX_ATTRIBUTE.unitMeasure))
    denominator = index.value(s, KG.denominator)
    if denominator is not None and shown is None:
        shown = f"{_field_value(index, value_lit)}/{_field_value(index, denominator)}"
    if shown is None:
        return fallback
    abbreviation = index.lookup(indicator, KG.abbreviation)
    name = _abbreviated(index.label(indicator), str(abbreviation) if abbreviation is not None else None)
    return f"{name}: {shown}"


def _short(label: str) -> str:
    return label if len(label) <= _MAX_LABEL_CHARS else label[: _MAX_LABEL_CHARS - 1].rstrip() + "…"


def _project(index: GraphIndex) -> nx.Graph:
    """Every view node and edge of the graph (no filter)."""
    G = nx.Graph()
    for s in sorted(index.out, key=_term_sort_key):
        t = index.node_type(s)
        if t is None or isinstance(s, Literal):
            continue
        label = index.label(s)
        if t.key == "Observation":
            label = _observation_label(index, s, label)
        evidence, more = _evidence(index, s)
        G.add_node(
            node_key(s),
            iri=str(s),
            type=t.key,
            label=label,
            fields=_fields(index, s, label),
            evidence=evidence,
            more_evidence=more,
            url=_safe_url(index.value(s, _SOURCE)) if t.key == "Report" else None,
            reports=[node_key(r) for r in index.objects(s, _DERIVED_FROM) if not isinstance(r, Literal)],
            period=_node_period(index, s, t.key),
        )
    relations: dict[tuple[str, str], set] = defaultdict(set)
    predicates: dict[tuple[str, str], set] = defaultdict(set)

    def link(a: str, b: str, pred, text: str) -> None:
        if a == b:
            return
        pair = (a, b) if a < b else (b, a)
        relations[pair].add(text)
        predicates[pair].add(pred)

    for s in list(G.nodes):
        term = URIRef(G.nodes[s]["iri"]) if s.startswith("<") else BNode(s[2:])
        for p, objs in index.out[term].items():
            if p in _NO_EDGE:
                continue
            for o in objs:
                if isinstance(o, Literal):
                    continue
                k = node_key(o)
                if k in G:
                    link(s, k, p, _EDGE_LABELS.get(p, qname(str(p))))
    # org:Membership: a person–organization edge named by the role (docs/model.md), and a
    # "Thành viên" field on the person (the membership is not a node, so it has no tooltip).
    member_of: dict[str, list[str]] = defaultdict(list)
    for m, po in sorted(index.out.items(), key=lambda kv: _term_sort_key(kv[0])):
        if ORG.Membership not in po.get(_TYPE, ()):
            continue
        for person in po.get(ORG.member, ()):
            if not isinstance(person, Literal) and node_key(person) in G:
                member_of[node_key(person)].append(index.label(m))
        role = index.value(m, ORG.role)
        text = index.label(role) if role is not None else index.label(m)
        for person in po.get(ORG.member, ()):
            for organization in po.get(ORG.organization, ()):
                if isinstance(person, Literal) or isinstance(organization, Literal):
                    continue
                a, b = node_key(person), node_key(organization)
                if a in G and b in G:
                    link(a, b, ORG.Membership, f"Thành viên ({text})")
    for person, memberships in member_of.items():
        values = sorted(set(memberships))
        G.nodes[person]["fields"].append([PROPERTY_LABELS[ORG.member], "; ".join(values)])
    for (a, b), texts in sorted(relations.items()):
        G.add_edge(
            a, b,
            relations=sorted(texts),
            provenance=predicates[(a, b)] <= _PROVENANCE_PREDICATES,
        )
    return G


# ----------------------------------------------------------------------------- filters
def _induced(G: nx.Graph, nodes: Iterable[str]) -> nx.Graph:
    """The subgraph on ``nodes`` as a new graph whose nodes and edges keep ``G``'s order.

    ``G.subgraph(set)`` iterates in the set's order when the set is small, and a set of
    strings is ordered by Python's salted hash: layouts and pages would differ from run to
    run. Attribute dicts are copied (shallow); graph attributes are kept.
    """
    keep = set(nodes)
    H = nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if n in keep)
    H.add_edges_from((a, b, dict(d)) for a, b, d in G.edges(data=True) if a in keep and b in keep)
    return H


def _resolve_types(names: Iterable[str]) -> set[str]:
    keys = set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        folded = re.sub(r"[\s_-]", "", name).casefold()
        key = _TYPE_ALIASES.get(folded) or _TYPE_ALIASES.get(folded.removesuffix("s"))
        if key is None:
            raise ViewError(
                f"unknown type {name!r}: use one of {', '.join(t.key for t in NODE_TYPES)}"
            )
        keys.add(key)
    return keys


def _apply_period(G: nx.Graph, period: str) -> nx.Graph:
    """Keep facts in ``period``.

    Rules: (1) a dated node (observation: refPeriod; event: startDate; report: dcterms:date)
    is kept when its time overlaps the period; (2) a report is also kept when a dated fact
    derived from it is kept (a report published in July about the first half year);
    (3) any other node (person, post, organization, area, undated fact) is kept when it was
    derived (prov:wasDerivedFrom) from a kept report, or, when it names no report, when it is
    next to a kept dated node.
    """
    start, end = parse_period(period)
    kept = set()
    for n, d in G.nodes(data=True):
        p = d["period"]
        if p is not None and p[0] <= end and p[1] >= start:
            kept.add(n)
    for m in list(kept):  # rule 2
        if G.nodes[m]["type"] != "Report":
            kept.update(r for r in G.nodes[m]["reports"] if r in G)
    dated_kept = set(kept)
    for n, d in G.nodes(data=True):  # rule 3
        if d["period"] is not None or n in kept:
            continue
        if d["reports"]:
            if any(r in kept for r in d["reports"]):
                kept.add(n)
        elif any(m in dated_kept for m in G.adj[n]):
            kept.add(n)
    return _induced(G, kept)


def _resolve_focus(G: nx.Graph, text: str) -> str:
    """The node key that ``text`` names (IRI, prefixed name, or label)."""
    raw = text.strip()
    iri = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
    prefix, colon, rest = iri.partition(":")
    if colon and prefix in PREFIXES and not rest.startswith("//"):
        iri = PREFIXES[prefix] + rest
    if f"<{iri}>" in G:
        return f"<{iri}>"
    if raw in G:
        return raw
    wanted = unicodedata.normalize("NFC", raw).casefold()
    folded = _fold(raw)
    labels = [(n, d["label"]) for n, d in G.nodes(data=True)]
    for match in (
        lambda lab: unicodedata.normalize("NFC", lab).casefold() == wanted,
        lambda lab: _fold(lab) == folded,
        lambda lab: folded in _fold(lab),
    ):
        hits = sorted(n for n, lab in labels if match(lab))
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            shown = "; ".join(f"{G.nodes[n]['label']} {n}" for n in hits[:10])
            raise ViewError(
                f"--focus {text!r} matches {len(hits)} nodes ({shown}{' …' if len(hits) > 10 else ''}); "
                "give the IRI instead"
            )
    raise ViewError(f"--focus {text!r} matches no node of the view: give an IRI or a name from the graph")


def _neighbourhood(G: nx.Graph, center: str, depth: int) -> set[str]:
    """Nodes within ``depth`` hops of ``center``; report nodes (other than the center) are
    reached but not walked through."""
    seen = {center}
    queue = deque([(center, 0)])
    while queue:
        n, dist = queue.popleft()
        if dist == depth or (n != center and G.nodes[n]["type"] == "Report"):
            continue
        for m in sorted(G.adj[n]):
            if m not in seen:
                seen.add(m)
                queue.append((m, dist + 1))
    return seen


def _fact_centrality(G: nx.Graph) -> dict[str, float]:
    """``networkx.degree_centrality`` of the view graph without provenance-only edges (so a
    report is not the centre of everything it mentions)."""
    facts = nx.subgraph_view(G, filter_edge=lambda a, b: not G.edges[a, b]["provenance"])
    return nx.degree_centrality(facts)


def build_view_graph(ds: Graph, opts: ViewOptions | None = None) -> nx.Graph:
    """Project an RDF graph onto the graph the view draws.

    Nodes: every IRI typed (docs/model.md) as a person, post, organization, administrative
    area, event, observation or report; the id is :func:`node_key` (``<IRI>``). Literals and
    other resources (spans, intervals, concepts) are never nodes: they become the attributes
    ``label``, ``fields`` (``[[name, value], …]``), ``evidence`` (``[{text, report,
    reportLabel, url}]`` from kg:evidence → nif:anchorOf), ``period``, ``reports``.
    Edges: any triple between two view nodes (org:holds/org:heldBy give one edge), and one
    person–organization edge per org:Membership; attributes ``relations`` (sorted names) and
    ``provenance`` (only prov:wasDerivedFrom).

    Filters, in this order: ``period`` (:func:`_apply_period` rules), ``focus``/``depth``,
    ``types``, ``max_nodes`` (keeps the nodes of highest centrality; ties: people, then
    organizations, areas, events, posts, reports, observations, then by id; the focus node is
    always kept).

    Node attributes added: ``centrality`` (networkx degree centrality of the filtered graph
    without provenance-only edges, computed before ``max_nodes``) and ``size`` (pixels,
    12 + 28·√(centrality / max centrality)). Graph attributes: ``total_nodes`` (before
    ``max_nodes``), ``omitted`` (count), ``omitted_by_type`` (``{type key: count}``),
    ``focus`` (node key or ``None``), ``triples``.

    Args:
        ds: ``rdflib.Dataset``/``ConjunctiveGraph`` (all graphs) or ``rdflib.Graph``.
        opts: :class:`ViewOptions`; ``None`` means the defaults.

    Raises:
        ViewError: a bad option (see :class:`ViewError`).
        TypeError: ``ds`` is not an rdflib graph.
    """
    opts = opts or ViewOptions()
    if opts.depth is None or opts.depth < 0:
        raise ViewError(f"--depth must be 0 or more, not {opts.depth}")
    if opts.max_nodes is not None and opts.max_nodes < 0:
        raise ViewError(f"--max-nodes must be 0 (no limit) or more, not {opts.max_nodes}")
    types = opts.types.split(",") if isinstance(opts.types, str) else opts.types
    type_keys = _resolve_types(types) if types else None
    index = GraphIndex(ds)
    G = _project(index)
    if opts.period:
        G = _apply_period(G, opts.period)
    center = None
    if opts.focus:
        center = _resolve_focus(G, opts.focus)
        G = _induced(G, _neighbourhood(G, center, opts.depth))
    if type_keys is not None:
        G = _induced(G, [n for n, t in G.nodes(data="type") if t in type_keys or n == center])
    centrality = _fact_centrality(G)
    nx.set_node_attributes(G, centrality, "centrality")
    total = G.number_of_nodes()
    omitted_by_type: dict[str, int] = {}
    if opts.max_nodes and total > opts.max_nodes:
        ranked = sorted(G.nodes, key=lambda n: (n != center, -centrality[n], _KEEP_RANK[G.nodes[n]["type"]], n))
        keep = ranked[: opts.max_nodes]
        for n in ranked[opts.max_nodes:]:
            t = G.nodes[n]["type"]
            omitted_by_type[t] = omitted_by_type.get(t, 0) + 1
        G = _induced(G, keep)
    top = max((d for _n, d in G.nodes(data="centrality")), default=0.0)
    for n, d in G.nodes(data=True):
        d["size"] = round(12 + 28 * math.sqrt(d["centrality"] / top), 2) if top > 0 else 12.0
    G.graph.update(
        total_nodes=total,
        omitted=sum(omitted_by_type.values()),
        omitted_by_type={k: omitted_by_type[k] for k in _TYPE_BY_KEY if k in omitted_by_type},
        focus=center,
        triples=index.triples,
    )
    return G


# ----------------------------------------------------------------------------- layout
_SKELETON_NODES = 300


def _component_layout(H: nx.Graph, centrality: dict, seed: int) -> dict[str, np.ndarray]:
    """Positions of one connected component, roughly in [-1, 1]².

    Up to ``_SKELETON_NODES`` nodes: ``networkx.spring_layout`` (dense Fruchterman–Reingold,
    exact). Larger: spring layout of the most central ``_SKELETON_NODES`` nodes, then every
    other node, in breadth-first order from them, on a golden-angle spiral around its most
    central placed neighbour (O(n); networkx's own spring layout of thousands of nodes needs
    SciPy and takes far longer than the page budget of a few seconds).
    """
    n = H.number_of_nodes()
    if n == 1:
        return {next(iter(H)): np.zeros(2)}
    if n <= _SKELETON_NODES:
        return nx.spring_layout(H, seed=seed, iterations=100 if n <= 100 else 60)
    order = sorted(H.nodes, key=lambda v: (-centrality.get(v, 0.0), v))
    skeleton = order[:_SKELETON_NODES]
    S = _induced(H, skeleton)
    pos = dict(nx.spring_layout(S, seed=seed, iterations=60))
    spacing = 1.6 / math.sqrt(n)
    children = defaultdict(int)
    golden = math.pi * (3 - math.sqrt(5))
    queue = deque(skeleton)
    while queue:
        v = queue.popleft()
        for w in sorted(H.adj[v], key=lambda x: (-centrality.get(x, 0.0), x)):
            if w in pos:
                continue
            k = children[v]
            children[v] += 1
            r = spacing * (1 + 0.35 * math.sqrt(k))
            a = k * golden + (_hash_unit(v) * 2 * math.pi)
            pos[w] = pos[v] + r * np.array([math.cos(a), math.sin(a)])
            queue.append(w)
    return pos


def _hash_unit(key: str) -> float:
    """A stable number in [0, 1) from a string (SHA-256; Python's ``hash`` is salted)."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") / 2**64


def layout_positions(G: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Deterministic pixel positions of every node of a view graph.

    Each connected component is laid out on its own (:func:`_component_layout`), scaled to
    about 70 px per node (side ∝ √size) and packed in rows, largest first.

    Args:
        G: a graph from :func:`build_view_graph` (uses the ``centrality`` attribute if present).
        seed: random seed of the spring layouts.

    Returns:
        ``{node key: (x, y)}`` in vis-network canvas units.
    """
    centrality = dict(G.nodes(data="centrality", default=0.0))
    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(c)))
    if not comps:
        return {}
    boxes = []
    for comp in comps:
        H = _induced(G, comp) if len(comp) > 1 else G.subgraph(comp)
        raw = _component_layout(H, centrality, seed)
        pts = np.array([raw[v] for v in H.nodes])
        pts = pts - pts.mean(axis=0)
        extent = float(np.abs(pts).max()) or 1.0
        half = 35.0 * math.sqrt(len(comp)) + (0 if len(comp) > 1 else 10)
        pts = pts / extent * half
        boxes.append((list(H.nodes), pts, half))
    row_width = max(2 * boxes[0][2], 2.2 * math.sqrt(sum((2 * b[2]) ** 2 for b in boxes)))
    x = y = 0.0
    row_height = 0.0
    out: dict[str, tuple[float, float]] = {}
    margin = 60.0
    for nodes, pts, half in boxes:
        w = 2 * half
        if x > 0 and x + w > row_width:
            x, y = 0.0, y + row_height + margin
            row_height = 0.0
        cx, cy = x + half, y + half
        for v, (px, py) in zip(nodes, pts):
            out[v] = (round(cx + float(px), 1), round(cy + float(py), 1))
        x += w + margin
        row_height = max(row_height, w)
    return out


# ----------------------------------------------------------------------------- rendering
@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as bundled by pyvis (``pyvis/templates/lib/vis-9.1.2``).

    Raises:
        RuntimeError: the files are missing or contain ``</script``/``</style`` (cannot be
            inlined safely).
    """
    lib = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    try:
        js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:  # pragma: no cover - depends on the installed pyvis
        raise RuntimeError(f"pyvis's bundled vis-network is missing ({exc}); reinstall pyvis>=0.3.2") from exc
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover
        raise RuntimeError("pyvis's bundled vis-network cannot be inlined: it contains a closing tag")
    return js, css


def _json_for_script(obj) -> str:
    """JSON that is safe inside ``<script type="application/json">``: ``<``, ``>``, ``&``,
    U+2028 and U+2029 are written as ``\\u`` escapes, so the text has no ``</``."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _darker(hex_color: str, factor: float = 0.7) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(int(r * factor), int(g * factor), int(b * factor))


def _vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


_SVG_SHAPES = {
    "dot": '<circle cx="8" cy="8" r="6.5"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "triangle": '<polygon points="8,1.5 15,14.5 1,14.5"/>',
    "triangleDown": '<polygon points="1,1.5 15,1.5 8,14.5"/>',
    "star": '<polygon points="8,1 9.9,6 15,6.2 11,9.4 12.4,14.6 8,11.6 3.6,14.6 5,9.4 1,6.2 6.1,6"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "hexagon": '<polygon points="4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8"/>',
}


def _legend_html(G: nx.Graph) -> str:
    counts = defaultdict(int)
    for _n, t in G.nodes(data="type"):
        counts[t] += 1
    items = []
    for t in NODE_TYPES:
        items.append(
            f'<li data-type="{html.escape(t.key)}"><svg width="16" height="16" viewBox="0 0 16 16" '
            f'aria-hidden="true" fill="{t.color}" stroke="{_darker(t.color)}">{_SVG_SHAPES[t.shape]}</svg>'
            f"<span>{html.escape(t.label)} <small>({html.escape(t.label_en)})</small></span>"
            f'<span class="kg-count">{_vn_int(counts[t.key])}</span></li>'
        )
    return "\n".join(items)


def _omitted_text(G: nx.Graph, opts: ViewOptions) -> str:
    omitted = G.graph.get("omitted", 0)
    if not omitted:
        return ""
    parts = ", ".join(
        f"{_vn_int(c)} {_TYPE_BY_KEY[k].label.lower()}" for k, c in G.graph["omitted_by_type"].items()
    )
    return (
        f"Hiển thị {_vn_int(G.number_of_nodes())} trong {_vn_int(G.graph['total_nodes'])} nút "
        f"(--max-nodes {opts.max_nodes}): đã lược bớt {_vn_int(omitted)} nút ít trung tâm nhất — {parts}."
    )


def _page_data(G: nx.Graph, opts: ViewOptions) -> dict:
    """Nodes, edges and options for the page, built through pyvis's ``Network``."""
    n = G.number_of_nodes()
    physics = 0 < n <= opts.physics_max_nodes
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=opts.title)
    if physics:
        net.barnes_hut(gravity=-25000, central_gravity=0.15, spring_length=210, spring_strength=0.02,
                       damping=0.3, overlap=1)
    else:
        net.toggle_physics(False)
    net.toggle_hide_edges_on_drag(not physics)
    pos = layout_positions(G, opts.layout_seed)
    for key, d in G.nodes(data=True):
        t = _TYPE_BY_KEY[d["type"]]
        x, y = pos[key]
        net.add_node(
            key,
            label=_short(d["label"]),
            shape=t.shape,
            color={"background": t.color, "border": _darker(t.color),
                   "highlight": {"background": t.color, "border": "#000000"},
                   "hover": {"background": t.color, "border": "#000000"}},
            size=d["size"],
            x=x,
            y=y,
            kg={
                "type": t.key,
                "label": d["label"],
                "iri": d["iri"],
                "fields": d["fields"],
                "evidence": d["evidence"],
                "more": d["more_evidence"],
                "url": d["url"],
            },
        )
    for a, b, d in G.edges(data=True):
        prov_edge = d["provenance"]
        net.add_edge(
            a, b,
            arrows={"to": {"enabled": False}},
            dashes=prov_edge,
            width=0.6 if prov_edge else 1.2,
            color={"color": "#C4C4C4" if prov_edge else "#8A9099", "highlight": "#222222", "hover": "#222222"},
            kg={"relations": d["relations"]},
        )
    nodes, edges, _heading, _h, _w, options_json = net.get_network_data()
    options = json.loads(options_json)
    options["interaction"].update(hover=True, tooltipDelay=150, navigationButtons=False, keyboard=False)
    options["nodes"] = {
        "borderWidth": 1,
        "font": {"size": 14, "face": "system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif",
                 "color": "#1F1F1F", "strokeWidth": 3, "strokeColor": "#FFFFFF"},
    }
    options["edges"] = {"smooth": {"enabled": True, "type": "continuous"} if physics else False}
    options["layout"] = {"improvedLayout": False, "randomSeed": opts.layout_seed}
    if physics:
        options["physics"].update(
            enabled=True, minVelocity=0.75,
            stabilization={"enabled": True, "iterations": 300, "updateInterval": 50, "fit": True},
        )
    else:
        options["physics"] = {"enabled": False}
    return {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "physics": physics,
        "types": {t.key: {"label": t.label, "labelEn": t.label_en, "color": t.color} for t in NODE_TYPES},
    }


_CSS = """
html,body{margin:0;height:100%;font-family:system-ui,"Noto Sans","DejaVu Sans",sans-serif;color:#1F1F1F;background:#FFF}
body{display:flex;flex-direction:column}
header{display:flex;align-items:center;gap:14px;padding:8px 12px;border-bottom:1px solid #DDD;flex-wrap:wrap}
header h1{font-size:18px;margin:0;font-weight:600}
#kg-status{color:#555;font-size:13px}
#kg-search-form{display:flex;gap:6px;position:relative}
#kg-search{width:260px;padding:4px 8px;font-size:14px;border:1px solid #BBB;border-radius:4px}
#kg-results{position:absolute;top:30px;left:0;z-index:20;background:#FFF;border:1px solid #CCC;list-style:none;margin:0;padding:0;max-height:300px;overflow:auto;min-width:300px;box-shadow:0 2px 6px rgba(0,0,0,.15)}
#kg-results:empty{display:none}
#kg-results li{padding:4px 8px;cursor:pointer;font-size:13px}
#kg-results li:hover,#kg-results li.kg-active{background:#EEF3FA}
#kg-results .kg-type{color:#666;font-size:11px;margin-left:6px}
main{flex:1;display:flex;min-height:0}
#kg-network{flex:1;min-width:0;position:relative}
aside{width:340px;overflow:auto;border-left:1px solid #DDD;padding:8px 12px;font-size:13px}
aside h2{font-size:14px;margin:8px 0 4px}
#kg-legend{list-style:none;margin:0;padding:0}
#kg-legend li{display:flex;align-items:center;gap:8px;padding:2px 0}
#kg-legend .kg-count{margin-left:auto;color:#555}
.kg-note{background:#FFF7E0;border:1px solid #E8D49A;padding:6px 8px;border-radius:4px;margin:6px 0}
.kg-info{max-width:420px;white-space:normal;font-size:13px;line-height:1.35}
.kg-info-type{font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
.kg-info-label{font-weight:600;font-size:15px;margin:2px 0 6px}
.kg-info dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 8px;margin:0 0 6px}
.kg-info dt{color:#555}
.kg-info dd{margin:0;overflow-wrap:anywhere}
.kg-evidence{margin:6px 0 2px;padding:4px 8px;border-left:3px solid #BBB;background:#F6F6F6;font-style:italic}
.kg-source{color:#555;font-size:12px}
.kg-iri{color:#777;font-size:11px;margin-top:6px;overflow-wrap:anywhere}
div.vis-tooltip{white-space:normal !important;max-width:440px;background:#FFF !important;border:1px solid #AAA !important;box-shadow:0 2px 8px rgba(0,0,0,.2);padding:8px !important;font-family:inherit !important}
"""

_APP_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var TYPES = DATA.types;
  var byId = new Map();
  DATA.nodes.forEach(function (n) { byId.set(n.id, n); });

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fold(s) {
    return String(s).replace(/\u0110/g, "D").replace(/\u0111/g, "d").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function safeUrl(u) { return (typeof u === "string" && /^https?:\/\//i.test(u)) ? u : null; }
  function externalLink(url, text) {
    var a = el("a", null, text);
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }

  // Tooltip / details panel of a node, built with textContent only (never innerHTML).
  function info(n, interactive) {
    var k = n.kg, t = TYPES[k.type];
    var box = el("div", "kg-info");
    var head = el("div", "kg-info-type", t.label + " (" + t.labelEn + ")");
    head.style.color = t.color;
    box.appendChild(head);
    box.appendChild(el("div", "kg-info-label", k.label));
    if (k.fields.length) {
      var dl = el("dl");
      k.fields.forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
      box.appendChild(dl);
    }
    if (interactive && safeUrl(k.url)) {
      var own = el("div", "kg-source", "Nguồn gốc: ");
      own.appendChild(externalLink(safeUrl(k.url), k.url));
      box.appendChild(own);
    }
    k.evidence.forEach(function (e) {
      box.appendChild(el("blockquote", "kg-evidence", e.text));
      var src = el("div", "kg-source", "Báo cáo: ");
      if (interactive && e.report && byId.has(e.report)) {
        var a = el("a", "kg-report-link", e.reportLabel);
        a.href = "#";
        a.setAttribute("data-node", e.report);
        a.addEventListener("click", function (ev) { ev.preventDefault(); select(e.report); });
        src.appendChild(a);
      } else {
        src.appendChild(document.createTextNode(e.reportLabel));
      }
      if (interactive && safeUrl(e.url)) {
        src.appendChild(document.createTextNode(" · "));
        src.appendChild(externalLink(safeUrl(e.url), "nguồn gốc"));
      }
      box.appendChild(src);
    });
    if (k.more) box.appendChild(el("div", "kg-source", "… và " + k.more + " câu khác"));
    box.appendChild(el("div", "kg-iri", k.iri));
    return box;
  }
  function edgeInfo(e) {
    var box = el("div", "kg-info");
    var a = byId.get(e.from), b = byId.get(e.to);
    box.appendChild(el("div", "kg-info-label", e.kg.relations.join("; ")));
    box.appendChild(el("div", null, a.kg.label + " — " + b.kg.label));
    return box;
  }

  var nodes = new vis.DataSet(DATA.nodes.map(function (n) {
    var o = Object.assign({}, n); delete o.kg; o.title = info(n, false); return o;
  }));
  var edges = new vis.DataSet(DATA.edges.map(function (e, i) {
    var o = Object.assign({}, e); delete o.kg; o.id = "e" + i; o.title = edgeInfo(e); return o;
  }));
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, DATA.options);
  var state = {ready: false, physicsStopped: !DATA.physics, selected: null};

  function markReady() {
    if (state.ready) return;
    state.ready = true;
    document.body.setAttribute("data-kg-ready", "1");
  }
  if (DATA.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      state.physicsStopped = true;
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
    network.fit({animation: false});
  }

  var details = document.getElementById("kg-details");
  function showDetails(id) {
    var n = byId.get(id);
    details.replaceChildren(n ? info(n, true) : el("p", null, ""));
    state.selected = id;
  }
  function select(id) {
    if (!byId.has(id)) return false;
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: false});
    showDetails(id);
    return true;
  }
  network.on("click", function (p) {
    if (p.nodes.length) { showDetails(p.nodes[0]); }
    else if (p.edges.length) { var e = DATA.edges[Number(String(p.edges[0]).slice(1))]; details.replaceChildren(edgeInfo(e)); state.selected = null; }
    else { details.replaceChildren(el("p", "kg-hint", "Bấm vào một nút để xem chi tiết.")); state.selected = null; }
  });

  // Search by name (accent- and case-insensitive): exact, then prefix, then substring; bigger first.
  var index = DATA.nodes.map(function (n) { return {id: n.id, f: fold(n.kg.label), size: n.size, label: n.kg.label, type: n.kg.type}; });
  function search(q) {
    var f = fold(q);
    if (!f) return [];
    var hits = [];
    index.forEach(function (r) {
      var rank = r.f === f ? 0 : r.f.indexOf(f) === 0 ? 1 : r.f.indexOf(f) >= 0 ? 2 : -1;
      if (rank >= 0) hits.push([rank, -r.size, r.label, r]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    return hits.slice(0, 20).map(function (h) { return h[3]; });
  }
  var input = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  var current = [];
  function showResults() {
    current = search(input.value);
    results.replaceChildren.apply(results, current.map(function (r) {
      var li = el("li", null, r.label);
      li.appendChild(el("span", "kg-type", TYPES[r.type].label));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); select(r.id); results.replaceChildren(); });
      return li;
    }));
    if (input.value && !current.length) results.replaceChildren(el("li", null, "Không tìm thấy"));
  }
  input.addEventListener("input", showResults);
  input.addEventListener("blur", function () { results.replaceChildren(); });
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var found = search(input.value);
    if (found.length) { select(found[0].id); results.replaceChildren(); }
    else { showResults(); }
  });

  window.kgView = {network: network, nodes: nodes, edges: edges, select: select, search: search, state: state};
})();
"""


def render_view_graph(G: nx.Graph, opts: ViewOptions | None = None) -> str:
    """The complete HTML page of a graph from :func:`build_view_graph` (see
    :func:`render_html` for what the page guarantees). ``opts`` supplies the title, the physics
    threshold and the layout seed (the filters were applied by :func:`build_view_graph`).

    Raises:
        RuntimeError: pyvis's bundled vis-network files are missing.
    """
    opts = opts or ViewOptions()
    vis_js, vis_css = _vis_assets()
    data = _page_data(G, opts)
    app_js = _APP_JS
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    title = html.escape(opts.title)
    omitted = _omitted_text(G, opts)
    n, m = G.number_of_nodes(), G.number_of_edges()
    empty = "" if n else '<p class="kg-note" id="kg-empty">Không có nút nào khớp với các bộ lọc.</p>'
    note = f'<p class="kg-note" id="kg-omitted">{html.escape(omitted)}</p>' if omitted else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="kg.view (pyvis network data, vis-network 9.1.2 inlined)">\n'
        f"<title>{title}</title>\n"
        f"<style>{vis_css}</style>\n<style>{_CSS}</style>\n"
        "</head>\n<body>\n"
        f"<header><h1>{title}</h1>"
        '<form id="kg-search-form" role="search" autocomplete="off">'
        '<input id="kg-search" type="search" placeholder="Tìm theo tên…" aria-label="Tìm theo tên">'
        '<button type="submit">Tìm</button><ul id="kg-results"></ul></form>'
        f'<span id="kg-status" data-nodes="{n}" data-edges="{m}">{_vn_int(n)} nút · {_vn_int(m)} cạnh</span>'
        "</header>\n<main>\n"
        '<div id="kg-network"></div>\n'
        '<aside>\n'
        f"{note}{empty}"
        '<h2>Chú giải</h2>\n<ul id="kg-legend">\n'
        f"{_legend_html(G)}\n</ul>\n"
        '<p class="kg-source">Kích thước nút: độ trung tâm (degree centrality); nét đứt: trích từ báo cáo.</p>\n'
        '<h2>Chi tiết</h2>\n<div id="kg-details"><p class="kg-hint">Bấm vào một nút để xem chi tiết.</p></div>\n'
        "</aside>\n</main>\n"
        f'<script type="application/json" id="kg-data">{_json_for_script(data)}</script>\n'
        f"<script>{vis_js}</script>\n"
        f"<script>{app_js}</script>\n"
        "</body>\n</html>\n"
    )


def render_html(ds: Graph, opts: ViewOptions | None = None) -> str:
    """A complete, self-contained HTML view of ``ds``.

    Every script and stylesheet is inline (vis-network 9.1.2 from pyvis's package files); the
    page requests nothing from any host (its Content-Security-Policy forbids it) and runs only
    its own two scripts. All text from the graph is escaped (``html.escape`` in markup, JSON
    with ``\\u003c`` escapes in the data block, ``textContent`` in tooltips).

    Args:
        ds: ``rdflib.Dataset``/``ConjunctiveGraph`` or ``rdflib.Graph``.
        opts: :class:`ViewOptions` (``None``: defaults).

    Raises:
        ViewError: a bad option. TypeError: ``ds`` is not an rdflib graph.
    """
    opts = opts or ViewOptions()
    return render_view_graph(build_view_graph(ds, opts), opts)


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 (never the platform's default encoding) through
    :func:`kg.store.base.atomic_write`: temp file beside ``path``, fsync, ``os.replace``."""
    from kg.store.base import atomic_write

    data = text.encode("utf-8")
    atomic_write(Path(path), lambda out: out.write(data))


def write_view(ds: Graph, path: Path, opts: ViewOptions | None = None) -> ViewSummary:
    """Write the HTML view of ``ds`` to ``path`` (UTF-8, atomically: a temporary file in the
    same folder, then ``os.replace``; an existing file is untouched if anything fails).

    Args:
        ds: ``rdflib.Dataset``/``ConjunctiveGraph`` or ``rdflib.Graph``.
        path: the HTML file to write; missing parent folders are created.
        opts: :class:`ViewOptions` (``None``: defaults).

    Returns:
        :class:`ViewSummary` of what the page shows and what ``max_nodes`` left out.

    Raises:
        ViewError: a bad option. OSError: the file cannot be written.
    """
    opts = opts or ViewOptions()
    G = build_view_graph(ds, opts)
    _write_atomic(Path(path), render_view_graph(G, opts))
    return ViewSummary(
        path=Path(path),
        nodes=G.number_of_nodes(),
        edges=G.number_of_edges(),
        omitted=G.graph["omitted"],
        omitted_by_type=dict(G.graph["omitted_by_type"]),
        total_nodes=G.graph["total_nodes"],
    )
