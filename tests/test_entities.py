"""The shared entity graph (issue 7): entity descriptions live once in ``kgd:graph/entities``,
report graphs keep what the report states, and removing a report keeps what others support."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef

from kg.emit import ENTITY_GRAPH, KG, KGD, is_entity_triple, is_shared_fact, split_entities
from kg.namespaces import ORG, PROV, RDF, SDO, SKOS, TIME
from kg.pipeline import build, process_report
from kg.store import open_store
from kg.validate import entity_closure, validate_reports
from servers import BACKENDS, open_backend, oxigraph_server, virtuoso_server  # noqa: F401 - session fixtures

AREA = KGD["area/279"]
GRAPH_A = "https://w3id.org/kg-vn/id/graph/report-a"
GRAPH_B = "https://w3id.org/kg-vn/id/graph/report-b"

#: The description of Huyện Thường Tín as the seed gives it (the entity graph's part).
AREA_DESCRIPTION = {
    (RDF.type, SDO.AdministrativeArea),
    (RDF.type, KG.District),
    (SKOS.prefLabel, Literal("Huyện Thường Tín", lang="vi")),
    (rdflib.RDFS.label, Literal("Huyện Thường Tín", lang="vi")),
    (SDO.name, Literal("Thường Tín", lang="vi")),
    (SKOS.altLabel, Literal("Thường Tín", lang="vi")),
    (SDO.identifier, Literal("279")),
    (KG.areaKind, Literal("huyện", lang="vi")),
    (KG.adminLevel, KG.DistrictLevel),
    (SDO.containedInPlace, KGD["area/01"]),
}


@pytest.fixture()
def two_copies(seed_path: Path, tmp_path: Path) -> Path:
    """A folder with the seed twice, as ``report-a.txt`` and ``report-b.txt`` (two reports naming the same places)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("report-a.txt", "report-b.txt"):
        shutil.copy(seed_path, folder / name)
    return folder


def test_the_split_rule(seed_path: Path) -> None:
    rg = process_report(str(seed_path), str(seed_path.parent))
    pure = [t for t in rg.entities if is_entity_triple(t[0], t[1])]
    report, entities = split_entities(rg.triples + pure)
    assert report == rg.triples and sorted(entities) == sorted(rg.entities)
    # posts, events and periods stay in the report graph and are also merged into the entity graph
    shared = [t for t in rg.triples if is_shared_fact(t[0], t[1])]
    assert len(rg.entities) == len(pure) + len(shared) == 449
    assert set(shared) == {t for t in rg.entities if not is_entity_triple(t[0], t[1])}
    post = KGD["post/huyen-uy/279/bi-thu"]
    assert {(p, o) for s, p, o in shared if s == post} == {
        (RDF.type, ORG.Post), (ORG.heldBy, KGD["person/nguyen-tien-minh/01"]), (ORG.postIn, KGD["org/huyen-uy/279"]),
        (ORG.role, URIRef("https://w3id.org/kg-vn/role/bi-thu")),
        (rdflib.RDFS.label, Literal("Bí thư Huyện ủy Thường Tín", lang="vi")),
        (SKOS.altLabel, Literal("Bí thư Huyện ủy", lang="vi")),
    }
    assert {p for s, p, _o in rg.triples if s == post} - {p for s, p, _o in shared if s == post} == {PROV.wasDerivedFrom, KG.evidence}
    assert is_shared_fact(KGD["interval/2020-01-01_2020-06-30"], TIME.hasEnd) is True
    assert is_shared_fact(post, PROV.wasDerivedFrom) is False
    assert is_shared_fact(KGD["obs/2020-h1/120"], RDF.type) is False
    assert len(set(rg.triples)) == len(rg.triples) and len(set(rg.entities)) == len(rg.entities)
    assert {(p, o) for s, p, o in rg.entities if s == AREA} == AREA_DESCRIPTION
    # the report's statements about the area: provenance and evidence, nothing else
    assert {p for s, p, _o in rg.triples if s == AREA} == {PROV.wasDerivedFrom, KG.evidence}
    assert is_entity_triple(KGD["person/nguyen-tien-minh/01"], ORG.holds) is False
    assert is_entity_triple(KGD["org/huyen-uy/279"], KG.termOrdinal) is False
    assert is_entity_triple(KGD["post/huyen-uy/279/bi-thu"], RDF.type) is False
    assert is_entity_triple(URIRef("https://w3id.org/kg-vn/role/bi-thu"), SKOS.prefLabel) is True


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_two_reports_share_one_description(two_copies: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    uri = f"memory:{out / 'kg.trig'}" if kind == "memory" else f"oxigraph:{out / 'db'}"
    first = build([two_copies], out, store_uri=uri)
    assert (first.reports, first.failed) == (2, [])
    again = build([two_copies], out, store_uri=uri, force=True)
    assert again.triples == first.triples
    with open_store(uri) as store:
        assert store.graphs() == sorted([GRAPH_A, GRAPH_B, str(ENTITY_GRAPH)])
        rows = store.query(f"SELECT ?g ?p ?o WHERE {{ GRAPH ?g {{ <{AREA}> ?p ?o }} }}").rows
        in_entities = [(p, o) for g, p, o in rows if str(g) == str(ENTITY_GRAPH)]
        assert len(in_entities) == len(AREA_DESCRIPTION) == 10  # once, not once per report
        assert set(in_entities) == AREA_DESCRIPTION
        for graph in (GRAPH_A, GRAPH_B):
            assert {p for g, p, _o in rows if str(g) == graph} == {PROV.wasDerivedFrom, KG.evidence}
        entity_quads = int(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }}").rows[0][0])
        store.remove_graph(GRAPH_A)
        assert store.graphs() == sorted([GRAPH_B, str(ENTITY_GRAPH)])
        assert store.query(f'ASK {{ GRAPH <{ENTITY_GRAPH}> {{ <{AREA}> <{SKOS.prefLabel}> "Huyện Thường Tín"@vi }} }}').askAnswer
        store.remove_graph(GRAPH_B)
        assert len(store) == entity_quads  # the descriptions stay when every report is gone


