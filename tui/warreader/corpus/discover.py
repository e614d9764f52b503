"""Expand the user's paths into article sources: files, folders (recursively), ``-`` and URLs.

The walk is iterative (no recursion limit on deep trees), follows symlinked folders but
never the same folder twice (loops end), and skips pipes and devices (reading them may
never end). Each unusable path is reported once.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from warreader.corpus.problem import Problem
from warreader.wording import counted

ARTICLE_SUFFIXES = frozenset(
    {
        ".txt",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".xhtml",
        ".xml",
        ".rss",
        ".atom",
        ".rdf",
        ".json",
        ".jsonl",
        ".ndjson",
        ".opml",
    }
)
COMPRESSED = ".gz"
"""A compressed article keeps its own suffix before this one (``page.html.gz``)."""


def article_suffix(name: str) -> str | None:
    """The suffix that says how to read a file (``.html`` for ``page.html.gz``), or None to skip it."""
    stem, suffix = os.path.splitext(name.lower())
    if suffix == COMPRESSED:
        inner = os.path.splitext(stem)[1]
        return inner if inner in ARTICLE_SUFFIXES or (inner == "" and stem) else None
    return suffix if suffix in ARTICLE_SUFFIXES else None


def _kind_of(name: str) -> str:
    """A skipped file's extension as it is listed (``.pdf``; ``(no extension)``)."""
    return os.path.splitext(name.lower())[1] or "(no extension)"


def why(error: OSError) -> str:
    """A short reason for a failed file operation."""
    reasons = {
        errno.ENOENT: "no such file or folder",
        errno.ELOOP: "symlink loop",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENAMETOOLONG: "file name too long",
        errno.EISDIR: "is a folder",
    }
    return reasons.get(error.errno or 0) or error.strerror or type(error).__name__


def discover(paths: Iterable[str | os.PathLike[str]], problems: list[Problem]) -> list[Path | str]:
    """Sorted article files of each folder, given files as they are; ``-`` and URLs pass as strings."""
    from warreader.corpus.fetch import is_url

    found: list[Path | str] = []
    seen: set[object] = set()
    for raw in paths:
        text = os.fspath(raw)
        if isinstance(text, bytes):
            text = os.fsdecode(text)
        if text == "-" or is_url(text):
            if text not in seen:
                seen.add(text)
                found.append(text)
            continue
        path = Path(text)
        info = _stat(path, problems)
        if info is None:
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(path, found, seen, problems)
        else:
            _add(path, info, found, seen, problems)
    return found


def _stat(path: Path, problems: list[Problem]) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError as error:
        broken = error.errno == errno.ENOENT and path.is_symlink()
        problems.append(Problem(str(path), "broken symlink" if broken else why(error)))
    except ValueError:  # NUL in the name
        problems.append(Problem(repr(str(path)), "not a usable file name"))
    return None


def _add(
    path: Path, info: os.stat_result, found: list[Path | str], seen: set[object], problems: list[Problem]
) -> None:
    key = (info.st_dev, info.st_ino)
    if key in seen:  # the same file by two names (symlinks, hard links) is read once
        return
    seen.add(key)
    if stat.S_ISREG(info.st_mode):
        found.append(path)
    else:
        problems.append(Problem(str(path), "not a regular file (a pipe, socket or device): skipped"))


def _walk(root: Path, found: list[Path | str], seen: set[object], problems: list[Problem]) -> None:
    visited: set[tuple[int, int]] = set()
    skipped: dict[str, int] = {}
    stack = [root]
    while stack:
        folder = stack.pop()
        info = _stat(folder, problems)
        if info is None:
            continue
        key = (info.st_dev, info.st_ino)
        if key in visited:
            if folder.is_symlink():
                problems.append(
                    Problem(str(folder), "symlink to a folder already read (a loop?): not followed")
                )
            continue
        visited.add(key)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            problems.append(Problem(str(folder), why(error)))
            continue
        folders = []
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                folders.append(Path(entry.path))
            elif article_suffix(entry.name) is not None:
                info = _stat(Path(entry.path), problems)
                if info is not None:
                    _add(Path(entry.path), info, found, seen, problems)
            elif not entry.name.startswith("."):  # hidden files (.DS_Store, .gitignore) are not articles
                kind = _kind_of(entry.name)
                skipped[kind] = skipped.get(kind, 0) + 1
        stack.extend(reversed(folders))
    if skipped:
        total = sum(skipped.values())
        listed = ", ".join(
            f"{kind} {count}" for kind, count in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        problems.append(Problem(str(root), f"{counted(total, 'file')} of other types not read: {listed}"))
