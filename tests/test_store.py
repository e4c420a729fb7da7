"""The store contract (kg.store), run on every backend: memory, oxigraph, and sparql against
Oxigraph server and Virtuoso (both started on 127.0.0.1 by tests/servers.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from kg.errors import KgError
from kg.store import (
    LARGE_BATCH_REPORTS,
    CONTENT_HASH,
    ENTITY_GRAPH,
    MemoryStore,
    OxigraphStore,
    QueryResult,
    SparqlStore,
    Store,
    StoreError,
    default_store_uri,
    open_store,
    query_form,
    register_store,
)
from kg.emit import split_entities
from kg.store.synthetic import GROUP_BY_QUERIES, KGD, PREFIXES, SKOS, report_graph
from servers import BACKENDS, open_backend, oxigraph_server, virtuoso_server  # noqa: F401 - session fixtures

def xsd(name: str) -> URIRef:
    return URIRef("http://www.w3.org/2001/XMLSchema#" + name)


EX = "http://example.org/"
G1, G2 = EX + "graph/1", EX + "graph/2"


def u(name: str) -> URIRef:
    return URIRef(EX + name)


def simple_graph(version: int, size: int = 30) -> list[tuple]:
    """``size`` plain triples tagged with ``version``, plus a content hash ``sha256:v{version}``."""
    triples = [(u(f"s{i}"), u("p"), Literal(f"Huyện {i} v{version}", lang="vi")) for i in range(size - 1)]
    triples.append((u("report"), CONTENT_HASH, Literal(f"sha256:v{version}")))
    return triples


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path):
    s = open_backend(request.param, tmp_path, request)
    yield s
    s.close()


def graph_triples(store: Store, graph: str) -> set[tuple]:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    return set(rows)


# --- the contract on every backend -------------------------------------------------------------


def test_is_a_store(store: Store) -> None:
    assert isinstance(store, Store)
    assert store.graphs() == []
    assert len(store) == 0


def test_put_then_read_back(store: Store) -> None:
    store.put_graph(G1, simple_graph(1))
    assert store.graphs() == [G1]
    assert len(store) == 30
    assert graph_triples(store, G1) == set(simple_graph(1))
    assert store.report_hash(G1) == "sha256:v1"


def test_put_replaces_the_graph(store: Store) -> None:
    store.put_graph(G1, simple_graph(1))
    store.put_graph(G2, simple_graph(9, size=5))
    store.put_graph(G1, simple_graph(2, size=10))
    assert graph_triples(store, G1) == set(simple_graph(2, size=10))
    assert graph_triples(store, G2) == set(simple_graph(9, size=5))
    assert len(store) == 15
    assert store.report_hash(G1) == "sha256:v2"


def test_blank_nodes_and_escaped_text_survive_a_replacement(store: Store) -> None:
    node = BNode()
    text = 'dòng 1\ndòng "2" \\ hết\ttab'
    triples = [(node, u("p"), Literal(text, lang="vi")), (u("s"), u("q"), node)]
    store.put_graph(G1, triples)
    store.put_graph(G1, triples)
    assert len(store) == 2
    rows = store.query(f"SELECT ?o WHERE {{ <{EX}s> <{EX}q> ?b . ?b <{EX}p> ?o }}").rows
    assert rows == [(Literal(text, lang="vi"),)]


def test_building_twice_leaves_the_same_triple_count(store: Store) -> None:
    reports = [report_graph(i) for i in range(6)]
    for graph, triples in reports:
        store.put_graph(graph, triples)
    first = len(store)
    assert first == sum(len(set(t)) for _g, t in reports) == 2122
    for graph, triples in reports:
        store.put_graph(graph, triples)
    assert len(store) == first
    assert store.graphs() == sorted(g for g, _t in reports)


def test_report_hash(store: Store) -> None:
    graph, triples = report_graph(3)
    assert store.report_hash(graph) is None
    store.put_graph(graph, triples)
    assert store.report_hash(graph) == "sha256:cde46093ade92bd501aa6fb381385c17dac03e35b71769911d45f4f1520f92d6"
    store.put_graph(G1, [(u("a"), u("b"), u("c"))])
    assert store.report_hash(G1) is None
    store.remove_graph(graph)
    assert store.report_hash(graph) is None


def report_parts(index: int) -> tuple[str, list, list]:
    """Synthetic report ``index`` split as the emitter splits: (graph IRI, report triples, entity triples)."""
    graph, triples = report_graph(index)
    report, entities = split_entities(triples)
    return graph, report, entities


def test_removing_a_report_keeps_facts_other_reports_support(store: Store) -> None:
    # Reports 0 and 18 are about the same district (area 270): both name it, its description is
    # stored once in the entity graph, and removing either report keeps it. Their posts and periods
    # (32 triples each) are report triples that the entity graph also holds (kg.emit.is_shared_fact).
    (g0, r0, e0), (g18, r18, e18) = report_parts(0), report_parts(18)
    assert (len(set(r0)), len(set(e0)), len(set(r18)), len(set(e18)), len(set(e0) | set(e18))) == (312, 74, 313, 77, 120)
    store.put_graph(g0, r0, e0)
    store.put_graph(g18, r18, e18)
    assert store.graphs() == sorted([g0, g18, ENTITY_GRAPH])
    assert len(store) == 312 + 313 + 120
    label = f'ASK {{ GRAPH <{ENTITY_GRAPH}> {{ <{KGD["area/270"]}> <{SKOS.prefLabel}> "Huyện Thường Tín"@vi }} }}'
    in_report = f'ASK {{ GRAPH <{g0}> {{ <{KGD["area/270"]}> <{SKOS.prefLabel}> ?l }} }}'
    copies = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ <{KGD["area/270"]}> <{SKOS.prefLabel}> ?l }} }}'
    report0 = f'ASK {{ <{KGD["report/synthetic/0"]}> ?p ?o }}'
    assert store.query(label).askAnswer is True
    assert store.query(in_report).askAnswer is False
    assert int(store.query(copies).rows[0][0]) == 1
    store.remove_graph(g0)
    assert store.graphs() == sorted([g18, ENTITY_GRAPH])
    assert len(store) == 313 + 120
    assert store.query(label).askAnswer is True
    assert store.query(report0).askAnswer is False
    store.prune_entities()  # what only report 0 stated or named goes; report 18's part stays
    assert len(store) == 313 + 77
    assert graph_triples(store, ENTITY_GRAPH) == set(e18)
    assert store.query(label).askAnswer is True
    store.remove_graph(g18)
    store.remove_graph(g18)  # absent: no error
    assert store.query(label).askAnswer is True  # entity descriptions outlive the reports
    assert store.graphs() == [ENTITY_GRAPH]
    assert len(store) == 77
    store.prune_entities()  # until pruned: no report names anything now
    assert len(store) == 0


def test_building_twice_with_entities_leaves_the_same_triple_count(store: Store) -> None:
    reports = [report_parts(i) for i in (0, 18, 36, 1)]
    for graph, report, entities in reports:
        store.put_graph(graph, report, entities)
    first = len(store)
    shared = set().union(*(set(e) for _g, _r, e in reports))
    assert first == sum(len(set(r)) for _g, r, _e in reports) + len(shared) == 1254 + 216
    for graph, report, entities in reports:  # replacements: the entity graph is merged, not doubled
        store.put_graph(graph, report, entities)
    assert len(store) == first
    assert graph_triples(store, ENTITY_GRAPH) == shared


def test_the_entity_graph_is_not_a_report_graph(store: Store) -> None:
    with pytest.raises(StoreError, match="is the shared entity graph, not a report graph"):
        store.put_graph(ENTITY_GRAPH, simple_graph(1))
    assert len(store) == 0


def test_a_failing_entity_source_writes_nothing(store: Store) -> None:
    graph, report, entities = report_parts(0)

    def killed_halfway():
        yield from entities[:10]
        raise RuntimeError("build killed")

    with pytest.raises(RuntimeError, match="build killed"):
        store.put_graph(graph, report, killed_halfway())
    assert store.graphs() == []
    assert len(store) == 0


def test_a_failing_triple_source_leaves_the_old_graph_whole(store: Store) -> None:
    store.put_graph(G1, simple_graph(1))

    def killed_halfway():
        yield from simple_graph(2)[:15]
        raise RuntimeError("build killed")

    with pytest.raises(RuntimeError, match="build killed"):
        store.put_graph(G1, killed_halfway())
    assert graph_triples(store, G1) == set(simple_graph(1))
    assert store.report_hash(G1) == "sha256:v1"
    assert len(store) == 30


def test_a_bad_triple_is_refused_before_anything_is_written(store: Store) -> None:
    store.put_graph(G1, simple_graph(1))
    bad = simple_graph(2)[:5] + [(Literal("not a subject"), u("p"), u("o"))]
    with pytest.raises(StoreError, match="subject must be an IRI or blank node"):
        store.put_graph(G1, bad)
    with pytest.raises(StoreError, match="not an absolute IRI"):
        store.put_graph("graph 1", simple_graph(2))
    assert graph_triples(store, G1) == set(simple_graph(1))


def test_an_empty_put_removes_the_graph(store: Store) -> None:
    store.put_graph(G1, simple_graph(1))
    store.put_graph(G1, [])
    assert store.graphs() == []
    assert len(store) == 0


def test_query_forms(store: Store) -> None:
    store.put_graph(G1, simple_graph(1, size=4))
    select = store.query(f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s")
    assert select.type == "SELECT"
    assert select.vars == ["s", "o"]
    assert select.rows == [(u(f"s{i}"), Literal(f"Huyện {i} v1", lang="vi")) for i in range(3)]
    optional = store.query(f"SELECT ?s ?x WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}none> ?x }} }} LIMIT 1")
    assert optional.rows[0][1] is None
    assert store.query(f"ASK {{ <{EX}s0> ?p ?o }}").askAnswer is True
    assert store.query(f"PREFIX ex: <{EX}>\n# comment\nASK {{ ex:s9 ?p ?o }}").askAnswer is False
    construct = store.query(f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    assert construct.type == "CONSTRUCT"
    assert set(construct.graph) == {(u(f"s{i}"), u("q"), Literal(f"Huyện {i} v1", lang="vi")) for i in range(3)}


def test_a_bad_query_raises_kg_error(store: Store) -> None:
    with pytest.raises(KgError):
        store.query("SELECT ?s WHERE { ?s ?p }")


def test_len_counts_quads_and_union_matches_per_engine(store: Store) -> None:
    shared = (u("area"), u("label"), Literal("Huyện Thường Tín", lang="vi"))
    store.put_graph(G1, [shared])
    store.put_graph(G2, [shared])
    assert len(store) == 2
    assert store.query(f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?s <{EX}label> ?o }}").rows == [(Literal(1),)]
    # Without DISTINCT the engines differ: rdflib's union default graph is an RDF merge (a triple in
    # two graphs is one solution), Oxigraph's and Virtuoso's match quads (two solutions).
    expected = 1 if isinstance(store, MemoryStore) else 2
    assert store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}label> ?o }}").rows == [(Literal(expected),)]


def test_dataset_materializes_every_graph(store: Store) -> None:
    store.put_graph(G1, simple_graph(1))
    store.put_graph(G2, simple_graph(2, size=3))
    ds = store.dataset()
    assert sorted(str(g.identifier) for g in ds.graphs() if len(g)) == [G1, G2]
    assert set(ds.graph(URIRef(G2))) == set(simple_graph(2, size=3))
    assert len(list(ds.query(f"SELECT DISTINCT ?s WHERE {{ ?s <{EX}p> ?o }}"))) == 29


@pytest.mark.parametrize("fmt", ["nquads", "trig", "jsonld"])
def test_export_round_trips(store: Store, tmp_path: Path, fmt: str) -> None:
    store.put_graph(G1, simple_graph(1))
    store.put_graph(G2, simple_graph(2, size=3) + [(BNode("x1"), u("p"), Literal("8.5", datatype=xsd("decimal")))])
    target = tmp_path / f"out.{ {'nquads': 'nq', 'trig': 'trig', 'jsonld': 'jsonld'}[fmt] }"
    store.export(target, fmt)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    loaded = ox.Store()
    loaded.load(path=str(target))
    assert len(loaded) == 34
    assert sorted(g.value for g in loaded.named_graphs()) == [G1, G2]
    again = open_store(f"memory:{target}")
    assert len(again) == 34
    assert again.report_hash(G2) == "sha256:v2"


def test_export_rejects_unknown_format(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown export format 'turtle'; use one of nquads, trig, jsonld"):
        store.export(tmp_path / "x.ttl", "turtle")


def test_queries_agree_across_backends(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    stores = {kind: open_backend(kind, tmp_path / kind, request) for kind in BACKENDS}
    reports = [report_graph(i) for i in range(40)]
    queries = {
        **GROUP_BY_QUERIES,
        "persons per organization type, across the union": """
            SELECT ?type (COUNT(DISTINCT ?person) AS ?n) WHERE {
              ?post org:heldBy ?person ; org:postIn ?org . ?org kg:orgType ?type } GROUP BY ?type""",
        "labels of districts": """
            SELECT DISTINCT ?area ?label WHERE { ?area a kg:District ; skos:prefLabel ?label }""",
        # Virtuoso also shows its own system graphs to GRAPH ?g, so such queries name kg's graphs.
        "triples per graph": """
            SELECT ?g (COUNT(*) AS ?n) WHERE {
              GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/kg-vn/id/graph/")) } GROUP BY ?g""",
        "falling indicators": """
            SELECT DISTINCT ?obs ?change WHERE { ?obs kg:changeFromPreviousPeriod ?change FILTER(?change < -19) }""",
    }
    try:
        for s in stores.values():
            for graph, triples in reports:
                s.put_graph(graph, triples)
        for name, body in queries.items():
            answers = {kind: comparable(s.query(PREFIXES + "\n" + body)) for kind, s in stores.items()}
            assert answers["memory"], name
            for kind in BACKENDS[1:]:
                assert answers[kind] == answers["memory"], f"{name}: {kind} differs from memory"
        per_graph = comparable(stores["oxigraph"].query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
        assert len(per_graph) == 40
    finally:
        for s in stores.values():
            s.close()


def comparable(result: QueryResult) -> list[tuple]:
    """SELECT rows as sorted tuples of (var, value) with numbers compared by value (engines differ in
    the lexical form of computed aggregates, e.g. SUM of decimals)."""

    def value(term):
        if isinstance(term, Literal) and term.datatype in (xsd("integer"), xsd("decimal"), xsd("double"), xsd("int"), xsd("float")):
            return ("number", Decimal(str(term.toPython())))
        return ("term", term)

    return sorted(tuple(sorted((k, value(v)) for k, v in row.items())) for row in result.as_dicts())


# --- backend-specific behaviour ----------------------------------------------------------------


def test_oxigraph_canonicalizes_derived_datatypes(tmp_path: Path) -> None:
    """Oxigraph stores xsd:nonNegativeInteger as xsd:integer (value kept); rdflib keeps the datatype."""
    triple = (u("span"), u("beginIndex"), Literal("5", datatype=xsd("nonNegativeInteger")))
    memory, oxigraph = open_store("memory:"), open_store(f"oxigraph:{tmp_path / 'o'}")
    for s in (memory, oxigraph):
        s.put_graph(G1, [triple])
    query = f"SELECT ?o WHERE {{ ?s <{EX}beginIndex> ?o }}"
    assert memory.query(query).rows == [(Literal("5", datatype=xsd("nonNegativeInteger")),)]
    assert oxigraph.query(query).rows == [(Literal("5", datatype=xsd("integer")),)]
    oxigraph.close()


def test_oxigraph_store_persists_and_locks(tmp_path: Path) -> None:
    path = tmp_path / "db"
    first = open_store(f"oxigraph:{path}")
    first.put_graph(G1, simple_graph(1))
    with pytest.raises(StoreError, match="cannot open Oxigraph store"):
        open_store(f"oxigraph:{path}")
    first.close()
    first.close()
    again = open_store(f"oxigraph:{path}")
    assert again.graphs() == [G1]
    assert len(again) == 30
    again.close()
    with pytest.raises(StoreError, match="store is closed"):
        again.graphs()


def test_oxigraph_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        open_store(f"oxigraph:{tmp_path / 'f'}")


KILL_SCRIPT = textwrap.dedent(
    """
    import sys
    from kg.store import open_store
    from kg.store.synthetic import report_graph
    store = open_store("oxigraph:" + sys.argv[1])
    version = 0
    while True:
        version += 1
        for i in range(20):
            graph, triples = report_graph(i, seed=version)
            store.put_graph(graph, triples)
            print(version, i, flush=True)
    """
)


def kill_writer_after(script: Path, path: Path, lines: int) -> None:
    """Run ``python script path``; SIGKILL it once it has printed ``lines`` lines (within 120 s)."""
    process = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True)
    try:
        seen = 0
        deadline = time.monotonic() + 120
        while seen < lines and time.monotonic() < deadline:
            if process.stdout.readline():
                seen += 1
        assert seen == lines, "writer made no progress"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL


