"""``sparql:URL`` — a remote SPARQL 1.1 server (Oxigraph server, Virtuoso, or any engine by paths).

URI form::

    sparql:BASE[?engine=oxigraph|virtuoso&query=/path&update=/path&gsp=/path&union=param|native&timeout=S]

``BASE`` is the server's base URL, e.g. ``sparql:http://127.0.0.1:7878`` (Oxigraph server) or
``sparql:http://127.0.0.1:8890`` (Virtuoso). Credentials may be given as ``http://user:pass@host``;
they are sent with HTTP Basic or Digest authentication, whichever the server asks for.

Protocols (W3C SPARQL 1.1):

* writes: Graph Store HTTP Protocol, one ``PUT {gsp}?graph=IRI`` per report graph (the body is
  N-Triples sent as ``text/turtle; charset=utf-8``, which every engine accepts), preceded by one
  ``POST {gsp}?graph=ENTITY_GRAPH`` that merges the report's entity triples into the shared
  entity graph, and ``DELETE {gsp}?graph=IRI``. A graph is replaced by one request, so a killed client leaves the old
  graph or the new one (the server aborts a request whose body is cut short).
* reads: SPARQL 1.1 Protocol, ``POST {query}`` form-encoded, ``Accept: application/sparql-results+json``
  for SELECT/ASK and ``application/n-triples, text/turtle`` for CONSTRUCT/DESCRIBE; results are
  parsed with rdflib's result parsers.

Engine profiles (``engine=``; found from the ``Server`` header of ``GET BASE/`` when not given):

=========  ==========  ==========  ===================  ===========================================
engine     query       update      gsp                  union default graph
=========  ==========  ==========  ===================  ===========================================
oxigraph   /query      /update     /store               ``union=param``: each query carries Oxigraph's
                                                        ``union-default-graph`` parameter, so the
                                                        server needs no ``--union-default-graph`` flag
virtuoso   /sparql     /sparql     /sparql-graph-crud   ``union=native``: Virtuoso's default graph is
                                                        already the union of all graphs; its system
                                                        graphs (``virtrdf#`` …) are left out of
                                                        ``graphs()``, ``len()``, ``dataset()``,
                                                        ``export()``. With credentials the ``-auth``
                                                        endpoints are used (``/sparql-auth``,
                                                        ``/sparql-graph-crud-auth``).
=========  ==========  ==========  ===================  ===========================================

Anonymous writes to Virtuoso need ``GRANT SPARQL_UPDATE TO "SPARQL";`` (isql); otherwise pass
``dba`` credentials. Apache Jena Fuseki (not tested here: not in Debian): use
``sparql:http://host:3030/DATASET?query=/query&update=/update&gsp=/data&union=native`` with
``tdb:unionDefaultGraph true`` (TDB1) or ``tdb2:unionDefaultGraph true`` (TDB2) in the dataset
configuration. Queries are sent as written; no rewriting.
"""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.term import URIRef

from kg.store.base import (
    BaseStore,
    CONTENT_HASH,
    ENTITY_GRAPH,
    EncodedReport,
    PRUNE_UPDATE,
    QueryResult,
    StoreError,
    TermCache,
    Triple,
    canonical,
    check_graph_iri,
    check_report_graph,
    check_triple,
    query_form,
    register_store,
    write_quads,
)


@dataclass(frozen=True)
class Engine:
    """Endpoint paths and quirks of one SPARQL server product.

    Attributes:
        name: profile name used in ``engine=``.
        query, update, gsp: paths below the base URL of the SPARQL query, SPARQL update and Graph
            Store Protocol endpoints.
        union: ``"param"`` (send Oxigraph's ``union-default-graph`` query parameter) or
            ``"native"`` (the server's default graph is already the union; send queries as is).
        system_graphs: IRI prefixes of graphs the server keeps for itself, hidden from
            ``graphs()``/``len()``/``dataset()``/``export()``.
        auth_query, auth_gsp: endpoint paths to use instead when credentials are given (``""``: same).
    """

    name: str
    query: str
    update: str
    gsp: str
    union: str
    system_graphs: tuple[str, ...] = ()
    auth_query: str = ""
    auth_gsp: str = ""


