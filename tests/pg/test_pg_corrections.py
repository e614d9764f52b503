"""The team's corrections: last writer wins per group, per-user undo, refresh, offline queue, TOML."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from warreader.corrections import from_toml
from warreader.model import Correction
from warreader.store.pg.corrections import SharedCorrections, concern, queue_path
from warreader.store.pg.errors import StoreError
from warreader.store.pg.location import Location, validate
from warreader.team_corrections import export_toml, import_toml

RENAME_KYIV = Correction("rename", group="place:703448", name="Kyiv", label="Kiev")
RENAME_KIEV = Correction("rename", group="place:703448", name="Kiev (city)", label="Kiev")
MERGE = Correction(
    "merge", group="speaker:haidai", into="speaker:gaidai", label="Haidai", into_label="Gaidai"
)
LYMAN = Correction("split", group="place:lyman", spelling="Lyman", label="Lyman")
REJECT = Correction("not-a-place", spelling="Bakhmut Street", article="/news/a.txt")


@pytest.fixture
def team(pg_url: str, tmp_path: Path) -> Iterator[Callable[[str], SharedCorrections]]:
    """``team("ana")``: ana's own store on the test database (her own pool and queue file)."""
    opened: list[SharedCorrections] = []

    def member(author: str, url: str = pg_url) -> SharedCorrections:
        store = SharedCorrections(validate(url), author, tmp_path / f"queue-{author}.json", timeout=1)
        opened.append(store)
        return store

    yield member
    for store in opened:
        store.close()


def test_concern_keys() -> None:
    assert concern(RENAME_KYIV) == concern(RENAME_KIEV)
    assert concern(RENAME_KYIV) != concern(Correction("merge", group="place:703448", into="place:1"))
    assert concern(LYMAN) != concern(Correction("split", group="place:lyman", spelling="Lymanskyi"))
    assert concern(REJECT) == concern(
        Correction("not-a-place", spelling="bakhmut street", article="/news/a.txt")
    )
    assert concern(REJECT) != concern(Correction("not-a-place", spelling="Bakhmut Street"))


def test_last_writer_wins_per_group_and_the_other_stays_in_history(team: Callable[..., Any]) -> None:
    ana, bo = team("ana"), team("bo")
    assert ana.save(RENAME_KYIV).status == "saved"
    assert ana.save(MERGE).status == "saved"
    assert bo.save(RENAME_KIEV).status == "saved"
    assert bo.live() == [MERGE, RENAME_KIEV]  # ana's rename of the same group is replaced
    history = ana.history("place:703448")
    assert [(e.author, e.correction, e.live) for e in history] == [
        ("ana", RENAME_KYIV, False),
        ("bo", RENAME_KIEV, True),
    ]
    assert history[0].status == f"replaced by #{history[1].id}" and history[0].superseded_by == history[1].id
    assert [e.author for e in ana.history()] == ["ana", "ana", "bo"]
    # a rename and a merge of one group do not conflict
    bo.save(Correction("merge", group="place:703448", into="place:kyiv-oblast"))
    assert len(ana.live()) == 3


def test_undo_is_per_user(team: Callable[..., Any]) -> None:
    ana, bo = team("ana"), team("bo")
    ana.save(RENAME_KYIV)
    ana.save(MERGE)
    bo.save(RENAME_KIEV)  # replaces ana's rename
    bo.save(LYMAN)
    assert ana.undo() == MERGE  # ana's latest live correction: not bo's later ones
    assert ana.live() == [RENAME_KIEV, LYMAN]
    assert bo.undo() == LYMAN
    assert bo.undo() == RENAME_KIEV  # ...and ana's rename, which it had replaced, is live again
    assert bo.live() == [RENAME_KYIV]
    assert bo.undo() is None  # bo has nothing left to undo; ana's rename stays
    assert ana.live() == [RENAME_KYIV]
    assert [e.status for e in ana.history()] == ["live", "undone", "undone", "undone"]


def test_refresh_shows_another_process_what_was_saved_since_its_cursor(team: Callable[..., Any]) -> None:
    ana, bo = team("ana"), team("bo")
    first = bo.refresh()
    assert first.changes == [] and first.cursor == 0
    ana.save(RENAME_KYIV)
    ana.save(MERGE)
    seen = bo.refresh(first.cursor)
    assert [e.correction for e in seen.by_others("bo")] == [RENAME_KYIV, MERGE]
    assert seen.cursor > first.cursor
    assert bo.refresh(seen.cursor).changes == []  # nothing new
    bo.save(RENAME_KIEV)  # supersedes ana's: ana sees bo's row and her own row's new state
    ana.undo()
    changed = ana.refresh(seen.cursor).changes
    assert [(e.author, e.correction, e.status) for e in changed] == [
        ("bo", RENAME_KIEV, "live"),
        ("ana", RENAME_KYIV, f"replaced by #{changed[0].id}"),  # changed after bo's row was added
        ("ana", MERGE, "undone"),
    ]


