"""Command line: launch the reader, or run one of the commands without a screen (a module each).

warreader [PATH...]                 open the reader (default: the bundled sample articles)
warreader COMMAND ...               extract, eval, check, index, feeds, export, import, config,
                                    completion, man (each has --help)

Exit codes: 0 when something was read, 1 when nothing could be read or a path does not exist,
2 for a usage error (each with one line on stderr).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from warreader.cli.common import OutputFailed

COMMANDS: dict[str, str] = {
    "extract": "warreader.cli.extract",
    "eval": "warreader.cli.evaluate",
    "check": "warreader.cli.check",
    "index": "warreader.cli.index",
    "feeds": "warreader.cli.feeds",
    "export": "warreader.cli.export",
    "import": "warreader.cli.importing",
    "config": "warreader.cli.config",
    "completion": "warreader.cli.completion",
    "man": "warreader.cli.manpage",
}
"""Command → its module: ``HELP`` (one line), and ``main(argv)`` or ``parser()`` with ``run(args)``."""


def command(name: str) -> ModuleType:
    return importlib.import_module(COMMANDS[name])


def commands_help() -> str:
    """One line per command, from each command's own ``HELP``."""
    width = max(map(len, COMMANDS))
    return "\n".join(f"  {name.ljust(width)}  {command(name).HELP}" for name in COMMANDS)


def run_command(name: str, argv: list[str]) -> int:
    """Run command ``name`` on ``argv`` (its arguments may come in any order, as for the reader)."""
    module = command(name)
    if hasattr(module, "main"):
        code: int = module.main(argv)
        return code
    code = module.run(module.parser().parse_intermixed_args(argv))
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; whatever goes wrong is one line on stderr and an exit code, never a traceback."""
    try:
        code = _main(list(sys.argv[1:] if argv is None else argv))
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


def _main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        from warreader.cli import launch

        return launch.run(launch.parser(commands_help).parse_intermixed_args(argv))
    _interrupt_on_terminate()
    if os.path.exists(argv[0]):
        print(
            f"warreader: running the '{argv[0]}' command; to open the folder or file {argv[0]}, "
            f"type: warreader ./{argv[0]}",
            file=sys.stderr,
        )
    return run_command(argv[0], argv[1:])


def _interrupt_on_terminate() -> None:
    """SIGTERM stops a command as Ctrl-C does: workers ended, what was stored kept, one line."""
    import signal

    def interrupt(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError, OSError):  # not the main thread, or no such signal here
        signal.signal(signal.SIGTERM, interrupt)


def _drop_output() -> None:
    """Point standard output at the null device, so that nothing more fails at exit."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
