"""A large library is listed before every article's row is read: the first frame draws the rows
on screen (a page at a time), and what needs every row (the unread counts, a sort) follows from
a thread. At 100k articles reading every row took 0.24 s before the first frame."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from ui_helpers import SIZE, RecordingApp, screen_text
from workbench_helpers import workbench_library

from warreader.store.state import StateStore, article_key
from warreader.ui import listing


@pytest.fixture
def rows_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread each reading of every row ran on; the workbench's four articles count as large."""
    monkeypatch.setattr(listing, "WARM_FROM", 2)
    seen: list[str] = []
    every = listing.article_rows

    def spied(library):  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread().name)
        return every(library)

    monkeypatch.setattr(listing, "article_rows", spied)
    return seen


async def test_the_first_frame_does_not_wait_for_every_row(tmp_path: Path, rows_read: list[str]) -> None:
    library = workbench_library()
    first = library.articles[0]
    state = {"version": 2, "read": {article_key(first.title, first.body): first.path}, "bookmarks": {}}
    (tmp_path / "state.json").write_text(json.dumps(state), encoding="utf-8")
    app = RecordingApp(library=library, state=StateStore.default_at(tmp_path))
    loop_thread = threading.current_thread().name
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows_read and loop_thread not in rows_read  # read in a thread, not before the frame
        assert "Articles (4) · 3 unread" in screen_text(app)  # the counts followed
        assert app.sub_title.endswith("· 3 unread")
        await pilot.press("s")  # a sort uses the rows read by the thread: none read again
        await pilot.pause()
        assert len(rows_read) == 1
        assert "newest first" in screen_text(app)


async def test_a_key_before_the_rows_are_read_reads_them_itself(
    tmp_path: Path, rows_read: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing.Listing, "read_rows_soon", lambda self, library: None)  # never comes
    app = RecordingApp(library=workbench_library(), state=StateStore.default_at(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert rows_read == []
        await pilot.press("s")
        await pilot.pause()
        assert len(rows_read) == 1
        assert "newest first" in screen_text(app)