def test_oxigraph_build_killed_halfway_leaves_whole_graphs(tmp_path: Path) -> None:
    """SIGKILL a process that keeps replacing 20 report graphs; each graph must be one whole version."""
    path = tmp_path / "db"
    script = tmp_path / "writer.py"
    script.write_text(KILL_SCRIPT)
    kill_writer_after(script, path, 70)  # past the first round: replacements running
    store = open_store(f"oxigraph:{path}")
    try:
        assert len(store.graphs()) == 20
        for i in range(20):
            graph = report_graph(i)[0]
            stored = store.report_hash(graph)
            versions = [v for v in range(1, 200) if report_graph(i, seed=v)[1][6][2] == Literal(stored)]
            assert len(versions) == 1, f"graph {i}: hash {stored} matches no whole version"
            expected = {(s, p, o) for s, p, o in report_graph(i, seed=versions[0])[1]}
            rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
            assert int(rows[0][0]) == len(expected), f"graph {i} is partial"
    finally:
        store.close()


def test_memory_file_is_loaded_and_saved_atomically(tmp_path: Path) -> None:
    path = tmp_path / "kg.trig"
    with open_store(f"memory:{path}") as first:
        first.put_graph(G1, simple_graph(1))
    assert path.exists()
    before = path.read_bytes()
    with open_store(f"memory:{path}") as second:
        assert second.graphs() == [G1]
        assert second.report_hash(G1) == "sha256:v1"
    assert path.read_bytes() == before  # nothing changed: not rewritten
    third = open_store(f"memory:{path}")
    third.put_graph(G2, simple_graph(2))

    def crash(*_args, **_kwargs):
        raise OSError("disk full")

    original = ox.serialize
    ox.serialize = crash
    try:
        with pytest.raises(StoreError, match="disk full"):
            third.close()
    finally:
        ox.serialize = original
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.trig"]


