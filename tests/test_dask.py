"""`kg build --dask ADDRESS` on a LocalCluster: the same quads as a local build, failures reported,
results in input order through a bounded window, clear errors when the cluster is not there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KgError
from kg.store import open_store

distributed = pytest.importorskip("distributed", reason="dask.distributed is the optional extra kg[dask]")
from kg import distributed as kgd  # noqa: E402

runner = CliRunner()
GOOD = 10


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes with one thread each, no dashboard."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as c:
        yield c


@pytest.fixture()
def reports(corpus_dir, tmp_path) -> Path:
    """GOOD corpus reports copied to a temporary folder, plus an empty file."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for f in sorted((corpus_dir / "reports").glob("*.txt"))[-GOOD:]:
        shutil.copy(f, folder / f.name)
    (folder / "m-empty.txt").write_bytes(b"")
    return folder


def sorted_nquads(uri: str, path: Path) -> list[str]:
    """Sorted N-Quads lines of the store at ``uri`` (exported through ``path``)."""
    with open_store(uri) as store:
        store.export(path, "nquads")
    return sorted(path.read_text(encoding="utf-8").splitlines())


def test_dask_build_gives_the_same_quads_as_a_local_build(cluster, reports, tmp_path, monkeypatch):
    monkeypatch.setattr(kgd, "DASK_BATCH", 3)  # 4 tasks for 11 files
    local = runner.invoke(app, ["build", str(reports), "-o", str(tmp_path / "local"), "--no-view",
                                "--store", f"oxigraph:{tmp_path / 'local-db'}"])
    remote = runner.invoke(app, ["build", str(reports), "-o", str(tmp_path / "dask"), "--no-view",
                                 "--store", f"oxigraph:{tmp_path / 'dask-db'}", "--dask", cluster.scheduler_address])
    assert local.exit_code == 1 and remote.exit_code == 1, remote.output  # the empty file
    a = sorted_nquads(f"oxigraph:{tmp_path / 'local-db'}", tmp_path / "a.nq")
    b = sorted_nquads(f"oxigraph:{tmp_path / 'dask-db'}", tmp_path / "b.nq")
    assert len(a) > GOOD * 50
    assert a == b
    assert len({line.rsplit(" ", 2)[-2] for line in b}) == GOOD + 1  # and the entity graph
    assert f"failed: {reports / 'm-empty.txt'}: the file is empty" in remote.output
    assert re.search(rf"reports read\s*│ {GOOD}\s*│", remote.output)
    again = runner.invoke(app, ["build", str(reports), "-o", str(tmp_path / "dask"), "--no-view",
                                "--store", f"oxigraph:{tmp_path / 'dask-db'}", "--dask", cluster.scheduler_address])
    assert re.search(rf"unchanged \(skipped\)\s*│ {GOOD}\s*│", again.output)
    assert sorted_nquads(f"oxigraph:{tmp_path / 'dask-db'}", tmp_path / "c.nq") == b


def test_outcomes_come_back_in_input_order_through_a_bounded_window(cluster, reports):
    files = sorted(str(p) for p in reports.glob("*.txt"))
    pulled: list[str] = []

    def todo():
        for i, f in enumerate(files):
            pulled.append(f)
            yield f, (None if i in (2, 3) else str(reports))  # batch 1 is wholly "unchanged"

    outcomes = kgd.extract_on_dask(cluster.scheduler_address, todo(), batch_size=2, window=2)
    first = next(outcomes)
    assert len(pulled) == 4  # window 2 x batch 2: the rest is not read yet
    rest = list(outcomes)
    got = [first, *rest]
    assert [o[0] for o in got] == files
    assert [o[1] for o in got] == [False, True, None, None] + [True] * 7  # m-empty.txt sorts first
    assert got[0][2] == f"{reports / 'm-empty.txt'}: the file is empty"
    rg = got[1][2]
    assert rg.graph.startswith("https://w3id.org/kg-vn/id/graph/") and len(rg.triples) > 50


def test_a_failing_task_marks_its_reports_failed_and_the_build_goes_on(cluster, reports, monkeypatch):
    files = sorted(str(p) for p in reports.glob("*.txt") if p.name != "m-empty.txt")[:4]
    lost = files[2]

    def task(items, date_override=None):  # nested, so cloudpickle sends it by value to the workers
        from kg.pipeline import extract_batch

        if any(f == lost for f, _root in items):
            raise RuntimeError("worker lost")
        return extract_batch(items, date_override)

    monkeypatch.setattr(kgd, "extract_batch", task)
    got = list(kgd.extract_on_dask(cluster.scheduler_address, [(f, str(reports)) for f in files], batch_size=2))
    assert [o[0] for o in got] == files
    assert [o[1] for o in got] == [True, True, False, False]
    assert got[2][2] == f"{files[2]}: Dask task failed: RuntimeError: worker lost"
    assert got[3][2] == f"{files[3]}: Dask task failed: RuntimeError: worker lost"


def test_unreachable_scheduler_is_a_kg_error(monkeypatch):
    monkeypatch.setattr(kgd, "CONNECT_TIMEOUT_S", 2)
    with pytest.raises(KgError, match=r"cannot connect to the Dask scheduler at tcp://127\.0\.0\.1:9"):
        list(kgd.extract_on_dask("tcp://127.0.0.1:9", [("a.txt", ".")]))


def test_jobs_and_dask_together_are_refused(tmp_path, seed_path):
    res = runner.invoke(app, ["build", str(seed_path), "-o", str(tmp_path), "--jobs", "2", "--dask", "tcp://127.0.0.1:9"])
    assert res.exit_code == 2
    assert "--jobs and --dask are alternatives" in res.output
