"""r fetches every feed from inside the app (issue 16.5): a progress bar, a hanging server holds up
only its own feed and is named, and the new articles join the list without a restart."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from ui_helpers import SIZE, RecordingApp

from warreader.corpus.feedstore import Feed, articles_dir, save_feeds
from warreader.store.state import StateStore

FEEDS = 20


class Site:
    """19 feeds of two items each on loopback, and one that never answers."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                if self.path == "/hang":
                    site.stop.wait(60)
                    return
                number = int(self.path.rsplit("/", 1)[-1])
                items = "".join(
                    f"<item><title>Report {number}.{n}</title><link>http://example.org/{number}/{n}</link>"
                    f"<guid>urn:feed:{number}:{n}</guid><pubDate>Mon, 07 Dec 2026 08:00:00 GMT</pubDate>"
                    f"<description>Shelling near Kharkiv, report {number}.{n}, officials said.</description></item>"
                    for n in (1, 2)
                )
                body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {number}</title>{items}</channel></rss>'
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("WARREADER_DATA_DIR", str(tmp_path / "data"))
    served = Site()
    yield served
    served.close()


async def test_r_fetches_the_feeds_names_the_hanging_one_and_lists_the_new_articles(site: Site) -> None:
    feeds = [Feed(f"{site.base}/feed/{n}", f"Feed {n}") for n in range(1, FEEDS)] + [
        Feed(f"{site.base}/hang")
    ]
    save_feeds(feeds)
    folder = articles_dir()
    folder.mkdir(parents=True, exist_ok=True)
    app = RecordingApp(paths=[str(folder)], state=StateStore.memory())
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.monotonic() + 60
        while "article" not in app.sub_title and time.monotonic() < deadline:  # the (empty) corpus is up
            await pilot.pause(0.1)
        app.feed_refresh.timeout = 2.0
        started = time.monotonic()
        await pilot.press("r")
        await pilot.pause(0.3)
        assert app.reading.query("#feeds-progress"), "no progress bar"
        while time.monotonic() < deadline:
            await pilot.pause(0.1)
            if app.library is not None and len(app.library.articles) == 2 * (FEEDS - 1):
                break
        assert app.library is not None and len(app.library.articles) == 2 * (FEEDS - 1)
        assert time.monotonic() - started < 30  # the hanging feed held up only itself
        messages = [str(n.message) for n in app._notifications]
        assert any(f"{site.base}/hang" in m and "failed" in m for m in messages), messages
        assert any("20 feeds fetched, 38 new articles; 1 failed" in m for m in messages), messages
        assert app.is_running


async def test_r_hands_the_new_files_to_the_index_without_walking_the_corpus(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warreader.corpus.discover import discover
    from warreader.ingest import sync as sync_module

    save_feeds([Feed(f"{site.base}/feed/{n}", f"Feed {n}") for n in range(1, 4)])
    folder = articles_dir()
    (folder / "zz-notes").mkdir(parents=True, exist_ok=True)
    (folder / "zz-notes" / "kept.txt").write_text("Kept\n\nShelling near Kharkiv, officials said.", "utf-8")
    app = RecordingApp(paths=[str(folder)], state=StateStore.memory())
    walks: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.monotonic() + 60
        while (app.library is None or len(app.library.articles) != 1) and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert app.library is not None and len(app.library.articles) == 1
        walk = sync_module.scan
        monkeypatch.setattr(sync_module, "scan", lambda *a, **k: walks.append(a) or walk(*a, **k))
        await pilot.press("r")
        while time.monotonic() < deadline:
            await pilot.pause(0.1)
            if len(app.library.articles) == 7:
                break
        assert len(app.library.articles) == 7
        assert walks == []  # the six new files were handed over: no walk of the corpus
        # ... and stand where a walk puts them: the feeds' folders, then zz-notes
        assert [a.path for a in app.library.articles] == [str(p) for p in discover([folder], [])]
