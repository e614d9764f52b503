"""The corpus index in PostgreSQL: :class:`warreader.store.index.Index` with the same tables.

Everything the index reads and the ingest path writes goes through ``index.conn`` as on SQLite
(:class:`warreader.store.pg.dialect.PgConnection` translates the statements), with the same packed
blobs (bodies as zstd frames, marks, stops; see migration 0003). What is PostgreSQL's own is
here: opening (the schema is migrated, never rebuilt from a file), ``--rebuild`` (the sources
under the run's paths read and extracted again, every other machine's left as they are;
``--rebuild-all``: the tables emptied in one transaction), sizes, and full-text search (a
tsvector per article, in its language's configuration, with a GIN index, instead of FTS5).

One database holds the union of the folders its users index, from any machine: a sync treats as
gone only the sources under the paths it was given (:meth:`PgIndex.scope`), numbers nothing as it
stores (several may store at once) and renumbers and regroups in one transaction under the
index's lock, so it sees every other writer's committed rows; reading order is by the folders
each sync was given, then the walk's order (see :mod:`warreader.store.pg.dialect`). Articles are
keyed by content as well (the file's hash and their place in it): one file under two paths is
stored once (:meth:`PgIndex.stored_elsewhere`, migration 0004).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from warreader.derivation import derivation
from warreader.store.files import db_key
from warreader.store.index import Index
from warreader.store.packing import Bodies
from warreader.store.pg.dialect import PgConnection
from warreader.store.pg.errors import OUTDATED, Problem, StoreError
from warreader.store.pg.location import Location

T = TypeVar("T")

TABLES = "sources, articles, dicts, forms, postings, names, stops, exceptions, fresh, deltas, groups"
"""The index's tables (meta aside): what ``--rebuild-all`` empties (the corrections' are kept)."""


class _NoUsers:
    """No lock file: PostgreSQL has its own locks."""

    holders = 1

    def release(self) -> None:
        pass


def _connect(location: Location) -> PgConnection:
    from warreader.store.pg.connection import connect

    return PgConnection(connect(location, autocommit=True))


class PgIndex(Index):
    """The index of the database at ``location`` (created or migrated on opening)."""

    def __init__(
        self,
        location: Location,
        *,
        rebuild: bool = False,
        paths: Sequence[str | os.PathLike[str]] = (),
        rebuild_all: bool = False,
    ) -> None:
        """``rebuild``: the next sync reads and extracts again every file under ``paths`` (the
        run's scope), not only those that changed; the other folders' articles, the groups' other
        members and the corrections stay, and the sync's numbering and grouping still see them.
        ``rebuild_all``: the whole database's index is emptied first (every machine's folders)."""
        from warreader.store.pg.migrations import migrate

        self.location = location
        self.path = Path(location.dbname)
        self.file = self.path
        self.message = ""
        self._build_lock = None
        self._users: Any = _NoUsers()
        self._closed = False
        self.codec = Bodies()
        migrate(location)
        self.conn: Any = _connect(location)
        self._read_only: bool | None = None
        self._rebuild = rebuild and not rebuild_all
        """Whether the next :meth:`scope` marks its sources to be read again (``--rebuild``)."""
        if rebuild_all:
            self._empty()

    def scope(self, paths: Sequence[str | os.PathLike[str]]) -> Callable[[str], bool]:
        """A sync of ``paths`` begins (:func:`warreader.ingest.sync.sync` asks): the sources it
        stores or places are marked as its own (the session's ``warreader.root``, written by
        migration 0004's trigger), and what it returns tells the sources under ``paths`` (stored
        keys): only those can be gone. The others are other folders of the team's corpus."""
        roots = [os.fsdecode(os.fspath(p)) for p in paths]
        self.conn.execute("SELECT set_config('warreader.root', ?, false)", (json.dumps(roots),))
        inside = functools.partial(under, [db_key(root) for root in roots])
        if self._rebuild:
            self._rebuild = False
            self._read_again(inside)
        return inside

    def _read_again(self, inside: Callable[[str], bool]) -> None:
        """``--rebuild`` of the run's paths: their sources are marked as never read (no hash, no
        mtime), so the sync extracts each again and replaces its articles; a file gone from them
        is removed as in any sync. Nothing outside them is touched."""
        with self.transaction():
            ids = [row[0] for row in self.conn.execute("SELECT id, path FROM sources") if inside(row[1])]
            for first in range(0, len(ids), 1000):
                part = ids[first : first + 1000]
                self.conn.execute(
                    f"UPDATE sources SET hash='', mtime_ns=-1 WHERE id IN ({','.join('?' * len(part))})", part
                )
            if ids:
                self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")

    def stored_elsewhere(self, content_hash: str, source_id: int) -> bool:
        """Whether a source placed by another sync (the same file under another machine's path)
        holds the articles of a file with ``content_hash``: the writer then stores the source
        without them (migration 0004). Copies within one sync's folders are kept, as on SQLite."""
        if not content_hash:
            return False
        row = self.conn.execute(
            "SELECT EXISTS(SELECT 1 FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.key = ?"
            " AND a.source_id <> ? AND s.root <> current_setting('warreader.root', true))",
            (content_hash + ":0", source_id),
        ).fetchone()
        return bool(row and row[0])

    @property
    def read_only(self) -> bool:
        """This role may read the index but not write it, or this release may not (the database
        was extracted by a newer one, :attr:`outdated`): it is read as the database holds it (a
        sync would write), once some role with rights has built it."""
        if self._read_only is None:
            (writable,) = self.conn.execute("SELECT has_table_privilege('articles', 'INSERT')").fetchone()
            self._read_only = (not writable or self.outdated) and self.complete
            if self._read_only:
                self.message = (
                    "this role may only read: the index is shown as the database holds it"
                    if not writable
                    else "indexed by a newer warreader: shown as the database holds it (upgrade to index)"
                )
        return self._read_only

    @property
    def outdated(self) -> bool:
        """The database was extracted by a newer release than this one (a digest it recorded
        before its last): this one must not write its older mentions into it (see
        :mod:`warreader.ingest.rederive`)."""
        history = json.loads(self.meta("derivations") or "[]")
        mine = derivation()
        return mine in history and history[-1] != mine

    @property
    def refusal(self) -> str:
        """Why this process may not index into the database ("" if it may)."""
        return OUTDATED.message if self.outdated else ""

    @property
    def where(self) -> str:
        return self.location.shown

    def _empty(self) -> None:
        with self.transaction():
            self.conn.execute(f"TRUNCATE {TABLES} RESTART IDENTITY")
            self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
            self.conn.execute("DELETE FROM meta WHERE key NOT IN ('schema', 'generation')")

    def reconnect(self) -> None:
        """A new connection in place of one the server dropped (raises StoreError while it is away)."""
        old = self.conn
        with contextlib.suppress(Exception):
            old.close()
        self.conn = _connect(self.location)
        self.conn.stored = old.stored

    @property
    def stored(self) -> int:
        """Articles this process stored and committed (kept whatever happens next)."""
        return int(self.conn.stored)

    def resuming(self, run: Callable[[], T], say: Callable[[str], None]) -> T:
        """``run()`` (a sync), run again after the server went away and came back (see
        :mod:`warreader.store.pg.resume`)."""
        from warreader.store.pg.resume import resuming

        return resuming(self, run, say)

    def reopen(self) -> PgIndex:
        other = PgIndex.__new__(PgIndex)
        other.__dict__.update(self.__dict__)
        other.codec = Bodies()
        other.conn = _connect(self.location)
        other._closed = False
        return other

    def publish(self) -> None:  # never building: nothing to publish
        pass

    def recover(self, why: str) -> None:
        raise StoreError(Problem("other", f"{self.location.shown}: {why}"))

    def checkpoint(self) -> None:
        pass

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            with contextlib.suppress(Exception):  # a server gone: nothing left to close
                self.conn.close()

    def size_on_disk(self) -> int:
        (size,) = self.conn.execute("SELECT pg_database_size(current_database())").fetchone()
        return int(size)

    # -- full text -------------------------------------------------------------------

    def add_text(self, article_id: int, title: str, body: str, language: str) -> None:
        body = body.replace("\x00", " ")
        self.conn.execute(
            "UPDATE articles SET search = warreader_tsvector(?, ?, ?, ?, ?) WHERE id=?",
            (language, title, body, plain(title), plain(body), article_id),
        )

    def drop_text(self, article_id: int, title: str, body: bytes) -> None:
        pass  # the row's own column: deleted with it

    def search(self, query: str, limit: int | None = None) -> list[int]:
        """Ords of the articles with the words of ``query`` as a phrase, the last a word start
        (stemmed by each language's rules), in reading order."""
        words, prefix = phrase(query)
        if not words:
            return []
        sql = "SELECT ord FROM articles WHERE search @@ warreader_phrase(?, ?, ?) ORDER BY ord"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [row[0] for row in self.conn.execute(sql, (words, [plain(w) for w in words], prefix))]

    def search_from(self, query: str, ord_: int, limit: int, forward: bool = True) -> list[int]:
        words, prefix = phrase(query)
        if not words or limit <= 0:
            return []
        sql = (
            "SELECT ord FROM articles WHERE search @@ warreader_phrase(?, ?, ?)"
            f" AND ord {'>' if forward else '<'} ?"
            f" ORDER BY ord{'' if forward else ' DESC'} LIMIT {int(limit)}"
        )
        return [row[0] for row in self.conn.execute(sql, (words, [plain(w) for w in words], prefix, ord_))]


