"""The team's corrections in PostgreSQL: one row per correction, with its author and time.

A row holds the correction as :meth:`warreader.model.Correction.to_dict` writes it (JSON), who
made it (``author``), when (``created``, on the analyst's clock; ``received``, on the server's),
the group it concerns (``grp``; empty for not-a-place / not-a-speaker) and its state. Rows are
never deleted: the table is the team's history.

The rules:

* **Last writer wins per group.** Two corrections are in conflict when they change the same
  thing of the same group (:func:`concern`): two renames of a group, two merges of it (into
  different groups), two splits of one spelling out of it, two rejections of one spelling (in one
  article or everywhere). The one the server receives last is live; the one it replaces is
  marked ``superseded_by`` it and stays in :meth:`SharedCorrections.history`, which lists it. A
  rename and a merge of one group are not in conflict: both stay live.
* **Undo is per user.** :meth:`SharedCorrections.undo` marks the author's own latest live
  correction ``undone`` (never anyone else's) and makes live again the correction it had
  superseded, if any (so undoing a rename that replaced a colleague's gives the colleague's back).
* **Refresh by cursor.** Every change to a row (added, superseded, undone, revived) gives it a new
  ``rev`` from one sequence, taken under one advisory lock so revs follow commit order.
  :meth:`SharedCorrections.refresh` returns the rows changed after a cursor and the new cursor:
  another process sees a correction on its next refresh after the commit, never misses one.
* **Offline: queued, then sent.** A correction is first written to a queue file in the user's
  data folder (``pg-queue-<database>.json``, written atomically like ``state.json``, under a file
  lock), then sent; it leaves the queue once the server has it. When the server cannot be
  reached the correction stays queued (``save`` says ``queued``) and is sent by the next
  ``save``, ``flush`` or ``refresh`` that reaches it. A process killed at any point loses
  nothing: each entry has a ``client_key`` the server keeps unique, so an entry sent but not yet
  removed from the queue is not added twice. (The other choice, refusing corrections while the
  server is away, would lose the analyst's work to a network blip.) Errors that waiting will not
  fix — a read-only role, a bad password — refuse the new correction with a StoreError and
  leave it out of the queue. Undo while the server is away takes back the latest queued
  correction if there is one; otherwise it is refused.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warreader.model import REJECT_KIND, Correction
from warreader.store.pg.errors import Problem, StoreError, classify
from warreader.store.pg.location import Location

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

CORRECTIONS_LOCK = 0x77617273  # the advisory lock every write to the corrections table takes
QUEUE_VERSION = 1
AUTHOR_ENV = "WARREADER_AUTHOR"

_COLUMNS = "id, rev, author, created, grp, concern, body, superseded_by, undone"


def default_author(configured: str | None = None) -> str:
    """Who makes corrections here: ``$WARREADER_AUTHOR``, else ``configured`` (the config's
    ``[store] author``), else the login name."""
    name = os.environ.get(AUTHOR_ENV, "").strip() or (configured or "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def concern(correction: Correction) -> str:
    """What ``correction`` changes; two live corrections never share one (the later wins)."""
    c = correction
    if c.action in REJECT_KIND:
        return f"{c.action}\x1f{c.spelling.casefold()}\x1f{c.article}"
    if c.action == "split":
        return f"split\x1f{c.group}\x1f{c.spelling.casefold()}"
    return f"{c.action}\x1f{c.group}"


@dataclass(frozen=True)
class Entry:
    """One row: a correction, who made it and when, and whether it is live."""

    id: int
    rev: int
    author: str
    created: dt.datetime
    group: str
    concern: str
    correction: Correction
    superseded_by: int | None
    undone: bool

    @property
    def live(self) -> bool:
        return self.superseded_by is None and not self.undone

    @property
    def status(self) -> str:
        if self.undone:
            return "undone"
        return f"replaced by #{self.superseded_by}" if self.superseded_by is not None else "live"


@dataclass(frozen=True)
class Refresh:
    cursor: int
    """Pass it to the next :meth:`SharedCorrections.refresh`."""
    changes: list[Entry]
    """The rows added or changed since the cursor given, in the order they changed."""

    def by_others(self, author: str) -> list[Entry]:
        return [e for e in self.changes if e.author != author]


@dataclass(frozen=True)
class Saved:
    status: str
    """``saved`` (the server has it) or ``queued`` (kept locally, sent when the server returns)."""
    message: str = ""


def queue_path(location: Location) -> Path:
    """The queue file for ``location`` in the user's data folder (one per database, no password
    in its name or its contents)."""
    from warreader.store.state import data_dir

    digest = hashlib.sha256(location.shown.encode("utf-8")).hexdigest()[:16]
    return data_dir() / f"pg-queue-{digest}.json"


class Queue:
    """Corrections not yet on the server, in the order they were made (a JSON file)."""

    def __init__(self, path: Path, database: str) -> None:
        self.path = path
        self.database = database

    @contextmanager
    def locked(self) -> Iterator[list[dict[str, Any]]]:
        """The entries, under the file's lock; written back (atomically) if changed."""
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.path) + ".lock"):
            entries = self.read()
            before = json.dumps(entries)
            try:
                yield entries
            finally:  # what was sent before an error leaves the queue too
                if json.dumps(entries) != before:
                    self._write(entries)

    def read(self) -> list[dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as error:
            message = f"cannot read the queue of corrections {self.path}: {error}"
            raise StoreError(Problem("other", message)) from None
        entries = data.get("entries", []) if isinstance(data, dict) else []
        return [e for e in entries if isinstance(e, dict)]

    def _write(self, entries: list[dict[str, Any]]) -> None:
        from warreader.store.state import write_atomic

        if not entries:
            with suppress(FileNotFoundError):
                self.path.unlink()
            return
        data = {"version": QUEUE_VERSION, "database": self.database, "entries": entries}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), backup=False)


