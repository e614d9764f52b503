"""Key latency of the article list and its filters on 10k generated articles plus a 50k-message
Telegram Desktop export (issue 16, "Done when": key press p95 <= 60 ms).

    .venv/bin/python tests/bench/bench_list_keys.py              # builds /tmp/lk-bench, then measures
    .venv/bin/python tests/bench/bench_list_keys.py --keep       # reuses the corpus and index built before
    .venv/bin/python tests/bench/bench_list_keys.py --articles 2000 --messages 5000 --cache /tmp/small

Everything lives under ``--cache`` (never in the repository): the corpus (``make_corpus.py`` articles
and a ``result.json`` written by :func:`bench_telegram.write_export`), the gold file beside it, the
index (``warreader index``, once) and HOME / XDG / WARREADER_* folders. The app then runs headless in
a fresh process (``WarReaderApp(paths=[corpus]).run_test(size=(120, 40))``); each key is handed to
the driver as a terminal's input would be and timed until the screen settles, as in bench_scale.py
and bench_daily.py (their helpers are imported). Measured:

* ``j`` / ``k`` in the article list (``--presses`` in all, half down, half up);
* ``s`` (sort cycle: corpus, newest, source, title), ``U`` (unread only on / off);
* ``v`` (the menu), then "Source…" and a source chosen through the picker's ``dismiss`` (what
  Enter does; the picker is a box over the reader, ``ListKeys.panel``), the biggest source (the
  Telegram channel) and a small one in turn; each also "… screen complete": until the last update
  that changed what the screen shows (each update's whole screen compared with the one before;
  Textual repaints the scrollbars of every scroll view after each layout pass, one or two frame
  intervals later, in updates that change no cell);
* ``f`` on / off with the most mentioned entity followed;
* ``D``: the key itself (until its first frame: the status line) and, the first time, until the
  list is folded (the stories are found in a thread); later ``D`` presses toggle cached stories;
* ``n`` / ``N`` in the reader with the most mentioned entity followed.

A key whose p95 misses the target is pressed again under cProfile (the event loop's thread) and the
functions taking the time are printed (file:function). Not collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_daily import calm, count, first_frame, ms, until  # key timing helpers of the daily benchmark
from bench_scale import Frames
from bench_telegram import write_export

ROOT = Path(__file__).resolve().parents[2]
MAKE_CORPUS = ROOT.parent / "shared" / "tools" / "make_corpus.py"
TARGET_MS = 60.0
SIZE = (120, 40)
FOLD_TIMEOUT_S = float(os.environ.get("BENCH_FOLD_TIMEOUT", "120"))
"""How long D's first computation (in a thread) is waited for before it is reported as not done."""
Part = Callable[[Any, Any, Frames], Awaitable[dict[str, list[float]]]]


def environment(cache: Path) -> dict[str, str]:
    """HOME, XDG and warreader's folders under ``cache``: nothing of the user's is read or written."""
    home = cache / "home"
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "WARREADER_CACHE_DIR": str(cache / "cache"),
        "WARREADER_DATA_DIR": str(cache / "data"),
        "WARREADER_CONFIG_DIR": str(cache / "config"),
        "TEXTUAL_ANIMATIONS": "none",
    }


def build(cache: Path, articles: int, messages: int) -> Path:
    """The corpus under ``cache``/corpus, indexed once; returns the corpus folder."""
    corpus = cache / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    shutil.rmtree(cache / "cache", ignore_errors=True)
    for sub in ("home", "cache", "data", "config"):
        (cache / sub).mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(MAKE_CORPUS),
            str(corpus / "articles"),
            "--articles",
            str(articles),
            "--seed",
            "7",
            "--gold",
            str(cache / "gold.json"),  # outside the corpus: not read as an article
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    export = corpus / "ChatExport_bench" / "result.json"
    export.parent.mkdir(parents=True)
    write_export(export, messages)
    print(f"corpus built in {time.perf_counter() - started:.0f} s: {corpus}", flush=True)
    started = time.perf_counter()
    warreader = Path(sys.executable).with_name("warreader")
    done = subprocess.run(
        [str(warreader), "index", "--quiet", str(corpus)],
        env=environment(cache),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"warreader index failed ({done.returncode}): {done.stderr[-2000:]}")
    said = (done.stdout + done.stderr).strip().splitlines() or [""]
    print(f"indexed in {time.perf_counter() - started:.0f} s: {said[-1]}")
    return corpus


# -- the parts, each given the running app, its pilot and the frame spy -------------------------


