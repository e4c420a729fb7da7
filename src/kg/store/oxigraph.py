"""``oxigraph:PATH`` — a persistent on-disk store through pyoxigraph (RocksDB underneath).

Much faster and smaller than rdflib's memory store for large builds (see ``bench/store_bench.py``).
``oxigraph:`` with no path is an in-memory Oxigraph store (for tests and benchmarks).

Atomicity: a graph not yet in the store is written with ``Store.extend`` and a replacement with one
SPARQL update ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``; pyoxigraph runs each of
those as one transaction ("either the full operation succeeds, or nothing is written"), so a build
killed halfway leaves every report graph whole, old or new.

Known difference from rdflib: Oxigraph canonicalizes literals when it stores them. Derived integer
types become ``xsd:integer`` (``"5"^^xsd:nonNegativeInteger`` → ``"5"^^xsd:integer``), and lexical
forms are normalized (``"43.80"^^xsd:decimal`` → ``"43.8"``, ``"1"^^xsd:boolean`` → ``"true"``).
Values compare equal; datatype IRIs of derived types do not.

Bulk path: :meth:`OxigraphStore.put_encoded` writes the report graphs that are not in the store yet
with Oxigraph's bulk loader (``Store.bulk_load``: ~5x faster than transactions, measured 123k
against 18–30k quads/s, but without a transactional guarantee). Atomicity per report is kept by a
journal in the default graph (which kg never uses otherwise): (1) one transaction adds a marker
``<g> kg:writing ""`` per new graph; (2) the bulk load writes the graphs without their
``kg:contentHash`` triple, and the reports' entity triples (those this process has not stored
already: their N-Quads lines are remembered by hash, see :data:`KNOWN_ENTITY_LINES`); (3) one update adds the hash triples and
deletes the markers. Opening a store that still has markers (a writer killed between 1 and 3) drops
those graphs and the markers in one update, so every report graph is whole or absent; entity
triples of an interrupted batch may stay (they are true descriptions; :meth:`OxigraphStore.prune_entities`
removes them once no report supports them).

Only one process may open a given directory at a time (RocksDB lock); a second one gets
:class:`~kg.store.base.StoreError`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.store.base import (
    CONTENT_HASH,
    ENTITY_GRAPH,
    PRUNE_UPDATE,
    BaseStore,
    EncodedReport,
    QueryResult,
    StoreError,
    TermCache,
    Triple,
    check_graph_iri,
    check_report_graph,
    check_triple,
    query_form,
    register_store,
    write_quads,
)


#: Quads written to an on-disk Oxigraph store between two flushes of its write buffers.
FLUSH_EVERY = 500_000

#: Entity N-Quads lines (by their 64-bit hash) that :meth:`OxigraphStore.put_encoded` remembers as
#: already stored and leaves out of later bulk loads (~60 MB at the bound; entities repeat across
#: reports: 74% of the entity lines of 1,000 corpus reports were repeats).
KNOWN_ENTITY_LINES = 1_000_000

WRITING = "https://w3id.org/kg-vn/ontology#writing"
"""Predicate of the pending-write markers ``<graph> kg:writing "" .`` that :meth:`OxigraphStore.put_encoded`
keeps in the default graph while it bulk-loads new report graphs (see the module docstring)."""


class _Chunks(io.RawIOBase):
    """A read-only binary stream over a list of ``bytes`` chunks, one after the other (what
    ``b"".join(chunks)`` holds, without the copy). Each chunk is dropped once read."""

    def __init__(self, chunks: list[bytes]) -> None:
        super().__init__()
        self._chunks = chunks[::-1]
        self._view = memoryview(b"")

    def readable(self) -> bool:
        """Always ``True``."""
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001 - a writable buffer (bytearray, memoryview)
        """Copy the next bytes into ``buffer``; return how many (0 at the end)."""
        while not self._view:
            if not self._chunks:
                return 0
            self._view = memoryview(self._chunks.pop())
        n = min(len(buffer), len(self._view))
        buffer[:n] = self._view[:n]
        self._view = self._view[n:]
        return n


@register_store("oxigraph")
class OxigraphStore(BaseStore):
    """The ``oxigraph:PATH`` backend over :class:`pyoxigraph.Store`.

    Args:
        uri: the full store URI (kept as :attr:`uri`).
        rest: the directory (created if missing; ``~`` expanded), or empty for an in-memory store.

    Raises:
        StoreError: the path is a file, or the directory is locked by another process or unreadable.
    """

    def __init__(self, uri: str, rest: str = "") -> None:
        self.uri = uri
        self._unflushed = 0
        self._terms = TermCache()
        self._hash_predicate = ox.NamedNode(str(CONTENT_HASH))
        self.path: Path | None = Path(rest).expanduser() if rest else None
        try:
            if self.path is None:
                self._store: ox.Store | None = ox.Store()
            else:
                if self.path.exists() and not self.path.is_dir():
                    raise StoreError(f"{uri}: {self.path} is a file; oxigraph:PATH needs a directory")
                try:
                    self.path.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"{uri}: cannot create the store folder {self.path}: {exc.strerror}") from None
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"{uri}: cannot open Oxigraph store (is another kg process using it?): {exc}"
            ) from None
        self._writing = ox.NamedNode(WRITING)
        self._known_entities: set[int] = set()  # hashes of entity N-Quads lines this process has committed
        self.recovered = self._recover()
        """Report graphs dropped on opening because a killed writer left them half bulk-loaded."""
        self._ours: set[str] | None = None if next(iter(self._store.named_graphs()), None) else set()
        """When the store held no named graph on opening: the report graphs this object has written
        since (a superset of the report graphs in the store), so :meth:`report_hash` and
        :meth:`put_encoded` need no lookup for the others; ``None`` when the store held graphs."""

    def _may_hold(self, iri: str) -> bool:
        """False when graph ``iri`` is certainly not in the store (see :attr:`_ours`): a new build into
        a new store asks the store nothing per report (a lookup cost ~0.06–0.2 ms, growing with the
        number of files RocksDB holds)."""
        return self._ours is None or iri in self._ours

    def _recover(self) -> list[str]:
        """Drop the graphs a killed :meth:`put_encoded` left marked as being written; return their IRIs."""
        store = self._store
        marks = list(store.quads_for_pattern(None, self._writing, None, ox.DefaultGraph()))
        if not marks:
            return []
        names = sorted(q.subject.value for q in marks if isinstance(q.subject, ox.NamedNode))
        drops = "".join(f"DROP SILENT GRAPH <{n}> ;\n" for n in names)
        body = ox.serialize([q.triple for q in marks], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        try:
            store.update(f"{drops}DELETE DATA {{\n{body}}}")
        except OSError as exc:
            raise StoreError(f"{self.uri}: cannot drop the graphs a killed build left half written: {exc}") from exc
        return names

    @property
    def _ox(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"{self.uri}: store is closed")
        return self._store

    # -- writes --------------------------------------------------------------------------------

    def put_graph(self, graph_iri: str, triples: Iterable[Triple], entities: Iterable[Triple] = ()) -> None:
        """Replace the named graph ``graph_iri`` with ``triples`` and add ``entities`` to the entity
        graph, in one transaction.

        The triples are read, checked and converted before the store is touched, so an exception
        raised by either iterable leaves the store as it was. A new graph goes in with one
        ``Store.extend`` of both parts (an entity quad already stored is a no-op); a replacement is
        one update ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {…} GRAPH <entities> {…} }``.
        Blank nodes of a replaced graph are renamed by Oxigraph (SPARQL ``INSERT DATA``
        semantics); IRIs and literals are kept.

        Raises:
            StoreError: a bad graph IRI (or the entity graph's) or triple, or a storage error.
        """
        iri = check_report_graph(graph_iri)
        graph = self._terms.named(iri)
        to_quad = self._terms.to_ox_quad
        quads = [to_quad(*check_triple(t, iri), iri) for t in triples]
        shared = [to_quad(*check_triple(t, ENTITY_GRAPH), ENTITY_GRAPH) for t in entities]
        store = self._ox
        try:
            if self._ours is not None:
                self._ours.add(iri)
            if not store.contains_named_graph(graph):
                if quads or shared:
                    store.extend(quads + shared)
            else:
                body = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                more = ox.serialize([q.triple for q in shared], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                store.update(f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{body}}}\n"
                             f"GRAPH <{ENTITY_GRAPH}> {{\n{more}}} }}")
            self._unflushed += len(quads) + len(shared)
            if self.path is not None and self._unflushed >= FLUSH_EVERY:
                # Oxigraph keeps written data in memory buffers until flushed: without this a
                # 10k-report build grew past 2 GB (measured by bench/scale.py)
                store.flush()
                self._unflushed = 0
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.uri}: cannot write graph <{iri}>: {exc}") from exc

    def put_encoded(self, reports: list[EncodedReport]) -> None:
        """Write a batch of encoded reports: new graphs by one bulk load, existing ones replaced one by one.

        New report graphs go through the journalled bulk path of the module docstring (markers,
        bulk load, one commit update); a report whose graph is already stored (or that appears
        twice in the batch) is replaced in one transaction as :meth:`put_graph` does.

        Raises:
            StoreError: unreadable bytes or a storage error; each report of the batch is then
                whole or absent (a half-written graph is dropped when the store is next opened).
        """
        store = self._ox
        fresh: list[EncodedReport] = []
        seen: set[str] = set()
        try:
            for report in reports:
                if report.graph in seen:  # the later version must win: write what came before first
                    self._bulk(fresh)
                    fresh, seen = [], set()
                if self._may_hold(report.graph) and store.contains_named_graph(self._terms.named(report.graph)):
                    self._replace_encoded(report)
                else:
                    seen.add(report.graph)
                    fresh.append(report)
            self._bulk(fresh)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.uri}: cannot write a batch of {len(reports)} reports: {exc}") from exc

    def _bulk(self, fresh: list[EncodedReport]) -> None:
        """Journalled bulk load of report graphs not in the store (steps 1–3 of the module docstring)."""
        if not fresh:
            return
        store = self._ox
        if self._ours is not None:
            self._ours.update(r.graph for r in fresh)
        marks = [ox.Quad(self._terms.named(r.graph), self._writing, ox.Literal(""), ox.DefaultGraph()) for r in fresh]
        store.extend(marks)
        known = self._known_entities
        new_lines: dict[int, bytes] = {}
        for r in fresh:
            for line in r.entities.splitlines(keepends=True):
                key = hash(line)
                if key not in known:
                    new_lines.setdefault(key, line)
        chunks = [r.nquads for r in fresh if r.nquads]
        if new_lines:
            chunks.append(b"".join(new_lines.values()))
        try:
            if chunks:
                # not lenient=True (13% faster): it reads "<junk" up to the next line's ">" as one IRI.
                # Read as a stream: a batch of 2,000 reports is ~100 MB that b"".join would copy.
                store.bulk_load(io.BufferedReader(_Chunks(chunks), 1 << 20), format=ox.RdfFormat.N_QUADS)
            body = ox.serialize([q.triple for q in marks], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
            inserts = "".join(f"GRAPH <{r.graph}> {{ {r.commit.decode('utf-8')} }}\n" for r in fresh if r.commit)
            store.update(f"DELETE DATA {{\n{body}}} ;\nINSERT DATA {{\n{inserts}}}")
        except BaseException:
            self._recover()  # drop what the failed load wrote of these graphs, and their markers
            raise
        room = KNOWN_ENTITY_LINES - len(known)
        known.update(list(new_lines)[:max(room, 0)])
        self._unflushed += sum(r.quads for r in fresh)

    def _replace_encoded(self, report: EncodedReport) -> None:
        """Replace one report graph from its encoded form in one update (``DROP`` + ``INSERT DATA``)."""
        by_graph: dict[str, list[ox.Triple]] = {}
        data = report.nquads + report.entities
        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS) if data else ():
            by_graph.setdefault(q.graph_name.value, []).append(q.triple)
        blocks = "".join(
            f"GRAPH <{g}> {{\n{ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES).decode('utf-8')}}}\n"
            for g, ts in by_graph.items()
        )
        if report.commit:
            blocks += f"GRAPH <{report.graph}> {{ {report.commit.decode('utf-8')} }}\n"
        self._ox.update(f"DROP SILENT GRAPH <{report.graph}> ;\nINSERT DATA {{\n{blocks}}}")

    def remove_graph(self, graph_iri: str) -> None:
        """Drop the named graph ``graph_iri`` (one transaction); no error when absent.

        Raises:
            StoreError: a bad graph IRI or a storage error.
        """
        iri = check_graph_iri(graph_iri)
        if iri == ENTITY_GRAPH:
            self._known_entities.clear()
        try:
            self._ox.update(f"DROP SILENT GRAPH <{iri}>")
        except OSError as exc:
            raise StoreError(f"{self.uri}: cannot remove graph <{iri}>: {exc}") from exc

    def optimize(self) -> None:
        """Compact an on-disk store with pyoxigraph's ``Store.optimize`` (see :meth:`kg.store.Store.optimize`);
        nothing to do in memory.

        Raises:
            StoreError: a storage error.
        """
        if self.path is None:
            return
        try:
            self._ox.optimize()
        except OSError as exc:
            raise StoreError(f"{self.uri}: cannot optimize the store: {exc}") from exc

    def prune_entities(self) -> None:
        """Run :data:`kg.store.base.PRUNE_UPDATE` (one transaction) and forget which entity triples
        this process has written (a pruned triple may be written again).

        Raises:
            StoreError: a storage error.
        """
        self._known_entities.clear()
        try:
            self._ox.update(PRUNE_UPDATE)
        except OSError as exc:
            raise StoreError(f"{self.uri}: cannot prune the entity graph: {exc}") from exc

    # -- reads ---------------------------------------------------------------------------------

    def report_hash(self, graph_iri: str) -> str | None:
        """The ``kg:contentHash`` value in ``graph_iri`` (smallest if several), or ``None``.

        One lookup in Oxigraph's POSG index, independent of the store size; none for a graph this
        object knows is absent (a store that was empty when opened, see :attr:`_ours`).
        """
        iri = check_graph_iri(graph_iri)
        if not self._may_hold(iri):
            return None
        graph = self._terms.named(iri)
        values = sorted(q.object.value for q in self._ox.quads_for_pattern(None, self._hash_predicate, None, graph))
        return values[0] if values else None

    def graphs(self) -> list[str]:
        """The IRIs of the non-empty named graphs, sorted."""
        store = self._ox
        return sorted(
            g.value
            for g in store.named_graphs()
            if isinstance(g, ox.NamedNode) and next(iter(store.quads_for_pattern(None, None, None, g)), None)
        )

    def query(self, sparql: str) -> QueryResult:
        """Run SPARQL 1.1 ``sparql`` with ``use_default_graph_as_union=True``.

        Raises:
            StoreError: syntax error or evaluation failure (message from Oxigraph).
        """
        try:
            answer = self._ox.query(sparql, use_default_graph_as_union=True)
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult("ASK", askAnswer=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                names = [v.value for v in answer.variables]
                to_rdflib = self._terms.to_rdflib
                rows = [
                    tuple(None if (t := sol[i]) is None else to_rdflib(t) for i in range(len(names)))
                    for sol in answer
                ]
                return QueryResult("SELECT", names, rows)
            graph = rdflib.Graph()
            to_rdflib = self._terms.to_rdflib
            for triple in answer:
                graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
            form = "DESCRIBE" if query_form(sparql) == "DESCRIBE" else "CONSTRUCT"
            return QueryResult(form, graph=graph)
        except (SyntaxError, OSError, ValueError) as exc:
            raise StoreError(f"{self.uri}: query failed: {exc}") from exc

    def dataset(self) -> rdflib.Dataset:
        """A new :class:`rdflib.Dataset` (``default_union=True``) with a copy of every named graph."""
        ds = rdflib.Dataset(default_union=True)
        to_rdflib = self._terms.to_rdflib
        for name in self.graphs():
            context = ds.graph(rdflib.URIRef(name))
            context.addN(
                (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), context)
                for q in self._ox.quads_for_pattern(None, None, None, self._terms.named(name))
            )
        return ds

    def __len__(self) -> int:
        """Number of quads in the named graphs (all quads minus those of the default graph)."""
        store = self._ox
        in_default = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return len(store) - in_default

    def export(self, path: Path, fmt: str) -> None:
        """Write every named graph to ``path`` (``nquads``, ``trig``, ``jsonld``) atomically, streaming from disk.

        Raises:
            StoreError: unknown format or the file cannot be written.
        """
        store = self._ox
        quads = (q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
        write_quads(path, fmt, quads)

    def close(self) -> None:
        """Flush and release the store (and its directory lock). Idempotent."""
        if self._store is not None:
            if self.path is not None:
                try:
                    self._store.flush()
                except OSError:
                    pass
            self._store = None

