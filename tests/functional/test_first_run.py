"""A first run on a folder large enough to be indexed on every core, in the app and in a real terminal.

Before the fix, the app's own build started the spawn worker pool while Textual held the standard
streams (their fileno() is -1), and the screen said "Could not load the corpus: ValueError: bad
value(s) in fds_to_keep" for any folder of 64 files or more.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from warreader.ingest.pool import PARALLEL_MIN, PARALLEL_MIN_BYTES
from warreader.resources import seeds_dir
from warreader.store.files import index_path
from warreader.store.state import StateStore
from warreader.ui.app import WarReaderApp

FILES = PARALLEL_MIN + 16
REPEAT = PARALLEL_MIN_BYTES // (FILES * 2000) + 1
"""Each text this many times: less text than PARALLEL_MIN_BYTES is extracted without workers."""


def fresh_folder(folder: Path, count: int = FILES) -> Path:
    """``count`` distinct article files, none of them indexed before."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    folder.mkdir(parents=True)
    for number in range(count):
        text = texts[number % len(texts)]
        (folder / f"article-{number:04d}.txt").write_text(
            f"{text * REPEAT}\n\nDispatch number {number}.\n", "utf-8"
        )
    return folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WARREADER_CACHE_DIR", str(folder))
    return folder


async def _loaded(app: WarReaderApp, pilot, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await pilot.pause(0.1)
        title = app.sub_title or ""
        if "could not" in title or ("loading" not in title and "indexing" not in title and app.library):
            return
    raise AssertionError(f"still loading after {seconds} s: {app.sub_title!r}")


async def test_the_app_builds_an_index_on_every_core_itself(tmp_path: Path, cache: Path) -> None:
    folder = fresh_folder(tmp_path / "news")
    app = WarReaderApp(paths=[str(folder)], state=StateStore(tmp_path / "state.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app, pilot)
        assert app.sub_title.startswith(f"{FILES} articles"), app.sub_title
        assert app.library is not None and len(app.library.articles) == FILES
    assert index_path([str(folder)]).exists()


def _read_screen(fd: int, until: tuple[bytes, ...], seconds: float) -> bytes:
    """What the program drew on the terminal until one of ``until`` appears (or the time is up)."""
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not any(marker in seen for marker in until):
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the program ended: the terminal is gone
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_first_run_in_a_real_terminal_lists_every_article(tmp_path: Path, cache: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    folder = fresh_folder(tmp_path / "news")
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    env.pop("NO_COLOR", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: warreader, as a user starts it
        try:
            os.execve(sys.executable, [sys.executable, "-m", "warreader", str(folder)], env)
        finally:
            os._exit(127)
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.kill(pid, signal.SIGWINCH)
        screen = _read_screen(fd, (f"{FILES} articles".encode(), b"Could not load"), 180.0)
        assert b"Could not load" not in screen and b"fds_to_keep" not in screen
        assert f"{FILES} articles".encode() in screen, screen[-2000:]
        os.write(fd, b"q")
        deadline = time.monotonic() + 10
        exit_code = None
        while exit_code is None and time.monotonic() < deadline:
            _read_screen(fd, (), 0.2)  # keep the terminal drained while it exits
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                exit_code, pid = os.waitstatus_to_exitcode(status), 0
        assert exit_code == 0
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


async def test_a_cache_folder_that_cannot_be_written_still_shows_the_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("WARREADER_CACHE_DIR", str(blocker / "cache"))
    app = WarReaderApp(paths=[str(seeds_dir())], state=StateStore(tmp_path / "state.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(app, pilot)
        assert app.library is not None and len(app.library.articles) == 5
        deadline = time.monotonic() + 10  # notify() posts a message: it is shown a moment later
        while not any("reading without one" in str(n.message) for n in app._notifications):
            assert time.monotonic() < deadline, "no notice that the index cannot be written"
            await pilot.pause(0.05)
