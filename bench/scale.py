"""Scale benchmark: ``kg build`` on replicated real reports, then loads and named queries per store.

One command, prints two tables and the targets::

    .venv/bin/python bench/scale.py              # a few minutes on 2 cores: 1,000 reports, 300k triples
    .venv/bin/python bench/scale.py --sizes 10000,100000 --triples 1000000,10000000   # the full run (hours)
    .venv/bin/python bench/scale.py --sizes '' --triples 10000000 --backends oxigraph  # one part

The full run takes hours on 2 cores: ~50 min per 100k-report build with ``--jobs 2`` (twice that
with ``--jobs 1``), ~7 min to load 10M triples per store, and at 10M triples the ``people`` query
alone ran 16 min on Oxigraph. Run it in parts (``--sizes ''`` skips the builds, ``--triples ''`` the
loads; ``--queries`` picks the named queries).

**Corpus.** The real reports of ``../shared/corpus`` (``reports/`` and ``vntc/``, 2,106 files) are
replicated to each size as symlinks ``TMP/cNNNN_NAME.txt`` in one folder: copy ``NNNN`` of a report has
its own key ``cNNNN-name`` and so its own report and graph IRIs, while persons, organizations and places are shared
across copies as they are across real reports.

**Build** (``--sizes``, ``--jobs``). For each size and job count, ``python -m kg.cli build TMP -o OUT
--no-view --jobs J --store oxigraph:OUT/db`` runs in a child process; wall time includes the final
counts (``kg build`` writes no ``graph.trig`` from 200 reports on). Peak RSS is the largest sum of the RSS of the child and all its
descendants (the worker processes), sampled every 0.2 s with psutil, as is the CPU time of the
process tree (reports per CPU-second: what the build would do with every core to itself).

**Load and query** (``--triples``, ``--backends``). The real reports are extracted once (two worker
processes; only an evenly spread ~1 per 300 triples of the largest target, all 2,106 from ~630k); copy ``k`` of a report graph is then made by rewriting its key in the IRIs and in
``kg:sourceFile`` (a check compares a few rewritten copies with real builds of symlinked copies and
stops the bench on any difference). Each backend runs in its own child process and receives report
graphs in order until the store holds the target number of quads (report triples plus the
entity-graph triples not seen before): ``oxigraph:`` as ``kg build`` writes to it (reports encoded as
its workers encode them, untimed, then ``put_encoded`` batches of ``kg.pipeline.WRITE_BATCH``
reports, one journalled bulk load each), the others one ``put_graph(graph, triples, entities)`` per
report (what their ``put_encoded`` does, without decoding); then ``store.optimize()`` as ``kg build``
ends (compaction on ``oxigraph:``). Only time inside ``put_encoded`` / ``put_graph`` and
``optimize`` counts as load time. ``memory:`` is skipped above ``--memory-max`` triples (rdflib needs
~1.4 GB per million). ``sparql:`` is an Oxigraph server (``oxigraph serve``, started as the tests do in
``tests/servers.py``); its RSS is the server's. The named queries (``src/kg/queries/*.rq``) run as
``kg query`` runs them (``kg.query.named_query``), in the ``--variants``: ``page`` is the default
first page (100 rows, the store's order), ``filter`` adds one filter per query (:data:`FILTERS`),
``order`` adds ``--order``. Each runs once to warm up, then ``--runs`` times or until ``--query-budget``
seconds are spent (at least once; a query whose warm-up alone takes over half the budget is not
repeated and its cold run is the sample, marked ``cold``); p50/p95 are nearest-rank over the timed
runs (``bench/store_bench.percentile``). The query targets are checked on the ``page`` variant.

The machine is shared: other jobs' load changes wall times, so each table prints the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(HERE))
from store_bench import percentile  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"

#: The issue's targets (issue 7).
TARGET_REPORTS = 100_000
TARGET_BUILD_S = 15 * 60
TARGET_RSS_MB = 2048
TARGET_P50_MS_10M = 50.0
TARGET_SPEEDUP_1M = 50.0


def corpus_files(corpus: Path) -> list[tuple[Path, Path]]:
    """The real reports as (file, root) pairs: ``corpus/reports`` then ``corpus/vntc``, sorted.

    Raises:
        SystemExit: the corpus is absent, or two files share a name (copies would share a key).
    """
    from kg.read import find_reports

    folders = [corpus / "reports", corpus / "vntc"]
    if not all(f.is_dir() for f in folders):
        raise SystemExit(f"{corpus}: no reports/ and vntc/ here (the shared corpus is needed; --corpus DIR)")
    files = find_reports(folders)
    names = [f.name for f, _root in files]
    if len(set(names)) != len(names):
        raise SystemExit(f"{corpus}: two reports share a file name; copies would share a key")
    return files


def replicate(files: list[tuple[Path, Path]], count: int, dest: Path) -> Path:
    """Make ``count`` report files in ``dest`` as symlinks cycling through ``files``.

    Returns ``dest``; copy ``i // len(files)`` of report ``i % len(files)`` is ``dest/c{copy:04d}_{NAME}``, whose
    key is ``c{copy:04d}-{key}`` (a flat key: a key with ``/`` is slugged differently in person IRIs).
    """
    dest.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        src = files[i % len(files)][0]
        (dest / copy_name(src.name, i // len(files))).symlink_to(src.resolve())
    return dest


def copy_name(name: str, copy: int) -> str:
    """The file name of copy number ``copy`` of report file ``name``."""
    return f"c{copy:04d}_{name}"


# --- build -------------------------------------------------------------------------------------


def tree_usage(pid: int, cpu: dict[int, float]) -> int:
    """Bytes of resident memory of process ``pid`` and all its descendants (0 once it has exited);
    records each one's CPU seconds so far (user + system) in ``cpu`` (pid → seconds)."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            with p.oneshot():
                total += p.memory_info().rss
                times = p.cpu_times()
            cpu[p.pid] = max(cpu.get(p.pid, 0.0), times.user + times.system)
        except psutil.NoSuchProcess:
            pass
    return total


