"""``warreader [PATH...]``: open the reader on files, folders and feed URLs (default: the bundled ones)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from warreader import __version__
from warreader.cli.common import EXIT_CODES, paths, present
from warreader.cli.links import add_option, honoured


class _Parser(argparse.ArgumentParser):
    """Its epilog (the other commands' help: each command's module imported) is written only when
    the help is shown, not at every launch of the reader."""

    def __init__(self, commands: str | Callable[[], str] = "", **options: Any) -> None:
        super().__init__(**options)  # subparsers are made of this class too: no commands then
        self.commands = commands

    def format_help(self) -> str:
        if callable(self.commands):
            self.epilog = f"commands (each has --help):\n{self.commands()}\n\n{EXIT_CODES}"
        return super().format_help()


def parser(commands: str | Callable[[], str]) -> argparse.ArgumentParser:
    """The reader's parser; ``commands`` (the other commands, one per line, or what gives them)
    ends its help."""
    parser = _Parser(
        commands,
        prog="warreader",
        description="A terminal reader for war news in many sources and languages: places and speakers "
        "highlighted, spelling variants grouped, mentions followed across the corpus.",
        epilog=None if callable(commands) else f"commands (each has --help):\n{commands}\n\n{EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files or folders (.txt, .md, .html, .xml/.rss/.atom feeds, .json/.jsonl), or feed URLs",
    )
    parser.add_argument("--version", action="version", version=f"warreader {__version__}")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="build the corpus index again (the old one stays until it is done)",
    )
    add_option(parser)
    parser.set_defaults(on_postgresql=True)  # --db URL: the index and corrections of that database
    return parser


@honoured
def run(args: argparse.Namespace) -> int:
    from warreader.config import load_config

    config = load_config()  # its default paths apply when none are given
    given = paths(args.paths or config.paths)
    if "-" in given:
        print(
            "warreader: the reader needs the terminal for keys; use 'warreader extract -' for stdin",
            file=sys.stderr,
        )
        return 2
    location = getattr(args, "db_location", None)
    if location is not None and args.rebuild:
        print(
            f"warreader: the app does not rebuild the shared database {location.shown}: "
            "use 'warreader index --db URL --rebuild DIR' (it reads DIR's files again)",
            file=sys.stderr,
        )
        return 2
    found = present(given)
    if not found:
        return 1
    if location is not None:  # a server that cannot be reached: one line here, not in the app
        from warreader.store.pg.index import PgIndex

        PgIndex(location).close()
    from warreader.store.state import StateStore
    from warreader.ui.app import WarReaderApp

    app = WarReaderApp(paths=found, state=StateStore.default(), config=config, location=location)
    app.rebuild = args.rebuild
    app.run()
    return 0