def test_trig_export_and_validation_see_the_entity_graph(two_copies: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([two_copies], out, store_uri=f"oxigraph:{out / 'db'}")
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    names = sorted(str(g.identifier) for g in ds.graphs() if len(g))
    assert names == sorted([GRAPH_A, GRAPH_B, str(ENTITY_GRAPH)])
    report = ds.graph(URIRef(GRAPH_A))
    closure = set(entity_closure(ds.graph(ENTITY_GRAPH), report))
    assert {(p, o) for s, p, o in closure if s == AREA} == AREA_DESCRIPTION
    assert (KGD["person/nguyen-tien-minh/01"], rdflib.FOAF.name, Literal("Nguyễn Tiến Minh", lang="vi")) in closure
    result = validate_reports(ds)
    assert result.violations == []
    assert result.conforms is True
    # without the entity graph a post's holder is not known to be a person: validation needs the closure
    bare = rdflib.Dataset()
    for s, p, o in report:
        bare.graph(URIRef(GRAPH_A)).add((s, p, o))
    messages = {v.message for v in validate_reports(bare).violations}
    assert "a post has a holder: org:heldBy a foaf:Person" in messages


def test_reports_that_disagree_on_a_name_are_a_warning_of_the_entity_graph(seed_path: Path) -> None:
    rg = process_report(str(seed_path), str(seed_path.parent))
    org = KGD["org/huyen-uy/279"]
    ds = rdflib.Dataset()
    report = ds.graph(URIRef(rg.graph))
    for t in rg.triples:
        report.add(t)
    entities = ds.graph(ENTITY_GRAPH)
    for t in rg.entities:
        entities.add(t)
    entities.add((org, SKOS.prefLabel, Literal("Huyện uỷ Thường Tín", lang="vi")))  # another report's spelling
    result = validate_reports(ds)
    assert result.conforms is True
    assert [(v.graph, v.focus, v.path, v.severity) for v in result.violations] == [
        ("kgd:graph/entities", "kgd:org/huyen-uy/279", "skos:prefLabel", "Warning")]
    assert result.violations[0].message.startswith("reports disagree: ")
    assert '"Huyện uỷ Thường Tín"@vi' in result.violations[0].message


def test_a_report_called_entities_is_refused(seed_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_path, folder / "entities.txt")
    shutil.copy(seed_path, folder / "other.txt")
    result = build([folder], tmp_path / "out")
    assert result.reports == 1
    assert len(result.failed) == 1
    assert result.failed[0][0] == str(folder / "entities.txt")
    assert "is the shared entity graph, not a report graph" in result.failed[0][1]


@pytest.fixture(params=BACKENDS)
def empty_store(request, tmp_path: Path):
    """An empty store of each backend (the servers are started by tests/servers.py)."""
    store = open_backend(request.param, tmp_path, request)
    yield store
    store.close()


def _entity_subjects(store, prefix: str) -> set[str]:
    rows = store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} "
                       f'FILTER(STRSTARTS(STR(?s), "{KGD}{prefix}")) }}').rows
    return {str(r[0]) for r in rows}


