"""``warreader check [PATH...]``: list every file that cannot be read, and why."""

from __future__ import annotations

import argparse
import sys

from warreader.cli.common import EXIT_CODES, paths
from warreader.cli.links import add_option, honoured

HELP = "list the files that cannot be read, and why"


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warreader check", description=HELP, epilog=EXIT_CODES)
    parser.add_argument("paths", nargs="*", metavar="PATH")
    add_option(parser)
    parser.set_defaults(on_postgresql=True)  # reads the files, not an index: a URL does not concern it
    return parser


@honoured
def run(args: argparse.Namespace) -> int:
    from warreader.cli.database import not_here
    from warreader.corpus.reader import Problem, read_articles

    refused = not_here(args, "check reads the files themselves, never an index, on either store")
    if refused is not None:
        return refused

    problems: list[Problem] = []
    count = sum(1 for _ in read_articles(paths(args.paths), problems))
    for problem in problems:
        print(problem)
    print(f"{count} articles read, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0
