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
from bench_daily import busy, calm, count, until
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


async def _run(corpus: str, opens: int, presses: int, exact_wait: float) -> dict:
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
        probe = Probe(app)
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
        peaks = result["peak rss"] = {"keys": _peak()}
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
                mine = lambda b=base, n=name: app.screen is not b and type(app.screen).__name__ == n  # noqa: E731
                probe.arm(lambda m=mine: m() and _content(app.screen))
                frames.times.clear()
                started = time.perf_counter()
                frames.key(key)()
                figures["content"].append(await probe.wait(started))
                figures["frame"].append(frames.times[0] - started if frames.times else float("nan"))
                figures["loaded"].append(
                    await until(
                        lambda m=mine: m() and _content(app.screen) and not busy(app.screen), started, 600
                    )
                )
                if key == "e" and "exact" not in result:
                    title = lambda: str(app.screen.query_one("#timeline").border_title)  # noqa: E731
                    exact = await until(lambda t=title: "(date in the sentence" in t(), started, exact_wait)
                    result["exact"] = (exact, title())
                await calm(pilot)
                figures["j"] += [await frames.timed(frames.key("j")) for _ in range(max(3, presses // 3))]
                await frames.timed(frames.key("escape"))
                await calm(pilot)
            result[key] = figures
            peaks[key] = _peak()
        # Searches: until the first match (or "no match") is on screen.
        searches: list[float] = []
        for _ in range(opens):
            for query in QUERIES:
                app.reading.action_clear()
                await calm(pilot)
                searches.append(await frames.timed(lambda q=query: app.reading.search(q)))
        result["search"] = searches
        peaks["search"] = _peak()
    result["rss"] = _peak()
    return result


def _peak() -> float:
    """Peak RSS of this process so far, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Probe:
    """Notes the first frame painted while ``condition()`` holds (evaluated as each frame goes out,
    so it is the state the frame shows), beside the timing of :class:`bench_scale.Frames`."""

    def __init__(self, app: Any) -> None:
        self.condition: Any = None
        self.seen: float | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            armed = renderable is not None and self.condition is not None and self.seen is None
            if armed and self.condition():
                self.seen = time.perf_counter()

        app._display = display

    def arm(self, condition: Any) -> None:
        self.condition, self.seen = condition, None

    async def wait(self, started: float, timeout: float = 600) -> float:
        """Seconds from ``started`` to the first frame painted once the armed condition holds."""
        while self.seen is None and time.perf_counter() - started < timeout:
            await asyncio.sleep(0.002)
        self.condition = None
        return float("nan") if self.seen is None else self.seen - started


def child(corpus: str, opens: int, presses: int, exact_wait: float) -> dict:
    return asyncio.run(_run(corpus, opens, presses, exact_wait))


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
    parser.add_argument(
        "--exact-wait", type=float, default=60.0, help="seconds to wait for e's timeline to be exact (once)"
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        corpus, opens, presses, wait = args.child
        print(json.dumps(child(corpus, int(opens), int(presses), float(wait))), flush=True)
        os._exit(0)
    corpus = str(Path(args.corpus).resolve())
    print(f"corpus {corpus}, cores {os.cpu_count()}, load {os.getloadavg()[0]:.1f}", flush=True)
    if args.only in (None, "app"):
        got = run_child([corpus, str(args.opens), str(args.presses), str(args.exact_wait)], args.cache)
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
        exact, title = got.get("exact", (float("nan"), ""))
        if exact == exact:
            print(f"    e's timeline exact (dates in the sentences read) after {exact:.1f} s")
        else:
            print(f"    e's timeline not exact after {args.exact_wait:.0f} s: {title}")
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
        floor = bench_scale.run_child(["floor_keys", str(args.presses)], args.cache)[0]["keys"]
        p50, p95 = ms(floor)
        print(f"    (floor now: a minimal app's OptionList cursor move p50 / p95 {p50:.1f} / {p95:.1f} ms)")
        line(
            "app RSS (peak, after all the above)",
            f"{got['rss']:.0f} MB",
            f"<= {RSS_MB:.0f} MB",
            got["rss"] <= RSS_MB,
        )
        steps = ", ".join(f"{k} {v:.0f}" for k, v in got["peak rss"].items())
        print(f"    peak RSS after each part (MB): {steps}")
    if args.only in (None, "paint"):
        paints, floors = [], []
        bench_scale.compile_as_installed()
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
