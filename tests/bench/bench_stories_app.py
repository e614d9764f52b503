"""D's first fold in the app, and the keys pressed meanwhile (issue 16.4 at scale).

    .venv/bin/python tests/bench/bench_list_keys.py --cache /tmp/lk-stories --only stories  # builds
    .venv/bin/python tests/bench/bench_stories_app.py --cache /tmp/lk-stories

Opens the app headless on the corpus and index that bench_list_keys.py built under ``--cache`` (10k
generated articles and a 50k-message Telegram export), presses ``D`` and, until the list is folded,
``j`` every 100 ms, each timed until the screen settles (bench_scale.Frames). Prints the seconds
until folded, the stories' thread's own CPU and wall seconds (``time.thread_time``), the ``j`` times
(p50 / p95 / max: the event loop stays free while the thread works), peak RSS before and after D,
and the load. Targets: folded in <= 15 s of the thread's CPU, ``j`` p95 <= 60 ms.

Not collected by pytest; figures never decide a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_list_keys import environment
from bench_scale import Frames


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(corpus: Path) -> dict[str, Any]:
    import warreader.stories as stories_module
    from warreader.ui.app import WarReaderApp
    from warreader.ui.widgets.article_list import ArticleList

    thread: dict[str, float] = {}
    compute = stories_module.compute_stories

    def timed_compute(library: Any) -> Any:
        cpu, wall = time.thread_time(), time.perf_counter()
        try:
            return compute(library)
        finally:
            thread.update(cpu=time.thread_time() - cpu, wall=time.perf_counter() - wall)

    stories_module.compute_stories = timed_compute  # stories() looks it up when D asks
    app = WarReaderApp(paths=[str(corpus)])
    async with app.run_test(size=(120, 40)) as pilot:
        while app.library is None or app.reading.current is None:
            await asyncio.sleep(0.05)
        app.query_one(ArticleList).focus()
        await asyncio.sleep(1.0)
        frames = Frames(app)
        before = rss_mb()
        started = time.perf_counter()
        frames.key("D")()
        presses: list[float] = []
        keys = app.reading.list_keys
        while keys.stories is None and time.perf_counter() - started < 300:
            await asyncio.sleep(0.1)
            presses.append(await frames.timed(frames.key("j"), settle=False))
        folded = time.perf_counter() - started if keys.stories is not None else float("nan")
        found = keys.stories
        result = {
            "articles": len(app.library.articles),
            "folded": folded,
            "thread": thread,
            "presses": sorted(p for p in presses if p == p),
            "rss": (before, rss_mb()),
            "stories": len(found.clusters) if found is not None else -1,
            "biggest": max((len(c) for c in found.clusters), default=0) if found is not None else 0,
        }
        await pilot.pause()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/lk-stories"))
    args = parser.parse_args()
    corpus = args.cache / "corpus"
    if not corpus.is_dir():
        print(
            f"no corpus in {args.cache}: run bench_list_keys.py --cache {args.cache} first", file=sys.stderr
        )
        return 1
    os.environ.update(environment(args.cache))
    load = os.getloadavg()[0]
    result = asyncio.run(measure(corpus))
    presses, thread = result["presses"], result["thread"]
    print(
        f"{result['articles']:,} articles; load {load:.1f} → {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"D folded after {result['folded']:.1f} s; the stories' thread: {thread.get('cpu', float('nan')):.1f} s CPU, "
        f"{thread.get('wall', float('nan')):.1f} s wall (target <= 15 s CPU); {result['stories']:,} stories, "
        f"the biggest of {result['biggest']:,} articles"
    )
    if presses:
        p95 = presses[min(len(presses) - 1, int(len(presses) * 0.95))]
        print(
            f"j meanwhile: {len(presses)} presses, p50 {presses[len(presses) // 2] * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {presses[-1] * 1000:.0f} ms (target p95 <= 60 ms)"
        )
    print(f"peak RSS {result['rss'][0]:.0f} MB before D, {result['rss'][1]:.0f} MB after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
