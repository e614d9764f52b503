"""Files a caller says were added (a feed refresh) go into the index without walking the corpus,
where a walk would have put them (issue 17)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from pg_server import Backend
from warreader.ingest import sync as sync_module
from warreader.ingest.sync import sync
from warreader.resources import seeds_dir
from warreader.store.index import Index

TEXTS = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]


def write(path: Path, number: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEXTS[number % len(TEXTS)] + f"\n\nNote {number}.", "utf-8")
    return path


def corpus(root: Path) -> None:
    for number, name in enumerate(["b.txt", "d.txt", "feeds/one/m.json", "feeds/two/m.txt", "z/q.txt"]):
        if name.endswith(".json"):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text('{"title": "A feed item", "text": "Kyiv and Kharkiv."}', "utf-8")
        else:
            write(root / name, number)


def dump(index: Index) -> tuple[list[tuple[object, ...]], ...]:
    conn = index.conn
    return (
        conn.execute("SELECT path, ord FROM sources ORDER BY ord").fetchall(),
        conn.execute("SELECT ord, path, title FROM articles ORDER BY ord").fetchall(),
        conn.execute(
            "SELECT id, kind, name, variants, mentions, steps, articles FROM groups ORDER BY id"
        ).fetchall(),
        conn.execute(
            "SELECT n.grp, s.ord, s.n, s.marks FROM stops s JOIN names n ON n.id = s.gid ORDER BY 1, 2"
        ).fetchall(),
    )


def walked_index(paths: list[str], where: Path) -> Index:
    index = Index(where / "walked.sqlite3")
    sync(index, paths, workers=1)
    return index


@pytest.mark.parametrize(
    "new",
    [
        ["zz.txt"],  # after every file: appended
        ["feeds/two/n.txt", "feeds/two/o.txt"],  # in the middle: the files after move up
        ["a.txt", "c.txt", "z/r.txt", "feeds/three/x.txt"],  # several places, a new folder
    ],
)
def test_added_files_land_where_a_walk_puts_them(
    backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new: list[str]
) -> None:
    root = tmp_path / "news"
    corpus(root)
    index = backend.open([str(root)])  # the walked index it is compared with: SQLite
    sync(index, [str(root)], workers=1)
    added = [write(root / name, 10 + number) for number, name in enumerate(new)]

    def no_walk(*args: object, **kwargs: object) -> object:
        raise AssertionError("the corpus was walked")

    monkeypatch.setattr(sync_module, "scan", no_walk)
    report = sync(index, [str(root)], workers=1, added=[str(p) for p in added])
    assert (report.added, report.scanned, report.regrouped) == (len(new), False, True)
    monkeypatch.undo()
    assert dump(index) == dump(walked_index([str(root)], tmp_path))
    again = sync(index, [str(root)], workers=1)  # a walk afterwards finds nothing to do
    assert (again.added, again.changed, again.removed, again.regrouped) == (0, 0, 0, False)
    assert index.conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 5 + len(new)


def test_a_changed_file_handed_over_is_extracted_again(backend: Backend, tmp_path: Path) -> None:
    root = tmp_path / "news"
    corpus(root)
    index = backend.open([str(root)])  # the walked index it is compared with: SQLite
    sync(index, [str(root)], workers=1)
    changed = write(root / "d.txt", 3)
    os.utime(changed, ns=(1, 1))
    report = sync(index, [str(root)], workers=1, added=[str(changed)])
    assert (report.changed, report.added, report.scanned) == (1, 0, False)
    assert dump(index) == dump(walked_index([str(root)], tmp_path))


def test_what_cannot_be_placed_without_a_walk_is_walked(backend: Backend, tmp_path: Path) -> None:
    root = tmp_path / "news"
    corpus(root)
    index = backend.open([str(root)])  # the walked index it is compared with: SQLite
    sync(index, [str(root)], workers=1)
    outside = write(tmp_path / "elsewhere" / "x.txt", 1)
    inside = write(root / "late.txt", 2)
    (root / "linked").symlink_to(tmp_path / "elsewhere")
    for given in ([str(outside)], [str(root / "linked" / "x.txt")], [str(root / "skipped.pdf")]):
        (root / "skipped.pdf").write_bytes(b"%PDF")
        report = sync(index, [str(root)], workers=1, added=given)
        assert report.scanned, given
    report = sync(index, [str(root), "-"], workers=1, added=[str(inside)])
    assert report.scanned  # standard input among the paths


def test_relative_paths_are_named_as_the_walk_names_them(
    backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "news"
    corpus(root)
    monkeypatch.chdir(root)
    index = backend.open(["."])  # the walked index it is compared with: SQLite
    sync(index, ["."], workers=1)
    added = write(root / "feeds" / "one" / "n.txt", 4)
    report = sync(index, ["."], workers=1, added=[str(added)])  # the writer names it absolutely
    assert not report.scanned
    assert dump(index) == dump(walked_index(["."], tmp_path))
    paths = [row[0] for row in index.conn.execute("SELECT path FROM sources ORDER BY ord")]
    assert "feeds/one/n.txt" in paths and not any(os.path.isabs(p) for p in paths)


def test_a_stale_index_is_walked(backend: Backend, tmp_path: Path) -> None:
    root = tmp_path / "news"
    corpus(root)
    index = backend.open([str(root)])  # the walked index it is compared with: SQLite
    sync(index, [str(root)], workers=1)
    with index.transaction():
        index.set_meta("derivation", "older")
    added = write(root / "zz.txt", 1)
    report = sync(index, [str(root)], workers=1, added=[str(added)])
    assert report.scanned and report.changed == 5 and report.added == 1


def test_dump_sees_the_order(tmp_path: Path) -> None:
    """The comparison above can fail: a file numbered out of the walk's order is seen."""
    root = tmp_path / "news"
    corpus(root)
    index = walked_index([str(root)], tmp_path)
    conn = sqlite3.connect(tmp_path / "walked.sqlite3")
    conn.execute("UPDATE sources SET ord = 9 - ord")
    conn.commit()
    conn.close()
    other = Index(tmp_path / "other.sqlite3")
    sync(other, [str(root)], workers=1)
    assert dump(Index(tmp_path / "walked.sqlite3"))[0] != dump(other)[0]
    index.close()


def test_a_refresh_that_fails_after_making_room_is_put_right_by_the_next(
    backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed (here: failing) once the stored files have moved up, before the new ones are stored:
    the positions have a gap, so the next refresh walks, and nothing is lost or misplaced."""
    root = tmp_path / "news"
    corpus(root)
    index = backend.open([str(root)])  # the walked index it is compared with: SQLite
    sync(index, [str(root)], workers=1)
    added = [str(write(root / "feeds" / "two" / "n.txt", 7))]

    def dies(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(sync_module, "extract_sources", dies)
    with pytest.raises(KeyboardInterrupt):
        sync(index, [str(root)], workers=1, added=added)
    monkeypatch.undo()
    ords = [row[0] for row in index.conn.execute("SELECT ord FROM sources ORDER BY ord")]
    assert ords == [0, 1, 2, 3, 5]  # room made for the file that was not stored
    report = sync(index, [str(root)], workers=1, added=added)
    assert report.scanned and report.added == 1
    assert dump(index) == dump(walked_index([str(root)], tmp_path))
