"""Expand the user's paths into article sources: files, folders (recursively), ``-`` and URLs.

The walk is iterative (no recursion limit on deep trees), reads a folder once however
many links lead to it, and skips pipes and devices (reading them may never end). A symlink
inside a folder is followed only when it leads inside the paths given (``passwd.txt ->
/etc/passwd`` is not read) unless links are to be followed (``--follow-links``); a symlink
loop is reported, never walked. Each unusable path is reported once.
"""

from __future__ import annotations

import contextlib
import errno
import operator
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from stat import S_ISREG

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
    dot = name.rfind(".")
    if dot < 0:
        return None
    if dot > 0 and name[dot - 1] != ".":  # the common case, without splitext (100k names: 0.3 s)
        suffix = name[dot:].lower()
        if suffix in ARTICLE_SUFFIXES:
            return suffix
        if suffix != COMPRESSED:
            return None
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


FOLLOW_LINKS = False
"""Follow symlinks that lead out of the paths given (``--follow-links``); see :func:`following_links`."""


@contextlib.contextmanager
def following_links(follow: bool) -> Iterator[None]:
    """Within this block, :func:`discover` follows (or not) links out of the paths given."""
    global FOLLOW_LINKS
    before, FOLLOW_LINKS = FOLLOW_LINKS, follow
    try:
        yield
    finally:
        FOLLOW_LINKS = before


Stat = tuple[int, int]
"""What a sync needs of a file's ``os.stat``: its size and ``st_mtime_ns``, 2 ints in a plain tuple,
where an ``os.stat_result`` holds ~20 objects (1M files: ~120 MB kept while a scan runs instead of
~750 MB)."""


Found = tuple[str, "Stat | None"]
"""A source as :func:`scan` finds it: a file's path with its size and modification time (from the
``os.stat`` taken once, while walking), or ``-`` / a URL with None."""


def discover(
    paths: Iterable[str | os.PathLike[str]], problems: list[Problem], *, follow_links: bool | None = None
) -> list[Path | str]:
    """Sorted article files of each folder, given files as they are; ``-`` and URLs pass as strings.

    A symlink found inside a folder is followed only when it leads inside one of the paths
    given (or with ``follow_links``, default :data:`FOLLOW_LINKS`); one that leads out, one that
    leads nowhere and one that loops are each one problem and skipped. A path given by name is
    read wherever it leads: the user chose it."""
    return [source if info is None else Path(source) for source, info in scan(paths, problems, follow_links)]


def scan(
    paths: Iterable[str | os.PathLike[str]], problems: list[Problem], follow_links: bool | None = None
) -> list[Found]:
    """What :func:`discover` finds, as paths (``str(Path)``, so equal to its paths' text) each with
    the ``os.stat`` taken on the way: a sync compares it with what it stored and needs no second
    stat or ``Path`` per file (100k files: 0.3 s instead of 1.2 s, then 0.4 s of stats in sync)."""
    from warreader.corpus.fetch import is_url

    follow = FOLLOW_LINKS if follow_links is None else follow_links
    given = [os.fsdecode(os.fspath(raw)) for raw in paths]
    local = [text for text in given if not (text == "-" or is_url(text))]
    roots = None if follow else [_real(Path(text)) for text in local]
    found: list[Found] = []
    seen: set[object] = set()
    for text in given:
        if text == "-" or is_url(text):
            if text not in seen:
                seen.add(text)
                found.append((text, None))
            continue
        path = str(Path(text))
        info = _stat(path, problems)
        if info is None:
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(path, found, seen, problems, roots)
        else:
            _add(path, info, found, seen, problems)
    return _merged(found, problems)


def _merged(found: list[Found], problems: list[Problem]) -> list[Found]:
    """``found`` less the older exports of a Telegram channel (read with the newest one): only the
    ``result.json`` files are looked at, as :func:`~warreader.corpus.telegram.merge_exports` does."""
    from warreader.corpus.telegram import EXPORT_NAME, merge_exports

    tail = -len(EXPORT_NAME)  # a slice first: no basename() call for each of 100k article files
    exports = [
        Path(p)
        for p, info in found
        if p[tail:].lower() == EXPORT_NAME and info is not None and os.path.basename(p).lower() == EXPORT_NAME
    ]
    if len(exports) < 2:
        return found
    kept = {str(path) for path in merge_exports(list(exports), problems)}
    if len(kept) == len(exports):
        return found
    return [
        (p, info)
        for p, info in found
        if info is None or os.path.basename(p).lower() != EXPORT_NAME or p in kept
    ]


