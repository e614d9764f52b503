"""Versioned migrations: from nothing, from version 1 with rows in it, two processes at once."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

import pytest

from warreader.store.pg.errors import StoreError
from warreader.store.pg.location import validate
from warreader.store.pg.migrations import MIGRATION_LOCK, latest, migrate, migrations


def versions(psql: Callable[..., Any]) -> list[int]:
    return [v for (v,) in psql("SELECT version FROM schema_version ORDER BY version")]


def test_the_shipped_migrations_are_numbered_in_order() -> None:
    found = migrations()
    assert [m.version for m in found] == list(range(1, len(found) + 1)) and latest() >= 2
    assert found[0].name == "schema" and found[1].name == "corrections"


def test_a_new_database_is_brought_to_the_latest_version_once(pg_url: str, psql: Callable[..., Any]) -> None:
    assert migrate(validate(pg_url)) == list(range(1, latest() + 1))
    assert versions(psql) == list(range(1, latest() + 1))
    assert migrate(validate(pg_url)) == []
    tables = {t for (t,) in psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert {"meta", "sources", "articles", "dicts", "forms", "postings", "stops", "groups"} <= tables
    assert {"exceptions", "fresh", "deltas", "names", "corrections"} <= tables
    assert not {"mentions", "article_dates"} & tables  # version 1's integer rows: packed since 3
    indexes = {i for (i,) in psql("SELECT indexdef FROM pg_indexes WHERE tablename = 'articles'")}
    assert any("USING gin (search)" in i for i in indexes)


def fill_version_1(psql: Callable[..., Any]) -> None:
    psql("INSERT INTO sources(path, size, mtime_ns, hash, ord) VALUES ('/news/a.txt', 10, 1, 'h', 0)")
    psql(
        "INSERT INTO articles(key, source_id, pos, ord, path, title, date, language, source, url, body, words)"
        " VALUES ('k1', 1, 0, 0, '/news/a.txt', 'Brücken', '2024-02-01', 'de', 'Zeitung', '',"
        " 'Die Brücken über den Fluss wurden gesprengt.', 7)"
    )
    psql(
        "INSERT INTO forms(kind, text, key, language, detail, grp) VALUES"
        " ('place', 'Fluss', 'g1', 'de', '', 'place:g1')"
    )
    psql("INSERT INTO mentions(article_id, idx, form, gid, start, stop) VALUES (1, 0, 1, 1, 25, 30)")
    psql("INSERT INTO groups VALUES ('place:g1', 'place', 'Fluss', '[\"Fluss\"]', 1, 1, 1, '')")
    psql("INSERT INTO meta VALUES ('format', 'x')")


def test_version_1_with_rows_is_migrated_to_2_keeping_them(pg_url: str, psql: Callable[..., Any]) -> None:
    location = validate(pg_url)
    assert migrate(location, target=1) == [1]
    assert versions(psql) == [1]
    assert psql("SELECT to_regclass('corrections')") == [(None,)]
    fill_version_1(psql)
    assert migrate(location, target=2) == [2]
    assert versions(psql) == [1, 2]
    assert psql("SELECT title, body, language FROM articles") == [
        ("Brücken", "Die Brücken über den Fluss wurden gesprengt.", "de")
    ]
    assert psql("SELECT article_id, idx, form, gid, start, stop FROM mentions") == [(1, 0, 1, 1, 25, 30)]
    assert psql("SELECT id, name FROM groups") == [("place:g1", "Fluss")]
    assert psql("SELECT count(*) FROM articles WHERE search @@ warreader_tsquery('Brücke')") == [(1,)]
    assert psql("SELECT count(*) FROM corrections") == [(0,)]


def test_version_2_is_migrated_to_3_with_the_index_emptied_and_the_corrections_kept(
    pg_url: str, psql: Callable[..., Any]
) -> None:
    """Version 3 packs the index as SQLite does: its tables are made again (the index is derived
    data, rebuilt by the next sync); the team's corrections stay."""
    location = validate(pg_url)
    migrate(location, target=2)
    fill_version_1(psql)
    psql(
        "INSERT INTO corrections(author, created, grp, concern, body, client_key)"
        " VALUES ('ana', now(), 'place:g1', 'rename\x1fplace:g1', '{}', 'c1')"
    )
    assert migrate(location) == list(range(3, latest() + 1))
    assert psql("SELECT count(*) FROM articles") == [(0,)]
    assert psql("SELECT count(*) FROM groups") == [(0,)]
    assert psql("SELECT author, client_key FROM corrections") == [("ana", "c1")]
    assert dict(psql("SELECT key, value FROM meta")) == {"schema": "4", "generation": "0"}
    columns = dict(
        psql("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'articles'")
    )
    assert (columns["body"], columns["marks"], columns["search"]) == ("bytea", "bytea", "tsvector")


