"""Read marks and bookmarks follow the article's content: a format-1 state file (marks by path) is
migrated, and a moved or re-cloned corpus keeps its marks."""

from __future__ import annotations

import json
from pathlib import Path

from ui_helpers import SIZE, RecordingApp, make_article, make_library
from workbench_helpers import ARTICLES, workbench_library

from warreader.library import Library
from warreader.store.state import StateStore, article_key
from warreader.ui.widgets.article_list import ArticleList


def marks(app: RecordingApp) -> list[str]:
    table = app.query_one(ArticleList)
    return [table.get_row_at(row)[0].plain.strip() for row in range(table.row_count)]


def key(library: Library, index: int) -> str:
    article = library.articles[index]
    return article_key(article.title, article.body)


def moved_library(folder: str) -> Library:
    """The workbench articles read from another folder (the corpus was moved or cloned again)."""
    return make_library([make_article(f"{folder}/{spec[0]}", *spec[1:]) for spec in ARTICLES])


async def test_a_format_1_state_file_is_migrated_to_content_keys(tmp_path: Path) -> None:
    old = {
        "version": 1,
        "read": ["news/kharkiv.txt", "news/wire.txt"],
        "bookmarks": ["news/lviv.txt", "elsewhere/gone.txt"],
        "corrections": [{"action": "rename", "group": "place:gn:702550", "name": "Lemberg", "label": "Lviv"}],
    }
    (tmp_path / "state.json").write_text(json.dumps(old), encoding="utf-8")
    library = workbench_library()
    app = RecordingApp(library=library, state=StateStore.default_at(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert marks(app) == ["▶✓", "★", "", "✓"]
        assert app.library is not None and app.library.groups["place:gn:702550"].name == "Lemberg"  # kept
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert saved["version"] == 2
    assert saved["read"] == {key(library, 0): "news/kharkiv.txt", key(library, 3): "news/wire.txt"}
    assert saved["bookmarks"] == {key(library, 1): "news/lviv.txt"}
    assert saved["unmatched"] == {"read": [], "bookmarks": ["elsewhere/gone.txt"]}  # not in this corpus: kept
    assert saved["corrections"] == old["corrections"]
    # The previous file is the backup, still in format 1.
    assert json.loads((tmp_path / "state.json.bak").read_text(encoding="utf-8"))["version"] == 1


async def test_marks_survive_moving_the_corpus_and_follow_it(tmp_path: Path) -> None:
    first = moved_library("/home/me/feeds")
    store = StateStore.default_at(tmp_path)
    app = RecordingApp(library=first, state=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter", "B", "j", "j", "enter")  # read + bookmark Lviv, read the wire
        await pilot.pause()
        assert marks(app) == ["", "★", "", "▶✓"]
    # The folder moved (or was cloned again): same files, other paths.
    second = moved_library("/mnt/backup/feeds-clone")
    app = RecordingApp(library=second, state=StateStore.default_at(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert marks(app) == ["▶", "★", "", "✓"]
        await pilot.press("apostrophe")  # bookmarked only finds it too
        await pilot.pause()
        assert [app.query_one(ArticleList).get_row_at(0)[2].plain] == ["A quiet day in Lviv"]
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert saved["bookmarks"] == {key(second, 1): "/mnt/backup/feeds-clone/news/lviv.txt"}  # the new hint
    assert set(saved["read"].values()) == {
        "/mnt/backup/feeds-clone/news/lviv.txt",
        "/mnt/backup/feeds-clone/news/wire.txt",
    }


async def test_an_edited_article_is_a_new_article(tmp_path: Path) -> None:
    store = StateStore.default_at(tmp_path)
    app = RecordingApp(library=workbench_library(), state=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
    edited = workbench_library()
    edited.articles[1].body += " Update: sirens at night."
    app = RecordingApp(library=edited, state=StateStore.default_at(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert marks(app) == ["▶", "", "", ""]
