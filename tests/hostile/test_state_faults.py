"""The user's state under faults: damaged and odd state files, entries a release does not understand,
kill -9 while saving, processes saving at once. Nothing the user made is lost; every problem is one line.

The fast versions of the figures ``tests/bench/faults.py --only saves`` prints.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

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
        assert app.correcting.add_correction(
            Correction("rename", group=group.id, name="Someone", label=label)
        )
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


# -- 14.10: odd state files are one clear line; the app starts and shows it -------------------

DEEP = "[" * 100_000


def test_a_deeply_nested_state_file_is_one_line_and_the_backup_is_used(data: Path) -> None:
    store = StateStore(data)
    store.toggle("read", "k1", path="a.txt")
    store.save()
    store.save()  # a backup now
    (data / "state.json").write_text(DEEP, encoding="utf-8")
    again = StateStore.default_at(data)
    assert "nested too deeply" in again.problem and "backup" in again.problem and "\n" not in again.problem
    assert again.state.read == {"k1": "a.txt"}
    again.save()
    assert StateStore.default_at(data).problem == ""


def test_version_as_text_is_read_and_a_newer_file_is_never_replaced(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_state(data, [KNOWN], version="1")
    store = StateStore.default_at(data)
    assert store.state.corrections == [KNOWN]
    assert (
        store.problem.endswith('version "1" should be a number; read as 1') and "newer" not in store.problem
    )
    write_state(data, [KNOWN], version=[2])
    assert "version [2] is not a format number" in StateStore.default_at(data).problem
    newer = {"version": 3, "corrections": [KNOWN], "highlights": {"x": 1}}
    (data / "state.json").write_text(json.dumps(newer), encoding="utf-8")
    store = StateStore.default_at(data)
    assert "newer warreader (format 3" in store.problem
    store.toggle("read", "k1")
    with pytest.raises(OSError, match="not replacing it"):
        store.save()
    aliases = tmp_path / "aliases.toml"
    aliases.write_text(to_toml([Correction("not-a-place", spelling="Luhansk")]), encoding="utf-8")
    assert main(["import", "--aliases", str(aliases)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("warreader: cannot import") and "newer warreader" in err[-1]
    assert json.loads((data / "state.json").read_text(encoding="utf-8")) == newer  # untouched


def test_a_bad_entry_and_a_deep_file_give_one_line_and_the_right_exit(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_state(data, [{"action": 1}, KNOWN])
    assert main(["export", "--aliases", "-"]) == 0
    captured = capsys.readouterr()
    [line] = captured.err.strip().splitlines()
    assert "#1 action is 1, not text" in line and "__init__" not in line
    assert 'name = "Kharkov"' in captured.out
    (data / "state.json").write_text(DEEP, encoding="utf-8")
    assert main(["export", "--aliases", str(tmp_path / "out.toml")]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "nested too deeply" in err[0] and "Traceback" not in err[0]
    (data / "feeds-state.json").write_text(DEEP, encoding="utf-8")
    from warreader.corpus.feedstore import load_state

    assert load_state() == {}  # costs one unconditional fetch; was RecursionError


async def test_the_app_starts_with_a_deeply_nested_state_file_and_shows_the_problem(data: Path) -> None:
    from warreader.ui.app import WarReaderApp

    (data / "state.json").write_text(DEEP, encoding="utf-8")
    app = WarReaderApp(paths=[str(seeds_dir())], state=StateStore.default())
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert app.library is not None and len(app.library.articles) == 5
        notes = [str(n.message) for n in app._notifications]
        assert any("could not read" in n and "nested too deeply" in n for n in notes)
    assert StateStore.default_at(data).problem == ""  # saved whole at quit
    assert (data / "state.json.damaged.1").read_text(encoding="utf-8") == DEEP


# -- 14.18: kill -9 while saving, processes saving at once (fast versions of faults.py "saves") -----


def bench() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "bench" / "faults.py"
    spec = importlib.util.spec_from_file_location("warreader_faults_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_kill_9_while_saving_never_tears_the_file_nor_loses_an_acknowledged_save(tmp_path: Path) -> None:
    got = bench().kill_during_saves(tmp_path, kills=12, seed=3)
    assert got["acknowledged"] >= 12 and got["unreadable"] == 0 and got["lost"] == 0
    assert got["temporaries_left"] == 0  # the next save removes what killed saves left


@pytest.mark.parametrize("processes, saves", [(2, 50), (8, 15)])
def test_processes_saving_corrections_at_once_keep_every_one(
    tmp_path: Path, processes: int, saves: int
) -> None:
    got = bench().concurrent_saves(tmp_path, processes, saves)
    assert got["failed"] == 0 and got["unreadable"] == 0
    assert got["kept"] == got["wanted"] == processes * saves
