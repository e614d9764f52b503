"""``warreader man``: the manual page (roff), made by argparse-manpage from the parsers.

warreader man > ~/.local/share/man/man1/warreader.1     (then: man warreader)
warreader man | man -l -                                (read it now)
"""

from __future__ import annotations

import argparse
import sys

HELP = "print the manual page (roff; read it with: warreader man | man -l -)"
SUMMARY = "a terminal reader for war news in many sources and languages"


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warreader man",
        description="Print the manual page of warreader, made from the commands' own options.",
        epilog="install: warreader man > ~/.local/share/man/man1/warreader.1\n"
        "read:    warreader man | man -l -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def page() -> str:
    from argparse_manpage.manpage import Manpage

    from warreader import __version__
    from warreader.cli.parsers import full_parser

    data = {
        "project_name": "warreader",
        "version": __version__,
        "description": SUMMARY,
        "manual_title": "warreader manual",
        "manual_section": "1",
    }
    text = str(Manpage(full_parser(), _data=data))
    return text if text.endswith("\n") else text + "\n"


def run(args: argparse.Namespace) -> int:
    from warreader.cli.common import output

    with output():
        sys.stdout.write(page())
    return 0
