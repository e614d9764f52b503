"""Fault suite: what survives kill -9, concurrent openers, lost workers and low limits. Prints the figures.

    python tests/bench/faults.py                 # everything (a few minutes on 2 cores)
    python tests/bench/faults.py --files 500     # a smaller corpus
    python tests/bench/faults.py --only kills,opener

Each section prints what it tried and what held, beside its target (the README's reliability section
gives the last run). Corpora are written from the bundled sample articles into a temporary folder;
the cache, data and config folders are temporary too, so the user's own are never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from warreader.resources import seeds_dir
from warreader.store.index import index_path

SECTIONS: dict[str, Callable[[argparse.Namespace, Path], list[str]]] = {}


def section(name: str) -> Callable[[Callable[[argparse.Namespace, Path], list[str]]], object]:
    def register(function: Callable[[argparse.Namespace, Path], list[str]]) -> object:
        SECTIONS[name] = function
        return function

    return register


def corpus(folder: Path, count: int) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{number:05d}.txt").write_text(
            f"{texts[number % len(texts)]}\n\nDispatch {number}.\n", encoding="utf-8"
        )
    return folder


def environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name, sub in (
        ("HOME", "home"),
        ("WARREADER_CACHE_DIR", "cache"),
        ("WARREADER_DATA_DIR", "data"),
        ("WARREADER_CONFIG_DIR", "config"),
    ):
        env[name] = str(work / sub)
    return env


def warreader(*args: str) -> list[str]:
    return [sys.executable, "-m", "warreader", *args]


def integrity(path: Path) -> tuple[str, int]:
    with sqlite3.connect(path) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return str(check), int(articles)


def indexes(work: Path) -> Path:
    return work / "cache" / "index"


@section("kills")
def kills(args: argparse.Namespace, work: Path) -> list[str]:
    """kill -9 of `warreader index` at random points, each followed by a run that completes."""
    folder = corpus(work / "news", args.files)
    env = environment(work)
    clean_work = work / "clean"
    subprocess.run(warreader("index", "-q", str(folder)), env=environment(clean_work), check=True)
    _, expected = integrity(index_path([str(folder)], clean_work / "cache"))
    rng = random.Random(args.seed)
    held = 0
    lines = []
    for attempt in range(args.kills):
        rebuild = ["--rebuild"] if attempt % 2 else []  # first builds and rebuilds, alternately
        before = index_path([str(folder)], work / "cache")
        had = integrity(before)[1] if before.exists() else 0
        process = subprocess.Popen(
            warreader("index", "-q", *rebuild, str(folder)), env=env, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.5, args.kill_window))
        process.send_signal(signal.SIGKILL)
        process.wait()
        still = integrity(before) if before.exists() else ("ok", 0)
        resumed = subprocess.run(
            warreader("index", "-q", str(folder)), env=env, capture_output=True, text=True
        )
        check, count = integrity(before)
        ok = resumed.returncode == 0 and check == "ok" and count == expected and still[0] == "ok"
        kept = not rebuild or still[1] == had  # a killed rebuild leaves the previous index whole
        held += ok and kept
        lines.append(
            f"  kill {attempt + 1} ({'rebuild' if rebuild else 'build'}): index before the re-run "
            f"{still[1]:,} articles ({still[0]}); after {count:,} ({check})"
        )
    lines.insert(
        0,
        f"kill -9 of index at {args.kills} random points on {args.files:,} files: {held}/{args.kills} "
        f"re-runs complete with {expected:,} articles, integrity ok, killed rebuilds kept the old index "
        f"(target {args.kills}/{args.kills})",
    )
    return lines


@section("opener")
def opener(args: argparse.Namespace, work: Path) -> list[str]:
    """An opener polls the index every 0.2 s while `warreader index` builds and rebuilds it."""
    folder = corpus(work / "news", args.files)
    env = environment(work)
    script = (
        "import sys, time\n"
        "from warreader.store.index import Index\n"
        "end = time.monotonic() + float(sys.argv[2]); opened = failed = 0\n"
        "while time.monotonic() < end:\n"
        "    try:\n"
        "        Index.for_paths([sys.argv[1]]).close(); opened += 1\n"
        "    except Exception as error:\n"
        "        failed += 1; print(type(error).__name__, error, file=sys.stderr)\n"
        "    time.sleep(0.2)\n"
        "print(opened, failed)\n"
    )
    results = []
    for rebuild in ([], ["--rebuild"]):
        poller = subprocess.Popen(
            [sys.executable, "-c", script, str(folder), str(args.opener_seconds)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        indexed = subprocess.run(
            warreader("index", "-q", *rebuild, str(folder)), env=env, capture_output=True
        )
        out, _ = poller.communicate()
        opened, failed = (int(x) for x in out.split())
        results.append((rebuild, indexed.returncode, opened, failed))
    aside = list(indexes(work).glob("*.damaged-*"))
    check, count = integrity(index_path([str(folder)], work / "cache"))
    lines = [
        f"opener polling every 0.2 s during a build and a rebuild: {len(aside)} indexes moved aside "
        f"(target 0); index {count:,} articles, integrity {check}"
    ]
    for rebuild, code, opened, failed in results:
        lines.append(
            f"  {'rebuild' if rebuild else 'build'}: exit {code}, {opened} opens, {failed} failed opens"
        )
    return lines


@section("workers")
def workers(args: argparse.Namespace, work: Path) -> list[str]:
    """Workers die at start (low memory), and the indexer is killed: nothing hangs, nothing lingers."""
    import resource

    folder = corpus(work / "news", 200)
    env = environment(work)
    limit = 40_000 * 1024

    def low_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.monotonic()
    result = subprocess.run(
        warreader("index", "--workers", "2", str(folder)),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=low_memory,
    )
    last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    return [
        f"workers dying while starting (ulimit -v 40000): exit {result.returncode} after "
        f"{time.monotonic() - started:.1f} s, last line {last!r} (target: exit 1, one line, no hang)"
    ]


@section("limits")
def limits(args: argparse.Namespace, work: Path) -> list[str]:
    """Low limits and full disks: one line each, the right exit code."""
    import resource

    env = environment(work)
    seeds = str(seeds_dir())
    cases: list[tuple[str, list[str], Callable[[], None] | None, str | None]] = []

    def files(count: int) -> Callable[[], None]:
        return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (count, count))

    cases.append(("ulimit -n 16, extract", warreader("extract", "--json", seeds), files(16), None))
    cases.append(("extract > /dev/full", warreader("extract", "--json", seeds), None, "/dev/full"))
    cases.append(("eval > /dev/full", warreader("eval", str(_gold()), seeds), None, "/dev/full"))
    lines = []
    for name, command, limit, output in cases:
        with open(output or os.devnull, "w") as sink:
            result = subprocess.run(
                command,
                env=env,
                stdout=sink,
                stderr=subprocess.PIPE,
                text=True,
                preexec_fn=limit,
                timeout=300,
            )
        tail = [line for line in result.stderr.splitlines() if line.strip()]
        one = "Traceback" not in result.stderr
        lines.append(
            f"  {name}: exit {result.returncode}, {'no traceback' if one else 'TRACEBACK'}: {tail[-1:]}"
        )
    return ["low limits and full disks (target: one line, no traceback):", *lines]


SAVER = """\
import sys
from warreader.store.state import StateStore
store = StateStore(sys.argv[1]); store.load()
first = int(sys.argv[2])
for i in range(first, first + 1_000_000):
    store.toggle("read", f"key-{i:07d}", True, path=f"news/{i}.txt")
    if i % 10 == 0:
        store.state.corrections.append({"action": "rename", "group": f"place:{i}", "name": f"P{i}"})
    store.save()
    print(i, flush=True)  # acknowledged: the save returned
