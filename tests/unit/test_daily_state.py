"""Content keys of articles, format-2 marks with path hints, and saving that survives being killed."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from warreader.store.state import State, StateStore, article_key, merge


def test_the_content_key_is_the_same_in_every_process_and_ignores_rewrapping() -> None:
    key = article_key("Shelling in Kharkiv", "Shelling hit Kharkiv overnight.\n\nAll calm.")
    script = "from warreader.store.state import article_key; print(article_key('Shelling in Kharkiv', 'Shelling hit Kharkiv overnight.\\r\\n\\r\\nAll  calm.'))"
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert other.stdout.strip() == key and len(key) == 32
    assert article_key("Shelling in Kharkiv", "Shelling hit Kharkiv overnight. All calm!") != key
    assert article_key("Shelling in Lviv", "Shelling hit Kharkiv overnight.\n\nAll calm.") != key


def test_marks_are_saved_by_key_with_their_path_and_format_1_marks_wait_unmatched(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(
        json.dumps({"version": 1, "read": ["old/a.txt"], "bookmarks": ["old/b.txt"], "corrections": []}),
        encoding="utf-8",
    )
    store = StateStore.default_at(tmp_path)
    assert store.problem == "" and list(store.state.legacy_read) == ["old/a.txt"]
    store.toggle("read", "k1", path="new/c.txt")
    store.toggle("bookmarks", "k2", path="old/b.txt", on=False)  # unbookmarking drops the old mark too
    store.save()
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert saved["version"] == 2 and saved["read"] == {"k1": "new/c.txt"}
    assert saved["unmatched"] == {"read": ["old/a.txt"], "bookmarks": []}
    again = StateStore.default_at(tmp_path)
    assert again.state.read == {"k1": "new/c.txt"} and list(again.state.legacy_read) == ["old/a.txt"]


def test_merge_keeps_both_processes_marks_and_a_moved_hint() -> None:
    base = State(read={"k1": "a/x.txt", "k2": "a/y.txt"})
    mine = State(read={"k1": "b/x.txt", "k2": "a/y.txt", "k3": "b/z.txt"})  # moved x, read z
    theirs = State(read={"k1": "a/x.txt", "k4": "a/w.txt"})  # unread y, read w
    merged = merge(base, mine, theirs)
    assert merged.read == {"k1": "b/x.txt", "k4": "a/w.txt", "k3": "b/z.txt"}
    gone = merge(base, State(read={"k1": "b/x.txt", "k2": "a/y.txt"}), State(read={"k2": "a/y.txt"}))
    assert gone.read == {"k2": "a/y.txt"}  # a hint moved here does not bring back a mark removed there


def test_killed_while_saving_the_file_stays_whole_and_keeps_every_mark_saved_before(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from warreader.store.state import StateStore\n"
        "store = StateStore(sys.argv[1]); store.load()\n"
        "store.state.corrections[:] = [{'action': 'rename', 'group': 'place:x', 'name': 'X'}]\n"
        "for i in range(100000):\n"
        "    store.toggle('read', f'key-{i:06d}', True, path=f'a/{i}.txt'); store.save()\n"
        "    print(i, flush=True)\n"
    )
    for attempt in range(3):
        worker = subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        assert worker.stdout is not None
        saved = -1
        deadline = time.monotonic() + 0.4 + 0.3 * attempt
        while time.monotonic() < deadline:
            saved = int(worker.stdout.readline())
        worker.send_signal(signal.SIGKILL)  # somewhere inside a save
        worker.wait(timeout=30)
        store = StateStore.default_at(tmp_path)
        assert store.problem == ""  # never a torn file
        keys = set(store.state.read)
        assert {f"key-{i:06d}" for i in range(saved + 1)} <= keys  # nothing saved before the kill is lost
        assert store.state.corrections == [{"action": "rename", "group": "place:x", "name": "X"}]
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp") and p.stat().st_size == 0]
