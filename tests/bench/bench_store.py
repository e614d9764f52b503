"""The index's storage (issue 17): its size beside the article files, and what adding files costs.

    python3 /work/shared/tools/make_corpus.py /tmp/x/c10k --articles 10000 --seed 7
    WARREADER_CACHE_DIR=/tmp/x/cache .venv/bin/warreader index /tmp/x/c10k
    .venv/bin/python tests/bench/bench_store.py --corpus /tmp/x/c10k --cache /tmp/x/cache --add 100

Prints:

* the index's size / the size of the article files, with each table's and index's share
  (SQLite's dbstat); target <= 1.2x;
* adding ``--add`` new files (copies of the corpus's first articles under new names, in a folder
  of their own after the corpus): the index is copied to a scratch cache as the index of
  (corpus, new folder), then synced as ``warreader index`` and the app's feed refresh do (one
  path: :func:`warreader.ingest.sync.sync`); the time is split into scanning the files,
  extracting, writing, numbering and regrouping. Target <= 1.0 s at 100k articles. A small batch
  is extracted in this process, and its first extraction builds the gazetteer's transliteration
  keys (~1-2 s); ``--warm`` builds them before timing, as in an app refreshing its feeds again.

The corpus and its index are only read. Not collected by pytest; figures never decide a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

SIZE_TARGET = 1.2
ADD_TARGET_S = 1.0


def files_size(root: Path) -> tuple[int, int]:
    total = count = 0
    for folder, _, names in os.walk(root):
        for name in names:
            total += os.path.getsize(os.path.join(folder, name))
            count += 1
    return total, count


def breakdown(path: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    finally:
        conn.close()


def report_size(index_file: Path, corpus: Path) -> None:
    files, count = files_size(corpus)
    size = sum(
        Path(str(index_file) + extra).stat().st_size
        for extra in ("", "-wal")
        if Path(str(index_file) + extra).exists()
    )
    ratio = size / files
    print(f"corpus: {count:,} files, {files / 1e6:.1f} MB; index {size / 1e6:.1f} MB")
    print(
        f"index / article files: {ratio:.2f}x (target <= {SIZE_TARGET}x) {'ok' if ratio <= SIZE_TARGET else 'MISSED'}"
    )
    for name, pages in breakdown(index_file):
        if pages >= 100_000:
            print(f"  {name:28s} {pages / 1e6:7.2f} MB  {pages / files:5.2f}x")


def timed(owner: Any, name: str, spent: dict[str, float], label: str) -> None:
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started

    setattr(owner, name, wrapper)


def warm_up(sample: Path) -> None:
    """Extract one article in this process first, as an app that has already refreshed its feeds
    once: the gazetteer's transliteration keys (nlp/placekeys.py) are built on first use."""
    from warreader.ingest.pool import SourceTask, extract_source

    started = time.perf_counter()
    extract_source(SourceTask(str(sample)))
    print(f"(extraction warmed up in this process in {time.perf_counter() - started:.2f} s: not counted)")


def stamp_derivation(target: Path) -> None:
    """Mark the scratch copy as extracted by this code (``--assume-derived``)."""
    from warreader.derivation import derivation

    conn = sqlite3.connect(target)
    with conn:
        (old,) = conn.execute("SELECT value FROM meta WHERE key='derivation'").fetchone()
        conn.execute("UPDATE meta SET value=? WHERE key='derivation'", (derivation(),))
    conn.close()
    if old != derivation():
        print(f"(--assume-derived: the copy's derivation {old} taken as this code's {derivation()})")


