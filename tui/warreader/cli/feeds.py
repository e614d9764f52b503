"""``warreader feeds``: keep a list of RSS/Atom feeds and fetch them into article files.

warreader feeds add URL [--name NAME]    add a feed to the list
warreader feeds remove URL               remove it (stored articles stay)
warreader feeds list                     the feeds, when each was last fetched and how it went
warreader feeds fetch [URL...]           fetch all feeds (or the ones named), store new items
warreader feeds dir                      print the folder of stored articles (open it with warreader)
warreader feeds import FILE.opml         add the feeds of an OPML list (folders become tags)
warreader feeds export [-o FILE]         write the feed list as OPML 2.0 (standard output by default)

Nothing is fetched except by ``fetch``. A feed that fails (timeout, reset, HTTP error,
not a feed) is reported and the others go on; stored articles are never lost.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from warreader.corpus.sanitize import clean_line

if TYPE_CHECKING:
    from warreader.corpus.feedstore import Feed
    from warreader.ingest.feeds import FeedResult


def _say(message: str) -> None:
    print(clean_line(message))


def _warn(message: str) -> None:
    print(f"warreader: {clean_line(message)}", file=sys.stderr)


def _load(*, editing: bool = False) -> list[Feed]:
    """The feed list; an entry that cannot be used is one line on stderr (it stays in the file).
    With ``editing``, a list that cannot be edited is a StoreError (one line, nothing written)."""
    from warreader.corpus.feedstore import load_feeds
    from warreader.corpus.problem import Problem

    problems: list[Problem] = []
    feeds = load_feeds(problems, editing=editing)
    for problem in problems:
        _warn(f"feeds: {problem}")
    return feeds


HELP = "follow RSS and Atom feeds: add, remove, list, fetch, dir, import, export (OPML)"


def parser() -> argparse.ArgumentParser:
    """The command's parser (``main`` parses with it; completion and the man page read it)."""
    return _parser()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warreader feeds", description="Follow RSS and Atom feeds.")
    commands = parser.add_subparsers(dest="command")
    add = commands.add_parser("add", help="add a feed URL to the list")
    add.add_argument("url")
    add.add_argument("--name", default="", help="a name to show for the feed")
    commands.add_parser("remove", help="remove a feed from the list").add_argument("url")
    commands.add_parser("list", help="list the feeds")
    fetch = commands.add_parser("fetch", help="fetch the feeds and store new items")
    fetch.add_argument("urls", nargs="*", metavar="URL", help="only these feeds (from the list)")
    fetch.add_argument("--timeout", type=float, default=20.0, help="seconds per feed (default 20)")
    fetch.add_argument("--max-mb", type=float, default=10.0, help="largest feed accepted, in MB (default 10)")
    fetch.add_argument(
        "--delay",
        type=float,
        default=1.0,
        help="seconds between two page requests to one site, for feeds with full_text = true (default 1)",
    )
    commands.add_parser("dir", help="print the folder where fetched articles are stored")
    opml_in = commands.add_parser("import", help="add the feeds of an OPML file (folders become tags)")
    opml_in.add_argument("file", metavar="FILE.opml")
    opml_out = commands.add_parser("export", help="write the feed list as OPML 2.0")
    opml_out.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    return parser


def main(argv: list[str]) -> int:
    from warreader.corpus.feedstore import StoreError

    if any(arg == "--db" or arg.startswith("--db=") for arg in argv):
        _warn(
            "--db: feeds keeps its list in the config folder and fetches into a folder, never an index; "
            "run it without --db"
        )
        return 2
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        match args.command:
            case "add":
                return _add(args.url, args.name)
            case "remove":
                return _remove(args.url)
            case "fetch":
                return _fetch(args.urls, args.timeout, int(args.max_mb * 1e6), max(args.delay, 0.0))
            case "import":
                return _import(args.file)
            case "export":
                return _export(args.output)
            case "dir":
                from warreader.corpus.feedstore import articles_dir

                print(articles_dir())
                return 0
            case _:
                return _list()
    except (StoreError, OSError) as error:
        _warn(f"feeds: {error}")
        return 2


