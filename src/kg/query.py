"""Named SPARQL queries and result formatting.

The named queries live in ``kg/queries/*.rq`` (``observations``, ``people``,
``events``, ``places``).  CSV and JSON output follow the W3C recommendations
"SPARQL 1.1 Query Results CSV and TSV Formats" and "SPARQL 1.1 Query Results
JSON Format"; both are written by rdflib's own result serializers.
"""

from __future__ import annotations

from importlib import resources

from rdflib import Literal, URIRef, Variable
from rdflib.query import Result
from rich.console import Console
from rich.table import Table

from kg.errors import KgError
from kg.store import QueryResult

#: The names accepted by ``kg query --name``.
NAMED_QUERIES = ("observations", "people", "events", "places")


def load_named(name: str) -> str:
    """The text of a named query.

    Raises:
        KgError: unknown name (the message lists the known ones).
    """
    if name not in NAMED_QUERIES:
        raise KgError(f"unknown named query {name!r}; known: {', '.join(NAMED_QUERIES)}")
    return resources.files("kg").joinpath(f"queries/{name}.rq").read_text(encoding="utf-8")


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
            table = Table(*res.vars, title=f"{len(res.rows)} rows")
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
