"""The app on a team's PostgreSQL database (``warreader --db URL``): its index and shared corrections.

The index is a :class:`warreader.store.pg.index.PgIndex` read exactly as the SQLite one (the
library, the views, search and mention walks go through the same queries). Corrections go to
:class:`warreader.store.pg.corrections.SharedCorrections` under the analyst's name
(:func:`author_name`) instead of the state file; the app shows the team's live corrections plus
the ones queued here while the server was away, in the order the server received them.

Every call to the server runs in a thread (one at a time, under a lock), so a server gone
mid-session never freezes the screen: the first failure says so in one line, corrections made
meanwhile are queued in the data folder, and the app keeps showing what it has loaded. A
refresh (each time the reading state is saved, on ``r``, and every :data:`REFRESH_EVERY`
seconds) sends what is queued and picks up what others changed since the last one; a change
that replaced a live correction (last writer wins per group) is said in one line, and the
history of an entity's corrections lists who made each one, when, and what replaced it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.message_pump import MessagePump

from warreader.ui.highlight import inert_line

if TYPE_CHECKING:
    from textual.app import App

    from warreader.model import Correction
    from warreader.store.pg.corrections import Entry, SharedCorrections
    from warreader.store.pg.location import Location

REFRESH_EVERY = 60.0
"""Seconds between two refreshes of the team's corrections while the app runs."""
SERVER_TIMEOUT = 3.0
"""How long a call waits for a connection before the server counts as away."""


def author_name(configured: str | None = None) -> str:
    """Who the corrections made here are by: ``$WARREADER_AUTHOR``, else ``[store] author`` in the
    config, else the login name."""
    from warreader.store.pg.corrections import default_author

    return default_author(configured)


def store_line(error: BaseException) -> str | None:
    """One line for an error of the PostgreSQL store (None: not one)."""
    import sys

    from warreader.store.pg.errors import StoreError, classify

    if isinstance(error, StoreError):
        return str(error)
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None and isinstance(error, psycopg.Error):
        return classify(error).message
    return None


