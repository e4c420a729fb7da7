"""The command line as a user runs it: build, query (table/csv/json), viz, bad input, round trips."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_path) -> Path:
    out = tmp_path_factory.mktemp("out")
    res = runner.invoke(app, ["build", str(seed_path.parent), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_build_writes_trig_and_html_and_prints_summary(built, seed_path):
    res = runner.invoke(app, ["build", str(seed_path.parent), "-o", str(built), "--force"])
    assert res.exit_code == 0, res.output
    for word in ("reports read", "triples", "persons", "posts", "organizations", "places", "events", "observations"):
        assert word in res.output
    assert (built / "graph.trig").stat().st_size > 10_000
    html = (built / "graph.html").read_text(encoding="utf-8")
    assert "Nguyễn Tiến Minh" in html


def test_trig_round_trip_keeps_every_triple(built):
    """An rdflib Dataset serialized as Turtle is silently empty; TriG must keep all quads."""
    ds = rdflib.Dataset()
    ds.parse(built / "graph.trig", format="trig")
    graphs = sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier))
    assert [str(g.identifier) for g in graphs] == ["https://w3id.org/kg-vn/id/graph/entities",
                                                   "https://w3id.org/kg-vn/id/graph/report-2020-h1"]
    n = sum(len(g) for g in graphs)
    again = rdflib.Dataset()
    again.parse(data=ds.serialize(format="trig"), format="trig")
    assert sum(len(g) for g in again.graphs()) == n
    assert n > 600


def test_build_twice_same_triple_count(built, seed_path):
    first = sum(1 for _ in open(built / "graph.trig", encoding="utf-8"))
    res = runner.invoke(app, ["build", str(seed_path.parent), "-o", str(built)])
    assert res.exit_code == 0
    assert "unchanged (skipped)" in res.output
    assert sum(1 for _ in open(built / "graph.trig", encoding="utf-8")) == first


def test_query_named_observations_csv(built):
    res = runner.invoke(app, ["query", str(built / "graph.trig"), "--name", "observations", "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 17
    first = rows[0]
    assert list(first) == ["indicator", "value", "unit", "area", "start", "end", "pctOfPlan", "pctOfStandard", "change", "report"]
    by = {r["indicator"]: r for r in rows}
    assert by["industry-construction-output"]["value"] == "8155000000000"
    assert by["industry-construction-output"]["pctOfPlan"] == "43.8"
    assert by["donations"]["value"] == "871267000"
    assert by["donations"]["area"] == "Huyện Thường Tín"
    assert by["donations"]["start"] == "2020-01-01" and by["donations"]["end"] == "2020-06-30"


def test_query_people_json_is_w3c_results(built):
    res = runner.invoke(app, ["query", str(built / "graph.trig"), "--name", "people", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["head"]["vars"] == ["person", "name", "role", "organization"]
    rows = {(b["name"]["value"], b.get("role", {}).get("value"), b.get("organization", {}).get("value")) for b in data["results"]["bindings"]}
    assert ("Nguyễn Tiến Minh", "Bí thư", "Huyện ủy Thường Tín") in rows
    assert ("Nguyễn Tiến Minh", "Ủy viên", "Thành ủy Hà Nội") in rows
    assert ("Xuân Tiến", None, None) in rows
    name = next(b["name"] for b in data["results"]["bindings"] if b["name"]["value"] == "Xuân Tiến")
    assert name == {"type": "literal", "value": "Xuân Tiến", "xml:lang": "vi"}


def test_query_places_and_events_tables(built):
    res = runner.invoke(app, ["query", str(built / "graph.trig"), "--name", "places"])
    assert res.exit_code == 0
    for code in ("01", "279", "10207", "10249"):
        assert code in res.stdout
    res = runner.invoke(app, ["query", str(built / "graph.trig"), "--name", "events", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert {r["date"] for r in rows if r["date"]} == {"2020-06-11", "2020-06-17", "2020-07-08"}
    assert {r["ordinal"] for r in rows if r["ordinal"]} == {"13", "24"}


def test_query_file_and_filter_on_decimal(built, tmp_path):
    q = tmp_path / "big.rq"
    q.write_text(
        "PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?o sdmx-measure:obsValue ?v FILTER(?v >= 875000000000) }",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["query", str(built / "graph.trig"), str(q), "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == ["n", "5"]  # 8155, 6072, 875, 1605.68 and 965.767 billion


def test_query_errors_are_sentences(built, tmp_path):
    res = runner.invoke(app, ["query", str(built / "graph.trig"), "--name", "nope"])
    assert res.exit_code == 2
    assert "unknown named query 'nope'" in res.output
    res = runner.invoke(app, ["query", str(tmp_path / "missing.trig"), "--name", "people"])
    assert res.exit_code == 2
    assert "missing.trig: no such graph file" in res.output
    bad = tmp_path / "bad.rq"
    bad.write_text("SELEC nothing", encoding="utf-8")
    res = runner.invoke(app, ["query", str(built / "graph.trig"), str(bad)])
    assert res.exit_code == 2
    assert "bad.rq: query failed" in res.output


def test_viz_redraws(built, tmp_path):
    out = tmp_path / "view.html"
    res = runner.invoke(app, ["viz", str(built / "graph.trig"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") or "<html" in out.read_text(encoding="utf-8")[:200]


def test_bad_files_are_reported_and_skipped(tmp_path, seed_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed_path, src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    res = runner.invoke(app, ["build", str(src), "-o", str(out), "--no-view"])
    assert res.exit_code == 1
    assert "empty.txt" in res.output and "the file is empty" in res.output
    assert "binary.txt" in res.output
    assert "reports read" in res.output
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    assert sorted(str(g.identifier) for g in ds.graphs() if len(g)) == [
        "https://w3id.org/kg-vn/id/graph/entities", "https://w3id.org/kg-vn/id/graph/good"]


def test_missing_input_is_reported_and_the_rest_built(tmp_path, seed_path):
    res = runner.invoke(app, ["build", str(tmp_path / "nope"), str(seed_path), "-o", str(tmp_path / "o"), "--no-view"])
    assert res.exit_code == 1
    assert "nope: no such file or folder" in res.output
    assert (tmp_path / "o" / "graph.trig").stat().st_size > 10_000


def test_empty_folder_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    res = runner.invoke(app, ["build", str(tmp_path / "empty"), "-o", str(tmp_path / "o"), "--no-view"])
    assert res.exit_code == 1
    assert "no report files (.txt, .html, .htm) found under" in res.output


def test_two_files_with_one_report_key_are_not_merged(tmp_path, seed_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        shutil.copy(seed_path, tmp_path / d / "report.txt")
    res = runner.invoke(app, ["build", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "o"), "--no-view"])
    assert res.exit_code == 1
    assert "same report key 'report'" in res.output


def test_force_rebuilds_without_dropping_other_reports(tmp_path, seed_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed_path, src / "one.txt")
    shutil.copy(seed_path, src / "two.txt")
    out = tmp_path / "o"
    assert runner.invoke(app, ["build", str(src), "-o", str(out), "--no-view"]).exit_code == 0
    res = runner.invoke(app, ["build", str(src / "one.txt"), "-o", str(out), "--no-view", "--force"])
    assert res.exit_code == 0, res.output
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    assert sorted(str(g.identifier).rsplit("/", 1)[1] for g in ds.graphs() if len(g)) == ["entities", "one", "two"]


def test_ask_has_no_csv_and_markup_in_messages_is_text(built, tmp_path):
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    res = runner.invoke(app, ["query", str(built / "graph.trig"), str(ask), "--format", "csv"])
    assert res.exit_code == 2 and "ASK query has no CSV form" in res.output
    res = runner.invoke(app, ["query", str(built / "graph.trig"), str(ask), "--format", "json"])
    assert json.loads(res.stdout) == {"head": {}, "boolean": True}
    res = runner.invoke(app, ["query", "sparql:not a [bold]url", "--name", "people"])
    assert res.exit_code == 2 and "[bold]" in res.output


def test_date_option_overrides(tmp_path, seed_path):
    out = tmp_path / "o"
    res = runner.invoke(app, ["build", str(seed_path), "-o", str(out), "--date", "2020-07-09", "--no-view"])
    assert res.exit_code == 0, res.output
    ds = rdflib.Dataset(default_union=True)
    ds.parse(out / "graph.trig", format="trig")
    dates = set(ds.objects(rdflib.URIRef("https://w3id.org/kg-vn/id/report/report-2020-h1"), rdflib.DCTERMS.date))
    assert dates == {rdflib.Literal("2020-07-09", datatype=rdflib.XSD.date)}
    res = runner.invoke(app, ["build", str(seed_path), "-o", str(out), "--date", "9/7/2020"])
    assert res.exit_code == 2 and "use YYYY-MM-DD" in res.output
    res = runner.invoke(app, ["build", str(seed_path), "-o", str(out), "--date", ""])
    assert res.exit_code == 2 and "--date '' is not a date; use YYYY-MM-DD" in res.output


def test_build_without_trig_says_so_and_skips_the_view(tmp_path, seed_path):
    out_dir = tmp_path / "out"
    res = runner.invoke(app, ["build", str(seed_path), "-o", str(out_dir), "--store", f"oxigraph:{out_dir / 'db'}", "--no-trig"])
    assert res.exit_code == 0, res.output
    assert not (out_dir / "graph.trig").exists() and not (out_dir / "graph.html").exists()
    assert "graph.trig not written for 932 quads" in res.output.replace("\n", " ").replace("│", "")


def test_build_of_only_bad_inputs_names_no_graph_file(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    out_dir = tmp_path / "out"
    res = runner.invoke(app, ["build", str(bad), "-o", str(out_dir)])
    assert res.exit_code == 1
    assert "nothing built: no graph.trig" in res.output
    assert not (out_dir / "graph.trig").exists() and not (out_dir / "graph.html").exists()


def test_remove_drops_reports_and_prunes_what_only_they_supported(seed_path, tmp_path):
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("report-a.txt", "report-b.txt"):
        shutil.copy(seed_path, folder / name)
    uri = f"oxigraph:{tmp_path / 'db'}"
    assert runner.invoke(app, ["build", str(folder), "-o", str(tmp_path / "out"), "--store", uri, "--no-view"]).exit_code == 0
    entities = "https://w3id.org/kg-vn/id/graph/entities"
    persons = f"SELECT ?p WHERE {{ GRAPH <{entities}> {{ ?p <http://xmlns.com/foaf/0.1/name> ?n }} }}"
    res = runner.invoke(app, ["remove", uri, "report-a", "nope"])
    assert res.exit_code == 1
    assert "removed https://w3id.org/kg-vn/id/graph/report-a" in res.stdout
    assert "not found: no report nope in" in res.stderr.replace("\n", " ")
    from kg.store import open_store

    with open_store(uri) as store:
        assert store.graphs() == ["https://w3id.org/kg-vn/id/graph/entities", "https://w3id.org/kg-vn/id/graph/report-b"]
        # report-b names the same persons: only report-a's byline authors (keyed by report) go
        assert sorted(str(r[0]).rsplit("/", 2)[-2] for r in store.query(persons).rows) == [
            "dieu-huong", "nguyen-tien-minh", "xuan-tien"]
    assert runner.invoke(app, ["remove", uri, "report-b"]).exit_code == 0
    with open_store(uri) as store:
        assert store.graphs() == ["https://w3id.org/kg-vn/id/graph/entities"]
        assert store.query(persons).rows == []
    res = runner.invoke(app, ["remove", uri, "../x"])
    assert res.exit_code == 2 and "is not a key" in res.stderr


def test_bare_oxigraph_store_is_kept_in_the_output_folder(tmp_path, seed_path):
    # `oxigraph:` alone opens an in-memory store; a build must put it where the next command finds it
    out_dir = tmp_path / "out"
    res = runner.invoke(app, ["build", str(seed_path), "-o", str(out_dir), "--store", "OXIGRAPH:", "--no-view"])
    assert res.exit_code == 0, res.output
    # the summary names the whole store path, wrapped over lines in a narrow terminal, never cut
    assert f"oxigraph:{out_dir / 'kg.oxigraph'}" in res.output.replace("\n", "").replace("│", "").replace(" ", "")
    assert (out_dir / "kg.oxigraph").is_dir()
    res = runner.invoke(app, ["query", f"oxigraph:{out_dir / 'kg.oxigraph'}", "--name", "places", "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == "code,name,level,parentCode,parent"
    assert len(res.stdout.splitlines()) == 5  # the seed's four places


def test_rejected_store_leaves_no_new_output_folder(tmp_path, seed_path):
    out_dir = tmp_path / "new" / "out"
    res = runner.invoke(app, ["build", str(seed_path), "-o", str(out_dir), "--store", "nosuch:x"])
    assert res.exit_code == 2 and "unknown store scheme 'nosuch'" in res.output
    assert not out_dir.exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    res = runner.invoke(app, ["build", str(seed_path), "-o", str(kept), "--store", "nosuch:x"])
    assert res.exit_code == 2 and kept.is_dir()  # a folder the user already had stays
