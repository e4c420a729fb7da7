"""The store contract shared by every backend: :class:`Store`, :class:`QueryResult`, the scheme registry.

A store holds an RDF dataset in which every report is one named graph (docs/model.md).
Backends register a factory for a URI scheme with :func:`register_store`; :func:`kg.store.open_store`
looks the scheme up, so callers never branch on the kind of store (the same design as rdflib's
plugin registry).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from hashlib import sha1
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

from kg.errors import KgError
from kg.namespaces import KGD

KG = "https://w3id.org/kg-vn/ontology#"
CONTENT_HASH = URIRef(KG + "contentHash")
"""``kg:contentHash``: the emitter writes ``<report> kg:contentHash "sha256:…"`` inside each report graph."""

ENTITY_GRAPH = str(KGD["graph/entities"])
"""``kgd:graph/entities`` (the IRI of :data:`kg.emit.ENTITY_GRAPH`): the shared graph that ``put_graph`` merges
entity triples into; it is never replaced by ``put_graph`` nor emptied by removing a report."""

SHARED_FACT_PREFIXES: tuple[str, ...] = tuple(
    str(KGD) + kind for kind in ("post/", "membership/", "event/", "interval/", "instant/")
)
"""IRI prefixes of the fact nodes whose IRI several reports share (docs/model.md): a post
(organization + role), a membership, an event (kind + organizer + date, ordinal or month), an
interval or instant (its dates). Their triples stay in the report graph, which states them, and are
also merged into :data:`ENTITY_GRAPH` (``kg.emit.is_shared_fact``), so a query across reports reads
each post, event and period once instead of once per report (``kg query --name people`` / ``events``)."""

_DESCRIBED = tuple(str(KGD) + kind for kind in ("area/", "org/", "person/"))


def _starts(var: str, prefixes: tuple[str, ...]) -> str:
    return " || ".join(f'STRSTARTS(STR({var}), "{prefix}")' for prefix in prefixes)


PRUNE_UPDATE = f"""PREFIX prov: <http://www.w3.org/ns/prov#>
DELETE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }}
WHERE {{
  GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }}
  FILTER({_starts("?s", SHARED_FACT_PREFIXES)})
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ENTITY_GRAPH}>) }}
}} ;
DELETE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }}
WHERE {{
  GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }}
  FILTER({_starts("?s", _DESCRIBED)})
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s prov:wasDerivedFrom ?r }} }}
}}
"""
"""SPARQL 1.1 Update run by :meth:`Store.prune_entities` (docs/model.md, "Named graphs"). It removes
from :data:`ENTITY_GRAPH` (1) each triple of a post, membership, event, interval or instant that no
report graph states any more (such a triple is written to both graphs, ``kg.emit.is_shared_fact``),
and (2) the whole description of an area, organization or person that no report graph derives
anything from (no ``prov:wasDerivedFrom`` left). Concepts and the data set are never removed. A label
that only a removed report gave stays while another report still names the entity: the entity graph
does not record which report gave which label."""

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_CONTENT_HASH_IRI = str(CONTENT_HASH)  # a plain str: rdflib's URIRef never equals a str

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
"""Formats accepted by :meth:`Store.export`: name → pyoxigraph serializer format.

