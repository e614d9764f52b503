"""Where the files that ship with warreader live: styles, bundled seed articles, data.

In an installed wheel they sit inside the package (``warreader/styles``,
``warreader/seeds``); in a source checkout they are the top-level folders.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = PACKAGE_DIR.parent.parent  # tui/warreader -> repository root


def _shipped(name: str) -> Path:
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _CHECKOUT_DIR / name


def styles_dir() -> Path:
    """Folder holding the .tcss style sheets."""
    return _shipped("styles")


def seeds_dir() -> Path:
    """Folder holding the bundled sample articles (the default corpus)."""
    return _shipped("seeds")


def data_dir() -> Path:
    """Folder holding the compact gazetteer and other data."""
    return PACKAGE_DIR / "data"
