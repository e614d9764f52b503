"""The app on a team's PostgreSQL database (``warreader --db URL DIR``), against a throwaway server.

It shows the corpus as on SQLite (list, reader, e / w / m, search, mention jumps); corrections go to
the shared corrections under the analyst's name; a second app sees them on its refresh; undo takes
back only one's own; a server gone mid-session is one notice and the corrections made meanwhile
are queued, then sent when it returns.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from textual.worker import WorkerFailed

from warreader.config import Config
from warreader.corrections import Correction
from warreader.store.pg.corrections import SharedCorrections
from warreader.store.pg.location import validate
from warreader.ui.app import WarReaderApp

SIZE = (160, 45)
ARTICLES = {
    "a.txt": "Shelling in Kharkiv\n\n date 2022-09-10 Kharkiv was shelled overnight, Governor Oleh Syniehubov said.",
    "b.txt": "A quiet day in Lviv\n\nNothing happened in Lviv or Kharkiv today, said Andriy Sadovyi.",
    "c.txt": "Charkiw im Fokus\n\nIn Charkiw fielen Raketen, sagte Synjehubow. Kharkiv again.",
}


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WARREADER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def corpus(write_articles) -> Path:
    return write_articles(ARTICLES)


def notes(app: WarReaderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def screen_text(app: WarReaderApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def reader(corpus: Path, url: str, author: str, **options: Any) -> WarReaderApp:
    config = Config(store_author=author)
    app = WarReaderApp(paths=[str(corpus)], config=config, location=validate(url))
    if app.team is not None:
        app.team.shared.timeout = options.get("timeout", app.team.shared.timeout)
    return app


async def settle(app: WarReaderApp, pilot: Any) -> None:
    for _ in range(3):
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()


def group_named(app: WarReaderApp, name: str) -> str:
    assert app.library is not None
    return next(g.id for g in app.library.groups.values() if g.name == name)


async def test_the_app_on_the_database_reads_as_on_sqlite(corpus: Path, pg_url: str) -> None:
    """First start builds the database's index; a second app opens it at once with the same
    articles, groups and mentions as the SQLite index, and e, w, m, search and n work on it."""
    from warreader.library import load_library
    from warreader.ui.screens.entity import EntityScreen

    local = load_library([str(corpus)])
    titles = [a.title for a in local.articles]
    groups = sorted((g.name, g.mentions) for g in local.groups.values())
    first = reader(corpus, pg_url, "ana")
    async with first.run_test(size=SIZE) as pilot:
        await settle(first, pilot)
        assert first.library is not None and [a.title for a in first.library.articles] == titles
    second = reader(corpus, pg_url, "ana")
    async with second.run_test(size=SIZE) as pilot:
        assert second.library is not None  # the first frame: the database's index, complete
        assert type(second.library.index).__name__ == "PgIndex"
        await settle(second, pilot)
        library = second.library
        assert [a.title for a in library.articles] == titles
        assert sorted((g.name, g.mentions) for g in library.groups.values()) == groups
        assert "Shelling in Kharkiv" in screen_text(second)
        kharkiv = group_named(second, "Kharkiv")
        second.select_entity(kharkiv)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert "of Kharkiv" in screen_text(second)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(second.screen, EntityScreen)
        assert "Kharkiv" in screen_text(second)
        await pilot.press("escape", "w")
        await pilot.pause()
        assert type(second.screen).__name__ == "WhoSaidScreen"
        await pilot.press("escape", "m")
        await pilot.pause()
        assert type(second.screen).__name__ == "MapScreen"
        await pilot.press("escape")
        assert library.search("Charkiw") == local.search("Charkiw") != []


async def correct(app: WarReaderApp, pilot: Any, correction: Correction) -> None:
    assert app.correcting.add_correction(correction)
    await settle(app, pilot)


async def test_a_merge_in_one_app_is_seen_by_another_after_its_refresh(corpus: Path, pg_url: str) -> None:
    ana = reader(corpus, pg_url, "ana")
    async with ana.run_test(size=SIZE) as pilot:
        await settle(ana, pilot)
    bo = reader(corpus, pg_url, "bo")
    ana = reader(corpus, pg_url, "ana")
    async with ana.run_test(size=SIZE) as ana_pilot, bo.run_test(size=SIZE) as bo_pilot:
        await settle(ana, ana_pilot)
        await settle(bo, bo_pilot)
        kharkiv, lviv = group_named(ana, "Kharkiv"), group_named(ana, "Lviv")
        await correct(ana, ana_pilot, Correction("merge", group=lviv, into=kharkiv, label="Lviv"))
        assert bo.library is not None and lviv in bo.library.groups  # not yet: no refresh
        await bo_pilot.press("r")  # the refresh key (feeds, and the team's corrections)
        await settle(bo, bo_pilot)
        assert lviv not in bo.library.groups and bo.library.groups[kharkiv].mentions == 8
        shared = SharedCorrections(validate(pg_url), "x", queue=corpus.parent / "q.json")
        [entry] = shared.history()
        assert entry.author == "ana" and entry.correction.action == "merge"
        shared.close()


async def test_undo_takes_back_ones_own_correction_only(corpus: Path, pg_url: str) -> None:
    shared = SharedCorrections(validate(pg_url), "bo", queue=corpus.parent / "q.json")
    ana = reader(corpus, pg_url, "ana")
    async with ana.run_test(size=SIZE) as pilot:
        await settle(ana, pilot)
        lviv, kharkiv = group_named(ana, "Lviv"), group_named(ana, "Kharkiv")
        shared.save(Correction("rename", group=lviv, name="Lwiw", label="Lviv"))  # bo's, from elsewhere
        await correct(ana, pilot, Correction("rename", group=kharkiv, name="Kharkov", label="Kharkiv"))
        assert ana.library is not None
        names = {g.name for g in ana.library.groups.values()}
        assert {"Kharkov", "Lwiw"} <= names  # ana's own, and bo's picked up by the refresh after it
        ana.action_undo_correction()
        await settle(ana, pilot)
        names = {g.name for g in ana.library.groups.values()}
        assert "Kharkiv" in names and "Lwiw" in names  # hers undone, bo's kept
        assert any("Undone: " in n for n in notes(ana))
        ana.action_undo_correction()  # nothing more of hers: bo's stays
        await settle(ana, pilot)
        assert "Lwiw" in {g.name for g in ana.library.groups.values()}
        assert any("ana has no correction to undo" in n for n in notes(ana))
    assert [(e.author, e.status) for e in shared.history()] == [("bo", "live"), ("ana", "undone")]
    shared.close()


async def test_a_conflict_is_said_and_kept_in_the_history(corpus: Path, pg_url: str) -> None:
    shared = SharedCorrections(validate(pg_url), "bo", queue=corpus.parent / "q.json")
    ana = reader(corpus, pg_url, "ana")
    async with ana.run_test(size=SIZE) as pilot:
        await settle(ana, pilot)
        kharkiv = group_named(ana, "Kharkiv")
        await correct(ana, pilot, Correction("rename", group=kharkiv, name="Kharkov", label="Kharkiv"))
        shared.save(Correction("rename", group=kharkiv, name="Charkiw-Stadt", label="Kharkiv"))
        ana.correcting.refresh()
        await settle(ana, pilot)
        assert ana.library is not None and ana.library.groups[kharkiv].name == "Charkiw-Stadt"
        said = [n for n in notes(ana) if "was replaced by" in n]
        assert said == [
            "Your rename Kharkiv to “Kharkov” was replaced by bo's rename Kharkiv to “Charkiw-Stadt” "
            "(the last change wins; see the history)"
        ]
        ana.correcting.history(kharkiv)
        await pilot.pause()
        shown = screen_text(ana)
        assert "by ana" in shown and "replaced by #" in shown and "by bo" in shown
    shared.close()


async def test_the_server_gone_mid_session_is_one_notice_and_corrections_are_queued(
    corpus: Path, pg_url: str, proxy: Any, psql: Any
) -> None:
    url = f"postgresql://postgres@127.0.0.1:{proxy.port}/warreader_test"
    ana = reader(corpus, url, "ana", timeout=1)
    async with ana.run_test(size=SIZE) as pilot:
        await settle(ana, pilot)
        kharkiv, lviv = group_named(ana, "Kharkiv"), group_named(ana, "Lviv")
        proxy.stop()  # the server goes away
        await correct(ana, pilot, Correction("rename", group=kharkiv, name="Kharkov", label="Kharkiv"))
        await correct(ana, pilot, Correction("rename", group=lviv, name="Lwiw", label="Lviv"))
        assert ana.library is not None
        assert {"Kharkov", "Lwiw"} <= {g.name for g in ana.library.groups.values()}  # shown at once
        away = [n for n in notes(ana) if "sent when it returns" in n]
        assert len(away) == 1 and "\n" not in away[0] and "cannot reach PostgreSQL" in away[0]
        assert ana.team is not None and len(ana.team.shared.pending()) == 2  # queued in the data folder
        await pilot.press("j")  # the app goes on with what it has
        await settle(ana, pilot)
        assert ana.is_running
        assert psql("SELECT count(*) FROM corrections") == [(0,)]
        proxy.start()  # back
        ana.correcting.refresh()
        await settle(ana, pilot)
        assert psql("SELECT author, body->>'name' FROM corrections ORDER BY id") == [
            ("ana", "Kharkov"),
            ("ana", "Lwiw"),
        ]
        assert ana.team.shared.pending() == []
        assert any("is back: 2 queued sent" in n for n in notes(ana))


async def test_a_read_of_the_index_while_the_server_is_away_is_one_notice(
    corpus: Path, pg_url: str, proxy: Any
) -> None:
    """Opening an article the app has not read yet, with the server gone: one notice, the app goes
    on; once the server is back (a refresh), the index is read again."""
    url = f"postgresql://postgres@127.0.0.1:{proxy.port}/warreader_test"
    ana = reader(corpus, url, "ana", timeout=1)
    async with ana.run_test(size=SIZE) as pilot:
        await settle(ana, pilot)
        assert ana.library is not None and ana.reading.current == 0
        proxy.stop()
        ana.library.articles._cache.clear()  # type: ignore[attr-defined]  # nothing read is kept
        await pilot.press("down", "down", "enter")  # open the third article: read from the index
        await settle(ana, pilot)
        assert ana.is_running
        away = [n for n in notes(ana) if "lost the connection to the PostgreSQL server" in n]
        assert len(away) == 1 and "\n" not in away[0] and "showing what is loaded" in away[0], notes(ana)
        await pilot.press("up", "enter")  # said once
        await settle(ana, pilot)
        assert len([n for n in notes(ana) if n == away[0]]) == 1
        proxy.start()
        ana.correcting.refresh()
        await settle(ana, pilot)
        assert any("is back" in n for n in notes(ana))
        await pilot.press("down", "enter")
        await settle(ana, pilot)
        assert ana.reading.current == 2 and ana.library.articles[2].title == "Charkiw im Fokus"


async def test_a_read_only_role_reads_and_a_correction_is_refused_in_one_line(
    corpus: Path, pg_server: Any, pg_url: str, psql: Any
) -> None:
    from warreader.library import load_library

    load_library([str(corpus)], location=validate(pg_url)).close()
    psql("CREATE ROLE viewer LOGIN PASSWORD 'pw-viewer'")
    try:
        psql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO viewer")
        viewer = reader(corpus, pg_server.url("warreader_test", "viewer", "pw-viewer"), "vi")
        async with viewer.run_test(size=SIZE) as pilot:
            await settle(viewer, pilot)
            assert viewer.library is not None and len(viewer.library.articles) == 3
            assert any("this role may only read" in n for n in notes(viewer))
            kharkiv = group_named(viewer, "Kharkiv")
            await correct(viewer, pilot, Correction("rename", group=kharkiv, name="Kharkov", label="Kharkiv"))
            refused = [n for n in notes(viewer) if "may not write" in n]
            assert len(refused) == 1 and "\n" not in refused[0] and "pw-viewer" not in refused[0]
            assert viewer.library.groups[kharkiv].name == "Kharkiv"  # taken back: nothing was saved
            assert viewer.team is not None and viewer.team.shared.pending() == []
    finally:
        psql("DROP OWNED BY viewer")
        psql("DROP ROLE viewer")
