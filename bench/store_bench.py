"""Benchmark the kg stores: load ~1M report-like quads into ``memory:`` and ``oxigraph:``, then time queries.

One command, prints a table::

    .venv/bin/python bench/store_bench.py                  # ~1M triples, 5 timed runs per query
    .venv/bin/python bench/store_bench.py --triples 100000 --runs 3

Each backend runs in its own child process (so peak memory is its own). The data are synthetic
report graphs from :mod:`kg.store.synthetic` (~360 triples each, entity triples repeated across
reports as in real builds), written one ``put_graph`` per report; only the time spent inside
``put_graph`` counts as load time. Queries are SELECT … GROUP BY over the union default graph; each
runs once to warm up, then ``--runs`` times; p50/p95 are over those runs (nearest-rank).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from kg.store.synthetic import GROUP_BY_QUERIES as QUERIES  # noqa: E402


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0–100) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def run_child(backend: str, triples: int, runs: int) -> dict:
    """Load and query one backend in this process; return the measurements as a dict."""
    from kg.store import open_store
    from kg.store.synthetic import PREFIXES, report_graph

    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        uri = "memory:" if backend == "memory" else f"oxigraph:{workdir / 'db'}"
        store = open_store(uri)
        load_seconds = 0.0
        sent = 0
        reports = 0
        while sent < triples:
            graph, report = report_graph(reports)
            start = time.perf_counter()
            store.put_graph(graph, report)
            load_seconds += time.perf_counter() - start
            sent += len(report)
            reports += 1
        stored = len(store)
        hash_times = []
        for i in range(0, reports, max(1, reports // 200)):
            graph = report_graph(i)[0]
            start = time.perf_counter()
            store.report_hash(graph)
            hash_times.append(time.perf_counter() - start)
        query_ms = {}
        for name, body in QUERIES.items():
            text = PREFIXES + "\n" + body
            rows = len(store.query(text).rows)  # warm-up
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                store.query(text)
                times.append((time.perf_counter() - start) * 1000)
            query_ms[name] = {"p50": percentile(times, 50), "p95": percentile(times, 95), "rows": rows}
        store.close()
        disk = sum(f.stat().st_size for f in workdir.rglob("*") if f.is_file())
        return {
            "backend": backend,
            "reports": reports,
            "triples_sent": sent,
            "quads_stored": stored,
            "load_s": load_seconds,
            "triples_per_s": sent / load_seconds,
            "report_hash_us_p50": statistics.median(hash_times) * 1e6,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "disk_mb": disk / 2**20,
            "queries": query_ms,
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    """Parse arguments, run each backend in a child process, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="triples to load (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument("--backends", default="memory,oxigraph", help="comma-separated: memory, oxigraph")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.triples, args.runs)))
        return
    results = {}
    for backend in args.backends.split(","):
        print(f"… {backend}: loading {args.triples:,} triples", file=sys.stderr, flush=True)
        out = subprocess.run(
            [sys.executable, __file__, "--child", backend, "--triples", str(args.triples), "--runs", str(args.runs)],
            check=True, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        results[backend] = json.loads(out.stdout.strip().splitlines()[-1])
    print_table(results, args.runs)


def print_table(results: dict, runs: int) -> None:
    """Print one row per backend and, with both backends, the oxigraph:memory ratio row."""
    cols = ["backend", "reports", "quads", "load s", "triples/s", "hash µs", "RSS MB", "disk MB"]
    cols += [f"{q} p50/p95 ms" for q in QUERIES]
    rows = []
    for r in results.values():
        rows.append([
            r["backend"], f"{r['reports']:,}", f"{r['quads_stored']:,}", f"{r['load_s']:.1f}",
            f"{r['triples_per_s']:,.0f}", f"{r['report_hash_us_p50']:.0f}", f"{r['peak_rss_mb']:,.0f}",
            f"{r['disk_mb']:,.0f}",
        ] + [f"{r['queries'][q]['p50']:,.0f} / {r['queries'][q]['p95']:,.0f}" for q in QUERIES])
    if "memory" in results and "oxigraph" in results:
        m, o = results["memory"], results["oxigraph"]
        rows.append([
            "oxigraph:memory", "", "", f"{o['load_s'] / m['load_s']:.2f}x", f"{o['triples_per_s'] / m['triples_per_s']:.2f}x",
            f"{o['report_hash_us_p50'] / m['report_hash_us_p50']:.2f}x", f"{o['peak_rss_mb'] / m['peak_rss_mb']:.2f}x", "",
        ] + [f"{o['queries'][q]['p50'] / m['queries'][q]['p50']:.3f}x" for q in QUERIES])
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(cols)]
    line = " | ".join(c.ljust(w) for c, w in zip(cols, widths))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(v.ljust(w) for v, w in zip(row, widths)))
    print(f"\nqueries: {runs} timed runs after one warm-up; ratio row = oxigraph / memory (below 1 is faster or smaller)")
    print("rows per query: " + ", ".join(f"{q} {next(iter(results.values()))['queries'][q]['rows']}" for q in QUERIES))


if __name__ == "__main__":
    main()
