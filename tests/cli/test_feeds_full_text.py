"""``full_text = true``: a summary-only feed's pages are fetched politely and their articles extracted.

Every server here is an http.server on 127.0.0.1 (port 0) started by the test.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from warreader.cli import main


def article(number: int) -> str:
    """A page with a header, a menu and an article of made-up sentences (number ``number``)."""
    body = "".join(
        f"<p>Report {number}, paragraph {p}: the town council of Sample{number} met on Tuesday to count "
        f"the repaired roofs, and {p * 7 + number} households were told the water would come back by Friday.</p>"
        for p in range(1, 7)
    )
    return (
        f"<html><head><title>Report {number}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/about'>About</a> <a href='/contact'>Contact</a></nav>"
        f"<article><h1>Report {number}</h1>{body}</article>"
        "<footer>Copyright the sample site. All rights reserved.</footer></body></html>"
    )


class Site:
    """A loopback site: a summary-only feed, its pages, robots.txt, a log of every request."""

    def __init__(self, robots: str = "User-agent: *\nDisallow: /private/\n", hang: float = 0.0) -> None:
        self.robots, self.hang = robots, hang
        self.log: list[tuple[str, float, float]] = []
        self.active = self.most_active = 0
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with site.lock:
                    site.active += 1
                    site.most_active = max(site.most_active, site.active)
                start = time.monotonic()
                try:
                    site.answer(self)
                finally:
                    with site.lock:
                        site.active -= 1
                        site.log.append((self.path, start, time.monotonic()))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def feed(self) -> str:
        items = "".join(
            f"<item><title>Report {n}</title><link>{self.base}{path}</link><guid>{self.base}{path}</guid>"
            f"<description>Summary {n} only.</description></item>"
            for n, path in enumerate(["/news/1", "/news/2", "/private/3", "/slow/4"], 1)
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Sample site</title>{items}</channel></rss>'

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        if path == "/feed.xml":
            self.send(handler, 200, self.feed(), "application/rss+xml")
        elif path == "/robots.txt":
            self.send(handler, 200, self.robots, "text/plain")
        elif path.startswith("/slow/") and self.hang:
            time.sleep(self.hang)
            self.send(handler, 200, article(9), "text/html")
        elif path.startswith(("/news/", "/private/", "/slow/")):
            self.send(handler, 200, article(int(path.rsplit("/", 1)[1])), "text/html")
        else:
            self.send(handler, 404, "not here", "text/plain")

    @staticmethod
    def send(handler: BaseHTTPRequestHandler, status: int, text: str, kind: str) -> None:
        data = text.encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", f"{kind}; charset=utf-8")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:  # the client gave up (the hanging page)
            pass

    def requested(self, path: str) -> int:
        return sum(1 for logged, _, _ in self.log if logged == path)


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WARREADER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WARREADER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


@pytest.fixture
def site() -> Iterator[Site]:
    running = Site()
    yield running
    running.server.shutdown()


def follow(folders: Path, url: str, full_text: bool = True) -> None:
    (folders / "data").mkdir(exist_ok=True)
    (folders / "data" / "feeds.toml").write_text(
        f'[[feed]]\nurl = "{url}"\nfull_text = {"true" if full_text else "false"}\n', encoding="utf-8"
    )


def stored(folders: Path) -> dict[str, str]:
    """Stored articles: link → text."""
    return {
        record["url"]: record["text"]
        for path in (folders / "data" / "articles").rglob("*.json")
        for record in [json.loads(path.read_text(encoding="utf-8"))]
    }


def test_summary_only_feed_gets_its_pages_politely(
    site: Site, folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    follow(folders, f"{site.base}/feed.xml")
    started = time.monotonic()
    assert main(["feeds", "fetch", "--delay", "0.3", "--timeout", "5"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == f"{site.base}/feed.xml: 4 new (3 with full text), 0 already stored"
    texts = stored(folders)
    for number in (1, 2, 4):
        text = texts[f"{site.base}/{'slow' if number == 4 else 'news'}/{number}"]
        assert f"Report {number}, paragraph 1: the town council of Sample{number}" in text
        assert f"Report {number}, paragraph 6:" in text
        assert "Contact" not in text and "All rights reserved" not in text
    # robots.txt disallows /private/: never requested, the summary kept, one line naming it.
    assert site.requested("/private/3") == 0
    assert texts[f"{site.base}/private/3"] == "Summary 3 only."
    assert err.splitlines() == [
        f"warreader: feeds: {site.base}/feed.xml: full text of {site.base}/private/3: "
        "robots.txt of the site does not allow fetching it (the summary is kept)"
    ]
    # One request at a time to the host, 0.3 s apart (robots.txt and the pages).
    assert site.most_active == 1
    page_log = [entry for entry in site.log if entry[0] != "/feed.xml"]
    assert [path for path, _, _ in page_log] == ["/robots.txt", "/news/1", "/news/2", "/slow/4"]
    gaps = [later[1] - earlier[2] for earlier, later in itertools.pairwise(page_log)]
    assert min(gaps) >= 0.28, gaps
    assert time.monotonic() - started >= 0.9


def test_a_page_is_fetched_once(site: Site, folders: Path, capsys: pytest.CaptureFixture[str]) -> None:
    follow(folders, f"{site.base}/feed.xml")
    assert main(["feeds", "fetch", "--delay", "0"]) == 0
    first = stored(folders)
    # The stored articles and fetch state go (as if the feed were followed anew): pages come from the cache.
    import shutil

    shutil.rmtree(folders / "data" / "articles")
    (folders / "data" / "feeds-state.json").unlink()
    capsys.readouterr()
    assert main(["feeds", "fetch", "--delay", "0"]) == 0
    assert capsys.readouterr().out.strip().endswith("4 new (3 with full text), 0 already stored")
    assert stored(folders) == first
    for path in ("/news/1", "/news/2", "/slow/4"):
        assert site.requested(path) == 1, path
    assert site.requested("/feed.xml") == 2
    assert len(list((folders / "cache" / "pages").rglob("*.json"))) == 3


def test_a_hanging_page_times_out_and_the_rest_arrive(
    folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slow = Site(hang=30)
    try:
        follow(folders, f"{slow.base}/feed.xml")
        started = time.monotonic()
        assert main(["feeds", "fetch", "--delay", "0", "--timeout", "1.5"]) == 0
        took = time.monotonic() - started
        out, err = capsys.readouterr()
    finally:
        slow.server.shutdown()
    assert took < 10
    assert out.strip() == f"{slow.base}/feed.xml: 4 new (2 with full text), 0 already stored"
    texts = stored(folders)
    assert "paragraph 3" in texts[f"{slow.base}/news/1"] and "paragraph 3" in texts[f"{slow.base}/news/2"]
    assert texts[f"{slow.base}/slow/4"] == "Summary 4 only."
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith(
        f"warreader: feeds: {slow.base}/feed.xml: full text of {slow.base}/slow/4: timed out"
    )
    assert lines[1].endswith("(the summary is kept)")


def test_feeds_without_full_text_fetch_no_page(site: Site, folders: Path) -> None:
    follow(folders, f"{site.base}/feed.xml", full_text=False)
    assert main(["feeds", "fetch"]) == 0
    assert [path for path, _, _ in site.log] == ["/feed.xml"]
    assert stored(folders)[f"{site.base}/news/1"] == "Summary 1 only."


def test_robots_txt_that_disallows_everything_fetches_no_page(
    folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = Site(robots="User-agent: warreader\nDisallow: /\n")
    try:
        follow(folders, f"{closed.base}/feed.xml")
        assert main(["feeds", "fetch", "--delay", "0"]) == 0
    finally:
        closed.server.shutdown()
    assert [path for path, _, _ in closed.log] == ["/feed.xml", "/robots.txt"]
    assert capsys.readouterr().out.strip().endswith("4 new (0 with full text), 0 already stored")


@pytest.mark.parametrize(
    ("status", "fetched"),
    [(404, True), (410, True), (403, False), (503, False)],
)
def test_robots_txt_missing_allows_refused_or_failing_forbids(
    status: int, fetched: bool, tmp_path: Path
) -> None:
    from warreader.corpus.fulltext import FullText

    class NoRobots(Site):
        def answer(self, handler: BaseHTTPRequestHandler) -> None:
            if handler.path == "/robots.txt":
                self.send(handler, status, "no", "text/plain")
            else:
                super().answer(handler)

    server = NoRobots()
    try:
        pages = FullText(tmp_path / "pages", delay=0).fetch_pages([f"{server.base}/news/1"])
    finally:
        server.server.shutdown()
    page = pages[f"{server.base}/news/1"]
    assert bool(page.text) is fetched
    assert server.requested("/news/1") == (1 if fetched else 0)
    if not fetched:
        assert page.error.startswith(f"robots.txt of the site is refused (the server answered HTTP {status}")
