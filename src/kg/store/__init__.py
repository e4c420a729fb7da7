"""Where the RDF goes: one named graph per report, behind one API whatever the backend.

Open a store from a URI and use the :class:`Store` methods; callers never branch on the kind::

    from kg.store import open_store

    with open_store("oxigraph:out/kg.oxigraph") as store:
        if store.report_hash(graph_iri) != new_hash:      # unchanged reports are skipped
            store.put_graph(graph_iri, triples, entities) # replaces the report's graph, merges
                                                          # its entities into kgd:graph/entities
        rows = store.query("SELECT ?s WHERE { ?s a <…> }").rows

Store URIs (see :func:`open_store`):

=================================  =========================================================
``memory:``                        rdflib Dataset in this process (default for small batches)
``memory:FILE.trig`` / ``.nq``     the same, loaded from FILE if it exists and written back
                                   atomically on ``close()``
``oxigraph:PATH``                  persistent pyoxigraph (RocksDB) store in directory PATH
                                   (default once a batch reaches :data:`LARGE_BATCH_REPORTS`)
``sparql:URL[?options]``           remote SPARQL 1.1 server (Oxigraph server, Virtuoso, …);
                                   see :mod:`kg.store.sparql`
=================================  =========================================================

Backends are registered per scheme with :func:`register_store` (rdflib's plugin pattern); other
packages may add schemes through the ``kg.stores`` entry-point group (name = scheme, value = a
factory ``f(uri, rest) -> Store``).
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

from kg.store.base import (
    CONTENT_HASH,
    ENTITY_GRAPH,
    EXPORT_FORMATS,
    BaseStore,
    QueryResult,
    Store,
    StoreError,
    query_form,
    register_store,
    registered_schemes,
)
from kg.store.base import lookup_scheme as _lookup
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore
from kg.store.sparql import ENGINES, SparqlStore

__all__ = [
    "CONTENT_HASH",
    "DEFAULT_OXIGRAPH_DIR",
    "ENTITY_GRAPH",
    "ENGINES",
    "EXPORT_FORMATS",
    "LARGE_BATCH_REPORTS",
    "BaseStore",
    "MemoryStore",
    "OxigraphStore",
    "QueryResult",
    "SparqlStore",
    "Store",
    "StoreError",
    "default_store_uri",
    "open_store",
    "query_form",
    "register_store",
    "registered_schemes",
]

LARGE_BATCH_REPORTS = 200
"""From this many reports in one build, :func:`default_store_uri` picks ``oxigraph:`` over ``memory:``.

Basis (``bench/store_bench.py`` on the 2-core machine, ~360 triples per report): at 138 reports
(50k triples) rdflib loads faster (no disk) and its GROUP BY queries take 14–77 ms, Oxigraph's
1–13 ms; at 2,755 reports (1M triples) rdflib needs 1.4 GB and 0.35–6 s per query, Oxigraph 0.8 GB
and 0.06–0.6 s. 200 reports (~70k triples) is where rdflib's queries approach 0.1 s and its
memory 0.2 GB, while a RocksDB directory still costs little to open."""

DEFAULT_OXIGRAPH_DIR = "kg.oxigraph"
"""Directory name (inside the build's output directory) of the default ``oxigraph:`` store."""


def open_store(uri: str) -> Store:
    """Open the store named by ``uri``.

    Args:
        uri: ``"memory:"``; ``"memory:FILE"`` with FILE ending in ``.trig``, ``.nq``, ``.nquads``,
            ``.jsonld`` or ``.json`` (loaded if present, saved atomically on ``close()``);
            ``"oxigraph:PATH"`` (directory, created if missing; ``"oxigraph:"`` alone is in-memory);
            ``"sparql:URL[?engine=oxigraph|virtuoso&query=/p&update=/p&gsp=/p&union=param|native&timeout=S]"``
            (see :mod:`kg.store.sparql`). The scheme is case-insensitive.

    Returns:
        An object implementing :class:`Store` (also a context manager that closes it).

    Raises:
        kg.errors.KgError: (:class:`StoreError`) no scheme, an unknown scheme (the message lists
            the known ones), or the backend cannot open the target (bad path, locked directory,
            unreachable server, malformed options).
    """
    if not isinstance(uri, str) or ":" not in uri:
        raise StoreError(
            f"store URI {uri!r} has no scheme; use one of "
            + ", ".join(f"{s}:…" for s in _known_schemes())
            + " (e.g. memory:, oxigraph:out/kg.oxigraph, sparql:http://127.0.0.1:7878)"
        )
    scheme, rest = uri.split(":", 1)
    factory = _lookup(scheme) or _entry_point(scheme)
    if factory is None:
        raise StoreError(f"unknown store scheme {scheme!r} in {uri!r}; known: {', '.join(_known_schemes())}")
    return factory(uri, rest)


def default_store_uri(report_count: int, out_dir: Path | str) -> str:
    """The store a build uses when the user gives no ``--store``.

    Args:
        report_count: number of reports in the batch.
        out_dir: the build's output directory.

    Returns:
        ``"memory:"`` below :data:`LARGE_BATCH_REPORTS` reports, else
        ``"oxigraph:{out_dir}/kg.oxigraph"`` (:data:`DEFAULT_OXIGRAPH_DIR`).
    """
    if report_count < LARGE_BATCH_REPORTS:
        return "memory:"
    return f"oxigraph:{Path(out_dir) / DEFAULT_OXIGRAPH_DIR}"


def _entry_point(scheme: str):  # noqa: ANN202 - a StoreFactory or None
    """A factory published by another package under the ``kg.stores`` entry-point group, or ``None``."""
    for ep in entry_points(group="kg.stores"):
        if ep.name.lower() == scheme.lower():
            factory = ep.load()
            register_store(scheme)(factory)
            return factory
    return None


def _known_schemes() -> list[str]:
    return sorted(set(registered_schemes()) | {ep.name.lower() for ep in entry_points(group="kg.stores")})
