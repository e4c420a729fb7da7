"""End-to-end extraction speed on one core: reports/s, MB/s and seed-sized reports/s (issue 5, "Speed").

One command, from the repo root::

    .venv/bin/python bench/extract.py
    KG_UNDERTHESEA_PYTHON=/tmp/ut-venv/bin/python .venv/bin/python bench/extract.py   # + underthesea

Options: ``--reports DIR`` (default ``../shared/corpus/reports``, 106 files), ``--vntc DIR`` (default
``../shared/corpus/vntc``, 2,000 news articles; ``--vntc ''`` skips it), ``--limit N`` (first N files
of each folder), ``--seed FILE`` (default ``examples/report-2020-h1.txt``), ``--seed-repeat N``,
``--ner-sample N``, ``--underthesea-python PATH``, ``--profile N``.

What is timed: :func:`kg.pipeline.process_report` (read → decode → normalize → extract → resolve →
emit, to a list of RDF triples) for every file, one after the other in this one process (one core).
Startup is excluded: the lexicon and both gazetteer eras are loaded and the seed is processed once
before any clock starts. Both clocks are printed because the machine is shared: CPU time
(:func:`time.process_time`, this process only, so other load does not count) and wall time
(:func:`time.perf_counter`). Rates are computed from each.

Units: MB = 10^6 bytes of the input files as stored (all corpus files are UTF-8). "Seed-sized
reports/s" = (bytes/s) / (size of the seed file in bytes), i.e. how many reports of the seed's size
one core builds per second; the seed row also times the seed itself processed ``--seed-repeat``
times. Target (issue 5): at least 100 seed-sized reports/s per core, judged on CPU time; each row
says whether it is met. Peak RSS is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (KiB on Linux),
printed after startup and at the end.

Failures: ``process_report`` raises :class:`kg.errors.KgError` (or its subclass
:class:`kg.errors.InputError`) on bad input; those are counted and listed per folder. Any other
exception would be a crash (a bug: ``process_report`` wraps internal errors in ``KgError``); those are
listed separately and make the exit status 1.

underthesea comparison: underthesea is GPL-3.0, so it is not a dependency of kg. Install it into a
throwaway venv (``python3 -m venv /tmp/ut-venv && /tmp/ut-venv/bin/pip install underthesea``) and pass
that venv's python with ``--underthesea-python PATH`` or the environment variable
``KG_UNDERTHESEA_PYTHON``; without either, the comparison is skipped with a printed reason. The bench
then runs that python in a subprocess, sends it the normalized body text of the first
``--ner-sample`` files of ``--reports`` (the text :func:`kg.read.read_report` gives, so underthesea
gets decoded, NFC text and no file reading is timed for it), and times ``sent_tokenize`` + ``ner`` on
every sentence (the default, CRF ``ner``: its model file ships inside the wheel, so no hub download is
needed; ``deep=True`` would need one and is not used). If ``ner`` fails in the child (e.g. a model that
would have to be downloaded), the child times ``word_tokenize`` + ``pos_tag`` instead and the output
says so. The ratio printed is kg reports/s : underthesea reports/s on the same files, both on CPU time,
where kg's time is the per-file CPU time of those files in the reports run above. It is not like for
like: kg reads the file and builds triples, underthesea only tags PER/LOC/ORG/MISC spans.

Exit status: 0, or 1 when a file crashed, or 2 when there is nothing to measure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))

from kg.errors import KgError  # noqa: E402
from kg.gazetteer import load_gazetteer  # noqa: E402
from kg.lexicon import load_lexicon  # noqa: E402
from kg.pipeline import process_report  # noqa: E402
from kg.read import find_reports, read_report  # noqa: E402

DEFAULT_REPORTS = SHARED / "corpus" / "reports"
DEFAULT_VNTC = SHARED / "corpus" / "vntc"
DEFAULT_SEED = REPO / "examples" / "report-2020-h1.txt"
#: Issue 5: at least this many seed-sized reports per second on one core (CPU time).
TARGET_SEED_REPORTS_PER_S = 100.0
UNDERTHESEA_ENV = "KG_UNDERTHESEA_PYTHON"

#: Run by the underthesea venv's python (``-c``). Reads {"texts": [...]} as JSON on stdin, writes one
#: JSON object on stdout. Import and the first text (model load) are not timed.
_UNDERTHESEA_CHILD = r"""
import json, resource, sys, time
texts = json.load(sys.stdin)["texts"]
import underthesea
from underthesea import sent_tokenize
mode, reason = "sent_tokenize+ner", ""
try:
    from underthesea import ner
    ner("Ông Nguyễn Văn A làm việc tại Hà Nội.")
    tag = ner
