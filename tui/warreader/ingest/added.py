"""Files known to be new (a feed refresh wrote them): placed in the index without walking the corpus.

A full sync walks and stats every file (100k files: ~0.7 s of CPU) to learn what changed. When the
caller knows which files it wrote and nothing else changed (the app's feed refresh), only those
are looked at: each is named as the walk would name it (the path given plus the path inside it)
and placed where the walk would find it (a folder's files in name order, then its folders), so a
later full sync finds every file where it is. Anything this cannot vouch for (a path that is a URL
or standard input, a file outside the paths or reached through a symlink, paths inside one
another, a Telegram export) answers None: the caller walks the corpus as usual.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import stat
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from warreader.corpus.discover import article_suffix
from warreader.corpus.fetch import is_url
from warreader.store.files import db_key

ReadingKey = tuple[int, tuple[tuple[int, str], ...]]
"""Where a file comes in reading order: the path given it is in, then per level (0 file / 1 folder, name)."""


@dataclass(frozen=True, slots=True)
class Root:
    number: int
    prefix: str
    """The walk's names of the files inside it start with this ("" for ``.``)."""
    real: str


def _roots(paths: Sequence[str | os.PathLike[str]]) -> list[Root] | None:
    roots = []
    for number, raw in enumerate(paths):
        text = os.fsdecode(os.fspath(raw))
        if text == "-" or is_url(text):
            return None
        path = str(Path(text))
        if not os.path.isdir(path):
            return None  # a file given by name: the walk's order of given files is kept by a full sync
        roots.append(Root(number, "" if path == "." else os.path.join(path, ""), os.path.realpath(path)))
    reals = [root.real for root in roots]
    for root in reals:  # paths inside one another: a file is found under the first only
        if any(other != root and other.startswith(os.path.join(root, "")) for other in reals):
            return None
        if reals.count(root) > 1:
            return None
    return roots


def reading_key(roots: Sequence[Root], key: str) -> ReadingKey | None:
    """Where the walk of ``roots`` finds the file it names ``key`` (None: not inside one of them)."""
    for root in roots:
        if root.prefix and not key.startswith(root.prefix):
            continue
        if not root.prefix and os.path.isabs(key):
            continue
        parts = key[len(root.prefix) :].split(os.sep)
        return root.number, (*((1, part) for part in parts[:-1]), (0, parts[-1]))
    return None


def _walk_name(roots: Sequence[Root], file: str) -> tuple[str, os.stat_result] | None:
    """The name the walk gives ``file`` and its stat, when the walk would find it as a plain file."""
    real = os.path.realpath(file)
    for root in roots:
        inside = os.path.relpath(real, root.real)
        if inside.startswith(os.pardir) or inside == os.curdir:
            continue
        name = root.prefix + inside
        if article_suffix(os.path.basename(name)) is None or os.path.basename(name).lower() == "result.json":
            return None  # not read, or a Telegram export (read with the channel's other exports)
        folder = root.real
        for part in inside.split(os.sep)[:-1]:  # no symlink on the way: the walk names it so
            folder = os.path.join(folder, part)
            if os.path.islink(folder):
                return None
        try:
            info = os.lstat(name)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(info.st_mode) or not os.path.samefile(name, real):
            return None
        return name, info
    return None


Placed = list[tuple[str, os.stat_result, int]]
"""Files as (the walk's name, stat, reading position)."""


def place_added(
    conn: sqlite3.Connection, paths: Sequence[str | os.PathLike[str]], added: Sequence[str | os.PathLike[str]]
) -> tuple[Placed, bool] | None:
    """The files ``added`` placed in reading order, and whether stored sources moved up to make room
    for them (done here, in the caller's transaction); None: walk the corpus instead.

    Files already stored keep their position."""
    roots = _roots(paths)
    if roots is None:
        return None
    found: dict[str, os.stat_result] = {}
    for file in added:
        named = _walk_name(roots, os.fsdecode(os.fspath(file)))
        if named is None:
            return None
        found[named[0]] = named[1]
    stored = dict(
        conn.execute(
            f"SELECT path, ord FROM sources WHERE path IN ({','.join('?' * len(found))})",
            [db_key(name) for name in found],
        ).fetchall()
    )
    fresh = [(reading_key(roots, name), name) for name in found if db_key(name) not in stored]
    if any(k is None for k, _ in fresh):
        return None
    new: list[tuple[ReadingKey, str]] = sorted((k, name) for k, name in fresh if k is not None)
    placed = [(name, found[name], int(stored[db_key(name)])) for name in found if db_key(name) in stored]
    if not new:
        return placed, False
    count, top = conn.execute("SELECT count(*), coalesce(max(ord), -1) FROM sources").fetchone()
    if not count or count != top + 1:
        return None  # positions with gaps (a sync cut short): the walk numbers them again
    last = conn.execute("SELECT path FROM sources WHERE ord=?", (top,)).fetchone()
    last_key = reading_key(roots, last[0]) if last is not None else None
    if last is None or (last_key is not None and last_key < new[0][0]):  # the common case: after the rest
        return placed + [(name, found[name], top + 1 + n) for n, (_, name) in enumerate(new)], False
    rows = conn.execute("SELECT path FROM sources ORDER BY ord").fetchall()
    keys = [reading_key(roots, row[0]) for row in rows]
    order: list[ReadingKey] = [k for k in keys if k is not None]
    if len(order) < len(keys) or any(b < a for a, b in itertools.pairwise(order)):
        return None  # a source outside the paths, or stored out of the walk's order: walk instead
    points = [bisect_right(order, k) for k, _ in new]
    for point in sorted(set(points), reverse=True):  # the highest first: a row moves once per point below it
        conn.execute("UPDATE sources SET ord = ord + ? WHERE ord >= ?", (points.count(point), point))
    moved = [
        (name, found[name], point + n) for n, (point, (_, name)) in enumerate(zip(points, new, strict=True))
    ]
    return placed + moved, True
