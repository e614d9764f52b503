"""Exports from the app: pick a format, then a file, then write (one entity, or all of them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

from warreader.ui.highlight import inert_line
from warreader.ui.screens.dialogs import PickScreen, PromptScreen

if TYPE_CHECKING:
    from textual.app import App

    from warreader.library import Library


def export_all(app: App[Any], library: Library) -> None:
    """Every entity, as JSON, CSV or Markdown."""
    from warreader.export import render_groups

    _export(app, "warreader-entities", lambda fmt: render_groups(library, fmt), "Export all entities as")


def export_entity(app: App[Any], library: Library, group_id: str) -> None:
    """One entity with its mentions."""
    if group_id not in library.groups:
        return
    from warreader.export import render_entity, slug

    name = library.groups[group_id].name
    _export(
        app,
        "warreader-" + slug(name),
        lambda fmt: render_entity(library, group_id, fmt),
        f"Export “{name}” as",
    )


def export_listed(app: App[Any], library: Library, indexes: list[int] | None, why: str) -> None:
    """The articles the list shows (``indexes``, None: all), with their highlights in the report."""
    from warreader.export_articles import render_articles

    title = "Articles" + (f" · {why}" if why else "")
    _export(
        app,
        "warreader-articles",
        lambda fmt: render_articles(library, indexes, fmt, title),
        "Export the listed articles as",
    )


def _export(app: App[Any], stem: str, render: Callable[[str], str], title: str) -> None:
    from warreader.export import iter_formats, write_text

    formats = [(fmt, Text(label, end=""), label) for fmt, label in iter_formats()]

    def format_chosen(fmt: str | None) -> None:
        if fmt is None:
            return

        def path_chosen(path: str | None) -> None:
            if not path:
                return
            try:
                written = write_text(path, render(fmt))
            except OSError as error:
                app.notify(str(error), title="Export failed", severity="error", markup=False)
                return
            app.notify(f"Wrote {written}", title="Exported", markup=False)

        default = Path.cwd() / f"{stem}-{dt.date.today().isoformat()}.{fmt}"
        app.push_screen(PromptScreen("Write the export to", str(default)), path_chosen)

    app.push_screen(PickScreen(inert_line(title), formats), format_chosen)
