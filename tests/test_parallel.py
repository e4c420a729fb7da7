"""`kg build --jobs N`: the same quads as one process, bad files reported and skipped, incremental
rebuilds, results streamed through a bounded window, progress in input order."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from kg import cli, pipeline
from kg.cli import app
from kg.store import open_store

runner = CliRunner()

GOOD = 12  # corpus reports copied per test folder: 6 batches of 2 with the small window below


@pytest.fixture()
def small_window(monkeypatch):
    """Batches of 2 reports, 1 batch in flight per worker and 1 for a write batch of 2: many more
    batches than the window."""
    monkeypatch.setattr(pipeline, "POOL_BATCH", 2)
    monkeypatch.setattr(pipeline, "POOL_WINDOW", 1)
    monkeypatch.setattr(pipeline, "WRITE_BATCH", 2)


@pytest.fixture()
def reports(corpus_dir, tmp_path) -> Path:
    """A folder with the first GOOD corpus reports (temporary copies, outside the repo)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for f in sorted((corpus_dir / "reports").glob("*.txt"))[:GOOD]:
        shutil.copy(f, folder / f.name)
    return folder


def nquads(store_uri: str, tmp_path: Path) -> list[str]:
    """Sorted N-Quads lines of every named graph in the store."""
    path = tmp_path / f"export-{abs(hash(store_uri))}.nq"
    with open_store(store_uri) as store:
        store.export(path, "nquads")
    return sorted(path.read_text(encoding="utf-8").splitlines())


def build_cli(folder: Path, out: Path, *extra: str):
    """``kg build FOLDER -o OUT --no-view --store oxigraph:OUT/db EXTRA…`` through the CLI runner."""
    return runner.invoke(app, ["build", str(folder), "-o", str(out), "--no-view", "--store", f"oxigraph:{out / 'db'}", *extra])


def test_jobs_2_gives_the_same_quads_as_jobs_1(reports, tmp_path, small_window):
    one = build_cli(reports, tmp_path / "one", "--jobs", "1")
    two = build_cli(reports, tmp_path / "two", "--jobs", "2")
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    a = nquads(f"oxigraph:{tmp_path / 'one' / 'db'}", tmp_path)
    b = nquads(f"oxigraph:{tmp_path / 'two' / 'db'}", tmp_path)
    assert len(a) > GOOD * 50
    assert a == b
    graphs = {line.rsplit(" ", 2)[-2] for line in a}
    assert len(graphs) == GOOD + 1  # and the entity graph
    assert (tmp_path / "two" / "graph.trig").read_text(encoding="utf-8") == (tmp_path / "one" / "graph.trig").read_text(encoding="utf-8")


def test_bad_files_are_reported_and_skipped_under_jobs_2(reports, tmp_path, small_window):
    (reports / "aa-empty.txt").write_bytes(b"")
    (reports / "zz-binary.txt").write_bytes(bytes(range(256)) * 8)
    res = build_cli(reports, tmp_path / "out", "--jobs", "2")
    assert res.exit_code == 1, res.output
    assert f"{reports / 'aa-empty.txt'}: the file is empty" in res.output
    assert f"{reports / 'zz-binary.txt'}: line 1, column 1 (byte 0): binary data (NUL byte), not a text report" in res.output
    assert res.output.count("failed:") == 2
    with open_store(f"oxigraph:{tmp_path / 'out' / 'db'}") as store:
        graphs = store.graphs()
    assert len(graphs) == GOOD + 1  # and the entity graph
    assert not any("aa-empty" in g or "zz-binary" in g for g in graphs)


def test_second_build_skips_unchanged_and_keeps_the_triple_count(reports, tmp_path, small_window):
    first = build_cli(reports, tmp_path / "out", "--jobs", "2")
    assert first.exit_code == 0, first.output
    with open_store(f"oxigraph:{tmp_path / 'out' / 'db'}") as store:
        before = len(store)
    second = build_cli(reports, tmp_path / "out", "--jobs", "2")
    assert second.exit_code == 0, second.output
    assert re.search(rf"unchanged \(skipped\)\s*│ {GOOD}\s*│", second.output)
    with open_store(f"oxigraph:{tmp_path / 'out' / 'db'}") as store:
        assert len(store) == before
    # one changed report is rebuilt, the others skipped
    changed = sorted(reports.glob("*.txt"))[3]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
    third = build_cli(reports, tmp_path / "out", "--jobs", "2")
    assert re.search(rf"unchanged \(skipped\)\s*│ {GOOD - 1}\s*│", third.output)
    assert re.search(r"reports read\s*│ 1\s*│", third.output)


def test_progress_is_called_once_per_report_in_input_order(reports, tmp_path, small_window):
    (reports / "bb-empty.txt").write_bytes(b"")
    seen: list[tuple[str, bool]] = []
    result = pipeline.build([reports], tmp_path / "out", store_uri="oxigraph:", jobs=2,
                            on_progress=lambda path, ok: seen.append((Path(path).name, ok)))
    names = sorted(p.name for p in reports.glob("*.txt"))
    assert [name for name, _ok in seen] == names
    assert [name for name, ok in seen if not ok] == ["bb-empty.txt"]
    assert result.reports == GOOD and [Path(f).name for f, _m in result.failed] == ["bb-empty.txt"]


def test_progress_bar_shows_rate_and_errors_under_jobs_2(reports, tmp_path, small_window, monkeypatch):
    (reports / "cc-empty.txt").write_bytes(b"")
    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=screen, force_terminal=True, width=200))
    res = build_cli(reports, tmp_path / "out", "--jobs", "2")
    assert res.exit_code == 1
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())  # without colours and cursor moves
    assert f"{GOOD + 1}/{GOOD + 1}" in shown
    assert "reports/s, 1 errors" in shown
    assert f"failed: {reports / 'cc-empty.txt'}: the file is empty" in shown


def test_the_pool_reads_ahead_only_its_window(reports, monkeypatch):
    """Streaming: the first result comes back after pool_window(jobs) batches were read, not all."""
    monkeypatch.setattr(pipeline, "POOL_BATCH", 2)
    monkeypatch.setattr(pipeline, "POOL_WINDOW", 1)
    monkeypatch.setattr(pipeline, "WRITE_BATCH", 2)
    assert pipeline.pool_window(2) == 3
    files = sorted(str(p) for p in reports.glob("*.txt"))
    pulled = []

    def todo():
        for i, f in enumerate(files):
            pulled.append(f)
            yield f, (None if i == 1 else str(reports))  # the second one is "unchanged"

    outcomes = pipeline._extract_in_pool(todo(), None, 2)
    first = next(outcomes)
    assert len(pulled) == 6  # (2 workers x 1 batch + 1 batch for a write batch) x 2 reports
    rest = list(outcomes)
    assert [o[0] for o in [first, *rest]] == files
    assert [o[1] for o in [first, *rest]] == [True, None] + [True] * (GOOD - 2)


def test_batches_and_merge_keep_input_order():
    items = [("a", "r"), ("b", None), ("c", "r"), ("d", "r"), ("e", None)]
    assert list(pipeline.batches(items, 2)) == [[("a", "r"), ("b", None)], [("c", "r"), ("d", "r")], [("e", None)]]
    merged = pipeline.merge_batch(items, [("a", True, 1), ("c", False, "c: bad"), ("d", True, 2)])
    assert merged == [("a", True, 1), ("b", None, None), ("c", False, "c: bad"), ("d", True, 2), ("e", None, None)]
