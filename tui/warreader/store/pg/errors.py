"""What went wrong talking to PostgreSQL, as one line for people (passwords hidden).

:func:`classify` sorts an exception raised by psycopg or psycopg_pool into a :class:`Problem`:
its ``kind`` (what the caller does next) and its ``message`` (what the user reads)::

    unreachable   the server is not there: refused, no such host, timed out (a correction is queued)
    gone          the server went away mid-session: shut down, connection lost (queued, retried)
    auth          the password or the role was refused
    no-database   the database named does not exist
    read-only     the role may read but not write (SQLSTATE 25006 read-only transaction,
                  42501 insufficient privilege)
    outdated      the database was extracted by a newer warreader: this one may read, not index
    other         anything else: the server's own first line

``unreachable`` and ``gone`` are :attr:`Problem.transient`: trying again later may work. The
classification reads the SQLSTATE when the server sent one and the client library's message
otherwise (a refused connection has no SQLSTATE); psycopg is not imported here.
"""

from __future__ import annotations

from dataclasses import dataclass

from warreader.store.pg.location import Location, redact

KINDS = ("unreachable", "gone", "auth", "no-database", "read-only", "outdated", "other")

_BY_SQLSTATE = {
    "28P01": "auth",  # invalid_password
    "28000": "auth",  # invalid_authorization_specification (no pg_hba entry, unknown role)
    "3D000": "no-database",  # invalid_catalog_name
    "25006": "read-only",  # read_only_sql_transaction
    "42501": "read-only",  # insufficient_privilege
    "57P01": "gone",  # admin_shutdown
    "57P02": "gone",  # crash_shutdown
    "57P03": "unreachable",  # cannot_connect_now (starting up, shutting down)
    "08000": "gone",
    "08003": "gone",
    "08006": "gone",  # connection_failure
    "08001": "unreachable",  # sqlclient_unable_to_establish_sqlconnection
    "08004": "unreachable",  # sqlserver_rejected_establishment_of_sqlconnection
    "53300": "unreachable",  # too_many_connections
}

_BY_TEXT = (
    ("password authentication failed", "auth"),
    ("no password supplied", "auth"),
    ("no pg_hba.conf entry", "auth"),
    ('role "', "auth"),
    ("does not exist", "no-database"),
    ("connection refused", "unreachable"),
    ("could not translate host name", "unreachable"),
    ("name or service not known", "unreachable"),
    ("timeout expired", "unreachable"),
    ("timed out", "unreachable"),
    ("couldn't get a connection", "unreachable"),
    ("no route to host", "unreachable"),
    ("network is unreachable", "unreachable"),
    ("server closed the connection", "gone"),
    ("terminating connection", "gone"),
    ("consuming input failed", "gone"),
    ("connection is lost", "gone"),
    ("the connection is closed", "gone"),
    ("connection already closed", "gone"),
    ("ssl syscall error", "gone"),
    ("read-only transaction", "read-only"),
    ("permission denied", "read-only"),
)


@dataclass(frozen=True)
class Problem:
    kind: str
    message: str

    @property
    def transient(self) -> bool:
        """Whether the server may be back later (a queued correction will be sent then)."""
        return self.kind in ("unreachable", "gone")


OUTDATED = Problem(
    "outdated",
    "this database was indexed by a newer warreader (its extraction has changed): upgrade warreader to "
    "index into it; reading it works",
)


class StoreError(Exception):
    """A PostgreSQL store operation failed; ``problem`` says how (its message is one line)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def first_line(error: BaseException) -> str:
    """The error's first non-empty line, its passwords hidden."""
    for line in str(error).splitlines():
        if line.strip():
            return redact(line.strip())
    return type(error).__name__


def _kind(error: BaseException) -> str:
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate in _BY_SQLSTATE:
        return _BY_SQLSTATE[sqlstate]
    name = type(error).__name__
    if name == "PoolTimeout":
        return "unreachable"
    if name in ("ConnectionTimeout", "ConnectionRefusedError", "TimeoutError"):
        return "unreachable"
    text = str(error).casefold()
    for needle, kind in _BY_TEXT:
        if needle in text:
            if kind == "no-database" and "database" not in text:
                continue
            return kind
    if isinstance(error, (ConnectionError, OSError)):
        return "unreachable"
    return "other"


def classify(error: BaseException, location: Location | None = None) -> Problem:
    """``error`` (from psycopg, psycopg_pool or the socket) as a :class:`Problem` for ``location``."""
    kind = _kind(error)
    where = f"PostgreSQL at {location.host}:{location.port}" if location else "the PostgreSQL server"
    database = f"database {location.dbname!r}" if location and location.dbname else "the database"
    who = f"role {location.user!r}" if location and location.user else "the role given"
    detail = first_line(error)
    message = {
        "unreachable": f"cannot reach {where} ({detail}); is the server running?",
        "gone": f"lost the connection to {where} ({detail}); will try again",
        "auth": f"{where} refused {who} ({detail}); check the user name and password",
        "no-database": f"{where} has no {database} (create it with: createdb {location.dbname})"
        if location and location.dbname
        else f"{where}: {detail}",
        "read-only": f"{who} may not write to {database} on {where} ({detail}); "
        "ask for INSERT/UPDATE rights or use another role",
        "other": f"{where}: {detail}",
    }[kind]
    return Problem(kind, message)
