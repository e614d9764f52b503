"""Find article sources (files, folders, ``-`` for stdin, feed URLs) and read them into articles.

Nothing here raises on bad input: every unreadable source becomes one :class:`Problem`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from warreader.corpus.build import make_title as make_title
from warreader.corpus.discover import ARTICLE_SUFFIXES as ARTICLE_SUFFIXES
from warreader.corpus.discover import COMPRESSED, article_suffix
from warreader.corpus.discover import discover as discover
from warreader.corpus.formats import gunzip, limit_for, read_bytes, read_data
from warreader.corpus.problem import Problem as Problem
from warreader.model import Article

STDIN = "-"


def read_source(
    source: str | Path, problems: list[Problem], *, cancelled: Callable[[], bool] | None = None
) -> list[Article]:
    """Articles of one file, ``-`` (stdin) or URL; an unreadable source adds a problem.

    ``cancelled`` is polled while a URL is fetched: once true, the fetch is given up at once.
    """
    from warreader.corpus import fetch as fetching

    name = os.fspath(source)
    if isinstance(source, str) and source == STDIN:
        return _read_stdin(problems)
    if isinstance(source, str) and fetching.is_url(source):
        try:
            fetched = fetching.fetch(source, timeout=fetching.TIMEOUT, cancelled=cancelled or (lambda: False))
        except fetching.FetchError as error:
            problems.append(Problem(source, str(error)))
            return []
        return read_data(
            source, fetched.content, problems, suffix="", url=fetched.url, charset=fetched.charset
        )
    path = Path(name)
    suffix = article_suffix(path.name) or path.suffix.lower()
    compressed = path.suffix.lower() == COMPRESSED
    if suffix == ".json" and not compressed:
        from warreader.corpus import telegram

        if telegram.export_channel(path) is not None:  # streamed: never read whole
            return telegram.read_export(path, problems)
    read = read_bytes(path, problems, suffix)
    if read is None:
        return []
    data, size = read
    if compressed:
        import zlib

        try:
            data, cut = gunzip(data, limit_for(suffix))
        except zlib.error:
            problems.append(Problem(name, "not a readable gzip file"))
            return []
        size = len(data) + 1 if cut or size is not None else None
    return read_data(name, data, problems, suffix=suffix, file_size=size)


def _read_stdin(problems: list[Problem]) -> list[Article]:
    import sys

    from warreader.corpus.formats import MAX_BYTES

    try:
        stream = sys.stdin.buffer
        data = stream.read(MAX_BYTES + 1)
    except (AttributeError, OSError, ValueError):
        problems.append(Problem("<stdin>", "no standard input to read"))
        return []
    size = len(data) if len(data) > MAX_BYTES else None
    return read_data("<stdin>", data[:MAX_BYTES], problems, suffix="", file_size=size)


def read_articles(paths: Iterable[str | os.PathLike[str]], problems: list[Problem]) -> Iterator[Article]:
    """Yield articles from files, folders, ``-`` and URLs in a stable order."""
    for source in discover(paths, problems):
        yield from read_source(source, problems)
