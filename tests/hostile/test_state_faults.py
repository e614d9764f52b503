"""The user's state under faults: damaged and odd state files, entries a release does not understand,
kill -9 while saving, processes saving at once. Nothing the user made is lost; every problem is one line.

The fast versions of the figures ``tests/bench/faults.py --only saves`` prints.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warreader.cli import main
from warreader.corrections import Correction, to_toml
from warreader.resources import seeds_dir
from warreader.store.state import StateStore

KNOWN = {"action": "rename", "group": "place:gn:706483", "name": "Kharkov", "label": "Kharkiv"}
NOTED = {"action": "rename", "group": "place:gn:702550", "name": "Lemberg", "note": "as the desk writes it"}
NEWER = {"action": "alias", "group": "place:gn:703448", "spelling": "Kiev"}


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("WARREADER_DATA_DIR", str(folder))
    return folder


def write_state(folder: Path, corrections: list[object], **more: object) -> None:
    state = {"version": 2, "read": {}, "bookmarks": {}, "corrections": corrections, **more}
    (folder / "state.json").write_text(json.dumps(state), encoding="utf-8")


def saved(folder: Path) -> list[object]:
    return list(json.loads((folder / "state.json").read_text(encoding="utf-8"))["corrections"])


async def loaded(app: object, pilot: object) -> None:
    """Wait (up to 20 s) until the app has read the seeds and applied the saved corrections."""
    for _ in range(200):
        await pilot.pause(0.1)  # type: ignore[attr-defined]
        library = getattr(app, "library", None)
        if library is not None and library.groups:
            await pilot.pause(0.2)  # type: ignore[attr-defined]
            return


# -- 14.2: entries not understood are kept ----------------------------------------------------


def test_import_keeps_saved_entries_it_does_not_understand(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_state(data, [KNOWN, NOTED, NEWER])
    aliases = tmp_path / "aliases.toml"
    aliases.write_text(to_toml([Correction("not-a-place", spelling="Luhansk")]), encoding="utf-8")
    assert main(["import", "--aliases", str(aliases)]) == 0
    err = capsys.readouterr().err
    assert "1 corrections imported, 2 saved (and 2 this warreader does not understand" in err
    assert saved(data) == [KNOWN, NOTED, NEWER, {"action": "not-a-place", "spelling": "Luhansk"}]
    assert main(["import", "--replace", "--aliases", str(aliases)]) == 0
    assert saved(data) == [NOTED, NEWER, {"action": "not-a-place", "spelling": "Luhansk"}]
    assert "1 saved (and 2 this warreader does not understand" in capsys.readouterr().err
    assert main(["export", "--aliases", str(tmp_path / "out.toml")]) == 0
    err = capsys.readouterr().err
    assert "2 saved corrections not applied" in err and len(err.strip().splitlines()) == 2


async def test_the_apps_next_save_keeps_saved_entries_it_does_not_understand(data: Path) -> None:
    from warreader.ui.app import WarReaderApp

    write_state(data, [KNOWN, NOTED, NEWER])
    app = WarReaderApp(paths=[str(seeds_dir())], state=StateStore.default())
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert app.library is not None
        group = next(g for g in app.library.groups.values() if g.kind == "speaker")
        label = group.name
        assert app.add_correction(Correction("rename", group=group.id, name="Someone", label=label))
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
        assert any("2 saved corrections not applied" in n for n in notes)
    added = {"action": "rename", "group": group.id, "name": "Someone", "label": label}
    assert saved(data) == [KNOWN, NOTED, NEWER, added]


# -- 14.3: import over a damaged state says so; damaged copies are numbered -------------------


def test_import_over_an_unreadable_state_says_so_and_keeps_each_damaged_copy(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aliases = tmp_path / "aliases.toml"
    aliases.write_text(to_toml([Correction("not-a-place", spelling="Luhansk")]), encoding="utf-8")
    state = data / "state.json"
    state.write_bytes(b'{"version": 2, "corrections": [')
    assert main(["import", "--aliases", str(aliases)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and err[1] == "1 corrections imported, 1 saved"
    assert "could not read" in err[0] and "state.json.damaged.1" in err[0] and "empty state" in err[0]
    assert (data / "state.json.damaged.1").read_bytes() == b'{"version": 2, "corrections": ['
    for event in range(2, 9):  # more damage events, one of them the same bytes as the one before
        state.write_bytes(b"\x00" * (event if event != 5 else 4))
        assert main(["import", "--aliases", str(aliases)]) == 0
        assert "damaged" in capsys.readouterr().err
    copies = sorted(p.name for p in data.glob("state.json.damaged*"))
    assert copies == [f"state.json.damaged.{n}" for n in (3, 4, 5, 6, 7)]  # the newest five
    assert (data / "state.json.damaged.7").read_bytes() == b"\x00" * 8
    assert saved(data) == [{"action": "not-a-place", "spelling": "Luhansk"}]