def under(roots: Sequence[str], key: str) -> bool:
    """Whether the stored source ``key`` was found under one of ``roots`` (a folder, a file given
    by name, a URL): the walk names a folder's files by the folder's path and the path inside."""
    for root in roots:
        if key == root:
            return True
        if root in ("", "."):
            if not os.path.isabs(key):
                return True
        elif key.startswith(root if root.endswith(os.sep) else root + os.sep):
            return True
    return False


def phrase(query: str) -> tuple[list[str], bool]:
    """The words of ``query`` and whether the last is a prefix (as :func:`fts_query` reads it)."""
    words = re.findall(r"\w+", query)
    return [w.lower() for w in words], bool(words) and query.rstrip()[-1:].isalnum()


def _latin_folds() -> dict[int, str]:
    """Latin letters with diacritics → the letters without (ä → a, ł → l, ß stays)."""
    import unicodedata

    folds = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if base and base != char and base.isascii():
            folds[code] = base
    folds.update({ord("ł"): "l", ord("Ł"): "L", ord("ø"): "o", ord("Ø"): "O", ord("đ"): "d", ord("Đ"): "D"})
    return folds


_FOLDS: dict[int, str] = {}


def plain(text: str) -> str:
    """``text`` without the diacritics of its Latin letters (what SQLite's FTS5 tokenizer ignores)."""
    if not _FOLDS:
        _FOLDS.update(_latin_folds())
    return text.translate(_FOLDS)
