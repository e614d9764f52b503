"""Connection errors as one line: refused, bad password, unknown database, read-only role, gone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from warreader.store.pg.connection import connect, open_pool
from warreader.store.pg.errors import StoreError, classify
from warreader.store.pg.location import validate
from warreader.store.pg.migrations import migrate

PASSWORD = "Pw-9f3k-secret"


def problem_of(url: str) -> Any:
    with pytest.raises(StoreError) as caught:
        open_pool(validate(url))
    problem = caught.value.problem
    assert "\n" not in problem.message
    assert PASSWORD not in problem.message
    return problem


def test_refused_port(closed_port: int) -> None:
    problem = problem_of(f"postgresql://postgres@127.0.0.1:{closed_port}/warreader_test")
    assert problem.kind == "unreachable" and problem.transient
    assert problem.message.startswith("cannot reach PostgreSQL at 127.0.0.1:")
    assert "is the server running?" in problem.message


def test_unknown_database(pg_server: Any) -> None:
    problem = problem_of(pg_server.url("no_such_corpus"))
    assert problem.kind == "no-database" and not problem.transient
    assert (
        "has no database 'no_such_corpus'" in problem.message and "createdb no_such_corpus" in problem.message
    )


def test_bad_password(pg_server: Any, psql: Callable[..., Any]) -> None:
    psql(f"CREATE ROLE analyst LOGIN PASSWORD '{PASSWORD}'")
    try:
        problem = problem_of(pg_server.url("warreader_test", "analyst", "wrong-" + PASSWORD))
        assert problem.kind == "auth"
        assert "refused role 'analyst'" in problem.message and "password" in problem.message
        # the right one works (so it was the password that was refused)
        connect(validate(pg_server.url("warreader_test", "analyst", PASSWORD))).close()
    finally:
        psql("DROP ROLE analyst")


def test_read_only_role(pg_server: Any, pg_url: str, psql: Callable[..., Any]) -> None:
    """A role granted SELECT only can read the corrections, and saving one is refused in one line."""
    from warreader.model import Correction
    from warreader.store.pg.corrections import SharedCorrections

    location = validate(pg_url)
    migrate(location)
    psql(f"CREATE ROLE reader LOGIN PASSWORD '{PASSWORD}'")
    try:
        psql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
        reading = validate(pg_server.url("warreader_test", "reader", PASSWORD))
        with SharedCorrections(reading, "reader") as store:  # up to date: migrating needs no rights
            assert store.live() == []
            with pytest.raises(StoreError) as caught:
                store.save(Correction("rename", group="place:1", name="Kyiv"))
            assert store.pending() == []  # refused, not queued: waiting would not help
        problem = caught.value.problem
        assert problem.kind == "read-only" and not problem.transient
        assert "role 'reader' may not write" in problem.message and PASSWORD not in problem.message
        # and in a read-only transaction (SQLSTATE 25006)
        with connect(reading) as conn, pytest.raises(Exception) as raw:
            conn.execute("SET TRANSACTION READ ONLY")
            conn.execute("CREATE TEMP TABLE t(x int)")
        assert getattr(raw.value, "sqlstate", None) == "25006"
        assert classify(raw.value, reading).kind == "read-only"
    finally:
        psql("DROP OWNED BY reader")
        psql("DROP ROLE reader")


def test_server_gone_mid_session(pg_server: Any, pg_url: str, proxy: Any) -> None:
    """A pooled connection cut by the network: the next use says the connection was lost
    (or, once the pool checks, that the server cannot be reached), in one line."""
    location = validate(f"postgresql://postgres@127.0.0.1:{proxy.port}/warreader_test")
    conn = connect(location)
    assert conn.execute("SELECT 1").fetchone() == (1,)
    proxy.stop()
    with pytest.raises(Exception) as caught:
        conn.execute("SELECT 1")
    problem = classify(caught.value, location)
    assert problem.kind == "gone" and problem.transient
    assert problem.message.startswith(f"lost the connection to PostgreSQL at 127.0.0.1:{proxy.port}")
    assert "\n" not in problem.message
    conn.close()


def test_admin_shutdown_is_gone(pg_server: Any, pg_url: str, psql: Callable[..., Any]) -> None:
    """The server ending our backend (SQLSTATE 57P01, as at a shutdown) is 'gone' too."""
    location = validate(pg_url)
    conn = connect(location)
    pid = conn.info.backend_pid
    psql("SELECT pg_terminate_backend(%s)", pid)
    with pytest.raises(Exception) as caught:
        conn.execute("SELECT 1")
    assert classify(caught.value, location).kind == "gone"
    conn.close()
