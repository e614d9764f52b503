"""What the analyst keeps between sessions: read marks, bookmarks and corrections.

One JSON file, ``state.json``, in the user's data directory (``platformdirs.user_data_dir
("warreader")``, or ``$WARREADER_DATA_DIR``). It is written atomically — a temporary file in
the same folder, flushed and synced, then ``os.replace`` — and the previous good version is
kept beside it as ``state.json.bak``. A file that cannot be read is copied aside as
``state.json.damaged.N`` (numbered; the newest few are kept), loading falls back to the backup,
and :attr:`StateStore.problem` says so. A file damaged (or deleted) while a process runs is
written again from that process's copy when it saves, and :meth:`StateStore.take_notes` says so.

Read marks and bookmarks are keyed by the article's content (:func:`article_key`, a hash of
its title and body, the same at every launch), with the path it was last seen at as a hint:
moving the corpus folder or cloning it again elsewhere keeps them. Corrections refer to group
ids and spellings, which do not depend on the order articles are read in, so rebuilding the
corpus keeps them.

Format 2 (``"version": 2``)::

    {"version": 2,
     "read": {"<content key>": "<path hint>", ...},
     "bookmarks": {"<content key>": "<path hint>", ...},
     "unmatched": {"read": ["<path>", ...], "bookmarks": [...]},
     "corrections": [...]}

A format-1 file (``"read": ["<path>", ...]``) is read as it is: its path-keyed marks wait in
``unmatched`` until the app finds the article at that path and moves them to its content key
(:attr:`State.legacy_read`, :attr:`State.legacy_bookmarks`); marks never matched are kept.
Corrections are kept as the file holds them, even entries this release does not understand
(:mod:`warreader.corrections` applies the others and writes those back untouched). A file of a
newer format is read as empty and never replaced (saving raises OSError), so its data survives.

Two warreader processes may share the file. Saving takes an exclusive lock
(``state.json.lock``), reads what is on disk and merges three ways: what this process added
or removed since it last read the file is applied to the file's current contents, so marks,
bookmarks and corrections made by the other process are kept, and this process sees them.
A save killed before its ``os.replace`` leaves the old file whole and a temporary file, which
the next save removes.
"""

from __future__ import annotations

import contextlib
import copy
import glob
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_DIR = "WARREADER_DATA_DIR"
FILE_NAME = "state.json"
BACKUP_SUFFIX = ".bak"
DAMAGED_SUFFIX = ".damaged"
LOCK_SUFFIX = ".lock"
KEEP_DAMAGED = 5
"""Damaged copies kept aside (``state.json.damaged.1``, ``.2``, ...): the newest five."""
VERSION = 2
MARKS = ("read", "bookmarks")


