"""The team's shared corrections (:mod:`warreader.store.pg.corrections`) as the TOML aliases file.

So a team can pass its corrections around without the database too: :func:`export_toml` writes
the live set, in the order it applies, with :func:`warreader.corrections.to_toml`;
:func:`import_toml` reads a file with :func:`warreader.corrections.from_toml` and saves each
correction not already live, as this process's author (the rules of the shared store apply:
an imported rename of a group replaces the live one, which stays in the history).
"""

from __future__ import annotations

from warreader.corrections import from_toml, to_toml
from warreader.store.pg.corrections import Saved, SharedCorrections


def export_toml(store: SharedCorrections) -> str:
    """The aliases file of the corrections live in ``store`` (raises StoreError)."""
    return to_toml(store.live())


def import_toml(store: SharedCorrections, text: str) -> list[Saved]:
    """Save the corrections of an aliases file that are not live already, in the file's order;
    what happened to each saved (raises ValueError for a bad file, before saving anything)."""
    incoming = from_toml(text)
    live = store.live()
    return [store.save(c) for c in incoming if c not in live]
