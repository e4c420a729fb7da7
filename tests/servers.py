"""Start SPARQL servers on 127.0.0.1 for the store tests: Oxigraph server and Virtuoso Open Source.

Each server gets a free port and its own temporary directory, and is stopped (SIGTERM, then
SIGKILL after 30 s) at teardown. Binaries:

* ``oxigraph`` — from the PyPI package ``oxigraph`` (the project's ``test`` extra); looked up next to
  the running Python first, then on ``PATH``.
* ``virtuoso-t`` and ``isql-vt`` — from the Debian package ``virtuoso-opensource-7-bin``
  (``.ci/services.sh`` installs it).

When a binary is missing the fixture skips, unless the environment sets ``KG_REQUIRE_SERVERS``
(CI does), in which case it fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REQUIRE_SERVERS = bool(os.environ.get("KG_REQUIRE_SERVERS"))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_binary(name: str) -> str | None:
    """``name`` next to ``sys.executable`` (a venv's ``bin``), else on ``PATH``, else ``None``."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def require_binary(name: str, package: str) -> str:
    """The path of ``name``; skips the test when absent, or fails when ``KG_REQUIRE_SERVERS`` is set."""
    path = find_binary(name)
    if path is None:
        message = f"{name} not found (install {package}; CI runs .ci/services.sh)"
        if REQUIRE_SERVERS:
            pytest.fail(message + " and KG_REQUIRE_SERVERS is set", pytrace=False)
        pytest.skip(message)
    return path


@dataclass
class Server:
    """A running server: ``base`` URL (``http://127.0.0.1:PORT``), the ``store_uri`` for kg, the process."""

    name: str
    base: str
    store_uri: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        """SIGTERM the server, wait up to 30 s, then SIGKILL."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def wait_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    """Poll ``url`` until it answers any HTTP status; raise ``RuntimeError`` with the log if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


def start_oxigraph(workdir: Path, union_flag: bool = False) -> Server:
    """Run ``oxigraph serve --location DIR --bind 127.0.0.1:PORT`` (oxigraph 0.4/0.5 CLI) and wait for it.

    Args:
        workdir: an empty directory for the database and the log.
        union_flag: also pass ``--union-default-graph`` (kg does not need it: it sends the
            equivalent per-query parameter).
    """
    binary = require_binary("oxigraph", "the PyPI package oxigraph (pip install -e '.[test]')")
    last: Exception | None = None
    for _attempt in range(3):  # a free port can be taken between free_port() and bind
        port = free_port()
        log = workdir / f"oxigraph-{port}.log"
        command = [binary, "serve", "--location", str(workdir / "db"), "--bind", f"127.0.0.1:{port}"]
        if union_flag:
            command.append("--union-default-graph")
        with log.open("wb") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_http(base + "/", process, log, timeout=30)
            return Server("oxigraph", base, f"sparql:{base}?engine=oxigraph", process, log)
        except RuntimeError as exc:
            last = exc
            Server("oxigraph", base, "", process, log).stop()
    raise RuntimeError(f"oxigraph server did not start: {last}")


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {d}
CheckpointInterval = 60

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
MaxClientConnections = 5
ServerThreads = 5

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""
"""A minimal ``virtuoso.ini`` (the Debian ``-bin`` package ships none): both ports on 127.0.0.1 only."""


def start_virtuoso(workdir: Path) -> Server:
    """Run ``virtuoso-t +foreground +configfile INI`` with a fresh database, then grant SPARQL_UPDATE.

    The grant (``GRANT SPARQL_UPDATE TO "SPARQL"`` through ``isql-vt`` as ``dba``/``dba``, the
    password of a new database) lets kg write anonymously through ``/sparql-graph-crud``; the
    ``dba`` account is also usable with the ``-auth`` endpoints.
    """
    binary = require_binary("virtuoso-t", "the Debian package virtuoso-opensource-7-bin")
    isql = require_binary("isql-vt", "the Debian package virtuoso-opensource-7-bin")
    last: Exception | None = None
    for attempt in range(3):
        directory = workdir / f"virtuoso-{attempt}"
        directory.mkdir()
        sql_port, http_port = free_port(), free_port()
        ini = directory / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(d=directory, sql_port=sql_port, http_port=http_port))
        log = directory / "stdout.log"
        with log.open("wb") as out:
            process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=directory,
                                       stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{http_port}"
        server = Server("virtuoso", base, f"sparql:{base}?engine=virtuoso", process, log)
        try:
            wait_http(base + "/sparql?query=ASK%7B%7D", process, log, timeout=120)
            grant = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba",
                                    'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                                   capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
            if grant.returncode != 0 or "Error" in grant.stdout + grant.stderr:
                raise RuntimeError(f"isql grant failed: {grant.stdout}{grant.stderr}")
            return server
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            last = exc
            server.stop()
    raise RuntimeError(f"virtuoso did not start: {last}")


_RUNNING: dict[str, Server] = {}
"""One server of each kind per test session, shared by every module that imports the fixtures
(each importing module gets its own copy of a fixture function, hence this cache)."""


def _shared(name: str, start, tmp_path_factory: pytest.TempPathFactory) -> Server:  # noqa: ANN001
    server = _RUNNING.get(name)
    if server is None or server.process.poll() is not None:
        server = _RUNNING[name] = start(tmp_path_factory.mktemp(f"{name}-server"))
    return server


def _stop(name: str) -> None:
    server = _RUNNING.pop(name, None)
    if server is not None:
        server.stop()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A session-wide Oxigraph server (no ``--union-default-graph`` flag)."""
    yield _shared("oxigraph", start_oxigraph, tmp_path_factory)
    _stop("oxigraph")


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A session-wide Virtuoso Open Source 7 server with anonymous SPARQL update granted."""
    yield _shared("virtuoso", start_virtuoso, tmp_path_factory)
    _stop("virtuoso")


#: The four backends a store test can run on (:func:`open_backend`).
BACKENDS = ["memory", "oxigraph", "sparql-oxigraph", "sparql-virtuoso"]


def open_backend(kind: str, tmp_path: Path, request: pytest.FixtureRequest):  # noqa: ANN201 - kg.store.Store
    """A fresh, empty store of ``kind`` (one of :data:`BACKENDS`); a server-backed one is emptied
    first (the server fixtures above start the servers). The caller closes it."""
    from kg.store import open_store

    if kind == "memory":
        return open_store("memory:")
    if kind == "oxigraph":
        return open_store(f"oxigraph:{tmp_path / 'oxi'}")
    server = request.getfixturevalue("oxigraph_server" if kind == "sparql-oxigraph" else "virtuoso_server")
    store = open_store(server.store_uri)
    for graph in store.graphs():
        store.remove_graph(graph)
    return store