def test_a_database_newer_than_this_release_is_left_alone(pg_url: str, psql: Callable[..., Any]) -> None:
    migrate(validate(pg_url))
    psql("INSERT INTO schema_version(version, name) VALUES (%s, 'future')", latest() + 5)
    with pytest.raises(StoreError) as caught:
        migrate(validate(pg_url))
    assert f"version {latest() + 5}, newer than this warreader knows ({latest()})" in str(caught.value)


def _migrate_in_child(url: str, barrier: Any, out: Any) -> None:
    from warreader.store.pg.location import validate
    from warreader.store.pg.migrations import migrate

    barrier.wait(timeout=60)
    try:
        out.put(("ok", migrate(validate(url))))
    except Exception as error:  # reported to the test, which fails on it
        out.put(("error", f"{type(error).__name__}: {error}"))


def test_two_processes_migrating_at_once_apply_each_version_once(
    pg_url: str, psql: Callable[..., Any]
) -> None:
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(2), context.Queue()
    children = [context.Process(target=_migrate_in_child, args=(pg_url, barrier, out)) for _ in range(2)]
    for child in children:
        child.start()
    results = [out.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=60)
    assert all(status == "ok" for status, _ in results), results
    applied = sorted(v for _, done in results for v in done)
    assert applied == list(range(1, latest() + 1))  # every version applied, by one of them only
    assert versions(psql) == list(range(1, latest() + 1))


def test_migrations_wait_for_the_lock(pg_url: str, psql: Callable[..., Any]) -> None:
    """While another session holds the migration lock, migrate waits (it does not go ahead)."""
    import threading

    import psycopg

    holder = psycopg.connect(pg_url)
    holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
    done: list[list[int]] = []
    worker = threading.Thread(target=lambda: done.append(migrate(validate(pg_url))))
    worker.start()
    worker.join(timeout=1.5)
    assert worker.is_alive() and not done
    holder.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
    worker.join(timeout=30)
    holder.close()
    assert done == [list(range(1, latest() + 1))]


def test_version_3_with_rows_is_migrated_to_4_keeping_them(pg_url: str, psql: Callable[..., Any]) -> None:
    """Version 4 gives each source the folders of the sync that placed it (``root``, from the
    session's ``warreader.root``) and the reading order across syncs (``reading``)."""
    location = validate(pg_url)
    assert migrate(location, target=3) == [1, 2, 3]
    psql("INSERT INTO sources(path, size, mtime_ns, hash, ord) VALUES ('/news/a.txt', 10, 1, 'h', 0)")
    psql(
        "INSERT INTO articles(source_id, pos, ord, path, title, language, source, url, body, words, marks,"
        " dates) VALUES (1, 0, 0, '/news/a.txt', 'Kyiv', 'en', 'Post', '', '\\x00'::bytea, 1, '', '')"
    )
    psql("INSERT INTO groups VALUES ('place:g1', 'place', 'Fluss', '[\"Fluss\"]', 1, 1, 1, '')")
    assert migrate(location) == [4]
    assert psql("SELECT path, root, reading FROM sources") == [
        ("/news/a.txt", "", "\x010000000000\x01/news/a.txt")
    ]
    assert psql("SELECT title FROM articles") == [("Kyiv",)] and psql("SELECT id FROM groups") == [
        ("place:g1",)
    ]
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:  # a sync's session: its sources are its own
        conn.execute("SELECT set_config('warreader.root', '[\"/team/b\"]', false)")
        conn.execute(
            "INSERT INTO sources(path, size, mtime_ns, hash, ord) VALUES ('/team/b/x.txt', 1, 1, 'h', 0)"
        )
        conn.execute("UPDATE sources SET ord = 3 WHERE path = '/news/a.txt'")  # placed by this sync
        conn.execute("UPDATE sources SET size = 11 WHERE path = '/news/a.txt'")
    assert dict(psql("SELECT path, root FROM sources")) == {
        "/news/a.txt": '["/team/b"]',
        "/team/b/x.txt": '["/team/b"]',
    }
    assert [p for (p,) in psql("SELECT path FROM sources ORDER BY reading")] == [
        "/team/b/x.txt",
        "/news/a.txt",
    ]
    assert psql("SELECT key FROM articles") == [(None,)]  # stored before 4: no content key
    psql(
        "INSERT INTO articles(source_id, pos, ord, path, title, language, source, url, body, words, marks,"
        " dates) VALUES (2, 0, 1, '/team/b/x.txt', 'Lviv', 'en', 'Post', '', '\\x00'::bytea, 1, '', '')"
    )
    assert psql("SELECT key FROM articles WHERE path = '/team/b/x.txt'") == [("h:0",)]
