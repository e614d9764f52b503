"""A damaged index is confirmed by SQLite, moved aside (one copy per corpus) and rebuilt; one in use is never moved.

Before: a healthy index that another process was checkpointing could look "truncated" to the
header check and be thrown away; a zeroed page in the middle ended every sync in "database disk
image is malformed"; each damage event kept another full-size copy.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import warreader.store.files as files
import warreader.store.index as store
from warreader.library import load_library
from warreader.store.files import IndexDamaged, index_path
from warreader.store.index import Index

ARTICLES = {
    "a.txt": " date 2022-09-10 Kharkiv was shelled overnight, Governor Oleh Syniehubov said.",
    "b.txt": "A quiet day in Lviv\n\nNothing happened in Lviv or Kharkiv today, the mayor Andriy Sadovyi said.",
    "c.txt": "Odesa port reopened. Ships left Odesa for Istanbul, Oleh Kiper announced.",
}


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WARREADER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def built(corpus: Path) -> Path:
    load_library([str(corpus)]).close()
    path = index_path([str(corpus)])
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def zero_root_page(path: Path, table: str) -> None:
    """Overwrite the first page of ``table``'s b-tree with zeros, as a bad sector would."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()[0]
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = bytes(page_size)
    path.write_bytes(bytes(data))


def asides(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".damaged-*[0-9]"))


@pytest.mark.parametrize("table", ["sources", "groups"])
def test_a_zeroed_page_is_moved_aside_and_rebuilt(corpus: Path, table: str) -> None:
    path = built(corpus)
    zero_root_page(path, table)
    library = load_library([str(corpus)])
    assert len(library.articles) == 3 and library.groups
    notes = [str(p) for p in library.problems]
    assert any("could not be read" in n and "rebuilding" in n for n in notes), notes
    library.close()
    assert len(asides(path)) == 1


def test_only_one_damaged_copy_is_kept_per_corpus(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = built(corpus)
    stamps = iter(["20260101-000000", "20260102-000000"])
    monkeypatch.setattr(files.time, "strftime", lambda _format: next(stamps))
    for _ in range(2):
        path.write_bytes(b"not a database at all" * 300)
        load_library([str(corpus)]).close()
    assert [p.name for p in asides(path)] == [path.name + ".damaged-20260102-000000"]


def test_a_file_that_only_looks_truncated_is_kept(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mid-checkpoint, the header's page count can run ahead of the file: SQLite has the last word."""
    path = built(corpus)
    monkeypatch.setattr(store, "looks_damaged", lambda _path: "truncated")
    index = Index.for_paths([str(corpus)])
    assert index.message == "" and not index.building and index.complete
    assert index.article_count() == 3
    index.close()
    assert not asides(path)


def test_an_index_another_process_has_open_is_never_moved_aside(corpus: Path) -> None:
    path = built(corpus)
    user = Index.for_paths([str(corpus)])  # holds the users lock, as another window would
    path.write_bytes(b"garbage" * 1000)
    with pytest.raises(IndexDamaged, match="another warreader process has it open"):
        Index.for_paths([str(corpus)])
    assert path.exists() and not asides(path)
    user.close()
    index = Index.for_paths([str(corpus)])  # now alone: moved aside and rebuilt
    assert index.building and len(asides(path)) == 1
    index.close()
