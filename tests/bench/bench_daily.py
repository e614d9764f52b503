"""Daily-use benchmark (issue 12, items 4 and 5): key latency with saved corrections, and the
workbench screens (w, e, m) on a large indexed corpus.

    python /work/shared/tools/make_corpus.py /tmp/bench/c10k --articles 10000 --seed 7
    WARREADER_CACHE_DIR=/tmp/bench/cache .venv/bin/warreader index /tmp/bench/c10k
    .venv/bin/python tests/bench/bench_daily.py --corpus /tmp/bench/c10k --cache /tmp/bench/cache

Each part runs in a fresh subprocess (App.run_test at 160x45) over the index in ``--cache``:

* corrections: article open (``j`` then Enter in the article list), ``a`` (all entities / this article) and
  ``n`` (next mention of the most mentioned entity, and of a corrected one) with no correction
  saved, then with 20 merges and 20 splits saved; target: p95 with corrections within 1.2x of
  p95 without. Key presses are timed as in bench_scale.py (until the screen settles);
* screens: ``w`` (who said what), ``e`` on the most mentioned place and ``m`` (map): open = from
  the key until the first frame of the screen (it may still be loading: a worker fills it), ready
  = until its content is shown; a key inside (``j``) once it is ready, timed until the screen
  settles, and ``j`` in the speakers list of ``w`` (a new speaker) until its first frame.
  Targets: open <= 150 ms p95, a key inside <= 30 ms p50;
* quit (item 6): ``warreader URL`` in its own process (``App.run``, headless) while a loopback server
  holds the request without answering; ``q`` is pressed once the server has it, timed until the
  process is gone. Target: <= 0.5 s.

Not collected by pytest; figures never decide a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import Frames  # the key timing of the scale benchmark

ROOT = Path(__file__).resolve().parents[2]
OPEN_TARGET_MS = 150.0
QUIT_TARGET_S = 0.5
QUIT_HOLD_S = 20.0
"""Seconds the server holds each request (the app must not wait for it)."""
QUIT_PILOT = r"""
import sys, time
from pathlib import Path
from warreader.ui.app import WarReaderApp

marker = Path(sys.argv[2])

async def pilot(pilot):
    for _ in range(400):
        if marker.exists():
            break
        await pilot.pause(0.05)
    await pilot.pause(0.2)
    print("q", time.monotonic(), flush=True)
    await pilot.press("q")