@pytest.mark.parametrize("suffix", [".nq", ".jsonld"])
def test_memory_file_formats(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"kg{suffix}"
    with open_store(f"memory:{path}") as s:
        s.put_graph(G1, simple_graph(1))
    with open_store(f"memory:{path}") as s:
        assert len(s) == 30


def test_memory_refuses_formats_without_named_graphs(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="Turtle/N-Triples would drop the named graphs"):
        open_store(f"memory:{tmp_path / 'kg.ttl'}")


# --- URIs and registry -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("kg.trig", "has no scheme; use one of memory:…, oxigraph:…, sparql:…"),
        ("postgres:db", "unknown store scheme 'postgres' in 'postgres:db'; known: memory, oxigraph, sparql"),
        ("sparql:ftp://host/x", "expected sparql:http://HOST:PORT"),
        ("sparql:127.0.0.1:7878", "expected sparql:http://HOST:PORT"),
        ("sparql:http://127.0.0.1:9?engine=oxigraph&path=/x", "unknown option 'path'"),
        ("sparql:http://127.0.0.1:9?engine=oxigraph&gsp=/a&gsp=/b", "option 'gsp' given twice"),
        ("sparql:http://127.0.0.1:9?engine=blazegraph", "unknown engine 'blazegraph'"),
        ("sparql:http://127.0.0.1:9?engine=oxigraph&union=rewrite", "union must be 'param' or 'native'"),
        ("sparql:http://127.0.0.1:9?engine=oxigraph&timeout=soon", "timeout must be a number"),
    ],
)
def test_bad_uris(uri: str, message: str) -> None:
    with pytest.raises(KgError) as info:
        open_store(uri)
    assert message in str(info.value)


