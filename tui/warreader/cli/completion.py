"""``warreader completion bash|zsh``: a shell completion script, made by shtab from the parsers.

warreader completion bash > ~/.local/share/bash-completion/completions/warreader
warreader completion zsh > "${fpath[1]}/_warreader"
"""

from __future__ import annotations

import argparse
import sys

HELP = "print a bash or zsh completion script (made from the commands' own options)"
SHELLS = ("bash", "zsh")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warreader completion",
        description="Print a shell completion script for warreader.",
        epilog="bash: warreader completion bash > ~/.local/share/bash-completion/completions/warreader\n"
        'zsh:  warreader completion zsh > "${fpath[1]}/_warreader"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell the script is for")
    return parser


def script(shell: str) -> str:
    import shtab

    from warreader.cli.parsers import full_parser

    text: str = shtab.complete(full_parser(), shell=shell)
    return text


def run(args: argparse.Namespace) -> int:
    from warreader.cli.common import output

    with output():
        sys.stdout.write(script(args.shell))
    return 0
