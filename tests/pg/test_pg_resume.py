"""``warreader index --db`` when the server goes away mid-run: what was committed is kept, the
run waits (one line per wait) and resumes when the server is back; if it stays away, one line
says what was stored, and running the command again resumes (stored files are not read again)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from warreader.cli import main
from warreader.contract import library_to_json
from warreader.store.pg.dialect import PgConnection
from warreader.store.pg.location import validate

PLACES = ["Kharkiv", "Lviv", "Izium", "Odesa", "Dnipro", "Kherson", "Sumy", "Poltava"]


def corpus(tmp_path: Path, count: int = 96) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(count):
        p, q = PLACES[n % len(PLACES)], PLACES[(n // 3 + 1) % len(PLACES)]
        (folder / f"{n:03}.txt").write_text(
            f"{p} on day {n}\n\nSirens sounded over {p}, and Oleh Syniehubov said crews left {q}.\n",
            encoding="utf-8",
        )
    return folder


@pytest.fixture
def cut(monkeypatch: pytest.MonkeyPatch, proxy: Any) -> dict[str, Any]:
    """Commit every batch; once 32 articles are committed, the proxy in front of the server stops
    (the server went away); ``back`` > 0: it opens again that many seconds later."""
    import warreader.ingest.sync
    import warreader.store.pg.resume

    monkeypatch.setattr(warreader.ingest.sync, "COMMIT_SECONDS", 0.0)
    monkeypatch.setattr(warreader.store.pg.resume, "WAITS", (0.5, 0.5, 0.5, 0.5))
    state: dict[str, Any] = {"back": 0.0, "cuts": 0}
    execute = PgConnection.execute

    def cutting(self: PgConnection, sql: str, params: Any = ()) -> Any:
        result = execute(self, sql, params)
        if sql == "COMMIT" and self.stored >= 32 and not state["cuts"]:
            state["cuts"] += 1
            proxy.stop()
            if state["back"]:
                threading.Timer(state["back"], proxy.start).start()
        return result

    monkeypatch.setattr(PgConnection, "execute", cutting)
    return state


def expected(folder: Path) -> dict[str, Any]:
    from pg_server import Backend

    library = Backend("sqlite").load([str(folder)])
    try:
        return library_to_json(library)
    finally:
        library.close()


def stored(pg_url: str, folder: Path) -> dict[str, Any]:
    from pg_server import Backend

    library = Backend("postgresql", validate(pg_url)).load([str(folder)])
    try:
        return library_to_json(library)
    finally:
        library.close()


def test_a_server_back_within_the_waits_is_waited_for(
    pg_url: str, proxy: Any, cut: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = corpus(tmp_path)
    cut["back"] = 1.2
    url = f"postgresql://postgres@127.0.0.1:{proxy.port}/warreader_test"
    code = main(["index", "--db", url, "--workers", "1", "-q", str(folder)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert cut["cuts"] == 1
    waits = [line for line in err.splitlines() if "trying again in" in line]
    assert waits and waits[0].startswith(
        f"warreader: lost the connection to PostgreSQL at 127.0.0.1:{proxy.port}"
    )
    assert "Traceback" not in err and "96 articles indexed" in err
    # resumed: the files committed before the cut were not read again
    unchanged = int(err.rsplit(" changed, ", 1)[1].split(" removed, ", 1)[1].split(" unchanged")[0])
    assert unchanged >= 32, err
    assert stored(pg_url, folder) == expected(folder)


def test_a_server_that_stays_away_is_one_line_and_running_again_resumes(
    pg_url: str, proxy: Any, cut: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = corpus(tmp_path)
    url = f"postgresql://postgres@127.0.0.1:{proxy.port}/warreader_test"
    code = main(["index", "--db", url, "--workers", "1", "-q", str(folder)])
    err = capsys.readouterr().err
    assert code == 1, err
    lines = err.splitlines()
    assert len([line for line in lines if "trying again in" in line]) == 4  # one line per wait
    last = lines[-1]
    assert last.startswith("warreader: indexing failed (PostgreSQL at 127.0.0.1:")
    assert "did not come back within 2 s; this run stored " in last
    assert last.endswith("what was stored is kept; running the same command again resumes"), last
    assert len(lines) == 5 and "Traceback" not in err
    said = int(last.split("this run stored ")[1].split(" article")[0])
    assert said >= 32
    code = main(["index", "--db", pg_url, "--workers", "1", "-q", str(folder)])  # the server, directly
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"{96 - said} files added" in err and f"{said} unchanged" in err, err
    assert stored(pg_url, folder) == expected(folder)
