"""Batched writes (issue 7 build speed): encoded reports, Oxigraph's journalled bulk path, the
build's write batches and its graph.trig rule."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

import kg.pipeline as pipeline
from kg.emit import split_entities
from kg.store import ENTITY_GRAPH, open_store
from kg.store.base import (
    CONTENT_HASH,
    EncodedReport,
    Encoder,
    StoreError,
    TermCache,
    check_triple,
    decode_report,
    encode_report,
)
from kg.store.oxigraph import WRITING
from kg.store.synthetic import report_graph
from test_store import kill_writer_after


def parts(index: int, seed: int = 7) -> tuple[str, list, list]:
    graph, triples = report_graph(index, seed=seed)
    report, entities = split_entities(triples)
    return graph, report, entities


def count(store, graph: str) -> int:
    return int(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows[0][0])


def test_encoding_round_trips_and_reuses_cached_terms() -> None:
    encoder = Encoder(limit=1000)
    graph, report, entities = parts(0)
    first = encoder.encode(graph, report, entities)
    again = encoder.encode(graph, report, entities)  # every term now comes from the cache
    assert first == again
    assert first == encode_report(graph, report, entities)
    assert first.quads == len(report) + len(entities) == 318 + 81  # as listed (the emitter may list one twice)
    assert first.commit.startswith(b"<https://w3id.org/kg-vn/id/report/synthetic/0> <https://w3id.org/kg-vn/ontology#contentHash>")
    back_report, back_entities = decode_report(first)
    assert set(back_report) == set(report)
    assert set(back_entities) == set(entities)


def pyoxigraph_lines(triples: list, graph: str) -> list[bytes]:
    """What pyoxigraph itself serializes for ``triples`` in ``graph``, one N-Quads line per quad."""
    terms = TermCache(limit=0)
    quads = [terms.to_ox_quad(*check_triple(t, graph), graph) for t in triples]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).splitlines(keepends=True) if quads else []


TRICKY = [
    (URIRef("http://e.org/s"), URIRef("http://e.org/p"), Literal('a "b"\n\\c\r\td\x01 ế', lang="vi")),
    (URIRef("http://e.org/s"), URIRef("http://e.org/p"), Literal("5", datatype=XSD.nonNegativeInteger)),
    (URIRef("http://e.org/s"), URIRef("http://e.org/p"), Literal("x", datatype=XSD.string)),  # written plain
    (URIRef("http://e.org/s"), URIRef("http://e.org/p"), Literal("x")),
    (URIRef("http://e.org/s"), URIRef("http://e.org/p"), Literal("x", lang="en")),
    (URIRef("http://e.org/Đắk_Nông"), URIRef("http://e.org/p"), URIRef("http://e.org/o?q=1#f")),
    (BNode("b1"), URIRef("http://e.org/p"), BNode("nodeID://b10001")),
]


@pytest.mark.parametrize("limit", [2, 50_000])
def test_encoded_lines_are_what_pyoxigraph_writes(limit: int, seed_path: Path) -> None:
    """The encoder joins cached term texts; each line must be pyoxigraph's own serialization of
    the quad, with a cache that is emptied every 2 terms as with one that keeps them all."""
    seed = pipeline.process_report(str(seed_path), str(seed_path.parent))
    hash_triples = [t for t in seed.triples if str(t[1]) == str(CONTENT_HASH)]
    body = [t for t in seed.triples if str(t[1]) != str(CONTENT_HASH)]
    encoder = Encoder(limit=limit)
    for _round in range(2):  # the second time from the cache
        encoded = encoder.encode(seed.graph, seed.triples + TRICKY, seed.entities + TRICKY)
        assert encoded.nquads.splitlines(keepends=True) == pyoxigraph_lines(body + TRICKY, seed.graph)
        assert encoded.entities.splitlines(keepends=True) == pyoxigraph_lines(seed.entities + TRICKY, ENTITY_GRAPH)
        assert encoded.commit == ox.serialize([ox.Triple(*(TermCache().to_ox(t) for t in hash_triples[0]))],
                                              format=ox.RdfFormat.N_TRIPLES)
        assert encoded.quads == len(seed.triples) + len(seed.entities) + 2 * len(TRICKY)  # the seed itself: test_seed
    assert len(encoder._iris) <= limit and len(encoder._literals) <= limit
    line = encoder.encode("http://e.org/g", TRICKY[:1]).nquads
    assert line == '<http://e.org/s> <http://e.org/p> "a \\"b\\"\\n\\\\c\\r\\td\\u0001 ế"@vi <http://e.org/g> .\n'.encode()


@pytest.mark.parametrize("triple, message", [
    ((URIRef("http://e.org/a b"), URIRef("http://e.org/p"), Literal("x")), "invalid IRI"),
    ((URIRef("http://e.org/s"), URIRef("http://e.org/p"), "x"), "object must be an rdflib term"),
    ((Literal("s"), URIRef("http://e.org/p"), Literal("x")), "subject must be an IRI"),
    ((URIRef("http://e.org/s"), BNode("p"), Literal("x")), "predicate must be an IRI"),
    ((URIRef("http://e.org/s"), URIRef("http://e.org/p")), "expected \\(s, p, o\\) triples"),
])
def test_the_encoder_refuses_what_put_graph_refuses(triple: tuple, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        Encoder().encode("http://e.org/g", [triple])


@pytest.mark.parametrize("uri", ["memory:", "oxigraph:", "oxigraph:DIR"])
def test_put_encoded_equals_put_graph(uri: str, tmp_path: Path) -> None:
    uri = uri.replace("DIR", str(tmp_path / "db"))
    reports = [parts(i) for i in (0, 18, 36, 1)]
    reference = open_store("memory:")
    for graph, report, entities in reports:
        reference.put_graph(graph, report, entities)
    with open_store(uri) as store:
        store.put_encoded([encode_report(*p) for p in reports])
        assert len(store) == len(reference) == 1254 + 216  # report graphs + entity graph
        assert store.graphs() == reference.graphs()
        store.put_encoded([encode_report(*p) for p in reports[:2]])  # replacements
        assert len(store) == 1254 + 216
        for graph in store.graphs():
            assert count(store, graph) == count(reference, graph)
        assert store.report_hash(reports[1][0]) == reference.report_hash(reports[1][0])


def test_a_graph_twice_in_one_batch_ends_as_the_later_version(tmp_path: Path) -> None:
    old, new = parts(3, seed=1), parts(3, seed=2)
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:
        store.put_encoded([encode_report(*old), encode_report(*new)])
        assert store.report_hash(new[0]) == str(new[1][6][2])
        assert count(store, new[0]) == len(set(new[1]))


def test_entity_lines_are_sent_once_and_the_cache_forgets_a_dropped_entity_graph(tmp_path: Path) -> None:
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:
        loads: list[int] = []
        real = store._ox

        class Spy:  # pyoxigraph.Store's methods cannot be patched: wrap the object
            def __getattr__(self, name):
                return getattr(real, name)

            def bulk_load(self, data, **kw):
                data = data.read()  # put_encoded streams the batch
                loads.append(data.count(b"graph/entities>"))
                return real.bulk_load(data, **kw)

        store._store = Spy()
        a, b = parts(0), parts(18)  # both describe area 270 and its organizations
        store.put_encoded([encode_report(*a)])
        store.put_encoded([encode_report(*b)])
        assert loads == [len(set(a[2])), len(set(a[2]) | set(b[2])) - len(set(a[2]))] == [74, 46]
        store.remove_graph(ENTITY_GRAPH)
        store.put_encoded([encode_report(*parts(36))])  # area 270 again: sent again, as nothing is known
        assert loads[2] == len(set(parts(36)[2])) == 78
        assert count(store, ENTITY_GRAPH) == 78


class _LookupSpy:
    """Wraps a pyoxigraph.Store (whose methods cannot be patched) and records the graphs looked up."""

    def __init__(self, real: ox.Store, asked: list[str]) -> None:
        self.real, self.asked = real, asked

    def __getattr__(self, name):
        return getattr(self.real, name)

    def quads_for_pattern(self, s, p, o, g=None):
        self.asked.append(g.value)
        return self.real.quads_for_pattern(s, p, o, g)

    def contains_named_graph(self, g):
        self.asked.append(g.value)
        return self.real.contains_named_graph(g)


def test_a_store_empty_when_opened_is_not_asked_for_graphs_it_was_not_given(tmp_path: Path) -> None:
    a, b = parts(0), parts(1)
    asked: list[str] = []
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:
        store._store = _LookupSpy(store._ox, asked)
        assert store.report_hash(a[0]) is None
        store.put_encoded([encode_report(*a)])
        assert asked == []  # nothing written yet: nothing to look up
        assert store.report_hash(a[0]) == str(a[1][6][2])  # written by this object: looked up
        store.remove_graph(a[0])
        assert store.report_hash(a[0]) is None
        assert asked == [a[0], a[0]]
        store._store = store._ox.real  # closed (and unlocked) as the real store
    asked.clear()
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:  # not empty (the entity graph): every graph is looked up
        store._store = _LookupSpy(store._ox, asked)
        assert store.report_hash(b[0]) is None
        store.put_encoded([encode_report(*b)])
        assert store.report_hash(b[0]) == str(b[1][6][2])
        assert asked == [b[0], b[0], b[0]]
        store._store = store._ox.real


def test_unreadable_batch_is_refused(tmp_path: Path) -> None:
    bad = EncodedReport("http://example.org/g", b"<not n-quads", b"", b"", 1)
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:
        with pytest.raises(StoreError, match="cannot write a batch of 1 reports"):
            store.put_encoded([bad])
        assert store.graphs() == []
        assert not list(store._ox.quads_for_pattern(None, ox.NamedNode(WRITING), None, None))


def test_a_half_written_bulk_batch_is_dropped_on_opening(tmp_path: Path) -> None:
    """What a writer killed inside the bulk load leaves: markers, a graph without its hash."""
    path = tmp_path / "db"
    graph, report, entities = parts(5)
    with open_store(f"oxigraph:{path}") as store:
        store.put_graph(*parts(6))  # a whole graph that must survive
    raw = ox.Store(str(path))
    raw.extend([ox.Quad(ox.NamedNode(graph), ox.NamedNode(WRITING), ox.Literal(""), ox.DefaultGraph())])
    raw.bulk_load(encode_report(graph, report[:100]).nquads, format=ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    with open_store(f"oxigraph:{path}") as store:
        assert store.recovered == [graph]
        assert store.graphs() == sorted([parts(6)[0], ENTITY_GRAPH])
        assert store.report_hash(parts(6)[0]) is not None
        assert not list(store._ox.quads_for_pattern(None, ox.NamedNode(WRITING), None, None))
    with open_store(f"oxigraph:{path}") as store:
        assert store.recovered == []


KILL_SCRIPT = textwrap.dedent(
    """
    import sys
    from kg.emit import split_entities
    from kg.store import open_store
    from kg.store.base import encode_report
    from kg.store.synthetic import report_graph
    store = open_store("oxigraph:" + sys.argv[1])
    round = 0
    while True:
        round += 1
        batch = []
        for i in range(40):
            graph, triples = report_graph(i + 40 * (round % 3), seed=round)
            batch.append(encode_report(graph, *split_entities(triples)))
        store.put_encoded(batch)   # new graphs by the bulk path, then replacements
        print(round, flush=True)
    """
)


def test_oxigraph_bulk_writer_killed_halfway_leaves_whole_graphs(tmp_path: Path) -> None:
    """SIGKILL a process writing batches of 40 reports (bulk loads and replacements); every report
    graph left must be one whole version with its hash."""
    path = tmp_path / "db"
    script = tmp_path / "writer.py"
    script.write_text(KILL_SCRIPT)
    kill_writer_after(script, path, 5)
    with open_store(f"oxigraph:{path}") as store:
        graphs = [g for g in store.graphs() if g != ENTITY_GRAPH]
        assert len(graphs) >= 80  # three rounds of 40 new graphs at least
        for graph in graphs:
            index = int(graph.rsplit("/", 1)[1])
            stored = store.report_hash(graph)
            versions = [v for v in range(1, 400) if report_graph(index, seed=v)[1][6][2] == Literal(stored)]
            assert len(versions) == 1, f"{graph}: hash {stored} matches no whole version"
            report, _entities = split_entities(report_graph(index, seed=versions[0])[1])
            assert count(store, graph) == len(set(report)), f"{graph} is partial"


def test_the_writer_isolates_a_report_the_store_refuses(tmp_path: Path) -> None:
    good = [encode_report(*parts(i)) for i in (0, 1)]
    bad = EncodedReport("http://example.org/bad", b"<not n-quads", b"", b"", 1)
    result = pipeline.BuildResult()
    seen: list[tuple[str, bool]] = []
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:
        writer = pipeline._Writer(store, result, lambda f, ok: seen.append((f, ok)))
        writer.add("a.txt", True, good[0])
        writer.add("b.txt", True, bad)
        writer.add("c.txt", None, None)
        writer.add("d.txt", False, "d.txt: the file is empty")
        writer.add("e.txt", True, good[1])
        writer.flush()
        assert store.graphs() == sorted([good[0].graph, good[1].graph, ENTITY_GRAPH])
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:  # the failed batch left no markers behind
        assert store.recovered == []
        assert store.graphs() == sorted([good[0].graph, good[1].graph, ENTITY_GRAPH])
    assert seen == [("a.txt", True), ("b.txt", False), ("c.txt", True), ("d.txt", False), ("e.txt", True)]
    assert (result.reports, result.skipped) == (2, 1)
    assert [f for f, _m in result.failed] == ["b.txt", "d.txt"]
    assert result.failed[0][1].startswith("b.txt: cannot store: oxigraph:")


def test_writes_are_batched(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[int] = []
    monkeypatch.setattr(pipeline, "WRITE_BATCH", 2)
    with open_store("memory:") as store:
        original = store.put_encoded
        monkeypatch.setattr(store, "put_encoded", lambda batch: (calls.append(len(batch)), original(batch)))
        writer = pipeline._Writer(store, pipeline.BuildResult(), None)
        for i in range(5):
            writer.add(f"{i}.txt", True, encode_report(*parts(i)))
        writer.flush()
    assert calls == [2, 2, 1]


def test_large_builds_skip_graph_trig(monkeypatch: pytest.MonkeyPatch, seed_path: Path, tmp_path: Path) -> None:
    monkeypatch.setattr(pipeline, "TRIG_MAX_TRIPLES", 100)
    out = tmp_path / "out"
    result = pipeline.build([seed_path], out, store_uri=f"oxigraph:{out / 'db'}")
    assert (result.reports, result.trig) == (1, "")
    assert not (out / "graph.trig").exists()
    again = pipeline.build([seed_path], out, store_uri=f"oxigraph:{out / 'db'}", trig=True)
    assert again.trig == str(out / "graph.trig")
    assert (out / "graph.trig").stat().st_size > 10_000
    before = (out / "graph.trig").stat().st_mtime_ns
    pipeline.build([seed_path], out, store_uri=f"oxigraph:{out / 'db'}", force=True)  # exists: kept current
    assert (out / "graph.trig").stat().st_mtime_ns > before