def test_sparql_uri_options() -> None:
    store = open_store("sparql:HTTP://127.0.0.1:9/ds/?engine=virtuoso&gsp=data&union=param&timeout=5")
    assert isinstance(store, SparqlStore)
    assert store.base == "http://127.0.0.1:9/ds"
    assert (store.engine.query, store.engine.update, store.engine.gsp, store.engine.union) == (
        "/sparql", "/sparql", "/data", "param")
    assert store.timeout == 5.0
    authed = open_store("sparql:http://dba:s%40cret@127.0.0.1:9?engine=virtuoso")
    assert (authed.base, authed.engine.query, authed.engine.gsp) == (
        "http://127.0.0.1:9", "/sparql-auth", "/sparql-graph-crud-auth")


def test_unreachable_server_is_a_clear_error() -> None:
    from servers import free_port

    port = free_port()
    with pytest.raises(StoreError, match=f"cannot reach http://127.0.0.1:{port}"):
        open_store(f"sparql:http://127.0.0.1:{port}")
    store = open_store(f"sparql:http://127.0.0.1:{port}?engine=oxigraph")
    with pytest.raises(StoreError, match="failed: .*Connection refused"):
        store.graphs()


def test_registry_dispatches_on_scheme(tmp_path: Path) -> None:
    assert isinstance(open_store("MEMORY:"), MemoryStore)
    assert isinstance(open_store(f"oxigraph:{tmp_path / 'x'}"), OxigraphStore)

    @register_store("kgtest-scheme")
    def factory(uri: str, rest: str) -> Store:
        store = MemoryStore(uri)
        store.rest = rest
        return store

    made = open_store("kgtest-scheme:abc")
    assert isinstance(made, MemoryStore)
    assert made.rest == "abc"


