"""Benchmark of kg.view on a large graph: seconds to build and render a 50,000-triple view.

The large graph is a small one replicated (:func:`replicate`): every report's named graph is
copied with its instance IRIs renamed, except administrative areas and the data set, which
the copies share as real reports about the same places do, so the result is one connected
corpus. People's names get the copy number, so each one can be searched for.

Usage::

    .venv/bin/python bench/view_bench.py                      # fixture and seed, 50k triples
    .venv/bin/python bench/view_bench.py --triples 100000 --source seed
    .venv/bin/python bench/view_bench.py --browser            # also time the page in Chromium
    .venv/bin/python bench/view_bench.py --screenshot docs/view-seed.png   # seed view picture

``--source seed`` builds ``examples/`` with :func:`kg.pipeline.build` first. ``--browser``
needs /usr/bin/chromium and the ``playwright`` package (test extra).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "data" / "fixture_graph.trig"
KGD = "https://w3id.org/kg-vn/id/"
_SHARED = (KGD + "area/", KGD + "dataset/")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _rename(term, copy: int):
    if copy == 0 or not isinstance(term, URIRef):
        return term
    iri = str(term)
    if not iri.startswith(KGD) or iri.startswith(_SHARED):
        return term
    base, hash_, frag = iri.partition("#")
    return URIRef(f"{base}-c{copy}{hash_}{frag}")


def replicate(ds: Dataset, copies: int) -> Dataset:
    """``copies`` copies of every named graph of ``ds`` in one new Dataset.

    Copy 0 is ``ds`` itself; copy ``i`` renames every ``kgd:`` IRI except areas and data sets
    by appending ``-c{i}`` (before a ``#char=`` fragment) and appends `` {i}`` to the
    ``foaf:name``/``rdfs:label`` of people. The default graph (vocabulary labels) is copied once.

    Args:
        ds: the graph to replicate (e.g. tests/data/fixture_graph.trig).
        copies: how many copies, ≥ 1.

    Raises:
        ValueError: ``copies`` < 1.
    """
    if copies < 1:
        raise ValueError(f"copies must be at least 1, not {copies}")
    out = Dataset()
    quads = list(ds.quads((None, None, None, None)))
    people = {s for s, p, o, _g in quads if p == RDF.type and o == FOAF.Person}
    for s, p, o, g in quads:
        if str(g) == "urn:x-rdflib:default":
            out.default_graph.add((s, p, o))
    for copy in range(copies):
        for s, p, o, g in quads:
            if str(g) == "urn:x-rdflib:default":
                continue
            if copy and s in people and p in (FOAF.name, RDFS.label) and isinstance(o, Literal):
                o = Literal(f"{o} {copy}", lang=o.language, datatype=o.datatype)
            out.graph(_rename(g, copy)).add((_rename(s, copy), p, _rename(o, copy)))
    return out


def triple_count(ds: Dataset) -> int:
    """Distinct triples over all graphs (what a view reads)."""
    return len({(s, p, o) for s, p, o, _g in ds.quads((None, None, None, None))})


def seed_dataset() -> Dataset:
    """The seed report built by the real pipeline (``kg.pipeline.build`` of ``examples/``)."""
    from kg.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        build([REPO / "examples"], Path(tmp))
        ds = Dataset()
        ds.parse(Path(tmp) / "graph.trig", format="trig")
    return ds


def load_source(name: str) -> Dataset:
    """``fixture`` (tests/data/fixture_graph.trig) or ``seed`` (:func:`seed_dataset`)."""
    if name == "seed":
        return seed_dataset()
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return ds


def corpus_of_size(base: Dataset, triples: int) -> tuple[Dataset, int]:
    """Replicate ``base`` until it has at least ``triples`` distinct triples; also returns the
    number of copies."""
    per_copy = max(1, triple_count(base))
    copies = max(1, math.ceil(triples / per_copy))
    big = replicate(base, copies)
    while triple_count(big) < triples:
        copies += 1
        big = replicate(base, copies)
    return big, copies


def browser_seconds(html_path: Path, screenshot: Path | None = None, click: str | None = None) -> float:
    """Seconds from navigation until the page says it is drawn (``body[data-kg-ready]``), in
    headless Chromium with every non-file request aborted. With ``screenshot``, a picture is
    taken after clicking the node found by searching ``click`` (its details and tooltip show)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            t0 = time.perf_counter()
            page.goto(html_path.resolve().as_uri())
            page.wait_for_selector("body[data-kg-ready='1']", timeout=120_000)
            seconds = time.perf_counter() - t0
            if screenshot is not None:
                if click:
                    x, y = page.evaluate(
                        """(q) => {
                            const v = window.kgView, id = v.search(q)[0].id;
                            const d = v.network.canvasToDOM(v.network.getPositions([id])[id]);
                            const r = document.getElementById('kg-network').getBoundingClientRect();
                            return [r.left + d.x, r.top + d.y];
                        }""", click)
                    page.mouse.click(x, y)
                    page.mouse.move(x + 1, y + 1)
                page.wait_for_timeout(800)
                page.screenshot(path=str(screenshot))
            return seconds
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print one line per source and setting."""
    from kg.view import ViewOptions, build_view_graph, render_view_graph

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=50_000, help="size of the replicated graph (default 50000)")
    ap.add_argument("--source", choices=("fixture", "seed", "both"), default="both")
    ap.add_argument("--browser", action="store_true", help="also time the page in headless Chromium")
    ap.add_argument("--screenshot", type=Path, help="write a screenshot of the seed view here and exit")
    args = ap.parse_args(argv)

    if args.screenshot:
        from kg.view import write_view

        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "seed.html"
            summary = write_view(seed_dataset(), page, ViewOptions(title="kg: examples/report-2020-h1.txt"))
            seconds = browser_seconds(page, args.screenshot, click="Nguyễn Tiến Minh")
        print(f"{args.screenshot}: seed view, {summary.nodes} nodes, {summary.edges} edges, drawn in {seconds:.2f} s")
        return 0

    sources = ("fixture", "seed") if args.source == "both" else (args.source,)
    print(f"{'source':8} {'triples':>8} {'copies':>6} {'max_nodes':>9} {'nodes':>6} {'edges':>6} "
          f"{'omitted':>7} {'build s':>8} {'render s':>8} {'total s':>8} {'MB':>6}" + ("  browser s" if args.browser else ""))
    for source in sources:
        base = load_source(source)
        big, copies = corpus_of_size(base, args.triples)
        n_triples = triple_count(big)
        for max_nodes in (2000, None):
            opts = ViewOptions(max_nodes=max_nodes, title=f"bench {source} ×{copies}")
            t0 = time.perf_counter()
            G = build_view_graph(big, opts)
            t1 = time.perf_counter()
            page = render_view_graph(G, opts)
            t2 = time.perf_counter()
            line = (f"{source:8} {n_triples:>8} {copies:>6} {str(max_nodes):>9} {G.number_of_nodes():>6} "
                    f"{G.number_of_edges():>6} {G.graph['omitted']:>7} {t1 - t0:>8.2f} {t2 - t1:>8.2f} "
                    f"{t2 - t0:>8.2f} {len(page.encode('utf-8')) / 1e6:>6.1f}")
            if args.browser:
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / "view.html"
                    path.write_text(page, encoding="utf-8")
                    line += f"  {browser_seconds(path):>9.2f}"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
