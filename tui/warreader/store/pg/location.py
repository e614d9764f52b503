"""Where the database is: ``--db URL``, else ``$WARREADER_DB``, else ``[store] url`` in config.toml.

No URL anywhere means the SQLite index in the cache folder, as always (:func:`resolve` gives
None). A URL must be a PostgreSQL one (``postgresql://`` or ``postgres://``, as libpq reads them:
``postgresql://user:password@host:port/dbname?options``); anything else is :class:`BadLocation`,
whose message is one line naming where the URL came from.

A password in a URL is never shown: :func:`redact` puts ``***`` in its place, and every message
here (and in :mod:`warreader.store.pg.errors`) goes through it. This module needs no psycopg.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

ENV = "WARREADER_DB"
SCHEMES = ("postgresql", "postgres")
HIDDEN = "***"

_CREDENTIALS = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:@/?#\s]*):(?P<secret>[^@/\s]*)@"
)
_PASSWORD_OPTION = re.compile(r"(?i)(?P<key>\bpassword=)(?P<secret>'(?:[^'\\]|\\.)*'|[^\s&]*)")


class BadLocation(ValueError):
    """The database URL cannot be used (the message is one line, its password hidden)."""


@dataclass(frozen=True)
class Location:
    """A PostgreSQL database to use, and where its URL was given."""

    url: str
    origin: str
    """``--db``, ``WARREADER_DB`` or the config file's path and ``[store] url``."""

    @property
    def shown(self) -> str:
        """The URL as it may be printed: its password hidden."""
        return redact(self.url)

    @property
    def host(self) -> str:
        parts = urlsplit(self.url)
        return parts.hostname or dict(parse_qsl(parts.query)).get("host", "") or "localhost"

    @property
    def port(self) -> int:
        parts = urlsplit(self.url)
        try:
            return parts.port or int(dict(parse_qsl(parts.query)).get("port", "5432"))
        except ValueError:
            return 5432

    @property
    def dbname(self) -> str:
        parts = urlsplit(self.url)
        return unquote(parts.path.lstrip("/")) or dict(parse_qsl(parts.query)).get("dbname", "")

    @property
    def user(self) -> str:
        parts = urlsplit(self.url)
        return unquote(parts.username or "") or dict(parse_qsl(parts.query)).get("user", "")

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:  # never the password, not even in a traceback
        return f"Location({self.shown!r}, origin={self.origin!r})"


def redact(text: str) -> str:
    """``text`` with every password of a URL (``user:secret@``) or option (``password=…``) as ***."""
    text = _CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{HIDDEN}@", text)
    return _PASSWORD_OPTION.sub(lambda m: f"{m['key']}{HIDDEN}", text)


def validate(url: str, origin: str = "--db") -> Location:
    """``url`` as a :class:`Location`; :class:`BadLocation` (one line) when it is not a PostgreSQL URL."""
    text = url.strip()
    if not text:
        raise BadLocation(f"{origin}: the database URL is empty (expected postgresql://user@host/dbname)")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        raise BadLocation(f"{origin}: the database URL has control characters in it")
    scheme, sep, _rest = text.partition("://")
    if not sep:
        raise BadLocation(
            f"{origin}: {redact(text)!r} is not a database URL (expected postgresql://user@host/dbname)"
        )
    if scheme.lower() not in SCHEMES:
        raise BadLocation(
            f"{origin}: {scheme}:// is not a PostgreSQL URL (expected postgresql:// or postgres://);"
            " without a URL the index stays in SQLite in the cache folder"
        )
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  # raises ValueError for a port that is not a number in range
    except ValueError as error:
        raise BadLocation(f"{origin}: {redact(text)!r} is not a valid URL ({redact(str(error))})") from None
    if parts.fragment:
        raise BadLocation(f"{origin}: {redact(text)!r} has a #fragment, which a database URL cannot have")
    location = Location(text, origin)
    if not location.dbname:
        raise BadLocation(f"{origin}: {location.shown!r} names no database (add /dbname at the end)")
    return location


def resolve(
    option: str | None = None,
    environ: dict[str, str] | os._Environ[str] | None = None,
    configured: str | None = None,
    config_origin: str = "config.toml [store] url",
) -> Location | None:
    """The database to use: ``option`` (``--db``), else ``$WARREADER_DB``, else ``configured``
    (the config's ``[store] url``); None for the SQLite index. Raises :class:`BadLocation`.

    An empty ``--db ""`` or ``WARREADER_DB=`` is an error, not a way back to SQLite: a URL
    lost on the way (an unset shell variable) must not silently put corrections elsewhere."""
    environ = os.environ if environ is None else environ
    if option is not None:
        return validate(option, "--db")
    if ENV in environ:
        return validate(environ[ENV], ENV)
    if configured is not None:
        return validate(configured, config_origin)
    return None
