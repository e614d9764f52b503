"""The command palette's providers, imported when the palette first opens, not at start-up (the
workbench's commands bring rapidfuzz and the lookup tables: ~30 ms)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.command import Provider


def workbench_commands() -> type[Provider]:
    from warreader.ui.commands import WorkbenchCommands

    return WorkbenchCommands
