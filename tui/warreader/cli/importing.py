"""``warreader import --aliases FILE``: take corrections from a TOML aliases file."""

from __future__ import annotations

HELP = "import corrections from a TOML aliases file (--aliases FILE)"


def main(argv: list[str]) -> int:
    from warreader.cli.database import said
    from warreader.export import import_command

    return said(lambda: import_command(argv))
