"""A write run that outlives a server gone for a moment: wait, connect again, run again.

``warreader index --db`` commits what it stores about once a second (the ingest path's
``Batches``), so when the server goes away mid-run everything committed is kept, and a sync run
again skips it (a stored file with its size and mtime unchanged is not read again): running
again *is* resuming. :func:`resuming` does that within the run: on an error that says the server
is away (:attr:`~warreader.store.pg.errors.Problem.transient`), it waits (:data:`WAITS`, about
30 s in all, one line per wait), connects again and runs again; if the server stays away it
raises one :class:`StoreError` saying how many articles this run stored before it went (they are
kept; ``warreader index`` adds that running it again resumes).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from warreader.store.pg.errors import Problem, StoreError, classify

if TYPE_CHECKING:
    from warreader.store.pg.index import PgIndex

T = TypeVar("T")

WAITS: Sequence[float] = (1.0, 2.0, 4.0, 8.0, 15.0)
"""Seconds waited before each new connection attempt after the server went (30 s in all)."""
OUTAGES = 5
"""How many times one run waits for the server (then it stops: the server comes and goes)."""


def away(error: BaseException, index: PgIndex) -> Problem | None:
    """The problem when ``error`` says the server is away (trying again later may work), else None."""
    if isinstance(error, StoreError):
        return error.problem if error.problem.transient else None
    psycopg = sys.modules.get("psycopg")
    pool = sys.modules.get("psycopg_pool")
    kinds = tuple(m.Error for m in (psycopg, pool) if m is not None and hasattr(m, "Error"))
    if kinds and isinstance(error, kinds):
        problem = classify(error, index.location)
        return problem if problem.transient else None
    return None


def resuming(
    index: PgIndex,
    run: Callable[[], T],
    say: Callable[[str], None],
    waits: Sequence[float] | None = None,
) -> T:
    """``run()``, run again (after connecting ``index`` again) each time the server went away
    and came back within ``waits``; ``say`` gets one line per wait."""
    waits = WAITS if waits is None else waits
    for _ in range(OUTAGES):
        try:
            return run()
        except Exception as error:
            if away(error, index) is None:
                raise
        _wait_for(index, waits, say)
    return run()


def _wait_for(index: PgIndex, waits: Sequence[float], say: Callable[[str], None]) -> None:
    """Connect ``index`` again, waiting ``waits`` between attempts; raise when the server stays away."""
    where = f"PostgreSQL at {index.location.host}:{index.location.port}"
    for number, wait in enumerate(waits):
        what = f"lost the connection to {where}" if number == 0 else f"{where} is still away"
        say(f"{what}; what was stored is kept, trying again in {wait:g} s")
        time.sleep(wait)
        try:
            index.reconnect()
            return
        except StoreError as error:
            if not error.problem.transient:
                raise
    stored = index.stored
    raise StoreError(
        Problem(
            "gone",
            f"{where} did not come back within {sum(waits):g} s; this run stored {stored:,} article"
            f"{'' if stored == 1 else 's'} before it went",
        )
    )
