"""Workers never outlive `warreader index`: not after kill -9 of it, not after SIGTERM.

Before, both left the resource tracker and two workers (~80 MB each) running indefinitely.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from warreader.resources import seeds_dir

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_indexing(tmp_path: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    folder = tmp_path / "news"
    folder.mkdir()
    for number in range(600):
        (folder / f"{number:04d}.txt").write_text(texts[number % 5] * 3 + f"\n\nNote {number}.", "utf-8")
    env = {**os.environ, "WARREADER_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "warreader", "index", "--workers", "2", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        spawned = children(process.pid)
        if len(spawned) >= 3:  # the resource tracker and two workers
            time.sleep(0.5)
            return process, children(process.pid)
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the workers never started")


def gone_within(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


def test_workers_end_when_the_indexer_is_killed(tmp_path: Path) -> None:
    process, workers = start_indexing(tmp_path)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    left = gone_within(workers, 10)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_sigterm_stops_the_indexer_and_its_workers_with_one_line(tmp_path: Path) -> None:
    process, workers = start_indexing(tmp_path)
    os.kill(process.pid, signal.SIGTERM)
    code = process.wait(timeout=20)
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    left = gone_within(workers, 10)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []
    assert code == 130 and "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == "warreader: indexing interrupted; what was stored is kept"


def test_workers_that_die_while_starting_fail_the_run_with_one_line(tmp_path: Path) -> None:
    """Under ``ulimit -v 40000`` the workers die of MemoryError while starting; the run used to wait forever."""
    import resource

    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    folder = tmp_path / "news"
    folder.mkdir()
    for number in range(100):
        (folder / f"{number:04d}.txt").write_text(texts[number % 5] + f"\n\nNote {number}.", "utf-8")
    env = {**os.environ, "WARREADER_CACHE_DIR": str(tmp_path / "cache")}
    limit = 40_000 * 1024

    def low_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "warreader", "index", "--workers", "2", str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=low_memory,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("warreader: indexing failed (")


def test_a_pool_whose_thread_cannot_start_fails_with_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With little address space the pool's own thread cannot start: the run says so, and is not
    hidden by "cannot join thread before it is started" from joining that thread (seen under
    ``ulimit -v 40000``)."""
    from concurrent.futures import ProcessPoolExecutor

    from warreader.ingest import pool

    def no_thread(self: ProcessPoolExecutor, *args: object, **kwargs: object) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(ProcessPoolExecutor, "submit", no_thread)
    tasks = [pool.SourceTask(str(tmp_path / f"{n}.txt")) for n in range(pool.PARALLEL_MIN)]
    with pytest.raises(pool.WorkerDied, match=r"could not start .*can't start new thread"):
        list(pool.extract_sources(tasks, workers=2))
