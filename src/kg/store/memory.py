"""``memory:`` and ``memory:FILE`` — an rdflib :class:`~rdflib.Dataset` in this process.

The default for a handful of reports. ``memory:FILE`` loads ``FILE`` when it exists (TriG
``.trig``, N-Quads ``.nq``/``.nquads``, JSON-LD ``.jsonld``/``.json``; the format follows the
extension) and writes it back atomically on :meth:`MemoryStore.close` when something changed, so a
build killed halfway leaves the previous file whole. Turtle and N-Triples are refused: an rdflib
Dataset serialized as Turtle silently loses its named graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import URIRef

from kg.store.base import (
    BaseStore,
    CONTENT_HASH,
    ENTITY_GRAPH,
    PRUNE_UPDATE,
    QueryResult,
    StoreError,
    TermCache,
    Triple,
    check_graph_iri,
    check_report_graph,
    check_triple,
    register_store,
    write_quads,
)

FILE_FORMATS = {".trig": ("trig", "trig"), ".nq": ("nquads", "nquads"), ".nquads": ("nquads", "nquads"),
                ".jsonld": ("json-ld", "jsonld"), ".json": ("json-ld", "jsonld")}
"""File extension → (rdflib parser name, export format name) for ``memory:FILE``."""


@register_store("memory")
class MemoryStore(BaseStore):
    """The ``memory:`` backend: an :class:`rdflib.Dataset` (``default_union=True``), optionally file-backed.

    Args:
        uri: the full store URI (kept as :attr:`uri`).
        rest: what follows ``memory:`` — empty, or a file path (``~`` is expanded).

    Raises:
        StoreError: the file extension is not one of :data:`FILE_FORMATS`, or the file cannot be parsed.
    """

    def __init__(self, uri: str, rest: str = "") -> None:
        self.uri = uri
        self._ds = rdflib.Dataset(default_union=True)
        self._hashes: dict[str, str | None] = {}  # report_hash cache, kept by put/remove_graph
        self._dirty = False
        self._path: Path | None = None
        self._export_fmt = ""
        if rest:
            path = Path(rest).expanduser()
            suffix = path.suffix.lower()
            if suffix not in FILE_FORMATS:
                raise StoreError(
                    f"{uri}: memory:FILE needs a dataset file ending in {', '.join(FILE_FORMATS)} "
                    "(Turtle/N-Triples would drop the named graphs)"
                )
            parser, self._export_fmt = FILE_FORMATS[suffix]
            self._path = path
            if path.exists():
                try:
                    self._ds.parse(path, format=parser)
                except Exception as exc:  # rdflib raises many parser-specific types
                    raise StoreError(f"{uri}: cannot load {path}: {exc}") from exc

    # -- writes --------------------------------------------------------------------------------

    def put_graph(self, graph_iri: str, triples: Iterable[Triple], entities: Iterable[Triple] = ()) -> None:
        """Replace the named graph ``graph_iri`` with ``triples`` and add ``entities`` to the entity graph.

        All triples are read and checked before the dataset is touched, so an exception raised
        by either iterable (or a bad term) leaves the dataset as it was. ``entities`` are merged
        (set union) into :data:`kg.store.base.ENTITY_GRAPH`.

        Raises:
            StoreError: a bad graph IRI, the entity graph's IRI, or a bad triple
                (see :func:`kg.store.base.check_triple`).
        """
        iri = URIRef(check_report_graph(graph_iri))
        new = [check_triple(t, iri) for t in triples]
        shared = [check_triple(t, ENTITY_GRAPH) for t in entities]
        self._ds.remove_graph(iri)
        if new:
            context = self._ds.graph(iri)
            context.addN((s, p, o, context) for s, p, o in new)
        if shared:
            context = self._ds.graph(URIRef(ENTITY_GRAPH))
            context.addN((s, p, o, context) for s, p, o in shared)
        hashes = sorted(str(o) for _s, p, o in new if p == CONTENT_HASH)
        self._hashes[str(iri)] = hashes[0] if hashes else None
        self._dirty = True

    def remove_graph(self, graph_iri: str) -> None:
        """Drop the named graph ``graph_iri``; no error when absent.

        Raises:
            StoreError: a bad graph IRI.
        """
        iri = check_graph_iri(graph_iri)
        self._ds.remove_graph(URIRef(iri))
        self._hashes[iri] = None
        self._dirty = True

    def prune_entities(self) -> None:
        """Run :data:`kg.store.base.PRUNE_UPDATE` with rdflib's SPARQL Update engine."""
        self._ds.update(PRUNE_UPDATE)
        self._dirty = True

    # -- reads ---------------------------------------------------------------------------------

    def report_hash(self, graph_iri: str) -> str | None:
        """The ``kg:contentHash`` value in ``graph_iri`` (smallest one if several), or ``None``.

        Answered from a per-graph cache that ``put_graph``/``remove_graph`` keep; a miss (e.g. a
        graph loaded from FILE) scans the ``kg:contentHash`` triples once.
        """
        key = str(graph_iri)
        if key not in self._hashes:
            values = sorted(str(o) for _s, _p, o, _g in self._ds.quads((None, CONTENT_HASH, None, URIRef(key))))
            self._hashes[key] = values[0] if values else None
        return self._hashes[key]

    def _contexts(self) -> list[rdflib.Graph]:
        return [g for g in self._ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)]

    def graphs(self) -> list[str]:
        """The IRIs of the non-empty named graphs, sorted."""
        return sorted(str(g.identifier) for g in self._contexts())

    def query(self, sparql: str) -> QueryResult:
        """Run SPARQL 1.1 ``sparql`` with rdflib; the default graph is the union of all graphs.

        Raises:
            StoreError: the query does not parse or fails to evaluate (message from rdflib).
        """
        try:
            return QueryResult.from_rdflib(self._ds.query(sparql))
        except StoreError:
            raise
        except Exception as exc:  # pyparsing / rdflib evaluation errors
            raise StoreError(f"{self.uri}: query failed: {exc}") from exc

    def dataset(self) -> rdflib.Dataset:
        """The live :class:`rdflib.Dataset` itself (no copy; mutate it only through this store)."""
        return self._ds

    def __len__(self) -> int:
        """Number of quads in the named graphs."""
        return sum(len(g) for g in self._contexts())

    def export(self, path: Path, fmt: str) -> None:
        """Write every named graph to ``path`` (``nquads``, ``trig`` or ``jsonld``) atomically.

        Raises:
            StoreError: unknown format or the file cannot be written.
        """
        terms = TermCache()
        quads = (
            terms.to_ox_quad(s, p, o, g.identifier)
            for g in self._contexts()
            for s, p, o in g
        )
        write_quads(path, fmt, quads)

    def close(self) -> None:
        """For ``memory:FILE``: write the file back atomically if anything changed. Idempotent.

        Raises:
            StoreError: the file cannot be written (the old file is then left as it was).
        """
        if self._path is not None and self._dirty:
            self.export(self._path, self._export_fmt)
        self._dirty = False