All three keep the named graphs (Turtle would silently drop them), and all three load into
QLever (N-Quads), Virtuoso (N-Quads, TriG) and GraphDB (all three)."""

Triple = tuple[Node, Node, Node]


class StoreError(KgError):
    """A store cannot be opened, read or written (bad URI, locked directory, server error).

    The message names the store URI or the server endpoint and, for HTTP errors, the status and
    the first 500 characters of the server's answer.
    """


@dataclass
class QueryResult:
    """The answer to :meth:`Store.query`, the same shape for every backend.

    Attributes:
        type: ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``.
        vars: the projected variable names of a SELECT, in the engine's order (without ``?``);
            ``[]`` for the other forms.
        rows: SELECT solutions as tuples aligned with ``vars``; an unbound variable is ``None``.
            Terms are rdflib terms; ``xsd:string`` literals come back as plain literals
            (RDF 1.1 makes them the same term) whatever the engine sends.
        askAnswer: the boolean of an ASK, else ``None`` (the name follows rdflib's ``Result``).
        graph: the triples of a CONSTRUCT/DESCRIBE as an :class:`rdflib.Graph`, else ``None``.
    """

    type: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    askAnswer: bool | None = None  # noqa: N815 - rdflib's spelling, so callers can switch
    graph: rdflib.Graph | None = None

    def __iter__(self) -> Iterator:
        """Iterate the rows (SELECT), the triples (CONSTRUCT/DESCRIBE) or the single boolean (ASK)."""
        if self.type == "SELECT":
            return iter(self.rows)
        if self.graph is not None:
            return iter(self.graph)
        return iter([self.askAnswer])

    def __len__(self) -> int:
        """Number of rows (SELECT), triples (CONSTRUCT/DESCRIBE), or 1 (ASK)."""
        if self.type == "SELECT":
            return len(self.rows)
        if self.graph is not None:
            return len(self.graph)
        return 1

    def as_dicts(self) -> list[dict[str, Node]]:
        """SELECT rows as ``{var: term}`` dicts, unbound variables left out (order-independent comparison)."""
        return [{v: t for v, t in zip(self.vars, row) if t is not None} for row in self.rows]

    @classmethod
    def from_rdflib(cls, result: rdflib.query.Result) -> QueryResult:
        """Convert an :class:`rdflib.query.Result` (from ``Graph.query`` or ``Result.parse``).

        Raises:
            StoreError: the result type is not SELECT/ASK/CONSTRUCT/DESCRIBE.
        """
        if result.type == "SELECT":
            names = [str(v) for v in (result.vars or [])]
            rows = [tuple(canonical(t) if t is not None else None for t in row) for row in result]
            return cls("SELECT", names, rows)
        if result.type == "ASK":
            return cls("ASK", askAnswer=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            graph = rdflib.Graph()
            for s, p, o in result.graph:  # type: ignore[union-attr]
                graph.add((s, p, canonical(o)))
            return cls(result.type, graph=graph)
        raise StoreError(f"unsupported SPARQL result type {result.type!r}")


@runtime_checkable
class Store(Protocol):
    """An RDF dataset holding one named graph per report; every backend implements this.

    Only named graphs are managed: :meth:`graphs` and ``len()`` ignore triples in the default
    graph (kg never writes any). A graph with no triples does not exist.
    """

    uri: str

    def put_graph(self, graph_iri: str, triples: Iterable[Triple], entities: Iterable[Triple] = ()) -> None:
        """Replace the report graph ``graph_iri`` with ``triples`` and add ``entities`` to
        :data:`ENTITY_GRAPH` (set union), atomically where the backend has transactions.

        Raises:
            StoreError: a bad triple, ``graph_iri`` is not an absolute IRI or is
                :data:`ENTITY_GRAPH`, or the backend cannot write.
        """

    def put_encoded(self, reports: list[EncodedReport]) -> None:
        """Write a batch of reports made by :func:`encode_report`: each as :meth:`put_graph` would.

        Each report is whole or absent afterwards, also when the process is killed midway; a
        report whose graph exists is replaced. Backends may write the batch together (faster).

        Raises:
            StoreError: the batch cannot be written; reports of the batch may then be written or
                not, each whole (write them one by one to find the failing one).
        """

    def remove_graph(self, graph_iri: str) -> None:
        """Drop the named graph ``graph_iri``; no error when it is absent. The entity graph keeps
        what the report added to it until :meth:`prune_entities`."""

    def prune_entities(self) -> None:
        """Remove from :data:`ENTITY_GRAPH` what no report graph supports any more (:data:`PRUNE_UPDATE`).

        ``kg build`` runs it after replacing reports (changed content or ``--force``); a build that only adds reports
        has nothing to prune. It reads the whole entity graph (seconds per million quads).

        Raises:
            StoreError: the backend cannot run the update.
        """

    def optimize(self) -> None:
        """Make the store quick to query after a large write; ``kg build`` calls it once at the end of a
        build that wrote at least ``kg.pipeline.OPTIMIZE_MIN_REPORTS`` (200) reports.

        On ``oxigraph:PATH`` this is pyoxigraph's ``Store.optimize`` (RocksDB compaction: the bulk
        loads of a build leave many small files, and named-query pages at 10M quads took 2–3x longer
        before it; 38 s at 10M quads). A no-op on the other backends.

        Raises:
            StoreError: a storage error.
        """

    def report_hash(self, graph_iri: str) -> str | None:
        """The lexical value of ``kg:contentHash`` inside ``graph_iri`` (e.g. ``"sha256:…"``), or ``None``."""

    def graphs(self) -> list[str]:
        """The IRIs of the non-empty named graphs, sorted."""

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL 1.1 SELECT/ASK/CONSTRUCT/DESCRIBE with the default graph = union of all graphs."""

    def dataset(self) -> rdflib.Dataset:
        """Everything as an :class:`rdflib.Dataset` (``default_union=True``), for modest sizes."""

    def __len__(self) -> int:
        """Number of quads in the named graphs."""

    def export(self, path: Path, fmt: str) -> None:
        """Write every named graph to ``path`` as ``nquads``, ``trig`` or ``jsonld``, atomically."""

    def close(self) -> None:
        """Release the store (files, locks, connections); a ``memory:FILE`` store saves first."""


