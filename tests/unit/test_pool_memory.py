"""Extraction lets each source task go once its results are out (1M files: ~280 MB of tasks)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from warreader.ingest.pool import SourceTask, extract_sources


def test_a_task_is_let_go_once_its_chunk_is_out(tmp_path: Path) -> None:
    for number in range(40):
        (tmp_path / f"{number:02}.txt").write_text(
            f"Report {number}\n\nShelling near Kharkiv was reported.\n"
        )
    tasks = [SourceTask(str(path)) for path in sorted(tmp_path.iterdir())]
    first, last = tasks[0], tasks[-1]
    stream = extract_sources(tasks, workers=1, chunk=16)
    del tasks  # as sync does: the stream holds what is left
    results = next(stream)
    assert [r.key for r in results] == [str(tmp_path / f"{n:02}.txt") for n in range(16)]
    gc.collect()
    assert sys.getrefcount(first) == 2  # this name and the call's argument: no chunk holds it
    assert sys.getrefcount(last) > 2  # not extracted yet: still in its chunk
    assert sum(len(r) for r in stream) == 24
