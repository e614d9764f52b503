"""Near-duplicate benchmark (issue 16, item 4): clustering 10k generated articles into stories.

    python /work/shared/tools/make_corpus.py /tmp/bench/c10k --articles 10000 --seed 7
    .venv/bin/python tests/bench/bench_stories.py --corpus /tmp/bench/c10k

Reads the bodies (plain files, no extraction), then times :func:`warreader.nlp.duplicates.clusters`
on them twice: as generated (template-built articles, no republications: clusters found there are
false merges), and with ``--planted`` republications added (copies of random articles with another
headline, a byline, a few words changed and a "Read more" block), which must all be found with their
original. Prints wall and CPU seconds (the machine is shared: CPU time is what one core spends) and
the load average. Target: <= 20 s on one core for 10k articles.

Not collected by pytest; figures never decide a test.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from warreader.nlp.duplicates import THRESHOLD, clusters


def republished(body: str, rng: random.Random, n: int) -> str:
    words = body.split(" ")
    for _ in range(5):  # a few words changed
        at = rng.randrange(len(words))
        words[at] = rng.choice(["reportedly", "on Monday", "officials", "the region's"])
    return (
        f"Outlet {n} headline: what we know\n\nBy Staff Writer {n}\n\n"
        + " ".join(words)
        + "\n\nRead more:\nLive updates\nMap of the front\nSubscribe to our newsletter\n"
    )


def timed(bodies: list[str]) -> tuple[list[list[int]], float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    found = clusters(bodies)
    return found, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, help="folder of generated articles (make_corpus.py)")
    parser.add_argument("--planted", type=int, default=200, help="republications to add (default 200)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = sorted(Path(args.corpus).rglob("*.txt"))
    if not paths:
        print(f"no articles in {args.corpus}", file=sys.stderr)
        return 1
    bodies = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(len(b.split()) for b in bodies)
    print(f"{len(bodies)} articles, {words:,} words; threshold {THRESHOLD}")

    found, wall, cpu = timed(bodies)
    merged = sum(len(c) for c in found)
    print(f"as generated: {wall:.1f} s wall, {cpu:.1f} s CPU; {len(found)} clusters ({merged} articles)")

    rng = random.Random(args.seed)
    originals = rng.sample(range(len(bodies)), args.planted)
    planted = bodies + [republished(bodies[i], rng, n) for n, i in enumerate(originals)]
    found, wall, cpu = timed(planted)
    where = {i: n for n, c in enumerate(found) for i in c}
    hits = sum(1 for n, i in enumerate(originals) if i in where and where.get(len(bodies) + n) == where[i])
    print(
        f"with {args.planted} planted: {wall:.1f} s wall, {cpu:.1f} s CPU; {len(found)} clusters; "
        f"planted found with their original: {hits}/{args.planted}"
    )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; target <= 20 s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
