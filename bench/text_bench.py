"""Throughput of the kg.text hot path: normalize + find_quantities.

Run: ``python bench/text_bench.py [CORPUS_DIR] [--repeat N]``. Reads every ``*.txt``
under ``../shared/corpus/vntc/`` (2,000 news articles) by default, decodes them
once (not timed), then times ``normalize`` and ``find_quantities`` over all of
them on one core and prints MB/s (MB = 10^6 bytes of UTF-8 input; time = CPU time of
this process, the best of --repeat runs, so other load on the machine does not count).
Target: 20 MB/s.
Also prints the figures for decode, find_dates and find_periods, which the reader and
the extractor run too.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from kg.text import decode, find_dates, find_periods, find_quantities, normalize  # noqa: E402

DEFAULT = REPO.parent / "shared" / "corpus" / "vntc"
TARGET_MB_S = 20.0


def _best_of(repeat: int, fn) -> float:
    """Best CPU time of ``repeat`` runs (process time: one core, other load excluded)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.rglob("*.txt"))
    if not files:
        print(f"no .txt files under {args.corpus}; nothing to measure", file=sys.stderr)
        return 2
    raw = [p.read_bytes() for p in files]
    texts = [decode(data, path=str(p)) for data, p in zip(raw, files)]
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    normalized = [normalize(t) for t in texts]

    t_decode = _best_of(args.repeat, lambda: [decode(data) for data in raw])
    t_norm = _best_of(args.repeat, lambda: [normalize(t) for t in texts])
    t_qty = _best_of(args.repeat, lambda: [find_quantities(t) for t in normalized])
    t_both = _best_of(args.repeat, lambda: [find_quantities(normalize(t)) for t in texts])
    t_dates = _best_of(args.repeat, lambda: [find_dates(t) for t in normalized])
    t_periods = _best_of(args.repeat, lambda: [find_periods(t) for t in normalized])
    n_qty = sum(len(find_quantities(t)) for t in normalized)

    print(f"corpus: {args.corpus} ({len(files)} files, {size_mb:.2f} MB UTF-8, {n_qty} quantities)")
    print(f"decode                     {size_mb / t_decode:8.1f} MB/s  ({t_decode:.3f} s)")
    print(f"normalize                  {size_mb / t_norm:8.1f} MB/s  ({t_norm:.3f} s)")
    print(f"find_quantities            {size_mb / t_qty:8.1f} MB/s  ({t_qty:.3f} s)")
    print(f"normalize+find_quantities  {size_mb / t_both:8.1f} MB/s  ({t_both:.3f} s)  target {TARGET_MB_S:.0f} MB/s")
    print(f"find_dates                 {size_mb / t_dates:8.1f} MB/s  ({t_dates:.3f} s)")
    print(f"find_periods               {size_mb / t_periods:8.1f} MB/s  ({t_periods:.3f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
