"""Every command with ``--db URL`` (or ``$WARREADER_DB``): it runs through the team's database where
it reads a corpus, or is refused in one line where a database does not concern it; exit codes
0 / 1 / 2, one line on stderr, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from warreader.cli import main
from warreader.corrections import Correction
from warreader.store.pg.corrections import SharedCorrections
from warreader.store.pg.location import validate

ARTICLES = {
    "a.txt": "Shelling in Kharkiv\n\nKharkiv was shelled overnight, Governor Oleh Syniehubov said.",
    "b.txt": "A quiet day in Lviv\n\nNothing happened in Lviv or Kharkiv today, said Andriy Sadovyi.",
}


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WARREADER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def corpus(write_articles) -> Path:
    return write_articles(ARTICLES)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def shared(url: str, author: str, tmp_path: Path) -> SharedCorrections:
    return SharedCorrections(validate(url), author, tmp_path / f"queue-{author}.json")


def kharkiv_id(url: str, corpus: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = run(capsys, "extract", "--db", url, str(corpus))
    assert code == 0
    return next(g["id"] for g in json.loads(out)["groups"] if g["name"] == "Kharkiv")


def test_the_app_opens_on_the_database(
    corpus: Path, pg_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from warreader.ui import app

    seen: list[Any] = []

    class Reader:
        rebuild = False

        def __init__(self, **options: Any) -> None:
            seen.append(options["location"])

        def run(self) -> None:
            pass

    monkeypatch.setattr(app, "WarReaderApp", Reader)
    assert run(capsys, "--db", pg_url, str(corpus))[0] == 0
    monkeypatch.setenv("WARREADER_DB", pg_url)
    assert run(capsys, str(corpus))[0] == 0
    assert [location.url for location in seen] == [pg_url, pg_url]
    code, _, err = run(capsys, "--rebuild", str(corpus))
    assert code == 2 and err.count("\n") == 1 and "warreader index --db URL --rebuild" in err


def test_the_app_says_in_one_line_that_the_server_cannot_be_reached(
    corpus: Path, closed_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--db", f"postgresql://postgres@127.0.0.1:{closed_port}/news", str(corpus))
    assert code == 1 and err.count("\n") == 1 and "cannot reach PostgreSQL at 127.0.0.1:" in err


def test_eval_scores_the_corpus_the_database_indexed(
    seeds: Path, seeds_gold_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    local = run(capsys, "eval", str(seeds_gold_path), str(seeds), "--json")
    assert local[0] == 0
    code, out, _ = run(capsys, "eval", str(seeds_gold_path), str(seeds), "--json", "--db", pg_url)
    assert code == 0 and json.loads(out) == json.loads(local[1])


def test_export_applies_the_teams_corrections(
    corpus: Path, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kharkiv = kharkiv_id(pg_url, corpus, capsys)
    bo = shared(pg_url, "bo", tmp_path)
    bo.save(Correction("rename", group=kharkiv, name="Kharkov", label="Kharkiv"))
    bo.close()
    code, out, _ = run(capsys, "export", "groups", str(corpus), "--db", pg_url)
    assert code == 0 and "Kharkov" in {row["name"] for row in json.loads(out)}
    code, out, _ = run(capsys, "export", "groups", str(corpus), "--db", pg_url, "--raw")
    assert code == 0 and "Kharkov" not in {row["name"] for row in json.loads(out)}
    code, out, _ = run(capsys, "export", "entity", "Kharkov", str(corpus), "--db", pg_url, "--format", "md")
    assert code == 0 and "Kharkov" in out
    code, out, _ = run(capsys, "export", "articles", str(corpus), "--db", pg_url, "--entity", "Kharkov")
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = run(capsys, "export", "groups", str(corpus))  # the local index: no team corrections
    assert code == 0 and "Kharkov" not in {row["name"] for row in json.loads(out)}
    code, out, _err = run(capsys, "export", "--aliases", "-", "--db", pg_url)
    assert code == 0 and 'name = "Kharkov"' in out


def test_import_saves_into_the_teams_corrections_as_the_configured_author(
    corpus: Path,
    pg_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kharkiv = kharkiv_id(pg_url, corpus, capsys)
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text('[store]\nauthor = "Olena"\n', encoding="utf-8")
    monkeypatch.setenv("WARREADER_CONFIG_DIR", str(config))
    from warreader.corrections import to_toml

    aliases = tmp_path / "aliases.toml"
    aliases.write_text(to_toml([Correction("rename", group=kharkiv, name="Charkiw", label="Kharkiv")]))
    code, _, err = run(capsys, "import", "--aliases", str(aliases), "--db", pg_url)
    assert code == 0 and err.count("\n") == 1 and "1 corrections imported" in err and "as Olena" in err
    team = shared(pg_url, "x", tmp_path)
    assert [(e.author, e.correction.name) for e in team.history()] == [("Olena", "Charkiw")]
    team.close()
    code, _, err = run(capsys, "import", "--aliases", str(aliases), "--replace", "--db", pg_url)
    assert code == 2 and err.count("\n") == 1 and "--replace" in err
    code, _, err = run(capsys, "import", "--aliases", str(tmp_path / "none.toml"), "--db", pg_url)
    assert code == 1 and err.count("\n") == 1


def test_commands_that_read_no_index_refuse_an_explicit_db_only(
    corpus: Path, pg_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for argv in (["check", str(corpus), "--db", pg_url], ["feeds", "list", "--db", pg_url]):
        code, _out, err = run(capsys, *argv)
        assert code == 2 and err.count("\n") == 1 and "never an index" in err and "without --db" in err, argv
    monkeypatch.setenv("WARREADER_DB", pg_url)  # a team member's environment: they still run
    code, _, err = run(capsys, "check", str(corpus))
    assert code == 0 and "2 articles read, 0 problems" in err
    assert run(capsys, "feeds", "list")[0] == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "groups", "{corpus}"],
        ["export", "--aliases", "-"],
        ["import", "--aliases", "{aliases}"],
        ["eval", "{gold}", "{corpus}"],
        ["extract", "{corpus}"],
    ],
)
def test_an_unreachable_server_is_one_line_for_every_command(
    argv: list[str],
    corpus: Path,
    closed_port: int,
    tmp_path: Path,
    seeds_gold_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    aliases = tmp_path / "aliases.toml"
    aliases.write_text("")
    given = [a.format(corpus=corpus, aliases=aliases, gold=seeds_gold_path) for a in argv]
    code, _, err = run(capsys, *given, "--db", f"postgresql://postgres@127.0.0.1:{closed_port}/news")
    assert code == 1 and err.count("\n") == 1 and "cannot reach PostgreSQL" in err, err


@pytest.mark.parametrize(
    "argv",
    [["export", "groups"], ["export", "--aliases", "-"], ["import", "--aliases", "x"], ["eval", "g"], []],
)
def test_a_bad_url_is_a_usage_error_for_every_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, *argv, "--db", "mysql://ana:secret@h/db")
    assert code == 2 and err.count("\n") == 1 and "not a PostgreSQL URL" in err and "secret" not in err


def test_db_is_in_the_help_the_man_page_and_completion(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("index", "extract", "eval", "check"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--db URL" in capsys.readouterr().out, command
    assert "\\-\\-db" in run(capsys, "man")[1]
    assert "--db" in run(capsys, "completion", "bash")[1]
