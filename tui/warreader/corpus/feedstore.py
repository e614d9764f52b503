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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warreader.corpus.feedfile import FeedItem
from warreader.corpus.problem import Problem

ENV_DIR = "WARREADER_DATA_DIR"


class StoreError(Exception):
    """The feed list or the data folder cannot be used; the message is for the user."""


@dataclass(slots=True)
class Feed:
    url: str
    name: str = ""
    tags: list[str] = field(default_factory=list)
    """``tags = [...]``: folders of an imported OPML file ("World/Ukraine"), or the user's own."""
    full_text: bool = False
    """``full_text = true``: each item's linked page is fetched and its article extracted."""


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


def _feed_text(path: Path) -> str:
    """The feed list as text ("" when there is none yet); raises StoreError when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(f"cannot read the feed list {path}: {error}") from None


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise StoreError(f"cannot read the feed list {path}: {error}") from None
    except RecursionError:  # a value nested 100,000 deep
        raise StoreError(f"cannot read the feed list {path}: nested too deeply") from None


def _type_name(value: object) -> str:
    names = {
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }
    return next((name for kind, name in names.items() if isinstance(value, kind)), type(value).__name__)


def _entries(
    path: Path, config: dict[str, Any], problems: list[Problem] | None
) -> list[tuple[int, Feed | None]]:
    """Each ``[[feed]]`` entry in order: (its number from 1, the Feed, or None when it is not usable)."""

    def report(message: str) -> None:
        if problems is not None:
            problems.append(Problem(str(path), message))

    tables = config.get("feed", [])
    if not isinstance(tables, list):
        report(f"'feed' is {_type_name(tables)}, not [[feed]] tables with a url each: no feed read from it")
        return []
    entries: list[tuple[int, Feed | None]] = []
    for number, table in enumerate(tables, 1):
        where = f"[[feed]] number {number}"
        if not isinstance(table, dict):
            report(f"{where} is {_type_name(table)}, not a table with a url: ignored")
            entries.append((number, None))
            continue
        url = table.get("url")
        if not isinstance(url, str) or not url.strip():
            what = (
                "has no url" if url is None else f"has a url that is {_type_name(url)}, not a URL in quotes"
            )
            report(f"{where} {what}: ignored")
            entries.append((number, None))
            continue
        name = table.get("name", "")
        if not isinstance(name, str):
            report(f"{where} ({url}) has a name that is {_type_name(name)}, not text: the name is not used")
            name = ""
        tags = table.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            report(f"{where} ({url}) has tags that are not a list of texts in quotes: the tags are not used")
            tags = []
        full_text = table.get("full_text", False)
        if not isinstance(full_text, bool):
            report(f"{where} ({url}) has full_text that is {_type_name(full_text)}, not true/false: not used")
            full_text = False
        entries.append((number, Feed(url, name, [tag for tag in tags if tag.strip()], full_text)))
    return entries


def load_feeds(problems: list[Problem] | None = None, *, editing: bool = False) -> list[Feed]:
    """The feeds in the list, in order. Entries that cannot be used are left out, each with one
    :class:`Problem` in ``problems``; they stay in the file as written. With ``editing``, a list
    that :func:`save_feeds` would refuse to change raises StoreError instead."""
    path = config_path()
    config = _parse(path, _feed_text(path))
    if editing:
        _editable(path, config)
    return [feed for _, feed in _entries(path, config, problems) if feed is not None]


def _editable(path: Path, config: dict[str, Any]) -> None:
    if "feed" in config and not isinstance(config["feed"], list):
        raise StoreError(
            f"the feed list {path} has 'feed = {_type_name(config['feed'])}' where [[feed]] tables "
            "belong: fix it by hand (nothing was written)"
        )


HEADER = (
    "# warreader feeds: one [[feed]] table per feed (url; optional name, tags = [...], full_text = true).\n\n"
)


def save_feeds(feeds: list[Feed]) -> None:
    """Make the feed list hold ``feeds``, in place: a feed no longer in ``feeds`` loses its
    ``[[feed]]`` table, a new one gets a table at the end, a renamed one its ``name``. Comments,
    the order, other keys (``tags``, anything) and entries that cannot be used stay as written.
    The file is replaced in one step, and only with valid TOML."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import AoT, Table

    path = config_path()
    text = _feed_text(path)
    config = _parse(path, text)
    _editable(path, config)
    if not text.strip():
        text = HEADER
    elif not text.endswith("\n"):  # a table appended after a last line without one would join it
        text += "\n"
    try:
        document = tomlkit.parse(text)
    except (TOMLKitError, RecursionError) as error:  # tomllib read it, so this is unlikely
        raise StoreError(f"cannot edit the feed list {path}: {error}") from None
    wanted = {feed.url: feed for feed in feeds}
    tables = document.get("feed")
    if tables is not None:
        for position in reversed(range(len(tables))):
            table = tables[position]
            url = table.get("url") if isinstance(table, dict) else None
            if not isinstance(url, str) or not url.strip():
                continue  # not a feed this code can use: kept as written
            feed = wanted.pop(url, None)
            if feed is None:
                del tables[position]
            else:
                _update(table, feed)
        if not tables:
            del document["feed"]
            tables = None
    fresh = False
    """A list of tables made here puts a blank line between its tables itself (a parsed one does not)."""
    for feed in (feed for feed in feeds if feed.url in wanted):
        entry = (
            tomlkit.inline_table() if tables is not None and not isinstance(tables, AoT) else tomlkit.table()
        )
        entry["url"] = feed.url
        if feed.name:
            entry["name"] = feed.name
        if feed.tags:
            entry["tags"] = list(feed.tags)
        if feed.full_text:
            entry["full_text"] = True
        if tables is None:
            tables, fresh = tomlkit.aot(), True
            document.append("feed", tables)
        elif isinstance(tables, AoT) and len(tables) and not fresh and not _ends_blank(tables[-1]):
            tables[-1].add(tomlkit.nl())  # a blank line between the last table and this one
        if isinstance(entry, Table) and not fresh:
            entry.add(tomlkit.nl())  # and between this one and whatever follows
        tables.append(entry)
    result = tomlkit.dumps(document)
    try:  # what is written must read back as exactly these feeds
        written = {feed.url for _, feed in _entries(path, _parse(path, result), None) if feed}
    except StoreError:
        written = set()
    if written != {feed.url for feed in feeds}:
        raise StoreError(f"the feed list {path} could not be edited safely (nothing was written)")
    write_atomically(path, result)


