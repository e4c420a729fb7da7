"""Named SPARQL queries, their parameters (filters, pages, order) and result formatting.

The named queries live in ``kg/queries/*.rq`` (``observations``, ``people``,
``events``, ``places``).  Each is a plain SPARQL 1.1 query that returns every row
when run as written.  Its optional parts are comment lines of the form::

    #@NAME  SPARQL TEXT WITH $placeholders

:func:`render` turns the ``#@NAME`` line into SPARQL when parameter ``NAME`` is given
(``kg query --NAME VALUE``): the ``#@NAME`` prefix is removed and each ``$placeholder``
is replaced by an rdflib term's ``n3()`` form (an IRI or an escaped literal built by
:data:`PARAMETERS` from the checked value), never by the user's text itself.  The
line ``#@order`` holds the query's ``ORDER BY``, used when ordering is asked for;
``LIMIT``/``OFFSET`` are appended.  The same mechanism works for a user's own
``.rq`` file that has ``#@`` lines.

CSV and JSON output follow the W3C recommendations "SPARQL 1.1 Query Results CSV
and TSV Formats" and "SPARQL 1.1 Query Results JSON Format"; both are written by
rdflib's own result serializers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources

from rdflib import Literal, URIRef, Variable
from rdflib.term import Node
from rdflib.query import Result
from rich.console import Console
from rich.table import Table

from kg.errors import KgError
from kg.store import QueryResult

#: The names accepted by ``kg query --name``.
NAMED_QUERIES = ("observations", "people", "events", "places")

#: Rows per page of a named query when no limit is given (``kg query --limit``; 0 = all rows).
DEFAULT_LIMIT = 100


def load_named(name: str) -> str:
    """The text of a named query.

    Raises:
        KgError: unknown name (the message lists the known ones).
    """
    if name not in NAMED_QUERIES:
        raise KgError(f"unknown named query {name!r}; known: {', '.join(NAMED_QUERIES)}")
    return resources.files("kg").joinpath(f"queries/{name}.rq").read_text(encoding="utf-8")


# --- parameters --------------------------------------------------------------------------------

_KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*(?:/[A-Za-z0-9._~-]+)*")
_CODE_RE = re.compile(r"(?:2025/)?[0-9]{2,5}")
_YEAR_RE = re.compile(r"[0-9]{4}")
_ID = "https://w3id.org/kg-vn/id/"


def _key(value: str, what: str, prefix: str) -> str:
    """``value`` without ``prefix`` if it is a full IRI; raises KgError unless it is a key."""
    key = value[len(prefix):] if value.startswith(prefix) else value
    if not _KEY_RE.fullmatch(key):
        raise KgError(f"{what} {value!r} is not a key (letters, digits, '.', '_', '~', '-', '/'), e.g. 2020-h1")
    return key


def _report_terms(value: str) -> dict[str, Node]:
    key = _key(value, "--report", _ID + "report/")
    return {"graph": URIRef(f"{_ID}graph/{key}"), "report": URIRef(f"{_ID}report/{key}")}


def _area_terms(value: str) -> dict[str, Node]:
    if not _CODE_RE.fullmatch(value):
        raise KgError(f"--area {value!r} is not a GSO code (2 to 5 digits, e.g. 279; 2025/CODE for the 2025 units)")
    return {"area": URIRef(f"{_ID}area/{value}")}


def _indicator_terms(value: str) -> dict[str, Node]:
    return {"indicator": URIRef("https://w3id.org/kg-vn/indicator/" + _key(value, "--indicator", "https://w3id.org/kg-vn/indicator/"))}


def _year_terms(value: str) -> dict[str, Node]:
    if not _YEAR_RE.fullmatch(value):
        raise KgError(f"--year {value!r} is not a year (four digits, e.g. 2020)")
    xsd_date = URIRef("http://www.w3.org/2001/XMLSchema#date")
    return {"yearStart": Literal(f"{value}-01-01", datatype=xsd_date), "yearEnd": Literal(f"{value}-12-31", datatype=xsd_date)}


def _person_terms(value: str) -> dict[str, Node]:
    from kg.text.normalize import canonical

    text = canonical(value).lower()
    if not text.strip():
        raise KgError("--person needs some letters of a name")
    return {"person": Literal(text)}


@dataclass(frozen=True)
class Parameter:
    """A filter of the named queries (``kg query --NAME VALUE``).

    Attributes:
        name: the option name and the ``#@NAME`` line it switches on.
        metavar: what the value is, for help texts (``CODE``, ``KEY``, ``YYYY``, ``TEXT``).
        help: one sentence for ``kg query --help``.
        terms: the checked value → ``{placeholder: rdflib term}``; raises
            :class:`kg.errors.KgError` for a malformed value.
    """

    name: str
    metavar: str
    help: str
    terms: Callable[[str], dict[str, Node]]


#: The filters a ``#@NAME`` line may use, by name; each query file says which ones it has.
PARAMETERS: dict[str, Parameter] = {p.name: p for p in (
    Parameter("report", "KEY", "rows of one report (its key as the report column shows it, e.g. 2020-h1)", _report_terms),
    Parameter("area", "CODE", "rows about one administrative unit, by GSO code (279; 2025/CODE for the 2025 units)", _area_terms),
    Parameter("indicator", "KEY", "observations of one indicator (e.g. budget-revenue)", _indicator_terms),
    Parameter("year", "YYYY", "observations whose period ends in the year (H1 2020 and 2016-2020 count for 2020), events dated in it", _year_terms),
    Parameter("person", "TEXT", "people whose name contains TEXT (case and tone placement ignored)", _person_terms),
)}

_LINE_RE = re.compile(r"^(?P<indent>[ \t]*)#@(?P<name>[a-z]+)\b[ \t]?(?P<body>.*)$", re.M)
_PLACEHOLDER_RE = re.compile(r"\$([A-Za-z]\w*)")


def parameters_of(sparql: str) -> list[str]:
    """The names of the ``#@NAME`` lines of a query text, in order of first use (``order`` included)."""
    return list(dict.fromkeys(m["name"] for m in _LINE_RE.finditer(sparql)))


