"""``warreader index PATH...``: build or update the corpus index, with a progress line on stderr."""

from __future__ import annotations

import argparse
import contextlib
import functools
import sqlite3
import sys
from typing import TYPE_CHECKING, TextIO

from warreader.cli.common import EXIT_CODES
from warreader.cli.links import add_option, honoured
from warreader.ingest.progress import Progress, progress_line

if TYPE_CHECKING:
    from warreader.store.index import Index


def _size(count: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} GB"


class ProgressPrinter:
    """Rewrites one line on a terminal; on a pipe, prints a line now and then."""

    def __init__(self, stream: TextIO, every: float = 2.0) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.every = every
        self._last = -every
        self._width = 0

    def __call__(self, state: Progress) -> None:
        if state.stage == "done":
            return
        line = progress_line(state)
        if self.tty:
            self.stream.write("\r" + line.ljust(self._width))
            self._width = len(line)
        elif state.elapsed - self._last >= self.every or state.stage != "extracting":
            self.stream.write(line + "\n")
            self._last = state.elapsed
        self.stream.flush()

    def finish(self) -> None:
        if self.tty and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()


HELP = "build or update the corpus index ahead of time (progress on stderr)"


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warreader index",
        epilog=EXIT_CODES,
        description="Build or update the index of a corpus (in the cache folder), so that opening it is "
        "instant. Only new and changed files are read again.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders")
    parser.add_argument(
        "--rebuild", action="store_true", help="build the index again (the old one stays until it is done)"
    )
    parser.add_argument(
        "--rebuild-all",
        action="store_true",
        help=argparse.SUPPRESS,  # hidden as --db is: on PostgreSQL, the whole database's index emptied first
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="processes to extract with (default: cores)"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress line")
    add_option(parser)
    parser.set_defaults(on_postgresql=True)  # --db URL: the index in that database
    return parser


def _open(args: argparse.Namespace, paths: list[str]) -> Index:
    """The index named by --db / $WARREADER_DB / [store] url, else the corpus's in the cache folder."""
    from warreader.store.index import Index

    location = getattr(args, "db_location", None)  # checked by ``honoured``
    if location is None:
        return Index.for_paths(paths, rebuild=args.rebuild or args.rebuild_all)
    from warreader.store.pg.index import PgIndex

    return PgIndex(location, rebuild=args.rebuild, paths=paths, rebuild_all=args.rebuild_all)


def _say(printer: ProgressPrinter, line: str) -> None:
    printer.finish()
    print(f"warreader: {line}", file=sys.stderr, flush=True)


@honoured
def run(args: argparse.Namespace) -> int:
    from warreader.corpus.locations import corpus_paths, missing_message, missing_paths
    from warreader.ingest.sync import sync
    from warreader.store.pg.errors import StoreError

    paths = corpus_paths(args.paths)
    missing = missing_paths(paths)
    if missing:  # no index is made for a corpus that is not there
        print(missing_message(missing), file=sys.stderr)
        return 1
    try:
        index = _open(args, paths)
    except (OSError, sqlite3.OperationalError) as error:
        print(f"warreader: the index cannot be written ({error})", file=sys.stderr)
        return 1
    except StoreError as error:
        print(f"warreader: {error}", file=sys.stderr)
        return 1
    if getattr(index, "refusal", ""):  # PostgreSQL: extracted by a newer release
        print(f"warreader: {index.where}: {index.refusal}", file=sys.stderr)  # type: ignore[attr-defined]
        index.close()
        return 1
    if index.message:
        print(f"warreader: {index.where}: {index.message}", file=sys.stderr)
    printer = ProgressPrinter(sys.stderr)
    kept = (
        "the previous index is kept" if index.building and index.path.exists() else "what was stored is kept"
    )
    resuming = getattr(index, "resuming", None)  # PostgreSQL: waits for a server gone a moment
    if resuming is not None:
        kept += "; running the same command again resumes"
    try:
        once = functools.partial(
            sync, index, paths, progress=None if args.quiet else printer, workers=args.workers
        )
        report = once() if resuming is None else resuming(once, functools.partial(_say, printer))
    except KeyboardInterrupt:
        printer.finish()
        print(f"warreader: indexing interrupted; {kept}", file=sys.stderr)
        index.close()
        return 130
    except Exception as error:  # one line, never a traceback
        from warreader.cli.database import store_problem

        printer.finish()
        why = store_problem(error, args) or f"{type(error).__name__}: {error}"
        print(f"warreader: indexing failed ({why}); {kept}", file=sys.stderr)
        index.close()
        return 1
    finally:
        with contextlib.suppress(Exception):
            index.checkpoint()
    printer.finish()
    for problem in [*report.problems, *index.problems()]:
        print(f"warreader: {problem}", file=sys.stderr)
    count = index.article_count()
    rate = report.words / report.extract_seconds if report.extract_seconds > 0 else 0.0
    print(
        f"{count:,} articles indexed in {report.seconds:.1f} s: {report.added} files added, "
        f"{report.changed} changed, {report.removed} removed, {report.unchanged} unchanged"
        + (f"; {report.words:,} words extracted at {rate:,.0f} words/s" if report.words else "")
        + f"; index {_size(index.size_on_disk())} at {index.where}",
        file=sys.stderr,
    )
    index.close()
    if not count:
        print(f"warreader: no articles could be read in {', '.join(paths)}", file=sys.stderr)
        return 1
    return 0
