"""Stage 1: files and folders → :class:`kg.model.Report`.

A report is a text file (any encoding :func:`kg.text.decode` understands) or an
HTML page (``.html``/``.htm``, main text taken out with trafilatura).  Its
publication date comes, in this order, from:

1. a sidecar ``NAME.meta.json`` (``{"url": …, "published": "2020-07-09", "source": …, "section": …}``);
2. a batch manifest: a ``SOURCES.tsv``, ``manifest.tsv`` or ``manifest.csv`` in the report's
   folder or its parent (see :func:`read_manifest`), the row whose ``file`` is this report,
   when it has a ``published``/``date`` column;
3. the HTML page's own metadata (trafilatura);
4. the text itself (the first full date ``dd/mm/yyyy`` or ``ngày d tháng m năm y``);
5. a date written in a free-text cell of the manifest row (``time=30/05/2019`` or an ISO
   ``2025-04-22``, :func:`note_date`; a listing or crawl date: the
   report was published on it or before; its year is a better guess than the years a text
   happens to name, such as a law's "Luật … năm 2015");

and ``kg build --date`` overrides them all.  A report with no full date still gets the
year its text points to (:attr:`kg.model.Report.year`, see :func:`_likely_year`).

An optional first line ``Source: …`` (or ``Nguồn: …``) names where the report
was published; it is metadata and is not part of the body text.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from datetime import date
from pathlib import Path

from kg import text as vt
from kg.errors import InputError, ParseError
from kg.model import Report

#: File suffixes read as reports when a folder is given.
REPORT_SUFFIXES = (".txt", ".html", ".htm")
_HTML_SUFFIXES = (".html", ".htm")
_SOURCE_LINE = re.compile(r"^(?:Source|Nguồn)\s*:\s*(.+)$", re.IGNORECASE)


def find_reports(inputs: list[Path]) -> list[tuple[Path, Path]]:
    """List the report files under ``inputs`` (files or folders), sorted for determinism.

    Returns (file, root) pairs: ``root`` is the folder the report's key is made
    relative to.  Sidecar ``*.meta.json`` files are not reports.

    Raises:
        InputError: an input path does not exist.
    """
    found: list[tuple[Path, Path]] = []
    for inp in inputs:
        if inp.is_dir():
            for f in sorted(inp.rglob("*")):
                if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES and not f.name.endswith(".meta.json"):
                    found.append((f, inp))
        elif inp.is_file():
            found.append((inp, inp.parent))
        else:
            raise InputError("no such file or folder", path=str(inp))
    return found


def report_key(path: Path, root: Path) -> str:
    """The stable key of a report: the slug of its path relative to ``root``, without suffix.

    ``examples/report-2020-h1.txt`` under root ``examples`` → ``report-2020-h1``.
    The key does not depend on the machine or the current directory.
    """
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    parts = list(rel.with_suffix("").parts)
    return "/".join(vt.slug(p) or "x" for p in parts)


def read_report(path: Path, root: Path | None = None, *, date_override: date | None = None) -> Report:
    """Read one report file into a normalized :class:`Report`.

    Args:
        path: a ``.txt`` (any supported encoding) or ``.html`` file.
        root: folder the report key is relative to (default: the file's folder).
        date_override: the publication date to use instead of any found (``kg build --date``).

    Raises:
        InputError: the file is missing, empty, binary or undecodable, or holds no text
            (the message names the file).
    """
    root = root or path.parent
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=str(path)) from exc
    if not data.strip():
        raise InputError("the file is empty", path=str(path))
    try:
        raw = vt.decode(data)
    except InputError as exc:
        raise exc.at(str(path)) from exc

    meta = _read_sidecar(path) or manifest_row(path)
    html_date: date | None = None
    if path.suffix.lower() in _HTML_SUFFIXES:
        raw, html_meta = _html_to_text(raw, path)
        html_date = html_meta.get("date")
        meta.setdefault("source", html_meta.get("url"))
    body = vt.normalize(raw)
    source = meta.get("source") or meta.get("url")
    lines = body.split("\n")
    if lines and len(lines[0]) <= 300 and (m := _SOURCE_LINE.match(lines[0])):
        source = source or m.group(1).strip()
        body = "\n".join(lines[1:]).lstrip("\n")
    if not body.strip():
        raise InputError("the file holds no text", path=str(path))
    title, section = _title_and_section(body)

    when, how = date_override, "cli"
    if when is None and meta.get("published"):
        when, how = _meta_date(meta["published"], path), "meta"
    if when is None and html_date is not None:
        when, how = html_date, "html"
    if when is None:
        when, how = _first_full_date(body), "text"
    if when is None and meta.get("date_note"):
        when, how = _meta_date(meta["date_note"], path), "manifest-note"
    year = when.year if when else _likely_year(body)
    return Report(
        path=str(path),
        key=report_key(path, root),
        text=body,
        title=title,
        date=when,
        date_source=how if when else "",
        source=source,
        section=meta.get("section") or section,
        content_hash="sha256:" + hashlib.sha256(data).hexdigest(),
        year=year,
    )


#: File names of batch manifests looked for in a report's folder and its parent, in this order.
MANIFEST_NAMES = ("SOURCES.tsv", "manifest.tsv", "manifest.csv")
_FILE_COLUMNS = ("file", "path", "filename")
_DATE_COLUMNS = ("published", "date", "published_date")


def manifest_row(path: Path) -> dict:
    """The manifest metadata of report ``path`` ({} when no manifest lists it).

    Looks for :data:`MANIFEST_NAMES` in ``path``'s folder, then in its parent; each
    manifest is read once per process (:func:`read_manifest`).

    Raises:
        InputError: a manifest exists but cannot be read (see :func:`read_manifest`).
    """
    here = path.resolve()
    for folder in (here.parent, here.parent.parent):
        for name in MANIFEST_NAMES:
            m = folder / name
            if m.is_file():
                row = _manifest(m, m.stat().st_mtime_ns).get(str(here))
                if row is not None:
                    return dict(row)
    return {}


def read_manifest(path: Path) -> dict[str, dict]:
    """Read a batch manifest: a TSV (``.tsv``) or CSV table with a header row.

    One row per report.  Columns (case-insensitive; others are ignored):

    * ``file`` (or ``path``, ``filename``): the report file, relative to the manifest's folder
      (``reports/a.txt``) — required;
    * ``published`` (or ``date``): the publication date, ISO ``2019-05-30`` or Vietnamese
      ``30/05/2019``; without such a column, the first full date (with its year) written in
      any other cell of the row (``time=30/05/2019`` or ``… news 2025-04-22`` in a free-text
      note, see :func:`note_date`) is kept as
      ``date_note``, a weaker hint: portals' listings and mirrors often give a crawl or
      listing date there, so the report's own text date is preferred to it;
    * ``url`` or ``source``; ``section``.

    Returns:
        {absolute file path: {"published" or "date_note": "YYYY-MM-DD", "source": …, "section": …}}
        (keys only for the values the row gives).

    Raises:
        InputError: the file cannot be read or decoded, or has no ``file`` column (names the file).
    """
    import csv

    try:
        text = vt.decode(path.read_bytes())
    except OSError as exc:
        raise InputError(f"cannot read manifest: {exc.strerror}", path=str(path)) from exc
    except InputError as exc:
        raise InputError(f"cannot decode manifest: {exc}", path=str(path)) from exc
    rows = list(csv.reader(text.splitlines(), delimiter="\t" if path.suffix.lower() == ".tsv" else ","))
    if not rows:
        return {}
    header = [h.strip().lower() for h in rows[0]]
    col = next((header.index(c) for c in _FILE_COLUMNS if c in header), None)
    if col is None:
        raise InputError(f"manifest has no 'file' column (columns: {', '.join(header)})", path=str(path), line=1, column=1, position=0)
    out: dict[str, dict] = {}
    base = path.resolve().parent
    folders: dict[Path, tuple[str, set[str]] | None] = {}
    for row in rows[1:]:
        if len(row) <= col or not row[col].strip():
            continue
        cells = dict(zip(header, (c.strip() for c in row)))
        meta: dict = {}
        when = next((cells[c] for c in _DATE_COLUMNS if cells.get(c)), None)
        if when:
            meta["published"] = when
        else:  # a date written somewhere in the row's other cells: a weaker hint
            found = note_date(" ; ".join(c for i, c in enumerate(row) if i != col))
            if found:
                meta["date_note"] = found.isoformat()
        if cells.get("url") or cells.get("source"):
            meta["source"] = cells.get("url") or cells.get("source")
        if cells.get("section"):
            meta["section"] = cells["section"]
        out[_resolved(base / row[col].strip(), folders)] = meta
    return out


def _resolved(p: Path, folders: dict[Path, tuple[str, set[str]] | None]) -> str:
    """``str(p.resolve())``, with ``p``'s folder resolved once per folder (``folders`` keeps, per
    folder, its resolved path and the names of the symbolic links in it, or None when it cannot
    be listed).

    ``os.path.realpath`` resolves a path component by component, so when the last one is not
    a symbolic link (or does not exist) the result is the resolved folder joined with that name,
    and ``Path.resolve``'s closing ``stat`` cannot meet a link loop; any other path (a link, a
    ``..`` name, a folder that cannot be listed) goes through ``Path.resolve`` itself.  A manifest
    lists thousands of files of a few folders: this takes one ``scandir`` per folder instead
    of an ``lstat`` per path component and a ``stat`` per file.

    Raises:
        RuntimeError: a symbolic link loop (as :meth:`pathlib.Path.resolve`).
    """
    name, parent = p.name, p.parent
    if name in ("", "..") or parent == p:
        return str(p.resolve())
    if parent not in folders:
        folders[parent] = _folder_links(parent)
    hit = folders[parent]
    if hit is None or name in hit[1]:
        return str(p.resolve())
    return os.path.join(hit[0], name)  # (both normalized already: as str(Path(…)) would give)


def _folder_links(folder: Path) -> tuple[str, set[str]] | None:
    """``(str(folder.resolve()), names of the symbolic links in it)`` for :func:`_resolved`; no names
    for a folder that does not exist; None for one that cannot be resolved or listed."""
    try:
        real = str(folder.resolve())
    except RuntimeError:
        return None
    try:
        with os.scandir(real) as entries:
            return real, {e.name for e in entries if e.is_symlink()}
    except FileNotFoundError:
        return real, set()  # nothing in it exists, so nothing in it is a link
    except OSError:
        return None


_ISO_DATE = re.compile(r"(?<![\d.\-/])(\d{4})-(\d{2})-(\d{2})(?![\d\-/])")


def note_date(note: str) -> date | None:
    """The first full date written in a manifest's free-text ``note`` (None when there is none).

    A full date is a Vietnamese one with its year (``30/05/2019``, ``05.08.2019``,
    :func:`kg.text.find_dates`) or an ISO 8601 calendar date ``2025-04-22`` (a crawler's
    note such as "Bình Định province news 2025-04-22; category=…"); the one written first
    wins.  Impossible dates (``2025-13-01``) are skipped.  Day-month-year written with
    spaces (``08 08 2019``) is not read: in the corpus manifests it is a mirror's crawl
    time, not the publication date.

    Args:
        note: the text of the row's cells (other than the file), joined.
    Returns:
        ``datetime.date`` or None.
    Raises:
        nothing.
    """
    found = [(d.start, d.date) for d in vt.find_dates(note, None)]
    for m in _ISO_DATE.finditer(note):
        try:
            found.append((m.start(), date(int(m[1]), int(m[2]), int(m[3]))))
        except ValueError:
            continue
    return min(found)[1] if found else None


@functools.lru_cache(maxsize=8)
def _manifest(path: Path, _mtime: int) -> dict[str, dict]:
    return read_manifest(path)


def _read_sidecar(path: Path) -> dict:
    side = path.with_name(path.stem + ".meta.json")
    if not side.is_file():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"bad sidecar metadata {side.name}: {exc}", path=str(side)) from exc
    if not isinstance(meta, dict):
        raise InputError("sidecar metadata must be a JSON object", path=str(side))
    return meta


def _meta_date(value: str, path: Path) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        try:
            return vt.parse_date(str(value))
        except ParseError as exc:
            raise InputError(f"unreadable 'published' date {value!r} in sidecar metadata", path=str(path)) from exc


def _html_to_text(html: str, path: Path) -> tuple[str, dict]:
    """Main text and metadata of an HTML page, with trafilatura (Apache-2.0)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_tables=True)
    if doc is None:
        raise InputError("no main text found in the HTML page", path=str(path))
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = d.get("text") or ""
    title = (d.get("title") or "").strip()
    meta: dict = {"url": d.get("url")}
    if d.get("date"):
        try:
            meta["date"] = date.fromisoformat(d["date"][:10])
        except ValueError:
            pass
    if title and title.lower() not in ("home", "trang chủ") and not text.startswith(title):
        text = title + "\n" + text
    return text, meta


