"""Where feeds live on disk: the feed list (TOML), fetch state (ETag/Last-Modified) and stored items.

All under the user's data folder (``$WARREADER_DATA_DIR``, else platformdirs' ``user_data_dir``)::

    feeds.toml                 the feed list, one [[feed]] table each (hand-editable)
    feeds-state.json           per feed: validators for conditional GET, last result
    articles/<feed>/<id>.json  one fetched item each: title, date, url, source, text

Every write goes to a temporary file that replaces the old one, so an interrupted
write never leaves a half-written list or article. Stored items are never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warreader.corpus.feedfile import FeedItem

ENV_DIR = "WARREADER_DATA_DIR"


class StoreError(Exception):
    """The feed list or the data folder cannot be used; the message is for the user."""


@dataclass(slots=True)
class Feed:
    url: str
    name: str = ""


def data_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("warreader", appauthor=False))


def config_path() -> Path:
    return data_dir() / "feeds.toml"


def articles_dir() -> Path:
    return data_dir() / "articles"


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step (a temporary file renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_feeds() -> list[Feed]:
    path = config_path()
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise StoreError(f"cannot read the feed list {path}: {error}") from None
    feeds = []
    for table in config.get("feed", []):
        if isinstance(table, dict) and isinstance(table.get("url"), str):
            feeds.append(Feed(table["url"], str(table.get("name") or "")))
    return feeds


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


def save_feeds(feeds: list[Feed]) -> None:
    lines = ["# warreader feeds: one [[feed]] table per feed (url, optional name).", ""]
    for feed in feeds:
        lines += ["[[feed]]", f"url = {_toml_string(feed.url)}"]
        lines += [f"name = {_toml_string(feed.name)}"] if feed.name else []
        lines.append("")
    write_atomically(config_path(), "\n".join(lines))


def load_state() -> dict[str, dict[str, Any]]:
    """Fetch state per feed URL; an unreadable state only costs one unconditional fetch."""
    try:
        state = json.loads((data_dir() / "feeds-state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: a file of 100,000 "["
        return {}
    return {k: v for k, v in state.items() if isinstance(v, dict)} if isinstance(state, dict) else {}


def save_state(state: dict[str, dict[str, Any]]) -> None:
    write_atomically(data_dir() / "feeds-state.json", json.dumps(state, indent=1, ensure_ascii=False))


def feed_folder(url: str) -> Path:
    """A readable, unique folder name for a feed: host and path, plus a short hash."""
    parts = urlsplit(url)
    readable = re.sub(r"[^A-Za-z0-9.]+", "-", f"{parts.hostname or ''}{parts.path}").strip("-.")[:60]
    return articles_dir() / f"{readable or 'feed'}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"


def store_items(feed: Feed, items: list[FeedItem], fetched_at: str) -> tuple[int, int]:
    """Write items not stored before; returns (new, already stored)."""
    folder = feed_folder(feed.url)
    new = known = 0
    for item in items:
        key = item.id or item.url or item.title + item.text[:200]
        path = folder / f"{hashlib.sha1(key.encode('utf-8', 'replace')).hexdigest()[:20]}.json"
        if path.exists():
            known += 1
            continue
        record = {
            "title": item.title,
            "date": item.date.isoformat() if item.date else None,
            "url": item.url,
            "source": item.source or feed.name,
            "text": item.text or item.title,
            "id": item.id,
            "feed": feed.url,
            "fetched": fetched_at,
        }
        write_atomically(path, json.dumps(record, ensure_ascii=False, indent=1))
        new += 1
    return new, known