class BaseStore:
    """Shared behaviour of the built-in backends: context manager and ``repr``.

    Subclasses set :attr:`uri` and implement the :class:`Store` methods.
    """

    uri: str

    def put_graph(self, graph_iri: str, triples: Iterable[Triple], entities: Iterable[Triple] = ()) -> None:  # pragma: no cover
        """See :meth:`Store.put_graph`; every backend overrides it."""
        raise NotImplementedError

    def put_encoded(self, reports: list[EncodedReport]) -> None:
        """Write each encoded report with :meth:`put_graph`, one after the other (see :meth:`Store.put_encoded`).

        Raises:
            StoreError: as :meth:`put_graph`, or unreadable bytes.
        """
        terms = TermCache(limit=100_000)
        for report in reports:
            triples, entities = decode_report(report, terms)
            self.put_graph(report.graph, triples, entities)

    def optimize(self) -> None:
        """Nothing to do (see :meth:`Store.optimize`); the on-disk Oxigraph store overrides it."""

    def close(self) -> None:  # pragma: no cover - always overridden
        """Release the store."""

    def __enter__(self):  # noqa: ANN204 - returns the subclass
        """``with open_store(uri) as store:`` closes (and, for ``memory:FILE``, saves) on exit."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the store, also when the block raised (each report is whole, so saving is safe)."""
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.uri!r})"


StoreFactory = Callable[[str, str], Store]
"""``factory(uri, rest)`` where ``rest`` is the part of ``uri`` after ``scheme:``."""

_REGISTRY: dict[str, StoreFactory] = {}


def register_store(scheme: str) -> Callable[[StoreFactory], StoreFactory]:
    """Class/function decorator registering a backend for ``scheme:`` URIs (like rdflib's plugin registry).

    Args:
        scheme: lower-case URI scheme without the colon, e.g. ``"oxigraph"``.

    Returns:
        The decorator; it returns the factory unchanged. A later registration of the same scheme wins.
    """

    def decorate(factory: StoreFactory) -> StoreFactory:
        _REGISTRY[scheme.lower()] = factory
        return factory

    return decorate


def registered_schemes() -> list[str]:
    """The URI schemes that :func:`kg.store.open_store` accepts, sorted."""
    return sorted(_REGISTRY)


