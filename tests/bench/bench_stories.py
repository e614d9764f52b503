"""Near-duplicate benchmark (issue 16, item 4): clustering 10k generated articles into stories.

    python /work/shared/tools/make_corpus.py /tmp/bench/c10k --articles 10000 --seed 7
    .venv/bin/python tests/bench/bench_stories.py --corpus /tmp/bench/c10k
    .venv/bin/python tests/bench/bench_stories.py --corpus /tmp/bench/c10k --telegram 50000

``--telegram N`` adds the messages of an N-message Telegram Desktop export (written by
:func:`bench_telegram.write_export` into a temporary folder, read by warreader's reader): short,
templated messages, 57,272 bodies in all with 10k articles, as in bench_list_keys.py. Its target:
the first D folds within seconds, <= 15 s on one core, with no story of templated messages (a
channel's fixed sentences are not a story); peak RSS is printed beside what the bodies alone take.

Reads the bodies (plain files, no extraction), then times :func:`warreader.nlp.duplicates.clusters`
on them twice: as generated (template-built articles, no republications: clusters found there are
false merges), and with ``--planted`` republications added (copies of random articles with another
headline, a byline, a few words changed and a "Read more" block), which must all be found with their
original. Prints wall and CPU seconds (the machine is shared: CPU time is what one core spends) and
the load average. Target: <= 20 s on one core for 10k articles (<= 15 s with the 50k messages).

Not collected by pytest; figures never decide a test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from warreader.nlp.duplicates import MAX_SHARED, THRESHOLD, clusters


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


def peak_mb() -> float:
    """Peak RSS of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def telegram_bodies(messages: int) -> list[str]:
    """The bodies of an ``messages``-message export, as warreader reads them."""
    from bench_telegram import write_export

    from warreader.corpus.reader import Problem, read_articles

    with tempfile.TemporaryDirectory(prefix="bench-stories-") as folder:
        export = Path(folder) / "ChatExport_bench" / "result.json"
        export.parent.mkdir()
        write_export(export, messages)
        problems: list[Problem] = []
        return [a.body for a in read_articles([folder], problems)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, help="folder of generated articles (make_corpus.py)")
    parser.add_argument("--planted", type=int, default=200, help="republications to add (default 200)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--telegram", type=int, default=0, help="messages of a Telegram export to add")
    args = parser.parse_args()
    paths = sorted(Path(args.corpus).rglob("*.txt"))
    if not paths:
        print(f"no articles in {args.corpus}", file=sys.stderr)
        return 1
    bodies = [p.read_text(encoding="utf-8") for p in paths]
    articles = len(bodies)
    if args.telegram:
        bodies += telegram_bodies(args.telegram)
    words = sum(len(b.split()) for b in bodies)
    print(
        f"{articles} articles + {len(bodies) - articles} Telegram messages, {words:,} words; "
        f"threshold {THRESHOLD}, template shingles: in > {MAX_SHARED} texts"
    )
    started = time.process_time()
    import datasketch  # noqa: F401  (scipy with it: part of the first D, timed apart)

    print(f"datasketch imported in {time.process_time() - started:.1f} s CPU")
    before = peak_mb()
    found, wall, cpu = timed(bodies)
    merged = sum(len(c) for c in found)
    biggest = max((len(c) for c in found), default=0)
    print(
        f"as generated: {wall:.1f} s wall, {cpu:.1f} s CPU; {len(found)} clusters ({merged} articles, "
        f"the biggest {biggest}); peak RSS {peak_mb():.0f} MB (bodies read: {before:.0f} MB)"
    )

    rng = random.Random(args.seed)
    originals = rng.sample(range(articles), args.planted)  # republished articles, not messages
    planted = bodies + [republished(bodies[i], rng, n) for n, i in enumerate(originals)]
    found, wall, cpu = timed(planted)
    where = {i: n for n, c in enumerate(found) for i in c}
    hits = sum(1 for n, i in enumerate(originals) if i in where and where.get(len(bodies) + n) == where[i])
    print(
        f"with {args.planted} planted: {wall:.1f} s wall, {cpu:.1f} s CPU; {len(found)} clusters; "
        f"planted found with their original: {hits}/{args.planted}"
    )
    target = 15 if args.telegram else 20
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; target <= {target} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
