"""JSON and JSON Lines exports: one article per object, as a list, ``{"articles": [...]}`` or lines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from warreader.corpus.build import new_article, parse_meta_date
from warreader.corpus.html import html_to_text
from warreader.corpus.problem import Problem
from warreader.model import Article
from warreader.wording import counted

JSON_MAX_BYTES = 256_000_000

_TEXT = ("text", "body", "content", "maintext", "article", "description", "summary")
_TITLE = ("title", "headline")
_DATE = (
    "date",
    "published",
    "published_at",
    "publishedAt",
    "pubDate",
    "datePublished",
    "date_publish",
    "time",
)
_URL = ("url", "link", "href", "uri", "canonical_url")
_SOURCE = ("source", "sitename", "site_name", "site", "publisher", "outlet", "feed", "domain")
_LISTS = ("articles", "items", "entries", "data", "results", "messages")
_HTML = re.compile(r"<(?:p|div|br|span|a|b|i|em|strong|ul|li|h[1-6]|html|body)\b", re.IGNORECASE)


def _field(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = obj.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _string(value: Any) -> str:
    """A string from a JSON value: nested objects give their name/title/url, lists their first item."""
    for _ in range(4):
        if isinstance(value, dict):
            value = _field(value, ("name", "title", "value", "text", "href", "url"))
        elif isinstance(value, list):
            value = value[0] if value else None
        else:
            break
    if isinstance(value, str):
        return value
    return "" if value is None or isinstance(value, dict | list | bool) else str(value)


def _fragments(value: Any, depth: int = 0) -> str:
    """Rich text given as a list of fragments (a Telegram export's ``text``): strings and
    objects with a ``text`` key, joined in order."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if "text" not in value:
            return _string(value)  # {"type": "text/html", "value": "…"}
        return _fragments(value["text"], depth + 1) if depth < 8 else ""
    if isinstance(value, list) and depth < 8:
        return "".join(_fragments(part, depth + 1) for part in value)
    return ""


def _body(value: Any) -> str:
    if isinstance(value, list) and any(isinstance(part, str | dict) for part in value):
        return _fragments(value)
    return _string(value)


def _article(path: str, obj: Any, problems: list[Problem]) -> Article | None:
    if not isinstance(obj, dict):
        return None
    text = _body(_field(obj, _TEXT))
    if _HTML.search(text[:5000]):
        text = html_to_text(text)
    if not text.strip():
        return None
    raw_date = _field(obj, _DATE)
    date = parse_meta_date(raw_date if isinstance(raw_date, str | int | float) else _string(raw_date))
    return new_article(
        path,
        text,
        problems,
        title=_string(_field(obj, _TITLE)),
        date=date,
        source=_string(_field(obj, _SOURCE)),
        url=_string(_field(obj, _URL)),
    )


def _objects(data: str) -> tuple[list[tuple[str, Any]], list[int]]:
    """(suffix, object) pairs and the numbers of unreadable lines: a document, else JSON Lines."""
    try:
        document = json.loads(data)
    except RecursionError:
        return [], [1]
    except ValueError:
        return _lines(data)
    if isinstance(document, dict):
        listed = _field(document, _LISTS)
        if isinstance(listed, list) and not _field(document, _TEXT):
            return [(f"#{i}", obj) for i, obj in enumerate(listed, 1)], []
        return [("", document)], []
    if isinstance(document, list):
        return [(f"#{i}", obj) for i, obj in enumerate(document, 1)], []
    return [], [1]


def _lines(data: str) -> tuple[list[tuple[str, Any]], list[int]]:
    found, bad = [], []
    for number, line in _numbered(data):
        try:
            found.append((f"#{number}", json.loads(line)))
        except (ValueError, RecursionError):
            bad.append(number)
    return found, bad


def _numbered(data: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(data.split("\n"), 1):
        if line.strip():
            yield number, line


def json_articles(path: str, data: str, problems: list[Problem]) -> list[Article]:
    """Articles of a JSON or JSON Lines file; skipped entries are reported once per file."""
    objects, bad = _objects(data)
    articles = []
    for suffix, obj in objects:
        article = _article(path + suffix, obj, problems)
        if article is not None:
            articles.append(article)
    notes = []
    if bad:
        shown = ", ".join(map(str, bad[:5])) + (", …" if len(bad) > 5 else "")
        notes.append(f"{counted(len(bad), 'unreadable JSON line')} ({shown})")
    skipped = len(objects) - len(articles)
    if skipped and objects:
        notes.append(f"{skipped} of {len(objects)} entries without article text skipped")
    if not articles and not notes:
        notes.append("no articles (expected objects with a text or body field)")
    if notes:
        problems.append(Problem(path, "; ".join(notes)))
    return articles