def lookup_scheme(scheme: str) -> StoreFactory | None:
    """The factory registered for ``scheme`` (case-insensitive), or ``None``."""
    return _REGISTRY.get(scheme.lower())


# --- terms -------------------------------------------------------------------------------------

_BNODE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def bnode_label(node: BNode) -> str:
    """A blank-node label valid in N-Triples/Turtle and pyoxigraph for ``node``.

    rdflib labels (``N1f…``) are kept; other labels (e.g. Virtuoso's ``nodeID://b10001``) become
    ``b`` + the SHA-1 of the label, so the same node keeps the same label within and across calls.
    """
    label = str(node)
    if _BNODE_ID.match(label) and not label.endswith("."):
        return label
    return "b" + sha1(label.encode("utf-8")).hexdigest()


def canonical(term: Node) -> Node:
    """``term`` with an ``xsd:string`` datatype dropped (RDF 1.1: ``"a"^^xsd:string`` is ``"a"``).

    Every backend stores and returns the plain form, so results compare equal across backends.
    """
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term


def check_triple(triple: Triple, graph_iri: str) -> Triple:
    """Validate one triple for ``put_graph`` and return it canonicalized.

    Raises:
        StoreError: not a 3-tuple of rdflib terms, a literal subject or predicate, or a
            non-IRI predicate.
    """
    try:
        s, p, o = triple
    except (TypeError, ValueError):
        raise StoreError(f"put_graph({graph_iri}): expected (s, p, o) triples, got {triple!r}") from None
    if not isinstance(s, (URIRef, BNode)):
        raise StoreError(f"put_graph({graph_iri}): subject must be an IRI or blank node: {s!r}")
    if not isinstance(p, URIRef):
        raise StoreError(f"put_graph({graph_iri}): predicate must be an IRI: {p!r}")
    if not isinstance(o, (URIRef, BNode, Literal)):
        raise StoreError(f"put_graph({graph_iri}): object must be an rdflib term: {o!r}")
    return s, p, canonical(o)


def check_graph_iri(graph_iri: str) -> str:
    """Return ``graph_iri`` as ``str`` after checking it is an absolute IRI that SPARQL can quote.

    Raises:
        StoreError: empty, relative (no ``scheme:``) or containing characters illegal in ``<…>``
            (space, ``<>"{}|^`\\``) — the rule of the SPARQL 1.1 ``IRIREF`` production.
    """
    iri = str(graph_iri)
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or re.search(r'[\x00-\x20<>"{}|^`\\]', iri):
        raise StoreError(f"not an absolute IRI usable as a graph name: {iri!r}")
    return iri


def check_report_graph(graph_iri: str) -> str:
    """:func:`check_graph_iri`, and not the entity graph (``put_graph`` only merges into that one).

    Raises:
        StoreError: see :func:`check_graph_iri`; or ``graph_iri`` is :data:`ENTITY_GRAPH` (a report
            whose key is ``entities`` needs another file name).
    """
    iri = check_graph_iri(graph_iri)
    if iri == ENTITY_GRAPH:
        raise StoreError(f"<{iri}> is the shared entity graph, not a report graph; rename a report "
                         "file called 'entities' (its entity triples are merged there by put_graph)")
    return iri


@dataclass
class EncodedReport:
    """One report ready for :meth:`Store.put_encoded`: its two parts as N-Quads bytes.

    Made by :func:`encode_report` where the report is extracted (a worker process), so the writer
    gets compact bytes instead of pickled rdflib terms and the store parses them natively.

    Attributes:
        graph: the report graph's IRI.
        nquads: N-Quads (UTF-8) of the report triples in ``graph``, except the ``kg:contentHash`` triple.
        entities: N-Quads (UTF-8) of the entity triples, in :data:`ENTITY_GRAPH`, one per line.
        commit: the N-Triples line (UTF-8) of the report's ``kg:contentHash`` triple, written
            last (a graph with its hash is a whole graph), or ``b""`` when there is none.
        quads: number of quads in the three together.
    """

    graph: str
    nquads: bytes
    entities: bytes
    commit: bytes
    quads: int


