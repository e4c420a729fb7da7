"""Smoke test of bench/extract.py: it runs on 3 files of each corpus folder and prints its table.

The underthesea comparison is exercised with a stand-in ``underthesea`` package written to a
temporary folder (its ``ner`` raises, as a model that needs a download would offline), so the
test needs neither underthesea (GPL-3.0, never a kg dependency) nor a network. One bench run,
about 5 s.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench" / "extract.py"

FAKE_UNDERTHESEA = '''
__version__ = "0.0-fake"
def sent_tokenize(text):
    return [s for s in text.split(".") if s.strip()]
def ner(sentence):
    raise RuntimeError("model must be downloaded from a hub")
def word_tokenize(sentence):
    return sentence.split()
def pos_tag(sentence):
    sum(range(2000))  # a little CPU time, so the rate is finite
    return [(w, "N") for w in sentence.split()]
'''


def _load_bench():
    """bench/extract.py imported as a module (it is a script, not part of the kg package)."""
    spec = importlib.util.spec_from_file_location("bench_extract", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _row(output: str, name: str) -> list[str]:
    """The cells of the table row whose first cell is ``name``."""
    for line in output.splitlines():
        rest = line[len(name):]
        if line.startswith(name) and re.match(r"\s+\d", rest):
            return rest.split()
    raise AssertionError(f"no row {name!r} in:\n{output}")


def test_extract_bench_runs_on_three_files_and_prints_table(corpus_dir, tmp_path):
    """``--limit 3``: the table has the reports/, vntc/, combined and seed rows with exact counts and
    sizes, and the stand-in underthesea's failing ner makes the bench fall back to pos_tag and say so."""
    fake = tmp_path / "underthesea"
    fake.mkdir()
    (fake / "__init__.py").write_text(FAKE_UNDERTHESEA, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "KG_UNDERTHESEA_PYTHON"}
    env["PYTHONPATH"] = str(tmp_path)
    reports, vntc = corpus_dir / "reports", corpus_dir / "vntc"
    res = subprocess.run(
        [sys.executable, str(BENCH), "--reports", str(reports), "--vntc", str(vntc), "--limit", "3",
         "--seed-repeat", "3", "--underthesea-python", sys.executable],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    out = res.stdout
    assert out.splitlines()[5].split() == [
        "corpus", "files", "MB", "failed", "crashed", "triples", "CPU", "s", "wall", "s", "reports/s", "cpu",
        "reports/s", "wall", "MB/s", "cpu", "MB/s", "wall", "seed-sized/s", "cpu", "seed-sized/s", "wall", "≥100?"]
    first3 = sorted(reports.glob("*.txt"))[:3]
    mb = f"{sum(p.stat().st_size for p in first3) / 1e6:.3f}"
    assert _row(out, "reports/")[:4] == ["3", mb, "0", "0"]
    assert _row(out, "vntc/")[:1] == ["3"]
    assert _row(out, "vntc/")[2:4] == ["0", "0"]
    assert _row(out, "reports/ + vntc/")[:1] == ["6"]
    assert _row(out, "seed ×3")[:4] == ["3", f"{3 * (REPO / 'examples' / 'report-2020-h1.txt').stat().st_size / 1e6:.3f}", "0", "0"]
    assert "target ≥ 100 seed-sized reports/s per core (CPU time): reports/: " in out
    assert "reports/: 0 failed (KgError), 0 crashed (other exceptions)" in out
    assert f"underthesea 0.0-fake ({sys.executable}): sent_tokenize+word_tokenize+pos_tag on the first 3 files" in out
    assert ("  NOTE: ner could not run, timed word_tokenize+pos_tag instead. "
            "ner failed: RuntimeError: model must be downloaded from a hub") in out
    assert "  ratio kg : underthesea (reports/s, CPU time) = " in out


def test_seed_rate_and_underthesea_skip_reason(monkeypatch):
    """Rates divide by the chosen clock; the underthesea part is skipped with a stated reason."""
    bench = _load_bench()
    run = bench.Run("x", files=10, nbytes=56_660, cpu=2.0, wall=4.0)
    assert bench.seed_rate(run, 5_666, "cpu") == 5.0
    assert bench.seed_rate(run, 5_666, "wall") == 2.5
    assert run.rate(run.files, "cpu") == 5.0
    assert bench.Run("empty").rate(1, "cpu") == 0.0
    monkeypatch.delenv("KG_UNDERTHESEA_PYTHON", raising=False)
    assert bench.underthesea_python(None) == (None, (
        "skipped: neither --underthesea-python nor KG_UNDERTHESEA_PYTHON is set "
        "(underthesea is GPL-3.0 and is not a kg dependency; see this script's docstring)"))
    monkeypatch.setenv("KG_UNDERTHESEA_PYTHON", sys.executable)
    assert bench.underthesea_python(None) == (sys.executable, "")
    assert bench.underthesea_python("/nonexistent/python") == (
        None, "skipped: /nonexistent/python is not an executable python")