ENGINES: dict[str, Engine] = {
    "oxigraph": Engine("oxigraph", "/query", "/update", "/store", "param"),
    "virtuoso": Engine(
        "virtuoso",
        "/sparql",
        "/sparql",
        "/sparql-graph-crud",
        "native",
        # Graphs Virtuoso 7.2 creates itself (a fresh database has the first three; the others come
        # with the Conductor and DAV packages; localhost:8890 is the default URIQADefaultHost).
        system_graphs=(
            "http://www.openlinksw.com/schemas/virtrdf#",
            "http://www.w3.org/ns/ldp#",
            "http://localuriqaserver/",
            "http://localhost:8890/",
            "http://www.w3.org/2002/07/owl#",
            "urn:activitystreams-owl:map",
            "http://www.openlinksw.com/schemas/",
        ),
        auth_query="/sparql-auth",
        auth_gsp="/sparql-graph-crud-auth",
    ),
}
"""Built-in engine profiles, by ``engine=`` name."""

_OPTIONS = {"engine", "query", "update", "gsp", "union", "timeout"}


def parse_sparql_uri(uri: str, rest: str) -> tuple[str, dict[str, str], str | None, str | None]:
    """Split ``rest`` (after ``sparql:``) into base URL, options, user and password.

    Returns:
        ``(base, options, user, password)``; ``base`` has no trailing ``/``, no credentials and no
        query string; ``options`` holds only keys of ``engine, query, update, gsp, union, timeout``.

    Raises:
        StoreError: not an ``http(s)://host`` URL, an unknown option, or a repeated option.
    """
    parts = urllib.parse.urlsplit(rest)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(
            f"{uri}: expected sparql:http://HOST:PORT[/PATH][?engine=…&query=…&update=…&gsp=…], "
            "e.g. sparql:http://127.0.0.1:7878"
        )
    options: dict[str, str] = {}
    for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
        if key not in _OPTIONS:
            raise StoreError(f"{uri}: unknown option {key!r}; known: {', '.join(sorted(_OPTIONS))}")
        if key in options:
            raise StoreError(f"{uri}: option {key!r} given twice")
        options[key] = value
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    base = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    user = urllib.parse.unquote(parts.username) if parts.username else None
    password = urllib.parse.unquote(parts.password) if parts.password is not None else None
    return base, options, user, password