class Encoder:
    """Encodes reports for :meth:`Store.put_encoded`, remembering the terms that repeat across reports.

    Each term is checked and converted by pyoxigraph the first time it is seen (an IRI, language tag
    or blank-node label pyoxigraph rejects raises here, not in the store) and its N-Triples text is
    kept, keyed by the plain string of an IRI and by (lexical form, language, datatype) of a literal.
    A line is the texts joined, which is what ``pyoxigraph.serialize`` writes for the quad (checked
    on every quad of the seed report and on escapes, datatypes and blank nodes in
    ``tests/test_store_bulk.py``). Predicates, classes, concepts, places and organizations repeat in
    every report, so most terms are found already written: 0.53 CPU-ms a corpus report against 1.04
    when each quad was built and serialized by pyoxigraph (406 corpus reports encoded 3 times).

    Args:
        limit: terms kept per cache (IRIs; literals), ~250 bytes each. A full cache is emptied and
            fills again with what the next reports use, so terms that keep repeating are found
            again however many one-off terms (observation and evidence IRIs) went before.
    """

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self._iris: dict[str, str] = {}
        self._literals: dict[tuple[str, str | None, URIRef | None], str] = {}
        self._convert = TermCache(limit=0).to_ox

    def _text(self, term: Node) -> str:
        """The N-Triples text of a term that :func:`check_triple` accepts (cached, see the class).

        Raises:
            StoreError: pyoxigraph rejects the term (an invalid IRI, language tag or blank-node label).
        """
        if type(term) is URIRef:
            key: object = str(term)  # a plain str: URIRef.__eq__ is Python code, str's is not
            cache: dict = self._iris
        elif type(term) is Literal:
            key, cache = (str(term), term.language, term.datatype), self._literals
        else:
            return str(self._convert(term))
        text = cache.get(key)
        if text is None:
            text = str(self._convert(term))  # TermCache.to_ox drops an xsd:string datatype, as canonical()
            if len(cache) >= self.limit:
                cache.clear()
            cache[key] = text
        return text

    def _lines(self, triples: Iterable[Triple], graph_iri: str, hashes: list[str] | None = None) -> list[str]:
        """The N-Quads lines of ``triples`` in graph ``graph_iri``; with a ``hashes`` list, the
        ``kg:contentHash`` triples go there instead, as N-Triples lines.

        Raises:
            StoreError: as :func:`check_triple`, or a term pyoxigraph rejects.
        """
        iris, literals, text = self._iris, self._literals, self._text
        tail = f" {text(URIRef(graph_iri))} .\n"
        lines: list[str] = []
        for triple in triples:
            try:
                s, p, o = triple
            except (TypeError, ValueError):
                s = p = o = None
            if type(s) is URIRef and type(p) is URIRef and (type(o) is URIRef or type(o) is Literal):
                # the emitter's terms: the exact rdflib types, most of them already cached
                p_key = str(p)
                s_text = iris.get(str(s)) or text(s)
                p_text = iris.get(p_key) or text(p)
                if type(o) is URIRef:
                    o_text = iris.get(str(o)) or text(o)
                else:
                    o_text = literals.get((str(o), o.language, o.datatype)) or text(o)
            else:  # anything else is checked as put_graph checks it
                s, p, o = check_triple(triple, graph_iri)
                p_key, s_text, p_text, o_text = str(p), text(s), text(p), text(o)
            if hashes is not None and p_key == _CONTENT_HASH_IRI:
                hashes.append(f"{s_text} {p_text} {o_text} .\n")
            else:
                lines.append(f"{s_text} {p_text} {o_text}{tail}")
        return lines

    def encode(self, graph_iri: str, triples: Iterable[Triple], entities: Iterable[Triple] = ()) -> EncodedReport:
        """Check and encode one report's triples (as :meth:`Store.put_graph` takes them).

        Raises:
            StoreError: as :meth:`Store.put_graph` (bad graph IRI, the entity graph's IRI, a bad triple).
        """
        iri = check_report_graph(graph_iri)
        commit: list[str] = []
        body = self._lines(triples, iri, commit)
        shared = self._lines(entities, ENTITY_GRAPH)
        return EncodedReport(
            iri,
            "".join(body).encode("utf-8"),
            "".join(shared).encode("utf-8"),
            "".join(commit).encode("utf-8"),
            len(body) + len(commit) + len(shared),
        )


