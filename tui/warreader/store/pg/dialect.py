"""The index's SQL on PostgreSQL: a connection that reads the SQLite statements of the store.

The store's one write path (:mod:`warreader.ingest`) and its readers (:mod:`warreader.store.index`)
talk to ``index.conn`` as to an :class:`sqlite3.Connection`: ``execute`` / ``executemany`` with
``?`` parameters, cursors with ``fetchone`` / ``fetchall`` / iteration and ``lastrowid``,
``in_transaction``, and ``BEGIN IMMEDIATE`` / ``COMMIT`` / ``ROLLBACK`` as statements.
:class:`PgConnection` gives the same to a psycopg connection, so the SQLite path keeps its own
connection untouched (no layer, no cost) and PostgreSQL runs the same code. Each statement is
translated once (cached, :func:`translate`):

* ``?`` → ``%s`` (and a literal ``%`` → ``%%``);
* ``INSERT OR IGNORE`` → ``INSERT ... ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` → ``INSERT
  ... ON CONFLICT (primary key) DO UPDATE SET`` every other column (the tables' keys are in
  :data:`KEYS`);
* ``INDEXED BY name`` (a planner hint of SQLite's) → nothing;
* an ``INSERT`` into a table with a generated id (:data:`SERIAL`) → ``... RETURNING id``, which
  the cursor gives as ``lastrowid``;
* ``BEGIN IMMEDIATE`` → ``BEGIN`` and the index's advisory lock (:data:`INDEX_LOCK`, held until
  the transaction ends): one writer at a time, as SQLite's write lock, across machines;
* the reading order of sources (``s.ord, a.pos`` in the writer's renumbering) → ``s.reading,
  a.pos``: a database holds the folders of several syncs, each numbering its own files
  (``sources.ord``), so they are ordered by the sync's folders first (migration 0004's
  ``sources.reading``: root, then walk position, then path, compared bytewise).

A whole-table read (a ``SELECT`` with no parameters and no ``LIMIT`` from one of the big tables,
:func:`streamed`: every article's body or marks, every source, group or form) is read through a
server-side cursor, :data:`ITERSIZE` rows at a time, so reading 100,000 bodies never holds them
all in memory; every other statement's rows are fetched at once.

What differs beyond statements (the full-text index, opening, sizes) is in
:class:`warreader.store.pg.index.PgIndex`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from warreader.store.pg.errors import OUTDATED, StoreError

INDEX_LOCK = 0x77617269  # "wari": taken by every write transaction on the index's tables

KEYS = {
    "meta": ("key", ("value",)),
    "stops": ("gid, ord", ("n", "marks")),
    "groups": ("id", ("kind", "name", "variants", "mentions", "steps", "articles", "detail")),
}
"""Table → (its primary key, its other columns in order): what ``INSERT OR REPLACE`` replaces."""

SERIAL = frozenset({"sources", "articles", "dicts"})
"""Tables whose inserts give the caller the new row's id (``cursor.lastrowid``)."""

READING = ("s.ord, a.pos", "s.reading, a.pos")
"""Sources in reading order, as the store writes it → as PostgreSQL orders several syncs' sources."""

ITERSIZE = 1000
"""Rows fetched at a time from a server-side cursor (:func:`streamed` statements)."""

_BIG = re.compile(r"\bFROM\s+(?:articles|fresh|groups|sources|forms|stops|postings)\b", re.I)
_ONE_ROW = re.compile(r"\b(?:count|max|min|sum|exists)\s*\(|\bLIMIT\b", re.I)


@functools.lru_cache(maxsize=512)
def streamed(sql: str) -> bool:
    """Whether ``sql`` (with no parameters) reads a whole table: its rows are streamed."""
    text = sql.lstrip()
    return text[:6].upper() == "SELECT" and bool(_BIG.search(text)) and not _ONE_ROW.search(text)


_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+(REPLACE|IGNORE)\s+)?INTO\s+(\w+)\s*(\(([^)]*)\))?", re.I | re.S)
_HINT = re.compile(r"\s+INDEXED\s+BY\s+\w+", re.I)