@register_store("sparql")
class SparqlStore(BaseStore):
    """The ``sparql:URL`` backend: Graph Store HTTP Protocol for writes, SPARQL 1.1 Protocol for reads.

    Args:
        uri: the full store URI (kept as :attr:`uri`, credentials included).
        rest: what follows ``sparql:`` (see the module docstring for the options).

    Raises:
        StoreError: a malformed URI, an unknown ``engine``/``union`` value, a bad ``timeout``, or
            (when ``engine`` is not given) a server that cannot be reached.

    Attributes:
        engine: the :class:`Engine` profile in use, with the URI's path overrides applied.
    """

    def __init__(self, uri: str, rest: str) -> None:
        self.uri = uri
        self.base, options, user, password = parse_sparql_uri(uri, rest)
        try:
            self.timeout = float(options.get("timeout", "300"))
        except ValueError:
            raise StoreError(f"{uri}: timeout must be a number of seconds") from None
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, self.base + "/", user, password or "")
            handlers += [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
        self._opener = urllib.request.build_opener(*handlers)
        name = options.get("engine") or self._detect_engine()
        if name not in ENGINES:
            raise StoreError(f"{uri}: unknown engine {name!r}; known: {', '.join(ENGINES)} (or give query=, gsp=)")
        engine = ENGINES[name]
        if user is not None:
            engine = replace(engine, query=engine.auth_query or engine.query, gsp=engine.auth_gsp or engine.gsp,
                             update=engine.auth_query or engine.update)
        overrides = {k: options[k] for k in ("query", "update", "gsp", "union") if k in options}
        for key in ("query", "update", "gsp"):
            if key in overrides and not overrides[key].startswith("/"):
                overrides[key] = "/" + overrides[key]
        self.engine = replace(engine, **overrides)
        if self.engine.union not in ("param", "native"):
            raise StoreError(f"{uri}: union must be 'param' or 'native', not {self.engine.union!r}")
        self._terms = TermCache()

    # -- HTTP ----------------------------------------------------------------------------------

    def _detect_engine(self) -> str:
        """The engine name from the ``Server`` header of ``GET BASE/`` (``oxigraph`` when unknown)."""
        request = urllib.request.Request(self.base + "/", method="GET")
        try:
            with self._opener.open(request, timeout=min(self.timeout, 30)) as response:
                server = response.headers.get("Server", "")
        except urllib.error.HTTPError as exc:
            server = exc.headers.get("Server", "") if exc.headers else ""
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{self.uri}: cannot reach {self.base}: {getattr(exc, 'reason', exc)}") from None
        return "virtuoso" if "virtuoso" in server.lower() else "oxigraph"

    def _request(
        self,
        method: str,
        path: str,
        params: dict[str, str] | None = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        missing_ok: bool = False,
    ) -> tuple[str, bytes, dict[str, str]]:
        """Send one HTTP request to ``BASE + path``; return ``(content type, body, headers)``.

        Raises:
            StoreError: connection failure, or an HTTP status >= 400 (except 404 with
                ``missing_ok``), with the server's message.
        """
        url = self.base + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                data = response.read()
                return response.headers.get_content_type(), data, dict(response.headers.items())
        except urllib.error.HTTPError as exc:
            if missing_ok and exc.code == 404:
                return "", b"", {}
            detail = exc.read()[:500].decode("utf-8", "replace").strip()
            raise StoreError(f"{self.uri}: {method} {url} failed: HTTP {exc.code} {exc.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{self.uri}: {method} {url} failed: {getattr(exc, 'reason', exc)}") from None

    def _gsp_params(self, graph_iri: str) -> dict[str, str]:
        return {"graph": graph_iri}

    # -- writes --------------------------------------------------------------------------------

    def put_graph(self, graph_iri: str, triples: Iterable[Triple], entities: Iterable[Triple] = ()) -> None:
        """Add ``entities`` to the entity graph by one GSP ``POST`` (merge), then replace the named
        graph ``graph_iri`` with ``triples`` by one GSP ``PUT`` (an empty set: ``DELETE``).

        The triples are read, checked and serialized before any request, so an exception raised
        by either iterable sends nothing. The entities go first: a client dying between the two
        requests leaves the old report graph and a few more entity descriptions, never a report
        graph naming entities the store does not describe.

        Raises:
            StoreError: a bad graph IRI (or the entity graph's) or triple, or the server refused a request.
        """
        iri = check_report_graph(graph_iri)
        to_ox = self._terms.to_ox
        ox_triples = [ox.Triple(*(to_ox(t) for t in check_triple(triple, iri))) for triple in triples]
        shared = [ox.Triple(*(to_ox(t) for t in check_triple(triple, ENTITY_GRAPH))) for triple in entities]
        headers = {"Content-Type": "text/turtle; charset=utf-8"}
        if shared:
            self._request("POST", self.engine.gsp, self._gsp_params(ENTITY_GRAPH),
                          ox.serialize(shared, format=ox.RdfFormat.N_TRIPLES), headers)
        if not ox_triples:
            self.remove_graph(iri)
            return
        body = ox.serialize(ox_triples, format=ox.RdfFormat.N_TRIPLES)
        self._request("PUT", self.engine.gsp, self._gsp_params(iri), body, headers)

    def put_encoded(self, reports: list[EncodedReport]) -> None:
        """Write a batch of encoded reports: the entity triples of the whole batch (each once) by
        one GSP ``POST`` to the entity graph, then each report graph by one GSP ``PUT`` (its
        ``kg:contentHash`` line included; an empty report graph: ``DELETE``).

        ``1 + len(reports)`` requests instead of ``2 * len(reports)``. As in :meth:`put_graph`, the
        entities go first and every body is parsed before any request, so a bad report sends nothing.

        Raises:
            StoreError: a report's bytes are not N-Quads, a report graph IRI is bad or is the
                entity graph's, or the server refused a request (reports before it are written).
        """
        bodies: list[tuple[str, bytes]] = []
        lines: dict[bytes, None] = {}  # the batch's entity N-Quads lines, each once
        for report in reports:
            iri = check_report_graph(report.graph)
            try:
                quads = list(ox.parse(report.nquads, format=ox.RdfFormat.N_QUADS)) if report.nquads else []
                commit = list(ox.parse(report.commit, format=ox.RdfFormat.N_TRIPLES)) if report.commit else []
            except SyntaxError as exc:
                raise StoreError(f"{self.uri}: <{report.graph}>: unreadable encoded report: {exc}") from None
            triples = [q.triple for q in quads] + commit
            bodies.append((iri, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""))
            lines.update(dict.fromkeys(line for line in report.entities.splitlines(keepends=True) if line.strip()))
        try:
            shared = [q.triple for q in ox.parse(b"".join(lines), format=ox.RdfFormat.N_QUADS)] if lines else []
        except SyntaxError as exc:
            raise StoreError(f"{self.uri}: unreadable entity triples in a batch of {len(reports)} reports: {exc}") from None
        headers = {"Content-Type": "text/turtle; charset=utf-8"}
        if shared:
            self._request("POST", self.engine.gsp, self._gsp_params(ENTITY_GRAPH),
                          ox.serialize(shared, format=ox.RdfFormat.N_TRIPLES), headers)
        for iri, body in bodies:
            if body:
                self._request("PUT", self.engine.gsp, self._gsp_params(iri), body, headers)
            else:
                self.remove_graph(iri)

    def remove_graph(self, graph_iri: str) -> None:
        """Drop the named graph ``graph_iri`` by GSP ``DELETE``; a 404 (absent graph) is not an error.

        Raises:
            StoreError: a bad graph IRI, or the server refused the request.
        """
        iri = check_graph_iri(graph_iri)
        self._request("DELETE", self.engine.gsp, self._gsp_params(iri), missing_ok=True)

    def prune_entities(self) -> None:
        """Send :data:`kg.store.base.PRUNE_UPDATE` to the engine's SPARQL 1.1 Update endpoint (one
        ``POST`` of ``application/sparql-update``).

        Raises:
            StoreError: the server refused the update (e.g. Virtuoso without SPARQL_UPDATE granted).
        """
        self._request("POST", self.engine.update, None, PRUNE_UPDATE.encode("utf-8"),
                      {"Content-Type": "application/sparql-update; charset=utf-8"})

    # -- reads ---------------------------------------------------------------------------------

    def query(self, sparql: str) -> QueryResult:
        """Run ``sparql`` on the server by the SPARQL 1.1 Protocol (POST, form-encoded).

        The default graph is the union of all graphs: on Oxigraph through its
        ``union-default-graph`` parameter, on Virtuoso natively (see the module docstring).

        Raises:
            StoreError: not a query form this API returns, the server rejected the query, or it
                signalled a partial ("anytime") result through ``X-SQL-State``.
        """
        form = query_form(sparql)
        fields = {"query": sparql}
        if self.engine.union == "param":
            fields["union-default-graph"] = ""
        accept = (
            "application/sparql-results+json"
            if form in ("SELECT", "ASK")
            else "application/n-triples, text/turtle;q=0.9"
        )
        ctype, data, headers = self._request(
            "POST",
            self.engine.query,
            body=urllib.parse.urlencode(fields).encode("utf-8"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        state = {k.lower(): v for k, v in headers.items()}.get("x-sql-state")
        if state:
            raise StoreError(f"{self.uri}: server returned a partial result (X-SQL-State {state}); raise its limits")
        if form in ("SELECT", "ASK"):
            return self._parse_results(form, data)
        return QueryResult(form, graph=self._parse_graph(ctype, data))

    def _parse_results(self, form: str, data: bytes) -> QueryResult:
        """SPARQL JSON results → :class:`QueryResult`, handling Virtuoso's ASK-as-SELECT answer."""
        try:
            result = QueryResult.from_rdflib(rdflib.query.Result.parse(io.BytesIO(data), format="json"))
        except (ValueError, KeyError, json.JSONDecodeError) as exc:
            raise StoreError(f"{self.uri}: unreadable SPARQL results: {exc}: {data[:200]!r}") from None
        if form == "ASK" and result.type == "SELECT":
            # Virtuoso 7 answers ASK with one binding ?__ASK_RETVAL = 0/1 (or no row).
            value = result.rows[0][0] if result.rows else None
            return QueryResult("ASK", askAnswer=bool(value is not None and value.toPython()))
        return result

    def _parse_graph(self, ctype: str, data: bytes) -> rdflib.Graph:
        """An RDF document (N-Triples or Turtle) → :class:`rdflib.Graph` with canonical literals."""
        graph = rdflib.Graph()
        to_rdflib = self._terms.to_rdflib
        for quad in self._parse_rdf(ctype, data):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), canonical(to_rdflib(quad.object))))
        return graph

    def _parse_rdf(self, ctype: str, data: bytes) -> Iterator[ox.Quad]:
        rdf_format = ox.RdfFormat.from_media_type(ctype) if ctype else None
        if rdf_format is None:
            raise StoreError(f"{self.uri}: server sent {ctype or 'no content type'}, expected N-Triples or Turtle")
        try:
            return iter(list(ox.parse(data, format=rdf_format)))
        except SyntaxError as exc:
            raise StoreError(f"{self.uri}: unreadable {ctype} from server: {exc}") from None

    def _select(self, sparql: str) -> list[tuple]:
        result = self.query(sparql)
        return result.rows

    def _graph_filter(self, var: str = "?g") -> str:
        prefixes = self.engine.system_graphs
        if not prefixes:
            return ""
        tests = " && ".join(f'!STRSTARTS(STR({var}), "{p}")' for p in prefixes)
        return f"FILTER({tests})"

    def report_hash(self, graph_iri: str) -> str | None:
        """The ``kg:contentHash`` value in ``graph_iri`` (smallest if several), or ``None``; one indexed SELECT.

        Raises:
            StoreError: a bad graph IRI or a server error.
        """
        iri = check_graph_iri(graph_iri)
        rows = self._select(
            f"SELECT ?h WHERE {{ GRAPH <{iri}> {{ ?r <{CONTENT_HASH}> ?h }} }} ORDER BY ?h LIMIT 1"
        )
        return str(rows[0][0]) if rows and rows[0][0] is not None else None

    def graphs(self, page: int = 5000) -> list[str]:
        """The IRIs of the non-empty named graphs (engine system graphs left out), sorted.

        Fetched in pages of ``page`` rows (``ORDER BY ?g LIMIT/OFFSET``) so a server-side row cap
        such as Virtuoso's ``ResultSetMaxRows`` (10000 in the stock configuration) cannot truncate it.

        Raises:
            StoreError: a server error.
        """
        names: list[str] = []
        offset = 0
        while True:
            rows = self._select(
                f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }} "
                f"ORDER BY ?g LIMIT {page} OFFSET {offset}"
            )
            names += [str(r[0]) for r in rows if isinstance(r[0], URIRef)]
            if len(rows) < page:
                return sorted(names)
            offset += page

    def __len__(self) -> int:
        """Number of quads in the named graphs (engine system graphs left out); one COUNT query.

        Raises:
            StoreError: a server error.
        """
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }}")
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def _graph_quads(self, graph_iri: str) -> Iterator[ox.Quad]:
        """The triples of one graph by GSP ``GET`` (N-Triples preferred), placed in that graph."""
        ctype, data, _ = self._request(
            "GET", self.engine.gsp, self._gsp_params(graph_iri),
            headers={"Accept": "application/n-triples, text/turtle;q=0.9"}, missing_ok=True,
        )
        if not data:
            return
        name = self._terms.named(graph_iri)
        for quad in self._parse_rdf(ctype, data):
            obj = quad.object
            if isinstance(obj, ox.Literal) and obj.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
                obj = ox.Literal(obj.value)
            yield ox.Quad(quad.subject, quad.predicate, obj, name)

    def dataset(self) -> rdflib.Dataset:
        """A new :class:`rdflib.Dataset` (``default_union=True``) with every graph, one GSP ``GET`` per graph.

        Raises:
            StoreError: a server error.
        """
        ds = rdflib.Dataset(default_union=True)
        to_rdflib = self._terms.to_rdflib
        for name in self.graphs():
            context = ds.graph(URIRef(name))
            context.addN(
                (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), context)
                for q in self._graph_quads(name)
            )
        return ds

    def export(self, path: Path, fmt: str) -> None:
        """Write every graph to ``path`` (``nquads``, ``trig``, ``jsonld``) atomically, one GSP ``GET`` per graph.

        Raises:
            StoreError: unknown format, a server error (the file is then left as it was), or the
                file cannot be written.
        """
        quads = (q for name in self.graphs() for q in self._graph_quads(name))
        write_quads(path, fmt, quads)

    def close(self) -> None:
        """Nothing to release (one HTTP connection per request); present for the :class:`Store` contract."""