def _update(table: Any, feed: Feed) -> None:
    """Give an existing ``[[feed]]`` table the name and tags of ``feed``; keys that did not change
    (and ``tags``/``full_text`` written in a form this code does not use) are left as written."""
    name = table.get("name")
    if feed.name != (name if isinstance(name, str) else ""):
        if feed.name:
            table["name"] = feed.name
        elif "name" in table:
            del table["name"]
    tags = table.get("tags", [])
    usable = isinstance(tags, list) and all(isinstance(tag, str) for tag in tags)
    if usable and [tag for tag in tags if tag.strip()] != feed.tags:
        if feed.tags:
            table["tags"] = list(feed.tags)
        elif "tags" in table:
            del table["tags"]


def _ends_blank(table: Any) -> bool:
    from tomlkit.items import Whitespace

    body = table.value.body
    return bool(body) and isinstance(body[-1][1], Whitespace)


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


def _item_path(folder: Path, item: FeedItem) -> Path:
    key = item.id or item.url or item.title + item.text[:200]
    return folder / f"{hashlib.sha1(key.encode('utf-8', 'replace')).hexdigest()[:20]}.json"


def item_path(feed: Feed, item: FeedItem) -> Path:
    """The file :func:`store_items` stores ``item`` of ``feed`` in."""
    return _item_path(feed_folder(feed.url), item)


def new_items(feed: Feed, items: list[FeedItem]) -> list[FeedItem]:
    """The items :func:`store_items` would store (those not stored before)."""
    folder = feed_folder(feed.url)
    return [item for item in items if not _item_path(folder, item).exists()]


def store_items(feed: Feed, items: list[FeedItem], fetched_at: str) -> tuple[int, int]:
    """Write items not stored before; returns (new, already stored)."""
    folder = feed_folder(feed.url)
    new = known = 0
    for item in items:
        path = _item_path(folder, item)
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