def _title_and_section(body: str) -> tuple[str, str | None]:
    """The title is the first non-empty line; portal exports often put the section name
    ("Đảng - đoàn thể", "Tin tức") before it: a first line of at most five words with no
    sentence punctuation, followed by a longer line, is the section and the next line the title."""
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if not lines:
        return "", None
    first = lines[0]
    if len(lines) > 1 and len(first.split()) <= 5 and not re.search(r"[.,:;!?]", first) and len(lines[1]) > len(first):
        return _clip(lines[1]), first
    return _clip(first), None


def _clip(title: str, limit: int = 300) -> str:
    """A title of at most ``limit`` characters, cut at a space (a text with no line breaks
    would otherwise make its whole body the title)."""
    if len(title) <= limit:
        return title
    cut = title.rfind(" ", 0, limit)
    return title[: cut if cut > 0 else limit] + "…"


#: The digits of a year as kg.text.dates writes it (``[12][0-9]{3}``): with no reference date,
#: find_periods reports only the periods that name their year (a text without them has none).
_YEAR_DIGITS = re.compile(r"[12][0-9]{3}")


def _likely_year(body: str) -> int | None:
    """The year a report without a full date is written in, from the periods its text names.

    A report tells of the past: when it names periods shorter than a year ("quý I năm 2019",
    "tháng 5/2025", "6 tháng đầu năm 2020") it is written in the latest of their years (a
    report on the first quarter of 2019 that compares with 2018 is from 2019).  Otherwise the
    year its one-year periods name most often, the middle one on a tie.  None when no period
    is named.  Periods longer than a year ("nhiệm kỳ 2015-2020") say nothing of the year.
    """
    from collections import Counter

    if not _YEAR_DIGITS.search(body):
        return None  # every period with its year writes it as four digits (vt.find_periods' _YEAR)
    years: Counter[int] = Counter()
    short: list[int] = []
    for m in vt.find_periods(body, None):
        first, last = m.period
        if first.year == last.year:
            years[first.year] += 1
            if (last - first).days < 360:
                short.append(first.year)
    if short:
        return max(short)
    if not years:
        return None
    best = max(years.values())
    tied = sorted(y for y, n in years.items() if n == best)
    # a report looks back a year and ahead a year ("năm 2018 … năm 2019 … năm 2020"): on a tie
    # the middle year (the later of the two middle ones) is the report's own
    return tied[len(tied) // 2]


def _first_full_date(body: str) -> date | None:
    """A full date (with its year) in the title or the lead paragraph: the day the report
    tells of, which portals publish on or a day after.  Dates further down are deadlines
    and references, not the report's date."""
    lead = "\n".join([ln for ln in body.split("\n") if ln.strip()][:3])[:600]
    found = vt.find_dates(lead, None)
    if not found:
        return None
    for first, later in vt.date_spans(lead, found[:2]):
        if later.date > first.date:
            return later.date  # "(07/05/1954 – 07/5/2019)": an anniversary is dated by its end
    return found[0].date
