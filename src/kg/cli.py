"""The ``kg`` command line: a thin layer over the library (typer + rich).

Every command calls one documented function: ``build`` → :func:`kg.pipeline.build`,
``query`` → :func:`kg.query.run_query`, ``viz`` → :func:`kg.view.write_view`,
``stats`` → :func:`kg.analytics.compute_stats`, ``validate`` → :func:`kg.validate.validate`,
``export`` → :meth:`kg.store.Store.export`.  Errors are printed as one sentence
naming the file and what to do, with a non-zero exit status.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg.errors import KgError

app = typer.Typer(
    help="Build, query and view knowledge graphs of Vietnamese local-government reports.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True, soft_wrap=True)

#: Above this many triples `kg build` writes no graph.html: the view loads the whole graph into
#: rdflib (~1.4 GB and a minute per million triples, docs/store.md).
VIEW_MAX_TRIPLES = 500_000

GRAPH_HELP = "A graph file written by `kg build` (TriG/N-Quads), or a store URI (memory:FILE, oxigraph:PATH, sparql:URL)."


def _fail(msg: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {escape(msg)}", highlight=False)
    raise typer.Exit(code)


def _open(graph: str):
    """Open GRAPH (a file or a store URI) as a :class:`kg.store.Store`; exits 2 for a graph file, a
    ``memory:FILE`` file or an ``oxigraph:PATH`` folder that does not exist, and for ``memory:`` or
    ``oxigraph:`` with no path (a new, empty store in this process): the reading commands create
    nothing, since a mistyped path would answer "0 rows"."""
    from kg.store import open_store

    if ":" in graph.split("/")[0] and not Path(graph).exists():
        scheme, _, rest = graph.partition(":")
        if scheme.lower() in ("memory", "oxigraph") and not rest:
            _fail(f"{graph}: with no path this is a new, empty store in this process; name what `kg build` wrote, "
                  f"e.g. OUT/graph.trig or oxigraph:OUT/kg.oxigraph")
        if scheme.lower() in ("memory", "oxigraph") and not Path(rest).expanduser().exists():
            _fail(f"{graph}: no {'graph file' if scheme.lower() == 'memory' else 'Oxigraph store'} at {rest}; "
                  f"build one with `kg build REPORTS --store {graph}`")
        return open_store(graph)
    path = Path(graph)
    if not path.is_file():
        _fail(f"{graph}: no such graph file; run `kg build REPORTS -o OUT` first, or pass a store URI")
    return open_store(f"memory:{path}")


@app.command()
def build(
    inputs: list[Path] = typer.Argument(..., help="Report files (.txt, .html) or folders of them."),
    output: Path = typer.Option(Path("out"), "-o", "--output", help="Output folder for graph.trig and graph.html."),
    store: Optional[str] = typer.Option(None, "--store", help="memory: (default for small batches), oxigraph:PATH or sparql:URL."),
    report_date: Optional[str] = typer.Option(None, "--date", help="Publication date (YYYY-MM-DD) for every report; overrides metadata."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for extraction."),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="ADDRESS", help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786); writing stays here. Needs pip install 'kg[dask]'."),
    force: bool = typer.Option(False, "--force", help="Rebuild reports whose content is unchanged."),
    view: bool = typer.Option(True, "--view/--no-view", help="Also write graph.html."),
    trig: Optional[bool] = typer.Option(None, "--trig/--no-trig", help="Write OUT/graph.trig (the whole store as TriG). Default: for memory stores, stores of at most 500,000 quads, or when OUT/graph.trig exists."),
    sync: bool = typer.Option(False, "--sync", help="Afterwards drop from the store every report whose file is not among the inputs (deleted or renamed since an earlier build). Every input must exist."),
) -> None:
    """Turn reports into a knowledge graph: OUT/graph.trig (one named graph per report) and OUT/graph.html.

    Prints reports read, triples, and counts of persons, posts, organizations,
    places, events and observations.  A bad report is reported and skipped; the
    exit status is 1 when any report failed.  graph.html is left out above
    VIEW_MAX_TRIPLES triples (a one-page view of more would not load).  Builds into one
    output or store accumulate; with --sync the store ends up holding exactly the reports
    of the inputs (kg.pipeline.build, ``sync``), and exits 2 without writing when an input
    path is missing.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.pipeline import build as run_build
    from kg.read import find_reports

    when = None
    if report_date is not None:  # --date "" is a mistake, not "no date"
        try:
            when = date.fromisoformat(report_date)
        except ValueError:
            _fail(f"--date {report_date!r} is not a date; use YYYY-MM-DD")
    if dask and jobs > 1:
        _fail("--jobs and --dask are alternatives: the Dask cluster sets the parallelism")
    total = 0
    for inp in inputs:
        try:
            total += len(find_reports([inp]))
        except KgError:
            pass  # reported with the batch's failures
    errors = 0
    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} reports/s, {task.fields[errors]} errors"), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("building", total=total, rate="0.0", errors=0)

        def tick(_path: str, ok: bool) -> None:
            nonlocal errors
            errors += 0 if ok else 1
            t = progress.tasks[task]
            rate = (t.completed + 1) / t.elapsed if t.elapsed else 0.0
            progress.update(task, advance=1, rate=f"{rate:.1f}", errors=errors)

        try:
            result = run_build(inputs, output, store_uri=store, date_override=when, jobs=jobs, force=force,
                               on_progress=tick, dask_address=dask, trig=trig, sync=sync)
        except KgError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail("interrupted: the reports finished so far are saved whole; run the same command again to go on", 130)
    if view and not result.trig:
        view = False  # the view is drawn from graph.trig
        if result.triples:
            err.print("graph.html left out: graph.trig was not written (add --trig, or draw a part with `kg viz`)", highlight=False)
    if view and result.triples > VIEW_MAX_TRIPLES:
        view = False
        err.print(f"graph.html left out: {result.triples:,} triples are more than a one-page view loads "
                  f"({VIEW_MAX_TRIPLES:,}); query the store with `kg query`", highlight=False)
    if view:
        from kg.store import open_store
        from kg.view import ViewOptions, write_view

        try:
            with open_store(f"memory:{output / 'graph.trig'}") as st:
                write_view(st.dataset(), output / "graph.html", ViewOptions(title="kg: " + ", ".join(str(i) for i in inputs)))
        except (KgError, OSError) as exc:
            _fail(f"{output / 'graph.html'}: cannot write the view: {exc}")
    table = Table(title="kg build", show_header=False)
    table.add_column("what")
    table.add_column("value", overflow="fold")  # a long store path wraps instead of being cut with "…"
    table.add_row("reports read", str(result.reports))
    if result.skipped:
        table.add_row("unchanged (skipped)", str(result.skipped))
    table.add_row("failed", str(len(result.failed)))
    if sync:
        table.add_row("removed (--sync: file gone)", str(len(result.removed)))
    table.add_row("triples in the store (quads)", str(result.triples))
    for k, v in result.counts.items():
        table.add_row("posts and memberships" if k == "posts" else k, str(v))
    table.add_row("store", result.store_uri)
    table.add_row("graph", result.trig or ("(nothing built: no graph.trig)" if not result.triples else
                                           f"(graph.trig not written for {result.triples:,} quads: add --trig or run `kg export`)"))
    if view:
        table.add_row("view", str(output / "graph.html"))
    out.print(table)
    for key in result.removed:
        err.print(f"removed: report {escape(key)} (no input file has this key any more)", highlight=False)
    for path, msg in result.failed:
        err.print(f"[red]failed:[/] {escape(msg if path in msg else path + ': ' + msg)}", highlight=False)
    if result.reports + result.skipped == 0 and not result.failed:
        _fail("no report files (.txt, .html, .htm) found under " + ", ".join(str(i) for i in inputs), 1)
    if result.failed:
        raise typer.Exit(1)


