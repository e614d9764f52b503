"""`q` quits at once while a URL fetch hangs (the app used to wait for the fetch's timeout).

The app runs in its own process, as `warreader URL` does (``App.run`` under ``asyncio.run``,
which waits for the worker threads at exit), driven by a Pilot script: once the loopback
server has the app's request, the pilot presses ``q``; the process must be gone soon after.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HOLD = 12.0
"""Seconds the server holds the app's connection without answering (bounded; then it stops)."""

PILOT = r"""
import faulthandler, sys, time
from pathlib import Path
from warreader.ui.app import WarReaderApp

marker = Path(sys.argv[2])

async def pilot(pilot):
    for _ in range(400):  # until the server has the request (at most 20 s)
        if marker.exists():
            break
        await pilot.pause(0.05)
    await pilot.pause(0.2)
    print("q", time.monotonic(), flush=True)
    faulthandler.dump_traceback_later(20, exit=True, file=sys.__stderr__)  # a hang ends with every thread's stack
    await pilot.press("q")

WarReaderApp(paths=[sys.argv[1]]).run(headless=True, auto_pilot=pilot, size=(100, 30))
print("returned", time.monotonic(), flush=True)
"""


def _hanging_server(marker: Path, stop: threading.Event) -> tuple[socket.socket, threading.Thread]:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)

    def serve() -> None:
        held: list[socket.socket] = []
        ends = time.monotonic() + HOLD
        while not stop.is_set() and time.monotonic() < ends:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            held.append(conn)  # read nothing, answer nothing
            marker.touch()
        for conn in held:
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener, thread


def test_q_quits_at_once_while_a_url_fetch_hangs(tmp_path: Path) -> None:
    marker, stop = tmp_path / "requested", threading.Event()
    listener, thread = _hanging_server(marker, stop)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml"
    env = dict(os.environ, WARREADER_CACHE_DIR=str(tmp_path / "cache"), TEXTUAL_ANIMATIONS="none")
    try:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", PILOT, url, str(marker)],
            env=env,
            capture_output=True,
            text=True,
            timeout=HOLD + 30,
        )
        ended = time.monotonic()
    finally:
        stop.set()
        thread.join(2)
        listener.close()
    times = dict(line.split() for line in done.stdout.splitlines() if line.startswith(("q ", "returned ")))
    assert done.returncode == 0, done.stderr[-6000:]
    assert marker.exists() and "q" in times, "the app never sent its request"
    pressed = float(times["q"])
    assert ended - started < HOLD, "the app waited for the server to give up"
    # The real figure is about 0.1 s from q to the process gone; 2 s keeps the test stable on a busy machine.
    assert ended - pressed < 2.0, f"exited {ended - pressed:.2f} s after q"


BUILD_PILOT = r"""
import faulthandler, sys, time
from warreader.ui.app import WarReaderApp

async def pilot(pilot):
    await pilot.pause(2.0)  # the first build is on: its workers extract long articles
    print("q", time.monotonic(), flush=True)
    faulthandler.dump_traceback_later(20, exit=True, file=sys.__stderr__)  # a hang ends with every thread's stack
    await pilot.press("q")

WarReaderApp(paths=[sys.argv[1]]).run(headless=True, auto_pilot=pilot, size=(100, 30))
"""


def test_q_quits_at_once_during_a_first_build(tmp_path: Path) -> None:
    """Each chunk of 16 of these articles takes a worker over 10 s: the app used to wait for the
    running chunks (and for workers still starting) before it exited."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentence = "Governor Oleh Syniehubov said Russian forces shelled Kharkiv and Kupiansk overnight. "
    for number in range(80):
        (corpus / f"a{number:03}.txt").write_text(f"Report {number}. " + sentence * 500, encoding="utf-8")
    env = dict(os.environ, WARREADER_CACHE_DIR=str(tmp_path / "cache"), TEXTUAL_ANIMATIONS="none")
    done = subprocess.run(
        [sys.executable, "-c", BUILD_PILOT, str(corpus)], env=env, capture_output=True, text=True, timeout=120
    )
    ended = time.monotonic()
    assert done.returncode == 0, done.stderr[-6000:]
    pressed = float(next(line.split()[1] for line in done.stdout.splitlines() if line.startswith("q ")))
    # About 0.1 s on the real machine; 2 s keeps the test stable on a busy one.
    assert ended - pressed < 2.0, f"exited {ended - pressed:.2f} s after q"
