"""The state lock and the index build lock come from filelock: they exclude where fcntl is missing."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from warreader.store.files import lock
from warreader.store.state import locked


@pytest.fixture
def no_fcntl(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on Windows: ``import fcntl`` fails (filelock picks its own way to lock, once imported)."""
    import filelock  # noqa: F401 - loaded before fcntl goes away, as it would be where it never was

    monkeypatch.setitem(sys.modules, "fcntl", None)


def _second_waits(hold_first, take_second) -> list[str]:  # type: ignore[no-untyped-def]
    events: list[str] = []
    held, go = threading.Event(), threading.Event()

    def first() -> None:
        with hold_first():
            events.append("first in")
            held.set()
            go.wait(5)
            time.sleep(0.2)
            events.append("first out")

    def second() -> None:
        held.wait(5)
        go.set()
        with take_second():
            events.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return events


def test_state_lock_excludes_without_fcntl(tmp_path: Path, no_fcntl: None) -> None:
    path = tmp_path / "state.json.lock"
    events = _second_waits(lambda: locked(path), lambda: locked(path))
    assert events == ["first in", "first out", "second in"]


def test_build_lock_excludes_without_fcntl_and_close_releases_it(tmp_path: Path, no_fcntl: None) -> None:
    import contextlib

    path = tmp_path / "index.sqlite3.lock"

    @contextlib.contextmanager
    def build_lock():  # type: ignore[no-untyped-def]
        handle = lock(path)
        try:
            yield
        finally:
            handle.close()

    assert _second_waits(build_lock, build_lock) == ["first in", "first out", "second in"]


def test_build_lock_released_from_another_thread(tmp_path: Path) -> None:
    """The index takes its build lock in one thread and may publish (release) from another."""
    path = tmp_path / "index.sqlite3.lock"
    handle = lock(path)
    releaser = threading.Thread(target=handle.close)
    releaser.start()
    releaser.join(5)
    got = []
    taker = threading.Thread(target=lambda: got.append(lock(path)))
    taker.start()
    taker.join(5)
    assert got, "the lock closed in another thread was not released"
    got[0].close()


def test_users_lock_is_shared_and_tells_who_else_holds_it_without_fcntl(
    tmp_path: Path, no_fcntl: None
) -> None:
    from warreader.store.files import alone, shared_again

    path = tmp_path / "index.sqlite3.users"
    first, second = lock(path, shared=True), lock(path, shared=True)  # both hold it at once
    assert not alone(first)  # the other is a user
    second.close()
    assert alone(first)  # now it is exclusive: a newcomer waits for shared_again
    came_in = threading.Event()
    newcomer = threading.Thread(target=lambda: (lock(path, shared=True), came_in.set()))
    newcomer.start()
    assert not came_in.wait(0.5)
    shared_again(first)
    assert came_in.wait(5)
    newcomer.join(5)
    first.close()


def test_users_lock_of_a_killed_process_does_not_count(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess

    path = tmp_path / "index.sqlite3.users"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from warreader.store.files import lock; "
            f"held = lock(Path({str(path)!r}), shared=True); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        from warreader.store.files import alone, shared_again

        mine = lock(path, shared=True)
        assert not alone(mine)  # the other process holds it
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(10)
        assert alone(mine)  # its lock went with it
        assert [entry.name for entry in (tmp_path / "index.sqlite3.users.d").iterdir()] == [mine.mine.name]
        shared_again(mine)
        mine.close()
    finally:
        holder.kill()
        holder.wait(10)
