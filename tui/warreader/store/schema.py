"""The index's schema, its connections and transactions (SQLite, WAL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 60_000
ADDED_INDEXES = (
    "CREATE INDEX IF NOT EXISTS articles_id_ord ON articles(id, ord)",
    "CREATE INDEX IF NOT EXISTS articles_path ON articles(path)",
    "CREATE TABLE IF NOT EXISTS deltas(gid INTEGER PRIMARY KEY, steps INTEGER NOT NULL,"
    " articles INTEGER NOT NULL)",
    # The files that could not be read, listed before the first frame: without it, a scan of
    # every source (20 ms at 100k).
    "CREATE INDEX IF NOT EXISTS sources_problems ON sources(ord) WHERE problems <> '[]'",
)
"""Indexes and tables of the current format that an index built by an earlier release may lack."""

# Format 4 stores what is derived compactly (issue 17): bodies as zstd frames (see
# :mod:`warreader.store.packing`), one article's mentions packed in its row (``marks``), the
# full-text index contentless (the text is stored once, in ``articles``), and where n / N stop
# as one row per (group, article) (``stops``) beside a posting of (form, article) pairs.
SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash TEXT NOT NULL,
    ord INTEGER NOT NULL,
    problems TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE articles(
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    language TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    body BLOB NOT NULL,
    words INTEGER NOT NULL,
    marks BLOB NOT NULL,
    dates BLOB NOT NULL,
    stopped BLOB NOT NULL DEFAULT x''
);
CREATE INDEX articles_ord ON articles(ord);
CREATE INDEX articles_source ON articles(source_id, pos);
CREATE INDEX articles_id_ord ON articles(id, ord);
CREATE INDEX articles_path ON articles(path);
CREATE TABLE dicts(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE forms(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    key TEXT NOT NULL,
    language TEXT NOT NULL,
    detail TEXT NOT NULL,
    grp TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    first_article INTEGER,
    first_idx INTEGER,
    UNIQUE(kind, text, key, language, detail)
);
CREATE TABLE postings(form INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY(form, article_id))
    WITHOUT ROWID;
CREATE TABLE names(id INTEGER PRIMARY KEY, grp TEXT NOT NULL UNIQUE);
CREATE TABLE stops(
    gid INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    n INTEGER NOT NULL,
    marks BLOB NOT NULL,
    PRIMARY KEY(gid, ord)
) WITHOUT ROWID;
CREATE TABLE exceptions(
    article_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    form INTEGER NOT NULL,
    grp TEXT NOT NULL,
    PRIMARY KEY(article_id, idx)
) WITHOUT ROWID;
CREATE TABLE fresh(article_id INTEGER PRIMARY KEY);
CREATE TABLE deltas(gid INTEGER PRIMARY KEY, steps INTEGER NOT NULL, articles INTEGER NOT NULL);
CREATE TABLE groups(
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    variants TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    steps INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    detail TEXT NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE search USING fts5(
    title, body, content='', tokenize='unicode61 remove_diacritics 2'
);
"""


FormKey = tuple[str, str, str, str, str]
"""A form: (kind, text, key, article language, detail)."""


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-32000")
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


class Transaction:
    """``with``: BEGIN IMMEDIATE … COMMIT, rolled back on error (nested uses join the outer one)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        self.outer = not self.conn.in_transaction
        if self.outer:
            self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if not self.outer:
            return
        if kind is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
