"""What the commands share: the corpus paths they are given, their output, one line per problem."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence

from warreader.corpus.locations import EXIT_CODES, corpus_paths, missing_message, missing_paths

__all__ = ["EXIT_CODES", "OutputFailed", "nothing_read", "output", "paths", "present", "report_problems"]


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
