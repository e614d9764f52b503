"""The PostgreSQL schema, created and brought up to date by numbered SQL files.

``migrations/NNNN_name.sql`` (shipped in the package) are applied in order; ``schema_version``
records each one applied (version, name, when). Each migration runs in one transaction that
first takes ``pg_advisory_xact_lock(MIGRATION_LOCK)``: when two processes start on a database at
once, the second waits for the first's transaction, then sees the version it wrote and skips it,
so every migration is applied exactly once and nobody reads a half-built schema. A failing
migration rolls back whole and leaves the database at the version before it.

A database at a version newer than this release knows is left alone: :func:`migrate` raises a
StoreError saying so (the tables may have changed in ways this release cannot read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from warreader.store.pg.errors import Problem, StoreError, classify
from warreader.store.pg.location import Location

MIGRATION_LOCK = 0x77617272  # "warr": the advisory lock key every warreader process takes to migrate
_NAME = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")

VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version(
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The migrations shipped with this release, in order (versions 1, 2, ... with no gap)."""
    folder = resources.files("warreader.store.pg") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.fullmatch(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..n: {[m.version for m in found]}")
    return found


def latest() -> int:
    """The schema version this release writes."""
    return len(migrations())


def current_version(conn: Any) -> int:
    """The version of the database ``conn`` is connected to (0: no warreader schema yet)."""
    row = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def _newer(version: int, known: int) -> Problem:
    return Problem(
        "other",
        f"the database's schema is version {version}, newer than this warreader knows ({known});"
        " upgrade warreader to use it",
    )


def migrate_connection(conn: Any, target: int | None = None) -> list[int]:
    """Bring the database of ``conn`` (a psycopg connection, not in a transaction) to ``target``
    (default: :func:`latest`); the versions this call applied."""
    wanted = migrations()
    target = len(wanted) if target is None else target
    applied: list[int] = []
    with conn.transaction():  # up to date: no lock, no DDL (a read-only role may open it too)
        version = current_version(conn)
    if version > len(wanted):
        raise StoreError(_newer(version, len(wanted)))
    if version >= target:
        return applied
    for migration in wanted[:target]:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute(VERSION_TABLE)
            version = current_version(conn)
            if version > len(wanted):
                raise StoreError(_newer(version, len(wanted)))
            if version >= migration.version:
                continue
            if version != migration.version - 1:  # cannot happen: each step is taken in order
                raise RuntimeError(f"schema at version {version}, next migration {migration.version}")
            conn.execute(migration.sql)
            conn.execute(
                "INSERT INTO schema_version(version, name) VALUES (%s, %s)",
                (migration.version, migration.name),
            )
            applied.append(migration.version)
    return applied


def migrate(location: Location, target: int | None = None) -> list[int]:
    """Connect to ``location`` and migrate it (see :func:`migrate_connection`); raises StoreError."""
    import psycopg

    from warreader.store.pg.connection import connect

    conn = connect(location)
    try:
        return migrate_connection(conn, target)
    except psycopg.Error as error:
        raise StoreError(classify(error, location)) from None
    finally:
        conn.close()
