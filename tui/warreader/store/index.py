"""The persistent corpus index: one SQLite file per corpus in the user's cache folder.

It holds what reading and extraction found — sources (path, size, mtime, content hash,
problems), articles (title, date, language, source, url, body; full-text searchable with
FTS5), mentions, dates written in the text, and the variant groups — so that re-opening a
corpus reads the index, not the files. :meth:`Index.sync` brings it up to date: files whose
size and mtime are unchanged are skipped, changed ones are hashed and re-extracted only when
their content differs, removed ones are dropped, and the groups are then rebuilt from the
stored mentions (grouping is corpus-wide).

Safety: WAL journal, a busy timeout and one transaction per batch, so two warreader
processes on the same corpus wait for each other instead of corrupting it. A file that is
not a readable index (damaged, truncated, from a newer or older schema) is moved aside or
rebuilt, and :attr:`Index.message` says so.

Reading order: ``articles.ord`` numbers the articles 0… in the order the reader would
yield them (sources in discovery order, articles in file order); ``mentions.ord`` repeats it
so that stepping to the next mention of a group is one indexed query.

Mentions and forms: a mention stores where it is (article, position, span), its group and
whether n / N stop at it; what it says is its *form* (``forms``: kind, text, key, article
language, detail), shared by every mention that says the same. Forms are never deleted, so
a form's id stays valid in every process. Regrouping counts the few thousand forms with one
scan of an index instead of reading every mention (:func:`warreader.nlp.grouping.group_forms`)
and writes only the mentions whose group changed. A mention is stored with the group its
form had at the last regrouping (or a guess: a gazetteer place's group is its key), so on a
first build, too, few mentions change. ``mentions.step`` follows from the groups of one
article's mentions and is computed again only for articles whose groups changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warreader.corpus.article import Article, DateMention, Mention
from warreader.corpus.build import safe_path
from warreader.corpus.problem import Problem
from warreader.derivation import derivation

SCHEMA_VERSION = 3
ENV_CACHE = "WARREADER_CACHE_DIR"
BUSY_TIMEOUT_MS = 60_000
SUFFIX = ".sqlite3"
KEEP_DAYS = 30
"""An index not opened for this many days is deleted when another corpus is first indexed."""
MAGIC = b"SQLite format 3\x00"
BUILDING = ".building"
"""Suffix of the file a full build writes, beside the index it replaces when complete."""

COMMIT_SECONDS = 1.0
"""How often a sync commits what it has stored (see :class:`_Batches`)."""

ADDED_INDEXES = ("CREATE INDEX IF NOT EXISTS articles_id_ord ON articles(id, ord)",)
"""Indexes of the current format that an index built by an earlier release may lack."""

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
    body TEXT NOT NULL,
    words INTEGER NOT NULL
);
CREATE INDEX articles_ord ON articles(ord);
CREATE INDEX articles_source ON articles(source_id, pos);
CREATE INDEX articles_id_ord ON articles(id, ord);
CREATE TABLE mentions(
    article_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    form INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    grp TEXT,
    step INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(article_id, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_walk ON mentions(step, grp, ord, start);
CREATE INDEX mentions_form ON mentions(form, grp, ord, idx);
CREATE TABLE forms(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    key TEXT NOT NULL,
    language TEXT NOT NULL,
    detail TEXT NOT NULL,
    grp TEXT NOT NULL,
    UNIQUE(kind, text, key, language, detail)
);
CREATE TABLE dates(
    article_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    value TEXT,
    PRIMARY KEY(article_id, idx)
) WITHOUT ROWID;
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
    title, body, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
"""


FormKey = tuple[str, str, str, str, str]
"""A form: (kind, text, key, article language, detail)."""


def _guess_group(kind: str, key: str) -> str:
    """The group a mention of a form never grouped before will likely get (certain for a gazetteer place)."""
    if kind == "place":
        return "place:" + key
    return "speaker:" + key.removeprefix("person:").partition("|")[0]


def _stops(groups: Sequence[str | None], spans: Sequence[tuple[int, int]]) -> list[int]:
    """:func:`warreader.library.step_flags` of one article's mentions given their groups and spans."""
    reach: dict[str, int] = {}
    flags = []
    for grp, (start, end) in zip(groups, spans, strict=True):
        if not grp or start < reach.get(grp, -1):
            flags.append(0)
            continue
        reach[grp] = end
        flags.append(1)
    return flags


class IndexDamaged(Exception):
    """The index file cannot be used (not a database, truncated, malformed)."""


