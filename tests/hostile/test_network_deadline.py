"""One deadline per request, headers included: hostile loopback servers that drip or hang.

The servers listen on 127.0.0.1 only, and are bounded: every connection is dropped after
``LIFETIME`` seconds and the server stops when its test ends.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from warreader.cli import main
from warreader.corpus import fetch as fetching
from warreader.corpus.fetch import FetchError, fetch

LIFETIME = 8.0
"""Seconds a hostile connection lasts at most (the old code hung this long: the tests' bound is far below)."""
DRIP = 0.3
"""Seconds between two bytes of a dripped answer (shorter than any read timeout used here)."""
FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Loopback Wire</title>'
    b"<item><title>Kharkiv</title><guid>k1</guid><description>Oleh Syniehubov said Kharkiv was hit."
    b"</description></item></channel></rss>"
)


class Hostile:
    """``/slow-headers``: the status line and headers, one byte every :data:`DRIP` s, never finished;
    ``/hang``: accepts and says nothing; ``/slow-body``: headers at once, then a byte per drip;
    anything else: a small RSS feed."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, route: str) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}{route}"

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.listener.close()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        ends = time.monotonic() + LIFETIME
        with conn:
            conn.settimeout(1.0)
            try:
                request = b""
                while b"\r\n\r\n" not in request and len(request) < 65536:
                    request += conn.recv(4096) or b"\r\n\r\n"
                path = request.split(b" ", 2)[1].decode() if request.count(b" ") >= 2 else "/"
                if path == "/hang":
                    self.stop.wait(max(0.0, ends - time.monotonic()))
                elif path in ("/slow-headers", "/slow-body"):
                    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                    if path == "/slow-headers":
                        drip = head + b"X-Padding: " + b"a" * 4000 + b"\r\n\r\n"
                    else:
                        conn.sendall(head + b"Content-Length: 100000\r\n\r\n")
                        drip = b" " * 100000
                    for byte in drip:
                        if self.stop.wait(DRIP) or time.monotonic() > ends:
                            return
                        conn.sendall(bytes([byte]))
                else:
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n"
                        + f"Content-Length: {len(FEED)}\r\n\r\n".encode()
                        + FEED
                    )
            except OSError:
                return


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    server = Hostile()
    try:
        yield server
    finally:
        server.close()


def _fetch_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "warreader-fetch"]


@pytest.mark.parametrize(
    ("route", "why"),
    [
        ("/slow-headers", "no answer from the server"),
        ("/hang", "no answer from the server"),
        ("/slow-body", "the server sends too slowly"),
    ],
)
def test_a_request_ends_at_its_deadline_with_one_clear_line(hostile: Hostile, route: str, why: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as failure:
        fetch(hostile.url(route), timeout=1.5)
    took = time.monotonic() - started
    assert str(failure.value) == f"timed out after 1.5 s ({why})"
    assert 1.4 <= took < 2.5, f"{route}: gave up after {took:.2f} s, deadline 1.5 s"
    # The abandoned request does not linger: its thread ends within a moment of the deadline.
    for _ in range(40):
        if not _fetch_threads():
            break
        time.sleep(0.05)
    assert not _fetch_threads()


def test_a_cancelled_request_returns_at_once(hostile: Hostile) -> None:
    asked = time.monotonic() + 0.3
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^cancelled$"):
        fetch(hostile.url("/slow-headers"), timeout=30, cancelled=lambda: time.monotonic() > asked)
    assert time.monotonic() - started < 0.3 + 0.5


def test_read_timeout_is_capped_by_the_deadline_and_a_good_answer_still_works(hostile: Hostile) -> None:
    got = fetch(hostile.url("/feed.xml"), timeout=2)
    assert got.status == 200 and got.content == FEED


def test_check_on_a_slow_header_url_gives_up_with_one_line(
    hostile: Hostile, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetching, "TIMEOUT", 1.5)
    started = time.monotonic()
    code = main(["check", hostile.url("/slow-headers")])
    took = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 1 and took < 2.5
    assert out.splitlines() == [
        f"{hostile.url('/slow-headers')}: timed out after 1.5 s (no answer from the server)"
    ]
    assert err.strip() == "0 articles read, 1 problems"


def test_feeds_fetch_past_a_slow_header_feed_still_fetches_the_others(
    hostile: Hostile, capsys: pytest.CaptureFixture[str]
) -> None:
    slow, good = hostile.url("/slow-headers"), hostile.url("/feed.xml")
    for url in (slow, good):
        assert main(["feeds", "add", url]) == 0
    capsys.readouterr()
    started = time.monotonic()
    code = main(["feeds", "fetch", "--timeout", "1.5"])
    took = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 1 and took < 3.5, f"took {took:.2f} s"
    assert err.strip() == f"warreader: feeds: {slow}: timed out after 1.5 s (no answer from the server)"
    assert f"{good}: 1 new, 0 already stored" in out