def proxied(proxy: Any) -> str:
    return f"postgresql://postgres@127.0.0.1:{proxy.port}/warreader_test"


def test_offline_corrections_are_queued_and_sent_when_the_server_returns(
    team: Callable[..., Any], proxy: Any, psql: Callable[..., Any], tmp_path: Path
) -> None:
    ana = team("ana", proxied(proxy))
    assert ana.save(RENAME_KYIV).status == "saved"
    proxy.stop()  # the server goes away mid-session
    saved = ana.save(MERGE)
    assert saved.status == "queued" and "will be sent" in saved.message and "\n" not in saved.message
    assert ana.save(LYMAN).status == "queued"
    assert ana.pending() == [MERGE, LYMAN]
    assert ana.undo() == LYMAN  # offline undo takes back the latest queued correction
    assert ana.pending() == [MERGE]
    with pytest.raises(StoreError) as caught:
        ana.live()
    assert caught.value.problem.transient
    assert psql("SELECT count(*) FROM corrections") == [(1,)]
    proxy.start()  # back, on the same address
    assert ana.refresh().changes[-1].correction == MERGE  # the refresh sent the queue first
    assert ana.pending() == [] and not (tmp_path / "queue-ana.json").exists()
    assert ana.live() == [RENAME_KYIV, MERGE]


def test_a_queue_sent_twice_adds_nothing_twice(team: Callable[..., Any], proxy: Any, tmp_path: Path) -> None:
    """A process killed after the server took a correction but before it emptied its queue sends
    it again on the next start: the server keeps it once."""
    ana = team("ana", proxied(proxy))
    proxy.stop()
    ana.save(RENAME_KYIV)
    ana.save(MERGE)
    queued = (tmp_path / "queue-ana.json").read_bytes()
    proxy.start()
    assert ana.flush() == 2
    (tmp_path / "queue-ana.json").write_bytes(queued)  # as if the queue were never emptied
    assert ana.flush() == 2
    assert ana.live() == [RENAME_KYIV, MERGE] and len(ana.history()) == 2


