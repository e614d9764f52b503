"""Loading, safety with hostile text, search, help, quitting and the empty corpus."""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path

from textual.widgets import Input
from textual.worker import WorkerFailed
from ui_helpers import SIZE, RecordingApp, make_article, make_library, screen_text

from warreader.library import Library
from warreader.resources import seeds_dir
from warreader.ui import keymap
from warreader.ui.app import WarReaderApp
from warreader.ui.messages import SearchMatched
from warreader.ui.screens.help import HelpScreen
from warreader.ui.widgets.article_list import ArticleList
from warreader.ui.widgets.key_bar import KeyBar
from warreader.ui.widgets.reader import Reader
from warreader.ui.widgets.title_bar import TitleBar

HOSTILE = (
    "Headline [i]not italic[/i] [link=https://x.example]l[/link]\n\n"
    "Report [bold]x[/bold] then [@click=app.quit]click[/] and \x1b]0;pwned\x07 end [red]"
)


async def loaded(app: WarReaderApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_loads_folder_in_a_worker_and_notifies_problems(write_articles) -> None:
    folder = write_articles(
        {
            "a.txt": " date 2022-09-10 Kharkiv was shelled overnight, officials said.",
            "b.md": "A second article about Lviv.",
            "empty.txt": "",
        }
    )
    app = RecordingApp(paths=[str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        table = app.query_one(ArticleList)
        assert table.row_count == 2
        assert table.get_row_at(0)[1].plain == "2022-09-10"
        assert app.query_one(Reader).article is app.library.articles[0]
        messages = [n.message for n in app._notifications]
        assert any("empty.txt" in m and "empty file" in m for m in messages)
        assert "2 articles" in app.sub_title


async def test_many_broken_files_are_summed_up_not_one_notice_each(write_articles) -> None:
    folder = write_articles({"good.txt": "Kharkiv was shelled.", **{f"empty{i}.txt": "" for i in range(12)}})
    app = RecordingApp(paths=[str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        messages = [n.message for n in app._notifications]
        assert sum("empty file" in m for m in messages) == 3
        assert any("9 more files could not be read" in m and "warreader check" in m for m in messages)


async def test_collector_is_paused_for_start_up_then_freezes_what_is_loaded(tiny_library: Library) -> None:
    gc.unfreeze()
    app = RecordingApp(library=tiny_library)
    assert not gc.isenabled()  # paused from construction to the first frame
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


async def test_collector_runs_again_when_the_app_fails_before_its_first_frame(tiny_library: Library) -> None:
    class BrokenAtStart(RecordingApp):
        def compose(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("broken")
            yield

    app = BrokenAtStart(library=tiny_library)
    try:
        with contextlib.suppress(RuntimeError):
            async with app.run_test(size=SIZE):
                pass
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


async def test_default_corpus_is_the_bundled_seeds() -> None:
    app = WarReaderApp()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        seeds = [p for p in seeds_dir().iterdir() if p.suffix in {".txt", ".md"}]
        assert app.query_one(ArticleList).row_count == len(seeds) > 0


async def test_hostile_text_is_shown_literally_and_clicking_it_does_nothing(write_articles) -> None:
    folder = write_articles({"[bold]evil[/bold].txt": HOSTILE})
    app = RecordingApp(paths=[str(folder)])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        text = screen_text(app)
        body = next(row for row in text.splitlines() if "Report" in row)
        assert "Report [bold]x[/bold] then [@click=app.quit]click[/] and ␛]0;pwned␇ end [red]" in body
        headline = "Headline [i]not italic[/i] [link=https://x.example]l[/link]"
        assert text.count(headline) == 3  # in the list, the reader's header and the body
        assert "[bold]evil[/bold].txt" in text  # the file name in the header, too
        rows = text.splitlines()
        y = next(i for i, row in enumerate(rows) if "[@click=app.quit]click[/]" in row and "Report" in row)
        x = rows[y].index("click[/]")
        await pilot.click(offset=(x + 1, y))
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_raw_control_characters_in_an_article_never_reach_the_terminal() -> None:
    article = make_article("raw.txt", "Title \x1b[31mred", None, "en", "Body \x1b[2J\x07 [b]x[/b]", [])
    app = RecordingApp(library=make_library([article]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "\x1b" not in text and "\x07" not in text
        assert "Body ␛[2J␇ [b]x[/b]" in text
        assert "Title ␛[31mred" in text


async def test_search_finds_the_next_match_across_articles(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        box = app.query_one(Input)
        assert app.focused is box and box.display
        await pilot.press(*"raketen", "enter")
        await pilot.pause()
        german = tiny_library.articles[2]
        start = german.body.index("Raketen")
        assert app.reading.current == 2 and app.reading.mark == (start, start + 7)
        matched = app.of(SearchMatched)[-1]
        assert (matched.query, matched.index, matched.start) == ("raketen", 2, start)
        assert app.query_one(Reader).scroll_y > 0
        assert "match 1/1" in screen_text(app)
        await pilot.press("escape")  # Enter gave the focus back to the list: Escape stops the search
        assert not box.display and app.focused is app.query_one(ArticleList)
        await pilot.press("slash", *"zzz", "enter")  # the old query is selected: typing replaces it
        await pilot.pause()
        assert any("No match for zzz" in n.message for n in app._notifications)
        assert app.reading.mark is None


async def test_search_matches_step_with_n(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.reading.search("kharkiv")
        await pilot.pause()
        assert app.reading.mark == (13, 20)
        reader = app.query_one(Reader)
        match = reader.highlight_styles().match
        assert [s.style for s in reader.body_text.spans if (s.start, s.end) == (62, 69)][-1] == match
        await pilot.press("n")
        await pilot.pause()
        assert (app.reading.current, app.reading.mark) == (0, (62, 69))
        await pilot.press("n")
        await pilot.pause()
        assert (app.reading.current, app.reading.mark) == (0, (13, 20))  # only two matches: wraps
        assert [m.start for m in app.of(SearchMatched)] == [13, 62, 13]
        await pilot.press("escape")  # stop searching: n follows entities again
        await pilot.pause()
        assert app.reading.follow == "entity" and app.reading.mark is None and not app.reading.matches


async def test_help_lists_every_key_and_closes(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        await pilot.press("G")  # the end of the help too (it scrolls on a small terminal)
        await pilot.pause()
        text += screen_text(app)
        for binding in keymap.APP:
            if binding.show:
                assert binding.description in text or binding.description.lower() in text.lower()
        for _, rows in keymap.HELP:
            for keys, _ in rows:
                assert keys in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark", "q")
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_key_bar_follows_the_focus_and_a_click_presses_the_key(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = screen_text(app).splitlines()[-1]
        assert "n Next mention" in bar and "q Quit" in bar and bar.rstrip().endswith("^p palette")
        await pilot.press("slash")
        await pilot.pause()
        bar = screen_text(app).splitlines()[-1]
        assert "esc Close search" in bar and "n Next mention" not in bar
        await pilot.press("escape")
        await pilot.pause()
        assert await pilot.click(KeyBar, offset=(2, 0))  # "? Help"
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_title_bar_shows_what_is_loaded_and_its_icon_opens_the_palette(tiny_library: Library) -> None:
    from textual.command import CommandPalette

    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "warreader — 3 articles · 3 entities" in screen_text(app).splitlines()[0]
        app.sub_title = "indexing…"
        await pilot.pause()
        assert "warreader — indexing…" in screen_text(app).splitlines()[0]
        assert await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_q_quits(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_empty_corpus_shows_a_message_and_keys_do_not_crash(tmp_path: Path) -> None:
    app = RecordingApp(paths=[str(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        assert "No articles found" in screen_text(app)
        await pilot.press("j", "enter", "n", "N", "a", "tab", "enter", "slash", "x", "enter", "escape")
        await pilot.pause()
        assert app.is_running
        assert app.query_one(ArticleList).row_count == 0
        assert "No articles found" in screen_text(app)


async def test_empty_library_passed_in() -> None:
    app = RecordingApp(library=Library([], {}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "No articles found" in screen_text(app)
        assert "0 articles" in app.sub_title


async def test_a_loading_failure_is_reported_not_fatal(monkeypatch, tmp_path: Path) -> None:
    def broken(index, paths, **options):
        raise RuntimeError("extraction exploded [bold]here[/bold]")

    monkeypatch.setattr("warreader.ingest.sync.sync", broken)
    app = RecordingApp(paths=[str(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        with contextlib.suppress(WorkerFailed):  # raised when the worker is still listed as it fails
            await loaded(app, pilot)
        await pilot.pause()
        assert app.is_running
        text = screen_text(app)
        assert "Could not load the corpus" in text
        assert "extraction exploded [bold]here[/bold]" in text
        await pilot.press("n", "j", "enter", "a")
        assert app.is_running


async def test_theme_change_restyles_the_highlights(tiny_library: Library) -> None:
    app = RecordingApp(library=tiny_library)
    app.theme = "textual-dark"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        dark = [s.style for s in reader.body_text.spans if (s.start, s.end) == (13, 20)]
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        light = [s.style for s in reader.body_text.spans if (s.start, s.end) == (13, 20)]
        assert dark and light and dark != light
        assert light[0].underline
