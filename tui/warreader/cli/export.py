"""``warreader export``: entities and groups as Markdown, CSV or JSON; corrections as a TOML aliases file."""

from __future__ import annotations

HELP = "export groups or one entity (md, csv, json), or your corrections (--aliases FILE)"


def main(argv: list[str]) -> int:
    from warreader.cli.common import OutputFailed
    from warreader.export import StdoutFailed, export_command

    try:
        return export_command(argv)
    except StdoutFailed as error:  # "cannot write the output: No space left on device", exit 1
        raise OutputFailed(str(error)) from error
