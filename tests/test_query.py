"""Named queries: parameters (#@ lines), pages, order, and the same answers on every store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from kg.errors import KgError
from kg.query import DEFAULT_LIMIT, NAMED_QUERIES, load_named, named_query, parameters_of, render, run_query
from servers import BACKENDS, open_backend, oxigraph_server, virtuoso_server  # noqa: F401 - session fixtures

TEMPLATE = """SELECT ?o WHERE {
  GRAPH ?g {
    #@area VALUES ?a { $area }
    #@year FILTER(?day >= $yearStart && ?day <= $yearEnd)
    ?o <http://example.org/p> ?a .
  }
  #@person FILTER(CONTAINS(LCASE(STR(?o)), $person))
}
#@order ORDER BY ?o
"""


# --- render (no store) ---------------------------------------------------------------------------


def test_render_without_parameters_keeps_the_lines_as_comments():
    assert render(TEMPLATE) == TEMPLATE


def test_render_switches_on_the_given_lines_only():
    text = render(TEMPLATE, {"area": "279"}, limit=10, offset=20, order=True)
    assert "\n    VALUES ?a { <https://w3id.org/kg-vn/id/area/279> }\n" in text
    assert "#@year FILTER(?day >= $yearStart && ?day <= $yearEnd)" in text
    assert "#@person" in text
    assert text.endswith("\nORDER BY ?o\nLIMIT 10\nOFFSET 20\n")
    assert "VALUES ?a { <https://w3id.org/kg-vn/id/area/2025/123> }" in render(TEMPLATE, {"area": "2025/123"})


def test_render_escapes_values_as_terms():
    text = render(TEMPLATE, {"person": 'Thuỷ")) } DROP ALL #'})
    # lower case, old-style tone placement (thuỷ -> thủy), quotes escaped inside one literal
    assert '  FILTER(CONTAINS(LCASE(STR(?o)), "thủy\\")) } drop all #"))\n' in text
    prepareQuery(text)  # still one well-formed query
    for bad in ("279> } DROP ALL", "2", "abc", "279 "):
        with pytest.raises(KgError, match="is not a GSO code"):
            render(TEMPLATE, {"area": bad})


def test_render_year_is_a_date_range():
    text = render(TEMPLATE, {"year": "2020"})
    assert ('    FILTER(?day >= "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> && '
            '?day <= "2020-12-31"^^<http://www.w3.org/2001/XMLSchema#date>)\n') in text
    with pytest.raises(KgError, match="--year '20' is not a year"):
        render(TEMPLATE, {"year": "20"})


def test_render_errors():
    with pytest.raises(KgError, match=r"this query has no --indicator filter \(it takes --area, --year, --person\)"):
        render(TEMPLATE, {"indicator": "donations"})
    with pytest.raises(KgError, match="unknown query parameter 'colour'"):
        render(TEMPLATE, {"colour": "red"})
    with pytest.raises(KgError, match="no #@order line"):
        render("SELECT * WHERE { ?s ?p ?o }", order=True)
    with pytest.raises(KgError, match="--limit and --offset are 0 or more"):
        render(TEMPLATE, limit=-1)
    with pytest.raises(KgError, match=r"#@area line uses \$code, which --area does not define \(area\)"):
        render("SELECT * WHERE {\n#@area VALUES ?a { $code }\n}", {"area": "279"})
    with pytest.raises(KgError, match="--report 'a b' is not a key"):
        render(load_named("observations"), {"report": "a b"})


def test_named_queries_declare_their_filters_and_parse():
    assert {n: parameters_of(load_named(n)) for n in NAMED_QUERIES} == {
        "observations": ["report", "indicator", "area", "year", "order"],
        "people": ["report", "person", "order"],
        "events": ["report", "year", "area", "order"],
        "places": ["report", "area", "order"],
    }
    for name in NAMED_QUERIES:
        prepareQuery(load_named(name))
        values = {p: {"report": "r-1", "indicator": "donations", "area": "279", "year": "2020", "person": "an"}[p]
                  for p in parameters_of(load_named(name)) if p != "order"}
        text = named_query(name, values, order=True)
        assert [line for line in text.splitlines() if line.lstrip().startswith("#@")] == []  # all switched on
        assert text.endswith(f"LIMIT {DEFAULT_LIMIT}\n")
        prepareQuery(text)


# --- on stores: two copies of the seed report ----------------------------------------------------


@pytest.fixture(scope="module")
def two_reports(seed_path, tmp_path_factory):
    """(graph, triples, entities) of the seed as report-2020-h1 and of a copy of it as report-b."""
    from kg.pipeline import process_report

    folder = tmp_path_factory.mktemp("reports")
    shutil.copy(seed_path, folder / "report-2020-h1.txt")
    shutil.copy(seed_path, folder / "report-b.txt")
    return [process_report(str(folder / name), str(folder)) for name in ("report-2020-h1.txt", "report-b.txt")]


@pytest.fixture(params=BACKENDS)
def loaded(request, tmp_path: Path, two_reports):
    store = open_backend(request.param, tmp_path, request)
    for r in two_reports:
        store.put_graph(r.graph, r.triples, r.entities)
    yield store
    store.close()


def rows(store, name: str, values: dict | None = None, **kw) -> list[tuple]:
    page = run_query(store, load_named(name), values, **kw)
    return [tuple(None if t is None else str(t) for t in row) for row in page.result.rows]


def test_pages_split_the_rows_without_loss(loaded):
    every = rows(loaded, "observations")
    assert len(every) == 34  # 17 statistics in each report
    first = run_query(loaded, load_named("observations"), limit=20)
    second = run_query(loaded, load_named("observations"), limit=20, offset=20)
    assert (len(first.result.rows), first.more, len(second.result.rows), second.more) == (20, True, 14, False)
    assert sorted(first.result.rows + second.result.rows, key=str) == sorted(loaded.query(
        named_query("observations", limit=0)).rows, key=str)
    ordered = rows(loaded, "observations", order=True, limit=2)
    assert ordered == [
        ("agriculture-output", "875000000000", "VND", "Huyện Thường Tín", "2020-01-01", "2020-06-30", "54.9", None, None, "report-2020-h1"),
        ("commune-committees-inspected", "14", "item", "Huyện Thường Tín", "2020-01-01", "2020-06-30", None, None, None, "report-2020-h1"),
    ]


def test_observation_filters(loaded):
    assert rows(loaded, "observations", {"indicator": "donations"}, order=True) == [
        ("donations", "871267000", "VND", "Huyện Thường Tín", "2020-01-01", "2020-06-30", None, None, None, "report-2020-h1"),
        ("donations", "871267000", "VND", "Huyện Thường Tín", "2020-01-01", "2020-06-30", None, None, None, "report-b"),
    ]
    by_report = rows(loaded, "observations", {"report": "report-b"})
    assert len(by_report) == 17 and {r[-1] for r in by_report} == {"report-b"}
    assert len(rows(loaded, "observations", {"area": "279", "year": "2020"})) == 34
    assert rows(loaded, "observations", {"year": "2019"}) == []
    assert rows(loaded, "observations", {"area": "01"}) == []


def test_people_events_places_filters(loaded):
    assert rows(loaded, "people", {"person": "TIẾN", "report": "report-b"}, order=True) == [
        ("https://w3id.org/kg-vn/id/person/nguyen-tien-minh/01", "Nguyễn Tiến Minh", "Bí thư", "Huyện ủy Thường Tín"),
        ("https://w3id.org/kg-vn/id/person/nguyen-tien-minh/01", "Nguyễn Tiến Minh", "Ủy viên", "Thành ủy Hà Nội"),
        ("https://w3id.org/kg-vn/id/person/xuan-tien/report-b", "Xuân Tiến", None, None),
    ]
    assert len(rows(loaded, "people", {"person": "xuân tiến"})) == 2  # the byline is a person per report
    assert [r[2] for r in rows(loaded, "events", {"year": "2020"}, order=True)] == ["2020-06-11", "2020-06-17", "2020-07-08"]
    assert [(r[0], r[3], r[4], r[5]) for r in rows(loaded, "events", {"area": "279", "report": "report-b"}, order=True)][0] == (
        "Congress", "24", "2020-01-01", "2025-12-31")
    assert rows(loaded, "places", {"area": "01"}) == [("279", "Huyện Thường Tín", "District", "01", "Thành phố Hà Nội")]
    assert [r[0] for r in rows(loaded, "places", {"report": "report-b"}, order=True)] == ["01", "10207", "10249", "279"]


# --- the command line ----------------------------------------------------------------------------


def test_cli_pages_filters_and_errors(seed_path, tmp_path):
    import csv
    import io

    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    built = tmp_path / "out"
    assert runner.invoke(app, ["build", str(seed_path.parent), "-o", str(built), "--no-view"]).exit_code == 0
    graph = str(built / "graph.trig")
    res = runner.invoke(app, ["query", graph, "--name", "observations", "--format", "csv", "--limit", "5", "--order"])
    assert res.exit_code == 0, res.output
    assert [r["indicator"] for r in csv.DictReader(io.StringIO(res.stdout))] == [
        "agriculture-output", "commune-committees-inspected", "craft-villages-env-plans", "donations", "industry-construction-output"]
    assert "rows 1–5; more with --offset 5 (--limit 0 for all rows)" in res.stderr
    res = runner.invoke(app, ["query", graph, "--name", "observations", "--format", "csv", "--offset", "15", "--order"])
    assert [r["indicator"] for r in csv.DictReader(io.StringIO(res.stdout))] == ["study-classes", "trade-services-output"]
    assert "more with" not in res.stderr
    res = runner.invoke(app, ["query", graph, "--name", "places", "--area", "01", "--format", "csv"])
    assert res.stdout.splitlines() == ["code,name,level,parentCode,parent", "279,Huyện Thường Tín,District,01,Thành phố Hà Nội"]
    res = runner.invoke(app, ["query", graph, "--name", "places", "--person", "an"])
    assert res.exit_code == 2
    assert "this query has no --person filter (it takes --report, --area)" in res.output
    res = runner.invoke(app, ["query", graph, "--name", "observations", "--area", "x"])
    assert res.exit_code == 2
    assert "--area 'x' is not a GSO code" in res.output