def _add(url: str, name: str) -> int:
    from warreader.corpus.feedstore import Feed, save_feeds
    from warreader.corpus.fetch import is_url

    url = url.strip()
    if not is_url(url) or clean_line(url) != url or " " in url:
        _warn(f"feeds: not an http(s) URL: {url}")
        return 2
    feeds = _load(editing=True)
    if any(feed.url == url for feed in feeds):
        _say(f"already in the list: {url}")
        return 0
    save_feeds([*feeds, Feed(url, clean_line(name))])
    _say(f"added {url} (fetch it with: warreader feeds fetch)")
    return 0


def _remove(url: str) -> int:
    from warreader.corpus.feedstore import save_feeds

    feeds = _load(editing=True)
    kept = [feed for feed in feeds if feed.url != url]
    if len(kept) == len(feeds):
        _warn(f"feeds: not in the list: {url}")
        return 1
    save_feeds(kept)
    _say(f"removed {url} (its stored articles are kept)")
    return 0


def _list() -> int:
    from warreader.corpus.feedstore import config_path, feed_folder, load_state

    feeds, state = _load(), load_state()
    if not feeds:
        _say(f"no feeds yet (add one with: warreader feeds add URL); list file: {config_path()}")
        return 0
    for feed in feeds:
        info = state.get(feed.url, {})
        folder = feed_folder(feed.url)
        stored = sum(1 for _ in folder.glob("*.json")) if folder.is_dir() else 0
        last = "never fetched"
        if info.get("checked"):
            last = f"last fetched {info['checked']}: {info.get('result', '')}"
        _say(f"{feed.url}" + (f"  ({feed.name})" if feed.name else ""))
        _say(f"    {stored} articles stored; {last}")
    return 0


def _fetch(urls: list[str], timeout: float, max_bytes: int, delay: float = 1.0) -> int:
    feeds = _load()
    if urls:
        unknown = [url for url in urls if url not in {feed.url for feed in feeds}]
        for url in unknown:
            _warn(f"feeds: not in the list (add it with: warreader feeds add URL): {url}")
        feeds = [feed for feed in feeds if feed.url in urls]
        if unknown:
            return 2
    if not feeds:
        _say("no feeds to fetch (add one with: warreader feeds add URL)")
        return 0
    from warreader.ingest.feeds import refresh

    def said(result: FeedResult, _finished: int, _total: int) -> None:
        if result.failed:
            _warn(f"feeds: {result.url}: {result.result.removeprefix('failed: ')}")
        else:
            _say(f"{result.url}: {result.result}")

    results = refresh(feeds, timeout=timeout, max_bytes=max_bytes, delay=delay, warn=_warn, done=said)
    return 1 if any(result.failed for result in results) else 0


def _import(file: str) -> int:
    from warreader.corpus.feedstore import Feed, save_feeds
    from warreader.corpus.opml import MAX_BYTES, OpmlError, read_opml

    try:
        with open(file, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        _warn(f"feeds: cannot read {file}: {error.strerror or error}")
        return 1
    problems: list[str] = []
    try:
        found = read_opml(data, problems)
    except OpmlError as error:
        _warn(f"feeds: {file}: {error}")
        return 1
    for problem in problems:
        _warn(f"feeds: {file}: {problem}")
    feeds = _load(editing=True)
    known = {feed.url for feed in feeds}
    new = [Feed(item.url, item.title[:200], item.tags) for item in found if item.url not in known]
    if new:
        save_feeds([*feeds, *new])
    skipped = len(found) - len(new)
    bad = f", {len(problems)} outlines not usable" if problems else ""
    _say(f"{file}: {len(new)} feeds added, {skipped} already in the list{bad}")
    return 0 if found else 1


def _export(output: str | None) -> int:
    from pathlib import Path

    from warreader.corpus.feedstore import write_atomically
    from warreader.corpus.opml import write_opml

    text = write_opml([(feed.url, feed.name, feed.tags) for feed in _load()])
    if output is None or output == "-":
        sys.stdout.write(text)
        return 0
    write_atomically(Path(output), text)
    return 0
