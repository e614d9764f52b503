"""Which articles of a library the saved read marks and bookmarks point at.

A mark is keyed by the article's content (:func:`warreader.store.state.article_key`) and
carries the path the article was last seen at. Finding the marked articles never hashes the
whole corpus: an article is a candidate when its path is a mark's path hint, or its file
name is the hint's file name (the folder was moved, or cloned again elsewhere); only the
candidates' keys are worked out (once each), and a mark found at a new path gets that path
as its new hint (:attr:`Marks.moved` says the state should be saved).

Format-1 marks, keyed by path only, are moved to their article's content key by
:meth:`Marks.migrate` when the library holds an article at that path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from warreader.store.state import MARKS, article_key

if TYPE_CHECKING:
    from warreader.library import Library
    from warreader.store.state import StateStore


def file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _normal(path: str) -> str:
    """``path`` made absolute and tidy, for matching a format-1 path typed another way."""
    if "://" in path:
        return path
    return os.path.normcase(os.path.abspath(os.path.expanduser(path)))


class Marks:
    """The marks of ``store`` (read through it, so a merged state is seen) over ``library``."""

    def __init__(self, library: Library, store: StateStore) -> None:
        self.library = library
        self.store = store
        self._keys: dict[int, str] = {}
        self._hints: dict[str, tuple[set[str], set[str]]] = {}
        self.moved = False
        """A mark was found at another path than its hint, and the hint was updated."""
        self.reindex()

    def reindex(self) -> None:
        """Read the path hints again (after a toggle, a migration or a merge with the file)."""
        state = self.store.state
        self._hints = {}
        for which in MARKS:
            paths = set(getattr(state, which).values())
            self._hints[which] = (paths, {file_name(p) for p in paths})

    # -- content keys ----------------------------------------------------------------------

    def keys_of(self, indexes: Iterable[int]) -> dict[int, str]:
        """The content keys of articles ``indexes`` (worked out once per library)."""
        wanted = [i for i in dict.fromkeys(indexes) if i not in self._keys]
        if wanted:
            titles = self._titles(wanted)
            for index, body in self.library.texts(wanted):
                self._keys[index] = article_key(titles.get(index, ""), body)
        return {i: self._keys[i] for i in indexes if i in self._keys}

    def key_of(self, index: int) -> str:
        return self.keys_of([index]).get(index, "")

    def _titles(self, indexes: list[int]) -> dict[int, str]:
        rows = getattr(self.library.articles, "rows", None)
        if not callable(rows):
            return {i: self.library.articles[i].title for i in indexes}
        found: dict[int, str] = {}
        for index in indexes:  # (ord, date, title, language, source, path)
            for row in rows(index, index + 1):
                found[int(row[0])] = str(row[2])
        return found

    # -- looking marks up ------------------------------------------------------------------

    def has(self, which: str, index: int, path: str) -> bool:
        """Whether article ``index`` (seen at ``path``) carries mark ``which`` ("read", "bookmarks")."""
        marks: dict[str, str] = getattr(self.store.state, which)
        if not marks:
            return False
        paths, names = self._hints[which]
        if path not in paths and file_name(path) not in names:
            return False
        key = self.key_of(index)
        if key not in marks:
            return False
        if marks[key] != path:  # found where it was not: remember where
            marks[key] = path
            self.moved = True
            self.reindex()
        return True

    def marked(self, which: str, rows: Iterable[tuple[int, str]]) -> set[int]:
        """Which of ``rows`` ((index, path) of articles) carry mark ``which``: only articles at a
        mark's path (or file name) are hashed, never the whole corpus."""
        if not getattr(self.store.state, which):
            return set()
        paths, names = self._hints[which]
        candidates = [(i, p) for i, p in rows if p in paths or file_name(p) in names]
        return {i for i, p in candidates if self.has(which, i, p)}

    def toggle(self, which: str, index: int, on: bool | None = None) -> bool:
        """Set (``on``), clear or flip mark ``which`` of article ``index``; whether it is now set."""
        path = self._path(index)
        now = self.store.toggle(which, self.key_of(index), on, path=path)
        self.reindex()
        return now

    def set_many(self, which: str, indexes: Iterable[int], on: bool) -> list[int]:
        """Set or clear mark ``which`` on many articles at once; return those whose mark changed."""
        marks: dict[str, str] = getattr(self.store.state, which)
        wanted = list(dict.fromkeys(indexes))
        keys = self.keys_of(wanted)
        changed = [i for i in wanted if i in keys and (keys[i] in marks) != on]
        for index in changed:
            self.store.toggle(which, keys[index], on, path=self._path(index))
        self.reindex()
        return changed

    def any_marked(self, which: str) -> bool:
        """Whether any article carries mark ``which`` (format-1 marks not moved yet aside)."""
        return bool(getattr(self.store.state, which))

    def any(self, which: str) -> bool:
        state = self.store.state
        return bool(getattr(state, which) or getattr(state, "legacy_" + which))

    def _path(self, index: int) -> str:
        rows = getattr(self.library.articles, "rows", None)
        if callable(rows):
            for row in rows(index, index + 1):
                return str(row[5])
        return self.library.articles[index].path

    # -- format 1 --------------------------------------------------------------------------

    def migrate(self) -> int:
        """Move format-1 (path-keyed) marks to the content key of the article at that path;
        marks of paths this library lacks stay as they are. Returns how many moved."""
        state = self.store.state
        legacy = {which: getattr(state, "legacy_" + which) for which in MARKS}
        wanted = list(dict.fromkeys(p for marks in legacy.values() for p in marks))
        if not wanted:
            return 0
        found = {p: i for p in wanted if (i := self.library.position(p)) is not None}
        missing = [p for p in wanted if p not in found]
        if missing:  # the path typed another way (relative, ~): match on the absolute path
            normal = {_normal(p): p for p in missing}
            for index, article_path in self._all_paths():
                old = normal.get(_normal(article_path))
                if old is not None and old not in found:
                    found[old] = index
        keys = self.keys_of(found.values())
        moved = 0
        for which, marks in legacy.items():
            for old in [p for p in marks if p in found and found[p] in keys]:
                index = found[old]
                getattr(state, which)[keys[index]] = self._path(index)
                del marks[old]
                moved += 1
        self.reindex()
        return moved

    def _all_paths(self) -> Iterable[tuple[int, str]]:
        rows = getattr(self.library.articles, "rows", None)
        if callable(rows):
            return [(int(r[0]), str(r[5])) for r in rows(0, len(self.library.articles))]
        return [(i, a.path) for i, a in enumerate(self.library.articles)]
