"""The user's settings: a TOML file in the user's config folder.

``config.toml`` in ``platformdirs.user_config_dir("warreader")`` (or ``$WARREADER_CONFIG_DIR``)::

    theme = "nord"                    # any Textual theme (Ctrl+P → Theme lists them)
    paths = ["~/news/ukraine"]        # what `warreader` opens when given no PATH

    [keys]                            # action id = "key" or "key1,key2"; ids are listed by `?`
    follow_filter = "F"
    next_mention = "n,ctrl+n"

    [view]                            # kept by the app itself when you change them
    sort = "date"                     # corpus, date, source or title (s)
    bookmarks_only = false            # only bookmarked articles (')

Everything is optional; an unreadable file or a wrong value is reported and ignored,
never fatal. The app writes back what the user changes (the theme with ``t`` or the palette,
the sort order, bookmarks-only) with :func:`save_settings`, which rewrites only those keys:
the user's comments, layout and settings it does not know are kept.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_DIR = "WARREADER_CONFIG_DIR"
FILE_NAME = "config.toml"


def config_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("warreader", appauthor=False))


def config_path() -> Path:
    return config_dir() / FILE_NAME


VIEW_KEYS = {
    "sort": str,
    "bookmarks_only": bool,
    "source": str,
    "language": str,
    "since": str,
    "until": str,
    "unread_only": bool,
}
"""The [view] settings and their types."""


@dataclass
class Config:
    theme: str = ""
    paths: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    view: dict[str, Any] = field(default_factory=dict)
    """The [view] settings found in the file (``sort``, ``bookmarks_only``)."""
    watch: list[dict[str, str]] = field(default_factory=list)
    """Watched entities and saved searches: ``[[watch]]`` with ``entity`` (a group id) or ``query``."""
    kill: list[dict[str, str]] = field(default_factory=list)
    """The killfile: ``[[kill]]`` rules (source, title, language) hiding articles from the list."""
    problems: list[str] = field(default_factory=list)
    """What was wrong in the file (shown as notifications)."""
    path: Path | None = None
    """The file the settings are saved back to (None: not saved, as for a config made in code)."""
    store_url: str | None = None
    """``[store] url``: a PostgreSQL database (see :mod:`warreader.store.pg.location`)."""
    store_author: str | None = None
    """``[store] author``: the name corrections made on that database carry (default: the login)."""


def parse_config(text: str, where: str = FILE_NAME) -> Config:
    """Read config text; bad entries are skipped and listed in ``problems``."""
    import tomllib  # here: most starts have no config file to read

    config = Config()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{where}: not valid TOML ({error}); using the defaults")
        return config
    for key in sorted(set(data) - {"theme", "paths", "keys", "view", "kill", "watch", "store"}):
        config.problems.append(f"{where}: unknown setting {key!r}")
    theme = data.get("theme", "")
    if isinstance(theme, str):
        config.theme = theme.strip()
    else:
        config.problems.append(f"{where}: 'theme' must be a string")
    paths = data.get("paths", [])
    if isinstance(paths, str):
        paths = [paths]
    if isinstance(paths, list) and all(isinstance(p, str) for p in paths):
        config.paths = [str(Path(p).expanduser()) for p in paths]
    else:
        config.problems.append(f"{where}: 'paths' must be a list of strings")
    keys = data.get("keys", {})
    if isinstance(keys, dict):
        for action, value in keys.items():
            if isinstance(value, str) and value.strip():
                config.keys[action] = ",".join(part.strip() for part in value.split(","))
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                config.keys[action] = ",".join(v.strip() for v in value)
            else:
                config.problems.append(f'{where}: key for {action!r} must be a string like "ctrl+f"')
    else:
        config.problems.append(f"{where}: [keys] must be a table")
    view = data.get("view", {})
    if isinstance(view, dict):
        for name, value in view.items():
            kind = VIEW_KEYS.get(name)
            if kind is None:
                config.problems.append(f"{where}: unknown setting 'view.{name}'")
            elif isinstance(value, kind):
                config.view[name] = value
            else:
                config.problems.append(f"{where}: 'view.{name}' must be a {kind.__name__}")
    else:
        config.problems.append(f"{where}: [view] must be a table")
    config.kill = _kill_rules(data.get("kill", []), where, config.problems)
    store = data.get("store", {})
    if (
        isinstance(store, dict)
        and set(store) <= {"url", "author"}
        and all(isinstance(store.get(key, ""), str) for key in ("url", "author"))
    ):
        config.store_url, config.store_author = store.get("url"), store.get("author")
    else:
        config.problems.append(f'{where}: [store] must be a table with url = "postgresql://..." (and author)')
    config.watch = _watches(data.get("watch", []), where, config.problems)
    return config


def _tables(entries: object, name: str, where: str, problems: list[str]) -> list[tuple[int, object]]:
    """The ``[[name]]`` tables of the file, numbered from 1 (none, and one line, when it is not a list)."""
    if not isinstance(entries, list):
        problems.append(f"{where}: '{name}' must be [[{name}]] tables")
        return []
    return list(enumerate(entries, 1))


def _watches(entries: object, where: str, problems: list[str]) -> list[dict[str, str]]:
    """The ``[[watch]]`` entries that can be used: ``entity`` or ``query`` (text), an optional ``name``."""
    found = []
    for number, entry in _tables(entries, "watch", where, problems):
        usable = (
            isinstance(entry, dict)
            and set(entry) <= {"entity", "query", "name"}
            and all(isinstance(v, str) for v in entry.values())
            and bool(entry.get("entity") or entry.get("query"))
        )
        if usable and isinstance(entry, dict):
            found.append(dict(entry))
        else:
            problems.append(
                f"{where}: watch {number} must have an entity or a query (and maybe a name), as text"
            )
    return found


def save_watches(path: Path, watches: list[dict[str, str]]) -> None:
    """Write the ``[[watch]]`` entries into the config file at ``path``; every other setting and
    comment stays (raises as :func:`_edit`)."""
    import tomlkit

    def change(document: Any) -> None:
        tables = tomlkit.aot()
        for watch in watches:
            table = tomlkit.table()
            for key, value in watch.items():
                table[key] = value
            tables.append(table)
        if watches:
            document["watch"] = tables
        elif "watch" in document:
            del document["watch"]

    _edit(path, "watches", change)


KILL_KEYS = ("source", "title", "language")
"""What a killfile rule may test: the source, the title (a regular expression), the language."""


def _kill_rules(rules: object, where: str, problems: list[str]) -> list[dict[str, str]]:
    """The ``[[kill]]`` rules that can be used; each unusable one is one line in ``problems``."""
    import re

    found = []
    for number, rule in _tables(rules, "kill", where, problems):
        if not isinstance(rule, dict) or not rule:
            problems.append(f"{where}: kill rule {number} must be a table with {', '.join(KILL_KEYS)}")
            continue
        unknown = sorted(set(rule) - set(KILL_KEYS))
        bad = [key for key in KILL_KEYS if key in rule and not (isinstance(rule[key], str) and rule[key])]
        if unknown or bad:
            problems.append(
                f"{where}: kill rule {number}: {'unknown ' + ', '.join(unknown) if unknown else ''}"
                f"{'; ' if unknown and bad else ''}{', '.join(bad) + ' must be text' if bad else ''}"
            )
            continue
        if "title" in rule:
            try:
                re.compile(rule["title"], re.IGNORECASE)
            except re.error as error:
                problems.append(f"{where}: kill rule {number}: title is not a pattern ({error})")
                continue
        found.append(dict(rule))
    return found


def load_config(path: Path | None = None) -> Config:
    """The user's config (empty when there is no file); it is saved back to ``path``."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path=path)
    except (OSError, UnicodeDecodeError) as error:
        return Config(problems=[f"cannot read {path}: {error}"])  # not written over either
    config = parse_config(text, str(path))
    if not any("not valid TOML" in p for p in config.problems):
        config.path = path
    return config


def _edit(path: Path, what: str, change: Callable[[Any], None]) -> None:
    """Change the config file at ``path`` with ``change(document)`` (a tomlkit document), keeping
    every comment and setting it does not touch; written atomically. Raises OSError when the file
    cannot be read or written, ValueError when it is not valid TOML (it is then left alone)."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from warreader.store.state import write_atomic

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        raise ValueError(f"{path} is not valid TOML ({error}); {what} not saved") from error
    change(document)
    write_atomic(path, tomlkit.dumps(document).encode("utf-8"), backup=False)


def save_settings(path: Path, settings: dict[str, Any]) -> None:
    """Write ``settings`` into the config file at ``path``: ``theme`` at the top, the
    :data:`VIEW_KEYS` under ``[view]``. Only those keys change; comments, order and every other
    setting stay as the user wrote them (raises as :func:`_edit`)."""
    import tomlkit

    def change(document: Any) -> None:
        for name, value in settings.items():
            if name == "theme":
                document["theme"] = value
                continue
            if name not in VIEW_KEYS:
                raise KeyError(name)
            view = document.get("view")
            if not isinstance(view, dict):
                view = tomlkit.table()
                document["view"] = view
            view[name] = value

    _edit(path, "settings", change)
