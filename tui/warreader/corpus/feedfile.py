"""RSS and Atom: parse a feed document (from a file or a fetch) into items, via feedparser."""

from __future__ import annotations

import datetime as dt
import io
import time
from dataclasses import dataclass
from typing import Any

from warreader.corpus.article import Article
from warreader.corpus.build import new_article, parse_meta_date
from warreader.corpus.html import html_to_text
from warreader.corpus.problem import Problem

FEED_MAX_BYTES = 32_000_000


class NotAFeed(ValueError):
    """The document is not an RSS or Atom feed."""


@dataclass(slots=True)
class FeedItem:
    id: str
    title: str
    date: dt.date | None
    url: str
    source: str
    text: str


def parse_feed(data: bytes) -> tuple[str, list[FeedItem]]:
    """The feed's title and its items; raises :class:`NotAFeed` for other documents."""
    import feedparser

    # Always a stream: given str or bytes, feedparser first tries them as a URL or a file name to open
    # (a body of "/dev/zero" would never end).
    try:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    except Exception as error:  # third-party parser on hostile input: reported, never raised
        raise NotAFeed(f"unreadable feed ({type(error).__name__})") from None
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise NotAFeed("not an RSS or Atom feed" + (f" ({str(reason)[:120]})" if reason else ""))
    feed = parsed.get("feed", {})
    source = _plain(feed.get("title_detail")) or str(feed.get("title") or "")
    return source, [_item(entry, source) for entry in parsed.entries]


def _plain(detail: Any) -> str:
    """A feedparser text construct as plain text (titles may be HTML)."""
    if not detail:
        return ""
    value = str(detail.get("value") or "")
    return html_to_text(value) if "html" in str(detail.get("type") or "") else value


def _get(entry: Any, key: str) -> Any:
    # dict.get, not entry.get: feedparser maps missing keys ("updated" to "published") with a warning.
    return dict.get(entry, key)


def _item(entry: Any, source: str) -> FeedItem:
    contents = _get(entry, "content") or []
    body = max((str(c.get("value") or "") for c in contents), key=len, default="")
    summary = str(_get(entry, "summary") or "")
    if len(summary) > len(body):
        body = summary
    date = None
    for key in ("published", "updated", "created"):
        date = parse_meta_date(_get(entry, key))
        if date:
            break
        parsed = _get(entry, key + "_parsed")
        if isinstance(parsed, time.struct_time):
            date = dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            break
    link = str(_get(entry, "link") or "")
    title = _plain(_get(entry, "title_detail")) or str(_get(entry, "title") or "")
    return FeedItem(
        id=str(_get(entry, "id") or link or title),
        title=title,
        date=date,
        url=link,
        source=_plain((_get(entry, "source") or {}).get("title_detail")) or source,
        text=html_to_text(body),
    )


def feed_articles(origin: str, data: bytes, problems: list[Problem]) -> list[Article]:
    """Articles from a feed document; ``origin`` (a file or URL) names them ``origin#1``, ``origin#2``…"""
    try:
        _, items = parse_feed(data)
    except NotAFeed as error:
        problems.append(Problem(origin, str(error)))
        return []
    if not items:
        problems.append(Problem(origin, "the feed has no items"))
    articles = []
    empty = 0
    for number, item in enumerate(items, 1):
        if not item.text.strip() and not item.title.strip():
            empty += 1
            continue
        article = new_article(
            f"{origin}#{number}",
            item.text or item.title,
            problems,
            title=item.title,
            date=item.date,
            source=item.source,
            url=item.url,
        )
        if article is not None:
            articles.append(article)
    if empty:
        problems.append(Problem(origin, f"{empty} of {len(items)} items have no text"))
    return articles