def cache_dir() -> Path:
    """Where indexes live: ``$WARREADER_CACHE_DIR``, else the platform's user cache folder."""
    override = os.environ.get(ENV_CACHE)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("warreader", appauthor=False))


def _where(path: str) -> str:
    """What a corpus path names: a local path resolved (absolute, ``..`` and links followed)."""
    if path == "-" or "://" in path:
        return path
    return os.path.realpath(path)


def _texts(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    return [os.fsdecode(os.fspath(p)) for p in paths]


def corpus_key(paths: Sequence[str | os.PathLike[str]]) -> str:
    """A stable name for the corpus ``paths`` name: ``feeds``, ``./feeds`` and its absolute path agree."""
    identity = json.dumps(["resolved", [_where(p) for p in _texts(paths)]], ensure_ascii=False)
    return hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def _legacy_key(paths: Sequence[str | os.PathLike[str]]) -> str:
    """The key of releases that named a corpus by its paths as typed (plus the folder, if relative)."""
    raw = _texts(paths)
    relative = any(not os.path.isabs(p) and p != "-" and "://" not in p for p in raw)
    identity = json.dumps([raw, os.getcwd() if relative else ""], ensure_ascii=False)
    return hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def index_path(paths: Sequence[str | os.PathLike[str]], directory: Path | None = None) -> Path:
    """The index file of the corpus ``paths``; one kept under an earlier release's name is renamed to it."""
    folder = (directory or cache_dir()) / "index"
    path = folder / f"{corpus_key(paths)}{SUFFIX}"
    legacy = folder / f"{_legacy_key(paths)}{SUFFIX}"
    if legacy != path and legacy.exists() and not path.exists():
        with contextlib.suppress(OSError):  # another process may have renamed it first
            for extra in ("-wal", "-shm", ""):  # the database last: it is what marks the move done
                if Path(str(legacy) + extra).exists():
                    os.replace(str(legacy) + extra, str(path) + extra)
    return path


def db_key(path: str) -> str:
    """``path`` as storable text (undecodable file-name bytes become ``\\xNN``)."""
    return safe_path(path)


def _looks_damaged(path: Path) -> str:
    """Why ``path`` is not a usable SQLite file ("" if it looks fine), without reading it all."""
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
        size = path.stat().st_size
    except OSError as error:
        return error.strerror or str(error)
    if size == 0:
        return ""
    if len(head) < 100 or not head.startswith(MAGIC):
        return "not an index file"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    valid_for = int.from_bytes(head[92:96], "big")
    change = int.from_bytes(head[24:28], "big")
    if page_size < 512 or size % page_size:
        return "truncated"
    if pages and valid_for == change and pages * page_size > size:
        return "truncated"
    return ""


def _remove(path: Path) -> None:
    """Delete a database file and its journal files."""
    for extra in ("", "-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)


def _lock(path: Path, *, shared: bool = False) -> Any:
    """An open file holding a lock on ``path`` (waits for a conflicting holder; no lock without fcntl).

    Exclusive: one builder per corpus (``.lock``). Shared: held by every open index (``.users``),
    so that nobody moves aside an index another process is using.
    """
    handle = open(path, "a+b")  # noqa: SIM115 - kept open: the lock lasts as long as the file
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks
        return handle
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
    except BaseException:
        handle.close()
        raise
    return handle


def _alone(handle: Any) -> bool:
    """Nobody else holds the users lock of ``handle``: it becomes exclusive (True), or stays shared."""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _shared_again(handle: Any) -> None:
    with contextlib.suppress(ImportError, OSError):
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_SH)


class _Users:
    """The users lock of one process's open indexes of a corpus (:meth:`Index.reopen` shares it)."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.holders = 1

    def release(self) -> None:
        self.holders -= 1
        if self.holders == 0:
            self.handle.close()


DAMAGE_CODES = (11, 26)
"""SQLITE_CORRUPT and SQLITE_NOTADB: the file is damaged (not busy, full or read-only)."""


def is_damage(error: BaseException) -> bool:
    """``error`` says the index file is damaged (so it is moved aside and rebuilt)."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    if getattr(error, "sqlite_errorcode", None) in DAMAGE_CODES:
        return True
    text = str(error)
    return type(error) is sqlite3.DatabaseError or "malformed" in text or text.startswith("Could not decode")


def _confirmed(path: Path, why: str) -> str:
    """``why`` if SQLite itself finds ``path`` damaged, else "" (the quick look saw a file being written)."""
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            result = conn.execute("PRAGMA quick_check(1)").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return str(error) if is_damage(error) else ""
    return "" if result and result[0] == "ok" else f"{why}: {result[0] if result else 'no answer'}"


def _move_aside(path: Path) -> Path:
    """Keep a damaged index as ``<name>.damaged-<time>``: one copy per corpus (older ones are deleted)."""
    for older in path.parent.glob(f"{path.name}.damaged-*"):
        older.unlink(missing_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, target)
    for extra in ("-wal", "-shm"):
        side = path.with_name(path.name + extra)
        if side.exists():
            os.replace(side, target.with_name(target.name + extra))
    return target


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


def _date(value: str | None) -> dt.date | None:
    from warreader.nlp.dates import parse_iso  # YYYY-MM-DD, or a month or year ("2024-02")

    return parse_iso(value)


@dataclass
class Progress:
    """How far a sync has come; passed to the progress callback after every stored batch."""

    total: int = 0
    """Sources to read and extract in this sync."""
    done: int = 0
    articles: int = 0
    """Articles stored by this sync so far."""
    words: int = 0
    elapsed: float = 0.0
    stage: str = "scanning"
    """"scanning", "extracting", "grouping", "publishing" (a full build replaces the index), "done"."""


@dataclass
class SyncReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    articles: int = 0
    """Articles (re)extracted."""
    words: int = 0
    regrouped: bool = False
    seconds: float = 0.0
    extract_seconds: float = 0.0
    group_seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)