class Team:
    """The database at ``location`` as the app ``app`` uses it, with corrections by ``author``."""

    def __init__(
        self, app: App[Any], location: Location, author: str, *, timeout: float = SERVER_TIMEOUT
    ) -> None:
        from warreader.store.pg.corrections import SharedCorrections

        self.app = app
        self.location = location
        self.shared: SharedCorrections = SharedCorrections(location, author, timeout=timeout)
        self.entries: dict[int, Entry] = {}
        """Every row seen so far, by id (the live ones are what applies)."""
        self.cursor = 0
        self.started = False
        self.offline = False
        """The server could not be reached at the last call (said once, until it is back)."""
        self.closing = False
        self.index: Any = None
        """The index the app reads (reconnected after the server comes back)."""
        self._lock = threading.Lock()

    @property
    def author(self) -> str:
        return self.shared.author

    # -- the index -----------------------------------------------------------------------

    def open_index(self) -> Any:
        """The database's index (raises StoreError when it cannot be opened)."""
        from warreader.store.pg.index import PgIndex

        self.index = PgIndex(self.location)
        return self.index

    def complete_index(self) -> Any:
        """The database's index when it holds a complete corpus (shown in the first frame), else
        None (the loading thread opens it again and says what is wrong)."""
        try:
            index = self.open_index()
        except Exception:
            return None
        if index.complete:
            return index
        index.close()
        self.index = None
        return None

    def absorbed(self, error: BaseException) -> bool:
        """Whether ``error`` (raised on the screen's thread) is the database failing: then it is
        said in one line (once, until the server is back) and the app goes on."""
        line = store_line(error)
        if line is None:
            return False
        if not self.offline:
            self.offline = True
            self.app.notify(
                inert_line(self._away(line)), title="Team database", severity="warning", markup=False
            )
        return True

    def reconnect(self) -> None:
        """The server is back: a new connection for the index the screens read, if its own died."""
        index = getattr(getattr(self.app, "library", None), "index", None) or self.index
        raw = getattr(getattr(index, "conn", None), "raw", None)
        if raw is None or not raw.closed:
            return
        from warreader.store.pg.connection import connect
        from warreader.store.pg.dialect import PgConnection

        with suppress(Exception):  # still away: the next refresh tries again
            index.conn = PgConnection(connect(self.location, autocommit=True))

    # -- the corrections -------------------------------------------------------------------

    def corrections(self) -> list[Correction]:
        """What applies here: the team's live corrections (in the order the server received
        them), then the ones queued here and not yet sent."""
        live = [e.correction for _, e in sorted(self.entries.items()) if e.live]
        return live + self._pending()

    def _pending(self) -> list[Correction]:
        with suppress(Exception):  # an unreadable queue file: said when a correction is saved
            return self.shared.pending()
        return []

    def begin(self) -> tuple[list[Correction], str]:
        """The first read of the team's corrections (on the screen's thread, before the corpus is
        shown): the corrections and a line to say (empty: none)."""
        self.started = True
        with self._lock:
            try:
                self._take(self.shared.refresh(self.cursor))
            except Exception as error:
                line = store_line(error)
                if line is None:
                    raise
                self.offline = True
                return self.corrections(), self._away(line)
        return self.corrections(), ""

    def _take(self, refresh: Any) -> list[str]:
        """Keep the rows of ``refresh``; the lines saying which live corrections were replaced."""
        lines = []
        for entry in refresh.changes:
            before = self.entries.get(entry.id)
            self.entries[entry.id] = entry
            if before is not None and before.live and entry.superseded_by is not None:
                lines.append(self._replaced(entry))
        self.cursor = refresh.cursor
        return lines

    def _replaced(self, entry: Entry) -> str:
        """One line: "Your rename Kharkiv to “Kharkov” was replaced by bo's rename … (…)"."""
        winner = self.entries.get(entry.superseded_by or -1)
        whose = self._whose(entry)
        line = f"{whose[:1].upper()}{whose[1:]} {entry.correction.describe()} was replaced by "
        if winner is None:
            return line + f"correction #{entry.superseded_by} (see the history)"
        return (
            line
            + f"{self._whose(winner)} {winner.correction.describe()} (the last change wins; see the history)"
        )

    def _whose(self, entry: Entry) -> str:
        return "your" if entry.author == self.author else f"{entry.author}'s"

    def history(self, group: str | None) -> list[Entry]:
        """The rows seen of ``group`` (every row for None), newest first."""
        rows = [e for e in self.entries.values() if group is None or e.group == group or _names(e, group)]
        return sorted(rows, key=lambda e: e.id, reverse=True)

    def _away(self, line: str) -> str:
        return f"{line}; showing what is loaded: corrections made now are kept here and sent when it returns"

    # -- calls in a thread -------------------------------------------------------------------

    def run(self, call: Callable[[], Any], then: Callable[[Any, list[str]], None]) -> None:
        """``call()`` in a thread under the lock, then ``then(result, lines)`` on the screen's
        thread: ``lines`` say what happened (the server gone or back, replaced corrections).
        An error of the store gives ``result`` None and a line."""

        def work() -> None:
            with self._lock:
                result, lines = self._call(call)
            with suppress(RuntimeError):  # the app has closed
                self.app.call_from_thread(then, result, lines)

        self.app.run_worker(work, name="team", group="team", thread=True, exit_on_error=False)

    def _call(self, call: Callable[[], Any]) -> tuple[Any, list[str]]:
        queued = len(self._pending()) if self.offline else 0
        result = None
        try:
            result = call()  # kept when only the refresh after it fails (an undo of a queued one)
            lines = self._take(self.shared.refresh(self.cursor))
        except Exception as error:
            line = store_line(error)
            if line is None:
                raise
            transient = getattr(getattr(error, "problem", None), "transient", True)
            if not transient:
                return result, [line]
            was, self.offline = self.offline, True
            return result, [] if was else [self._away(line)]
        if self.offline:
            self.offline = False
            self.reconnect()
            sent = queued - len(self._pending())
            lines.insert(0, f"{self.location.shown} is back" + (f": {sent} queued sent" if sent > 0 else ""))
        return result, lines

    def save(self, correction: Correction) -> Any:
        """Send ``correction`` (in the thread of :meth:`run`): ``Saved``; queued when the server is away."""
        saved = self.shared.save(correction)
        if saved.status == "queued":
            from warreader.store.pg.errors import Problem, StoreError

            raise StoreError(Problem("unreachable", saved.message.split("; the correction")[0]))
        return saved

    def close(self) -> None:
        self.closing = True
        with suppress(Exception):
            self.shared.close()


class Sheltered(MessagePump):
    """A screen (or the app) whose handlers read the team's database: a read that fails because the
    server went away is said in one line and the handler given up, and the screen goes on (Textual
    would otherwise stop the screen's message loop, and the app, at the first such error)."""

    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            team: Team | None = getattr(self.app, "team", None)
            if team is None or not team.absorbed(error):
                raise


def _names(entry: Entry, group: str) -> bool:
    """Whether ``entry`` merges ``group`` or into it."""
    c = entry.correction
    return c.into == group or c.group == group


def history_items(team: Team, group: str | None) -> list[tuple[str, Any, str]]:
    """The corrections screen's history: one item per row (who, when, what, whether it applies)."""
    from rich.text import Text

    items = []
    for entry in team.history(group):
        when = entry.created.astimezone().strftime("%Y-%m-%d %H:%M")
        text = Text(inert_line(entry.correction.describe()), end="")
        text.append(f"\n  #{entry.id} by {inert_line(entry.author)}, {when} · {entry.status}", style="dim")
        items.append((str(entry.id), text, f"{entry.correction.describe()} {entry.author} {entry.status}"))
    return items


def joined(app: App[Any], location: Location | None, config: Any) -> Team | None:
    """The team's database for ``app`` (None: the local SQLite index and state file)."""
    if location is None:
        return None
    return Team(app, location, author_name(getattr(config, "store_author", None)))


def index_for(team: Team | None, paths: list[str]) -> Any:
    """The index the app reads: the team's database's, else the corpus's SQLite one."""
    if team is not None:
        return team.open_index()
    from warreader.store.index import Index

    return Index.for_paths(paths)
