"""Where the database is: --db, then WARREADER_DB, then [store] url; bad URLs; passwords hidden."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from warreader.cli import main
from warreader.config import parse_config
from warreader.store.pg.location import BadLocation, redact, resolve, validate

SECRET = "s3cr%40t-pw"


def test_no_url_anywhere_is_the_sqlite_index() -> None:
    assert resolve(None, {}, None) is None


def test_option_beats_environment_beats_config() -> None:
    env = {"WARREADER_DB": "postgresql://env@h/envdb"}
    conf = "postgres://conf@h/confdb"
    assert resolve("postgresql://opt@h/optdb", env, conf).origin == "--db"
    assert resolve("postgresql://opt@h/optdb", env, conf).dbname == "optdb"
    assert resolve(None, env, conf).origin == "WARREADER_DB"
    assert resolve(None, env, conf).dbname == "envdb"
    assert resolve(None, {}, conf, "config.toml [store] url").dbname == "confdb"


def test_parts_of_a_url() -> None:
    location = validate(f"postgresql://ana:{SECRET}@db.example:6543/news?sslmode=require")
    assert (location.host, location.port, location.dbname, location.user) == (
        "db.example",
        6543,
        "news",
        "ana",
    )
    assert validate("postgres://localhost/news").port == 5432


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("mysql://u@h/db", "mysql:// is not a PostgreSQL URL"),
        ("sqlite:///tmp/x.db", "sqlite:// is not a PostgreSQL URL"),
        ("/home/ana/index.db", "is not a database URL"),
        ("", "is empty"),
        ("postgresql://u@h:99999/db", "is not a valid URL"),
        ("postgresql://u@h:port/db", "is not a valid URL"),
        ("postgresql://u@h/", "names no database"),
        ("postgresql://u@h/db#x", "fragment"),
    ],
)
def test_bad_urls_are_one_line(url: str, said: str) -> None:
    with pytest.raises(BadLocation) as caught:
        validate(url)
    assert said in str(caught.value)
    assert "\n" not in str(caught.value)


def test_passwords_are_redacted_everywhere() -> None:
    url = f"postgresql://ana:{SECRET}@h/db"
    assert redact(url) == "postgresql://ana:***@h/db"
    assert redact(f"host=h password={SECRET} dbname=db") == "host=h password=*** dbname=db"
    assert redact(f"postgresql://h/db?password={SECRET}&sslmode=require").endswith(
        "password=***&sslmode=require"
    )
    location = validate(url)
    assert SECRET not in str(location) and SECRET not in repr(location) and SECRET not in location.shown
    with pytest.raises(BadLocation) as caught:
        validate(f"postgresql://ana:{SECRET}@h:99999/db")
    assert SECRET not in str(caught.value)
    with pytest.raises(BadLocation) as caught:
        validate(f"postgresql://ana:{SECRET}@h/")
    assert SECRET not in str(caught.value)


def test_config_store_url_is_read_and_checked() -> None:
    config = parse_config('[store]\nurl = "postgresql://team@h/news"\n')
    assert config.store_url == "postgresql://team@h/news" and not config.problems
    assert parse_config("theme = 'nord'\n").store_url is None
    bad = parse_config("[store]\nurl = 5\n")
    assert bad.store_url is None and any("[store]" in p for p in bad.problems)


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


def test_cli_bad_url_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], seeds: Path) -> None:
    code, err = run_cli(["index", "--db", f"mysql://ana:{SECRET}@h/db", str(seeds)], capsys)
    assert code == 2
    assert err.count("\n") == 1 and "not a PostgreSQL URL" in err and SECRET not in err


def test_cli_environment_url_is_checked(
    capsys: pytest.CaptureFixture[str], seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARREADER_DB", "http://example/db")
    code, err = run_cli(["extract", "--json", str(seeds)], capsys)
    assert code == 2 and err.startswith("warreader: WARREADER_DB: http:// is not a PostgreSQL URL")


def test_cli_good_url_of_the_config_leaves_check_as_it_is(
    capsys: pytest.CaptureFixture[str], seeds: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """check reads the files, never an index: a URL in the config does not concern it (it runs, and
    nothing is indexed in SQLite behind the user's back); an explicit --db is refused in one line
    with the password hidden (tests/pg/test_pg_commands.py has each command with --db)."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(f'[store]\nurl = "postgresql://ana:{SECRET}@h/news"\n')
    monkeypatch.setenv("WARREADER_CONFIG_DIR", str(config))
    monkeypatch.setenv("WARREADER_CACHE_DIR", str(tmp_path / "cache"))
    code, err = run_cli(["check", str(seeds)], capsys)
    assert code == 0 and err.count("\n") == 1 and SECRET not in err
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*.db"))
    code, err = run_cli(["check", str(seeds), "--db", f"postgresql://ana:{SECRET}@h/news"], capsys)
    assert code == 2 and err.count("\n") == 1 and "never an index" in err and SECRET not in err


def test_db_option_is_shown_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["index", "--help"])
    assert "--db URL" in capsys.readouterr().out


def test_sqlite_path_never_imports_psycopg(tmp_path: Path, seeds: Path) -> None:
    """Start-up of the app and an SQLite-path command load no psycopg (nor the pg store's pool)."""
    probe = (
        "import sys, json, warreader.ui.app;"
        "from warreader.cli import main;"
        f"code = main(['extract', '--json', {str(seeds)!r}]);"
        "print(json.dumps([code, [m for m in sys.modules if m.split('.')[0] in ('psycopg', 'psycopg_pool')]]),"
        " file=sys.stderr)"
    )
    env = {**os.environ, "HOME": str(tmp_path), "WARREADER_CACHE_DIR": str(tmp_path / "cache")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "tui")
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300
    )
    code, loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert code == 0 and loaded == []


class FakeError(Exception):
    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (FakeError('password authentication failed for user "ana"', "28P01"), "auth"),
        (FakeError('database "news" does not exist', "3D000"), "no-database"),
        (FakeError("cannot execute INSERT in a read-only transaction", "25006"), "read-only"),
        (FakeError("permission denied for table corrections", "42501"), "read-only"),
        (FakeError("terminating connection due to administrator command", "57P01"), "gone"),
        (FakeError("the database system is starting up", "57P03"), "unreachable"),
        (FakeError("connection failed: Connection refused\n\tIs the server running?"), "unreachable"),
        (FakeError("server closed the connection unexpectedly"), "gone"),
        (FakeError('relation "corrections" does not exist', "42P01"), "other"),
        (ConnectionRefusedError(111, "Connection refused"), "unreachable"),
    ],
)
def test_errors_are_classified_without_a_server(error: BaseException, kind: str) -> None:
    from warreader.store.pg.errors import classify

    location = validate(f"postgresql://ana:{SECRET}@db.example:5433/news")
    problem = classify(error, location)
    assert problem.kind == kind
    assert "\n" not in problem.message and SECRET not in problem.message
    assert problem.transient == (kind in ("unreachable", "gone"))


def test_an_error_quoting_the_url_does_not_show_its_password() -> None:
    from warreader.store.pg.errors import classify

    problem = classify(FakeError(f"invalid dsn: postgresql://ana:{SECRET}@h/db"), validate("postgres://h/db"))
    assert SECRET not in problem.message and "ana:***@h" in problem.message


def test_the_app_checks_the_url_before_starting(capsys: pytest.CaptureFixture[str], seeds: Path) -> None:
    code, err = run_cli(["--db", f"postgresql://ana:{SECRET}@h:0x1/db", str(seeds)], capsys)
    assert code == 2 and "is not a valid URL" in err and SECRET not in err and err.count("\n") == 1
