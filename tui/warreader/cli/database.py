"""``--db URL`` (and ``$WARREADER_DB``, ``[store] url``): which database holds the corpus.

Without a URL nothing changes (SQLite in the cache folder). With one, every command that reads a
corpus reads it through the index in that PostgreSQL database (:mod:`warreader.store.pg`): the
app (``warreader --db URL DIR``, with the team's shared corrections), ``index``, ``extract``,
``eval`` and ``export`` (the team's corrections applied; ``--aliases`` writes them), and
``import`` saves into the team's corrections. Their parsers set ``on_postgresql`` and they open
``args.db_location``. ``check`` and ``feeds`` read files and feed lists, never an index: a URL
from the environment or the config leaves them as they are, and an explicit ``--db`` is refused
with one line saying so (exit 2). A bad URL, wherever it comes from, is one line (exit 2); a
command without ``on_postgresql`` is refused rather than quietly run on a private SQLite index.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from warreader.store.pg.location import BadLocation, Location, resolve

HELP = (
    "a team's PostgreSQL database holding the index and the shared corrections, postgresql://USER@HOST/DB "
    "(default: $WARREADER_DB, else [store] url in the config, else the local index in the cache folder)"
)


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", default=None, help=HELP)


def chosen(args: argparse.Namespace) -> Location | None:
    """The database asked for (raises BadLocation); the config file is read only when needed."""
    option = getattr(args, "db", None)
    from warreader.store.pg.location import ENV

    if option is not None or ENV in os.environ:
        return resolve(option)
    from warreader.config import load_config

    config = load_config()
    return resolve(None, configured=config.store_url, config_origin=f"{config.path} [store] url")


def refused(args: argparse.Namespace) -> int | None:
    """The exit code (2, with one line on stderr) when a database is named; None to go on."""
    try:
        location = chosen(args)
    except BadLocation as error:
        print(f"warreader: {error}", file=sys.stderr)
        return 2
    if location is None or getattr(args, "on_postgresql", False):
        args.db_location = location  # what the command opens (None: SQLite in the cache folder)
        return None
    print(
        f"warreader: {location.origin}: this command does not run on the PostgreSQL store "
        f"({location.shown}); without it the index is the local one in the cache folder",
        file=sys.stderr,
    )
    return 2


def store_problem(error: BaseException, args: argparse.Namespace) -> str | None:
    """One line for an error of the PostgreSQL store (None: not one): a StoreError's message, or a
    psycopg error classified (server gone, read-only role...) for the database of ``args``."""
    from warreader.store.pg.errors import StoreError, classify

    if isinstance(error, StoreError):
        return str(error)
    psycopg = sys.modules.get("psycopg")  # loaded only when a database is used
    if psycopg is not None and isinstance(error, psycopg.Error):
        return classify(error, getattr(args, "db_location", None)).message
    return None


def not_here(args: argparse.Namespace, why: str) -> int | None:
    """For a command that reads no index: 2 (with one line) when ``--db`` was given explicitly;
    None to go on (a URL of the environment or the config does not concern it)."""
    if getattr(args, "db", None) is None:
        return None
    print(f"warreader: --db: {why}; run it without --db", file=sys.stderr)
    return 2


def said(run: Callable[[], int]) -> int:
    """``run()``, with an error of the PostgreSQL store said in one line (exit 1)."""
    try:
        return run()
    except Exception as error:
        line = store_problem(error, argparse.Namespace())
        if line is None:
            raise
        print(f"warreader: {line}", file=sys.stderr)
        return 1
