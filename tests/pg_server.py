"""A throwaway PostgreSQL for the tests (the store on both backends, warreader.store.pg), a fresh database per test.

The server: ``initdb`` + ``pg_ctl start`` from the binaries on PATH (``shutil.which("pg_ctl")``),
else Debian's ``/usr/lib/postgresql/<version>/bin``; the tests skip, saying so, only when neither
exists (``.ci/run`` installs Debian's ``postgresql`` package when it can). It listens on
127.0.0.1 only, on a free port, with no Unix socket, fsync off, in a temporary folder removed at
the end of the session. Role ``postgres`` (superuser) logs in without a password; every other
role needs its password (scram-sha-256), so a wrong password is refused as on a real server.

Running as root (CI and these machines run as root): ``postgres`` refuses to run as root, and
pytest-postgresql's ``postgresql_proc`` puts the data folder under pytest's temporary folder,
which only root may enter, so it cannot start the server there. So the server is started here,
by this fixture: when ``os.geteuid() == 0`` the data folder (a ``tempfile.mkdtemp`` folder under
the system temp) is given to an unprivileged user — ``postgres`` if the system has it (Debian's
package creates it), else ``nobody`` — and initdb and pg_ctl run as that user through
``runuser -u USER --`` (``su`` when there is no runuser). Not root: the same commands, as
ourselves. The server is then handed to pytest-postgresql's factories: ``postgresql_noproc``
(the running server) and ``postgresql`` (a database created for each test from a template and
dropped after it, its connections ended first).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

try:
    from pytest_postgresql import factories
except ImportError:  # the test extra is not installed: every test here skips (see pg_server)
    factories = None  # type: ignore[assignment]


def find_bin() -> Path | None:
    """The folder of pg_ctl, initdb and postgres: PATH first, then Debian's versioned folders."""
    found = shutil.which("pg_ctl")
    if found:
        folder = Path(found).resolve().parent
        if (folder / "initdb").exists():
            return folder
    for pg_ctl in sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version, reverse=True):
        return Path(pg_ctl).parent
    return None


def _version(path: str) -> int:
    with contextlib.suppress(ValueError, IndexError):
        return int(path.split("/")[4])
    return 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT = free_port()
DBNAME = "warreader_test"


@dataclass
class Server:
    host: str
    port: int
    superuser: str
    bin: Path

    def url(self, dbname: str, user: str | None = None, password: str | None = None) -> str:
        auth = user or self.superuser
        if password is not None:
            auth += ":" + password
        return f"postgresql://{auth}@{self.host}:{self.port}/{dbname}"


def _unprivileged() -> str:
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("running as root and there is no 'postgres' or 'nobody' user to run PostgreSQL as")


def _as_user(user: str | None, command: list[str]) -> list[str]:
    if user is None:
        return command
    if shutil.which("runuser"):
        return ["runuser", "-u", user, "--", *command]
    import shlex

    return ["su", user, "-s", "/bin/sh", "-c", shlex.join(command)]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    if factories is None:
        pytest.skip("pytest-postgresql is not installed (pip install -e '.[test]')")
    folder = find_bin()
    if folder is None:
        pytest.skip(
            "no PostgreSQL binaries (pg_ctl, initdb) on PATH or in /usr/lib/postgresql/*/bin: "
            "install Debian's postgresql package (.ci/run does when it runs as root)"
        )
    user = _unprivileged() if os.geteuid() == 0 else None
    base = Path(tempfile.mkdtemp(prefix="warreader-pg-"))
    data, log = base / "data", base / "server.log"
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    locale = ["--locale=C.UTF-8"] if _has_c_utf8() else []
    env = {**os.environ, "LC_ALL": "C.UTF-8" if locale else "C", "PGTZ": "UTC"}

    def run(command: list[str]) -> None:
        done = subprocess.run(_as_user(user, command), cwd=base, env=env, capture_output=True, text=True)
        if done.returncode:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}{tail}")

    run([str(folder / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8", "--auth=trust", *locale])
    (data / "pg_hba.conf").write_text(
        "host all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n", encoding="utf-8"
    )
    options = (
        f"-p {PORT} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
    )
    pg_ctl = str(folder / "pg_ctl")
    run([pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options, "start"])
    try:
        yield Server("127.0.0.1", PORT, "postgres", folder)
    finally:
        with contextlib.suppress(RuntimeError):
            run([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(base, ignore_errors=True)


def _has_c_utf8() -> bool:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout
        return any(n.lower().replace("-", "") == "c.utf8" for n in names.split())
    return False


if factories is not None:
    pg_noproc = factories.postgresql_noproc(host="127.0.0.1", port=PORT, user="postgres", dbname=DBNAME)
    pg_connection = factories.postgresql("pg_noproc")


@pytest.fixture
def pg_url(pg_server: Server, request: pytest.FixtureRequest) -> str:
    """The URL of an empty database made for this test (pytest-postgresql drops it after)."""
    request.getfixturevalue("pg_connection")
    return pg_server.url(DBNAME)


class Proxy:
    """A TCP relay on 127.0.0.1 in front of the server: ``stop()`` closes its port and cuts every
    connection (the server went away), ``start()`` opens the same port again (it is back)."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):  # wakes the accept() of the relay's thread
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@pytest.fixture
def closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on (a connection to it is refused)."""
    return free_port()


@pytest.fixture
def proxy(pg_server: Server) -> Iterator[Proxy]:
    relay = Proxy(pg_server.port)
    relay.start()
    yield relay
    relay.stop()


@pytest.fixture
def psql(pg_server: Server, pg_url: str) -> Callable[..., list[tuple[Any, ...]]]:
    """Run SQL on the test database as the superuser (autocommit); the rows it returns."""
    import psycopg

    def run(query: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            cursor = conn.execute(query, params or None)
            return cursor.fetchall() if cursor.description else []

    return run


@dataclass(frozen=True)
class Backend:
    """Where a test's index is: ``sqlite`` (a file in the cache folder) or ``postgresql`` (a fresh
    database of the throwaway server)."""

    name: str
    location: Any = None

    def open(self, paths: Sequence[str | os.PathLike[str]], *, rebuild: bool = False) -> Any:
        """The corpus's index, as ``warreader index`` (or ``--db``) opens it."""
        from warreader.store.index import Index

        if self.location is None:
            return Index.for_paths(paths, rebuild=rebuild)
        from warreader.store.pg.index import PgIndex

        return PgIndex(self.location, rebuild=rebuild)

    def load(self, paths: Sequence[str | os.PathLike[str]], **options: Any) -> Any:
        """:func:`warreader.library.load_library` on this backend."""
        from warreader.library import load_library

        return load_library(paths, location=self.location, **options)