class Screens:
    """When the screen last changed: each update's whole screen (as a terminal would get it) is
    compared with the one before, and the time of each update that changed it is kept."""

    def __init__(self, app: Any) -> None:
        self.changed: list[float] = []
        self._shown: str | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None:
                now = time.perf_counter()
                shown = screen._compositor.render_full_update().render_segments(app.console)
                if shown != self._shown:
                    self._shown = shown
                    self.changed.append(now)

        app._display = display

    async def timed(self, frames: Frames, action: Callable[[], None]) -> tuple[float, float]:
        """Seconds from ``action()`` to the last screen update (as :meth:`Frames.timed`) and to the
        last update that changed the screen."""
        await frames.settle()
        self.changed.clear()
        started = time.perf_counter()
        settled = await frames.timed(action, settle=False)
        changed = [t for t in self.changed if t >= started]
        return settled, (changed[-1] - started) if changed else float("nan")


def list_focus(app: Any) -> None:
    from warreader.ui.widgets.article_list import ArticleList

    app.query_one(ArticleList).focus()


async def part_jk(app: Any, pilot: Any, frames: Frames, presses: int) -> dict[str, list[float]]:
    list_focus(app)
    await calm(pilot)
    down = [await frames.timed(frames.key("j")) for _ in range(presses // 2)]
    up = [await frames.timed(frames.key("k")) for _ in range(presses - presses // 2)]
    return {"j": down, "k": up}


async def part_sort(app: Any, pilot: Any, frames: Frames, repeats: int) -> dict[str, list[float]]:
    list_focus(app)
    await calm(pilot)
    return {"s": [await frames.timed(frames.key("s")) for _ in range(4 * max(1, repeats // 4))]}


async def part_unread(app: Any, pilot: Any, frames: Frames, repeats: int) -> dict[str, list[float]]:
    list_focus(app)
    await calm(pilot)
    return {"U": [await frames.timed(frames.key("U")) for _ in range(2 * max(1, repeats // 2))]}


async def part_menu(app: Any, pilot: Any, frames: Frames, repeats: int) -> dict[str, list[float]]:
    from warreader.ui.list_filters import ListFilter
    from warreader.ui.screens.dialogs import PickPanel, PickScreen

    def picker() -> Any:
        """The open picker: the v menu's box over the reader (or a PickScreen, as before)."""
        box = getattr(app.reading.list_keys, "panel", None)
        return box if box is not None else app.screen

    def pick(starts: str | None, at: int = 0) -> Callable[[], None]:
        def action() -> None:
            screen = picker()
            assert isinstance(screen, (PickPanel, PickScreen)), screen
            keys = [key for key, _prompt, plain in screen.items if starts is None or plain.startswith(starts)]
            screen.dismiss(keys[at])

        return action

    names = ("v", "v Source…", "v source chosen")
    found: dict[str, list[float]] = {f"{n}{s}": [] for s in ("", " screen complete") for n in names}
    screens = getattr(app, "_bench_screens", None) or Screens(app)
    app._bench_screens = screens

    async def timed(name: str, action: Callable[[], None]) -> None:
        settled, complete = await screens.timed(frames, action)
        found[name].append(settled)
        found[f"{name} screen complete"].append(complete)

    for turn in range(repeats):
        list_focus(app)
        await calm(pilot)
        await timed("v", frames.key("v"))
        await timed("v Source…", pick("Source"))
        screen = picker()
        assert isinstance(screen, (PickPanel, PickScreen)) and len(screen.items) > 2, screen
        # the items after "every source": the most articles first (the Telegram channel), alternate
        # with the smallest source
        await timed("v source chosen", pick(None, -1 if turn % 2 else 1))
        await calm(pilot)
        assert app.reading.list_filter.source, "no source chosen"
        app.reading.list_keys.choose(ListFilter())  # every article again, untimed
        await calm(pilot)
    return found


async def part_follow(app: Any, pilot: Any, frames: Frames, repeats: int) -> dict[str, list[float]]:
    top = max(app.library.groups.values(), key=lambda g: count(app.library, g.id))
    app.select_entity(top.id, jump=False)
    list_focus(app)
    await calm(pilot)
    found: dict[str, list[float]] = {"f on": [], "f off": []}
    for _ in range(repeats):
        found["f on"].append(await frames.timed(frames.key("f")))
        assert app.reading.filter_on, "f did not filter"
        found["f off"].append(await frames.timed(frames.key("f")))
    app.select_entity(None, jump=False)
    await calm(pilot)
    return found


async def part_stories(app: Any, pilot: Any, frames: Frames, repeats: int) -> dict[str, list[float]]:
    keys = app.reading.list_keys
    list_focus(app)
    await calm(pilot)
    found: dict[str, list[float]] = {"D first": [], "D first folded": [], "D on": [], "D off": []}
    for turn in range(repeats + 1):
        started = time.perf_counter()
        key = await first_frame(frames, frames.key("D"))
        folded = await until(lambda: keys.stories is not None, started, FOLD_TIMEOUT_S)
        found["D first" if turn == 0 else "D on"].append(key)
        if turn == 0:
            found["D first folded"].append(folded)
        if folded != folded:  # not folded in time: the thread goes on; the process ends after the parts
            break
        await frames.settle()
        found["D off"].append(await frames.timed(frames.key("D")))
        assert keys.stories is None, "D did not unfold"
    return found


async def part_mentions(app: Any, pilot: Any, frames: Frames, presses: int) -> dict[str, list[float]]:
    top = max(app.library.groups.values(), key=lambda g: count(app.library, g.id))
    app.select_entity(top.id)
    await calm(pilot)
    await frames.timed(frames.key("2"))  # the reader pane
    n = [await frames.timed(frames.key("n")) for _ in range(presses // 2)]
    back = [await frames.timed(frames.key("N")) for _ in range(presses - presses // 2)]
    return {"n": n, "N": back}


PARTS: dict[str, tuple[Callable[..., Awaitable[dict[str, list[float]]]], str]] = {
    "jk": (part_jk, "presses"),
    "sort": (part_sort, "repeats"),
    "unread": (part_unread, "repeats"),
    "menu": (part_menu, "repeats"),
    "follow": (part_follow, "repeats"),
    "mentions": (part_mentions, "mention_presses"),
    "stories": (part_stories, "repeats"),  # last: its thread may still run when the others are done
}
KEY_PART = {
    "j": "jk",
    "k": "jk",
    "s": "sort",
    "U": "unread",
    "v": "menu",
    "v Source…": "menu",
    "v source chosen": "menu",
    "v screen complete": "menu",
    "v Source… screen complete": "menu",
    "v source chosen screen complete": "menu",
    "f on": "follow",
    "f off": "follow",
    "D first": "stories",
    "D on": "stories",
    "D off": "stories",
    "n": "mentions",
    "N": "mentions",
}
INFORMATIVE = {"D first folded"}
"""Figures shown without the key target: the stories' first computation runs in a thread."""


def profile_lines(profiler: cProfile.Profile, top: int = 14) -> list[str]:
    """Where the event loop's thread spent its time: warreader's functions by cumulative time,
    then every function by its own time (waiting in epoll left out), as file:line:function."""
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (file, line, name), (_cc, calls, own, total, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "epoll" in name or "select" in name:
            continue
        short = file.split("site-packages/")[-1].split("tui/")[-1]
        rows.append((total, own, calls, f"{short}:{line}:{name}"))
    mine = sorted((r for r in rows if r[3].startswith("warreader/")), reverse=True)[:top]
    lines = [f"{'cum s':>7}{'own s':>7}{'calls':>8}  warreader's functions (file:line:function)"]
    lines += [f"{t:7.3f}{o:7.3f}{c:8d}  {where}" for t, o, c, where in mine]
    lines.append(f"{'cum s':>7}{'own s':>7}{'calls':>8}  most own time (any code)")
    lines += [f"{t:7.3f}{o:7.3f}{c:8d}  {where}" for t, o, c, where in sorted(rows, key=lambda r: -r[1])[:10]]
    return lines


async def measure(corpus: str, options: dict[str, int], parts: list[str], profile: list[str]) -> dict:
    from warreader.ui.app import WarReaderApp

    app = WarReaderApp(paths=[corpus])
    result: dict[str, Any] = {"figures": {}, "load": {}, "profiles": {}}
    async with app.run_test(size=SIZE) as pilot:
        started = time.perf_counter()
        while app.library is None or app.reading.current is None:
            await asyncio.sleep(0.02)
        result["open_s"] = time.perf_counter() - started
        result["articles"] = len(app.library.articles)
        await calm(pilot)
        await asyncio.sleep(1.0)
        frames = Frames(app)
        for name in parts:
            part, option = PARTS[name]
            before = os.getloadavg()[0]
            print(f"{time.strftime('%H:%M:%S')} {name}", file=sys.stderr, flush=True)
            result["figures"].update(await part(app, pilot, frames, options[option]))
            result["load"][name] = [before, os.getloadavg()[0]]
        for name in profile:
            part, option = PARTS[name]
            profiler = cProfile.Profile()
            profiler.enable()
            await part(app, pilot, frames, options[option])
            profiler.disable()
            result["profiles"][name] = profile_lines(profiler)
        # out now: leaving run_test would wait for a stories thread still running (D not folded)
        print(json.dumps(result), flush=True)
        os._exit(0)
    return result


MEMORY_LIMIT = 6 << 30
"""Address space of the measuring process: a shared machine must not be swamped (a MemoryError,
in the stories' thread for one, is then reported instead)."""


def limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_child(
    cache: Path, corpus: Path, options: dict[str, int], parts: list[str], profile: list[str]
) -> dict:
    payload = json.dumps({"corpus": str(corpus), "options": options, "parts": parts, "profile": profile})
    log = cache / "measure.log"
    with log.open("w", encoding="utf-8") as errors:
        done = subprocess.run(
            [sys.executable, __file__, "--child", payload],
            env=environment(cache),
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            cwd=ROOT,
            preexec_fn=limit_memory,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        tail = log.read_text(encoding="utf-8")[-4000:]
        raise SystemExit(f"the measuring process failed ({done.returncode}):\n{tail}")
    return json.loads(lines[-1])


def report(result: dict) -> list[str]:
    """Keys whose p95 missed the target (their parts), after printing every figure."""
    print(f"\n{'key':<34}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}  target p95 <= {TARGET_MS:.0f} ms   load (1 min)")
    missed = []
    for key, values in result["figures"].items():
        if not values:
            continue
        f = ms(values)
        part = KEY_PART.get(key, "")
        load = result["load"].get(part) or result["load"].get("stories") or [0, 0]
        if key in INFORMATIVE:
            verdict = (
                "(thread)" if f["p95"] == f["p95"] else f"not done in {os.environ['BENCH_FOLD_TIMEOUT']} s"
            )
        elif f["p95"] <= TARGET_MS:
            verdict = "ok"
        else:
            verdict = "MISSED"
            missed.append(part)
        print(
            f"{key:<34}{len(values):>5}{f['p50']:>9.1f}{f['p95']:>9.1f}  {verdict:<22}{load[0]:.2f} → {load[1]:.2f}"
        )
    return sorted(set(missed))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/lk-bench"))
    parser.add_argument(
        "--keep", action="store_true", help="reuse the corpus and index built by a run before"
    )
    parser.add_argument("--presses", type=int, default=200, help="j / k presses")
    parser.add_argument("--repeats", type=int, default=8, help="s, U, v, f and D presses")
    parser.add_argument("--mention-presses", type=int, default=60, help="n / N presses")
    parser.add_argument("--only", nargs="+", choices=list(PARTS), default=list(PARTS))
    parser.add_argument(
        "--fold-timeout", type=float, default=FOLD_TIMEOUT_S, help="seconds to wait for D's first fold"
    )
    parser.add_argument("--no-profile", action="store_true", help="do not profile the keys that miss")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        job = json.loads(args.child)
        out = asyncio.run(measure(job["corpus"], job["options"], job["parts"], job["profile"]))
        print(json.dumps(out), flush=True)
        os._exit(0)
    os.environ["BENCH_FOLD_TIMEOUT"] = str(args.fold_timeout)
    cache = args.cache.resolve()
    if ROOT in cache.parents or cache == ROOT:
        raise SystemExit("--cache must be outside the repository (under /tmp)")
    corpus = cache / "corpus"
    if not (args.keep and corpus.is_dir() and (cache / "cache").is_dir()):
        corpus = build(cache, args.articles, args.messages)
    options = {"presses": args.presses, "repeats": args.repeats, "mention_presses": args.mention_presses}
    print(
        f"corpus {corpus}, window {SIZE[0]}x{SIZE[1]}, load {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores"
    )
    result = run_child(cache, corpus, options, args.only, [])
    print(f"{result['articles']:,} articles, opened from the index in {result['open_s']:.1f} s")
    missed = report(result)
    if missed and not args.no_profile:
        profiled = run_child(cache, corpus, options, [], missed)
        for part, lines in profiled["profiles"].items():
            print(f"\ncProfile of {part} (event loop thread, one press sequence):")
            print("\n".join(lines))


if __name__ == "__main__":
    main()