def run_sampled(command: list[str], interval: float = 0.2) -> tuple[subprocess.CompletedProcess, float, int, float]:
    """Run ``command``; return (completed process with text output, wall seconds, peak tree RSS in bytes,
    CPU seconds of the process tree).

    Both are sampled every ``interval`` s with psutil; a process's CPU time is its last sample, so up
    to ``interval`` s of each process's last moments is missed (the worker processes of
    ``--jobs`` are not reaped by the build, so ``RUSAGE_CHILDREN`` would not see them).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "200"})
    peak = 0
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_usage(proc.pid, cpu))
            stop.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    sampler.join()
    wall = time.perf_counter() - start
    print(f"  CPU s: build process {cpu.get(proc.pid, 0.0):.0f}, its children {sum(cpu.values()) - cpu.get(proc.pid, 0.0):.0f}",
          file=sys.stderr, flush=True)
    return subprocess.CompletedProcess(command, proc.returncode, out, err), wall, peak, sum(cpu.values())


def summary_value(output: str, label: str) -> int:
    """The number in the ``kg build`` summary row ``label`` (0 when the row is absent)."""
    m = re.search(rf"│\s*{re.escape(label)}[^│]*│\s*(\d+)", output)  # "triples (in all report graphs)"
    return int(m.group(1)) if m else 0


def bench_build(files: list[tuple[Path, Path]], size: int, jobs: int, workdir: Path) -> dict:
    """Build ``size`` replicated reports with ``--jobs jobs`` into an oxigraph store; return the figures."""
    src = replicate(files, size, workdir / f"corpus-{size}")
    out = workdir / f"out-{size}-{jobs}"
    command = [sys.executable, "-m", "kg.cli", "build", str(src), "-o", str(out), "--no-view",
               "--jobs", str(jobs), "--store", f"oxigraph:{out / 'db'}"]
    done, wall, peak, cpu = run_sampled(command)
    if done.returncode not in (0, 1):
        raise SystemExit(f"kg build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = {
        "size": size, "jobs": jobs, "wall_s": wall, "reports_per_s": size / wall, "peak_rss_mb": peak / 2**20,
        "cpu_s": cpu, "reports_per_cpu_s": size / cpu if cpu else 0.0,
        "reports": summary_value(done.stdout, "reports read"), "failed": summary_value(done.stdout, "failed"),
        "triples": summary_value(done.stdout, "triples"), "load": os.getloadavg()[0],
    }
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(src, ignore_errors=True)
    return result


# --- replicated report graphs ------------------------------------------------------------------


def extract_cache(files: list[tuple[Path, Path]], path: Path, jobs: int = 2) -> int:
    """Extract every report once in ``jobs`` processes and pickle [(key, graph IRI, triples, entity triples)]
    to ``path`` (:class:`kg.emit.ReportGraph`'s parts).

    Returns the number of report triples; failed reports are left out.
    """
    from concurrent.futures import ProcessPoolExecutor

    from kg.pipeline import batches, extract_batch
    from kg.read import report_key

    todo = [(str(f), str(root)) for f, root in files]
    roots = dict(todo)
    keyed = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch in pool.map(extract_batch, batches(todo, 16)):
            for f, ok, payload in batch:
                if ok:
                    keyed.append((report_key(Path(f), Path(roots[f])), payload.graph, payload.triples, payload.entities))
    with path.open("wb") as out:
        pickle.dump(keyed, out, protocol=pickle.HIGHEST_PROTOCOL)
    return sum(len(t) for _k, _g, t, _e in keyed)


class Replicator:
    """Copies of cached report graphs under new keys, as a build of ``cNNNN_NAME`` symlinks gives them.

    A copy replaces the report key (``cNNNN-KEY`` for ``KEY``) in every IRI of the kg id namespace where it
    follows ``/`` or ``-`` and ends the IRI or a segment (``report/KEY``, ``graph/KEY``, ``obs/KEY/…``,
    ``person/NAME/KEY``, ``event/KIND/report-KEY/N``,
    ``…/KEY#char=…``) and in the ``kg:sourceFile`` literal, in the report triples and in the entity
    triples (persons and organizations keyed by the report). :func:`check_replicas` verifies the rule.
    """

    def __init__(self, entries: list[tuple[str, str, list, list]]) -> None:
        from rdflib import Literal, URIRef

        self._uri, self._lit = URIRef, Literal
        self.templates = []
        for key, _graph, triples, entities in entries:
            seg = re.compile(rf"(?<=[/-]){re.escape(key)}(?=$|[/#])")
            rows = [tuple(self._template(t, key, seg) for t in triple) for triple in triples]
            ents = [tuple(self._template(t, key, seg) for t in triple) for triple in entities]
            self.templates.append((key, rows, ents))

    def _template(self, term, key: str, seg: re.Pattern):  # noqa: ANN001, ANN202
        if isinstance(term, self._uri) and term.startswith("https://w3id.org/kg-vn/id/") and seg.search(term):
            return ("iri", seg.split(str(term)))
        if isinstance(term, self._lit) and str(term) == key:
            return ("lit", term.datatype, term.language)
        return term

    def copy(self, index: int, copy: int) -> tuple[str, list, list]:
        """(graph IRI, report triples, entity triples) of copy number ``copy`` of cached report ``index``."""
        key, rows, ents = self.templates[index]
        new = f"c{copy:04d}-{key}"
        uri, lit = self._uri, self._lit

        def term(t):  # noqa: ANN001, ANN202
            if type(t) is tuple:
                if t[0] == "iri":
                    return uri(new.join(t[1]))
                return lit(new, datatype=t[1], lang=t[2])
            return t

        triples = [(term(s), term(p), term(o)) for s, p, o in rows]
        entities = [(term(s), term(p), term(o)) for s, p, o in ents]
        return f"https://w3id.org/kg-vn/id/graph/{new}", triples, entities

    def stream(self):  # noqa: ANN201 - Iterator[tuple[str, list, list]]
        """Every report's copy 0, then every report's copy 1, … without end."""
        copy = 0
        while True:
            for i in range(len(self.templates)):
                yield self.copy(i, copy)
            copy += 1


def check_replicas(files: list[tuple[Path, Path]], cache: Path, workdir: Path, sample: int = 25) -> int:
    """Compare rewritten copies with real builds of symlinked copies; return how many were checked.

    Raises:
        SystemExit: a rewritten copy differs from the real one (the rewrite rule is wrong).
    """
    from kg.pipeline import process_report

    entries = pickle.loads(cache.read_bytes())
    rep = Replicator(entries)
    by_key = {key: i for i, (key, _g, _t, _e) in enumerate(entries)}
    from kg.read import report_key

    step = max(1, len(files) // sample)
    checked = 0
    for f, root in files[::step][:sample]:
        key = report_key(f, root)
        if key not in by_key:
            continue
        copy = 7
        link = workdir / "check" / copy_name(f.name, copy)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(f.resolve())
        real = process_report(str(link), str(workdir / "check"))
        made_graph, made, made_entities = rep.copy(by_key[key], copy)
        differ = len(set(real.triples) ^ set(made)) + len(set(real.entities) ^ set(made_entities))
        if real.graph != made_graph or differ:
            raise SystemExit(f"replica check failed for {f.name}: {differ} triples differ")
        checked += 1
    return checked


# --- load and query (child process) --------------------------------------------------------------

#: The filter of each named query in the ``filter`` variant (``kg query --name NAME --KEY VALUE``):
#: values present at every size (Hà Nội, 2020, a common family name), so each gives a full page.
FILTERS: dict[str, dict[str, str]] = {
    "observations": {"area": "01"}, "people": {"person": "nguyễn văn"}, "events": {"year": "2020"}, "places": {"area": "01"},
}

#: How each variant runs a named query: ``page`` as ``kg query --name NAME`` (the first page of
#: ``kg.query.DEFAULT_LIMIT`` rows in the store's order), ``filter`` with :data:`FILTERS`, ``order``
#: the first page with ``--order`` (sorted: every row is read).
VARIANTS = ("page", "filter", "order")


def case_label(variant: str, name: str) -> str:
    """The table column of query ``name`` in ``variant``: ``observations``, ``observations --area 01``, ``observations --order``."""
    if variant == "page":
        return name
    if variant == "order":
        return f"{name} --order"
    return name + "".join(f" --{k} {v}" for k, v in FILTERS[name].items())


def case_text(variant: str, name: str) -> str:
    """The SPARQL that ``kg query`` runs for query ``name`` in ``variant`` (first page of the default size)."""
    from kg.query import named_query

    return named_query(name, FILTERS[name] if variant == "filter" else {}, order=variant == "order")


def run_child(backend: str, target: int, cache: Path, runs: int, budget: float, names: list[str],
              variants: list[str]) -> dict:
    """Load ``target`` quads of copied report graphs into ``backend`` and time the named queries ``names``
    in each of ``variants`` (:data:`VARIANTS`)."""
    import psutil

    from kg.store import open_store

    workdir = Path(tempfile.mkdtemp(prefix="kg-scale-"))
    server = None
    try:
        rep = Replicator(pickle.loads(cache.read_bytes()))
        if backend == "sparql":
            sys.path.insert(0, str(REPO / "tests"))
            from servers import start_oxigraph

            server = start_oxigraph(workdir)
            uri, watched = server.store_uri, psutil.Process(server.process.pid)
        else:
            uri = "memory:" if backend == "memory" else f"oxigraph:{workdir / 'db'}"
            watched = psutil.Process()
        before = watched.memory_info().rss
        store = open_store(uri)
        from kg.pipeline import WRITE_BATCH
        from kg.store.base import Encoder

        load_s, sent, reports = 0.0, 0, 0
        entities: set = set()  # the entity graph's triples so far: the store keeps each once
        encoder, batch = Encoder(), []

        def write(batch: list) -> float:
            start = time.perf_counter()
            store.put_encoded(batch)  # as kg build writes: one journalled bulk load per batch
            return time.perf_counter() - start

        for graph, triples, ents in rep.stream():
            if sent >= target:
                break
            if backend == "oxigraph":
                batch.append(encoder.encode(graph, triples, ents))  # kg build's workers encode, untimed
                if len(batch) >= WRITE_BATCH:
                    load_s += write(batch)
                    batch = []
            else:  # rdflib and HTTP stores take report after report (their put_encoded does the same)
                start = time.perf_counter()
                store.put_graph(graph, triples, ents)
                load_s += time.perf_counter() - start
            before_entities = len(entities)
            entities.update(ents)
            sent += len(set(triples)) + len(entities) - before_entities  # the emitter may list a triple twice
            reports += 1
        if batch:
            load_s += write(batch)
        start = time.perf_counter()
        store.optimize()  # as kg build ends (a RocksDB compaction on oxigraph:, else nothing)
        load_s += time.perf_counter() - start
        entities.clear()
        stored = len(store)
        print(f"  loaded {stored:,} quads from {reports:,} reports in {load_s:.0f} s", file=sys.stderr, flush=True)
        queries = {}
        for label, text in ((case_label(v, n), case_text(v, n)) for v in variants for n in names):
            start = time.perf_counter()
            rows = len(store.query(text).rows)  # warm-up
            first = time.perf_counter() - start
            times: list[float] = [first] if first > budget / 2 else []  # too slow to repeat: the cold run is the sample
            spent = first
            while len(times) < runs and (not times or spent + first <= budget):
                start = time.perf_counter()
                store.query(text)
                times.append(time.perf_counter() - start)
                spent += times[-1]
            queries[label] = {"p50": percentile(times, 50) * 1000, "p95": percentile(times, 95) * 1000,
                              "runs": len(times), "rows": rows, "cold": first > budget / 2}
            print(f"  {label}: {rows:,} rows, first {first:.2f} s, p50 {queries[label]['p50']:,.1f} ms", file=sys.stderr, flush=True)
        rss = watched.memory_info().rss - (before if backend != "sparql" else 0)
        store.close()
        disk = sum(f.stat().st_size for f in (workdir / "db").rglob("*") if f.is_file())  # RocksDB files, WAL included
        return {"backend": backend, "target": target, "reports": reports, "triples_sent": sent, "quads": stored,
                "load_s": load_s, "triples_per_s": sent / load_s, "rss_mb": rss / 2**20, "disk_mb": disk / 2**20,
                "queries": queries, "load": os.getloadavg()[0]}
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


# --- tables ------------------------------------------------------------------------------------


def table(cols: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with ``|`` separators (Markdown-compatible)."""
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c) for i, c in enumerate(cols)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cols, widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(v.ljust(w) for v, w in zip(r, widths)) + " |" for r in rows]
    return "\n".join(lines)