@app.command()
def query(
    graph: str = typer.Argument(..., help=GRAPH_HELP),
    query_file: Optional[Path] = typer.Argument(None, help="A SPARQL 1.1 query file (.rq)."),
    name: Optional[str] = typer.Option(None, "--name", "-n", help="A named query: observations, people, events, places."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json (W3C SPARQL 1.1 results formats)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Rows per page (named queries: 100 unless given; 0: all rows)."),
    offset: int = typer.Option(0, "--offset", min=0, help="Rows to skip: --offset 100 is the second page of 100."),
    order: bool = typer.Option(False, "--order", help="Sort the rows by the query's ORDER BY (its #@order line); slower on large stores: every matching row is read."),
    report: Optional[str] = typer.Option(None, "--report", metavar="KEY", help="Only rows of this report (named queries; the report column's value)."),
    area: Optional[str] = typer.Option(None, "--area", metavar="CODE", help="Only rows about this administrative unit (GSO code; 2025/CODE for 2025 units); places: the units directly inside it."),
    indicator: Optional[str] = typer.Option(None, "--indicator", metavar="KEY", help="observations: only this indicator (e.g. budget-revenue)."),
    year: Optional[str] = typer.Option(None, "--year", metavar="YYYY", help="observations whose period ends in the year; events dated in it."),
    person: Optional[str] = typer.Option(None, "--person", metavar="TEXT", help="people: names containing TEXT (case and tone placement ignored)."),
) -> None:
    """Run a SPARQL query (a file, or a named one) over the graph and print the results.

    Named queries print one page (100 rows unless --limit says otherwise) in the store's own
    order, or sorted with --order; filters narrow them (each query takes those it has #@ lines for).
    """
    from kg.query import DEFAULT_LIMIT, NAMED_QUERIES, format_result, load_named, render, run_query

    if (query_file is None) == (name is None):
        _fail(f"give either a query file or --name ({', '.join(NAMED_QUERIES)})")
    if fmt not in ("table", "csv", "json"):
        _fail(f"--format {fmt!r}: use table, csv or json")
    values = {k: v for k, v in dict(report=report, area=area, indicator=indicator, year=year, person=person).items() if v is not None}
    try:
        if name:
            sparql = load_named(name)
        else:
            try:
                sparql = query_file.read_text(encoding="utf-8")
            except OSError as exc:
                _fail(f"{query_file}: cannot read query file ({exc.strerror})")
        limit = (DEFAULT_LIMIT if name else 0) if limit is None else limit
        render(sparql, values, order=order)  # a bad filter value is the user's error, not the query's
        with _open(graph) as store:
            try:
                page = run_query(store, sparql, values, limit=limit, offset=offset, order=order)
            except Exception as exc:  # syntax errors, from rdflib, pyoxigraph or the server
                _fail(f"{query_file or name}: query failed: {exc}")
    except KgError as exc:
        _fail(str(exc))
    res = page.result
    if fmt == "csv" and res.type == "ASK":
        _fail("an ASK query has no CSV form (the W3C CSV format is for SELECT); use --format json or table")
    if fmt == "table":
        format_result(res, "table", console=out)
    else:
        text = format_result(res, fmt)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if page.more:
        err.print(f"rows {page.offset + 1:,}–{page.offset + len(res.rows):,}; more with --offset {page.offset + len(res.rows)} "
                  "(--limit 0 for all rows)", highlight=False)


@app.command()
def viz(
    graph: str = typer.Argument(..., help=GRAPH_HELP),
    output: Path = typer.Option(Path("view.html"), "-o", "--output", help="HTML file to write."),
    focus: Optional[str] = typer.Option(None, "--focus", help="IRI or label of the entity to centre on."),
    depth: int = typer.Option(1, "--depth", min=0, help="Neighbourhood depth around --focus."),
    types: Optional[str] = typer.Option(None, "--types", help="Comma-separated classes to keep: Person,Organization,Place,Event,Observation,Report,Post."),
    period: Optional[str] = typer.Option(None, "--period", help="Keep facts in this period (2020, 2020-06, 2020-01-01/2020-06-30)."),
    max_nodes: int = typer.Option(2000, "--max-nodes", min=0, help="Keep the most central nodes past this many (0: no limit)."),
) -> None:
    """Draw the graph as one self-contained, offline HTML page."""
    from kg.view import ViewOptions, write_view

    opts = ViewOptions(
        focus=focus, depth=depth, types=[t.strip() for t in types.split(",")] if types else None,
        period=period, max_nodes=max_nodes, title=f"kg: {graph}",
    )
    try:
        with _open(graph) as store:
            summary = write_view(store.dataset(), output, opts)
    except KgError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{output}: cannot write the view ({exc.strerror}); choose another -o")
    out.print(f"wrote {output}: {summary.nodes} nodes, {summary.edges} edges" + (f", {summary.omitted} left out" if summary.omitted else ""))


@app.command()
def stats(
    graph: str = typer.Argument(..., help=GRAPH_HELP),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Graph analytics with networkx: counts, central people and organizations, components, communities."""
    from kg.analytics import compute_stats, render_stats

    try:
        with _open(graph) as store:
            result = compute_stats(store.dataset())
    except KgError as exc:
        _fail(str(exc))
    if fmt == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        render_stats(result, out)


@app.command()
def validate(
    graph: str = typer.Argument(..., help=GRAPH_HELP),
    shapes: Optional[Path] = typer.Option(None, "--shapes", help="SHACL shapes file (default: ontology/shapes.ttl)."),
) -> None:
    """Check each report graph against the SHACL shapes; print each violation; exit 1 if any.

    Violations name their report graph, the focus node and its label, the property
    path and the shape's message.
    """
    from kg.validate import format_violations, validate_reports

    try:
        with _open(graph) as store:
            result = validate_reports(store.dataset(), shapes)
    except KgError as exc:
        _fail(str(exc))
    if result.conforms:
        out.print("[green]conforms[/]: no violations")
        return
    out.print(format_violations(result), highlight=False)
    raise typer.Exit(1)


@app.command()
def remove(
    graph: str = typer.Argument(..., help=GRAPH_HELP),
    reports: list[str] = typer.Argument(..., help="Report keys as the report column of `kg query` shows them (e.g. report-2020-h1: the file's path under the built folder, without extension), or report IRIs."),
) -> None:
    """Remove reports from a graph or store, then prune the entity graph of what no remaining report supports.

    Each report's named graph (kgd:graph/KEY) is dropped; the entity graph loses the posts,
    events and periods only those reports stated and the places, organizations and persons only
    they named (kg.store.Store.prune_entities, docs/model.md). A graph file is rewritten
    atomically. Exit 1 when a key names no report in the store (the others are still removed),
    2 for a malformed key or an unreadable store.
    """
    from kg.query import PARAMETERS

    try:
        graphs = [str(PARAMETERS["report"].terms(key)["graph"]) for key in reports]
    except KgError as exc:
        _fail(str(exc))
    missing: list[str] = []
    try:
        with _open(graph) as store:
            stored = set(store.graphs())
            for key, iri in zip(reports, graphs):
                if iri in stored:
                    store.remove_graph(iri)
                    stored.discard(iri)
                    out.print(f"removed {iri}")
                else:
                    missing.append(key)
            if len(missing) < len(reports):
                store.prune_entities()
    except KgError as exc:
        _fail(str(exc))
    for key in missing:
        err.print(f"[bold red]not found:[/] no report {escape(key)} in {escape(graph)}", highlight=False)
    if missing:
        raise typer.Exit(1)


@app.command()
def export(
    graph: str = typer.Argument(..., help=GRAPH_HELP),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
    fmt: str = typer.Option("nquads", "--format", "-f", help="nquads, trig or jsonld."),
) -> None:
    """Bulk-export every report graph for loading into QLever, Virtuoso or GraphDB."""
    try:
        with _open(graph) as store:
            store.export(output, fmt)
    except KgError as exc:
        _fail(str(exc))
    out.print(f"wrote {output}")


if __name__ == "__main__":  # pragma: no cover
    app()