except Exception as exc:
    from underthesea import pos_tag, word_tokenize
    mode = "sent_tokenize+word_tokenize+pos_tag"
    reason = "ner failed: %s: %s" % (type(exc).__name__, exc)
    def tag(sentence):
        "word_tokenize then pos_tag: the stand-in when ner cannot run."
        word_tokenize(sentence)
        return pos_tag(sentence)
def run(text):
    "(sentences, B- tags) of one text."
    n_sent = n_ent = 0
    for s in sent_tokenize(text):
        n_sent += 1
        n_ent += sum(1 for t in tag(s) if str(t[-1]).startswith("B-"))
    return n_sent, n_ent
if texts:
    run(texts[0])
sentences = entities = 0
c0, w0 = time.process_time(), time.perf_counter()
for text in texts:
    n_sent, n_ent = run(text)
    sentences += n_sent
    entities += n_ent
cpu, wall = time.process_time() - c0, time.perf_counter() - w0
print(json.dumps({"version": getattr(underthesea, "__version__", "?"), "mode": mode, "reason": reason,
                  "cpu": cpu, "wall": wall, "texts": len(texts), "sentences": sentences,
                  "entities": entities, "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@dataclass
class Run:
    """Measurements of one timed batch.

    Attributes:
        name: row label.
        files: files processed (ok + failed + crashed).
        nbytes: input bytes of those files (as stored).
        cpu: CPU seconds of this process for the batch; wall: wall-clock seconds.
        triples: triples emitted by the files that built.
        per_file: (path, CPU seconds) of each file, in order.
        failed: (path, message) of each file that raised KgError.
        crashed: (path, "Type: message") of each file that raised anything else.
    """

    name: str
    files: int = 0
    nbytes: int = 0
    cpu: float = 0.0
    wall: float = 0.0
    triples: int = 0
    per_file: list[tuple[str, float]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    crashed: list[tuple[str, str]] = field(default_factory=list)

    def rate(self, amount: float, clock: str) -> float:
        """``amount`` per second of ``clock`` ("cpu" or "wall"); 0.0 when no time was measured."""
        seconds = self.cpu if clock == "cpu" else self.wall
        return amount / seconds if seconds > 0 else 0.0


def maxrss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def warm_up(seed: Path) -> float:
    """Load the lexicon and both gazetteer eras and process ``seed`` once; returns the wall seconds taken.

    Raises:
        kg.errors.KgError: the seed cannot be built.
    """
    start = time.perf_counter()
    load_lexicon()
    load_gazetteer("legacy")
    load_gazetteer("2025")
    process_report(str(seed), str(seed.parent))
    return time.perf_counter() - start


def time_files(name: str, files: list[tuple[Path, Path]]) -> Run:
    """Process every (file, root) pair with :func:`process_report`, timing each on both clocks.

    A :class:`KgError` is recorded as a failure and any other exception as a crash; neither stops
    the batch. Returns the :class:`Run`.
    """
    run = Run(name)
    clock_cpu, clock_wall = time.process_time, time.perf_counter
    for path, root in files:
        run.nbytes += path.stat().st_size
        c0, w0 = clock_cpu(), clock_wall()
        try:
            rg = process_report(str(path), str(root))
            triples = rg.triples + rg.entities
            run.triples += len(triples)
        except KgError as exc:
            run.failed.append((str(path), str(exc)))
        except Exception as exc:  # a crash is what this bench looks for: list it, go on
            run.crashed.append((str(path), f"{type(exc).__name__}: {exc}"))
        c1, w1 = clock_cpu(), clock_wall()
        run.cpu += c1 - c0
        run.wall += w1 - w0
        run.per_file.append((str(path), c1 - c0))
        run.files += 1
    return run


def time_seed(seed: Path, repeat: int) -> Run:
    """Process ``seed`` ``repeat`` times (see :func:`time_files`); the row is named ``seed ×N``."""
    return time_files(f"seed ×{repeat}", [(seed, seed.parent)] * repeat)


def combine(name: str, runs: list[Run]) -> Run:
    """One :class:`Run` that adds up ``runs`` (files, bytes, times, triples, failures)."""
    total = Run(name)
    for r in runs:
        total.files += r.files
        total.nbytes += r.nbytes
        total.cpu += r.cpu
        total.wall += r.wall
        total.triples += r.triples
        total.per_file += r.per_file
        total.failed += r.failed
        total.crashed += r.crashed
    return total


def seed_rate(run: Run, seed_bytes: int, clock: str) -> float:
    """Seed-sized reports/s of ``run`` on ``clock``: bytes per second / ``seed_bytes``."""
    return run.rate(run.nbytes, clock) / seed_bytes


def format_table(runs: list[Run], seed_bytes: int) -> str:
    """The results table, one row per run, as plain text (rates on CPU time, then on wall time)."""
    head = ["corpus", "files", "MB", "failed", "crashed", "triples", "CPU s", "wall s",
            "reports/s cpu", "reports/s wall", "MB/s cpu", "MB/s wall",
            "seed-sized/s cpu", "seed-sized/s wall", f"≥{TARGET_SEED_REPORTS_PER_S:.0f}?"]
    rows = []
    for r in runs:
        seed_cpu = seed_rate(r, seed_bytes, "cpu")
        rows.append([
            r.name, str(r.files), f"{r.nbytes / 1e6:.3f}", str(len(r.failed)), str(len(r.crashed)),
            str(r.triples), f"{r.cpu:.2f}", f"{r.wall:.2f}",
            f"{r.rate(r.files, 'cpu'):.1f}", f"{r.rate(r.files, 'wall'):.1f}",
            f"{r.rate(r.nbytes / 1e6, 'cpu'):.3f}", f"{r.rate(r.nbytes / 1e6, 'wall'):.3f}",
            f"{seed_cpu:.1f}", f"{seed_rate(r, seed_bytes, 'wall'):.1f}",
            "yes" if seed_cpu >= TARGET_SEED_REPORTS_PER_S else "NO",
        ])
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]

    def line(cells: list[str]) -> str:
        """One row: first cell left-aligned, the numbers right-aligned to the column widths."""
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    out = [line(head), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in rows]
    return "\n".join(out)


def underthesea_python(option: str | None) -> tuple[str | None, str]:
    """The underthesea venv's python from ``--underthesea-python`` or ``$KG_UNDERTHESEA_PYTHON``.

    Returns:
        (path, "") when one is given and executable, else (None, reason to print).
    """
    path = option or os.environ.get(UNDERTHESEA_ENV)
    if not path:
        return None, (f"skipped: neither --underthesea-python nor {UNDERTHESEA_ENV} is set "
                      "(underthesea is GPL-3.0 and is not a kg dependency; see this script's docstring)")
    if not os.access(path, os.X_OK):
        return None, f"skipped: {path} is not an executable python"
    return path, ""


def run_underthesea(python: str, texts: list[str], timeout: float) -> dict:
    """Time underthesea on ``texts`` in a child ``python`` (see :data:`_UNDERTHESEA_CHILD`).

    Returns:
        the child's JSON result: version, mode, reason, cpu, wall, texts, sentences, entities, maxrss_kib.

    Raises:
        RuntimeError: the child failed or printed no result (message holds its stderr tail).
        subprocess.TimeoutExpired: it ran longer than ``timeout`` seconds.
    """
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", HF_HUB_OFFLINE="1")
    proc = subprocess.run([python, "-c", _UNDERTHESEA_CHILD], input=json.dumps({"texts": texts}),
                          capture_output=True, text=True, timeout=timeout, env=env)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"underthesea child exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    return json.loads(lines[-1])


def compare_underthesea(python: str, reports_run: Run, sample: list[tuple[Path, Path]], timeout: float) -> list[str]:
    """Time underthesea on ``sample`` and return the lines that compare it with kg's reports run.

    kg's side is the summed per-file CPU time of the same files in ``reports_run``. Files that kg
    cannot read are left out of both sides.
    """
    cpu_by_file = dict(reports_run.per_file)
    texts, kg_cpu, kg_files = [], 0.0, 0
    for path, root in sample:
        try:
            texts.append(read_report(path, root).text)
        except KgError:
            continue
        kg_cpu += cpu_by_file[str(path)]
        kg_files += 1
    try:
        res = run_underthesea(python, texts, timeout)
    except (RuntimeError, subprocess.TimeoutExpired, OSError, json.JSONDecodeError) as exc:
        return [f"underthesea: failed: {exc}"]
    out = [f"underthesea {res['version']} ({python}): {res['mode']} on the first {res['texts']} files of "
           f"--reports ({res['sentences']} sentences, {res['entities']} B- tags), import and model load excluded"]
    if res["reason"]:
        out.append(f"  NOTE: ner could not run, timed word_tokenize+pos_tag instead. {res['reason']}")
    ut_cpu_rate = res["texts"] / res["cpu"] if res["cpu"] > 0 else 0.0
    ut_wall_rate = res["texts"] / res["wall"] if res["wall"] > 0 else 0.0
    kg_rate = kg_files / kg_cpu if kg_cpu > 0 else 0.0
    out.append(f"  underthesea: {res['cpu']:.2f} s CPU, {res['wall']:.2f} s wall -> {ut_cpu_rate:.2f} reports/s CPU, "
               f"{ut_wall_rate:.2f} reports/s wall; peak RSS {res['maxrss_kib'] / 1024:.0f} MiB")
    out.append(f"  kg (same files, per-file CPU from the reports run): {kg_cpu:.2f} s CPU -> {kg_rate:.1f} reports/s CPU")
    if ut_cpu_rate > 0:
        out.append(f"  ratio kg : underthesea (reports/s, CPU time) = {kg_rate / ut_cpu_rate:.1f} : 1")
    return out


def print_profile(files: list[tuple[Path, Path]], top: int) -> None:
    """Profile :func:`time_files` over ``files`` with cProfile; print the ``top`` functions by tottime."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    time_files("profile", files)
    prof.disable()
    print(f"\ncProfile of the {len(files)} --reports files (startup excluded), top {top} by tottime:")
    pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(top)


def list_problems(runs: list[Run], slowest: int) -> None:
    """Print each run's failures, crashes and ``slowest`` slowest files (CPU seconds)."""
    for r in runs:
        if r.name.startswith("seed"):
            continue
        print(f"\n{r.name}: {len(r.failed)} failed (KgError), {len(r.crashed)} crashed (other exceptions)")
        for path, msg in r.failed:
            print(f"  FAILED  {path}: {msg}")
        for path, msg in r.crashed:
            print(f"  CRASHED {path}: {msg}")
        if slowest and r.per_file:
            worst = sorted(r.per_file, key=lambda pf: pf[1], reverse=True)[:slowest]
            print("  slowest: " + ", ".join(f"{Path(p).name} {s * 1000:.0f} ms" for p, s in worst))


def select(folder: Path | None, limit: int | None) -> list[tuple[Path, Path]]:
    """The report files under ``folder`` (sorted, see :func:`kg.read.find_reports`), first ``limit`` only.

    Returns [] when ``folder`` is None; raises :class:`kg.errors.InputError` when it does not exist.
    """
    if folder is None:
        return []
    files = find_reports([folder])
    return files[:limit] if limit is not None else files


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the timings and print the table; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, default=DEFAULT_REPORTS, help="folder of reports (default %(default)s)")
    parser.add_argument("--vntc", default=str(DEFAULT_VNTC), help="folder of news articles; '' skips it (default %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files of each folder")
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="seed report (default %(default)s)")
    parser.add_argument("--seed-repeat", type=int, default=200, help="times the seed is processed; 0 skips that row (default %(default)s)")
    parser.add_argument("--ner-sample", type=int, default=None,
                        help="underthesea: first N files of --reports (default: all of them)")
    parser.add_argument("--underthesea-python", default=None,
                        help=f"python of a venv with underthesea (default ${UNDERTHESEA_ENV}); skipped if neither")
    parser.add_argument("--underthesea-timeout", type=float, default=1800.0, help="seconds (default %(default)s)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also cProfile the --reports files and print the top N functions by tottime")
    parser.add_argument("--slowest", type=int, default=3, help="list the N slowest files of each folder")
    args = parser.parse_args(argv)

    vntc = Path(args.vntc) if args.vntc else None
    for folder in (args.reports, vntc):
        if folder is not None and not folder.is_dir():
            print(f"no such folder: {folder} (the corpus lives in ../shared/corpus); nothing to measure", file=sys.stderr)
            return 2
    report_files = select(args.reports, args.limit)
    vntc_files = select(vntc, args.limit)
    seed_bytes = args.seed.stat().st_size

    startup = warm_up(args.seed)
    rss_startup = maxrss_mib()
    runs = [time_files(f"{args.reports.name}/", report_files)]
    if vntc is not None:
        runs.append(time_files(f"{vntc.name}/", vntc_files))
        runs.append(combine(f"{args.reports.name}/ + {vntc.name}/", runs[:2]))
    if args.seed_repeat > 0:
        runs.append(time_seed(args.seed, args.seed_repeat))

    print(f"kg end-to-end extraction (process_report: read → normalize → extract → resolve → emit), one core, "
          f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs on the machine, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")
    print(f"startup excluded: lexicon + gazetteers (legacy, 2025) + one seed run took {startup:.2f} s wall")
    print(f"seed: {args.seed.name}, {seed_bytes} bytes; seed-sized reports/s = (bytes/s) / {seed_bytes}; "
          f"MB = 10^6 bytes of input files")
    print("CPU = time.process_time() of this process (other load on the shared machine excluded); "
          "wall = time.perf_counter()\n")
    print(format_table(runs, seed_bytes))
    print(f"\npeak RSS: {rss_startup:.0f} MiB after startup, {maxrss_mib():.0f} MiB at the end (ru_maxrss)")
    verdicts = [f"{r.name}: {'MET' if seed_rate(r, seed_bytes, 'cpu') >= TARGET_SEED_REPORTS_PER_S else 'NOT MET'} "
                f"({seed_rate(r, seed_bytes, 'cpu'):.1f})" for r in runs]
    print(f"target ≥ {TARGET_SEED_REPORTS_PER_S:.0f} seed-sized reports/s per core (CPU time): " + "; ".join(verdicts))

    list_problems(runs, args.slowest)

    print()
    python, reason = underthesea_python(args.underthesea_python)
    if python is None:
        print(f"underthesea: {reason}")
    else:
        n = len(report_files) if args.ner_sample is None else min(args.ner_sample, len(report_files))
        for ln in compare_underthesea(python, runs[0], report_files[:n], args.underthesea_timeout):
            print(ln)

    if args.profile:
        print_profile(report_files, args.profile)
    return 1 if any(r.crashed for r in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
