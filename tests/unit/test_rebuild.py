"""A full build writes a new file and replaces the index only when complete: a failed rebuild keeps the old one.

Before, ``--rebuild`` emptied the index first, so a rebuild that failed (or was killed) left a
stub of a few kB and the next launches had nothing to show.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import warreader.ingest.sync as pipeline
from warreader.cli import run_command
from warreader.ingest.sync import sync
from warreader.library import load_library
from warreader.resources import seeds_dir
from warreader.store.files import BUILDING, index_path
from warreader.store.index import Index
from warreader.store.schema import connect
from warreader.store.state import StateStore
from warreader.ui.app import WarReaderApp


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WARREADER_CACHE_DIR", str(folder))
    return folder


def make_corpus(folder: Path, count: int) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    folder.mkdir()
    for number in range(count):
        (folder / f"{number:04d}.txt").write_text(
            f"{texts[number % len(texts)]}\n\nNote {number}.\n", "utf-8"
        )
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "news", 12)


def fail_after(monkeypatch: pytest.MonkeyPatch, chunks: int) -> None:
    stored = pipeline.extract_sources

    def failing(tasks, **options):  # type: ignore[no-untyped-def]
        for number, results in enumerate(stored(tasks, **{**options, "chunk": 1})):
            if number == chunks:
                raise RuntimeError("a worker died")
            yield results

    monkeypatch.setattr(pipeline, "extract_sources", failing)


def articles_in(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def test_a_failed_rebuild_keeps_the_previous_index(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(corpus)]
    first = load_library(paths)
    count = len(first.articles)
    first.close()
    with monkeypatch.context() as patch:
        fail_after(patch, 3)
        index = Index.for_paths(paths, rebuild=True)
        assert index.building and index.path.exists()
        with pytest.raises(RuntimeError):
            sync(index, paths)
        index.close()
    assert articles_in(index_path(paths)) == count
    again = Index.for_paths(paths)
    assert again.complete and not again.building and again.article_count() == count
    again.close()


def test_a_finished_rebuild_replaces_the_index_under_a_reader(corpus: Path) -> None:
    paths = [str(corpus)]
    load_library(paths).close()
    reader = connect(index_path(paths))  # another process reading the index all along
    reader.execute("SELECT count(*) FROM articles").fetchone()
    (corpus / "new.txt").write_text(
        "Shelling in Kharkiv was reported, Governor Oleh Syniehubov said.", "utf-8"
    )
    index = Index.for_paths(paths, rebuild=True)
    report = sync(index, paths)
    assert report.added == 13 and not index.building
    assert index.path.exists() and not index.path.with_name(index.path.name + BUILDING).exists()
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 13
    reader.close()
    index.close()
    assert articles_in(index_path(paths)) == 13


def test_an_interrupted_first_build_is_resumed(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(corpus)]
    with monkeypatch.context() as patch:
        fail_after(patch, 4)
        index = Index.for_paths(paths)
        with pytest.raises(RuntimeError):
            sync(index, paths)
        index.close()
    assert not index_path(paths).exists()  # nothing half-built is ever opened as the index
    index = Index.for_paths(paths)
    report = sync(index, paths)
    assert report.added == 12 - 4 and index.complete and index_path(paths).exists()
    index.close()


def test_the_index_command_says_in_one_line_that_the_rebuild_failed(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_command("index", ["-q", str(corpus)]) == 0
    capsys.readouterr()
    fail_after(monkeypatch, 2)
    assert run_command("index", ["-q", "--rebuild", str(corpus)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == ["warreader: indexing failed (RuntimeError: a worker died); the previous index is kept"]
    assert articles_in(index_path([str(corpus)])) == 12


def test_killing_a_rebuild_leaves_the_index_whole(tmp_path: Path, cache: Path) -> None:
    folder = make_corpus(tmp_path / "many", 300)
    env = {**os.environ, "WARREADER_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "warreader", "index", "-q", "--workers", "1", str(folder)]
    subprocess.run(command, check=True, env=env, timeout=300, capture_output=True)
    live = index_path([str(folder)])
    before = articles_in(live)
    building = live.with_name(live.name + BUILDING)
    with subprocess.Popen([*command, "--rebuild"], env=env, stderr=subprocess.DEVNULL) as process:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
            wal = Path(str(building) + "-wal")
            if wal.exists() and wal.stat().st_size > 100_000:  # articles are being stored
                break
        assert process.poll() is None, "the rebuild finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    assert articles_in(live) == before == 300
    after = subprocess.run(command, env=env, timeout=300, capture_output=True, text=True)
    assert after.returncode == 0 and "0 files added, 0 changed, 0 removed, 300 unchanged" in after.stderr


async def test_the_app_keeps_showing_the_index_when_its_rebuild_fails(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_library([str(corpus)]).close()
    fail_after(monkeypatch, 2)
    app = WarReaderApp(paths=[str(corpus)], state=StateStore(tmp_path / "state.json"))
    app.rebuild = True
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.1)
            if any("Rebuild failed" in str(n.title) for n in app._notifications):
                break
        messages = [str(n.message) for n in app._notifications]
        assert any("the previous index is kept" in m and "a worker died" in m for m in messages), messages
        assert app.library is not None and len(app.library.articles) == 12
        assert app.sub_title.startswith("12 articles")
    assert articles_in(index_path([str(corpus)])) == 12


def test_a_change_of_extraction_extracts_every_file_again(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import warreader.ingest.sync as store

    paths = [str(corpus)]
    load_library(paths).close()
    index = Index.for_paths(paths)
    assert sync(index, paths).unchanged == 12  # same code: nothing to do
    monkeypatch.setattr(store, "derivation", lambda: "another release")
    report = sync(index, paths)
    assert report.changed == 12 and report.regrouped
    assert index.meta("derivation") == "another release"
    assert sync(index, paths).unchanged == 12
    index.close()


async def test_the_app_rebuilds_beside_an_index_of_other_extraction_code(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index extracted by another release is built again beside the one on screen (updated in
    place, the articles on screen vanished while they were extracted again: IndexError)."""
    import warreader.derivation as derivation

    paths = [str(corpus)]
    load_library(paths).close()
    monkeypatch.setattr(derivation, "derivation", lambda: "another release")
    import warreader.ingest.sync as store

    monkeypatch.setattr(store, "derivation", lambda: "another release")
    built: list[bool] = []
    original = Index.__init__

    def opening(self: Index, path: Path, *, rebuild: bool = False) -> None:
        built.append(rebuild)
        original(self, path, rebuild=rebuild)

    monkeypatch.setattr(Index, "__init__", opening)
    app = WarReaderApp(paths=paths, state=StateStore(tmp_path / "state.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.1)
            if not app.workers and app.sub_title.startswith("12 articles"):
                break
        assert app.library is not None and len(app.library.articles) == 12
    assert True in built  # a build beside the index, not an update in place
    reader = Index(index_path(paths))
    assert reader.meta("derivation") == "another release" and reader.article_count() == 12
    reader.close()