def print_build(results: list[dict]) -> None:
    """The build table and the build targets."""
    cols = ["reports", "jobs", "wall s", "reports/s", "CPU s (tree)", "reports/CPU-s", "peak RSS MB (tree)", "triples",
            "failed", "100k at this rate", "load avg"]
    rows = [[f"{r['size']:,}", str(r["jobs"]), f"{r['wall_s']:.0f}", f"{r['reports_per_s']:.1f}", f"{r['cpu_s']:.0f}",
             f"{r['reports_per_cpu_s']:.1f}", f"{r['peak_rss_mb']:,.0f}",
             f"{r['triples']:,}", str(r["failed"]), f"{TARGET_REPORTS / r['reports_per_s'] / 60:.0f} min", f"{r['load']:.1f}"]
            for r in results]
    print("\n## Build: kg build --store oxigraph:, replicated real reports\n")
    print(table(cols, rows))
    best = max(results, key=lambda r: (r["size"], r["jobs"]))
    projected = TARGET_REPORTS / best["reports_per_s"]
    peak = max(r["peak_rss_mb"] for r in results)
    print(f"\ntarget: {TARGET_REPORTS:,} reports in ≤ {TARGET_BUILD_S // 60} min on 2 cores: "
          f"{'met' if projected <= TARGET_BUILD_S else 'NOT met'} — {best['reports_per_s']:.1f} reports/s at "
          f"{best['size']:,} reports, --jobs {best['jobs']} → {projected / 60:.0f} min for {TARGET_REPORTS:,}"
          + ("" if best["size"] >= TARGET_REPORTS else " (projected)"))
    cores = os.cpu_count() or 1
    print(f"CPU bound: {cores} cores x {best['reports_per_cpu_s']:.1f} reports/CPU-s = {cores * best['reports_per_cpu_s']:.0f} reports/s "
          f"at most with every core free for this build (CPU time of the build's process tree, so other jobs' load does not count)")
    print(f"target: peak RSS ≤ {TARGET_RSS_MB:,} MB: {'met' if peak <= TARGET_RSS_MB else 'NOT met'} — "
          f"largest {peak:,.0f} MB" + ("" if best["size"] >= TARGET_REPORTS else f" at ≤ {best['size']:,} reports"))