WarReaderApp(paths=[sys.argv[1]]).run(headless=True, auto_pilot=pilot, size=(100, 30))
"""
KEY_TARGET_MS = 30.0
RATIO_TARGET = 1.2


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ms(values: list[float]) -> dict[str, float]:
    """p50 and p95 in ms of the presses that changed the screen (a ``j`` on the last row, or on the
    southernmost place of the map, changes nothing and has no frame to time)."""
    values = [v for v in values if v == v] or [float("nan")]
    return {"p50": statistics.median(values) * 1000, "p95": p95(values) * 1000}


async def first_frame(frames: Frames, action: Any, timeout: float = 10.0) -> float:
    """Seconds from ``action()`` to the first screen update after it."""
    await frames.settle()
    frames.times.clear()
    started = time.perf_counter()
    action()
    while not frames.times and time.perf_counter() - started < timeout:
        await asyncio.sleep(0.001)
    return frames.times[0] - started if frames.times else float("nan")


async def until(condition: Any, started: float, timeout: float = 60.0) -> float:
    """Seconds from ``started`` until ``condition()`` holds (polled every 2 ms)."""
    while not condition():
        if time.perf_counter() - started > timeout:
            return float("nan")
        await asyncio.sleep(0.002)
    return time.perf_counter() - started


def count(library: Any, group_id: str) -> int:
    """The shown mention count of a group (``walk_count`` before it was called ``mention_count``)."""
    counter = getattr(library, "mention_count", None) or library.walk_count
    return int(counter(group_id))


async def calm(pilot: Any) -> None:
    """``pilot.pause()``, which gives up (and raises) when a thread worker holds the interpreter for
    long on a loaded machine: then a short sleep instead."""
    from textual.pilot import WaitForScreenTimeout

    try:
        await pilot.pause()
    except WaitForScreenTimeout:
        await asyncio.sleep(0.2)


def busy(screen: Any) -> bool:
    """True while a widget of ``screen`` shows a loading indicator."""
    return any(widget.loading for widget in screen.query("*"))


def make_corrections(library: Any, number: int = 20) -> list[dict[str, str]]:
    """``number`` merges (small speaker groups into other speakers) and ``number`` splits (a minor
    spelling out of a group that has several), chosen from the corpus the same way each run."""
    from warreader.corrections import Correction

    groups = sorted(library.groups.values(), key=lambda g: (-count(library, g.id), g.id))
    speakers = [g for g in groups if g.kind == "speaker"]
    corrections: list[Correction] = []
    small = speakers[len(speakers) // 2 :][: 2 * number]
    for gone, into in zip(small[0::2], small[1::2], strict=False):
        corrections.append(Correction("merge", group=gone.id, into=into.id, label=gone.name))
    merged = {c.group for c in corrections} | {c.into for c in corrections}
    for group in groups:
        if len(corrections) >= 2 * number:
            break
        if group.id not in merged and len(set(group.variants)) > 1:
            corrections.append(
                Correction("split", group=group.id, spelling=group.variants[-1], label=group.name)
            )
    return [c.to_dict() for c in corrections]


async def _corrections(corpus: str, presses: int, with_corrections: bool) -> dict:
    from warreader.library import Library
    from warreader.store.index import Index
    from warreader.store.state import StateStore
    from warreader.ui.app import WarReaderApp
    from warreader.ui.widgets.article_list import ArticleList

    state = StateStore.memory()
    if with_corrections:
        index = Index.for_paths([corpus])
        state.state.corrections = make_corrections(Library.from_index(index))
        index.close()
    app = WarReaderApp(paths=[corpus], state=state)
    result: dict = {}
    async with app.run_test(size=(160, 45)) as pilot:
        while app.library is None or app.reading.current is None:
            await asyncio.sleep(0.02)
        await calm(pilot)
        library = app.library
        result["corrections"] = len(app.correcting.corrections)
        applied = getattr(app.correcting, "applied", None)  # before 5708e49: the journal's list
        result["applied"] = len(app.correcting._journal.applied) if applied is None else applied
        frames = Frames(app)
        app.query_one(ArticleList).focus()
        await calm(pilot)
        down, enter = frames.key("j"), frames.key("enter")
        result["open"] = [await frames.timed(lambda: (down(), enter())) for _ in range(presses)]
        result["a"] = [await frames.timed(frames.key("a")) for _ in range(max(4, presses // 4))]
        top = max(library.groups.values(), key=lambda g: count(library, g.id))
        app.select_entity(top.id)
        await calm(pilot)
        result["n"] = [await frames.timed(frames.key("n")) for _ in range(presses)]
        if with_corrections:
            into = next(c["into"] for c in state.state.corrections if c["action"] == "merge")
            app.select_entity(into)
            await calm(pilot)
            result["n corrected"] = [await frames.timed(frames.key("n")) for _ in range(presses)]
    return result


def child_corrections(corpus: str, presses: int, with_corrections: bool) -> dict:
    return asyncio.run(_corrections(corpus, presses, with_corrections))


async def _screens(corpus: str, opens: int, presses: int) -> dict:
    from textual.widgets import OptionList

    from warreader.ui.app import WarReaderApp

    app = WarReaderApp(paths=[corpus])
    result: dict = {}
    async with app.run_test(size=(160, 45)) as pilot:
        while app.library is None or app.reading.current is None:
            await asyncio.sleep(0.02)
        await calm(pilot)
        library = app.library
        frames = Frames(app)
        places = [g for g in library.groups.values() if g.kind == "place"]
        big = max(places, key=lambda g: count(library, g.id))
        result["place"] = f"{big.name} ({count(library, big.id):,} mentions)"
        for key, name in (("w", "WhoSaidScreen"), ("e", "EntityScreen"), ("m", "MapScreen")):
            opened, ready, inside, switch = [], [], [], []
            for _ in range(opens):
                app.select_entity(big.id if key != "w" else None, jump=False)
                await calm(pilot)
                base = app.screen
                started = time.perf_counter()
                opened.append(await first_frame(frames, frames.key(key)))
                ready.append(
                    await until(
                        lambda b=base, n=name: (
                            app.screen is not b and type(app.screen).__name__ == n and not busy(app.screen)
                        ),
                        started,
                    )
                )
                await calm(pilot)
                inside += [await frames.timed(frames.key("j")) for _ in range(presses)]
                if key == "w":
                    app.screen.query_one("#speakers", OptionList).focus()
                    await calm(pilot)
                    for _ in range(presses):
                        switch.append(await first_frame(frames, frames.key("j")))
                        await until(lambda: not busy(app.screen), time.perf_counter())
                await frames.timed(frames.key("escape"))
                await calm(pilot)
            result[key] = {"open": opened, "ready": ready, "j": inside, "speaker j": switch}
    return result


def child_screens(corpus: str, opens: int, presses: int) -> dict:
    return asyncio.run(_screens(corpus, opens, presses))


def quit_during_fetch(cache: str, runs: int) -> list[float]:
    """Seconds from ``q`` to the app's process gone, while its URL fetch hangs (one per run)."""
    import socket
    import tempfile
    import threading

    found: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(dir=cache) as scratch:
            marker, stop = Path(scratch) / "requested", threading.Event()
            listener = socket.create_server(("127.0.0.1", 0))
            listener.settimeout(0.05)

            def serve(
                listener: socket.socket = listener, marker: Path = marker, stop: threading.Event = stop
            ) -> None:
                held, ends = [], time.monotonic() + QUIT_HOLD_S
                while not stop.is_set() and time.monotonic() < ends:
                    try:
                        held.append(listener.accept()[0])  # read nothing, answer nothing
                        marker.touch()
                    except TimeoutError:
                        continue
                for conn in held:
                    conn.close()

            thread = threading.Thread(target=serve, daemon=True)
            thread.start()
            url = f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml"
            env = {
                **os.environ,
                "WARREADER_CACHE_DIR": str(Path(scratch) / "cache"),
                "TEXTUAL_ANIMATIONS": "none",
            }
            try:
                done = subprocess.run(
                    [sys.executable, "-c", QUIT_PILOT, url, str(marker)],
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=QUIT_HOLD_S + 60,
                    cwd=ROOT,
                )
                ended = time.monotonic()
            finally:
                stop.set()
                thread.join(2)
                listener.close()
            pressed = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("q ")]
            found.append(ended - float(pressed[0]) if pressed and marker.exists() else float("nan"))
    return found


