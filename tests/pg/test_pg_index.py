"""The index in PostgreSQL beside what the store suite checks on both backends: the union of the
folders several syncs index, and the statements of the SQLite store as PostgreSQL reads them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from warreader.store.pg.dialect import translate
from warreader.store.pg.index import PgIndex
from warreader.store.pg.location import validate


def test_statements_are_translated_once_each() -> None:
    assert translate("SELECT a FROM t INDEXED BY t_a WHERE a=? AND b LIKE '5%'") == (
        "SELECT a FROM t WHERE a=%s AND b LIKE '5%%'",
        False,
    )
    assert translate("INSERT OR IGNORE INTO fresh(article_id) VALUES (?)") == (
        "INSERT INTO fresh(article_id) VALUES (%s) ON CONFLICT DO NOTHING",
        False,
    )
    assert translate("INSERT OR REPLACE INTO stops(gid, ord, n, marks) VALUES (?, ?, ?, ?)")[0].endswith(
        "ON CONFLICT (gid, ord) DO UPDATE SET n = excluded.n, marks = excluded.marks"
    )
    assert translate("INSERT OR REPLACE INTO meta VALUES (?, ?)")[0].endswith(
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    )
    assert translate("INSERT INTO dicts(data) VALUES (?)") == (
        "INSERT INTO dicts(data) VALUES (%s) RETURNING id",
        True,
    )
    assert translate.cache_info().hits >= 0


def test_a_database_holds_the_union_of_the_folders_it_is_given(pg_url: str, tmp_path: Path) -> None:
    """Syncs of other folders (other machines) add to the corpus: a sync treats as gone only the
    sources under its own paths, and the reading order is by the folders each sync was given,
    whichever came first."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, place in ((first, "Kharkiv"), (second, "Lviv")):
        folder.mkdir()
        (folder / "a.txt").write_text(
            f"{place}\n\nShelling hit {place}, said Oleh Syniehubov.\n", encoding="utf-8"
        )
    command = [sys.executable, "-m", "warreader", "index", "--db", pg_url, "-q"]
    for folder in (second, first):  # the second folder indexed first: it still comes second
        run = subprocess.run([*command, str(folder)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    index = PgIndex(validate(pg_url))
    assert [row[5] for row in index.rows(0, 10)] == [str(first / "a.txt"), str(second / "a.txt")]
    assert index.complete and {g[0] for g in index.groups()} >= {"place:gn:706483", "place:gn:702550"}
    index.close()
    (first / "a.txt").unlink()
    (first / "b.txt").write_text("Odesa\n\nA quiet night in Odesa.\n", encoding="utf-8")
    run = subprocess.run([*command, str(first)], capture_output=True, text=True)
    assert run.returncode == 0 and "1 removed" in run.stderr, run.stderr
    index = PgIndex(validate(pg_url))
    assert [row[5] for row in index.rows(0, 10)] == [str(first / "b.txt"), str(second / "a.txt")]
    assert index.article_count() == 2
    index.close()


def test_extract_through_the_database_prints_the_contract_sqlite_prints(pg_url: str, seeds: Path) -> None:
    command = [sys.executable, "-m", "warreader", "extract", "--json"]
    local = subprocess.run([*command, str(seeds)], capture_output=True, text=True)
    shared = subprocess.run([*command, "--db", pg_url, str(seeds)], capture_output=True, text=True)
    assert (local.returncode, shared.returncode) == (0, 0), shared.stderr
    assert shared.stdout == local.stdout and '"articles"' in shared.stdout
    index = PgIndex(validate(pg_url))
    assert index.article_count() == 5  # read through the database, not a local index
    index.close()


@pytest.mark.parametrize("command", ["index", "extract"])
def test_a_server_that_cannot_be_reached_is_one_line(command: str, closed_port: int, seeds: Path) -> None:
    url = f"postgresql://ana:secret@127.0.0.1:{closed_port}/news"
    run = subprocess.run(
        [sys.executable, "-m", "warreader", command, "--db", url, str(seeds)], capture_output=True, text=True
    )
    assert run.returncode == 1 and run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith("warreader: cannot reach PostgreSQL at 127.0.0.1:")  # no class name
    assert "secret" not in run.stderr and "Traceback" not in run.stderr


def test_a_read_only_role_reads_and_is_told_in_one_line_it_may_not_index(
    pg_server, pg_url: str, psql, seeds: Path
) -> None:  # type: ignore[no-untyped-def]
    command = [sys.executable, "-m", "warreader", "index", "-q"]
    assert subprocess.run([*command, "--db", pg_url, str(seeds)], capture_output=True).returncode == 0
    psql("CREATE ROLE viewer LOGIN PASSWORD 'pw-viewer'")
    try:
        psql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO viewer")
        url = pg_server.url("warreader_test", "viewer", "pw-viewer")
        for rebuild in ([], ["--rebuild"]):  # a sync writes when it is done; a rebuild at once
            run = subprocess.run(
                [*command, *rebuild, "--db", url, str(seeds)], capture_output=True, text=True
            )
            assert run.returncode == 1 and run.stderr.count("\n") == 1, run.stderr
            assert "role 'viewer' may not write" in run.stderr and "pw-viewer" not in run.stderr
        extract = [sys.executable, "-m", "warreader", "extract", "--json", str(seeds), "--db"]
        owner = subprocess.run([*extract, pg_url], capture_output=True, text=True)
        viewer = subprocess.run([*extract, url], capture_output=True, text=True)  # read, not synced
        assert (owner.returncode, viewer.returncode) == (0, 0), viewer.stderr
        assert viewer.stdout == owner.stdout and "this role may only read" in viewer.stderr
    finally:
        psql("DROP OWNED BY viewer")
        psql("DROP ROLE viewer")


def test_one_file_under_two_paths_is_stored_once(pg_url: str, tmp_path: Path) -> None:
    """Articles are keyed by content: a file indexed under another path (another machine's mount
    of the folder) adds no article; when the path holding them goes, the other's next sync
    stores them."""
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    for folder in (mine, theirs):
        folder.mkdir()
        (folder / "a.txt").write_text(
            "Kharkiv\n\nShelling hit Kharkiv, said Oleh Syniehubov.\n", encoding="utf-8"
        )
        (folder / "b.txt").write_text("Lviv\n\nA quiet night in Lviv.\n", encoding="utf-8")
    (theirs / "c.txt").write_text("Odesa\n\nShips left Odesa.\n", encoding="utf-8")
    command = [sys.executable, "-m", "warreader", "index", "--db", pg_url, "-q"]

    def index_and_list(folder: Path) -> list[str]:
        run = subprocess.run([*command, str(folder)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        index = PgIndex(validate(pg_url))
        try:
            assert index.complete
            return [row[5] for row in index.rows(0, 10)]
        finally:
            index.close()

    assert index_and_list(mine) == [str(mine / "a.txt"), str(mine / "b.txt")]
    assert index_and_list(theirs) == [str(mine / "a.txt"), str(mine / "b.txt"), str(theirs / "c.txt")]
    assert index_and_list(theirs) == [str(mine / "a.txt"), str(mine / "b.txt"), str(theirs / "c.txt")]
    (mine / "a.txt").unlink()
    assert index_and_list(mine) == [str(mine / "b.txt"), str(theirs / "c.txt")]  # until theirs syncs
    assert index_and_list(theirs) == [str(mine / "b.txt"), str(theirs / "a.txt"), str(theirs / "c.txt")]
