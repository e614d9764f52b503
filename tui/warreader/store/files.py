"""Where index files live and how they are kept: cache folder, corpus keys, locks, damage.

One SQLite file per corpus in the user's cache folder, named by a key of the corpus's resolved
paths. A full build writes ``<index>.building`` and replaces the index when complete (under an
exclusive ``.lock``); every process that has an index open holds a shared ``.users`` lock, so a
damaged index is moved aside (``.damaged-<time>``, one copy per corpus) only by its sole user.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from warreader.corpus.build import safe_path
from warreader.store.schema import BUSY_TIMEOUT_MS

ENV_CACHE = "WARREADER_CACHE_DIR"
SUFFIX = ".sqlite3"
KEEP_DAYS = 30
"""An index not opened for this many days is deleted when another corpus is first indexed."""
MAGIC = b"SQLite format 3\x00"
BUILDING = ".building"
"""Suffix of the file a full build writes, beside the index it replaces when complete."""


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


def legacy_key(paths: Sequence[str | os.PathLike[str]]) -> str:
    """The key of releases that named a corpus by its paths as typed (plus the folder, if relative)."""
    raw = _texts(paths)
    relative = any(not os.path.isabs(p) and p != "-" and "://" not in p for p in raw)
    identity = json.dumps([raw, os.getcwd() if relative else ""], ensure_ascii=False)
    return hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def index_path(paths: Sequence[str | os.PathLike[str]], directory: Path | None = None) -> Path:
    """The index file of the corpus ``paths``; one kept under an earlier release's name is renamed to it."""
    folder = (directory or cache_dir()) / "index"
    path = folder / f"{corpus_key(paths)}{SUFFIX}"
    legacy = folder / f"{legacy_key(paths)}{SUFFIX}"
    if legacy != path and legacy.exists() and not path.exists():
        with contextlib.suppress(OSError):  # another process may have renamed it first
            for extra in ("-wal", "-shm", ""):  # the database last: it is what marks the move done
                if Path(str(legacy) + extra).exists():
                    os.replace(str(legacy) + extra, str(path) + extra)
    return path


def db_key(path: str) -> str:
    """``path`` as storable text (undecodable file-name bytes become ``\\xNN``)."""
    return safe_path(path)


def looks_damaged(path: Path) -> str:
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


def remove_database(path: Path) -> None:
    """Delete a database file and its journal files."""
    for extra in ("", "-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)


def lock(path: Path, *, shared: bool = False) -> Any:
    """A lock on ``path``, held until its ``close()`` (waits for a conflicting holder), through
    filelock: ``flock`` on POSIX, ``msvcrt`` on Windows. Whichever thread calls ``close()``
    releases it; each call opens its own file, so two holders in one process exclude each other
    as two processes do.

    Exclusive: one builder per corpus (``.lock``). Shared: held by every open index (``.users``),
    so that nobody moves aside an index another process is using (see :class:`SharedLock`).
    """
    from filelock import FileLock

    if shared:
        return SharedLock(path)
    return _Held(FileLock(str(path), timeout=-1, thread_local=False))


class _Held:
    """An acquired filelock lock; ``close()`` releases it (as closing a locked file did)."""

    def __init__(self, file_lock: Any) -> None:
        file_lock.acquire()
        self.file_lock: Any = file_lock

    def close(self) -> None:
        if self.file_lock is not None:
            self.file_lock.release(force=True)
            self.file_lock = None


class SharedLock:
    """A lock many holders share, from exclusive filelock locks (filelock has no shared one):
    each holder keeps a file of its own in ``<path>.d/`` locked, and registers it under the gate
    ``<path>``. :func:`alone` takes the gate, so nobody new can come in, and tries each other
    file: one that can be locked belonged to a process that is gone (it is removed); one that
    cannot is a holder, so the caller is not alone. :func:`shared_again` lets newcomers in."""

    def __init__(self, path: Path) -> None:
        import secrets

        from filelock import FileLock

        self.gate = FileLock(str(path), timeout=-1, thread_local=False)
        self.folder = Path(str(path) + ".d")
        with self.gate:
            self.folder.mkdir(exist_ok=True)
            self.mine = self.folder / f"{os.getpid()}-{secrets.token_hex(6)}.lock"
            self.own: Any = _Held(FileLock(str(self.mine), timeout=-1, thread_local=False))

    def close(self) -> None:
        self.own.close()
        with contextlib.suppress(OSError):
            self.mine.unlink()
        if self.gate.is_locked:
            self.gate.release(force=True)

    def others(self) -> bool:
        """Another holder has the lock (called with the gate held)."""
        from filelock import FileLock, Timeout

        try:
            entries = [entry for entry in self.folder.iterdir() if entry != self.mine]
        except OSError:
            return False
        for entry in entries:
            probe = FileLock(str(entry), timeout=0, thread_local=False)
            try:
                probe.acquire()
            except Timeout:
                return True
            except OSError:
                continue
            probe.release(force=True)
            with contextlib.suppress(OSError):
                entry.unlink()  # its holder is gone (killed): not a user
        return False


def alone(handle: Any) -> bool:
    """Nobody else holds the users lock of ``handle``: it becomes exclusive (True; newcomers wait
    until :func:`shared_again`), or stays shared (False)."""
    if not isinstance(handle, SharedLock):
        return True
    handle.gate.acquire()
    if handle.others():
        handle.gate.release(force=True)
        return False
    return True


def shared_again(handle: Any) -> None:
    if isinstance(handle, SharedLock) and handle.gate.is_locked:
        handle.gate.release(force=True)


class Users:
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


def confirmed_damage(path: Path, why: str) -> str:
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


def move_aside(path: Path) -> Path:
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