def article_key(title: str, body: str) -> str:
    """The content key of an article: a hash of its title and body, runs of whitespace made one
    space (line endings and re-wrapping do not change it)."""
    text = " ".join(title.split()) + "\x00" + " ".join(body.split())
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def data_dir() -> Path:
    """Where warreader keeps its state: ``$WARREADER_DATA_DIR``, else the platform's user data folder."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("warreader", appauthor=False))


@dataclass
class State:
    """The saved state. Marks are dicts (content key → path hint) so the file keeps its order."""

    read: dict[str, str] = field(default_factory=dict)
    bookmarks: dict[str, str] = field(default_factory=dict)
    corrections: list[Any] = field(default_factory=list)
    """The corrections as the file holds them (see :func:`warreader.corrections.from_state`)."""
    legacy_read: dict[str, None] = field(default_factory=dict)
    """Read marks of a format-1 file, by path, not yet matched to an article's content key."""
    legacy_bookmarks: dict[str, None] = field(default_factory=dict)
    """Bookmarks of a format-1 file, by path, not yet matched."""
    notes: list[str] = field(default_factory=list, compare=False, repr=False)
    """What reading the file found odd but could read past (not saved)."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": VERSION,
            "read": self.read,
            "bookmarks": self.bookmarks,
            "corrections": self.corrections,
        }
        if self.legacy_read or self.legacy_bookmarks:
            data["unmatched"] = {"read": list(self.legacy_read), "bookmarks": list(self.legacy_bookmarks)}
        return data

    @classmethod
    def from_json(cls, data: Any) -> State:
        """Read a state object (format 1 or 2), keeping what is well-formed and dropping the rest."""
        if not isinstance(data, dict):
            raise ValueError("the state file does not hold a JSON object")
        version = data.get("version", VERSION)
        notes = []
        if isinstance(version, str) and version.strip().isdecimal():  # "1" typed by hand
            notes.append(f"version {json.dumps(version)} should be a number; read as {int(version)}")
            version = int(version)
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValueError(f"the state file's version {_shown(version)} is not a format number")
        if version > VERSION:
            raise NewerState(version)

        def paths(value: Any) -> dict[str, None]:
            return dict.fromkeys(v for v in value if isinstance(v, str)) if isinstance(value, list) else {}

        def keyed(value: Any) -> dict[str, str]:
            if not isinstance(value, dict):
                return {}
            return {k: v if isinstance(v, str) else "" for k, v in value.items() if isinstance(k, str)}

        state = cls()
        unmatched = data.get("unmatched", {})
        unmatched = unmatched if isinstance(unmatched, dict) else {}
        for which in MARKS:
            value = data.get(which, {})
            legacy = paths(value) if isinstance(value, list) else {}  # format 1: a list of paths
            legacy.update(paths(unmatched.get(which, [])))
            setattr(state, which, keyed(value))
            setattr(state, "legacy_" + which, legacy)
        raw = data.get("corrections", [])
        # Kept as written, even entries this warreader does not understand (a newer release's, or
        # edited by hand): warreader.corrections applies the ones it can and writes the rest back.
        state.corrections = raw if isinstance(raw, list) else [] if raw is None else [raw]
        state.notes = notes
        return state


def merge(base: State, mine: State, theirs: State) -> State:
    """Three-way merge: apply what changed from ``base`` to ``mine`` onto ``theirs``."""

    def marks(old: dict[str, Any], new: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
        merged = {k: v for k, v in other.items() if not (k in old and k not in new)}
        for k, v in new.items():
            if k not in old or (old[k] != v and k in merged):  # added here, or its path hint moved
                merged[k] = v
        return merged

    def key(item: dict[str, str]) -> str:
        return json.dumps(item, sort_keys=True, ensure_ascii=False)

    removed = {key(c) for c in base.corrections} - {key(c) for c in mine.corrections}
    seen = {key(c) for c in base.corrections}
    corrections = [c for c in theirs.corrections if key(c) not in removed]
    present = {key(c) for c in corrections}
    for item in mine.corrections:
        if key(item) not in seen and key(item) not in present:
            corrections.append(item)
            present.add(key(item))
    return State(
        marks(base.read, mine.read, theirs.read),
        marks(base.bookmarks, mine.bookmarks, theirs.bookmarks),
        corrections,
        marks(base.legacy_read, mine.legacy_read, theirs.legacy_read),
        marks(base.legacy_bookmarks, mine.legacy_bookmarks, theirs.legacy_bookmarks),
    )


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (filelock: ``flock`` on POSIX, ``msvcrt`` on Windows),
    waiting as long as another holder keeps it. Each call opens the file anew, so two threads of one
    process wait for each other as two processes do; the lock is the caller's, not its thread's."""
    from filelock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path), timeout=-1, thread_local=False):
        yield