def test_a_process_killed_offline_loses_nothing(
    pg_url: str, closed_port: int, tmp_path: Path, team: Callable[..., Any]
) -> None:
    """Killed (SIGKILL) right after saving while the server was away: the correction is in the
    queue file of the user's data folder, and the next process sends it."""
    away = validate(f"postgresql://postgres@127.0.0.1:{closed_port}/warreader_test")
    data = tmp_path / "data"
    script = (
        "import sys, time\n"
        "from warreader.model import Correction\n"
        "from warreader.store.pg.corrections import SharedCorrections\n"
        "from warreader.store.pg.location import validate\n"
        f"store = SharedCorrections(validate({away.url!r}), 'ana')\n"
        f"print(store.save(Correction('rename', group='place:703448', name='Kyiv')).status, flush=True)\n"
        "time.sleep(60)\n"
    )
    env = {**os.environ, "WARREADER_DATA_DIR": str(data), "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "queued"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    os.environ["WARREADER_DATA_DIR"] = str(data)  # the isolated_home fixture restores the environment
    try:
        queue = queue_path(away)
        assert queue.parent == data and queue.exists()
        entry = json.loads(queue.read_text())["entries"][0]
        assert entry["author"] == "ana" and entry["correction"]["name"] == "Kyiv"
        # the server "returns": the same queue, pointed at the running server
        back = SharedCorrections(validate(pg_url), "ana", queue)
        try:
            assert back.flush() == 1
            assert back.live() == [Correction("rename", group="place:703448", name="Kyiv")]
        finally:
            back.close()
    finally:
        del os.environ["WARREADER_DATA_DIR"]


def test_the_queue_file_names_no_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARREADER_DATA_DIR", str(tmp_path))
    location = Location("postgresql://ana:hunter2-secret@127.0.0.1:1/db", "--db")
    path = queue_path(location)
    assert path.parent == tmp_path and "hunter2" not in path.name
    store = SharedCorrections(location, "ana", migrate=False)
    store.queue.path = path
    with store.queue.locked() as entries:
        entries.append({"client_key": "x", "author": "ana", "created": "", "correction": MERGE.to_dict()})
    assert "hunter2" not in path.read_text() and "ana:***@" in path.read_text()
    # a second queued entry keeps the first: the file is rewritten whole, atomically
    with store.queue.locked() as entries:
        entries.append({"client_key": "y", "author": "ana", "created": "", "correction": LYMAN.to_dict()})
    assert store.pending() == [MERGE, LYMAN]
    assert not list(tmp_path.glob("*.tmp"))


def test_export_and_import_as_the_toml_aliases_file(
    team: Callable[..., Any], pg_server: Any, psql: Any
) -> None:
    ana, bo = team("ana"), team("bo")
    for correction in (RENAME_KYIV, MERGE, LYMAN, REJECT):
        ana.save(correction)
    bo.save(RENAME_KIEV)
    text = export_toml(bo)
    assert text.startswith("# warreader corrections") and text.count("[[correction]]") == 4
    assert from_toml(text) == [MERGE, LYMAN, REJECT, RENAME_KIEV]
    assert import_toml(bo, text) == []  # all live already: nothing saved twice
    psql("CREATE DATABASE warreader_other")
    try:
        other = team("cy", pg_server.url("warreader_other"))
        assert [s.status for s in import_toml(other, text)] == ["saved"] * 4
        assert other.live() == [MERGE, LYMAN, REJECT, RENAME_KIEV]
        assert {e.author for e in other.history()} == {"cy"}
        assert export_toml(other) == text
        other.close()
    finally:
        psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'warreader_other'")
        psql("DROP DATABASE warreader_other")
    with pytest.raises(ValueError):
        import_toml(bo, "[[correction]]\naction = 'rename'\n")


def test_saves_wait_for_the_corrections_lock(team: Callable[..., Any], pg_url: str) -> None:
    """Every write takes one advisory lock (so revs follow commit order and two renames of one
    group cannot both stay live): a save waits while another session holds it."""
    import threading

    import psycopg

    from warreader.store.pg.corrections import CORRECTIONS_LOCK

    ana = team("ana")
    ana.live()  # connected and migrated
    holder = psycopg.connect(pg_url)
    holder.execute("SELECT pg_advisory_lock(%s)", (CORRECTIONS_LOCK,))
    done: list[str] = []
    worker = threading.Thread(target=lambda: done.append(ana.save(RENAME_KYIV).status))
    worker.start()
    worker.join(timeout=1.5)
    assert worker.is_alive() and not done
    holder.execute("SELECT pg_advisory_unlock(%s)", (CORRECTIONS_LOCK,))
    worker.join(timeout=30)
    holder.close()
    assert done == ["saved"]


def test_concurrent_saves_keep_every_correction_and_one_live_per_group(pg_url: str, tmp_path: Path) -> None:
    """Four processes renaming one group and adding their own splits at once: every row kept, one
    rename live (the last the server received), and revs in commit order with no gaps seen."""
    script = (
        "import sys\n"
        "from warreader.model import Correction\n"
        "from warreader.store.pg.corrections import SharedCorrections\n"
        "from warreader.store.pg.location import validate\n"
        "import time\n"
        "me = sys.argv[1]\n"
        "time.sleep(max(0.0, float(sys.argv[3]) - time.time()))  # all four start together\n"
        f"with SharedCorrections(validate({pg_url!r}), me, migrate=True, queue=__import__('pathlib').Path(sys.argv[2])) as s:\n"
        "    for i in range(10):\n"
        "        s.save(Correction('rename', group='place:1', name=f'{me}-{i}'))\n"
        "        s.save(Correction('split', group='place:2', spelling=f'{me}-{i}'))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    start = str(time.time() + 4)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", script, f"p{n}", str(tmp_path / f"queue-{n}.json"), start], env=env
        )
        for n in range(4)
    ]
    deadline = time.monotonic() + 120
    assert all(child.wait(timeout=max(1, deadline - time.monotonic())) == 0 for child in children)
    store = SharedCorrections(validate(pg_url), "reader")
    try:
        history = store.history()
        assert len(history) == 80
        live = store.live()
        renames = [c for c in live if c.action == "rename"]
        assert len(renames) == 1 and len(live) == 41
        last_rename = max((e for e in history if e.correction.action == "rename"), key=lambda e: e.id)
        assert renames == [last_rename.correction]
        revs = [e.rev for e in store.refresh().changes]
        assert revs == sorted(revs) and len(set(revs)) == len(revs)
    finally:
        store.close()