def encode_report(graph_iri: str, triples: Iterable[Triple], entities: Iterable[Triple] = (),
                  encoder: Encoder | None = None) -> EncodedReport:
    """Check and encode a report's triples (as :meth:`Store.put_graph` takes them) for :meth:`Store.put_encoded`.

    Args:
        graph_iri: the report graph.
        triples: its triples; entities: triples for :data:`ENTITY_GRAPH`.
        encoder: an :class:`Encoder` to reuse across reports (a new one by default).

    Raises:
        StoreError: as :meth:`Store.put_graph` (bad graph IRI, the entity graph's IRI, a bad triple).
    """
    return (encoder or Encoder()).encode(graph_iri, triples, entities)


def decode_report(report: EncodedReport, terms: TermCache | None = None) -> tuple[list[Triple], list[Triple]]:
    """The (report triples, entity triples) of an :class:`EncodedReport`, as rdflib terms.

    Raises:
        StoreError: the bytes are not N-Quads/N-Triples.
    """
    terms = terms or TermCache()
    to_rdflib = terms.to_rdflib
    report_part: list[Triple] = []
    entities: list[Triple] = []
    try:
        data = report.nquads + report.entities
        quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS)) if data else []
        hashes = list(ox.parse(report.commit, format=ox.RdfFormat.N_TRIPLES)) if report.commit else []
    except SyntaxError as exc:
        raise StoreError(f"<{report.graph}>: unreadable encoded report: {exc}") from None
    for q in quads + hashes:
        triple = (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
        in_entities = isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == ENTITY_GRAPH
        (entities if in_entities else report_part).append(triple)
    return report_part, entities


class TermCache:
    """Converts rdflib terms to pyoxigraph terms and back, caching IRIs (they repeat a lot).

    Args:
        limit: IRIs kept per direction; later ones are converted but not kept, so memory stays
            bounded (~200 bytes an entry) however many distinct IRIs pass through.
    """

    #: Longest literal (characters) kept by :meth:`to_rdflib`: labels, codes, dates and numbers
    #: repeat from row to row and query to query; evidence sentences rarely do.
    LITERAL_MAX = 120

    def __init__(self, limit: int = 1_000_000) -> None:
        self._named: dict[str, ox.NamedNode] = {}
        self._back: dict[ox.NamedNode | ox.Literal, Node] = {}
        self._limit = limit

    def named(self, iri: str) -> ox.NamedNode:
        """The cached :class:`pyoxigraph.NamedNode` for ``iri``.

        Raises:
            StoreError: pyoxigraph rejects the IRI.
        """
        node = self._named.get(iri)
        if node is None:
            try:
                node = ox.NamedNode(iri)
            except ValueError as exc:
                raise StoreError(f"invalid IRI {iri!r}: {exc}") from None
            if len(self._named) < self._limit:
                self._named[iri] = node
        return node

    def to_ox(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        """rdflib term → pyoxigraph term (literal lexical form, language and datatype kept as given).

        Raises:
            StoreError: an unsupported term kind (e.g. a variable or an RDF-star triple).
        """
        if isinstance(term, URIRef):
            return self.named(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None and str(term.datatype) != XSD_STRING:
                return ox.Literal(str(term), datatype=self.named(str(term.datatype)))
            return ox.Literal(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(bnode_label(term))
        raise StoreError(f"unsupported RDF term {term!r}")

    def to_ox_quad(self, s: Node, p: Node, o: Node, graph_iri: str) -> ox.Quad:
        """An rdflib triple placed in named graph ``graph_iri`` as a :class:`pyoxigraph.Quad`.

        Raises:
            StoreError: see :meth:`to_ox`.
        """
        return ox.Quad(self.to_ox(s), self.to_ox(p), self.to_ox(o), self.named(str(graph_iri)))

    def to_rdflib(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        """pyoxigraph term → rdflib term; ``xsd:string`` literals become plain literals.

        IRIs and literals of up to :attr:`LITERAL_MAX` characters are cached (keyed by the
        pyoxigraph term itself), since building an rdflib :class:`~rdflib.term.Literal` costs
        2–8 µs (lexical checks, casting to a Python value) and a page of query results repeats
        its labels, roles and dates.

        Raises:
            StoreError: an unsupported term kind (an RDF-star triple term).
        """
        node = self._back.get(term)  # type: ignore[call-overload]  # a BlankNode is never stored: never found
        if node is not None:
            return node
        if isinstance(term, ox.NamedNode):
            node = URIRef(term.value)
        elif isinstance(term, ox.Literal):
            value = term.value
            if term.language:
                node = Literal(value, lang=term.language)
            elif (datatype := term.datatype.value) == XSD_STRING:
                node = Literal(value)
            else:
                node = Literal(value, datatype=self.to_rdflib(term.datatype))
            if len(value) > self.LITERAL_MAX:
                return node
        elif isinstance(term, ox.BlankNode):
            return BNode(term.value)
        else:
            raise StoreError(f"unsupported RDF term {term!r}")
        if len(self._back) < self._limit:
            self._back[term] = node
        return node


_QUERY_FORM = re.compile(
    r"(?:\s+|#[^\n]*|PREFIX\s*[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE,
)


def query_form(sparql: str) -> str:
    """The form of a SPARQL query: ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``.

    Reads past comments and ``PREFIX``/``BASE`` declarations (SPARQL 1.1 §4.1, §19.8 ``Prologue``).

    Raises:
        StoreError: the text does not start like a query (e.g. an update, or empty).
    """
    match = _QUERY_FORM.match(sparql)
    if match is None:
        raise StoreError(f"not a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query: {sparql[:200]!r}")
    return match.group(1).upper()


# --- files -------------------------------------------------------------------------------------


def export_format(fmt: str) -> ox.RdfFormat:
    """The pyoxigraph format for an export name (``nquads``, ``trig``, ``jsonld``; also ``nq``, ``json-ld``).

    Raises:
        StoreError: an unknown name; the message lists the accepted ones.
    """
    key = fmt.lower().replace("-", "").replace("_", "")
    key = {"nq": "nquads", "json": "jsonld"}.get(key, key)
    if key not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return EXPORT_FORMATS[key]


def atomic_write(path: Path, write: Callable[[object], None]) -> None:
    """Write a file atomically: ``write(binary_file)`` into a temp file beside ``path``, fsync, ``os.replace``.

    A crash or an exception inside ``write`` leaves ``path`` as it was and removes the temp file
    (``os.replace`` is atomic on POSIX and Windows when both paths are on one file system).

    Raises:
        StoreError: the directory cannot be created or written.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_quads(path: Path, fmt: str, quads: Iterable[ox.Quad]) -> None:
    """Serialize pyoxigraph ``quads`` to ``path`` in export format ``fmt``, atomically (see :func:`atomic_write`).

    Raises:
        StoreError: unknown format, or the file cannot be written.
    """
    rdf_format = export_format(fmt)

    def write(out: object) -> None:
        ox.serialize(quads, out, rdf_format)

    try:
        atomic_write(path, write)
    except OSError as exc:
        raise StoreError(f"cannot export to {path}: {exc}") from None
