"""The persistent corpus index: one SQLite file per corpus in the user's cache folder (passive).

It holds what reading and extraction found — sources (path, size, mtime, content hash,
problems), articles (title, date, language, source, url, body; full-text searchable with
FTS5), mentions, dates written in the text, and the variant groups — so that re-opening a
corpus reads the index, not the files. This module opens, checks, replaces and reads it; what
is written into it, and when, is the ingest path's (:mod:`warreader.ingest`), the only writer.

Safety: WAL journal, a busy timeout and short write transactions, so two warreader processes
on the same corpus wait for each other instead of corrupting it. A file that is not a readable
index (damaged, truncated, from a newer or older schema) is rebuilt in a build file that
replaces it when complete (see :mod:`warreader.store.files`), and :attr:`Index.message` says so.

Reading order: ``articles.ord`` numbers the articles 0… in the order the reader would
yield them (sources in discovery order, articles in file order); ``mentions.ord`` repeats it
so that stepping to the next mention of a group is one indexed query. What a mention says is
its *form* (``forms``: kind, text, key, article language, detail), shared by every mention
that says the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from warreader.corpus.problem import Problem
from warreader.model import Article, DateMention, Mention, parse_iso
from warreader.store.files import (
    BUILDING,
    KEEP_DAYS,
    SUFFIX,
    IndexDamaged,
    Users,
    alone,
    confirmed_damage,
    index_path,
    lock,
    looks_damaged,
    move_aside,
    remove_database,
    shared_again,
)
from warreader.store.packing import Bodies, unpack_dates, unpack_marks, unpack_stops
from warreader.store.raw_mentions import RawMentions
from warreader.store.schema import BUSY_TIMEOUT_MS, SCHEMA, SCHEMA_VERSION, Transaction, connect


def _date(value: str | None) -> dt.date | None:
    return parse_iso(value)  # YYYY-MM-DD, or a month or year ("2024-02")


class Index(RawMentions):
    """An open index file. Reading methods may be called from any one thread at a time."""

    def __init__(self, path: Path, *, rebuild: bool = False) -> None:
        self.path = Path(path)
        """The corpus's index: what readers open. A full build writes :attr:`file` instead."""
        self.file = self.path
        """The file this index reads and writes: :attr:`path`, or the build file while a full build runs."""
        self.message = ""
        """What happened on opening (a damaged index moved aside, a schema rebuild), else ""."""
        self._build_lock: Any = None
        """The open lock file while this index builds :attr:`file` (one builder per corpus)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._users = Users(lock(self.path.with_name(self.path.name + ".users"), shared=True))
        """The shared lock every process holds while it has this corpus's index open."""
        self._closed = False
        self.codec = Bodies()
        """Compresses and decompresses bodies with this index's dictionaries."""
        if not self.path.exists():
            self.prune(self.path.parent, keep=self.path)  # a new corpus: forget long-unused ones
        else:
            with contextlib.suppress(OSError):
                os.utime(self.path)  # opened: kept by pruning
        try:
            self.conn = self._open(rebuild)
        except BaseException:
            self._unlock()
            self._users.release()
            raise

    @staticmethod
    def prune(directory: Path, days: float = KEEP_DAYS, keep: Path | None = None) -> list[Path]:
        """Delete indexes (and damaged copies) not opened for ``days`` days; return what went."""
        limit = time.time() - days * 86400
        gone = []
        for path in directory.glob("*" + SUFFIX + "*"):
            try:
                if path != keep and path.stat().st_mtime < limit:
                    path.unlink()
                    gone.append(path)
            except OSError:
                continue
        return gone

    @classmethod
    def for_paths(
        cls, paths: Sequence[str | os.PathLike[str]], *, rebuild: bool = False, directory: Path | None = None
    ) -> Index:
        return cls(index_path(paths, directory), rebuild=rebuild)

    def reopen(self) -> Index:
        """Another connection to the same file (a build file too): for a second thread."""
        other = Index.__new__(Index)
        other.__dict__.update(self.__dict__)
        other.codec = Bodies()
        other.conn = connect(self.file)  # the build lock is shared: whichever publishes releases it
        other._closed = False
        self._users.holders += 1
        return other

    @property
    def where(self) -> str:  # to show: a file here, a database's redacted URL on PostgreSQL
        return str(self.path)

    @property
    def building(self) -> bool:
        """A full build is under way: it is written to :attr:`file`, and replaces :attr:`path` when done."""
        return self.file != self.path

    # -- opening, checking, rebuilding -----------------------------------------------
    #
    # A full build (a new corpus, --rebuild, a damaged index or one of another format) never
    # writes the index that readers open: it writes a build file beside it and replaces the
    # index only once it is complete (:meth:`publish`). A failed or interrupted rebuild leaves
    # the previous index as it was; an interrupted first build is resumed by the next one.

    def _open(self, rebuild: bool) -> sqlite3.Connection:
        if not self.path.exists():
            return self._start_build(fresh=False)
        why = looks_damaged(self.path)
        if why:  # confirmed by SQLite: a file another process is checkpointing can look truncated
            why = confirmed_damage(self.path, why)
        if why:
            return self._recover(why)
        try:
            conn = connect(self.path)
            version = self._version(conn)
        except sqlite3.DatabaseError as error:
            with contextlib.suppress(NameError, sqlite3.Error):
                conn.close()
            return self._recover(str(error))
        if version is None:  # an empty file: nothing to keep
            conn.close()
            return self._start_build(fresh=True)
        if version != SCHEMA_VERSION or rebuild:
            if not rebuild:
                self.message = f"index format {version} replaced by format {SCHEMA_VERSION}: rebuilding"
            conn.close()
            return self._start_build(fresh=True)
        return conn

    @staticmethod
    def _version(conn: sqlite3.Connection) -> int | None:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables:
            if tables:
                raise sqlite3.DatabaseError("not a warreader index")
            return None
        row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        conn.execute("SELECT count(*) FROM groups").fetchone()
        return int(row[0]) if row else -1

    def _recover(self, why: str) -> sqlite3.Connection:
        if not alone(self._users.handle):
            raise IndexDamaged(
                f"the index {self.path} is damaged ({why}) and another warreader process has it open: "
                "close that one, then start again"
            )
        try:
            moved = move_aside(self.path)
        finally:
            shared_again(self._users.handle)
        self.message = f"the index could not be read ({why}): kept as {moved.name}, rebuilding"
        return self._start_build(fresh=True)

    def _start_build(self, *, fresh: bool) -> sqlite3.Connection:
        """Open the build file (``fresh``: emptied first; else a build left unfinished is resumed)."""
        target = self.path.with_name(self.path.name + BUILDING)
        self._build_lock = lock(self.path.with_name(self.path.name + ".lock"))
        if not fresh and self.path.exists():  # another process finished a build while we waited
            self._unlock()
            return self._open(rebuild=False)
        self.file = target
        if fresh or looks_damaged(target):
            remove_database(target)
        try:
            conn = connect(target)
            version = self._version(conn)
        except sqlite3.DatabaseError:
            with contextlib.suppress(NameError, sqlite3.Error):
                conn.close()
            version = -1
        if version is not None and version != SCHEMA_VERSION:  # a build file of another release
            conn.close()
            remove_database(target)
            conn = connect(target)
        if version != SCHEMA_VERSION:
            self._create(conn)
        return conn

    def publish(self) -> None:
        """A complete build replaces the index readers open, in one step; the build file goes."""
        # Rows written in the build's order leave pages part empty (10k articles: 60 -> 55 MB in
        # 0.7 s); nobody reads the build file yet, so it is compacted now, through a temporary
        # file (in memory, the copy of a 100k index took the process to 584 MB; on disk 81 MB).
        with contextlib.suppress(sqlite3.OperationalError):
            self.conn.execute("PRAGMA temp_store=FILE")
            try:
                self.conn.execute("VACUUM")
            finally:
                self.conn.execute("PRAGMA temp_store=MEMORY")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if self.path.exists():
            # A rebuild: copied into the index in one SQLite transaction, so a process reading the
            # old index keeps a consistent view and then sees the new one (a renamed file would
            # leave it reading a deleted one, beside a journal that is not its own).
            live = connect(self.path)
            try:
                self.conn.backup(live)
            finally:
                live.close()
            self.conn.close()
            remove_database(self.file)
        else:
            self.conn.close()
            for extra in ("-wal", "-shm"):  # strays of a file that is gone would be read as its journal
                Path(str(self.path) + extra).unlink(missing_ok=True)
            os.replace(self.file, self.path)
            for extra in ("-wal", "-shm"):
                Path(str(self.file) + extra).unlink(missing_ok=True)
        self.file = self.path
        self._unlock()
        self.conn = connect(self.path)

    def _unlock(self) -> None:
        if self._build_lock is not None:
            self._build_lock.close()  # closing the file releases the lock
            self._build_lock = None

    @staticmethod
    def _create(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "meta" not in tables:  # another process may have created it while we waited
                for statement in SCHEMA.split(";\n"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                conn.execute("INSERT INTO meta VALUES ('generation', '0')")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        self._unlock()
        if not self._closed:
            self._closed = True
            self._users.release()

    # -- meta --------------------------------------------------------------------------

    def meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_meta(self, key: str, value: object) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(value)))

    @property
    def generation(self) -> int:
        """Grows by one with every change of the stored corpus (any process)."""
        return int(self.meta("generation", "0"))

    @property
    def complete(self) -> bool:
        """A sync has finished at least once: the index holds a whole corpus with its groups."""
        return self.meta("grouped") == "1" and self.meta("synced") != ""

    # -- writing (the ingest path calls these) ----------------------------------------

    def transaction(self) -> Transaction:
        """``with``: one write transaction on this index (see :class:`Transaction`)."""
        return Transaction(self.conn)

    def recover(self, why: str) -> None:
        """The index is damaged (``why``): move it aside and start a fresh build in its place."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        self._unlock()
        damaged_build, self.file = self.building, self.path
        if damaged_build or not self.path.exists():  # a damaged build file is started again
            self.conn = self._start_build(fresh=True)
        else:
            self.conn = self._recover(why)

    def add_text(self, article_id: int, title: str, body: str, language: str) -> None:
        """Make a stored article findable by :meth:`search` (the full-text index, FTS5 here)."""
        self.conn.execute(
            "INSERT INTO search(rowid, title, body) VALUES (?, ?, ?)", (article_id, title, body)
        )

    def drop_text(self, article_id: int, title: str, body: bytes) -> None:
        """Take a stored article (``body`` as stored) out of the full-text index, before deleting it."""
        sql = "INSERT INTO search(search, rowid, title, body) VALUES('delete', ?, ?, ?)"
        self.conn.execute(sql, (article_id, title, self.body_text(body)))

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the main file (keeps the -wal file small), without waiting.

        TRUNCATE calls the busy handler while any reader holds an older snapshot (the screen's
        connection, a cursor not read to its end): with the usual busy timeout, a quitting app
        waited 60 s here. With none, a busy log is folded in by a later checkpoint."""
        with contextlib.suppress(sqlite3.OperationalError):  # busy: folded in later
            self.conn.execute("PRAGMA busy_timeout=0")
            try:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    # -- reading -----------------------------------------------------------------------

    def article_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def body_text(self, blob: bytes) -> str:
        """The text of a stored body."""
        number = blob[0]
        if not self.codec.known(number):
            row = self.conn.execute("SELECT data FROM dicts WHERE id=?", (number,)).fetchone()
            self.codec.learn(number, bytes(row[0]))
        return self.codec.unpack(blob)

    def marks(self, article_id: int, marks: bytes) -> list[Mention]:
        """The mentions of article ``article_id`` stored as ``marks``, with their groups."""
        forms, starts, ends = unpack_marks(marks)
        if not forms:
            return []
        wanted = sorted(set(forms))
        known = {
            row[0]: row[1:]
            for row in self.conn.execute(
                "SELECT id, kind, text, key, detail, grp FROM forms"
                f" WHERE id IN ({','.join('?' * len(wanted))})",
                wanted,
            )
        }
        groups = [known[f][4] for f in forms]
        for idx, grp in self.conn.execute(
            "SELECT idx, grp FROM exceptions WHERE article_id=?", (article_id,)
        ):
            groups[idx] = grp
        return [
            Mention(known[f][0], known[f][1], start, end, known[f][2], grp, known[f][3])
            for f, start, end, grp in zip(forms, starts, ends, groups, strict=True)
        ]

    def article(self, ord_: int) -> Article | None:
        """Article number ``ord_`` in reading order, with its mentions and dates."""
        row = self.conn.execute(
            "SELECT id, path, title, date, language, source, url, body, marks, dates"
            " FROM articles WHERE ord=?",
            (ord_,),
        ).fetchone()
        if row is None:
            return None
        article_id, path, title, date, language, source, url, body, marks, dates = row
        mentions = self.marks(article_id, marks)
        found = [
            DateMention(text, start, end, _date(value)) for text, start, end, value in unpack_dates(dates)
        ]
        return Article(path, title, _date(date), language, self.body_text(body), source, url, mentions, found)

    def rows(self, start: int, stop: int) -> list[tuple[int, str, str, str, str, str]]:
        """(ord, date, title, language, source, path) of articles ``start``…``stop - 1``, for lists."""
        return self.conn.execute(
            "SELECT ord, coalesce(date, ''), title, language, source, path FROM articles"
            " WHERE ord >= ? AND ord < ? ORDER BY ord",
            (start, stop),
        ).fetchall()

    def groups(self) -> list[tuple[str, str, str, list[str], int, int, int, str]]:
        """(id, kind, name, variants, mentions, steps, articles, detail) of every group."""
        return [
            (gid, kind, name, json.loads(variants), mentions, steps, articles, detail)
            for gid, kind, name, variants, mentions, steps, articles, detail in self.conn.execute(
                "SELECT id, kind, name, variants, mentions, steps, articles, detail FROM groups"
            )
        ]

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        for (problems,) in self.conn.execute(
            "SELECT problems FROM sources WHERE problems <> '[]' ORDER BY ord"
        ):
            found.extend(Problem(where, message) for where, message in json.loads(problems))
        return found

    def group_paths(self, group_id: str) -> list[str]:
        """Paths of the articles that mention ``group_id``, in reading order."""
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT a.path FROM stops s JOIN articles a INDEXED BY articles_ord ON a.ord = s.ord"
                " WHERE s.gid=(SELECT id FROM names WHERE grp=?) ORDER BY s.ord",
                (group_id,),
            )
        ]

    def walk(self, group_id: str) -> list[tuple[int, int, int]]:
        """(article ord, mention idx, start) of every mention n / N stop at, in reading order."""
        return [
            (ord_, idx, start)
            for ord_, marks in self.conn.execute(
                "SELECT ord, marks FROM stops WHERE gid=(SELECT id FROM names WHERE grp=?) ORDER BY ord",
                (group_id,),
            )
            for start, idx in unpack_stops(marks)
        ]

    def walk_arrays(self, group_id: str) -> tuple[Any, Any, Any]:
        """:meth:`walk` as numpy arrays (ord, idx, start): the stops of 53,000 articles unpacked
        at once, not as 640,000 tuples (3.8 s of the 5 s that applying 40 corrections took at 100k)."""
        import numpy as np

        rows = self.conn.execute(
            "SELECT ord, marks FROM stops WHERE gid=(SELECT id FROM names WHERE grp=?) ORDER BY ord",
            (group_id,),
        ).fetchall()
        blobs = [marks for _, marks in rows if marks]
        if not blobs:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        kinds = {blob[0] for blob in blobs}
        if len(kinds) == 1:  # one width (almost always): one buffer
            kind = np.dtype(chr(kinds.pop()))
            counts = np.array([(len(blob) - 1) // (2 * kind.itemsize) for blob in blobs], dtype=np.int64)
            flat = np.frombuffer(b"".join(blob[1:] for blob in blobs), dtype=kind).astype(np.int64)
        else:
            parts = [np.frombuffer(blob, dtype=np.dtype(chr(blob[0])), offset=1) for blob in blobs]
            counts = np.array([len(part) // 2 for part in parts], dtype=np.int64)
            flat = np.concatenate([part.astype(np.int64) for part in parts])
        deltas, idx = flat[0::2], flat[1::2]
        running = np.cumsum(deltas)
        firsts = np.cumsum(counts) - counts  # where each article's stops begin
        starts = running - np.repeat(running[firsts] - deltas[firsts], counts)
        ords = np.repeat(np.array([o for o, marks in rows if marks], dtype=np.int64), counts)
        return ords, idx, starts

    def stops_per_article(self, group_id: str) -> dict[int, int]:
        """Article ord → how many stops of ``group_id`` it holds (one row per article, no mark
        unpacked)."""
        return dict(
            self.conn.execute(
                "SELECT ord, n FROM stops WHERE gid=(SELECT id FROM names WHERE grp=?) ORDER BY ord",
                (group_id,),
            )
        )

    def next_mention(
        self, group_id: str, ord_: int, offset: int, forward: bool = True
    ) -> tuple[int, int, int] | None:
        """The first stop of ``group_id`` after (ord_, offset), or the last one before it; no wrapping."""
        gid = "(SELECT id FROM names WHERE grp=?)"
        if forward:
            sql = f"SELECT ord, marks FROM stops WHERE gid={gid} AND ord >= ? ORDER BY ord LIMIT 2"
        else:
            sql = f"SELECT ord, marks FROM stops WHERE gid={gid} AND ord <= ? ORDER BY ord DESC LIMIT 2"
        for found, marks in self.conn.execute(sql, (group_id, ord_)).fetchall():
            stops = unpack_stops(marks)
            if forward:
                after = [(s, i) for s, i in stops if found > ord_ or s > offset]
                if after:
                    return (found, after[0][1], after[0][0])
            else:
                before = [(s, i) for s, i in stops if found < ord_ or s < offset]
                if before:
                    return (found, before[-1][1], before[-1][0])
        return None

    def count_before(self, group_id: str, ord_: int, start: int) -> int:
        """How many stops of ``group_id`` come before (ord_, start)."""
        gid = "(SELECT id FROM names WHERE grp=?)"
        (before,) = self.conn.execute(
            f"SELECT coalesce(sum(n), 0) FROM stops WHERE gid={gid} AND ord < ?", (group_id, ord_)
        ).fetchone()
        row = self.conn.execute(
            f"SELECT marks FROM stops WHERE gid={gid} AND ord = ?", (group_id, ord_)
        ).fetchone()
        if row is not None:
            before += sum(1 for s, _ in unpack_stops(row[0]) if s < start)
        return int(before)

    def search(self, query: str, limit: int | None = None) -> list[int]:
        """Ords of the articles whose words start with the words of ``query`` (FTS5), in reading order."""
        terms = fts_query(query)
        if not terms:
            return []
        # The reading order of each match comes from the small (id, ord) index: looking it up in
        # the articles table would read a page per matching article (84 -> 25 ms for 35,000).
        sql = (
            "SELECT a.ord FROM search JOIN articles a INDEXED BY articles_id_ord ON a.id = search.rowid"
            " WHERE search MATCH ? ORDER BY a.ord"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        try:
            return [row[0] for row in self.conn.execute(sql, (terms,))]
        except sqlite3.OperationalError as error:
            if "articles_id_ord" not in str(error):  # an index made before it (until its next sync)
                raise
            return [
                row[0] for row in self.conn.execute(sql.replace(" INDEXED BY articles_id_ord", ""), (terms,))
            ]

    def search_from(self, query: str, ord_: int, limit: int, forward: bool = True) -> list[int]:
        """The first ``limit`` ords of :meth:`search` after ``ord_`` (before it, nearest first, when
        not ``forward``): what the reader steps to from the open article, without sorting every
        match (a common word at 100,000 articles: 35,000 of them, 25-40 ms, against 3-14 here)."""
        terms = fts_query(query)
        if not terms or limit <= 0:
            return []
        (few,) = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ? LIMIT ?)", (terms, FEW_MATCHES)
        ).fetchone()
        if few < FEW_MATCHES:  # all of them sorted costs less than walking the corpus to find them
            ords = self.search(query)
            chosen = [o for o in ords if o > ord_] if forward else [o for o in reversed(ords) if o < ord_]
            return chosen[:limit]
        # Walked in reading order on the small ord index, each article checked against the
        # matches (SQLite lists the subquery once); driven from the matches instead, the planner
        # looks every one up in the articles table (45 ms).
        sql = (
            "SELECT ord FROM articles INDEXED BY articles_ord"
            f" WHERE ord {'>' if forward else '<'} ?"
            " AND id IN (SELECT rowid FROM search WHERE search MATCH ?)"
            f" ORDER BY ord{'' if forward else ' DESC'} LIMIT {int(limit)}"
        )
        try:
            return [row[0] for row in self.conn.execute(sql, (ord_, terms))]
        except sqlite3.OperationalError as error:
            if "articles_ord" not in str(error):
                raise
            return [
                row[0]
                for row in self.conn.execute(sql.replace(" INDEXED BY articles_ord", ""), (ord_, terms))
            ]

    def bodies(self, ords: Sequence[int] | None = None) -> Iterator[tuple[int, str]]:
        """(ord, body) of the articles ``ords`` (None: all), in reading order."""
        if ords is None:
            for ord_, body in self.conn.execute("SELECT ord, body FROM articles WHERE ord >= 0 ORDER BY ord"):
                yield ord_, self.body_text(body)
            return
        for start in range(0, len(ords), 500):
            part = list(ords[start : start + 500])
            marks = ",".join("?" * len(part))
            for ord_, body in self.conn.execute(
                f"SELECT ord, body FROM articles WHERE ord IN ({marks}) ORDER BY ord", part
            ).fetchall():
                yield ord_, self.body_text(body)

    def position(self, path: str) -> int | None:
        row = self.conn.execute("SELECT min(ord) FROM articles WHERE path=? AND ord >= 0", (path,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def size_on_disk(self) -> int:
        return sum(
            Path(str(self.file) + extra).stat().st_size
            for extra in ("", "-wal", "-shm")
            if Path(str(self.file) + extra).exists()
        )


FEW_MATCHES = 2000
"""Up to this many articles matching, :meth:`Index.search_from` sorts them all (a query that
matches none walked the whole ord index: 5-11 ms at 100k)."""


def fts_query(query: str) -> str:
    """An FTS5 query for ``query``: its words as one phrase, the last word as a prefix."""
    import re

    words = re.findall(r"\w+", query)
    if not words:
        return ""
    phrase = " ".join(words)
    return f'"{phrase}"' + ("*" if query.rstrip()[-1:].isalnum() else "")
