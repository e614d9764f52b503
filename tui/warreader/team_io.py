"""The export and import commands' side of a team's database (``--db URL``).

:func:`database` says which database the command line names (``--db``, else ``$WARREADER_DB``,
else ``[store] url``), as :func:`warreader.cli.database.chosen` does for the other commands.

``warreader import --aliases FILE --db URL`` saves the file's corrections into the team's shared
corrections (as this user, :func:`warreader.store.pg.corrections.default_author` with the
config's ``[store] author``); ``--replace`` is refused there: the team's corrections are each
taken back by their author, never dropped wholesale by one import.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def database(args: argparse.Namespace) -> Any:
    """The database named (a Location; None: none, the local index), or 2 once a bad URL was said
    in one line."""
    from warreader.store.pg.location import ENV, BadLocation, resolve

    try:
        if getattr(args, "db", None) is not None or ENV in os.environ:
            return resolve(getattr(args, "db", None))
        from warreader.config import load_config

        config = load_config()
        return resolve(None, configured=config.store_url, config_origin=f"{config.path} [store] url")
    except BadLocation as error:
        print(f"warreader: {error}", file=sys.stderr)
        return 2


def author() -> str:
    """The name corrections made here carry: ``$WARREADER_AUTHOR``, ``[store] author``, the login."""
    from warreader.config import load_config
    from warreader.store.pg.corrections import default_author

    return default_author(load_config().store_author)


def import_shared(path: str, location: Any, *, replace: bool = False) -> int:
    """Save the corrections of the aliases file ``path`` into the team's database; the exit code."""
    if replace:
        print(
            f"warreader: import --replace would drop the team's corrections in {location.shown}: on a "
            "database each is undone by its author (import without --replace adds the file's)",
            file=sys.stderr,
        )
        return 2
    from pathlib import Path

    from warreader.store.pg.corrections import SharedCorrections
    from warreader.team_corrections import import_toml

    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as error:
        print(f"warreader: cannot import {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    with SharedCorrections(location, author()) as shared:
        try:
            saved = import_toml(shared, text)
        except ValueError as error:
            print(f"warreader: cannot import {path}: {error}", file=sys.stderr)
            return 1
        queued = sum(1 for s in saved if s.status == "queued")
        live = len(shared.live()) if not queued else None
    said = f"{len(saved)} corrections imported into {location.shown} as {shared.author}"
    if queued:
        said += f" ({queued} queued: sent when the server returns)"
    elif live is not None:
        said += f", {live} live"
    print(said, file=sys.stderr)
    return 0