def print_queries(results: list[dict], queries: tuple[str, ...], variants: tuple[str, ...] = ("page", "filter")) -> None:
    """The load table, the query table (p50/p95 per store, the oxigraph:memory speed-up) and the query targets.

    The targets are checked on the ``page`` variant: the named queries as ``kg query --name NAME`` runs them.
    """
    cols = ["triples", "backend", "reports", "load s", "triples/s", "RSS MB", "disk MB", "load avg"]
    rows = [[f"{r['quads']:,}", r["backend"], f"{r['reports']:,}", f"{r['load_s']:.0f}", f"{r['triples_per_s']:,.0f}",
             f"{r['rss_mb']:,.0f}", f"{r['disk_mb']:,.0f}" if r["disk_mb"] else "–", f"{r['load']:.1f}"] for r in results]
    print("\n## Load (copies of real report graphs; triples = quads in the store)\n")
    print(table(cols, rows))
    by = {(r["target"], r["backend"]): r for r in results}
    backends = [b for b in ("memory", "oxigraph", "sparql") if any(r["backend"] == b for r in results)]
    cols = ["triples", "query (kg query --name …)", "rows"] + [f"{b} p50 / p95 ms" for b in backends] + ["oxigraph : memory"]
    rows = []
    for target in sorted({r["target"] for r in results}):
        for label in (case_label(v, q) for v in variants for q in queries):
            got = {b: by[(target, b)]["queries"][label] for b in backends if (target, b) in by}
            any_r = next(iter(got.values()))
            cells = []
            for b in backends:
                q = got.get(b)
                cells.append("–" if q is None else f"{q['p50']:,.1f} / {q['p95']:,.1f}" + (" (cold)" if q["cold"] else ""))
            m, o = got.get("memory"), got.get("oxigraph")
            rows.append([f"~{target:,}", label, f"{any_r['rows']:,}"] + cells + [f"{m['p50'] / o['p50']:,.0f}x faster" if m and o else "–"])
    print("\n## Named queries: first page of 100 rows (kg query defaults), p50 / p95 over the timed runs\n")
    print(table(cols, rows))
    pages = [case_label("page", q) for q in queries]
    big = [r for r in results if r["backend"] == "oxigraph" and r["target"] >= 5_000_000]
    print()
    for r in big:
        worst = max(pages, key=lambda q: r["queries"][q]["p50"])
        print(f"target: named queries p50 ≤ {TARGET_P50_MS_10M:.0f} ms on oxigraph: at {r['quads']:,} triples: "
              f"{'met' if r['queries'][worst]['p50'] <= TARGET_P50_MS_10M else 'NOT met'} — slowest p50 {r['queries'][worst]['p50']:,.1f} ms ({worst})")
    if not big:
        print(f"target: named queries p50 ≤ {TARGET_P50_MS_10M:.0f} ms at 10M triples on oxigraph: not measured (add --triples 10000000)")
    for target in sorted({r["target"] for r in results}):
        m, o = by.get((target, "memory")), by.get((target, "oxigraph"))
        if m and o:
            low = min(pages, key=lambda q: m["queries"][q]["p50"] / o["queries"][q]["p50"])
            ratio = m["queries"][low]["p50"] / o["queries"][low]["p50"]
            print(f"target: oxigraph ≥ {TARGET_SPEEDUP_1M:.0f}x faster than memory on the named queries at {o['quads']:,} triples: "
                  f"{'met' if ratio >= TARGET_SPEEDUP_1M else 'NOT met'} — smallest speed-up {ratio:,.1f}x ({low})")