def report_add(
    corpus: Path,
    index_file: Path,
    add: int,
    keep: bool,
    workers: int | None,
    warm: bool = False,
    profile: str | None = None,
    assume_derived: bool = False,
    key_cache: bool = True,
    feed_refresh: bool = False,
) -> None:
    from warreader.ingest import sync as sync_module
    from warreader.ingest.writer import Writer
    from warreader.store.files import index_path
    from warreader.store.index import Index

    scratch = Path(tempfile.mkdtemp(prefix="bench_store-"))
    try:
        new = scratch / "new"
        new.mkdir()
        sources = sorted(p for p in corpus.rglob("*") if p.is_file())[:add]
        for number, source in enumerate(sources):
            shutil.copyfile(source, new / f"added-{number:05d}{source.suffix}")
        paths = [str(corpus), str(new)]
        target = index_path(paths, scratch / "cache")
        target.parent.mkdir(parents=True)
        started = time.perf_counter()
        source_db = sqlite3.connect(f"file:{index_file}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        source_db.backup(copy)
        copy.close()
        source_db.close()
        print(f"(index copied to a scratch cache in {time.perf_counter() - started:.1f} s)")
        if assume_derived:
            stamp_derivation(target)
        # This sync's cache folder is the scratch one (the corpus's is only read); an earlier
        # warreader process left the gazetteer's key index there, unless --no-key-cache.
        os.environ["WARREADER_CACHE_DIR"] = str(scratch / "cache")
        if key_cache:
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "from warreader.ingest.keyindex_cache import prepare_key_index as p; p()",
                ],
                check=True,
            )
            print(
                f"(key index cached by another process in {time.perf_counter() - started:.1f} s: not counted)"
            )
        if warm:
            warm_up(sources[0])
        spent: dict[str, float] = defaultdict(float)
        timed(Writer, "store_source", spent, "write")
        timed(Writer, "renumber", spent, "number")
        timed(sync_module, "regroup", spent, "regroup")
        index = Index(target)
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
        started, cpu_started = time.perf_counter(), time.process_time()
        given = sorted(str(p) for p in new.iterdir()) if feed_refresh else None
        report = sync_module.sync(index, paths, workers=workers, added=given)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if profiler is not None and profile:
            profiler.disable()
            profiler.dump_stats(profile)
        index.close()
        extract = report.extract_seconds - spent["write"]
        scan = total - report.extract_seconds - spent["number"] - spent["regroup"]
        verdict = "ok" if total <= ADD_TARGET_S else "MISSED"
        how = (
            "handed to sync (feed refresh)"
            if feed_refresh
            else "found by walking the corpus (warreader index)"
        )
        print(f"the new files were {how}; walked: {report.scanned}")
        print(
            f"add {report.added} files ({report.articles} articles): {total:.2f} s"
            f" (target <= {ADD_TARGET_S} s at 100k) {verdict}; CPU {cpu:.2f} s, load {os.getloadavg()[0]:.2f}"
        )
        print(
            f"  scan {scan:.2f} s · extract {extract:.2f} s · write {spent['write']:.2f} s"
            f" · number {spent['number']:.2f} s · regroup {spent['regroup']:.2f} s"
        )
    finally:
        if keep:
            print(f"(kept {scratch})")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True, help="the indexed corpus folder")
    parser.add_argument("--cache", required=True, help="the WARREADER_CACHE_DIR it was indexed into")
    parser.add_argument("--add", type=int, default=100, help="new files to add (0: size only)")
    parser.add_argument(
        "--workers", type=int, default=None, help="extraction processes (default: as warreader index)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="warm extraction up in this process first (the app's second feed refresh; not timed)",
    )
    parser.add_argument("--profile", help="write a cProfile of the timed sync to this file")
    parser.add_argument(
        "--feed-refresh",
        action="store_true",
        help="hand sync the new files, as the app's feed refresh does (else it walks the corpus)",
    )
    parser.add_argument(
        "--no-key-cache",
        action="store_true",
        help="no key index in the cache folder: this process builds it (a first run ever)",
    )
    parser.add_argument(
        "--assume-derived",
        action="store_true",
        help="take the index as extracted by this code although its derivation digest differs (only"
        " after a change known not to alter extraction's output: else the sync extracts every file)",
    )
    args = parser.parse_args()
    os.environ["WARREADER_CACHE_DIR"] = args.cache
    from warreader.store.files import index_path

    corpus = Path(args.corpus).resolve()
    index_file = index_path([str(corpus)])
    if not index_file.exists():
        print(f"no index at {index_file}: run warreader index {corpus} first", file=sys.stderr)
        return 1
    print(f"load average {os.getloadavg()[0]:.2f} · {os.cpu_count()} cores")
    report_size(index_file, corpus)
    if args.add:
        report_add(
            corpus,
            index_file,
            args.add,
            args.keep,
            args.workers,
            args.warm,
            profile=args.profile,
            assume_derived=args.assume_derived,
            key_cache=not args.no_key_cache,
            feed_refresh=args.feed_refresh,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
