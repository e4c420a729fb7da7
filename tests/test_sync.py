"""kg build --sync: a report whose file is gone leaves the store; a missing input refuses the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KgError
from kg.pipeline import build
from kg.store import open_store

runner = CliRunner()
SEED_QUADS = 932  # a build of the seed report alone (tests/test_cli.py pins the same number)


def quads(uri: str) -> set[str]:
    """Every quad of the store, as text (the seed gives no blank nodes)."""
    with open_store(uri) as store:
        ds = store.dataset()
        return {f"{s.n3()} {p.n3()} {o.n3()} <{g}>" for g in store.graphs() for s, p, o in ds.graph(URIRef(g))}


@pytest.fixture
def folder(tmp_path: Path, seed_path: Path) -> Path:
    """The seed twice: report-2020-h1.txt and report-b.txt."""
    d = tmp_path / "reports"
    d.mkdir()
    shutil.copy(seed_path, d / "report-2020-h1.txt")
    shutil.copy(seed_path, d / "report-b.txt")
    return d


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_sync_drops_the_report_of_a_deleted_file_and_what_only_it_supported(kind: str, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    uri = None if kind == "memory" else f"oxigraph:{tmp_path / 'db'}"
    first = build([folder], out, store_uri=uri)
    assert (first.reports, first.removed) == (2, [])
    (folder / "report-b.txt").unlink()

    kept = build([folder], out, store_uri=uri)  # without --sync, builds accumulate
    assert (kept.skipped, kept.removed, kept.triples > SEED_QUADS) == (1, [], True)

    synced = build([folder], out, store_uri=uri, sync=True)
    assert (synced.reports, synced.skipped, synced.removed, synced.triples) == (0, 1, ["report-b"], SEED_QUADS)
    store_uri = uri or f"memory:{out / 'graph.trig'}"
    with open_store(store_uri) as store:
        assert store.graphs() == ["https://w3id.org/kg-vn/id/graph/entities", "https://w3id.org/kg-vn/id/graph/report-2020-h1"]
    # the pruned store is the store a build of the remaining file alone gives, quad for quad (on the
    # same backend: Oxigraph stores xsd:nonNegativeInteger as xsd:integer)
    alone = tmp_path / "alone"
    alone_uri = None if kind == "memory" else f"oxigraph:{tmp_path / 'alone-db'}"
    build([folder], alone, store_uri=alone_uri)
    assert quads(store_uri) == quads(alone_uri or f"memory:{alone / 'graph.trig'}")


def test_sync_with_a_missing_input_writes_nothing(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([folder], out)
    before = quads(f"memory:{out / 'graph.trig'}")
    with pytest.raises(KgError, match=r"--sync .* every input must exist; .*no-such-folder"):
        build([folder / "report-b.txt", tmp_path / "no-such-folder"], out, sync=True)
    assert quads(f"memory:{out / 'graph.trig'}") == before


def test_sync_keeps_the_graph_of_a_report_that_failed_this_time(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([folder], out)
    (folder / "report-b.txt").write_bytes(b"")  # now unreadable: reported, and its old graph stays
    result = build([folder], out, sync=True)
    assert (result.removed, [Path(f).name for f, _m in result.failed]) == ([], ["report-b.txt"])
    with open_store(f"memory:{out / 'graph.trig'}") as store:
        assert "https://w3id.org/kg-vn/id/graph/report-b" in store.graphs()


def test_cli_sync(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(folder), "-o", str(out), "--no-view"]).exit_code == 0
    (folder / "report-2020-h1.txt").unlink()
    res = runner.invoke(app, ["build", str(folder), "-o", str(out), "--no-view", "--sync"])
    assert res.exit_code == 0, res.output
    assert "removed: report report-2020-h1 (no input file has this key any more)" in res.output
    assert "removed (--sync: file gone)" in res.output
    res = runner.invoke(app, ["build", str(tmp_path / "nope"), "-o", str(out), "--sync"])
    assert res.exit_code == 2
    assert "every input must exist" in res.output


def test_sync_with_no_report_file_writes_nothing(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([folder], out)
    before = quads(f"memory:{out / 'graph.trig'}")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(KgError, match=r"no report files .* were found under .*empty; nothing was changed"):
        build([empty], out, sync=True)
    assert quads(f"memory:{out / 'graph.trig'}") == before
    res = runner.invoke(app, ["build", str(empty), "-o", str(out), "--sync"])
    assert res.exit_code == 2 and "nothing was changed" in res.output
    assert quads(f"memory:{out / 'graph.trig'}") == before


def test_reading_commands_do_not_create_an_oxigraph_store(tmp_path: Path) -> None:
    missing = tmp_path / "typo.oxigraph"
    for args in (["query", f"oxigraph:{missing}", "--name", "people"], ["stats", f"OXIGRAPH:{missing}"],
                 ["remove", f"oxigraph:{missing}", "report-2020-h1"]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, args
        assert f"no Oxigraph store at {missing}" in res.output.replace("\n", "")
    assert not missing.exists()
    trig = tmp_path / "typo.trig"
    res = runner.invoke(app, ["query", f"memory:{trig}", "--name", "people"])
    assert res.exit_code == 2 and f"no graph file at {trig}" in res.output.replace("\n", "")
    assert not trig.exists()
    for bare in ("memory:", "Oxigraph:"):  # a new, empty store in the process: every answer would be empty
        res = runner.invoke(app, ["query", bare, "--name", "people"])
        assert res.exit_code == 2, bare
        assert f"{bare}: with no path this is a new, empty store in this process" in res.output.replace("\n", "")


def test_an_oxigraph_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(KgError, match=r"cannot create the store folder .*file/db"):
        open_store(f"oxigraph:{blocker / 'db'}")
