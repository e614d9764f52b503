"""Connections to PostgreSQL: a psycopg_pool.ConnectionPool per database, imported when first used.

:func:`open_pool` checks the server with one direct connection first, so a refused connection,
a bad password or an unknown database is a :class:`~warreader.store.pg.errors.StoreError` with
one clear line (a pool would only say it timed out), then opens the pool. Pooled connections
are checked before they are lent (a server restarted since is found then, not in the middle of
a transaction); callers turn psycopg's errors into StoreError with
:func:`warreader.store.pg.errors.classify`, so they handle one exception and read
``problem.kind``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from warreader.store.pg.errors import StoreError, classify
from warreader.store.pg.location import Location

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

CONNECT_TIMEOUT_S = 5
APPLICATION_NAME = "warreader"


def _missing_driver() -> StoreError:
    from warreader.store.pg.errors import Problem

    return StoreError(
        Problem(
            "other",
            "the PostgreSQL store needs psycopg: pip install 'warreader[postgres]'",
        )
    )


def _kwargs() -> dict[str, Any]:
    return {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": APPLICATION_NAME}


def connect(location: Location, **kwargs: Any) -> psycopg.Connection[Any]:
    """One connection outside any pool (for the migrations and for checking a server)."""
    try:
        import psycopg
    except ImportError:
        raise _missing_driver() from None
    try:
        return psycopg.connect(location.url, **{**_kwargs(), **kwargs})
    except psycopg.Error as error:
        raise StoreError(classify(error, location)) from None


def open_pool(
    location: Location, min_size: int = 1, max_size: int = 4, timeout: float = CONNECT_TIMEOUT_S
) -> ConnectionPool[Any]:
    """A pool of connections to ``location``, checked now (raises StoreError). ``timeout``: how
    long a caller waits for a connection (a server gone is found after that long at most)."""
    try:
        from psycopg_pool import ConnectionPool
    except ImportError:
        raise _missing_driver() from None
    connect(location).close()
    pool: ConnectionPool[Any] = ConnectionPool(
        location.url,
        min_size=min_size,
        max_size=max_size,
        kwargs=_kwargs(),
        check=ConnectionPool.check_connection,
        timeout=timeout,
        open=False,
        name="warreader",
    )
    try:
        pool.open(wait=True, timeout=max(timeout, CONNECT_TIMEOUT_S))
    except Exception as error:
        pool.close()
        raise StoreError(classify(error, location)) from None
    return pool
