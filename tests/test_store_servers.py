"""The ``sparql:`` store against real servers: engine detection, Virtuoso's system graphs and
authentication, HTTP errors, and a client dying in the middle of a Graph Store PUT."""

from __future__ import annotations

import socket
import time
import urllib.parse

import pytest
from rdflib import Literal, URIRef

from kg.store import SparqlStore, StoreError, open_store
from kg.store.base import CONTENT_HASH
from servers import Server, oxigraph_server, virtuoso_server  # noqa: F401 - session fixtures

G = "http://example.org/graph/servers"


def version(n: int, size: int = 200) -> list[tuple]:
    triples = [(URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(f"Xã {i} bản {n}", lang="vi"))
               for i in range(size - 1)]
    return triples + [(URIRef("http://example.org/report"), CONTENT_HASH, Literal(f"sha256:v{n}"))]


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    return request.getfixturevalue(f"{request.param}_server")


def test_engine_is_detected_from_the_server_header(server: Server) -> None:
    store = open_store(f"sparql:{server.base}")
    assert isinstance(store, SparqlStore)
    assert store.engine.name == server.name
    store.put_graph(G, version(1, size=3))
    assert store.report_hash(G) == "sha256:v1"
    store.remove_graph(G)


def test_virtuoso_system_graphs_are_hidden(virtuoso_server: Server) -> None:
    store = open_store(virtuoso_server.store_uri)
    for graph in store.graphs():
        store.remove_graph(graph)
    # The server itself keeps triples in graphs such as virtrdf#, but the store shows none of them.
    everything = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
    assert int(everything) > 1000
    assert store.graphs() == []
    assert len(store) == 0


def test_virtuoso_with_credentials_uses_the_auth_endpoints(virtuoso_server: Server) -> None:
    authed = virtuoso_server.base.replace("http://", "http://dba:dba@")
    store = open_store(f"sparql:{authed}?engine=virtuoso")
    assert store.engine.gsp == "/sparql-graph-crud-auth"
    store.put_graph(G, version(2, size=5))
    assert store.report_hash(G) == "sha256:v2"
    assert store.query(f"ASK {{ GRAPH <{G}> {{ ?s ?p ?o }} }}").askAnswer is True
    store.remove_graph(G)
    wrong = open_store(f"sparql:{virtuoso_server.base.replace('http://', 'http://dba:wrong@')}?engine=virtuoso")
    with pytest.raises(StoreError, match="HTTP 401"):
        wrong.put_graph(G, version(3, size=5))


def test_server_errors_carry_status_and_message(server: Server) -> None:
    store = open_store(server.store_uri)
    with pytest.raises(StoreError, match=r"POST .* failed: HTTP 400"):
        store.query("SELECT ?s WHERE { ?s ?p }")
    wrong_path = open_store(f"sparql:{server.base}?engine={server.name}&gsp=/no-such-endpoint")
    with pytest.raises(StoreError, match=r"PUT .*/no-such-endpoint\?graph=.* failed: HTTP (404|501)"):  # Virtuoso: 501
        wrong_path.put_graph(G, version(1, size=3))


def test_client_dying_mid_put_leaves_the_old_graph(server: Server) -> None:
    store = open_store(server.store_uri)
    store.put_graph(G, version(1))
    body = "".join(
        f'<http://example.org/s{i}> <http://example.org/p> "Xã {i} bản 2"@vi .\n' for i in range(2000)
    ).encode("utf-8")
    url = urllib.parse.urlsplit(server.base)
    path = f"{store.engine.gsp}?graph={urllib.parse.quote(G, safe='')}"
    head = (f"PUT {path} HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: text/turtle; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode("ascii")
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(head + body[: len(body) // 2])  # then the "client" dies: the socket closes
    time.sleep(1.0)
    assert store.report_hash(G) == "sha256:v1"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"
    assert int(store.query(count).rows[0][0]) == 200
    rows = store.query(f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}> {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "bản 2")) }} }}').rows
    assert int(rows[0][0]) == 0
    store.remove_graph(G)


def test_graphs_are_listed_in_pages(server: Server) -> None:
    store = open_store(server.store_uri)
    for graph in store.graphs():
        store.remove_graph(graph)
    names = [f"{G}/{i}" for i in range(5)]
    for name in names:
        store.put_graph(name, version(1, size=2))
    assert store.graphs(page=2) == sorted(names)
    assert store.graphs(page=5) == sorted(names)
    for name in names:
        store.remove_graph(name)
