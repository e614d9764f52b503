"""r: fetch every feed from inside the app, with a progress bar, while the list stays usable.

The feeds are fetched side by side in a thread (:func:`warreader.ingest.feeds.refresh`); once they
are in, the corpus is brought up to date the way a launch does it (the app's load worker), so the
new articles appear in the list without a restart, the open article and the followed entity kept.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from warreader.ui.highlight import inert_line
from warreader.wording import counted

if TYPE_CHECKING:
    from warreader.corpus.feedstore import Feed
    from warreader.ingest.feeds import FeedResult
    from warreader.ui.app import WarReaderApp

SIDE_BY_SIDE = 4
"""Feeds fetched at once (a hanging server holds up only its own feed)."""


def _inside(folder: Path, paths: list[str]) -> bool:
    """Whether ``folder`` is one of ``paths`` or inside one of them."""
    folder = folder.resolve()
    for path in paths:
        with suppress(OSError, ValueError):
            base = Path(os.path.expanduser(path)).resolve()
            if folder == base or base in folder.parents:
                return True
    return False


class FeedRefresh:
    """One app's feed refreshes (one at a time)."""

    def __init__(self, app: WarReaderApp) -> None:
        self.app = app
        self.running = False
        self.timeout = 20.0
        """Seconds each feed may take (connect and read), as ``warreader feeds fetch --timeout``."""

    def start(self) -> None:
        from warreader.corpus.feedstore import load_feeds
        from warreader.corpus.problem import Problem

        app = self.app
        if self.running:
            app.notify("The feeds are being fetched already.", title="Feeds")
            return
        problems: list[Problem] = []
        feeds = load_feeds(problems)
        for problem in problems:
            app.notify(str(problem), title="Feeds", severity="warning", markup=False)
        if not feeds:
            app.notify("No feeds yet: add one with  warreader feeds add URL", title="Feeds")
            return
        self.running = True
        self.show_progress(0, len(feeds), Text(f"Fetching {counted(len(feeds), 'feed')}…", style="dim"))
        app.run_worker(lambda: self._fetch(feeds), name="feeds", thread=True, exit_on_error=False)

    def _fetch(self, feeds: list[Feed]) -> None:
        from textual.worker import get_current_worker

        from warreader.ingest.feeds import refresh

        worker, app = get_current_worker(), self.app
        warnings: list[str] = []

        def done(result: FeedResult, finished: int, total: int) -> None:
            line = Text(f"Fetching feeds: {finished}/{total} · ", style="dim")
            line.append(inert_line(result.url) + ": " + inert_line(result.result))
            with suppress(RuntimeError):
                app.call_from_thread(self.show_progress, finished, total, line)

        try:
            results = refresh(
                feeds,
                timeout=self.timeout,
                workers=SIDE_BY_SIDE,
                warn=warnings.append,
                done=done,
                cancelled=lambda: worker.is_cancelled,
            )
        except Exception as error:  # a feed list or state that cannot be written: one line
            results, warnings = [], [f"{type(error).__name__}: {error}"]
        if not worker.is_cancelled:
            with suppress(RuntimeError):
                app.call_from_thread(self._finished, results, warnings)

    def show_progress(self, done: int | None, total: int, line: Text) -> None:
        """The feeds' progress bar and status line (``done`` None: the fetch is over)."""
        from textual.widgets import ProgressBar

        bar = next(self.app.reading.query("#feeds-progress").results(ProgressBar), None)
        if done is None:
            if bar is not None:
                bar.display = False
            self.app.reading.refresh_view()  # the status line says what it said before
            return
        if bar is None:
            bar = ProgressBar(id="feeds-progress", show_eta=False)
            self.app.reading.mount(bar, after="#status")
        bar.display = True
        bar.update(total=max(1, total), progress=done)
        self.app.reading.show_status(line)

    def _finished(self, results: list[FeedResult], warnings: list[str]) -> None:
        from warreader.corpus.feedstore import articles_dir

        app = self.app
        self.running = False
        self.show_progress(None, 0, Text(""))
        failed = [r for r in results if r.failed]
        new = sum(r.new for r in results)
        summary = f"{counted(len(results), 'feed')} fetched, {counted(new, 'new article')}"
        for result in failed[:3]:
            app.notify(
                f"{result.url}: {result.result}", title="Feed failed", severity="warning", markup=False
            )
        for warning in warnings[:3]:
            app.notify(warning, title="Feeds", severity="warning", markup=False)
        if failed:
            summary += f"; {len(failed)} failed"
        folder = articles_dir()
        if new and _inside(folder, app.paths):
            app.notify(summary + " — adding them to the list…", title="Feeds", markup=False)
            app.reload_corpus([path for result in results for path in result.paths])
        elif new:
            app.notify(
                f"{summary}, stored in {folder}: not part of this corpus; read it with  warreader {folder}",
                title="Feeds",
                markup=False,
                timeout=10,
            )
        else:
            app.notify(summary, title="Feeds", markup=False)
