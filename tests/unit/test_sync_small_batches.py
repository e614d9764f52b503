"""Adding a few files to a big index is cheap (issue 17): one stat a file, no worker pool for a small batch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from warreader.corpus.discover import discover, scan
from warreader.ingest import pool
from warreader.ingest.pool import PARALLEL_MIN, PARALLEL_MIN_BYTES, SourceTask, extract_sources
from warreader.ingest.sync import sync
from warreader.resources import seeds_dir
from warreader.store.index import Index


def write_files(folder: Path, count: int, repeat: int = 1) -> list[Path]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    (folder / "sub").mkdir(parents=True)
    written = []
    for number in range(count):
        where = folder / "sub" if number % 3 == 0 else folder
        path = where / f"a{number:03d}.txt"
        path.write_text(texts[number % len(texts)] * repeat + f"\n\nNote {number}.", "utf-8")
        written.append(path)
    (folder / "skipped.pdf").write_bytes(b"%PDF")
    return written


class NoPool:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool was started")


def test_scan_gives_discovers_paths_with_their_stat(tmp_path: Path) -> None:
    write_files(tmp_path, 7)
    os.symlink(tmp_path / "a001.txt", tmp_path / "link.txt")  # the same file twice: read once
    problems: list = []
    found = scan([tmp_path, "-"], problems)
    assert [p for p, _ in found] == [str(p) for p in discover([tmp_path, "-"], [])]
    assert found[-1] == ("-", None)
    for path, info in found[:-1]:
        assert info == (os.stat(path).st_size, os.stat(path).st_mtime_ns)  # size and mtime only
    assert len(found) == 8
    assert [p.message for p in problems] == ["1 file of other types not read: .pdf 1"]


def test_scan_of_the_current_folder_names_files_as_path_does(tmp_path: Path, monkeypatch) -> None:
    write_files(tmp_path, 4)
    monkeypatch.chdir(tmp_path)
    assert [p for p, _ in scan(["."], [])] == ["a001.txt", "a002.txt", "sub/a000.txt", "sub/a003.txt"]
    assert [p for p, _ in scan(["./"], [])] == [str(p) for p in discover(["./"], [])]


def test_a_sync_stats_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "news"
    written = write_files(folder, 12)
    index = Index(tmp_path / "index.sqlite3")
    try:
        sync(index, [folder], workers=1)
        new = folder / "new.txt"
        new.write_text(written[0].read_text("utf-8") + "\n\nAnother note.", "utf-8")
        stats: dict[str, int] = {}
        real_stat = os.stat

        def counting(path, *args, **kwargs):
            text = os.fsdecode(os.fspath(path)) if not isinstance(path, int) else ""
            if text.endswith(".txt"):
                stats[text] = stats.get(text, 0) + 1
            return real_stat(path, *args, **kwargs)

        monkeypatch.setattr(os, "stat", counting)
        report = sync(index, [folder], workers=1)
    finally:
        index.close()
    assert (report.added, report.unchanged) == (1, 12)
    assert len(stats) == 13
    assert set(stats.values()) == {1}, stats  # was 2: discovery's, then sync's own


def test_a_small_batch_is_extracted_without_a_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = write_files(tmp_path, PARALLEL_MIN + 8)
    tasks = [SourceTask(str(p), p.stat().st_size) for p in files]
    assert sum(t.size for t in tasks) < PARALLEL_MIN_BYTES
    monkeypatch.setattr(pool, "ProcessPoolExecutor", NoPool)
    results = [r for part in extract_sources(tasks) for r in part]
    assert [r.key for r in results] == [t.key for t in tasks]
    assert all(len(r.articles) == 1 and r.articles[0].mentions for r in results)
    # the same results as one source at a time (extraction is deterministic)
    alone = pool.extract_source(tasks[5])
    assert [(m.start, m.end, m.text) for m in results[5].articles[0].mentions] == [
        (m.start, m.end, m.text) for m in alone.articles[0].mentions
    ]


def test_a_big_batch_or_workers_asked_for_still_use_the_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_files(tmp_path, PARALLEL_MIN + 8)
    small = [SourceTask(str(p), p.stat().st_size) for p in files]
    big = [SourceTask(str(p), PARALLEL_MIN_BYTES // PARALLEL_MIN) for p in files]
    monkeypatch.setattr(pool, "ProcessPoolExecutor", NoPool)
    for tasks, workers in ((big, None), (small, 2)):
        with pytest.raises(AssertionError, match="a worker pool was started"):
            next(iter(extract_sources(tasks, workers=workers)))
    assert pool.in_this_process(small[: PARALLEL_MIN - 1], 2)  # too few to be worth workers
    assert pool.in_this_process(big, 1)