def _real(path: str | Path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


def _inside(real: str, roots: list[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _stat(path: str, problems: list[Problem]) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError as error:
        broken = error.errno == errno.ENOENT and os.path.islink(path)
        problems.append(Problem(str(path), "broken symlink" if broken else why(error)))
    except ValueError:  # NUL in the name
        problems.append(Problem(repr(str(path)), "not a usable file name"))
    return None


def _add(
    path: str, info: os.stat_result, found: list[Found], seen: set[object], problems: list[Problem]
) -> None:
    key = info.st_dev << 64 | info.st_ino  # one int: a (dev, ino) tuple is 3 objects a file
    if key in seen:  # the same file by two names (symlinks, hard links) is read once
        return
    seen.add(key)
    if stat.S_ISREG(info.st_mode):
        found.append((path, (info.st_size, info.st_mtime_ns)))
    else:
        problems.append(Problem(path, "not a regular file (a pipe, socket or device): skipped"))


def _link(path: str, folder_real: str, roots: list[str] | None, problems: list[Problem]) -> str | None:
    """Where the symlink ``path`` leads, or None when it is not to be followed (said in ``problems``)."""
    try:
        os.stat(path)
    except OSError as error:
        broken = error.errno == errno.ENOENT
        problems.append(Problem(path, "broken symlink" if broken else why(error)))  # ELOOP: "symlink loop"
        return None
    real = _real(path)
    if roots is not None and not _inside(real, roots):
        problems.append(
            Problem(
                path,
                f"symlink to {real}, outside the folders given: not followed (--follow-links follows it)",
            )
        )
        return None
    if os.path.isdir(real) and _inside(folder_real, [real]):
        problems.append(Problem(path, f"symlink loop (back to {real}): not followed"))
        return None
    return real


_name = operator.attrgetter("name")


def _walk(
    root: str, found: list[Found], seen: set[object], problems: list[Problem], roots: list[str] | None
) -> None:
    visited: set[tuple[int, int]] = set()
    skipped: dict[str, int] = {}
    stack = [(root, _real(Path(root)))]
    while stack:
        folder, folder_real = stack.pop()
        info = _stat(folder, problems)
        if info is None:
            continue
        key = (info.st_dev, info.st_ino)
        if key in visited:  # a folder reached again by a symlink (not a loop): read once
            continue
        visited.add(key)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=_name)
        except OSError as error:
            problems.append(Problem(folder, why(error)))
            continue
        folders = []
        prefix = "" if folder == "." else os.path.join(folder, "")  # as Path() would write the path
        for entry in entries:
            path = prefix + entry.name
            real = ""
            try:
                if entry.is_symlink():
                    target = _link(path, folder_real, roots, problems)
                    if target is None:
                        continue
                    real = target
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                folders.append((path, real or os.path.join(folder_real, entry.name)))
            elif article_suffix(entry.name) is not None:
                try:
                    info = os.stat(path)
                except (OSError, ValueError):
                    info = _stat(path, problems)  # says why
                    if info is None:
                        continue
                file_key = info.st_dev << 64 | info.st_ino
                if file_key not in seen and S_ISREG(info.st_mode):  # _add's common case, inline
                    seen.add(file_key)
                    found.append((path, (info.st_size, info.st_mtime_ns)))
                else:
                    _add(path, info, found, seen, problems)
            elif not entry.name.startswith("."):  # hidden files (.DS_Store, .gitignore) are not articles
                kind = _kind_of(entry.name)
                skipped[kind] = skipped.get(kind, 0) + 1
        stack.extend(reversed(folders))
    if skipped:
        total = sum(skipped.values())
        listed = ", ".join(
            f"{kind} {count}" for kind, count in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        problems.append(Problem(root, f"{counted(total, 'file')} of other types not read: {listed}"))
