"""Hostile-input fixtures: a tally of inputs tried, a local feed server with misbehaving routes, snapshots.

Everything is built on the fly in tmp_path; the only network is a server on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import random
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Front Line \x1b]0;pwned\x07Wire</title><link>https://frontline.example/</link>
<item><title>Governor Haidai: &lt;b&gt;Kupiansk&lt;/b&gt; shelled</title><link>https://frontline.example/a1</link>
<guid>a1</guid><pubDate>Thu, 06 Oct 2022 23:30:00 +0300</pubDate>
<description>&lt;p&gt;Governor Serhiy Haidai said Russian forces shelled Kupiansk overnight.&lt;/p&gt;</description></item>
<item><title>Kharkiv update [bold red]markup[/]</title><link>https://frontline.example/a2</link><guid>a2</guid>
<pubDate>not a date at all</pubDate><description>Oleh Syniehubov said Kharkiv was hit again.</description></item>
</channel></rss>
""".replace("\x1b", "&#27;").replace("\x07", "&#7;")


@dataclass
class Tally:
    """What the hostile suite tried: printed at the end of the run (the closing note's numbers)."""

    inputs: int = 0
    crashes: int = 0
    lost: int = 0
    kinds: dict[str, int] = field(default_factory=dict)

    def tried(self, kind: str, count: int = 1) -> None:
        self.inputs += count
        self.kinds[kind] = self.kinds.get(kind, 0) + count

    def guard(self, kind: str, action: Callable[[], Any], expected: tuple[type[Exception], ...] = ()) -> Any:
        """Run ``action`` on one hostile input; an exception other than the ``expected`` error
        it reports by is a crash (counted, then re-raised)."""
        self.tried(kind)
        try:
            return action()
        except expected:
            raise
        except Exception:
            self.crashes += 1
            raise


TALLY = Tally()


@pytest.fixture(scope="session")
def tally() -> Tally:
    return TALLY


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if TALLY.inputs:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(TALLY.kinds.items()))
        terminalreporter.write_line(
            f"hostile inputs tried: {TALLY.inputs}, crashes: {TALLY.crashes}, user data lost: {TALLY.lost}"
        )
        terminalreporter.write_line(f"  by kind: {kinds}")


def snapshot(folder: Path) -> dict[str, str]:
    """Content hash of every regular file under ``folder`` (symlinks not followed), except the
    feeds' fetch state, a cache of HTTP validators rather than user data."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.name != "feeds-state.json":
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def snap() -> Callable[[Path], dict[str, str]]:
    return snapshot


@pytest.fixture
def keep(tally: Tally) -> Callable[[dict[str, str], dict[str, str]], None]:
    """Check that every file of a snapshot is still there unchanged (new files are fine); count losses."""

    def check(before: dict[str, str], after: dict[str, str]) -> None:
        lost = [name for name, digest in before.items() if after.get(name) != digest]
        tally.lost += len(lost)
        assert not lost, f"user data lost or changed: {lost}"

    return check


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A private data folder, and no proxy between the tests and 127.0.0.1."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    data = tmp_path / "data"
    monkeypatch.setenv("WARREADER_DATA_DIR", str(data))
    return data


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    stop = threading.Event()

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # resets and hangs are the point here


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        route = getattr(self, "route_" + self.path.strip("/").replace(".", "_").replace("-", "_"), None)
        if route is None:
            self._send(404, b"not here")
        else:
            route()

    def route_feed_xml(self) -> None:
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.send_header("ETag", '"v1"')
            self.end_headers()
            return
        self._send(200, FEED.encode(), {"Content-Type": "application/rss+xml", "ETag": '"v1"'})

    def route_page_html(self) -> None:
        page = (
            "<html><head><title>Kupiansk under fire</title>"
            '<meta property="og:site_name" content="Field Notes">'
            '<meta property="article:published_time" content="2022-10-06"></head>'
            "<body><article><p>Governor Serhiy Haidai said Kupiansk was shelled.</p></article></body></html>"
        )
        self._send(200, page.encode(), {"Content-Type": "text/html"})

    def route_hang(self) -> None:
        self.server.stop.wait(10)  # bounded: the server stops by itself

    def route_hang_body(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<rss>")
        self.wfile.flush()
        self.server.stop.wait(10)

    def route_drip(self) -> None:
        self.send_response(200)
        self.end_headers()
        for _ in range(100):
            if self.server.stop.wait(0.1):
                return
            self.wfile.write(b" ")
            self.wfile.flush()

    def route_reset(self) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def route_garbage(self) -> None:
        self._send(200, random.Random(5).randbytes(50_000), {"Content-Type": "application/rss+xml"})

    def route_not_a_feed(self) -> None:
        self._send(200, b"<html><body><p>Just a page</p></body></html>", {"Content-Type": "text/html"})

    def route_dev_zero(self) -> None:
        self._send(200, b"/dev/zero")

    def route_huge_declared(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(10**12))
        self.end_headers()

    def route_huge_streamed(self) -> None:
        self.send_response(200)
        self.end_headers()  # no length: read until closed
        chunk = b"<item>" * 10_000
        for _ in range(50):  # 3 MB
            try:
                self.wfile.write(chunk)
            except OSError:
                return

    def route_error(self) -> None:
        self._send(500, b"\x1b[2J boom")

    def route_redirect_loop(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/redirect-loop")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_gzip_bomb(self) -> None:
        self._send(200, b"\x1f\x8b\x08\x00garbage-not-gzip", {"Content-Encoding": "gzip"})


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """Base URL of a local feed server (127.0.0.1, a free port); its slow routes stop within 10 s."""
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.stop.set()
        httpd.shutdown()
        httpd.server_close()
        time.sleep(0.05)