@functools.lru_cache(maxsize=512)
def translate(sql: str) -> tuple[str, bool]:
    """``sql`` (SQLite) in PostgreSQL's terms, and whether it returns the new row's id."""
    text = _HINT.sub("", sql).replace("%", "%%").replace("?", "%s").replace(*READING)
    match = _INSERT.match(text)
    returning = False
    if match:
        action, table, columns = match[1], match[2], match[4]
        text = f"INSERT INTO {table}" + text[match.end(2) :]
        if action and action.upper() == "IGNORE":
            text += " ON CONFLICT DO NOTHING"
        elif action:
            key, rest = KEYS[table]
            named = [c.strip() for c in columns.split(",")] if columns else [*key.split(", "), *rest]
            updated = [c for c in named if c not in key.split(", ")]
            text += f" ON CONFLICT ({key}) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in updated)
        if table in SERIAL and "RETURNING" not in text.upper():
            text += " RETURNING id"
            returning = True
    return text, returning


class Cursor:
    """The rows of one statement (all fetched: iterating them while executing others is safe)."""

    __slots__ = ("_rows", "lastrowid", "rowcount")

    def __init__(self, rows: list[tuple[Any, ...]], lastrowid: int | None, rowcount: int) -> None:
        self._rows = iter(rows)
        self.lastrowid = lastrowid
        self.rowcount = rowcount

    def fetchone(self) -> tuple[Any, ...] | None:
        return next(self._rows, None)

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self._rows)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return self._rows


class Streamed(Cursor):
    """The rows of a whole-table read, fetched :data:`ITERSIZE` at a time from a server-side
    cursor (``WITH HOLD``: it outlives a commit, and other statements may run between fetches),
    declared when the statement runs; closed once read to its end or let go."""

    __slots__ = ()

    def __init__(self, cursor: Any) -> None:
        super().__init__([], None, -1)
        self._rows = _fetch(cursor)
        next(self._rows)  # started: closing the generator (read to its end, let go) closes the cursor


def _fetch(cursor: Any) -> Iterator[Any]:
    try:
        yield None
        yield from cursor
    finally:
        _close(cursor)


def _close(cursor: Any) -> None:
    if not cursor.closed:
        with contextlib.suppress(Exception):  # a server gone: the cursor went with the session
            cursor.close()


class PgConnection:
    """A psycopg connection (autocommit: transactions are the statements' own) spoken to as SQLite."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn
        self.stored = 0
        """Articles stored through this connection and committed (what a run that stops keeps)."""
        self._storing = 0
        self._cursors = 0
        self.derivation = ""
        """The extraction digest this process writes (set by :mod:`warreader.ingest.rederive`):
        a write transaction is refused when the database was extracted by a newer one since."""

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(self.raw.info.transaction_status != TransactionStatus.IDLE)

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        word = sql.strip().upper()
        if word == "BEGIN IMMEDIATE":
            self.raw.execute("BEGIN")
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (INDEX_LOCK,))
            if self.derivation:
                self._check_derivation()
            return Cursor([], None, -1)
        if word in ("BEGIN", "COMMIT", "ROLLBACK"):
            self.raw.execute(word)
            if word == "COMMIT":
                self.stored += self._storing
            self._storing = 0
            return Cursor([], None, -1)
        text, returning = translate(sql)
        if not params and streamed(sql):
            self._cursors += 1
            named = self.raw.cursor(name=f"warreader_{self._cursors}", withhold=True)
            named.itersize = ITERSIZE
            named.execute(text)
            return Streamed(named)
        cursor = self.raw.execute(text, tuple(params) if not isinstance(params, dict) else params)
        rows = cursor.fetchall() if cursor.description else []
        lastrowid = int(rows[0][0]) if returning and rows else None
        if returning and text.startswith("INSERT INTO articles"):
            self._storing += 1
        return Cursor([] if returning else rows, lastrowid, cursor.rowcount)

    def _check_derivation(self) -> None:
        """Refuse to write (rolled back, StoreError) when ``derivation`` is older than the
        database's: one of the digests it was extracted with, not the last."""
        row = self.raw.execute("SELECT value FROM meta WHERE key='derivations'").fetchone()
        history = json.loads(row[0]) if row else []
        if self.derivation in history and history[-1] != self.derivation:
            self.raw.execute("ROLLBACK")
            raise StoreError(OUTDATED)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor:
        values = [tuple(row) for row in rows]
        if not values:
            return Cursor([], None, 0)
        text, returning = translate(sql)
        if returning:
            text = text.removesuffix(" RETURNING id")
        with self.raw.cursor() as cursor:
            cursor.executemany(text, values)
            return Cursor([], None, cursor.rowcount)

    def close(self) -> None:
        self.raw.close()
