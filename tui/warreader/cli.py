"""Command line: launch the reader, or extract / evaluate / check without a screen.

warreader [PATH...]                 open the reader (default: the bundled sample articles)
warreader extract [PATH...] --json  print the extraction contract
warreader eval GOLD.json [PATH...]  score extraction against a gold file
warreader check [PATH...]           list files that cannot be read

Exit codes: 0 when something was read, 1 when nothing could be read or a path does not exist,
2 for a usage error (each with one line on stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from warreader import __version__
from warreader.corpus.locations import EXIT_CODES

# Subcommands implemented in other modules: name -> "module:function" taking argv, returning an exit code.
PLUGGED: dict[str, str] = {
    "index": "warreader.store.commands:index_command",
    "feeds": "warreader.corpus.feeds:feeds_command",
    "export": "warreader.export:export_command",
    "import": "warreader.export:import_command",
}


def _paths(values: Sequence[str]) -> list[str]:
    from warreader.corpus.locations import corpus_paths

    return corpus_paths(values)


def _present(paths: Sequence[str]) -> list[str]:
    """The paths that exist (URLs and ``-`` included); a line on stderr for each one that does not."""
    from warreader.corpus.locations import missing_message, missing_paths

    missing = missing_paths(paths)
    if missing:
        print(missing_message(missing), file=sys.stderr)
    return [p for p in paths if p not in missing]


def _nothing_read(library: object, paths: Sequence[str]) -> bool:
    if getattr(library, "articles", None):
        return False
    print(f"warreader: no articles could be read in {', '.join(paths)}", file=sys.stderr)
    return True


def _report_problems(problems: Sequence[object]) -> None:
    for problem in problems:
        print(f"warreader: {problem}", file=sys.stderr)


def _launch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warreader",
        description="A terminal reader for war news in many sources and languages: places and speakers "
        "highlighted, spelling variants grouped, mentions followed across the corpus.",
        epilog="commands: warreader extract [PATH...] --json | warreader eval GOLD.json [PATH...] | "
        "warreader check [PATH...] | warreader index [PATH...] | warreader feeds ... | "
        "warreader export ... | warreader import ...   (each has --help); " + EXIT_CODES,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files or folders (.txt, .md, .html, .xml/.rss/.atom feeds, .json/.jsonl), or feed URLs",
    )
    parser.add_argument("--version", action="version", version=f"warreader {__version__}")
    parser.add_argument(
        "--rebuild", action="store_true", help="throw the corpus index away and build it again"
    )
    return parser


def _launch(argv: Sequence[str]) -> int:
    args = _launch_parser().parse_intermixed_args(argv)
    from warreader.config import load_config

    config = load_config()  # its default paths apply when none are given
    paths = _paths(args.paths or config.paths)
    if "-" in paths:
        print(
            "warreader: the reader needs the terminal for keys; use 'warreader extract -' for stdin",
            file=sys.stderr,
        )
        return 2
    present = _present(paths)
    if not present:
        return 1
    paths = present
    from warreader.store.state import StateStore
    from warreader.ui.app import WarReaderApp

    app = WarReaderApp(paths=paths, state=StateStore.default(), config=config)
    app.rebuild = args.rebuild
    app.run()
    return 0


def _extract(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="warreader extract", description="Extract places and speakers.", epilog=EXIT_CODES
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--json", action="store_true", help="print the JSON contract (the default)")
    parser.add_argument(
        "--corrections", metavar="FILE", help="apply a TOML aliases file (default: raw extraction)"
    )
    args = parser.parse_intermixed_args(argv)
    from warreader.contract import library_to_json
    from warreader.library import load_library

    paths = _paths(args.paths)
    present = _present(paths)
    if not present:
        return 1
    library = load_library(present)
    _report_problems(library.problems)
    if _nothing_read(library, present):
        return 1
    if args.corrections:
        from warreader.corrections import apply_file

        try:
            _report_problems(apply_file(library, args.corrections))
        except (OSError, ValueError) as error:
            print(f"warreader: cannot read {args.corrections}: {error}", file=sys.stderr)
            return 2
    with _output():
        json.dump(library_to_json(library), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    return 0 if present == paths else 1


def _eval(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="warreader eval", description="Score extraction against a gold file.", epilog=EXIT_CODES
    )
    parser.add_argument("gold", metavar="GOLD.json")
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_intermixed_args(argv)
    try:
        gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
        if not isinstance(gold.get("articles"), dict):
            raise ValueError("no 'articles' object")
    except (OSError, ValueError) as error:
        print(f"warreader: cannot read gold file {args.gold}: {error}", file=sys.stderr)
        return 2
    from warreader.contract import library_to_json
    from warreader.evaluation import format_table, score
    from warreader.library import load_library

    paths = _paths(args.paths)
    present = _present(paths)
    if not present:
        return 1
    library = load_library(present)
    _report_problems(library.problems)
    if _nothing_read(library, present):
        return 1
    result = score(gold, library_to_json(library))
    with _output():
        if args.json:
            print(json.dumps(result))
        else:
            print(f"{len(library.articles)} articles, {len(gold['articles'])} in gold")
            for line in format_table(result):
                print(line)
    return 0 if present == paths else 1


def _check(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="warreader check", description="List files that cannot be read.", epilog=EXIT_CODES
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    args = parser.parse_intermixed_args(argv)
    from warreader.corpus.reader import Problem, read_articles

    problems: list[Problem] = []
    count = sum(1 for _ in read_articles(_paths(args.paths), problems))
    for problem in problems:
        print(problem)
    print(f"{count} articles read, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def _interrupt_on_terminate() -> None:
    """SIGTERM stops a command as Ctrl-C does: workers ended, what was stored kept, one line."""
    import signal

    def interrupt(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError, OSError):  # not the main thread, or no such signal here
        signal.signal(signal.SIGTERM, interrupt)


def _plugged(name: str) -> Callable[[list[str]], int] | None:
    import importlib

    module_name, _, function = PLUGGED[name].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        return None
    handler: Callable[[list[str]], int] | None = getattr(module, function, None)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; whatever goes wrong is one line on stderr and an exit code, never a traceback."""
    import os

    try:
        code = _main(argv)
        sys.stdout.flush()  # a full disk or a closed pipe is found here, not at exit
        return code
    except BrokenPipeError:  # the reader of our output went away (``| head``): stop quietly
        _drop_output()
        return 1
    except OutputFailed as error:
        _drop_output()
        print(f"warreader: cannot write the output: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("warreader: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if os.environ.get("WARREADER_DEBUG"):
            raise
        print(f"warreader: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


class OutputFailed(Exception):
    """Standard output cannot be written (a full disk, say)."""


@contextlib.contextmanager
def _output() -> Iterator[None]:
    """Write the command's output; a failure to write it is :class:`OutputFailed`."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputFailed(error.strerror or str(error)) from error


def _drop_output() -> None:
    """Point standard output at the null device, so that nothing more fails at exit."""
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _main(argv: Sequence[str] | None = None) -> int:
    import os

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and (argv[0] in PLUGGED or argv[0] in ("extract", "eval", "check")):
        _interrupt_on_terminate()
    local: dict[str, Callable[[list[str]], int]] = {"extract": _extract, "eval": _eval, "check": _check}
    if argv and (argv[0] in local or argv[0] in PLUGGED) and os.path.exists(argv[0]):
        print(
            f"warreader: running the '{argv[0]}' command; to open the folder or file {argv[0]}, "
            f"type: warreader ./{argv[0]}",
            file=sys.stderr,
        )
    if argv and argv[0] in local:
        return local[argv[0]](argv[1:])
    if argv and argv[0] in PLUGGED:
        handler = _plugged(argv[0])
        if handler is None:
            print(f"warreader: the '{argv[0]}' command is not available in this version", file=sys.stderr)
            return 2
        return handler(argv[1:])
    return _launch(argv)
