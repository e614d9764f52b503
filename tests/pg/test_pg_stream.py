"""Whole-table reads on PostgreSQL are streamed through a server-side cursor, a few rows at a time:
reading every body of a library over the database holds a bounded number of rows in memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from warreader.ingest.sync import sync
from warreader.library import Library
from warreader.store.pg import dialect
from warreader.store.pg.dialect import streamed
from warreader.store.pg.index import PgIndex
from warreader.store.pg.location import validate

WORDS = "sirens power crews bridge water trains shelters market schools night quarter repair".split()


def test_which_statements_are_streamed() -> None:
    assert streamed("SELECT ord, body FROM articles WHERE ord >= 0 ORDER BY ord")
    assert streamed("SELECT a.id, a.ord, a.marks FROM fresh f JOIN articles a ON a.id = f.article_id")
    assert streamed("SELECT id, kind, name, variants, mentions, steps, articles, detail FROM groups")
    assert not streamed("SELECT count(*) FROM articles")
    assert not streamed("SELECT value FROM meta WHERE key='schema'")
    assert not streamed("SELECT id FROM articles ORDER BY id LIMIT 5")
    assert not streamed("UPDATE articles SET ord=-1")


def test_reading_every_body_holds_a_few_rows(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(120):
        words = " ".join(WORDS[(n * 7 + i * i) % len(WORDS)] + str((n * 31 + i) % 997) for i in range(1500))
        (folder / f"{n:03}.txt").write_text(f"Kharkiv {n}\n\nKharkiv {words}.\n", encoding="utf-8")
    index = PgIndex(validate(pg_url))
    sync(index, [str(folder)], workers=1)
    (stored,) = index.conn.execute("SELECT sum(length(body)) FROM articles").fetchone()
    monkeypatch.setattr(dialect, "ITERSIZE", 4)
    library = Library.from_index(index)
    open_cursors = []
    seen = 0
    tracemalloc.start()
    try:
        for number, (_, body) in enumerate(library.texts()):
            seen += len(body)
            if number == 10:
                open_cursors = index.conn.raw.execute("SELECT name FROM pg_cursors").fetchall()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seen > 120 * 10_000
    assert len(open_cursors) == 1  # read through a server-side cursor, still open halfway
    assert index.conn.raw.execute("SELECT count(*) FROM pg_cursors").fetchone() == (0,)  # closed at the end
    assert peak < stored / 2, (peak, stored)  # not every stored body at once (4 rows: ~60 kB of 220)
    library.close()