"""

CORRECTOR = """\
import sys, time
from warreader.store.state import StateStore
folder, name, saves, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = StateStore(folder); store.load()
time.sleep(max(0.0, start - time.time()))  # every process starts saving at the same moment
for i in range(saves):
    store.state.corrections.append({"action": "rename", "group": f"place:{name}-{i}", "name": f"{name}{i}"})
    store.save()
"""


def kill_during_saves(folder: Path, kills: int, seed: int, window: float = 0.05) -> dict[str, int]:
    """``kills`` times: a process saves the state in a loop and is killed (-9) at a random moment
    after its first save; then the file must load without a problem and hold every save
    acknowledged so far (by this process and the ones killed before it)."""
    from warreader.store.state import StateStore

    rng = random.Random(seed)
    acknowledged: set[int] = set()
    lost: set[int] = set()
    unreadable = mid_write = 0
    for _ in range(kills):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(folder), str(max(acknowledged, default=-1) + 1)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert saver.stdout is not None
        first = saver.stdout.readline()  # saving has begun
        time.sleep(rng.uniform(0.0, window))
        saver.send_signal(signal.SIGKILL)
        rest, errors = saver.communicate()
        if not first:
            raise RuntimeError(f"the saving process did not start: {errors.strip()[-300:]}")
        acknowledged.update(int(line) for line in (first + rest).split())
        mid_write += any(p.name.endswith(".tmp") for p in folder.iterdir())
        store = StateStore.default_at(folder)
        unreadable += bool(store.problem)
        lost |= {i for i in acknowledged if f"key-{i:07d}" not in store.state.read}
    return {
        "kills": kills,
        "acknowledged": len(acknowledged),
        "unreadable": unreadable,
        "lost": len(lost),
        "mid_write": mid_write,
        "temporaries_left": _after_one_more_save(folder),
    }


def _after_one_more_save(folder: Path) -> int:
    """Temporary files left once the next process has saved (it removes those of killed saves)."""
    from warreader.store.state import StateStore

    StateStore.default_at(folder).save()
    return sum(1 for p in folder.iterdir() if p.name.endswith(".tmp"))


def concurrent_saves(folder: Path, processes: int, saves: int) -> dict[str, float]:
    """``processes`` processes add ``saves`` corrections each, saving after each one, all at once."""
    from warreader.store.state import StateStore

    start = time.time() + 1.0 + 0.15 * processes  # after every interpreter has started
    workers = [
        subprocess.Popen([sys.executable, "-c", CORRECTOR, str(folder), f"p{n}", str(saves), str(start)])
        for n in range(processes)
    ]
    codes = [worker.wait(timeout=600) for worker in workers]
    took = time.time() - start
    store = StateStore.default_at(folder)
    wanted = {f"place:p{n}-{i}" for n in range(processes) for i in range(saves)}
    kept = {c.get("group") for c in store.state.corrections if isinstance(c, dict)} & wanted
    return {
        "kept": len(kept),
        "wanted": len(wanted),
        "failed": sum(code != 0 for code in codes),
        "unreadable": int(bool(store.problem)),
        "seconds": took,
    }


@section("saves")
def saves(args: argparse.Namespace, work: Path) -> list[str]:
    """kill -9 during state saves, and processes saving corrections at once: nothing lost, never torn."""
    folder = work / "data"
    folder.mkdir()
    started = time.monotonic()
    killed = kill_during_saves(folder, args.save_kills, args.seed)
    lines = [
        f"kill -9 during state saves: {killed['kills']} kills after {killed['acknowledged']:,} acknowledged "
        f"saves ({killed['mid_write']} left a half-written temporary): {killed['unreadable']} unreadable "
        f"files, {killed['lost']} acknowledged saves lost, {killed['temporaries_left']} temporaries left "
        f"(target 0, 0, 0) in {time.monotonic() - started:.0f} s"
    ]
    for processes in (int(n) for n in args.savers.split(",")):
        got = concurrent_saves(work / f"data-{processes}", processes, args.saves)
        lines.append(
            f"{processes} processes x {args.saves} concurrent correction saves: {got['kept']:.0f}/"
            f"{got['wanted']:.0f} kept (target {got['wanted']:.0f}/{got['wanted']:.0f}), "
            f"{got['failed']:.0f} processes failed, {got['unreadable']:.0f} unreadable files, "
            f"{got['seconds']:.1f} s ({got['wanted'] / max(got['seconds'], 1e-9):.0f} saves/s)"
        )
    return lines


def _gold() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "seeds.json"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--kill-window", type=float, default=6.0, help="latest second to kill at")
    parser.add_argument("--opener-seconds", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--save-kills", type=int, default=200, help="saves: kill -9 this many saving processes"
    )
    parser.add_argument("--savers", default="2,8", help="saves: numbers of processes saving at once")
    parser.add_argument("--saves", type=int, default=50, help="saves: corrections each process saves")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"sections: {', '.join(SECTIONS)}")
    args = parser.parse_args()
    report = {}
    for name in args.only.split(","):
        with tempfile.TemporaryDirectory(prefix=f"warreader-faults-{name}-") as folder:
            started = time.monotonic()
            lines = SECTIONS[name](args, Path(folder))
            report[name] = lines
            print("\n".join(lines), f"({time.monotonic() - started:.0f} s)", flush=True)
    if os.environ.get("FAULTS_JSON"):
        Path(os.environ["FAULTS_JSON"]).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
