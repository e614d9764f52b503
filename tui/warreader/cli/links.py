"""``--follow-links``: the option of every command that reads a corpus path."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable

HELP = (
    "also follow symlinks that lead out of the files and folders given (by default each is "
    "reported in one line and skipped)"
)


def add_option(parser: argparse.ArgumentParser) -> None:
    from warreader.cli import database

    parser.add_argument("--follow-links", action="store_true", help=HELP)
    database.add_option(parser)  # --db URL: a team's PostgreSQL database


def honoured(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """``run`` with the corpus read as ``--follow-links`` says (for this run only)."""

    @functools.wraps(run)
    def wrapped(args: argparse.Namespace) -> int:
        from warreader.cli.database import refused, store_problem
        from warreader.corpus.discover import following_links

        code = refused(args)
        if code is not None:
            return code
        try:
            with following_links(bool(getattr(args, "follow_links", False))):
                return run(args)
        except Exception as error:
            line = store_problem(error, args)  # the PostgreSQL store cannot be used: one line
            if line is None:
                raise
            print(f"warreader: {line}", file=sys.stderr)
            return 1

    return wrapped