def render(
    sparql: str,
    values: Mapping[str, str] | None = None,
    *,
    limit: int = 0,
    offset: int = 0,
    order: bool = False,
) -> str:
    """The query text with the given parameters, order and page applied.

    Args:
        sparql: a query with ``#@NAME`` lines (see the module docstring); lines whose
            parameter is not given stay comments.
        values: parameter name → the user's value (``{"area": "279"}``); each is checked and
            turned into rdflib terms by :data:`PARAMETERS`, and the terms' ``n3()`` replace the
            line's ``$placeholders``.
        limit: rows per page; 0 means no ``LIMIT``.
        offset: rows to skip (``OFFSET``), 0 or more.
        order: switch on the ``#@order`` line (the query's ``ORDER BY``).

    Returns:
        the SPARQL text to run.

    Raises:
        KgError: an unknown parameter, one the query has no ``#@`` line for, a malformed
            value, ``order`` for a query without ``#@order``, a negative limit or offset, or a
            ``$placeholder`` that the parameter does not define.
    """
    values = dict(values or {})
    if limit < 0 or offset < 0:
        raise KgError(f"--limit and --offset are 0 or more (got {limit}, {offset})")
    declared = parameters_of(sparql)
    filters = [n for n in declared if n != "order"]
    terms: dict[str, dict[str, Node]] = {}
    for name, value in values.items():
        if name not in PARAMETERS:
            raise KgError(f"unknown query parameter {name!r}; known: {', '.join(PARAMETERS)}")
        if name not in declared:
            takes = ", ".join("--" + n for n in filters) or "no filters"
            raise KgError(f"this query has no --{name} filter (it takes {takes})")
        terms[name] = PARAMETERS[name].terms(value)
    if order and "order" not in declared:
        raise KgError("this query has no #@order line to order its rows by")

    def line(m: re.Match[str]) -> str:
        name = m["name"]
        if name == "order":
            return m["indent"] + m["body"] if order else m[0]
        if name not in terms:
            return m[0]

        def term(p: re.Match[str]) -> str:
            if p[1] not in terms[name]:
                raise KgError(f"#@{name} line uses ${p[1]}, which --{name} does not define ({', '.join(terms[name])})")
            return terms[name][p[1]].n3()

        return m["indent"] + _PLACEHOLDER_RE.sub(term, m["body"])

    text = _LINE_RE.sub(line, sparql).rstrip() + "\n"
    if limit:
        text += f"LIMIT {limit}\n"
    if offset:
        text += f"OFFSET {offset}\n"
    return text


