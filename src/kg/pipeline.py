"""The whole pipeline for a batch: read → normalize → extract → resolve → emit → store.

:func:`process_report` runs the pure stages for one report (no I/O besides
reading the file) and is what worker processes run; :func:`build` reads a batch,
skips unchanged reports (same content hash already in the store), writes each
report's named graph whole, and reports failures without stopping.

Extraction runs in this process (``jobs=1``), in ``jobs`` worker processes, or on a
Dask cluster (:mod:`kg.distributed`); writing always stays in this process. Workers
get reports in batches (:func:`extract_batch`) with a bounded number of batches in
flight, and results are written in input order, so memory stays bounded whatever
the corpus size and the store ends up the same however the work was spread.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


from kg.emit import ReportGraph, emit, graph_iri
from kg.errors import InputError, KgError
from kg.extract import extract
from kg.lexicon import load_lexicon
from kg.read import find_reports, read_report, report_key
from kg.resolve import resolve
from kg.store import DEFAULT_OXIGRAPH_DIR, Store, default_store_uri, open_store
from kg.store.base import ENTITY_GRAPH, Encoder

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
    removed: list[str] = field(default_factory=list)
    """Keys of the reports a ``sync`` build dropped from the store (their files are gone), sorted."""
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    store_uri: str = ""
    trig: str = ""
    """The ``graph.trig`` written (its path), or ``""`` when the build skipped it (see :func:`build`)."""


def process_report(path: str, root: str, date_override: date | None = None) -> ReportGraph:
    """Run read → extract → resolve → emit for one file.

    Returns:
        the :class:`kg.emit.ReportGraph` (graph IRI, report triples, entity triples); the report's
        content hash is its ``kg:contentHash`` triple.

    Raises:
        kg.errors.InputError: the file cannot be read (names the file).
        kg.errors.KgError: any other pipeline error, with the file name in the message.
    """
    report = read_report(Path(path), Path(root), date_override=date_override)
    try:
        lex = load_lexicon()
        return emit(resolve(extract(report, lex), lex), lex)
    except KgError:
        raise
    except Exception as exc:  # a bug must not lose the batch: report it with the file name
        raise KgError(f"{path}: internal error while extracting: {type(exc).__name__}: {exc}") from exc


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
    dask_address: str | None = None,
    trig: bool | None = None,
    sync: bool = False,
) -> BuildResult:
    """Build the graph of every report under ``inputs`` into a store and ``out_dir/graph.trig``.

    Args:
        inputs: files or folders (``.txt``, ``.html``).
        out_dir: output folder; created if missing.
        store_uri: where the graph goes (see :func:`kg.store.open_store`); default ``memory:`` for
            small batches and ``oxigraph:OUT/kg.oxigraph`` from :data:`kg.store.LARGE_BATCH_REPORTS` reports.
        date_override: publication date for every report (``kg build --date``).
        jobs: worker processes for extraction (writing stays in this process); at most
            ``jobs * POOL_WINDOW`` batches of ``POOL_BATCH`` reports, plus one write batch's worth
            (:func:`pool_window`), are in flight.
        force: rebuild reports whose content hash is already in the store. After a build that
            replaced reports (changed content, or ``force``), the entity graph is pruned of what
            no report supports any more (:meth:`kg.store.Store.prune_entities`); a build that
            only adds reports skips that.
        on_progress: called with (file, ok) after each report, in input order; ``ok`` is
            ``True`` for a written or unchanged report.
        dask_address: extract on the Dask cluster whose scheduler is at this address
            (``tcp://host:8786``) instead of local processes; ``jobs`` is then ignored.
            Every worker needs kg installed and the report files at the same paths;
            see :func:`kg.distributed.extract_on_dask`.
        trig: write ``out_dir/graph.trig`` (the whole store as TriG) at the end. Default (``None``):
            always for a ``memory:`` store (the file is the store), else when the store holds at
            most :data:`TRIG_MAX_TRIPLES` quads or ``graph.trig`` already exists (so it is never
            stale). A large build skips it: at 100k reports (~35M quads) the export alone would
            take tens of minutes; ``kg export`` writes it on demand.
        sync: afterwards, make the store hold exactly the reports of ``inputs``: drop every
            report graph whose key no input file has (a report file deleted or renamed since
            an earlier build; ``kg build --sync``), then prune the entity graph. A report that
            failed this time keeps its earlier graph. Refused when an input path is missing
            or the inputs hold no report file, so a mistyped or empty folder cannot empty the store.

    Returns:
        a :class:`BuildResult`; ``out_dir/graph.trig`` is written atomically when written.

    Reports are written in batches (:data:`WRITE_BATCH` reports or :data:`WRITE_BATCH_QUADS`
    quads, whichever comes first) with :meth:`kg.store.Store.put_encoded`; ``on_progress`` is
    called after each batch is stored, still once per report and in input order.

    A missing input path and a file whose report key another file already has are
    reported in ``failed``; everything else is still built.  Builds into one ``out_dir``
    accumulate: reports already in ``graph.trig`` stay unless rebuilt.

    Raises:
        kg.errors.KgError: ``out_dir`` cannot be created; ``dask_address`` is given but dask.distributed is not installed or
            the scheduler cannot be reached; ``sync`` with a missing input path or no report file (nothing is written).
    """
    files, missing = [], []
    for inp in inputs:  # a missing input is reported; the others are still built
        try:
            files += find_reports([inp])
        except InputError as exc:
            missing.append((str(inp), str(exc)))
    if sync and missing:
        raise KgError("--sync drops every stored report that the inputs do not hold, so every input must exist; "
                      + "; ".join(msg for _p, msg in missing))
    if sync and not files:
        raise KgError("--sync drops every stored report that the inputs do not hold, and no report files (.txt, .html, "
                      ".htm) were found under " + ", ".join(str(i) for i in inputs) + "; nothing was changed")
    files, clashes = _unique_keys(files)
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"{out_dir}: cannot create the output folder ({exc.strerror}); choose another -o") from None
    if not out_dir.is_dir():
        raise KgError(f"{out_dir}: is a file, not a folder; choose another -o")
    trig_path = out_dir / "graph.trig"
    uri = _local_store_uri(store_uri or default_store_uri(len(files), out_dir), out_dir)
    trig_exists = trig_path.exists()
    result = BuildResult(store_uri=uri)
    result.failed += missing + clashes
    try:
        store = open_store(uri)
    except KgError:
        if created and not any(out_dir.iterdir()):
            out_dir.rmdir()  # a rejected --store leaves no new empty output folder behind
        raise
    try:
        writer = _Writer(store, result, on_progress)
        replaced: list[str] = []
        for outcome in _run(files, store, date_override, jobs, force, dask_address, replaced):
            writer.add(*outcome)
        writer.flush()
        if sync:
            result.removed = _drop_others(store, {str(graph_iri(report_key(f, root))) for f, root in files})
        if replaced or result.removed or (force and result.reports):
            # a replaced report may no longer state what it added to the entity graph
            store.prune_entities()
        if result.reports >= OPTIMIZE_MIN_REPORTS:
            store.optimize()  # compacts what the bulk loads wrote: queries 2-3x faster at 10M quads
        result.counts = count_classes(store)
        result.triples = len(store)
        if trig is None:
            trig = result.triples <= TRIG_MAX_TRIPLES or trig_exists
        if uri == f"memory:{trig_path}":  # the memory:OUT/graph.trig store saves itself on close
            result.trig = str(trig_path)
        elif trig:
            store.export(trig_path, "trig")
            result.trig = str(trig_path)
    finally:
        store.close()
    if result.trig and not trig_path.exists():
        result.trig = ""  # an empty memory store writes no file (every input failed)
    return result


def _local_store_uri(uri: str, out_dir: Path) -> str:
    """``uri`` with a bare ``memory:`` or ``oxigraph:`` (scheme in any case) placed in ``out_dir``.

    A build's store must outlive the process: ``memory:`` becomes ``memory:OUT/graph.trig`` (builds
    into one folder accumulate: the file is loaded, updated and saved) and ``oxigraph:`` becomes
    ``oxigraph:OUT/kg.oxigraph`` (:data:`kg.store.DEFAULT_OXIGRAPH_DIR`, where a large batch goes by
    default), where :func:`kg.store.open_store` would give an in-memory store that nothing keeps.
    Any other URI is returned as it is.
    """
    scheme, sep, rest = uri.partition(":")
    if sep and not rest:
        if scheme.lower() == "memory":
            return f"memory:{out_dir / 'graph.trig'}"
        if scheme.lower() == "oxigraph":
            return f"oxigraph:{out_dir / DEFAULT_OXIGRAPH_DIR}"
    return uri


def _drop_others(store: Store, keep: set[str]) -> list[str]:
    """Remove every report graph of ``store`` whose IRI is not in ``keep``; return their keys, sorted.

    Raises:
        kg.store.StoreError: the store refuses a removal (the graphs removed so far stay removed).
    """
    prefix = str(graph_iri(""))
    gone = sorted(g for g in store.graphs() if g != ENTITY_GRAPH and g not in keep)
    for g in gone:
        store.remove_graph(g)
    return [g.removeprefix(prefix) for g in gone]


#: Reports a build must write before it compacts the store at the end (:meth:`kg.store.Store.optimize`:
#: after the bulk loads of a large build, named-query pages at 10M quads took 2-3x longer without it;
#: it rewrites the whole store, 38 s at 10M quads, which a build adding a few reports to a large
#: store should not pay; RocksDB's own background compaction handles a few small additions).
OPTIMIZE_MIN_REPORTS = 200

#: Largest store (quads) for which :func:`build` writes ``OUT/graph.trig`` unasked: the one-page
#: view ``kg build`` draws from it stops at the same size (``kg.cli.VIEW_MAX_TRIPLES``), and
#: exporting 500k quads takes a few seconds, 35M (100k reports) tens of minutes.
TRIG_MAX_TRIPLES = 500_000


#: Reports written to the store in one :meth:`kg.store.Store.put_encoded` call (one bulk load on
#: oxigraph:). Each bulk load writes one new RocksDB file per index that Oxigraph then merges with
#: the ones already stored (and writes every term of the batch again), so larger batches cost less
#: per report: the writer of a 10,000-report build took 50–57 CPU-s in batches of 500 and 41–48 in
#: batches of 2,000 (same encoded reports replayed, 2 shared cores), with its peak RSS going from
#: ~310 to ~800 MB (measured by replaying encoded reports through :class:`_Writer`).
WRITE_BATCH = 2000
#: Quads after which a write batch is written even if it has fewer than :data:`WRITE_BATCH` reports
#: (counted as :attr:`kg.store.base.EncodedReport.quads`, entity lines included: ~365 a corpus
#: report). Oxigraph's bulk loader hands each million quads to a thread of its own with its own
#: buffers, so a batch stays under one million.
WRITE_BATCH_QUADS = 1_000_000


class _Writer:
    """Collects outcomes in input order and writes the extracted reports in batches.

    A batch the store refuses is written again report by report, so one bad report fails alone.
    """

    def __init__(self, store: Store, result: BuildResult, on_progress: Callable[[str, bool], None] | None) -> None:
        self.store, self.result, self.on_progress = store, result, on_progress
        self.events: list[tuple[str, bool | None, object]] = []
        self.reports = 0
        self.quads = 0

    def add(self, path: str, ok: bool | None, payload: object) -> None:
        self.events.append((path, ok, payload))
        if ok:
            self.reports += 1
            self.quads += payload.quads
            if self.reports >= WRITE_BATCH or self.quads >= WRITE_BATCH_QUADS:
                self.flush()

    def flush(self) -> None:
        """Write the collected reports, then record every collected outcome in order."""
        encoded = [payload for _p, ok, payload in self.events if ok]
        refused: dict[str, str] = {}
        if encoded:
            try:
                self.store.put_encoded(encoded)
            except KgError:
                for path, ok, payload in self.events:
                    if ok:
                        try:
                            self.store.put_encoded([payload])
                        except KgError as exc:  # the report's graph is left as it was
                            refused[path] = f"{path}: cannot store: {exc}"
        for path, ok, payload in self.events:
            if ok is None:
                self.result.skipped += 1
            elif ok and path not in refused:
                self.result.reports += 1
            else:
                ok = False
                self.result.failed.append((path, refused.get(path, payload)))
            if self.on_progress:
                self.on_progress(path, ok is not False)
        self.events, self.reports, self.quads = [], 0, 0


def _unique_keys(files: list[tuple[Path, Path]]) -> tuple[list[tuple[Path, Path]], list[tuple[str, str]]]:
    """Keep the first file of each report key; a later file with the same key ("a/report.txt"
    and "b/report.txt" given as two folders, "Báo cáo.txt" and "bao-cao.txt") would silently
    replace it, so it is reported as a failure instead."""
    seen: dict[str, Path] = {}
    keep, clashes = [], []
    for f, root in files:
        key = report_key(f, root)
        if key in seen:
            clashes.append((str(f), f"{f}: same report key {key!r} as {seen[key]}; rename one of them or build them into separate outputs"))
            continue
        seen[key] = f
        keep.append((f, root))
    return keep, clashes


#: Reports per batch sent to a local worker process.
POOL_BATCH = 8
#: Batches in flight per local worker process (bounds memory: results wait at most this long).
POOL_WINDOW = 4


def _todo(files: list[tuple[Path, Path]], store: Store, force: bool,
          replaced: list[str] | None = None) -> Iterator[tuple[str, str | None]]:
    """(file, root) to extract, or (file, None) for a report whose content hash is already stored.

    The file is read and hashed only when the store has a hash for its graph (a new report is not
    read twice). A report whose stored hash differs (it will be replaced) is appended to ``replaced``."""
    for f, root in files:
        if not force:
            try:
                stored = store.report_hash(str(graph_iri(report_key(f, root))))
                if stored is not None and stored == _peek_hash(f):
                    yield str(f), None
                    continue
                if stored is not None and replaced is not None:
                    replaced.append(str(f))
            except OSError:
                pass  # unreadable: let the extraction report it with its message
        yield str(f), str(root)


def _run(files, store: Store, date_override, jobs: int, force: bool,
         dask_address: str | None = None, replaced: list[str] | None = None) -> Iterator[tuple[str, bool | None, object]]:
    todo = _todo(files, store, force, replaced)
    if dask_address:
        from kg.distributed import extract_on_dask

        yield from extract_on_dask(dask_address, todo, date_override, task=encode_batch)
    elif jobs <= 1:
        encoder = Encoder(limit=ENCODE_CACHE)
        for f, root in todo:
            yield (f, None, None) if root is None else _one_encoded(f, root, date_override, encoder)
    else:
        yield from _extract_in_pool(todo, date_override, jobs)


def batches(todo: Iterable[tuple[str, str | None]], size: int) -> Iterator[list[tuple[str, str | None]]]:
    """Group (file, root) pairs into consecutive lists of at most ``size`` (the last may be shorter).

    A ``None`` root marks an unchanged report that needs no extraction; it stays in its batch so
    results can be given back in input order.
    """
    batch: list[tuple[str, str | None]] = []
    for item in todo:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_batch(items: list[tuple[str, str]], date_override: date | None = None) -> list[tuple[str, bool, object]]:
    """Run :func:`process_report` on each (file, root) pair: what a worker process or Dask task runs.

    Returns:
        one (file, True, :class:`kg.emit.ReportGraph`) or (file, False, message) per item, in order.
        Errors of one report (:class:`kg.errors.InputError`, :class:`kg.errors.KgError`) become
        its failure message; nothing is raised for them.
    """
    return [_one(f, root, date_override) for f, root in items]


#: Entries kept by each cache of an encoding process's :class:`kg.store.base.Encoder` (bounds its
#: memory to ~20 MB; the repeating terms and entity triples — predicates, classes, concepts,
#: places — come first).
ENCODE_CACHE = 50_000
_ENCODER: Encoder | None = None


def encode_batch(items: list[tuple[str, str]], date_override: date | None = None) -> list[tuple[str, bool, object]]:
    """:func:`extract_batch`, with each report encoded for the store (what a build's workers run).

    Returns:
        one (file, True, :class:`kg.store.base.EncodedReport`) or (file, False, message) per
        item, in order: N-Quads bytes cross the process boundary instead of pickled rdflib terms.
        A report the store would refuse (e.g. one whose key makes it the entity graph) is a failure.
    """
    global _ENCODER
    if _ENCODER is None:
        _ENCODER = Encoder(limit=ENCODE_CACHE)
    return [_one_encoded(f, root, date_override, _ENCODER) for f, root in items]


def _one_encoded(f: str, root: str, date_override, encoder: Encoder) -> tuple[str, bool, object]:
    f, ok, rg = _one(f, root, date_override)
    if not ok:
        return f, ok, rg
    try:
        return f, True, encoder.encode(rg.graph, rg.triples, rg.entities)
    except KgError as exc:
        return f, False, f"{f}: cannot store: {exc}"


def merge_batch(batch: list[tuple[str, str | None]], extracted: list[tuple[str, bool, object]]) -> list[tuple[str, bool | None, object]]:
    """Put the outcomes of a batch's extracted items back among its unchanged ones, in input order.

    ``extracted`` holds one outcome per item of ``batch`` whose root is not ``None``; the unchanged
    items become (file, None, None).
    """
    done = iter(extracted)
    return [(f, None, None) if root is None else next(done) for f, root in batch]


def pool_window(jobs: int) -> int:
    """Batches in flight with ``jobs`` worker processes: ``jobs * POOL_WINDOW`` and one write batch more.

    While the writer stores a batch of :data:`WRITE_BATCH` reports (a few seconds on oxigraph:), the
    workers go on only as far as the window lets them; a window smaller than a write batch left them
    idle (measured: 64 reports in flight against 250 per write). At ``jobs=2`` this is 258 batches of
    8 reports (~80 KB a report encoded: ~165 MB held at most).
    """
    return jobs * POOL_WINDOW + -(-WRITE_BATCH // POOL_BATCH)


def _extract_in_pool(todo, date_override, jobs: int) -> Iterator[tuple[str, bool | None, object]]:
    """Extract in ``jobs`` processes, at most :func:`pool_window` batches in flight, results in input order."""
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    pending: deque[tuple[list, Future | None]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        for batch in batches(todo, POOL_BATCH):
            work = [(f, root) for f, root in batch if root is not None]
            pending.append((batch, pool.submit(encode_batch, work, date_override) if work else None))
            while len(pending) >= pool_window(jobs):
                yield from _take(pending.popleft())
        while pending:
            yield from _take(pending.popleft())


def _take(entry: tuple[list, Future | None]) -> list[tuple[str, bool | None, object]]:
    batch, fut = entry
    try:
        return merge_batch(batch, fut.result() if fut is not None else [])
    except BrokenProcessPool as exc:  # killed (e.g. out of memory): the pool is unusable from here
        names = ", ".join(f for f, root in batch if root is not None)
        raise KgError(f"a worker process died while extracting {names}: {exc}; run again with --jobs 1 to find the report") from exc


def _one(f: str, root: str, date_override) -> tuple[str, bool, object]:
    try:
        return f, True, process_report(f, root, date_override)
    except (InputError, KgError) as exc:
        return f, False, str(exc)


def count_classes(store: Store) -> dict[str, int]:
    """Counts of persons, posts, organizations, places, events and observations in ``store``."""
    counts = {k: 0 for k in ("persons", "posts", "organizations", "places", "events", "observations")}
    for c, n in store.query(COUNT_QUERY).rows:
        counts[_COUNT_NAMES[str(c)]] += int(n)
    return counts



