"""Corrections as overrides (issue 12 item 4, issue 15, issue 17): what saved corrections cost the
reader, and what applying one costs, on a large indexed corpus.

    python3 /work/shared/tools/make_corpus.py /tmp/x/c10k --articles 10000 --seed 7
    WARREADER_CACHE_DIR=/tmp/x/cache .venv/bin/warreader index /tmp/x/c10k
    .venv/bin/python tests/bench/bench_corrections.py --corpus /tmp/x/c10k --cache /tmp/x/cache

Measured on the library the screens read (no Textual: the app adds the same drawing either way):

* article open: what a render asks when an article is opened (the article, its stops, its groups,
  every group's count for the entity panel, the followed group's count), over fresh articles;
* ``n``: the next mention of a group (step, the mention, its number and total, the article);
  of the most mentioned entity and of a merge target;
  each without corrections and with the 20 merges and 20 splits of bench_daily.make_corrections,
  interleaved; target: p95 with corrections within 1.2x of p95 without;
* applying one correction (a merge of two speakers, a split of a spelling of the most mentioned
  group) on top of the 40, until the view answers the entity panel and the open article;
  target: <= 0.5 s each. Loading the 40 saved corrections is shown too (no target).

Not collected by pytest; figures never decide a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

RATIO_TARGET = 1.2
APPLY_TARGET_S = 0.5


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def render(library: Any, index: int, followed: str) -> None:
    """What the reader asks of the library when article ``index`` is shown."""
    article = library.articles[index]
    library.refs_in(index)
    library.groups_in(article)
    total = {g: library.mention_count(g) for g in library.groups}  # the entity panel
    sorted(library.groups.values(), key=lambda g: (-total[g.id], g.name.casefold()))
    library.mention_count(followed)


def stepper(library: Any, group: str) -> Callable[[], None]:
    """``n`` on ``group``: each call goes to the next mention and shows its article."""
    where = [0, -1]

    def press() -> None:
        ref = library.step(group, where[0], where[1])
        mention = library.mention(ref)
        library.mention_number(ref)
        if ref.article != where[0]:
            render(library, ref.article, group)
        where[:] = [ref.article, mention.start]

    return press


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True, help="the generated corpus folder (already indexed)")
    parser.add_argument("--cache", required=True, help="the WARREADER_CACHE_DIR it was indexed into")
    parser.add_argument("--presses", type=int, default=200, help="article opens and n presses per case")
    args = parser.parse_args()
    os.environ["WARREADER_CACHE_DIR"] = args.cache

    from bench_daily import make_corrections

    from warreader.corrections import Correction, corrected
    from warreader.library import Library
    from warreader.store.index import Index

    index = Index.for_paths([args.corpus])
    base = Library.from_index(index)
    saved = [Correction.from_dict(c) for c in make_corrections(base)]
    started = time.perf_counter()
    view, skipped = corrected(base, saved)
    load = time.perf_counter() - started
    print(f"{len(base.articles):,} articles, {len(base.groups)} groups; {len(saved)} saved corrections")
    print(f"applying the {len(saved)} saved corrections ({len(skipped)} skipped): {load:.2f} s")

    top = max(base.groups.values(), key=lambda g: base.mention_count(g.id)).id
    into = next(c.into for c in saved if c.action == "merge")
    cases: dict[str, dict[str, list[float]]] = {"none": {}, "40 corrections": {}}
    presses = args.presses
    opens = {"none": range(0, 2 * presses, 2), "40 corrections": range(1, 2 * presses, 2)}
    libraries = {"none": base, "40 corrections": view}
    steps = {name: {g: stepper(lib, g) for g in (top, into)} for name, lib in libraries.items()}
    for name in cases:
        cases[name] = {"open": [], f"n ({base.groups[top].name})": [], f"n ({base.groups[into].name})": []}
    for round_ in range(presses):
        order = list(libraries.items())
        for name, library in order if round_ % 2 else order[::-1]:  # neither always goes first
            article = opens[name][round_] % len(base.articles)
            cases[name]["open"].append(timed(lambda: render(library, article, top)))  # noqa: B023
            for group, label in ((top, base.groups[top].name), (into, base.groups[into].name)):
                cases[name][f"n ({label})"].append(timed(steps[name][group]))
    print(f"\nreader with and without corrections ({presses} each; p50 / p95 ms; target p95 ratio <= 1.2)")
    worst = 0.0
    for key in cases["none"]:
        plain, fixed = cases["none"][key], cases["40 corrections"][key]
        ratio = p95(fixed) / p95(plain)
        worst = max(worst, ratio)
        print(
            f"  {key:<28} none {statistics.median(plain) * 1000:6.2f} / {p95(plain) * 1000:6.2f}"
            f"   with {statistics.median(fixed) * 1000:6.2f} / {p95(fixed) * 1000:6.2f}"
            f"   ratio {ratio:.2f} ({'ok' if ratio <= RATIO_TARGET else 'MISSED'})"
        )

    speakers = sorted(
        (g for g in view.groups.values() if g.kind == "speaker"), key=lambda g: -view.mention_count(g.id)
    )
    biggest = max(view.groups.values(), key=lambda g: view.mention_count(g.id))
    one = [
        Correction("merge", group=speakers[2].id, into=speakers[1].id, label=speakers[2].name),
        Correction("merge", group=speakers[1].id, into=speakers[0].id, label=speakers[1].name),
        Correction("split", group=biggest.id, spelling=biggest.variants[1], label=biggest.name),
    ]
    print(f"\napplying one correction on top of the {len(saved)} (until the panel and the article answer)")
    for correction in one:
        sizes = [
            view.mention_count(correction.group),
            view.mention_count(correction.into or correction.group),
        ]
        started, cpu = time.perf_counter(), time.process_time()
        after, missed = corrected(view, [correction])
        render(after, 0, correction.into or correction.group)
        spent, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert not missed, missed
        print(
            f"  {correction.describe():<52} ({sizes[0]:,} / {sizes[1]:,} mentions) {spent:.3f} s"
            f" (cpu {cpu:.3f} s)  target <= {APPLY_TARGET_S} s ({'ok' if spent <= APPLY_TARGET_S else 'MISSED'})"
        )
    print(f"\nworst p95 ratio {worst:.2f} (target <= {RATIO_TARGET}); load average {os.getloadavg()[0]:.1f}")
    index.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
