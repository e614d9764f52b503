"""``warreader export``: entities, groups and article lists as Markdown, HTML, CSV or JSON; corrections
as a TOML aliases file."""

from __future__ import annotations

HELP = "export groups, one entity or the articles (md, html, csv, json), or your corrections (--aliases FILE)"


def main(argv: list[str]) -> int:
    from warreader.cli.database import said

    return said(lambda: _main(argv))


def _main(argv: list[str]) -> int:
    from warreader.cli.common import OutputFailed
    from warreader.export import StdoutFailed, export_command

    try:
        if argv and argv[0] == "articles":
            from warreader.export_articles import articles_command

            return articles_command(argv[1:])
        return export_command(argv)
    except StdoutFailed as error:  # "cannot write the output: No space left on device", exit 1
        raise OutputFailed(str(error)) from error
