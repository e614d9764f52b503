"""Corrections in the app replace the library it shows with a new view; the one it showed is never changed."""

from __future__ import annotations

from ui_helpers import SIZE, RecordingApp
from workbench_helpers import ZELENSKY, ZELENSKYJ, workbench_library

from warreader.corrections import Correction
from warreader.library import Library
from warreader.store.state import StateStore


def counts(library: Library) -> dict[str, int]:
    return {g: library.mention_count(g) for g in library.groups}


async def test_a_correction_shows_a_new_view_and_undo_the_exact_counts_before() -> None:
    app = RecordingApp(library=workbench_library(), state=StateStore.memory())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = app.library
        assert shown is not None
        before = counts(shown)
        mentions = [[m.group for m in a.mentions] for a in shown.articles]
        assert app.correcting.add_correction(Correction("merge", group=ZELENSKYJ, into=ZELENSKY))
        await pilot.pause()
        corrected = app.library
        assert corrected is not shown and corrected is not None
        assert ZELENSKYJ not in corrected.groups
        assert counts(corrected)[ZELENSKY] == before[ZELENSKY] + before[ZELENSKYJ]
        assert counts(shown) == before  # the view shown before: unchanged
        assert [[m.group for m in a.mentions] for a in shown.articles] == mentions
        app.correcting.remove_correction(0)
        await pilot.pause()
        assert app.library is not corrected and counts(app.library) == before
        assert app.correcting.applied == 0 and app.correcting.corrections == []


async def test_saved_corrections_apply_at_load_and_undo_goes_back_to_the_raw_library() -> None:
    state = StateStore.memory()
    state.state.corrections = [Correction("merge", group=ZELENSKYJ, into=ZELENSKY).to_dict()]
    raw = workbench_library()
    before = counts(raw)
    app = RecordingApp(library=raw, state=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.library is not None and ZELENSKYJ not in app.library.groups
        assert app.correcting.applied == 1
        assert app.correcting.add_correction(Correction("rename", group=ZELENSKY, name="V. Z."))
        await pilot.pause()
        assert app.correcting.applied == 2 and app.library.groups[ZELENSKY].name == "V. Z."
        app.correcting.remove_correction(0)  # the merge: the rename stays, on the raw library
        await pilot.pause()
        assert app.library.groups[ZELENSKY].name == "V. Z."
        assert counts(app.library) == before