def write_atomic(path: Path, data: bytes, *, backup: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step, keeping the previous good version as ``path.bak``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    copy = path.with_name(path.name + BACKUP_SUFFIX + ".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and path.exists() and _readable(path):
            shutil.copyfile(path, copy)
            os.replace(copy, path.with_name(path.name + BACKUP_SUFFIX))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        copy.unlink(missing_ok=True)
        raise


class NewerState(ValueError):
    """The file was written by a newer warreader: it is read as missing and never replaced."""

    def __init__(self, version: int) -> None:
        super().__init__(f"written by a newer warreader (format {version}; this one reads up to {VERSION})")


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:39] + "…"


def _remove_stale_temporaries(path: Path) -> None:
    """Remove the temporary files of saves that were killed before their ``os.replace``. Called
    with the lock held, so no other save is writing one (POSIX only: elsewhere they are left)."""
    if os.name != "posix":
        return
    stale = re.compile(re.escape(path.name) + r"\.(?:[a-z0-9_]{8}|bak)\.tmp")
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            if stale.fullmatch(entry.name):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _read(path: Path) -> State:
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except RecursionError:  # e.g. 100,000 "[": the parser gives up; so do we, in one line
        raise ValueError("not a state file: nested too deeply") from None
    return State.from_json(data)


def _readable(path: Path) -> bool:
    try:
        _read(path)
    except (OSError, ValueError):
        return False
    return True


class StateStore:
    """The state file and its in-memory contents; ``directory=None`` keeps everything in memory."""

    def __init__(self, directory: Path | str | None) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.state = State()
        self.problem = ""
        """Why the state file could not be read, if it could not ("" when all is well)."""
        self.notes: list[str] = []
        """What saving found (a damaged or vanished file), for :meth:`take_notes`."""
        self._damage_told: set[str] = set()
        self._base = State()
        """The state as last read from or written to the file: the base of the merge on save."""

    @classmethod
    def default(cls) -> StateStore:
        """The store in the user's data directory, loaded."""
        return cls.default_at(data_dir())

    @classmethod
    def default_at(cls, directory: Path | str) -> StateStore:
        """The store in ``directory``, loaded."""
        store = cls(directory)
        store.load()
        return store

    @classmethod
    def memory(cls) -> StateStore:
        """A store that is never written to disk (tests, or a library given directly)."""
        return cls(None)

    @property
    def path(self) -> Path | None:
        return self.directory / FILE_NAME if self.directory is not None else None

    def load(self) -> State:
        """Read the state file; on damage, the backup; on neither, an empty state."""
        self.state = self._load()
        self._base = copy.deepcopy(self.state)
        return self.state

    def _load(self) -> State:
        path = self.path
        self.problem = ""
        if path is None or not path.exists():
            return State()
        try:
            state = _read(path)
            if state.notes:
                self.problem = f"{path}: {'; '.join(state.notes)}"
            return state
        except NewerState as error:
            self.problem = f"{path} was {error}: it is left as it is and nothing is saved to it"
            return State()
        except (OSError, ValueError) as error:
            self.problem = f"could not read {path}: {error}"
        kept = self._keep_damaged(path)
        if kept:
            self.problem += f" (kept as {kept})"
            self._damage_told.add(kept)
        backup = path.with_name(path.name + BACKUP_SUFFIX)
        try:
            state = _read(backup)
            self.problem += f"; using the backup {backup.name}"
        except (OSError, ValueError):
            state = State()
            self.problem += "; starting with an empty state"
        return state

    def save(self) -> bool:
        """Write the state atomically, merged with what another process saved meanwhile.

        Returns True when the merge brought in changes from the file (``state`` now holds them).
        """
        path = self.path
        if path is None:
            return False
        with locked(path.with_name(path.name + LOCK_SUFFIX)):
            _remove_stale_temporaries(path)
            theirs = self._current(path)
            merged = merge(self._base, self.state, theirs)
            text = json.dumps(merged.to_json(), ensure_ascii=False, indent=1)
            write_atomic(path, (text + "\n").encode("utf-8"))
        changed = merged != self.state
        self.state = merged
        self._base = copy.deepcopy(merged)
        return changed

    def _current(self, path: Path) -> State:
        """What is on disk now, the other side of the merge. A file that has gone or cannot be read
        (damaged since this process read it) is replaced by this process's last copy of it, so
        nothing this process knew is dropped; the damaged file is kept aside and a note says so."""
        try:
            return _read(path)
        except NewerState as error:  # never replaced: the newer release's data would be lost
            raise OSError(f"{path} was {error}; not replacing it (move it aside to start over)") from None
        except FileNotFoundError:
            if self._base != State():
                self.notes.append(f"{path} had gone; saved it again from this window's copy")
            return copy.deepcopy(self._base)
        except (OSError, ValueError) as error:
            kept = self._keep_damaged(path)
            if kept and kept in self._damage_told:
                return copy.deepcopy(self._base)  # the damage found at load, already told
            where = f", kept as {kept}" if kept else ""
            self._damage_told.add(kept)
            self.notes.append(
                f"could not read {path} ({error}{where}); saved it again from this window's copy"
            )
            return copy.deepcopy(self._base)

    def _keep_damaged(self, path: Path) -> str:
        """Copy a damaged ``path`` aside as ``state.json.damaged.N`` (N one more than the last; a
        copy with the same bytes is not made twice; the newest KEEP_DAMAGED are kept). Returns its
        name, or "" when it could not be copied."""
        try:
            data = path.read_bytes()
        except OSError:
            return ""
        stem = path.name + DAMAGED_SUFFIX + "."
        numbered = sorted(
            (int(p.name[len(stem) :]), p)
            for p in path.parent.glob(glob.escape(stem) + "*")
            if p.name[len(stem) :].isdigit()
        )
        for _, earlier in numbered:
            with contextlib.suppress(OSError):
                if earlier.stat().st_size == len(data) and earlier.read_bytes() == data:
                    return earlier.name
        target = path.with_name(f"{stem}{numbered[-1][0] + 1 if numbered else 1}")
        try:
            write_atomic(target, data, backup=False)
        except OSError:
            return ""
        for _, old in numbered[: max(0, len(numbered) + 1 - KEEP_DAMAGED)]:
            old.unlink(missing_ok=True)
        return target.name

    def take_notes(self) -> list[str]:
        """What saving found (a damaged or vanished file), once: the caller shows them."""
        notes, self.notes = self.notes, []
        return notes

    # -- conveniences ---------------------------------------------------------

    def toggle(self, which: str, key: str, on: bool | None = None, *, path: str = "") -> bool:
        """Add or remove the article with content key ``key`` (seen at ``path``) from ``read`` or
        ``bookmarks``; return whether it is now in. Removing it also drops a format-1 mark of ``path``."""
        marks: dict[str, str] = getattr(self.state, which)
        now = (key not in marks) if on is None else on
        if now:
            marks[key] = path
        else:
            marks.pop(key, None)
            getattr(self.state, "legacy_" + which).pop(path, None)
        return now