def test_default_store_uri(tmp_path: Path) -> None:
    assert LARGE_BATCH_REPORTS == 200
    assert default_store_uri(199, tmp_path) == "memory:"
    assert default_store_uri(200, tmp_path) == f"oxigraph:{tmp_path / 'kg.oxigraph'}"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE {}", "SELECT"),
        ("  prefix ex: <http://e/#x>\n# ASK in a comment\nBASE <http://b/>\nask {}", "ASK"),
        ("PREFIX : <http://e/>\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://e/>", "DESCRIBE"),
    ],
)
def test_query_form(text: str, form: str) -> None:
    assert query_form(text) == form


def test_query_form_rejects_updates() -> None:
    with pytest.raises(StoreError, match="not a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query"):
        query_form("DELETE WHERE { ?s ?p ?o }")


def test_put_encoded_equals_put_graph_on_every_backend(store: Store) -> None:
    """A batch written by put_encoded (one request for the batch's entities on sparql:) leaves
    the same quads as the same reports written one by one with put_graph."""
    from kg.store.base import encode_report

    reports = [report_parts(i) for i in (0, 18, 36, 1)]
    reference = open_store("memory:")
    for graph, report, entities in reports:
        reference.put_graph(graph, report, entities)
    store.put_encoded([encode_report(*p) for p in reports])
    assert len(store) == len(reference) == 1254 + 216
    assert store.graphs() == reference.graphs()
    for graph in reference.graphs():  # (values compared per graph: engines canonicalize datatypes)
        assert len(graph_triples(store, graph)) == len(graph_triples(reference, graph)), graph
    assert store.report_hash(reports[1][0]) == reference.report_hash(reports[1][0]) is not None
    store.put_encoded([encode_report(*p) for p in reports[:2]])  # replacements
    assert len(store) == 1254 + 216


def test_optimize_keeps_every_quad(store: Store) -> None:
    for i in (0, 18):
        store.put_graph(*report_parts(i))
    before = len(store)
    store.optimize()  # a RocksDB compaction on oxigraph:, nothing elsewhere
    assert len(store) == before == 312 + 313 + 120
    assert store.report_hash(report_parts(18)[0]) is not None


def test_a_build_that_wrote_enough_optimizes_the_store_once(seed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from kg import pipeline

    calls: list[str] = []
    monkeypatch.setattr(OxigraphStore, "optimize", lambda self: calls.append(self.uri))
    uri = f"oxigraph:{tmp_path / 'db'}"
    assert pipeline.OPTIMIZE_MIN_REPORTS == 200
    pipeline.build([seed_path], tmp_path / "out", store_uri=uri)
    assert calls == []  # one report added: RocksDB's own compaction is enough
    monkeypatch.setattr(pipeline, "OPTIMIZE_MIN_REPORTS", 2)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(seed_path, folder / name)
    pipeline.build([folder], tmp_path / "out", store_uri=uri)
    assert calls == [uri]
    pipeline.build([folder], tmp_path / "out", store_uri=uri)  # unchanged: nothing written, nothing to compact
    assert calls == [uri]
