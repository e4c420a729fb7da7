"""Score extraction against the gold annotations of the dev set.

Usage (one command, from the repo root):

    python bench/eval.py [--gold ../shared/corpus/gold] [--reports ../shared/corpus/reports] [-v]

For each ``NAME.gold.json`` it builds the report (the seed ``report-2020-h1`` comes from
``examples/``), runs the official scorer ``../shared/tools/kgscore.py`` on the graph, and
prints the per-category recall table plus the counts of extra (unmatched) persons and
observations, which measure precision.  Targets (issue 5): recall >= 0.95 in every
category; extra persons and extra observations <= 5% of matched.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import rdflib

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))

from kg.emit import ENTITY_GRAPH  # noqa: E402
from kg.pipeline import process_report  # noqa: E402

CATS = [
    ("persons+roles", r"^persons\+roles (\d+)/(\d+)\s+extra persons: (\d+)"),
    ("places", r"^places\(with official code\) (\d+)/(\d+)"),
    ("orgs", r"^orgs (\d+)/(\d+)"),
    ("events", r"^events (\d+)/(\d+)"),
    ("observations", r"^observations\(value\+unit\+pct\) (\d+)/(\d+).*unmatched extra: (\d+)"),
]


def score_one(report: Path, gold: Path, scorer: Path, verbose: bool) -> dict:
    """Build ``report``, score it against ``gold``; returns {category: (hit, total, extra)}."""
    rg = process_report(str(report), str(report.parent))
    ds = rdflib.Dataset()
    g = ds.graph(rdflib.URIRef(rg.graph))
    for t in rg.triples:
        g.add(t)
    entities = ds.graph(rdflib.URIRef(ENTITY_GRAPH))
    for t in rg.entities:
        entities.add(t)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.trig"
        ds.serialize(path, format="trig")
        res = subprocess.run([sys.executable, str(scorer), str(path), str(gold)], capture_output=True, text=True)
    out = {}
    for line in res.stdout.splitlines():
        for cat, pat in CATS:
            m = re.match(pat, line)
            if m:
                nums = [int(x) for x in m.groups()]
                out[cat] = (nums[0], nums[1], nums[2] if len(nums) > 2 else 0)
    if verbose:
        print(f"== {report.name}")
        print("\n".join(ln for ln in res.stdout.splitlines() if ln.startswith("  ")))
    return out


def main() -> int:
    """Print the recall table over every gold file; exit 0."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=SHARED / "corpus" / "gold")
    ap.add_argument("--reports", type=Path, default=SHARED / "corpus" / "reports")
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools" / "kgscore.py")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each miss")
    args = ap.parse_args()
    golds = sorted(args.gold.glob("*.gold.json"))
    if not golds or not args.scorer.is_file():
        print(f"no gold files under {args.gold} or no scorer at {args.scorer}: the shared corpus is absent", file=sys.stderr)
        return 2
    totals = {c: [0, 0, 0] for c, _ in CATS}
    for gold in golds:
        name = gold.name.replace(".gold.json", ".txt")
        report = REPO / "examples" / name if (REPO / "examples" / name).exists() else args.reports / name
        for cat, (h, t, x) in score_one(report, gold, args.scorer, args.verbose).items():
            totals[cat][0] += h
            totals[cat][1] += t
            totals[cat][2] += x
    print(f"{'category':<16}{'matched':>9}{'gold':>7}{'recall':>8}{'extra':>7}")
    for cat, (h, t, x) in totals.items():
        extra = f"{x:>7}" if cat in ("persons+roles", "observations") else f"{'':>7}"
        print(f"{cat:<16}{h:>9}{t:>7}{h / t if t else 1:>8.3f}{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
