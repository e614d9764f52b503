"""An option list with the reader's vi-style keys (j / k), for the workbench screens and dialogs."""

from __future__ import annotations

from textual.widgets import OptionList

from warreader.ui import keymap


class KeyList(OptionList):
    """``OptionList`` plus j / k."""

    BINDINGS = keymap.LIST
