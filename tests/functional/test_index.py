"""The app over the corpus index: a cold build shows progress, a warm start reads the index."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.widgets import ProgressBar
from textual.worker import WorkerFailed
from ui_helpers import SIZE, RecordingApp, screen_text

from warreader.library import load_library
from warreader.ui.widgets.article_list import ArticleList
from warreader.ui.widgets.reader import Reader

ARTICLES = {
    "a.txt": " date 2022-09-10 Kharkiv was shelled overnight, Governor Oleh Syniehubov said.",
    "b.txt": "A quiet day in Lviv\n\nNothing happened in Lviv or Kharkiv today.",
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


class ProgressApp(RecordingApp):
    """Records whether the progress bar was shown."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.progress_shown = False

    def _index_started(self, _: object = None) -> None:
        super()._index_started(_)
        self.progress_shown = self.query_one("#index-progress", ProgressBar).display


async def settle(app, pilot) -> None:
    with contextlib.suppress(WorkerFailed):
        await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_a_cold_build_shows_progress_then_the_corpus(corpus: Path) -> None:
    app = ProgressApp(paths=[str(corpus)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.progress_shown
        assert not app.query_one("#index-progress", ProgressBar).display
        assert app.library is not None and app.library.index is not None
        assert app.query_one(ArticleList).row_count == 2
        assert "2 articles" in app.sub_title
        assert app.library.groups  # grouped once the whole corpus was in
        assert "Kharkiv" in screen_text(app)
        # the progress line gave way to the usual status once the build was done
        assert "indexing:" not in screen_text(app) and "Select an entity" in screen_text(app)


async def test_a_warm_start_reads_the_index_without_progress(corpus: Path) -> None:
    load_library([str(corpus)]).close()
    app = ProgressApp(paths=[str(corpus)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not app.progress_shown
        assert app.library is not None and app.library.index is not None
        assert app.query_one(Reader).article is app.library.articles[0]
        kharkiv = next(g.id for g in app.library.groups.values() if g.name == "Kharkiv")
        app.select_entity(kharkiv)
        await pilot.press("n")
        await pilot.pause()
        assert app.reading.current == 1
        assert "mention 2/2 of Kharkiv" in screen_text(app)


async def test_a_file_changed_since_the_index_appears_after_the_warm_start(corpus: Path) -> None:
    load_library([str(corpus)]).close()
    (corpus / "c.txt").write_text("Odesa at night\n\nRockets hit Odesa, said Oleh Kiper.", encoding="utf-8")
    app = ProgressApp(paths=[str(corpus)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.query_one(ArticleList).row_count == 3
        assert "3 articles" in app.sub_title
