"""RSS and Atom: parse a feed document (from a file or a fetch) into items, via feedparser."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import time
from dataclasses import dataclass
from typing import Any

from warreader.corpus.build import new_article, parse_meta_date
from warreader.corpus.html import html_to_text
from warreader.corpus.problem import Problem
from warreader.model import Article

FEED_MAX_BYTES = 32_000_000
_DECLARATION = re.compile(rb"""\A\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


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


def feed_bytes(data: bytes, charset: str = "") -> tuple[bytes, str | None]:
    """The feed as feedparser should read it, and a note when its declared encoding is wrong.

    A BOM, the HTTP ``charset`` or the XML declaration decide, as long as the bytes decode in
    that encoding and read as text in our languages; otherwise (and when nothing is declared
    and the bytes are not UTF-8) warreader's own detection decodes them: feedparser alone
    would read a cp1251 or KOI8-R feed as windows-1252.
    """
    from warreader.corpus.decoding import decode

    if data.startswith(_BOMS):
        return data, None
    found = _DECLARATION.match(data[:1024])
    declared = charset.strip() or (found.group(1).decode("ascii") if found else "")
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = ""
        if codec:
            try:
                text: str | None = data.decode(codec)
            except UnicodeDecodeError:
                text = None
            if text is not None and not _contradicted(text, data, codec):
                return _as_utf8(text), None  # feedparser does not see an HTTP charset
            detected = decode(data)
            note = f"the feed says its encoding is {declared}, but its bytes are {detected.encoding}"
            return _as_utf8(detected.text), note
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _as_utf8(decode(data).text), None
    return data, None


def _contradicted(text: str, data: bytes, codec: str) -> bool:
    """A single-byte encoding whose text looks wrong (foreign letters, capitals inside words)
    where the detected encoding's looks right."""
    from warreader.corpus.decoding import _badness, decode

    if codecs.lookup(codec).name in ("utf-8", "utf-16", "utf-32") or "utf" in codec or data.isascii():
        return False
    bad = sum(_badness(text))  # foreign characters, and capitals inside words
    if bad < 3:
        return False
    detected = decode(data)
    return detected.encoding != codec and sum(_badness(detected.text)) * 4 < bad


def _as_utf8(text: str) -> bytes:
    """``text`` as UTF-8 bytes, its XML declaration (if any) saying so."""
    data = text.encode("utf-8")
    found = _DECLARATION.match(data[:1024])
    if found:
        data = data[: found.start(1)] + b"utf-8" + data[found.end(1) :]
    return data


def parse_feed(data: bytes, charset: str = "", notes: list[str] | None = None) -> tuple[str, list[FeedItem]]:
    """The feed's title and its items; raises :class:`NotAFeed` for other documents.

    ``charset`` is the HTTP answer's, if any; a contradicted declaration adds a line to ``notes``.
    """
    import feedparser

    data, note = feed_bytes(data, charset)
    if note and notes is not None:
        notes.append(note)

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
    detail = feed.get("title_detail")
    source = _plain(detail) if detail else str(feed.get("title") or "")
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
    detail = _get(entry, "title_detail")
    # An HTML title with no text ("<img src=x onerror=…>") is no title: never its markup.
    title = _plain(detail) if detail else str(_get(entry, "title") or "")
    return FeedItem(
        id=str(_get(entry, "id") or link or title),
        title=title,
        date=date,
        url=link,
        source=_plain((_get(entry, "source") or {}).get("title_detail")) or source,
        text=html_to_text(body),
    )


def feed_articles(origin: str, data: bytes, problems: list[Problem], charset: str = "") -> list[Article]:
    """Articles from a feed document; ``origin`` (a file or URL) names them ``origin#1``, ``origin#2``…"""
    notes: list[str] = []
    try:
        _, items = parse_feed(data, charset, notes)
    except NotAFeed as error:
        problems.append(Problem(origin, str(error)))
        return []
    problems.extend(Problem(origin, note) for note in notes)
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
