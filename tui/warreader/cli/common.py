"""What the commands share: the corpus paths they are given, their output, one line per problem."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from warreader.corpus.locations import EXIT_CODES, corpus_paths, missing_message, missing_paths

if TYPE_CHECKING:
    from warreader.library import Library

__all__ = [
    "EXIT_CODES",
    "OutputFailed",
    "nothing_read",
    "output",
    "paths",
    "present",
    "read_corpus",
    "report_problems",
]


def paths(values: Sequence[str]) -> list[str]:
    """The paths given, or the bundled sample articles."""
    return corpus_paths(values)


def present(given: Sequence[str]) -> list[str]:
    """The paths that exist (URLs and ``-`` included); a line on stderr for each one that does not."""
    missing = missing_paths(given)
    if missing:
        print(missing_message(missing), file=sys.stderr)
    return [p for p in given if p not in missing]


def nothing_read(library: object, given: Sequence[str]) -> bool:
    """Say so when no article could be read (the command then exits 1)."""
    if getattr(library, "articles", None):
        return False
    print(f"warreader: no articles could be read in {', '.join(given)}", file=sys.stderr)
    return True


def report_problems(problems: Sequence[object]) -> None:
    for problem in problems:
        print(f"warreader: {problem}", file=sys.stderr)


def read_corpus(values: Sequence[str], **options: Any) -> tuple[Library, bool] | None:
    """Read the corpus ``values`` name (default: the sample articles) through its index.

    The library and whether every path given was there (else the command exits 1 after its output);
    None once stderr said why there is nothing: no path there, or no article read. ``options`` go to
    :func:`warreader.library.load_library`."""
    given = paths(values)
    found = present(given)
    if not found:
        return None
    from warreader.library import load_library

    library = load_library(found, **options)
    report_problems(library.problems)
    if nothing_read(library, found):
        return None
    return library, found == given


class OutputFailed(Exception):
    """Standard output cannot be written (a full disk, say)."""


@contextlib.contextmanager
def output() -> Iterator[None]:
    """Write the command's output; a failure to write it is :class:`OutputFailed`."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputFailed(error.strerror or str(error)) from error
