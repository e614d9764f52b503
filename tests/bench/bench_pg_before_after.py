"""Issue 18's "the SQLite path is unchanged in speed": the SQLite rows, before and after, side by side.

    git worktree add /tmp/before c159bf0          # the last commit before the PostgreSQL work
    .venv/bin/python tests/bench/bench_pg_before_after.py --before /tmp/before/tui --corpus /tmp/s17/c10k

Runs the same scripts (this folder's, so both codes are measured alike) with each code on
PYTHONPATH (``--before`` and ``--after``, default this checkout's ``tui``), each row's runs
interleaved (before, after; the other way round in the next round):

* cold index: ``bench_cold_index.py`` (``warreader index`` into an empty cache folder);
* add 100 files by walking the corpus: ``bench_store.py --add 100``;
* ``e`` (largest place), ``w`` and the reader's search, p95: ``bench_100k.py --only app``;
* warm first paint beside the floor: ``bench_100k.py --only paint``.

Each code's index is built by its own cold index (the first round's, kept in ``--work``).
Prints every script's figure lines, then one table. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

ROWS = {
    "cold index": ("cold", r"cold index: ([\d.]+) s wall"),
    "  CPU workers / main": ("cold", r"CPU: workers ([\d.]+) s .* main process ([\d.]+) s"),
    "add 100 files (walking)": ("add", r"add \d+ files \(\d+ articles\): ([\d.]+) s"),
    "open e (largest place) p95": ("app", r"open e \(largest place\): content p95 \(p50\)\s+(\d+) ms"),
    "open w p95": ("app", r"open w: content p95 \(p50\)\s+(\d+) ms"),
    "search, first match p95": ("app", r"search \(first match shown\) p95 \(p50\)\s+(\d+) ms"),
    "warm first paint / floor": ("paint", r"warm first paint / floor \(medians\)\s+(\d+ / \d+ ms = [\d.]+x)"),
}


def run(step: str, code: str, corpus: str, cache: Path, extra: list[str]) -> str:
    scripts = {
        "cold": ["bench_cold_index.py", "--corpus", corpus],
        "add": ["bench_store.py", "--corpus", corpus, "--cache", str(cache), "--add", "100"],
        "app": ["bench_100k.py", "--corpus", corpus, "--cache", str(cache), "--only", "app", *extra],
        "paint": ["bench_100k.py", "--corpus", corpus, "--cache", str(cache), "--only", "paint"],
    }
    script, *args = scripts[step]
    if step == "cold" and not cache.exists():
        args += ["--keep-cache", str(cache)]
    env = {**os.environ, "PYTHONPATH": code}
    load = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, str(HERE / script), *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode:
        raise SystemExit(f"{script} with {code} failed:\n{done.stderr[-2000:]}")
    return f"(load {load:.1f} -> {os.getloadavg()[0]:.1f})\n{done.stdout}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="the before code's tui folder (PYTHONPATH)")
    parser.add_argument("--after", default=str(ROOT / "tui"))
    parser.add_argument("--corpus", default="/tmp/s17/c10k")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--after-first", action="store_true", help="the first round runs after, then before")
    parser.add_argument("--steps", default="cold,add,app,paint")
    parser.add_argument("--opens", type=int, default=5)
    parser.add_argument("--work", type=Path, help="a new folder for both codes' caches (kept)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="pgbench-ba-", dir="/tmp"))
    corpus = str(Path(args.corpus).resolve())
    codes = {"before": args.before, "after": args.after}
    caches = {name: work / f"{name}-cache" for name in codes}
    print(f"corpus {corpus}; work {work}; cores {os.cpu_count()}, nice {os.nice(0)}")
    for name, code in codes.items():
        head = subprocess.run(["git", "-C", code, "log", "--oneline", "-1"], capture_output=True, text=True)
        print(f"{name}: {code} ({head.stdout.strip()[:60]})")
    found: dict[tuple[str, str], list[str]] = {}
    for round_ in range(args.rounds):
        for step in args.steps.split(","):
            order = ["before", "after"] if (round_ + args.after_first) % 2 == 0 else ["after", "before"]
            for name in order:
                out = run(step, codes[name], corpus, caches[name], ["--opens", str(args.opens)])
                load = out.splitlines()[0]
                print(f"== round {round_ + 1} {step} {name} {load}", flush=True)
                print("\n".join("   " + x for x in out.splitlines()[1:] if x.strip()), flush=True)
                for row, (of, pattern) in ROWS.items():
                    match = re.search(pattern, out) if of == step else None
                    if match:
                        found.setdefault((row, name), []).append(" / ".join(match.groups()) + f" {load}")
    print(f"\n{'':<32} {'before':<40} {'after':<40}")
    for row in ROWS:
        cells = ["; ".join(found.get((row, name), ["-"])) for name in codes]
        print(f"{row:<32} {cells[0]:<40} {cells[1]:<40}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
