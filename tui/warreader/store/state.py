"""What the analyst keeps between sessions: read marks, bookmarks and corrections.

One JSON file, ``state.json``, in the user's data directory (``platformdirs.user_data_dir
("warreader")``, or ``$WARREADER_DATA_DIR``). It is written atomically — a temporary file in
the same folder, flushed and synced, then ``os.replace`` — and the previous good version is
kept beside it as ``state.json.bak``. A file that cannot be read is copied aside as
``state.json.damaged``, loading falls back to the backup, and :attr:`StateStore.problem` says so.

Articles are remembered by path; corrections refer to group ids and spellings, which do
not depend on the order articles are read in, so rebuilding the corpus keeps them.

Two warreader processes may share the file. Saving takes an exclusive lock
(``state.json.lock``), reads what is on disk and merges three ways: what this process added
or removed since it last read the file is applied to the file's current contents, so marks,
bookmarks and corrections made by the other process are kept, and this process sees them.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
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
VERSION = 1


def data_dir() -> Path:
    """Where warreader keeps its state: ``$WARREADER_DATA_DIR``, else the platform's user data folder."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("warreader", appauthor=False))


@dataclass
class State:
    """The saved state. Sets keep insertion order as dicts so the file stays stable and readable."""

    read: dict[str, None] = field(default_factory=dict)
    bookmarks: dict[str, None] = field(default_factory=dict)
    corrections: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "read": list(self.read),
            "bookmarks": list(self.bookmarks),
            "corrections": self.corrections,
        }

    @classmethod
    def from_json(cls, data: Any) -> State:
        """Read a state object, keeping what is well-formed and dropping the rest."""
        if not isinstance(data, dict):
            raise ValueError("the state file does not hold a JSON object")
        version = data.get("version", VERSION)
        if not isinstance(version, int) or version > VERSION:
            raise ValueError(f"state file version {version!r} is newer than this warreader understands")

        def strings(key: str) -> dict[str, None]:
            value = data.get(key, [])
            return dict.fromkeys(v for v in value if isinstance(v, str)) if isinstance(value, list) else {}

        raw = data.get("corrections", [])
        corrections = [
            {str(k): str(v) for k, v in item.items() if isinstance(v, str)}
            for item in (raw if isinstance(raw, list) else [])
            if isinstance(item, dict)
        ]
        return cls(strings("read"), strings("bookmarks"), corrections)


def merge(base: State, mine: State, theirs: State) -> State:
    """Three-way merge: apply what changed from ``base`` to ``mine`` onto ``theirs``."""

    def marks(old: dict[str, None], new: dict[str, None], other: dict[str, None]) -> dict[str, None]:
        merged = {k: None for k in other if not (k in old and k not in new)}
        merged.update((k, None) for k in new if k not in old)
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
    )


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` (a no-op where ``fcntl`` is missing)."""
    try:
        import fcntl
    except ImportError:  # Windows: the atomic replace still keeps the file whole
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


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


def _read(path: Path) -> State:
    return State.from_json(json.loads(path.read_text(encoding="utf-8")))


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
            return _read(path)
        except (OSError, ValueError) as error:
            self.problem = f"could not read {path}: {error}"
        damaged = path.with_name(path.name + DAMAGED_SUFFIX)
        try:
            shutil.copyfile(path, damaged)
            self.problem += f" (kept as {damaged.name})"
        except OSError:
            pass
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
            problem = self.problem
            theirs = self._load() if path.exists() else State()
            self.problem = problem
            merged = merge(self._base, self.state, theirs)
            text = json.dumps(merged.to_json(), ensure_ascii=False, indent=1)
            write_atomic(path, (text + "\n").encode("utf-8"))
        changed = merged != self.state
        self.state = merged
        self._base = copy.deepcopy(merged)
        return changed

    # -- conveniences ---------------------------------------------------------

    def toggle(self, which: str, path: str, on: bool | None = None) -> bool:
        """Add or remove ``path`` from ``read`` or ``bookmarks``; return whether it is now in."""
        marks: dict[str, None] = getattr(self.state, which)
        now = (path not in marks) if on is None else on
        if now:
            marks[path] = None
        else:
            marks.pop(path, None)
        return now
