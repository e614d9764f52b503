"""Full text for feeds that carry only a summary: fetch each item's page, politely, and extract it.

Polite means: one request at a time to each host (hosts are fetched side by side, at most
:data:`HOSTS_AT_ONCE`), a delay between two requests to the same host (the larger of ours and the
site's ``Crawl-delay``), and the site's ``robots.txt`` honoured (read once per host and run, with
:mod:`urllib.robotparser`). Each page goes through :func:`warreader.corpus.fetch.fetch`, so it has
the feeds' deadline, size cap and error messages. The article is extracted with trafilatura; a
page with no article in it keeps the item's summary.

What was extracted is kept in a cache folder, one file per page URL (a hash of it), so a page is
fetched once however often its feed is. Failures are not kept: they are tried again next time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warreader.corpus.fetch import MAX_BYTES, TIMEOUT, FetchError, fetch, is_url

DELAY = 1.0
"""Seconds between two requests to one host."""
MAX_CRAWL_DELAY = 30.0
"""A site's ``Crawl-delay`` is honoured up to this many seconds."""
HOSTS_AT_ONCE = 4
ROBOTS_MAX_BYTES = 500_000
AGENT = "warreader"
"""The name matched against ``User-agent`` lines of robots.txt."""


@dataclass(slots=True)
class Page:
    url: str
    text: str = ""
    """The article's text ("" when none was found, or the page was not fetched)."""
    error: str = ""
    """Why there is no text: the fetch failed, robots.txt disallows it, no article in the page."""
    cached: bool = False


class FullText:
    """Fetches and extracts pages for one run; ``fetch_pages`` may be called once per feed."""

    def __init__(
        self,
        cache: Path,
        *,
        delay: float = DELAY,
        timeout: float = TIMEOUT,
        max_bytes: int = MAX_BYTES,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.cache, self.delay, self.timeout, self.max_bytes = cache, delay, timeout, max_bytes
        self.cancelled = cancelled or (lambda: False)
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        """When the last request to each host ended (monotonic), for the delay."""
        self._hosts: dict[str, threading.Lock] = {}
        self._refused: dict[str, str] = {}
        """Why no page of a host is fetched in this run (its robots.txt could not be had)."""
        self._guard = threading.Lock()
        self.requests = 0

    def fetch_pages(self, urls: Iterable[str]) -> dict[str, Page]:
        """A :class:`Page` for each URL (cached, fetched, or why not), fetched host by host."""
        pages: dict[str, Page] = {}
        by_host: dict[str, list[str]] = {}
        for url in dict.fromkeys(urls):
            if not is_url(url):
                pages[url] = Page(url, error="no http(s) link")
                continue
            cached = self._cached(url)
            if cached is not None:
                pages[url] = cached
                continue
            by_host.setdefault(_host(url), []).append(url)
        if by_host:
            with ThreadPoolExecutor(min(HOSTS_AT_ONCE, len(by_host)), "warreader-pages") as pool:
                for found in pool.map(self._host_pages, by_host.items()):
                    pages.update(found)
        return pages

    def _host_pages(self, job: tuple[str, list[str]]) -> dict[str, Page]:
        host, urls = job
        with self._guard:
            lock = self._hosts.setdefault(host, threading.Lock())
        pages: dict[str, Page] = {}
        with lock:  # one request at a time to a host, whoever asks
            robots = self._robots_for(host, urls[0])
            wait = self.delay
            if robots is not None:
                wait = max(wait, min(float(robots.crawl_delay(AGENT) or 0), MAX_CRAWL_DELAY))
            for url in urls:
                if self.cancelled():
                    pages[url] = Page(url, error="cancelled")
                    continue
                if robots is not None and not robots.can_fetch(AGENT, url):
                    why = self._refused.get(host, "robots.txt of the site does not allow fetching it")
                    pages[url] = Page(url, error=why)
                    continue
                pages[url] = self._page(host, url, wait)
        return pages

    def _get(self, host: str, url: str, wait: float, max_bytes: int) -> Any:
        """One request to ``host``, ``wait`` seconds after the previous one ended."""
        pause = self._last.get(host, -1e9) + wait - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self.requests += 1
        try:
            return fetch(url, timeout=self.timeout, max_bytes=max_bytes, cancelled=self.cancelled)
        finally:
            self._last[host] = time.monotonic()

    def _robots_for(self, host: str, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's rules (None: no rules, all allowed). Missing (4xx): all allowed; refused (401,
        403), a server error, or no answer (a timeout, a reset): nothing fetched from it in this run."""
        if host in self._robots:
            return self._robots[host]
        parts = urlsplit(url)
        robots: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
        assert robots is not None
        try:
            got = self._get(host, f"{parts.scheme}://{parts.netloc}/robots.txt", self.delay, ROBOTS_MAX_BYTES)
            robots.parse(got.content.decode("utf-8", "replace").splitlines())
        except FetchError as error:
            if error.status in (401, 403) or error.status >= 500:
                robots.parse(["User-agent: *", "Disallow: /"])
                self._refused[host] = f"robots.txt of the site is refused ({error}): not fetched"
            elif error.status == 0:  # the site does not answer: its pages would not either
                robots.parse(["User-agent: *", "Disallow: /"])
                self._refused[host] = f"robots.txt could not be read ({error}): not fetched"
            else:
                robots = None
        self._robots[host] = robots
        return robots

    def _page(self, host: str, url: str, wait: float) -> Page:
        try:
            got = self._get(host, url, wait, self.max_bytes)
        except FetchError as error:
            return Page(url, error=str(error))
        text = extract_article(got.content)
        if not text:
            return Page(url, error="no article found in the page")
        page = Page(url, text)
        self._store(page)
        return page

    def _path(self, url: str) -> Path:
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        return self.cache / digest[:2] / f"{digest}.json"

    def _cached(self, url: str) -> Page | None:
        try:
            record = json.loads(self._path(url).read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        if (
            not isinstance(record, dict)
            or record.get("url") != url
            or not isinstance(record.get("text"), str)
        ):
            return None
        return Page(url, record["text"], cached=True)

    def _store(self, page: Page) -> None:
        from warreader.corpus.feedstore import write_atomically

        record = {
            "url": page.url,
            "fetched": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "text": page.text,
        }
        with contextlib.suppress(OSError):  # an unwritable cache costs a fetch next time, nothing more
            write_atomically(self._path(page.url), json.dumps(record, ensure_ascii=False))


def extract_article(data: bytes) -> str:
    """The main text of an HTML page, paragraphs apart ("" when trafilatura finds none)."""
    import trafilatura

    from warreader.corpus.html import EXTRACT_MAX_BYTES, _quiet_loggers, strip_scripts
    from warreader.corpus.sanitize import clean_text

    _quiet_loggers()
    if len(data) > EXTRACT_MAX_BYTES:
        data = strip_scripts(data)[:EXTRACT_MAX_BYTES]
    try:
        text = trafilatura.extract(data, include_comments=False, include_tables=True)
    except Exception:  # a third-party parser on hostile markup: no text, never a crash
        return ""
    return clean_text(str(text or "")).replace("\n", "\n\n").strip()


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"
