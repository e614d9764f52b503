"""``--db URL`` (and ``$WARREADER_DB``, ``[store] url``): which database holds the corpus.

Hidden for now: the PostgreSQL backend of issue 18 has its schema, its shared corrections and
the index (:mod:`warreader.store.pg`), but only ``warreader index`` and ``warreader extract``
run on it (their parsers set ``on_postgresql``; they open ``args.db_location``). For every other
command (the app among them) a database named in any of the three places is checked (a bad URL:
one line, exit 2) and then refused with one line (exit 2) rather than quietly ignored: an
analyst who asked for the team's database must not find their work in a private SQLite index
instead. Without a URL nothing changes (SQLite in the cache folder).
"""

from __future__ import annotations

import argparse
import os
import sys

from warreader.store.pg.location import BadLocation, Location, resolve


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", default=None, help=argparse.SUPPRESS)


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
        f"({location.shown}) in this release (`warreader index` and `extract` do); without it the index is "
        "the local one in the cache folder",
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