ProgressCallback = Callable[[Progress], None]


class Index:
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
        self._users = _Users(_lock(self.path.with_name(self.path.name + ".users"), shared=True))
        """The shared lock every process holds while it has this corpus's index open."""
        self._closed = False
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
        self._next_ord = -1
        self._forms: dict[FormKey, tuple[int, str]] | None = None
        """Form → (id, group of its mentions when last known), read when the first article is stored."""
        self._hints: dict[tuple[str, str], str] = {}
        """(kind, key) → the group of the forms with that kind and key when last known."""

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
        other.conn = connect(self.file)  # the build lock is shared: whichever publishes releases it
        other._closed = False
        self._users.holders += 1
        other._forms, other._hints, other._next_ord = None, {}, -1
        return other

    @property
    def building(self) -> bool:
        """A full build is under way: it is written to :attr:`file`, and replaces :attr:`path` when done."""
        return self.file != self.path

    # -- opening, checking, rebuilding -----------------------------------------------
    #
    # A full build (a new corpus, --rebuild, a damaged index or one of another format) never
    # writes the index that readers open: it writes a build file beside it and replaces the
    # index only once it is complete (:meth:`_publish`). A failed or interrupted rebuild leaves
    # the previous index as it was; an interrupted first build is resumed by the next one.

    def _open(self, rebuild: bool) -> sqlite3.Connection:
        if not self.path.exists():
            return self._start_build(fresh=False)
        why = _looks_damaged(self.path)
        if why:  # confirmed by SQLite: a file another process is checkpointing can look truncated
            why = _confirmed(self.path, why)
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
        if not _alone(self._users.handle):
            raise IndexDamaged(
                f"the index {self.path} is damaged ({why}) and another warreader process has it open: "
                "close that one, then start again"
            )
        try:
            moved = _move_aside(self.path)
        finally:
            _shared_again(self._users.handle)
        self.message = f"the index could not be read ({why}): kept as {moved.name}, rebuilding"
        return self._start_build(fresh=True)

    def _start_build(self, *, fresh: bool) -> sqlite3.Connection:
        """Open the build file (``fresh``: emptied first; else a build left unfinished is resumed)."""
        target = self.path.with_name(self.path.name + BUILDING)
        self._build_lock = _lock(self.path.with_name(self.path.name + ".lock"))
        if not fresh and self.path.exists():  # another process finished a build while we waited
            self._unlock()
            return self._open(rebuild=False)
        self.file = target
        if fresh or _looks_damaged(target):
            _remove(target)
        try:
            conn = connect(target)
            version = self._version(conn)
        except sqlite3.DatabaseError:
            with contextlib.suppress(NameError, sqlite3.Error):
                conn.close()
            version = -1
        if version is not None and version != SCHEMA_VERSION:  # a build file of another release
            conn.close()
            _remove(target)
            conn = connect(target)
        if version != SCHEMA_VERSION:
            self._create(conn)
        return conn

    def _publish(self) -> None:
        """A complete build replaces the index readers open, in one step; the build file goes."""
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
            _remove(self.file)
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

    def _set_meta(self, key: str, value: object) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(value)))

    @property
    def generation(self) -> int:
        """Grows by one with every change of the stored corpus (any process)."""
        return int(self.meta("generation", "0"))

    @property
    def complete(self) -> bool:
        """A sync has finished at least once: the index holds a whole corpus with its groups."""
        return self.meta("grouped") == "1" and self.meta("synced") != ""

    # -- writing -----------------------------------------------------------------------

    def _transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    def sync(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        progress: ProgressCallback | None = None,
        workers: int | None = None,
        chunk: int = 16,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> SyncReport:
        """Bring the index up to date with the files under ``paths``; return what changed.

        An index found damaged on the way (SQLite reports corruption) is moved aside and
        rebuilt, once; :attr:`message` says so.
        """
        run = functools.partial(
            self._sync, paths, progress=progress, workers=workers, chunk=chunk, cancelled=cancelled
        )
        try:
            return run()
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                raise
            self.recover(str(error))
        return run()

    def recover(self, why: str) -> None:
        """The index is damaged (``why``): move it aside and start a fresh build in its place."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        self._unlock()
        self._forms, self._hints, self._next_ord = None, {}, -1
        damaged_build, self.file = self.building, self.path
        if damaged_build or not self.path.exists():  # a damaged build file is started again
            self.conn = self._start_build(fresh=True)
        else:
            self.conn = self._recover(why)

    def _sync(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        progress: ProgressCallback | None,
        workers: int | None,
        chunk: int,
        cancelled: Callable[[], bool],
    ) -> SyncReport:
        from warreader.corpus.reader import discover, read_source
        from warreader.nlp.pipeline import SourceTask, extract_sources

        started = time.perf_counter()
        report = SyncReport()
        state = Progress()

        def tell(stage: str) -> None:
            state.stage, state.elapsed = stage, time.perf_counter() - started
            if progress is not None:
                progress(state)

        tell("scanning")
        with self._transaction():  # indexes added to format 3 after it shipped (no rebuild needed)
            for statement in ADDED_INDEXES:
                self.conn.execute(statement)
        problems: list[Problem] = []
        sources = discover(paths, problems)
        report.problems = problems
        known = {
            row[0]: (row[1], row[2], row[3], row[4])
            for row in self.conn.execute("SELECT path, id, size, mtime_ns, hash FROM sources")
        }
        derived = derivation()
        # Extracted by another version of the reading or extraction code: every file again.
        again = bool(known) and self.meta("derivation") != derived
        if again:
            self.message = self.message or "extraction has changed since this index was built: updating it"
        keys: list[str] = []
        tasks: list[SourceTask] = []
        for source in sources:
            real = os.fspath(source)
            key = db_key(real)
            if isinstance(source, str):  # a URL or standard input: read now, never cached by stat
                read_problems: list[Problem] = []
                articles = read_source(source, read_problems, cancelled=cancelled)
                tasks.append(SourceTask(real, articles=articles, problems=read_problems))
                keys.append(key)
                continue
            try:
                info = os.stat(source)
            except OSError as error:
                problems.append(Problem(key, error.strerror or str(error)))
                continue
            keys.append(key)
            old = known.get(key)
            if old is not None and old[1] == info.st_size and old[2] == info.st_mtime_ns and not again:
                report.unchanged += 1
                continue
            stored_hash = old[3] if old is not None and not again else ""
            tasks.append(SourceTask(real, info.st_size, info.st_mtime_ns, stored_hash))
        wanted = set(keys)
        gone = [key for key in known if key not in wanted]
        order = {key: number for number, key in enumerate(keys)}
        with self._transaction():
            if gone:
                self._delete_sources([known[key][0] for key in gone])
                report.removed = len(gone)
            self.conn.executemany(
                "UPDATE sources SET ord=? WHERE path=? AND ord<>?",
                ((order[k], k, order[k]) for k in keys if k in known),
            )
            if gone:
                self._bump()
        # A first build appends in reading order and numbers articles as they come (a reader of the
        # index sees the corpus fill in from the top); otherwise they are numbered once at the end.
        self._next_ord = 0 if not known else -1
        state.total = len(tasks)
        tell("extracting")
        extract_started = time.perf_counter()
        with _Batches(self.conn, COMMIT_SECONDS) as batches:  # what was stored is kept if extraction fails
            for results in extract_sources(tasks, workers=workers, chunk=chunk, cancelled=cancelled):
                with batches.part():
                    for result in results:
                        if result.unchanged:
                            self.conn.execute(
                                "UPDATE sources SET size=?, mtime_ns=? WHERE path=?",
                                (result.size, result.mtime_ns, db_key(result.key)),
                            )
                            report.unchanged += 1
                            continue
                        if db_key(result.key) in known:
                            report.changed += 1
                        else:
                            report.added += 1
                        self._store_source(result, order[db_key(result.key)])
                        report.articles += len(result.articles)
                        report.words += result.words
                        state.articles += len(result.articles)
                        state.words += result.words
                    if any(not r.unchanged for r in results):
                        self._bump()
                state.done += len(results)
                tell("extracting")
        report.extract_seconds = time.perf_counter() - extract_started
        if cancelled():
            report.seconds = time.perf_counter() - started
            return report
        if known and (report.touched or gone):
            with self._transaction():
                self._renumber()
        if report.touched or self.meta("grouped") != "1":
            tell("grouping")
            group_started = time.perf_counter()
            self.regroup()
            report.regrouped = True
            report.group_seconds = time.perf_counter() - group_started
        with self._transaction():
            self._set_meta("synced", time.time())
            self._set_meta("derivation", derived)
        if self.building:
            tell("publishing")
            self._publish()
        report.seconds = time.perf_counter() - started
        tell("done")
        return report

    def _bump(self) -> None:
        self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
        self._set_meta("grouped", 0)

    def _delete_sources(self, ids: Iterable[int]) -> None:
        for source_id in ids:
            self._delete_articles(source_id)
            self.conn.execute("DELETE FROM sources WHERE id=?", (source_id,))

    def _delete_articles(self, source_id: int) -> None:
        conn = self.conn
        rows = conn.execute("SELECT id, title, body FROM articles WHERE source_id=?", (source_id,)).fetchall()
        for article_id, title, body in rows:
            conn.execute(
                "INSERT INTO search(search, rowid, title, body) VALUES('delete', ?, ?, ?)",
                (article_id, title, body),
            )
            conn.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
            conn.execute("DELETE FROM dates WHERE article_id=?", (article_id,))
        conn.execute("DELETE FROM articles WHERE source_id=?", (source_id,))

    def _store_source(self, result: Any, ord_: int) -> None:
        conn = self.conn
        problems = json.dumps([[p.path, p.message] for p in result.problems])  # ASCII: survives surrogates
        key = db_key(result.key)
        row = conn.execute("SELECT id FROM sources WHERE path=?", (key,)).fetchone()
        if row is not None:
            source_id = int(row[0])
            self._delete_articles(source_id)
            conn.execute(
                "UPDATE sources SET size=?, mtime_ns=?, hash=?, ord=?, problems=? WHERE id=?",
                (result.size, result.mtime_ns, result.hash, ord_, problems, source_id),
            )
        else:
            cursor = conn.execute(
                "INSERT INTO sources(path, size, mtime_ns, hash, ord, problems) VALUES (?, ?, ?, ?, ?, ?)",
                (key, result.size, result.mtime_ns, result.hash, ord_, problems),
            )
            source_id = int(cursor.lastrowid or 0)
        for pos, article in enumerate(result.articles):
            self._store_article(source_id, pos, article, self._next_ord)
            if self._next_ord >= 0:
                self._next_ord += 1

    def _store_article(self, source_id: int, pos: int, article: Article, ord_: int) -> None:
        conn = self.conn
        from warreader.nlp.pipeline import words_in

        cursor = conn.execute(
            "INSERT INTO articles(source_id, pos, ord, path, title, date, language, source, url, body, words)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source_id,
                pos,
                ord_,
                article.path,
                article.title,
                article.date.isoformat() if article.date else None,
                article.language,
                article.source,
                article.url,
                article.body,
                words_in(article.body),
            ),
        )
        article_id = int(cursor.lastrowid or 0)
        conn.execute(
            "INSERT INTO search(rowid, title, body) VALUES (?, ?, ?)",
            (article_id, article.title, article.body),
        )
        forms = self._forms if self._forms is not None else self._load_forms()
        language = article.language
        found = [
            forms.get((m.kind, m.text, m.key, language, m.detail))
            or self._add_form((m.kind, m.text, m.key, language, m.detail))
            for m in article.mentions
        ]
        flags = _stops([grp for _, grp in found], [(m.start, m.end) for m in article.mentions])
        conn.executemany(
            'INSERT INTO mentions(article_id, idx, ord, form, start, "end", grp, step)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (article_id, i, ord_, form, m.start, m.end, grp, flag)
                for i, (m, flag, (form, grp)) in enumerate(zip(article.mentions, flags, found, strict=True))
            ),
        )
        conn.executemany(
            'INSERT INTO dates(article_id, idx, text, start, "end", value) VALUES (?, ?, ?, ?, ?, ?)',
            (
                (article_id, i, d.text, d.start, d.end, d.value.isoformat() if d.value else None)
                for i, d in enumerate(article.dates)
            ),
        )

    def _load_forms(self) -> dict[FormKey, tuple[int, str]]:
        forms: dict[FormKey, tuple[int, str]] = {}
        hints: dict[tuple[str, str], str] = {}
        for form, kind, text, key, language, detail, grp in self.conn.execute(
            "SELECT id, kind, text, key, language, detail, grp FROM forms"
        ):
            forms[(kind, text, key, language, detail)] = (form, grp)
            hints[(kind, key)] = grp
        self._forms, self._hints = forms, hints
        return forms

    def _add_form(self, ident: FormKey) -> tuple[int, str]:
        """Store a form not seen before, with the group its mentions will likely get (a guess)."""
        kind, _, key, _, _ = ident
        guess = self._hints.get((kind, key)) or _guess_group(kind, key)
        conn = self.conn
        conn.execute(
            "INSERT INTO forms(kind, text, key, language, detail, grp) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (*ident, guess),
        )
        row = conn.execute(  # another process may have stored it first
            "SELECT id, grp FROM forms WHERE kind=? AND text=? AND key=? AND language=? AND detail=?", ident
        ).fetchone()
        found = (int(row[0]), str(row[1]))
        if self._forms is not None:
            self._forms[ident] = found
        return found

    def _renumber(self) -> None:
        """Number the articles 0… in reading order (sources in order, articles in file order)."""
        conn = self.conn
        rows = conn.execute(
            "SELECT a.id, a.ord FROM articles a JOIN sources s ON s.id = a.source_id ORDER BY s.ord, a.pos"
        ).fetchall()
        changed = [(number, article_id) for number, (article_id, old) in enumerate(rows) if old != number]
        conn.executemany("UPDATE articles SET ord=? WHERE id=?", changed)
        conn.executemany("UPDATE mentions SET ord=? WHERE article_id=?", changed)

    def regroup(self) -> None:
        """Group the stored mentions of the whole corpus again and store the groups (one transaction)."""
        with self._transaction():
            self._regroup()

    def _regroup(self) -> None:
        from warreader.nlp.grouping import CONTEXT, Form, group_forms

        conn = self.conn
        # Every form with its count, first position and the groups its mentions have now (one
        # scan of the mentions_form index, no table rows read).
        counted: dict[int, tuple[int, int, set[str | None]]] = {}  # id → count, first, groups
        for form_id, grp, count, first in conn.execute(
            "SELECT form, grp, count(*), min(ord * 4294967296 + idx) FROM mentions GROUP BY form, grp"
        ):
            known = counted.get(form_id)
            if known is None:
                counted[form_id] = (count, first, {grp})
            else:
                known[2].add(grp)
                counted[form_id] = (known[0] + count, min(known[1], first), known[2])
        forms: list[Form] = []
        stored: list[tuple[int, str, set[str | None]]] = []  # form id, hint, groups of its mentions
        for form_id, kind, text, key, language, detail, hint in conn.execute(
            "SELECT id, kind, text, key, language, detail, grp FROM forms"
        ):
            if form_id in counted:
                count, first, groups = counted[form_id]
                forms.append(Form(kind, text, key, language, detail, count, first))
                stored.append((form_id, hint, groups))
        where: dict[int, tuple[int, int]] = {}  # position → (article id, idx) of context mentions

        def context_mentions() -> Iterator[tuple[int, str, str, str, str]]:
            ids = [
                row[0]
                for form, row in zip(forms, stored, strict=True)
                if form.kind == "place" and form.key.startswith(CONTEXT)
            ]
            rows = []
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                rows += conn.execute(
                    "SELECT m.ord * 4294967296 + m.idx, m.article_id, m.idx, f.text, f.key, f.language,"
                    " f.detail FROM mentions m JOIN forms f ON f.id = m.form"
                    f" WHERE m.form IN ({','.join('?' * len(part))})",
                    part,
                ).fetchall()
            rows.sort()
            for position, article_id, idx, text, key, language, detail in rows:
                where[position] = (article_id, idx)
                yield position, text, key, language, detail

        grouping = group_forms(forms, context_mentions)
        # Write the groups that changed; note the articles they are in.
        changed: set[int] = set()
        hints: list[tuple[str, int]] = []
        for form, (form_id, hint, groups) in zip(forms, stored, strict=True):
            gid = grouping.by_key[(form.kind, form.key)]
            if groups != {gid}:
                changed.update(
                    row[0]
                    for row in conn.execute(
                        "UPDATE mentions SET grp=? WHERE form=? AND grp IS NOT ? RETURNING article_id",
                        (gid, form_id, gid),
                    ).fetchall()
                )
            if hint != gid:
                hints.append((gid, form_id))
        for position, gid in grouping.exceptions.items():
            article_id, idx = where[position]
            changed.update(
                row[0]
                for row in conn.execute(
                    "UPDATE mentions SET grp=? WHERE article_id=? AND idx=? AND grp IS NOT ?"
                    " RETURNING article_id",
                    (gid, article_id, idx, gid),
                ).fetchall()
            )
        conn.executemany("UPDATE forms SET grp=? WHERE id=?", hints)
        self._forms = None  # read again (with the new groups) when articles are next stored
        self._restep(changed)
        stats = self._group_stats()
        conn.execute("DELETE FROM groups")
        conn.executemany(
            "INSERT INTO groups VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    g.id,
                    g.kind,
                    g.name,
                    json.dumps(g.variants, ensure_ascii=False),
                    g.mentions,
                    *stats.get(g.id, (0, 0)),
                    g.detail,
                )
                for g in grouping.groups.values()
            ),
        )
        self._set_meta("grouped", 1)
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")

    def _restep(self, articles: Iterable[int]) -> None:
        """Work out again where n / N stop in ``articles`` (after their groups changed)."""
        conn = self.conn
        ordered = sorted(articles)
        changes: list[tuple[int, int, int]] = []
        for start in range(0, len(ordered), 500):
            part = ordered[start : start + 500]
            current = -1
            reach: dict[str, int] = {}
            for article_id, idx, grp, begin, end, step in conn.execute(
                'SELECT article_id, idx, grp, start, "end", step FROM mentions'
                f" WHERE article_id IN ({','.join('?' * len(part))}) ORDER BY article_id, idx",
                part,
            ):
                if article_id != current:
                    current, reach = article_id, {}
                if not grp or begin < reach.get(grp, -1):
                    flag = 0  # nested in a longer mention of the same entity
                else:
                    reach[grp] = end
                    flag = 1
                if flag != step:
                    changes.append((flag, article_id, idx))
            if len(changes) > 100_000 or start + 500 >= len(ordered):
                conn.executemany("UPDATE mentions SET step=? WHERE article_id=? AND idx=?", changes)
                changes.clear()

    def _group_stats(self) -> dict[str, tuple[int, int]]:
        """Group → (stops of n / N, articles), from the mentions_walk index.

        An article that mentions a group has a stop of it (its first mention there), so a group's
        articles are the distinct articles of its stops (counted by path: paths are distinct in
        practice, and then articles are counted by ``ord`` without reading the articles)."""
        conn = self.conn
        total, paths, ords = conn.execute(
            "SELECT count(*), count(DISTINCT path), count(DISTINCT ord) FROM articles"
        ).fetchone()
        if total == paths == ords:
            sql = "SELECT grp, count(*), count(DISTINCT ord) FROM mentions WHERE step=1 GROUP BY grp"
        else:
            sql = (
                "SELECT m.grp, count(*), count(DISTINCT a.path) FROM mentions m"
                " JOIN articles a ON a.id = m.article_id WHERE m.step=1 GROUP BY m.grp"
            )
        return {grp: (steps, articles) for grp, steps, articles in conn.execute(sql)}

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the main file (keeps the -wal file small)."""
        with contextlib.suppress(sqlite3.OperationalError):  # busy: folded in later
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- reading -----------------------------------------------------------------------

    def article_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def article(self, ord_: int) -> Article | None:
        """Article number ``ord_`` in reading order, with its mentions and dates."""
        conn = self.conn
        row = conn.execute(
            "SELECT id, path, title, date, language, source, url, body FROM articles WHERE ord=?", (ord_,)
        ).fetchone()
        if row is None:
            return None
        article_id, path, title, date, language, source, url, body = row
        mentions = [
            Mention(kind, text, start, end, key, grp, detail)
            for kind, text, start, end, key, grp, detail in conn.execute(
                'SELECT f.kind, f.text, m.start, m."end", f.key, m.grp, f.detail FROM mentions m'
                " JOIN forms f ON f.id = m.form WHERE m.article_id=? ORDER BY m.idx",
                (article_id,),
            )
        ]
        dates = [
            DateMention(text, start, end, _date(value))
            for text, start, end, value in conn.execute(
                'SELECT text, start, "end", value FROM dates WHERE article_id=? ORDER BY idx', (article_id,)
            )
        ]
        return Article(path, title, _date(date), language, body, source, url, mentions, dates)

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
                "SELECT a.path FROM articles a WHERE a.ord IN"
                " (SELECT DISTINCT ord FROM mentions WHERE step=1 AND grp=?) ORDER BY a.ord",
                (group_id,),
            )
        ]

    def walk(self, group_id: str) -> list[tuple[int, int, int]]:
        """(article ord, mention idx, start) of every mention n / N stop at, in reading order."""
        return self.conn.execute(
            "SELECT ord, idx, start FROM mentions WHERE step=1 AND grp=? ORDER BY ord, start", (group_id,)
        ).fetchall()

    def next_mention(
        self, group_id: str, ord_: int, offset: int, forward: bool = True
    ) -> tuple[int, int, int] | None:
        """The first stop of ``group_id`` after (ord_, offset), or the last one before it; no wrapping."""
        if forward:
            sql = (
                "SELECT ord, idx, start FROM mentions WHERE step=1 AND grp=? AND (ord, start) > (?, ?)"
                " ORDER BY ord, start LIMIT 1"
            )
        else:
            sql = (
                "SELECT ord, idx, start FROM mentions WHERE step=1 AND grp=? AND (ord, start) < (?, ?)"
                " ORDER BY ord DESC, start DESC LIMIT 1"
            )
        row = self.conn.execute(sql, (group_id, ord_, offset)).fetchone()
        return (int(row[0]), int(row[1]), int(row[2])) if row else None

    def count_before(self, group_id: str, ord_: int, start: int) -> int:
        """How many stops of ``group_id`` come before (ord_, start)."""
        row = self.conn.execute(
            "SELECT count(*) FROM mentions WHERE step=1 AND grp=? AND (ord, start) < (?, ?)",
            (group_id, ord_, start),
        ).fetchone()
        return int(row[0])

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

    def bodies(self, ords: Sequence[int] | None = None) -> Iterator[tuple[int, str]]:
        """(ord, body) of the articles ``ords`` (None: all), in reading order."""
        if ords is None:
            yield from self.conn.execute("SELECT ord, body FROM articles WHERE ord >= 0 ORDER BY ord")
            return
        for start in range(0, len(ords), 500):
            part = list(ords[start : start + 500])
            marks = ",".join("?" * len(part))
            yield from self.conn.execute(
                f"SELECT ord, body FROM articles WHERE ord IN ({marks}) ORDER BY ord", part
            )

    def position(self, path: str) -> int | None:
        row = self.conn.execute("SELECT min(ord) FROM articles WHERE path=? AND ord >= 0", (path,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def size_on_disk(self) -> int:
        return sum(
            Path(str(self.file) + extra).stat().st_size
            for extra in ("", "-wal", "-shm")
            if Path(str(self.file) + extra).exists()
        )


def fts_query(query: str) -> str:
    """An FTS5 query for ``query``: its words as one phrase, the last word as a prefix."""
    import re

    words = re.findall(r"\w+", query)
    if not words:
        return ""
    phrase = " ".join(words)
    return f'"{phrase}"' + ("*" if query.rstrip()[-1:].isalnum() else "")


class _Batches:
    """Stored batches grouped into transactions of about ``seconds`` each.

    A commit costs ~20 ms (the WAL write, the full-text index's new segment), about as much as
    storing a batch of 16 articles, so a first build commits once a second rather than once a
    batch; the first batch is committed at once (the app shows the articles stored so far).
    A batch that fails rolls back the uncommitted ones with it: their files are extracted again
    at the next sync. Leaving the ``with`` (extraction done, cancelled or failed) commits the rest.
    """

    def __init__(self, conn: sqlite3.Connection, seconds: float) -> None:
        self.conn = conn
        self.seconds = seconds
        self.committed = -float("inf")

    @contextlib.contextmanager
    def part(self) -> Iterator[None]:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        now = time.perf_counter()
        if now - self.committed >= self.seconds:
            self.conn.execute("COMMIT")
            self.committed = now

    def __enter__(self) -> _Batches:
        return self

    def __exit__(self, *_: object) -> None:
        """Commit the batches stored since the last commit (a failed one has rolled back)."""
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")


class _Transaction:
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
