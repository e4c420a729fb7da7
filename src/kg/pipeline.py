"""The whole pipeline for a batch: read → normalize → extract → resolve → emit → store.

:func:`process_report` runs the pure stages for one report (no I/O besides
reading the file) and is what worker processes run; :func:`build` reads a batch,
skips unchanged reports (same content hash already in the store), writes each
report's named graph whole, and reports failures without stopping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


from kg.emit import emit, graph_iri
from kg.errors import InputError, KgError
from kg.extract import extract
from kg.lexicon import load_lexicon
from kg.read import find_reports, read_report, report_key
from kg.resolve import resolve
from kg.store import Store, default_store_uri, open_store

#: SPARQL that counts the summary classes (union of all report graphs).
COUNT_QUERY = """
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX qb: <http://purl.org/linked-data/cube#>
SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?c { foaf:Person org:Post org:Membership org:Organization schema:AdministrativeArea schema:Event qb:Observation }
  ?s a ?c .
} GROUP BY ?c
"""
_COUNT_NAMES = {
    "http://xmlns.com/foaf/0.1/Person": "persons",
    "http://www.w3.org/ns/org#Post": "posts",
    "http://www.w3.org/ns/org#Membership": "posts",
    "http://www.w3.org/ns/org#Organization": "organizations",
    "https://schema.org/AdministrativeArea": "places",
    "https://schema.org/Event": "events",
    "http://purl.org/linked-data/cube#Observation": "observations",
}


@dataclass
class BuildResult:
    """What a build did.

    reports: reports written; skipped: unchanged reports left as they were;
    failed: (file, message) of each report that could not be processed;
    triples: quads in the store afterwards; counts: persons, posts (incl. memberships),
    organizations, places, events, observations in the store.
    """

    reports: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    store_uri: str = ""


def process_report(path: str, root: str, date_override: date | None = None) -> tuple[str, str, list]:
    """Run read → extract → resolve → emit for one file.

    Returns:
        (graph IRI, content hash, triples).

    Raises:
        kg.errors.InputError: the file cannot be read (names the file).
        kg.errors.KgError: any other pipeline error, with the file name in the message.
    """
    report = read_report(Path(path), Path(root), date_override=date_override)
    try:
        lex = load_lexicon()
        g, triples = emit(resolve(extract(report, lex), lex), lex)
    except KgError:
        raise
    except Exception as exc:  # a bug must not lose the batch: report it with the file name
        raise KgError(f"{path}: internal error while extracting: {type(exc).__name__}: {exc}") from exc
    return str(g), report.content_hash, triples


def _peek_hash(path: Path) -> str:
    import hashlib

    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def build(
    inputs: list[Path],
    out_dir: Path,
    *,
    store_uri: str | None = None,
    date_override: date | None = None,
    jobs: int = 1,
    force: bool = False,
    on_progress: Callable[[str, bool], None] | None = None,
) -> BuildResult:
    """Build the graph of every report under ``inputs`` into a store and ``out_dir/graph.trig``.

    Args:
        inputs: files or folders (``.txt``, ``.html``).
        out_dir: output folder; created if missing.
        store_uri: where the graph goes (see :func:`kg.store.open_store`); default ``memory:`` for
            small batches and ``oxigraph:OUT/kg.oxigraph`` from :data:`kg.store.LARGE_BATCH_REPORTS` reports.
        date_override: publication date for every report (``kg build --date``).
        jobs: worker processes for extraction (writing stays in this process).
        force: rebuild reports whose content hash is already in the store.
        on_progress: called with (file, ok) after each report.

    Returns:
        a :class:`BuildResult`; ``out_dir/graph.trig`` is written atomically.

    Raises:
        kg.errors.InputError: an input path does not exist.
    """
    files = find_reports(inputs)
    out_dir.mkdir(parents=True, exist_ok=True)
    trig = out_dir / "graph.trig"
    uri = store_uri or default_store_uri(len(files), out_dir)
    if uri == "memory:":
        uri = f"memory:{trig}" if not force else "memory:"
    result = BuildResult(store_uri=uri)
    store = open_store(uri)
    try:
        for outcome in _run(files, store, date_override, jobs, force):
            path, ok, payload = outcome
            if ok is None:
                result.skipped += 1
            elif ok:
                g, triples = payload
                try:
                    store.put_graph(g, triples)
                    result.reports += 1
                except KgError as exc:  # the report's graph is left as it was
                    ok = False
                    result.failed.append((path, f"{path}: cannot store: {exc}"))
            else:
                result.failed.append((path, payload))
            if on_progress:
                on_progress(path, ok is not False)
        result.counts = count_classes(store)
        result.triples = len(store)
        if not uri.startswith("memory:") or uri == "memory:":
            store.export(trig, "trig")
    finally:
        store.close()
    return result


def _run(files, store: Store, date_override, jobs: int, force: bool) -> Iterator[tuple[str, bool | None, object]]:
    todo = []
    for f, root in files:
        key = report_key(f, root)
        if not force:
            try:
                if store.report_hash(str(graph_iri(key))) == _peek_hash(f):
                    yield str(f), None, None
                    continue
            except OSError:
                pass
        todo.append((str(f), str(root)))
    if jobs <= 1:
        for f, root in todo:
            yield _one(f, root, date_override)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_one, f, root, date_override) for f, root in todo]
        for fut in futures:
            yield fut.result()


def _one(f: str, root: str, date_override) -> tuple[str, bool, object]:
    try:
        g, _h, triples = process_report(f, root, date_override)
        return f, True, (g, triples)
    except (InputError, KgError) as exc:
        return f, False, str(exc)


def count_classes(store: Store) -> dict[str, int]:
    """Counts of persons, posts, organizations, places, events and observations in ``store``."""
    counts = {k: 0 for k in ("persons", "posts", "organizations", "places", "events", "observations")}
    for c, n in store.query(COUNT_QUERY).rows:
        counts[_COUNT_NAMES[str(c)]] += int(n)
    return counts



