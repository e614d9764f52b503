"""``warreader export``: entities and groups as Markdown, CSV or JSON; corrections as a TOML aliases file."""

from __future__ import annotations

HELP = "export groups or one entity (md, csv, json), or your corrections (--aliases FILE)"


def main(argv: list[str]) -> int:
    from warreader.export import export_command

    return export_command(argv)