def run_child(args: list[str], cache: str) -> dict:
    env = {
        **os.environ,
        "WARREADER_CACHE_DIR": cache,
        "WARREADER_DATA_DIR": str(Path(cache) / "data"),
        "WARREADER_CONFIG_DIR": str(Path(cache) / "config"),
    }
    run = subprocess.run(
        [sys.executable, __file__, "--child", *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"child {args[0]} failed:\n{run.stderr[-3000:]}")
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", default="/tmp/bench/c10k")
    parser.add_argument("--cache", default="/tmp/bench/cache")
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--opens", type=int, default=5)
    parser.add_argument("--only", choices=("corrections", "screens", "quit"), default=None)
    parser.add_argument("--quits", type=int, default=5)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "corrections":
            out = child_corrections(rest[0], int(rest[1]), rest[2] == "1")
        else:
            out = child_screens(rest[0], int(rest[1]), int(rest[2]))
        print(json.dumps(out), flush=True)
        os._exit(0)
    corpus = str(Path(args.corpus).resolve())
    print(f"corpus {corpus}")
    if args.only in (None, "quit"):
        Path(args.cache).mkdir(parents=True, exist_ok=True)
        quits = quit_during_fetch(args.cache, args.quits)
        worst = max(quits)
        print(f"\n6. quit during a hung fetch ({len(quits)} runs): q to process gone, s")
        print(
            f"median {statistics.median(quits):.2f}  max {worst:.2f}  target <= {QUIT_TARGET_S} "
            f"{'ok' if worst <= QUIT_TARGET_S else 'MISSED'}"
        )
    if args.only in (None, "corrections"):
        plain = run_child(["corrections", corpus, str(args.presses), "0"], args.cache)
        fixed = run_child(["corrections", corpus, str(args.presses), "1"], args.cache)
        print(f"\n4. corrections ({fixed['applied']} of {fixed['corrections']} saved corrections applied)")
        print(
            f"{'key':<14}{'none p50':>10}{'none p95':>10}{'with p50':>10}{'with p95':>10}{'ratio':>8}  target"
        )
        for key in ("open", "a", "n", "n corrected"):
            base = ms(plain.get(key) or plain["n"])
            with_ = ms(fixed[key])
            ratio = with_["p95"] / base["p95"]
            print(
                f"{key:<14}{base['p50']:>10.1f}{base['p95']:>10.1f}{with_['p50']:>10.1f}{with_['p95']:>10.1f}"
                f"{ratio:>7.2f}x  <= {RATIO_TARGET}x p95 {'ok' if ratio <= RATIO_TARGET else 'MISSED'}"
            )
    if args.only in (None, "screens"):
        screens = run_child(["screens", corpus, str(args.opens), str(args.presses // 3)], args.cache)
        print(f"\n5. screens (e on {screens['place']}), ms")
        print(f"{'':<16}{'p50':>9}{'p95':>9}  target")
        for key in ("w", "e", "m"):
            figures = screens[key]
            rows = [
                (
                    "open",
                    figures["open"],
                    f"<= {OPEN_TARGET_MS:.0f} p95",
                    lambda f: f["p95"] <= OPEN_TARGET_MS,
                ),
                ("ready", figures["ready"], "(worker, informative)", None),
                (
                    "j inside",
                    figures["j"],
                    f"<= {KEY_TARGET_MS:.0f} p50",
                    lambda f: f["p50"] <= KEY_TARGET_MS,
                ),
                (
                    "j speakers",
                    figures["speaker j"],
                    f"<= {KEY_TARGET_MS:.0f} p50",
                    lambda f: f["p50"] <= KEY_TARGET_MS,
                ),
            ]
            for label, values, target, check in rows:
                if not values:
                    continue
                f = ms(values)
                verdict = "" if check is None else ("ok" if check(f) else "MISSED")
                print(f"{key + ' ' + label:<16}{f['p50']:>9.1f}{f['p95']:>9.1f}  {target} {verdict}")


if __name__ == "__main__":
    main()