def test_prune_removes_what_no_report_supports(seed_path: Path, empty_store) -> None:
    rg = process_report(str(seed_path), str(seed_path.parent))
    post, minh = KGD["post/huyen-uy/279/bi-thu"], KGD["person/nguyen-tien-minh/01"]
    other = KGD["person/tran-van-an/01"]  # a made-up later holder of the same post
    graph_b = GRAPH_B
    # report B names the other holder (with its provenance) instead of Nguyễn Tiến Minh
    moved = [(s, p, other if o == minh and p == ORG.heldBy else o) for s, p, o in rg.triples]
    moved += [(other, PROV.wasDerivedFrom, KGD["report/report-b"]), (other, ORG.holds, post)]
    empty_store.put_graph(GRAPH_A, rg.triples, rg.entities)
    empty_store.put_graph(graph_b, moved, [(s, p, other if o == minh and p == ORG.heldBy else o) for s, p, o in rg.entities]
                          + [(other, RDF.type, rdflib.FOAF.Person), (other, rdflib.FOAF.name, Literal("Trần Văn An", lang="vi"))])
    holders = f"SELECT ?p WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ <{post}> <{ORG.heldBy}> ?p }} }}"
    assert sorted(str(r[0]) for r in empty_store.query(holders).rows) == sorted([str(other), str(minh)])
    before = len(empty_store)
    empty_store.prune_entities()  # both reports still state both holders: nothing goes
    assert len(empty_store) == before
    # report A is rebuilt without its post: its holder is no longer stated anywhere
    empty_store.put_graph(GRAPH_A, [t for t in rg.triples if t[0] != post], rg.entities)
    empty_store.prune_entities()
    assert [str(r[0]) for r in empty_store.query(holders).rows] == [str(other)]
    assert str(minh) in _entity_subjects(empty_store, "person/")  # still named by report A
    empty_store.remove_graph(GRAPH_A)
    empty_store.remove_graph(graph_b)
    empty_store.prune_entities()
    for prefix in ("area/", "org/", "person/", "post/", "event/", "interval/", "instant/"):
        assert _entity_subjects(empty_store, prefix) == set(), prefix
    # the concepts of the lexicon schemes and the data set stay
    assert "https://w3id.org/kg-vn/role/bi-thu" in {str(r[0]) for r in empty_store.query(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }}").rows}


#: A made-up report: the same post as the seed's Bí thư, held by someone else.
NEW_HOLDER = ("Huyện ủy Thường Tín tổ chức hội nghị\n\nNgày 10/7/2020, Huyện ủy Thường Tín tổ chức hội nghị sơ kết. "
              "Đồng chí Trần Văn An, Bí thư Huyện ủy Thường Tín chủ trì hội nghị.\n")


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_a_changed_report_leaves_no_stale_entity(seed_path: Path, tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_path, folder / "report-a.txt")
    out = tmp_path / "out"
    uri = f"memory:{out / 'kg.trig'}" if kind == "memory" else f"oxigraph:{out / 'db'}"
    build([folder], out, store_uri=uri)
    (folder / "report-a.txt").write_text(NEW_HOLDER, encoding="utf-8")
    result = build([folder], out, store_uri=uri)
    assert (result.reports, result.skipped) == (1, 0)
    post = KGD["post/huyen-uy/279/bi-thu"]
    with open_store(uri) as store:
        holders = store.query(f"SELECT ?p WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ <{post}> <{ORG.heldBy}> ?p }} }}").rows
        assert [str(r[0]) for r in holders] == [str(KGD["person/tran-van-an/01"])]
        assert _entity_subjects(store, "person/") == {str(KGD["person/tran-van-an/01"])}
        assert _entity_subjects(store, "area/") == {str(KGD["area/279"]), str(KGD["area/01"])}
        # what is left in the entity graph is what the one report graph states or names
        people = store.query(f"SELECT ?name WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?p <{rdflib.FOAF.name}> ?name }} }}").rows
        assert [str(r[0]) for r in people] == ["Trần Văn An"]
