"""Which format a source is in (by suffix, else by its first bytes), and reading it with bounded memory."""

from __future__ import annotations

import io
import os
import re
import stat
from pathlib import Path

from warreader.corpus.build import BODY_MAX
from warreader.corpus.decoding import decode, looks_binary
from warreader.corpus.discover import why
from warreader.corpus.feedfile import FEED_MAX_BYTES
from warreader.corpus.html import HTML_MAX_BYTES
from warreader.corpus.jsonfile import JSON_MAX_BYTES
from warreader.corpus.problem import Problem
from warreader.model import Article

TEXT_MAX_BYTES = 4 * BODY_MAX + 16
"""Bytes read of a plain-text file: enough for :data:`BODY_MAX` characters in any encoding."""
MAX_BYTES = JSON_MAX_BYTES

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_KINDS = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_KINDS |= (
    dict.fromkeys((".xml", ".rss", ".atom", ".rdf"), "feed")
    | {".opml": "opml"}
    | dict.fromkeys((".json", ".jsonl", ".ndjson"), "json")
)
_LIMITS = {"text": TEXT_MAX_BYTES, "html": HTML_MAX_BYTES, "feed": FEED_MAX_BYTES, "json": JSON_MAX_BYTES}
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)\b")
_OPML_ROOT = re.compile(r"<opml\b")
OPML_NOTE = "a feed list (OPML), not articles: import it with `warreader feeds import`"


def sniff(data: bytes) -> str:
    """'json', 'feed', 'opml', 'html' or 'text' from the first bytes."""
    head = decode(data[:4096], truncated=True).text.lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith("<"):
        if _OPML_ROOT.search(head) and "<html" not in head:
            return "opml"
        if _FEED_ROOT.search(head) and "<html" not in head:
            return "feed"
        return "html"
    return "text"


def read_bytes(
    path: Path, problems: list[Problem], suffix: str | None = None
) -> tuple[bytes, int | None] | None:
    """The file's bytes, at most its format's limit: (data, full size when cut, else None).

    ``suffix`` says which format's limit applies (default: the file's own suffix).
    """
    limit = limit_for(path.suffix.lower() if suffix is None else suffix)
    try:
        # Non-blocking: a pipe swapped in after discovery reads as empty instead of waiting forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                problems.append(Problem(str(path), "not a regular file: skipped"))
                return None
            data = file.read(limit)
    except OSError as error:
        problems.append(Problem(str(path), why(error)))
        return None
    except ValueError:
        problems.append(Problem(repr(str(path)), "not a usable file name"))
        return None
    return data, (info.st_size if info.st_size > len(data) else None)


def limit_for(suffix: str) -> int:
    """Bytes read at most of a file of this format (by suffix; unknown: the largest limit)."""
    return _LIMITS.get(_KINDS.get(suffix, ""), MAX_BYTES)


def gunzip(data: bytes, limit: int) -> tuple[bytes, bool]:
    """``data`` decompressed (gzip, all members), at most ``limit`` bytes: (bytes, cut).

    Raises ``zlib.error`` when the start is not gzip data; damage after some output only ends it.
    """
    import zlib

    parts, total = [], 0
    stream = zlib.decompressobj(wbits=31)
    pending = data
    while pending and total <= limit:
        try:
            chunk = stream.decompress(pending, limit + 1 - total)
        except zlib.error:
            if not total:
                raise
            break
        parts.append(chunk)
        total += len(chunk)
        if stream.unconsumed_tail:
            pending = stream.unconsumed_tail
        elif stream.eof and stream.unused_data.strip(b"\0"):
            pending, stream = stream.unused_data, zlib.decompressobj(wbits=31)
        else:
            pending = b""
    joined = b"".join(parts)
    return joined[:limit], total > limit


def read_data(
    name: str,
    data: bytes,
    problems: list[Problem],
    *,
    suffix: str,
    file_size: int | None = None,
    url: str = "",
    charset: str = "",
) -> list[Article]:
    """Articles from one source's bytes; ``file_size`` is set when ``data`` is only its start.

    ``charset`` is the one an HTTP answer declared (feeds use it).
    """
    from warreader.corpus.feedfile import feed_articles
    from warreader.corpus.html import read_html
    from warreader.corpus.jsonfile import json_articles
    from warreader.corpus.textfile import parse_article

    if not data.strip():
        problems.append(Problem(name, "empty file"))
        return []
    if looks_binary(data):
        problems.append(Problem(name, "binary file, not text"))
        return []
    kind = _KINDS.get(suffix) or sniff(data)
    if kind in ("feed", "html", "opml") and (kind == "opml" or sniff(data) == "opml"):
        problems.append(Problem(name, OPML_NOTE))
        return []
    if file_size is not None and kind in ("feed", "json"):
        limit = _LIMITS[kind] // 10**6
        problems.append(
            Problem(name, f"too large ({file_size / 1e6:.0f} MB; {kind} files are read up to {limit} MB)")
        )
        return []
    if kind == "feed":
        return feed_articles(name, data, problems, charset)
    if kind == "html":
        article = read_html(name, data, problems, file_size=file_size, url=url)
        return [article] if article else []
    decoded = decode(data, truncated=file_size is not None)
    if decoded.note:
        problems.append(Problem(name, decoded.note))
    if kind == "json":
        from warreader.corpus import telegram

        if telegram.channel_in_head(decoded.text[: telegram.HEAD_BYTES]) is not None:
            return telegram.export_articles(name, io.BytesIO(data), problems)
        return json_articles(name, decoded.text, problems)
    if file_size is None and len(data) > TEXT_MAX_BYTES:
        file_size, decoded = len(data), decode(data[:TEXT_MAX_BYTES], truncated=True)
    markdown = suffix in MARKDOWN_SUFFIXES
    article = parse_article(name, decoded.text, problems, file_size=file_size, markdown=markdown)
    if article is not None and url:
        article.url = url
    return [article] if article else []
