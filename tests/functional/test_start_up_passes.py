"""What the reader does before and right after its first frame so that the screen settles in one
layout pass: at 100k articles each extra pass (a class added at the first resize, the notice rack
hidden, the rows thread holding the GIL) delayed the settled screen by 10-25 ms."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from textual.screen import Screen
from ui_helpers import SIZE, RecordingApp, screen_text
from workbench_helpers import workbench_library

from warreader.ui import listing


async def test_the_screen_has_its_height_class_when_it_is_mounted(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[set[str]] = []
    mounted = RecordingApp.reader_mounted

    def spied(app: Any) -> None:
        seen.append(set(app.reading.classes))
        mounted(app)

    monkeypatch.setattr(RecordingApp, "reader_mounted", spied)
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:  # SIZE is 45 rows high: -tall from 33 rows
        await pilot.pause()
    assert seen and "-tall" in seen[0]  # before its first resize: no restyle of every widget then


async def test_the_rows_are_read_once_the_first_frame_is_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listing, "WARM_FROM", 2)  # the workbench's four articles count as large
    frames = [0]
    refresh = Screen._compositor_refresh

    def counted(screen: Screen[Any]) -> None:
        frames[0] += 1
        refresh(screen)

    monkeypatch.setattr(Screen, "_compositor_refresh", counted)
    asked: list[int] = []
    soon = listing.Listing.read_rows_soon

    def spied(self: listing.Listing, library: Any) -> None:
        asked.append(frames[0])
        soon(self, library)

    monkeypatch.setattr(listing.Listing, "read_rows_soon", spied)
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert asked and asked[0] >= 1  # not while the first frame was drawn
        assert "Articles (4)" in screen_text(app)


async def test_notices_still_show_with_the_rack_hidden_at_start() -> None:
    """The rack is hidden before the first layout (startup.hide_empty_toasts); Textual shows it again
    for the first notice."""
    app = RecordingApp(library=workbench_library())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        rack = app.screen.get_child_by_id("textual-toastrack")
        assert rack.display is False
        app.notify("the feed could not be read", markup=False)
        await pilot.pause()
        await pilot.pause()
        assert rack.display is True
        assert "the feed could not be read" in screen_text(app)


def test_the_load_thread_imports_the_views() -> None:
    code = (
        "import sys\n"
        "from warreader.ui import startup\n"
        "startup.warm_up()\n"
        "print(all(f'warreader.ui.screens.{n}' in sys.modules for n in ('map', 'entity', 'statements')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def test_the_reader_starts_without_importing_every_command() -> None:
    """The other commands' help (each command's module) is made only when the help is shown."""
    code = (
        "import sys\n"
        "from warreader.cli import COMMANDS, commands_help, launch\n"
        "launch.parser(commands_help).parse_intermixed_args(['seeds'])\n"
        "print(sum(name in sys.modules for name in COMMANDS.values()))\n"
        "print('man ' in launch.parser(commands_help).format_help())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "True"]