class SharedCorrections:
    """The corrections of the database at ``location``, made here by ``author``.

    The connection pool is opened on first use and dropped when the server goes away (the next
    call opens a new one). Every method but :meth:`save` and :meth:`undo` raises StoreError
    when the server cannot be reached; those two queue instead (see the module's rules)."""

    def __init__(
        self,
        location: Location,
        author: str | None = None,
        queue: Path | None = None,
        *,
        migrate: bool = True,
        timeout: float = 5.0,
    ) -> None:
        self.location = location
        self.author = author or default_author()
        self.queue = Queue(queue or queue_path(location), location.shown)
        self.migrate = migrate
        self.timeout = timeout
        """How long an operation waits for a connection before the server counts as away."""
        self._pool: ConnectionPool[Any] | None = None

    # -- connections -------------------------------------------------------------

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> SharedCorrections:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self, lock: bool = False) -> Iterator[Any]:
        """A connection in a transaction (with the corrections lock if ``lock``)."""
        import psycopg
        from psycopg_pool import PoolTimeout

        if self._pool is None:
            from warreader.store.pg.connection import open_pool

            if self.migrate:
                from warreader.store.pg.migrations import migrate

                migrate(self.location)
            self._pool = open_pool(self.location, min_size=1, max_size=2, timeout=self.timeout)
        try:
            with self._pool.connection() as conn, conn.transaction():
                if lock:
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (CORRECTIONS_LOCK,))
                yield conn
        except (psycopg.Error, PoolTimeout) as error:
            problem = classify(error, self.location)
            if problem.transient:
                self.close()
            raise StoreError(problem) from None

    # -- writing -----------------------------------------------------------------

    def save(self, correction: Correction) -> Saved:
        """Keep ``correction`` (queued first, then sent with whatever else is queued)."""
        entry = {
            "client_key": uuid.uuid4().hex,
            "author": self.author,
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "correction": correction.to_dict(),
        }
        with self.queue.locked() as entries:
            entries.append(entry)
        try:
            self.flush()
        except StoreError as error:
            if error.problem.transient:
                return Saved("queued", f"{error.problem.message}; the correction is kept and will be sent")
            with self.queue.locked() as entries:
                entries[:] = [e for e in entries if e.get("client_key") != entry["client_key"]]
            raise
        return Saved("saved")

    def save_many(self, corrections: Iterable[Correction]) -> list[Saved]:
        return [self.save(c) for c in corrections]

    def pending(self) -> list[Correction]:
        """The corrections queued here and not yet on the server, oldest first."""
        return [Correction.from_dict(e["correction"]) for e in self.queue.read()]

    def flush(self) -> int:
        """Send the queued corrections, oldest first; how many the server took (raises StoreError,
        leaving the rest queued)."""
        sent = 0
        with self.queue.locked() as entries:
            while entries:
                with self._transaction(lock=True) as conn:
                    self._insert(conn, entries[0])
                del entries[0]  # written back when the lock is released, even on error
                sent += 1
        return sent

    def _insert(self, conn: Any, entry: dict[str, Any]) -> None:
        correction = Correction.from_dict(entry["correction"])
        row = conn.execute(
            "INSERT INTO corrections(author, created, grp, concern, body, client_key)"
            " VALUES (%s, %s, %s, %s, %s::jsonb, %s) ON CONFLICT (client_key) DO NOTHING RETURNING id",
            (
                entry["author"],
                entry["created"],
                correction.group if correction.action not in REJECT_KIND else "",
                concern(correction),
                json.dumps(correction.to_dict(), ensure_ascii=False),
                entry["client_key"],
            ),
        ).fetchone()
        if row is None:  # sent before, by a process killed before it could empty the queue
            return
        conn.execute(
            "UPDATE corrections SET superseded_by = %s, rev = nextval('correction_revs')"
            " WHERE concern = %s AND id <> %s AND superseded_by IS NULL AND NOT undone",
            (row[0], concern(correction), row[0]),
        )

    def undo(self) -> Correction | None:
        """Take back this author's latest correction: the latest queued one if the server has not
        got it, else their latest live one on the server (None: they have none)."""
        try:
            self.flush()
        except StoreError as error:
            if not error.problem.transient:
                raise
            with self.queue.locked() as entries:
                mine = [i for i, e in enumerate(entries) if e.get("author") == self.author]
                if mine:
                    return Correction.from_dict(entries.pop(mine[-1])["correction"])
            raise
        with self._transaction(lock=True) as conn:
            row = conn.execute(
                "SELECT id, body FROM corrections WHERE author = %s AND superseded_by IS NULL"
                " AND NOT undone ORDER BY id DESC LIMIT 1",
                (self.author,),
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE corrections SET undone = true, rev = nextval('correction_revs') WHERE id = %s",
                (row[0],),
            )
            conn.execute(
                "UPDATE corrections SET superseded_by = NULL, rev = nextval('correction_revs')"
                " WHERE superseded_by = %s AND NOT undone",
                (row[0],),
            )
            return Correction.from_dict(row[1])

    # -- reading -----------------------------------------------------------------

    def _entries(self, where: str, params: tuple[Any, ...], order: str = "id") -> list[Entry]:
        with self._transaction() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM corrections WHERE {where} ORDER BY {order}", params
            ).fetchall()
        return [
            Entry(r[0], r[1], r[2], r[3], r[4], r[5], Correction.from_dict(r[6]), r[7], r[8]) for r in rows
        ]

    def live(self) -> list[Correction]:
        """The team's corrections in force, in the order the server received them (to apply in
        that order, as :func:`warreader.corrections.corrected` does)."""
        return [e.correction for e in self._entries("superseded_by IS NULL AND NOT undone", ())]

    def history(self, group: str | None = None) -> list[Entry]:
        """Every correction ever saved (of ``group`` if given), superseded and undone ones too."""
        if group is None:
            return self._entries("true", ())
        return self._entries("grp = %s", (group,))

    def refresh(self, cursor: int = 0) -> Refresh:
        """What changed after ``cursor`` (0: everything), after sending what is queued here if
        the server is back."""
        with suppress(StoreError):
            self.flush()
        changes = self._entries("rev > %s", (cursor,), order="rev")
        return Refresh(max([cursor, *(e.rev for e in changes)]), changes)
