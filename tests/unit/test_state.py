"""The saved state: atomic writes, a backup of the previous version, recovery from a damaged file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from warreader.config import load_config, parse_config
from warreader.store import state as state_module
from warreader.store.state import State, StateStore, data_dir


def test_data_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARREADER_DATA_DIR", str(tmp_path / "d"))
    assert data_dir() == tmp_path / "d"
    monkeypatch.delenv("WARREADER_DATA_DIR")
    assert "warreader" in str(data_dir())


def test_save_and_load_round_trip_with_a_backup_of_the_previous_version(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    assert store.load() == State() and store.problem == ""
    store.toggle("read", "a.txt")
    store.toggle("bookmarks", "b.txt")
    store.state.corrections.append({"action": "rename", "group": "place:x", "name": "X"})
    store.save()
    assert not (tmp_path / "state.json.bak").exists()  # nothing to back up the first time
    store.toggle("read", "c.txt")
    store.save()
    again = StateStore(tmp_path)
    again.load()
    assert list(again.state.read) == ["a.txt", "c.txt"]
    assert list(again.state.bookmarks) == ["b.txt"]
    assert again.state.corrections == [{"action": "rename", "group": "place:x", "name": "X"}]
    backup = json.loads((tmp_path / "state.json.bak").read_text(encoding="utf-8"))
    assert list(backup["read"]) == ["a.txt"] and backup["version"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "state.json",
        "state.json.bak",
        "state.json.lock",
    ]  # no temp files left


def test_two_stores_on_one_file_keep_each_others_marks_and_corrections(tmp_path: Path) -> None:
    first, second = StateStore(tmp_path), StateStore(tmp_path)
    first.toggle("read", "shared.txt")
    first.state.corrections.append({"action": "rename", "group": "place:a", "name": "A"})
    first.save()
    first.load(), second.load()  # both start from the same file
    first.toggle("read", "one.txt")
    first.toggle("read", "shared.txt")  # removed by the first process only
    first.state.corrections.clear()  # the first process undoes its correction
    assert first.save() is False  # nothing new on disk for the first process
    second.toggle("bookmarks", "two.txt")
    second.state.corrections.append({"action": "not", "kind": "place", "text": "Mir"})
    assert second.save() is True  # the first process's changes came in
    for store in (second, StateStore.default_at(tmp_path)):
        assert list(store.state.read) == ["one.txt"]
        assert list(store.state.bookmarks) == ["two.txt"]
        assert store.state.corrections == [{"action": "not", "kind": "place", "text": "Mir"}]


def test_two_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from warreader.store.state import StateStore\n"
        "store = StateStore(sys.argv[1]); store.load()\n"
        "for i in range(40):\n"
        "    store.toggle('read', f'{sys.argv[2]}-{i}.txt'); store.save()\n"
    )
    workers = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path), name]) for name in ("a", "b")]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    saved = StateStore.default_at(tmp_path).state
    assert len(saved.read) == 80


def test_toggle_adds_removes_and_forces() -> None:
    store = StateStore.memory()
    assert store.toggle("bookmarks", "a") is True
    assert store.toggle("bookmarks", "a") is False
    assert store.toggle("read", "a", on=True) is True
    assert store.toggle("read", "a", on=True) is True
    store.save()  # in memory: nothing written, no error


def test_a_damaged_file_falls_back_to_the_backup_and_is_kept_aside(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.toggle("read", "a.txt")
    store.save()
    store.toggle("read", "b.txt")
    store.save()
    (tmp_path / "state.json").write_text("{not json", encoding="utf-8")
    again = StateStore(tmp_path)
    again.load()
    assert list(again.state.read) == ["a.txt"]  # from the backup
    assert "state.json" in again.problem and "backup" in again.problem
    assert (tmp_path / "state.json.damaged.1").read_text(encoding="utf-8") == "{not json"
    again.save()
    # the good backup is not replaced by the damaged file
    assert list(json.loads((tmp_path / "state.json.bak").read_text(encoding="utf-8"))["read"]) == ["a.txt"]


RENAMES = [{"action": "rename", "group": f"place:{n}", "name": n.upper()} for n in ("a", "b", "c")]


def test_a_file_damaged_after_loading_is_merged_against_this_processes_copy(tmp_path: Path) -> None:
    """Issue 14.1: three corrections, the file goes bad (no backup yet), the next save kept one."""
    first = StateStore(tmp_path)
    first.state.corrections.extend(RENAMES[:2])
    first.toggle("read", "k1", path="a.txt")
    first.save()  # the first save: nothing to back up
    store = StateStore.default_at(tmp_path)
    assert not (tmp_path / "state.json.bak").exists()
    (tmp_path / "state.json").write_bytes(b"\x00" * 300)  # damaged while the process runs
    store.state.corrections.append(RENAMES[2])
    store.save()
    again = StateStore.default_at(tmp_path)
    assert again.problem == ""
    assert again.state.corrections == RENAMES and again.state.read == {"k1": "a.txt"}
    [note] = store.take_notes()  # one line, once
    assert "could not read" in note and "state.json.damaged.1" in note and "\n" not in note
    assert (tmp_path / "state.json.damaged.1").read_bytes() == b"\x00" * 300
    assert store.take_notes() == []
    (tmp_path / "state.json").unlink()  # gone while the process runs
    store.toggle("read", "k2", path="b.txt")
    store.save()
    assert StateStore.default_at(tmp_path).state.corrections == RENAMES
    assert "had gone" in store.take_notes()[0]


def test_nothing_readable_gives_an_empty_state_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text('{"version": 99}', encoding="utf-8")
    store = StateStore(tmp_path)
    store.load()
    assert store.state == State() and "newer" in store.problem


def test_malformed_marks_are_dropped_and_corrections_kept_as_written() -> None:
    state = State.from_json(
        {"read": ["a", 3, None], "bookmarks": "x", "corrections": [{"action": "merge"}, 5]}
    )
    assert list(state.legacy_read) == ["a"] and not state.read  # a format-1 list of paths
    assert not state.bookmarks
    assert state.corrections == [
        {"action": "merge"},
        5,
    ]  # kept as written (warreader.corrections reports them)
    keyed = State.from_json({"version": 2, "read": {"k1": "a.txt", "k2": 5}, "unmatched": {"read": ["b", 1]}})
    assert keyed.read == {"k1": "a.txt", "k2": ""} and list(keyed.legacy_read) == ["b"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = StateStore(tmp_path)
    store.toggle("read", "a.txt")
    store.save()

    def broken(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(state_module.os, "replace", broken)
    store.toggle("read", "b.txt")
    with pytest.raises(OSError):
        store.save()
    monkeypatch.setattr(state_module.os, "replace", os.replace)
    assert list(json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))["read"]) == ["a.txt"]
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_config_file_theme_paths_and_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARREADER_CONFIG_DIR", str(tmp_path))
    assert load_config().theme == ""  # no file: defaults
    (tmp_path / "config.toml").write_text(
        'theme = "nord"\npaths = ["~/news", "/tmp/x"]\n[keys]\nfollow_filter = "F"\nnext_mention = ["n", "ctrl+n"]\n',
        encoding="utf-8",
    )
    config = load_config()
    assert config.theme == "nord" and config.problems == []
    assert config.paths[1] == "/tmp/x" and not config.paths[0].startswith("~")
    assert config.keys == {"follow_filter": "F", "next_mention": "n,ctrl+n"}


def test_config_problems_are_reported_not_fatal() -> None:
    config = parse_config("theme = 3\nwhat = 1\n[keys]\nx = 5\n")
    assert config.theme == "" and config.keys == {}
    assert len(config.problems) == 3
    broken = parse_config("theme = ")
    assert broken.problems and "not valid TOML" in broken.problems[0]
