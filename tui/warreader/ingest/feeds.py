"""Fetching the feed list into article files: the one path ``warreader feeds fetch`` and the app's
``r`` share.

Each feed is fetched with its validators (ETag, Last-Modified), parsed, its new items stored as
article files (with the linked page's text for ``full_text = true`` feeds) and the feed's state
saved, one feed at a time or several side by side (``workers``). A feed that fails (timeout,
reset, HTTP error, not a feed) is one result and the others go on; stored articles are never lost.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warreader.corpus.sanitize import clean_line

if TYPE_CHECKING:
    from warreader.corpus.feedfile import FeedItem
    from warreader.corpus.feedstore import Feed
    from warreader.corpus.fulltext import FullText


@dataclass(frozen=True, slots=True)
class FeedResult:
    """How fetching one feed went."""

    url: str
    result: str
    """"3 new, 10 already stored", "not modified" or "failed: <why>"."""
    new: int = 0
    paths: tuple[str, ...] = ()
    """The files its new items were stored in (the index is told of them: no walk of the corpus)."""

    @property
    def failed(self) -> bool:
        return self.result.startswith("failed")


def pages_fetcher(timeout: float, max_bytes: int, delay: float) -> FullText:
    """The polite page fetcher of full-text feeds, with its cache in the cache folder."""
    from warreader.corpus.fulltext import FullText
    from warreader.store.files import cache_dir

    return FullText(cache_dir() / "pages", delay=delay, timeout=timeout, max_bytes=max_bytes)


def full_text(feed: Feed, items: list[FeedItem], pages: FullText, warn: Callable[[str], None]) -> str:
    """Give the feed's new items the text of their pages; a page that cannot be had is one line
    (its item keeps the summary). Returns what to add to the feed's result ("" for nothing new)."""
    from warreader.corpus.feedstore import new_items

    wanted = new_items(feed, items)
    if not wanted:
        return ""
    found = pages.fetch_pages(item.url for item in wanted)
    extracted = 0
    for item in wanted:
        page = found.get(item.url)
        if page is None or not page.text:
            why = page.error if page is not None else "no link"
            warn(f"feeds: {feed.url}: full text of {item.url or item.title}: {why} (the summary is kept)")
            continue
        item.text, extracted = page.text, extracted + 1
    return f" ({extracted} with full text)"


def _fetch_one(
    feed: Feed,
    info: dict[str, Any],
    *,
    timeout: float,
    max_bytes: int,
    pages: FullText | None,
    warn: Callable[[str], None],
) -> FeedResult:
    from warreader.corpus.feedfile import NotAFeed, parse_feed
    from warreader.corpus.feedstore import item_path, new_items, store_items
    from warreader.corpus.fetch import FetchError, fetch

    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    info["checked"] = now
    paths: tuple[str, ...] = ()
    try:
        got = fetch(
            feed.url,
            etag=str(info.get("etag") or ""),
            modified=str(info.get("modified") or ""),
            timeout=timeout,
            max_bytes=max_bytes,
        )
        if got.not_modified:
            result, new = "not modified", 0
        else:
            notes: list[str] = []
            source, items = parse_feed(got.content, got.charset, notes)
            for note in notes:
                warn(f"feeds: {feed.url}: {note}")
            if not feed.name and source:
                feed.name = clean_line(source)[:80]
            full = full_text(feed, items, pages, warn) if feed.full_text and pages else ""
            fresh = [str(item_path(feed, item)) for item in new_items(feed, items)]
            new, known = store_items(feed, items, now)
            paths = tuple(path for path in fresh if os.path.exists(path))
            # Validators are kept only once the items are stored: a failed store is fetched again.
            info["etag"], info["modified"] = got.etag, got.modified
            result = f"{new} new{full}, {known} already stored"
    except (FetchError, NotAFeed) as error:
        result, new = f"failed: {error}", 0
    info["result"] = result
    return FeedResult(feed.url, result, new, paths)


def refresh(
    feeds: Sequence[Feed],
    *,
    timeout: float = 20.0,
    max_bytes: int = 10_000_000,
    delay: float = 1.0,
    workers: int = 1,
    warn: Callable[[str], None] = lambda _: None,
    done: Callable[[FeedResult, int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[FeedResult]:
    """Fetch ``feeds`` and store their new items; ``done(result, finished, total)`` after each.

    ``workers`` > 1 fetches that many side by side (a hanging server then holds up only its own
    feed); results come in the order feeds finish. The feeds' state is saved after each one."""
    from warreader.corpus.feedstore import load_state, save_state

    state = load_state()
    lock = threading.Lock()
    pages = pages_fetcher(timeout, max_bytes, delay) if any(feed.full_text for feed in feeds) else None
    results: list[FeedResult] = []

    def finish(result: FeedResult, info: dict[str, Any]) -> None:
        with lock:
            state[result.url] = info
            save_state(state)
        results.append(result)
        if done is not None:
            done(result, len(results), len(feeds))

    if workers <= 1:
        for feed in feeds:
            if cancelled():
                break
            info = state.setdefault(feed.url, {})
            result = _fetch_one(feed, info, timeout=timeout, max_bytes=max_bytes, pages=pages, warn=warn)
            finish(result, info)
        return results
    # Daemon threads, not a ThreadPoolExecutor: the interpreter waits for an executor's threads at
    # exit, so a hanging server would hold up quitting the app by a whole timeout.
    jobs: queue.Queue[Feed] = queue.Queue()
    for feed in feeds:
        jobs.put(feed)
    finished: queue.Queue[tuple[FeedResult, dict[str, Any]]] = queue.Queue()

    def work() -> None:
        while not cancelled():
            try:
                feed = jobs.get_nowait()
            except queue.Empty:
                return
            with lock:
                info = dict(state.get(feed.url, {}))
            try:
                result = _fetch_one(feed, info, timeout=timeout, max_bytes=max_bytes, pages=pages, warn=warn)
            except Exception as error:  # a store that fails (disk full): this feed's result, the rest go on
                result = FeedResult(feed.url, f"failed: {type(error).__name__}: {error}")
            finished.put((result, info))

    for number in range(min(workers, len(feeds))):
        threading.Thread(target=work, name=f"feeds-{number}", daemon=True).start()
    while len(results) < len(feeds) and not cancelled():
        try:
            result, info = finished.get(timeout=0.1)
        except queue.Empty:
            continue
        finish(result, info)
    return results