def ints(text: str) -> list[int]:
    """``"1000,10000"`` → ``[1000, 10000]``; ``""`` → ``[]``."""
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def main() -> None:
    """Parse arguments; run the build bench, then each (triples, backend) in a child process; print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000", help="reports per build, comma-separated ('' skips the build bench; default 1000)")
    parser.add_argument("--jobs", default="1,2", help="--jobs values to build with (default 1,2)")
    parser.add_argument("--triples", default="300000", help="triples to load per backend, comma-separated ('' skips; default 300000)")
    parser.add_argument("--backends", default="memory,oxigraph,sparql", help="memory, oxigraph, sparql (default all three)")
    parser.add_argument("--memory-max", type=int, default=2_000_000, help="largest load tried on memory: (default 2,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument("--query-budget", type=float, default=60.0, help="seconds per query before fewer runs are taken (default 60)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus (default ../shared/corpus)")
    parser.add_argument("--queries", default="observations,people,events,places", help="named queries to time (default all four)")
    parser.add_argument("--variants", default="page,filter", help="page (kg query defaults), filter (FILTERS), order (--order); default page,filter")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N real reports (a quick try; default all)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, int(args.triples), args.cache, args.runs, args.query_budget, args.queries.split(","),
                                   args.variants.split(","))))
        return

    files = corpus_files(args.corpus)
    if args.limit:
        files = files[::max(1, len(files) // args.limit)][:args.limit]  # both folders
    workdir = Path(tempfile.mkdtemp(prefix="kg-scale-"))
    try:
        builds = []
        for size in ints(args.sizes):
            for jobs in ints(args.jobs):
                print(f"… build {size:,} reports, --jobs {jobs}", file=sys.stderr, flush=True)
                builds.append(bench_build(files, size, jobs, workdir))
                print(f"  {builds[-1]['reports_per_s']:.1f} reports/s, peak RSS {builds[-1]['peak_rss_mb']:,.0f} MB", file=sys.stderr, flush=True)
        loads = []
        targets = ints(args.triples)
        if targets:
            cache = workdir / "graphs.pickle"
            unique = files[::max(1, len(files) // (max(targets) // 300 + 1))]
            print(f"… extracting {len(unique):,} reports once for the load bench", file=sys.stderr, flush=True)
            total = extract_cache(unique, cache)
            checked = check_replicas(unique, cache, workdir)
            print(f"  {total:,} triples; {checked} rewritten copies identical to real builds of copies", file=sys.stderr, flush=True)
            for target in targets:
                for backend in args.backends.split(","):
                    if backend == "memory" and target > args.memory_max:
                        print(f"… skip memory at {target:,} triples (--memory-max {args.memory_max:,})", file=sys.stderr, flush=True)
                        continue
                    print(f"… {backend}: loading {target:,} triples", file=sys.stderr, flush=True)
                    done = subprocess.run(
                        [sys.executable, __file__, "--child", backend, "--triples", str(target), "--cache", str(cache),
                         "--runs", str(args.runs), "--query-budget", str(args.query_budget), "--queries", args.queries,
                         "--variants", args.variants],
                        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})  # stderr: progress
                    if done.returncode != 0:
                        raise SystemExit(f"{backend} at {target:,} failed (exit status {done.returncode})")
                    loads.append(json.loads(done.stdout.strip().splitlines()[-1]))
                    r = loads[-1]
                    print(f"  {r['triples_per_s']:,.0f} triples/s; " + ", ".join(f"{q} {v['p50']:,.1f} ms" for q, v in r["queries"].items()),
                          file=sys.stderr, flush=True)
        print(f"# bench/scale.py on {os.cpu_count()} cores; corpus {len(files):,} real reports")
        if builds:
            print_build(builds)
        if loads:
            print_queries(loads, tuple(args.queries.split(",")), tuple(args.variants.split(",")))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
