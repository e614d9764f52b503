"""The whole command line as one argparse tree, for shell completion and the man page.

Each command keeps its own parser (``parser()`` in its module); this module only gathers them
under one ``warreader`` parser. ``export`` and ``import`` parse their arguments by hand in
:mod:`warreader.export`, so their trees are described here from the same options.
"""

from __future__ import annotations

import argparse
from typing import Any

from warreader.cli import COMMANDS, command, commands_help, database

FILE_COMPLETION: Any = {"bash": "_shtab_compgen_files", "zsh": "_files"}
EXPORTS = {
    "groups": "the table of places and speakers",
    "entity": "one entity",
    "articles": "the list of articles (--entity NAME: those mentioning it)",
}
"""What ``warreader export`` writes besides ``--aliases`` (as ``export_command`` reads it)."""


def command_parser(name: str) -> argparse.ArgumentParser:
    """The parser of command ``name``."""
    module = command(name)
    if hasattr(module, "parser"):
        parser: argparse.ArgumentParser = module.parser()
        return parser
    if name == "export":
        return _export_parser()
    if name == "import":
        return _import_parser()
    return argparse.ArgumentParser(prog=f"warreader {name}", description=module.HELP)


def _export_parser() -> argparse.ArgumentParser:
    from warreader.export import _data_parser

    parser = argparse.ArgumentParser(prog="warreader export", description=command("export").HELP)
    parser.add_argument("--aliases", metavar="FILE", help="write your corrections as a TOML aliases file")
    database.add_option(parser)
    kinds = parser.add_subparsers(dest="what", metavar="{" + ",".join(EXPORTS) + "}")
    for what, description in EXPORTS.items():
        inner = _data_parser(f"warreader export {what}", description, entity=what == "entity")
        kinds.add_parser(what, help=f"export {description}", parents=[inner], add_help=False)
    return parser


def _import_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warreader import", description=command("import").HELP)
    parser.add_argument("--aliases", metavar="FILE", required=True, help="a TOML aliases file")
    parser.add_argument("--replace", action="store_true", help="replace the saved corrections")
    database.add_option(parser)  # --db URL: into the team's shared corrections
    return parser


def full_parser() -> argparse.ArgumentParser:
    """``warreader`` with every command as a subcommand (the reader's own options at the top)."""
    from warreader.cli import launch

    top = launch.parser(commands_help())
    top.description = (top.description or "") + " Without a command, it opens the reader on PATH..."
    for action in top._actions:
        if action.dest == "paths":  # completed as files; a positional beside subcommands confuses both
            top._remove_action(action)
            for group in top._action_groups:
                if action in group._group_actions:
                    group._group_actions.remove(action)
    commands = top.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name in COMMANDS:
        commands.add_parser(name, help=command(name).HELP, parents=[command_parser(name)], add_help=False)
    _complete_paths(top)
    return top


def _complete_paths(parser: argparse.ArgumentParser) -> None:
    """Paths, files and folders complete as files (shtab reads ``action.complete``)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                _complete_paths(sub)
        elif action.metavar in {"PATH", "FILE", "FILE.opml", "GOLD"} or action.dest in {"paths", "output"}:
            action.complete = FILE_COMPLETION  # type: ignore[attr-defined]  # shtab reads this attribute
