"""Issue 17's interactive rows at 100k articles: one line per row, its figure and its target.

    .venv/bin/warreader index /tmp/s17/c100k        # with WARREADER_CACHE_DIR=CACHE, once
    .venv/bin/python tests/bench/bench_100k.py --corpus /tmp/s17/c100k --cache CACHE

Every part runs in a fresh subprocess over the index already in ``--cache`` (App.run_test at
160x45; the key timing, first paint and floor are bench_scale.py's, the screen helpers
bench_daily.py's):

* open ``e`` on the most mentioned place, ``w`` (who said what, the top speaker) and ``m`` (map):
  "content" is from the key until the first frame in which the screen shows its content (the
  mentions in context, the speaker's statements, the places), "loaded" until no widget of the
  screen shows a loading indicator any more (the timeline counted, ...); target: content p95;
* a search (the reader's, Enter in the search box) for a common word, a rare phrase and a word
  that is not there, until the first match is shown (or the screen says there is none);
* key presses: ``j`` in the article list, ``j`` (scroll) and ``n`` (next mention of the most
  mentioned entity) in the reader, timed until the screen settles;
* warm first paint beside a minimal Textual app (the floor), medians of alternating runs;
* peak RSS of the app process after all the above.

Not collected by pytest; figures never decide a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale  # first paint, floor, key timing
from bench_daily import busy, calm, count, first_frame, until
from bench_scale import Frames, percentile

ROOT = Path(__file__).resolve().parents[2]
OPEN_MS = 150.0
KEY_P50_MS, KEY_P95_MS = 16.0, 50.0
PAINT_RATIO = 1.5
RSS_MB = 300.0
QUERIES = ("Kharkiv", "Zolota Balka", "xyzzy")


def _content(screen: Any) -> bool:
    """True once ``screen`` shows what it is opened for (not only its frame and a loading indicator)."""
    from textual.widgets import OptionList

    name = type(screen).__name__
    if name == "EntityScreen":
        lists = [screen.query_one("#kwic", OptionList)]
    elif name == "WhoSaidScreen":
        lists = [screen.query_one("#statements", OptionList)]
    elif name == "MapScreen":
        lists = [screen.query_one("#map-places", OptionList)]
        if screen.query_one("#map").loading:
            return False
    else:
        return False
    return all(not w.loading and w.option_count > 0 for w in lists)


async def _run(corpus: str, opens: int, presses: int) -> dict:
    from warreader.ui.app import WarReaderApp
    from warreader.ui.widgets.article_list import ArticleList
    from warreader.ui.widgets.reader import Reader

    app = WarReaderApp(paths=[corpus])
    result: dict = {}
    async with app.run_test(size=(160, 45)) as pilot:
        while app.library is None or app.reading.current is None:
            await asyncio.sleep(0.02)
        await calm(pilot)
        library = app.library
        frames = Frames(app)
        result["articles"] = len(library.articles)
        result["groups"] = len(library.groups)
        # Keys in the list and the reader.
        app.query_one(ArticleList).focus()
        await calm(pilot)
        result["list j"] = [await frames.timed(frames.key("j")) for _ in range(presses)]
        app.query_one(Reader).focus()
        await calm(pilot)
        result["reader j"] = [await frames.timed(frames.key("j")) for _ in range(presses)]
        top = max(library.groups.values(), key=lambda g: count(library, g.id))
        app.select_entity(top.id)
        await calm(pilot)
        result["reader n"] = [await frames.timed(frames.key("n")) for _ in range(presses)]
        result["n follows"] = f"{top.name} ({count(library, top.id):,} mentions)"
        # The screens.
        places = [g for g in library.groups.values() if g.kind == "place"]
        big = max(places, key=lambda g: count(library, g.id))
        speakers = [g for g in library.groups.values() if g.kind == "speaker"]
        talker = max(speakers, key=lambda g: count(library, g.id))
        result["place"] = f"{big.name} ({count(library, big.id):,} mentions, {len(big.articles):,} articles)"
        result["speaker"] = (
            f"{talker.name} ({count(library, talker.id):,} mentions, {len(talker.articles):,} articles)"
        )
        for key, name in (("e", "EntityScreen"), ("w", "WhoSaidScreen"), ("m", "MapScreen")):
            figures: dict[str, list[float]] = {"frame": [], "content": [], "loaded": [], "j": []}
            for _ in range(opens):
                app.select_entity(big.id if key != "w" else None, jump=False)
                await calm(pilot)
                base = app.screen
                await frames.settle()
                started = time.perf_counter()
                figures["frame"].append(await first_frame(frames, frames.key(key)))
                mine = lambda b=base, n=name: app.screen is not b and type(app.screen).__name__ == n  # noqa: E731
                figures["content"].append(
                    await painted(frames, lambda m=mine: m() and _content(app.screen), started)
                )
                figures["loaded"].append(
                    await until(lambda m=mine: m() and not busy(app.screen), started, timeout=600)
                )
                await calm(pilot)
                figures["j"] += [await frames.timed(frames.key("j")) for _ in range(max(3, presses // 3))]
                await frames.timed(frames.key("escape"))
                await calm(pilot)
            result[key] = figures
        # Searches: until the first match (or "no match") is on screen.
        searches: list[float] = []
        for _ in range(opens):
            for query in QUERIES:
                app.reading.action_clear()
                await calm(pilot)
                searches.append(await frames.timed(lambda q=query: app.reading.search(q)))
        result["search"] = searches
    result["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


async def painted(frames: Frames, condition: Any, started: float) -> float:
    """Seconds from ``started`` to the first frame painted once ``condition()`` holds."""
    held = await until(condition, started, timeout=600)
    if held != held:
        return held
    seen = started + held - 0.002  # polled every 2 ms: a frame that close may already show it
    while time.perf_counter() - seen < 5:
        after = [t for t in frames.times if t >= seen]
        if after:
            return after[0] - started
        await asyncio.sleep(0.002)
    return held


def child(corpus: str, opens: int, presses: int) -> dict:
    return asyncio.run(_run(corpus, opens, presses))


def run_child(args: list[str], cache: Path) -> dict:
    env = {
        **os.environ,
        "WARREADER_CACHE_DIR": str(cache),
        "WARREADER_DATA_DIR": str(cache / "data"),
        "WARREADER_CONFIG_DIR": str(cache / "config"),
    }
    run = subprocess.run(
        [sys.executable, __file__, "--child", *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"child failed:\n{run.stderr[-3000:]}")
    return json.loads(lines[-1])


def ms(values: list[float]) -> tuple[float, float]:
    values = [v for v in values if v == v] or [float("nan")]
    return statistics.median(values) * 1000, percentile(values, 0.95) * 1000


def line(what: str, figure: str, target: str, ok: bool) -> None:
    print(f"{what:<44} {figure:<34} target {target:<22} {'ok' if ok else 'MISSED'}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=False, default="/tmp/s17/c100k")
    parser.add_argument("--cache", type=Path, required=False, default=Path("/tmp/bench/cache"))
    parser.add_argument("--opens", type=int, default=5)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--paints", type=int, default=5)
    parser.add_argument("--only", choices=("app", "paint"), default=None)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), int(args.child[2]))), flush=True)
        os._exit(0)
    corpus = str(Path(args.corpus).resolve())
    print(f"corpus {corpus}, cores {os.cpu_count()}, load {os.getloadavg()[0]:.1f}", flush=True)
    if args.only in (None, "app"):
        got = run_child([corpus, str(args.opens), str(args.presses)], args.cache)
        print(
            f"{got['articles']:,} articles, {got['groups']:,} groups; e on {got['place']}; "
            f"w on {got['speaker']}; n follows {got['n follows']}"
        )
        for key, what in (("e", "open e (largest place)"), ("w", "open w"), ("m", "open m")):
            figures = got[key]
            content, loaded, frame = ms(figures["content"]), ms(figures["loaded"]), ms(figures["frame"])
            line(
                f"{what}: content p95 (p50)",
                f"{content[1]:.0f} ms ({content[0]:.0f}); loaded {loaded[1]:.0f}",
                f"<= {OPEN_MS:.0f} ms p95",
                content[1] <= OPEN_MS,
            )
            print(
                f"    first frame p95 {frame[1]:.0f} ms; j inside p50/p95 {ms(figures['j'])[0]:.0f}/"
                f"{ms(figures['j'])[1]:.0f} ms"
            )
        search = ms(got["search"])
        line(
            "search (first match shown) p95 (p50)",
            f"{search[1]:.0f} ms ({search[0]:.0f})",
            f"<= {OPEN_MS:.0f} ms p95",
            search[1] <= OPEN_MS,
        )
        for key, what in (
            ("list j", "key j in the article list"),
            ("reader j", "key j in the reader"),
            ("reader n", "key n in the reader"),
        ):
            p50, p95 = ms(got[key])
            line(
                f"{what} p50 / p95",
                f"{p50:.1f} / {p95:.1f} ms",
                f"<= {KEY_P50_MS:.0f} / {KEY_P95_MS:.0f} ms",
                p50 <= KEY_P50_MS and p95 <= KEY_P95_MS,
            )
        line(
            "app RSS (peak, after all the above)",
            f"{got['rss']:.0f} MB",
            f"<= {RSS_MB:.0f} MB",
            got["rss"] <= RSS_MB,
        )
    if args.only in (None, "paint"):
        paints, floors = [], []
        for _ in range(args.paints):
            painted, started = bench_scale.run_child(["floor"], args.cache)
            floors.append(painted["painted"] - started)
            painted, started = bench_scale.run_child(["paint", corpus], args.cache)
            paints.append(painted["painted"] - started)
        warm, floor = statistics.median(paints), statistics.median(floors)
        line(
            "warm first paint / floor (medians)",
            f"{warm * 1000:.0f} / {floor * 1000:.0f} ms = {warm / floor:.2f}x",
            f"<= {PAINT_RATIO}x floor",
            warm / floor <= PAINT_RATIO,
        )
    print(f"load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
