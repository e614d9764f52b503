"""Bringing an index up to date with its files: discover → read → extract → group → store.

Files whose size and mtime are unchanged are skipped, changed ones are hashed and re-extracted
only when their content differs (or when the reading and extraction code changed since, see
:mod:`warreader.derivation`), removed ones are dropped, and the groups are then rebuilt from the
stored mentions (grouping is corpus-wide). ``warreader index``, the app's first run, ``--rebuild``
and feed fetching all come through :func:`sync`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import Any

from warreader.corpus.discover import Stat, scan
from warreader.corpus.problem import Problem
from warreader.corpus.reader import read_source
from warreader.derivation import derivation
from warreader.ingest.added import Placed, place_added
from warreader.ingest.pool import SourceTask, extract_sources
from warreader.ingest.progress import Progress, ProgressCallback, SyncReport
from warreader.ingest.rederive import rederive
from warreader.ingest.regroup import regroup
from warreader.ingest.writer import Batches, Writer
from warreader.store.files import db_key, is_damage
from warreader.store.index import Index
from warreader.store.schema import ADDED_INDEXES

COMMIT_SECONDS = 1.0
"""How often a sync commits what it has stored (see :class:`warreader.ingest.writer.Batches`)."""


def sync(
    index: Index,
    paths: Sequence[str | os.PathLike[str]],
    *,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    chunk: int = 16,
    cancelled: Callable[[], bool] = lambda: False,
    added: Sequence[str | os.PathLike[str]] | None = None,
) -> SyncReport:
    """Bring the index up to date with the files under ``paths``; return what changed.

    ``added``: the caller knows that only these files are new or changed (a feed refresh wrote
    them), so the corpus is not walked (:mod:`warreader.ingest.added`), unless they cannot be
    placed without a walk. An index found damaged on the way (SQLite reports corruption) is
    moved aside and rebuilt, once; :attr:`Index.message` says so.
    """
    run = functools.partial(
        _sync, index, paths, progress=progress, workers=workers, chunk=chunk, cancelled=cancelled, added=added
    )
    try:
        return run()
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise
        index.recover(str(error))
    return run()


def _sync(
    index: Index,
    paths: Sequence[str | os.PathLike[str]],
    *,
    progress: ProgressCallback | None,
    workers: int | None,
    chunk: int,
    cancelled: Callable[[], bool],
    added: Sequence[str | os.PathLike[str]] | None = None,
) -> SyncReport:
    started = time.perf_counter()
    writer = Writer(index)
    report = SyncReport()
    state = Progress()

    def tell(stage: str) -> None:
        state.stage, state.elapsed = stage, time.perf_counter() - started
        if progress is not None:
            progress(state)

    tell("scanning")
    # PostgreSQL: a database several machines add their own folders to (store/pg/index.py).
    shared = getattr(index, "scope", None)
    scope = shared(paths) if shared is not None else None
    with index.transaction():  # indexes added to format 3 after it shipped (no rebuild needed)
        for statement in ADDED_INDEXES:
            index.conn.execute(statement)
    derived = derivation()
    if scope is not None:  # other machines' stored articles extracted as this release does
        rederive(index, writer, derived, scope, workers)
    placed = None
    if added is not None and not index.building and index.meta("derivation") == derived:
        with index.transaction():
            placed = place_added(index.conn, paths, added)
    if placed is not None:
        report.scanned = False
        tasks, order, known, gone, kept_order = _given(index, placed[0], report)
        kept_order = not placed[1]
    else:
        tasks, order, known, gone, kept_order = _scanned(
            index, writer, paths, derived, report, cancelled, scope
        )
    # A first build appends in reading order and numbers articles as they come (a reader of the
    # index sees the corpus fill in from the top); otherwise they are numbered once at the end.
    first_build = not known and placed is None and scope is None
    writer.next_ord = 0 if first_build else -1
    state.total = len(tasks)
    tell("extracting")
    extract_started = time.perf_counter()
    extracted = extract_sources(tasks, workers=workers, chunk=chunk, cancelled=cancelled)
    del tasks  # each task goes once its results are stored (1M files: ~280 MB of tasks)
    with Batches(
        index.conn, COMMIT_SECONDS, writer
    ) as batches:  # what was stored is kept if extraction fails
        for results in extracted:
            with batches.part():
                for result in results:
                    if result.unchanged:
                        index.conn.execute(
                            "UPDATE sources SET size=?, mtime_ns=? WHERE path=?",
                            (result.size, result.mtime_ns, db_key(result.key)),
                        )
                        report.unchanged += 1
                        continue
                    if db_key(result.key) in known:
                        report.changed += 1
                    else:
                        report.added += 1
                    writer.store_source(result, order[db_key(result.key)])
                    report.articles += len(result.articles)
                    report.words += result.words
                    state.articles += len(result.articles)
                    state.words += result.words
                if any(not r.unchanged for r in results):
                    writer.bump()
            state.done += len(results)
            tell("extracting")
    report.extract_seconds = time.perf_counter() - extract_started
    del extracted, order, known  # not needed by grouping and publishing, which then need memory
    if cancelled():
        report.seconds = time.perf_counter() - started
        return report
    # Shared (PostgreSQL): numbered and grouped in one transaction, seeing every writer's rows.
    with index.transaction() if scope is not None else contextlib.nullcontext():
        if not first_build and (report.touched or gone or index.meta("grouped") != "1"):
            with index.transaction():  # also gives articles stored by a cancelled sync their place
                writer.renumber(kept_order=kept_order and not gone)
        if report.touched or index.meta("grouped") != "1":
            tell("grouping")
            group_started = time.perf_counter()
            regroup(writer)
            report.regrouped = True
            report.group_seconds = time.perf_counter() - group_started
    with index.transaction():
        index.set_meta("synced", time.time())
        index.set_meta("derivation", derived)
    if index.building:
        tell("publishing")
        index.publish()
    report.seconds = time.perf_counter() - started
    tell("done")
    return report


Planned = tuple[list[SourceTask], dict[str, int], "dict[str, tuple[int, ...]] | set[str]", list[str], bool]
"""What a sync extracts, each file's reading position, the files stored before, those gone, and
whether no stored file moved."""


def _task(
    index: Index, real: str, info: Stat, old: Any, again: bool, report: SyncReport
) -> SourceTask | None:
    """The task of a file found with ``info`` (None: unchanged since it was stored as ``old``)."""
    if old is not None and (old[1], old[2]) == info and not again:
        report.unchanged += 1
        return None
    stored_hash = ""
    if old is not None and not again:
        (stored_hash,) = index.conn.execute("SELECT hash FROM sources WHERE id=?", (old[0],)).fetchone()
    return SourceTask(real, info[0], info[1], stored_hash)


def _given(index: Index, placed: Placed, report: SyncReport) -> Planned:
    """The files a caller said were added, placed without walking the corpus."""
    tasks: list[SourceTask] = []
    order: dict[str, int] = {}
    known: dict[str, tuple[int, ...]] = {}
    for real, info, ord_ in placed:
        key = db_key(real)
        order[key] = ord_
        row = index.conn.execute(
            "SELECT id, size, mtime_ns, ord FROM sources WHERE path=?", (key,)
        ).fetchone()
        if row is not None:
            known[key] = tuple(row)
        task = _task(index, real, (info.st_size, info.st_mtime_ns), known.get(key), False, report)
        if task is not None:
            tasks.append(task)
    return tasks, order, known, [], True


def _scanned(
    index: Index,
    writer: Writer,
    paths: Sequence[str | os.PathLike[str]],
    derived: str,
    report: SyncReport,
    cancelled: Callable[[], bool],
    scope: Callable[[str], bool] | None = None,
) -> Planned:
    """Walk ``paths``: the files to extract, and the stored ones that went (deleted here) or moved."""
    problems: list[Problem] = []
    sources = scan(paths, problems)  # each file with the stat taken while walking: one stat a file
    report.problems = problems
    known = {  # (id, size, mtime_ns, ord); a hash is read only for a file that changed
        row[0]: row[1:] for row in index.conn.execute("SELECT path, id, size, mtime_ns, ord FROM sources")
    }
    # Extracted by another version of the reading or extraction code: every file again.
    again = bool(known) and index.meta("derivation") != derived
    if again:
        index.message = index.message or "extraction has changed since this index was built: updating it"
    keys: list[str] = []
    tasks: list[SourceTask] = []
    for real, info in sources:
        key = real if real.isascii() else db_key(real)  # db_key changes only non-ASCII names
        keys.append(key)
        if info is None:  # a URL or standard input: read now, never cached by stat
            read_problems: list[Problem] = []
            articles = read_source(real, read_problems, cancelled=cancelled)
            tasks.append(SourceTask(real, articles=articles, problems=read_problems))
            continue
        old = known.get(key)
        if old is not None and (old[1], old[2]) == info and not again:
            report.unchanged += 1  # _task's common case, inline (100k files)
            continue
        task = _task(index, real, info, old, again, report)
        if task is not None:
            tasks.append(task)
    order = {key: number for number, key in enumerate(keys)}
    gone = [key for key in known if key not in order and (scope is None or scope(key))]
    with index.transaction():
        if gone:
            writer.delete_sources([known[key][0] for key in gone])
            report.removed = len(gone)
        moved = [(n, k) for n, k in enumerate(keys) if (old := known.get(k)) is not None and old[3] != n]
        index.conn.executemany("UPDATE sources SET ord=? WHERE path=?", moved)  # one statement a move
        if gone:
            writer.bump()
    return tasks, order, known, gone, not moved