def named_query(name: str, values: Mapping[str, str] | None = None, *, limit: int = DEFAULT_LIMIT,
                offset: int = 0, order: bool = False) -> str:
    """The text of named query ``name`` with filters, order and page applied (:func:`render`).

    Raises:
        KgError: unknown name, or any error of :func:`render`.
    """
    return render(load_named(name), values, limit=limit, offset=offset, order=order)


@dataclass
class Page:
    """One page of a query's answer (:func:`run_query`).

    Attributes:
        result: the rows of the page (at most ``limit``), or the whole answer without a limit.
        offset: rows skipped before the page.
        more: True when at least one row follows the page (``--offset offset + len(rows)``).
    """

    result: QueryResult
    offset: int
    more: bool


def run_query(store, sparql: str, values: Mapping[str, str] | None = None, *, limit: int = 0,  # noqa: ANN001 - kg.store.Store
              offset: int = 0, order: bool = False) -> Page:
    """Run ``sparql`` with :func:`render`'s parameters on ``store`` and return one page.

    One row past ``limit`` is asked for, to tell whether more follow; it is dropped.

    Raises:
        KgError: any error of :func:`render`.
        kg.store.StoreError: the store rejected or failed the query.
    """
    res = store.query(render(sparql, values, limit=limit + 1 if limit else 0, offset=offset, order=order))
    more = bool(limit) and res.type == "SELECT" and len(res.rows) > limit
    if more:
        res.rows = res.rows[:limit]
    return Page(res, offset, more)


def to_rdflib(res: QueryResult) -> Result:
    """The same answer as an :class:`rdflib.query.Result` (for rdflib's serializers)."""
    if res.type == "SELECT":
        r = Result("SELECT")
        r.vars = [Variable(v) for v in res.vars]
        r.bindings = [{Variable(v): t for v, t in zip(res.vars, row) if t is not None} for row in res.rows]
        return r
    if res.type == "ASK":
        r = Result("ASK")
        r.askAnswer = bool(res.askAnswer)
        return r
    r = Result(res.type)
    r.graph = res.graph
    return r


def format_result(res: QueryResult, fmt: str, console: Console | None = None) -> str:
    """Format a query result.

    Args:
        res: the answer of :meth:`kg.store.Store.query`.
        fmt: ``"csv"`` or ``"json"`` (W3C SPARQL results formats; a CONSTRUCT gives
            N-Triples / JSON-LD), or ``"table"`` (printed to ``console`` with rich).

    Returns:
        the formatted text ("" for ``table``, which prints instead).

    Raises:
        KgError: unknown format.
    """
    if fmt == "table":
        console = console or Console()
        if res.type == "SELECT":
            table = Table(title=f"{len(res.rows)} rows")
            for var in res.vars:
                table.add_column(str(var), overflow="fold")  # a narrow terminal wraps a value, never cuts it
            for row in res.rows:
                table.add_row(*[_cell(t) for t in row])
            console.print(table)
        elif res.type == "ASK":
            console.print("yes" if res.askAnswer else "no")
        else:
            console.print(res.graph.serialize(format="turtle"), highlight=False)
        return ""
    if fmt not in ("csv", "json"):
        raise KgError(f"unknown result format {fmt!r}; use table, csv or json")
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        return res.graph.serialize(format="nt" if fmt == "csv" else "json-ld")
    data = to_rdflib(res).serialize(format=fmt)
    return data.decode("utf-8") if isinstance(data, bytes) else data


def _cell(t) -> str:
    if t is None:
        return ""
    if isinstance(t, URIRef):
        return str(t)
    if isinstance(t, Literal):
        return str(t)
    return t.n3()
