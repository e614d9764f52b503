"""Exports of a list of articles (the whole corpus, one entity's articles, or the list the app shows):
date, source, title and the places and speakers found, as JSON, CSV, Markdown or an HTML report.

    warreader export articles [PATH...] [--entity NAME] [--format json|csv|md|html] [-o FILE]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from warreader import analysis
from warreader.export import _data_parser, _format, _load, _write, md, one_group, to_csv, to_json
from warreader.library import Library
from warreader.wording import counted


def article_rows(library: Library, indexes: Sequence[int]) -> list[dict[str, Any]]:
    """One row per article of ``indexes`` (in that order) with the names of its places and speakers."""
    rows = []
    for index in indexes:
        article = library.articles[index]
        groups = library.groups_in(article)
        rows.append(
            {
                "index": index,
                "date": article.date.isoformat() if article.date else None,
                "source": article.source,
                "title": article.title,
                "language": article.language,
                "path": article.path,
                "url": article.url,
                "places": [g.name for g in groups if g.kind == "place"],
                "speakers": [g.name for g in groups if g.kind == "speaker"],
            }
        )
    return rows


def articles_markdown(rows: Sequence[dict[str, Any]], title: str) -> str:
    lines = [
        f"# {md(title)}",
        "",
        f"{counted(len(rows), 'article')}.",
        "",
        "| Date | Source | Title | Places | Speakers |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        places = " · ".join(md(p) for p in row["places"])
        speakers = " · ".join(md(s) for s in row["speakers"])
        lines.append(
            f"| {row['date'] or ''} | {md(row['source'])} | {md(row['title'])} | {places} | {speakers} |"
        )
    return "\n".join(lines) + "\n"


def render_articles(
    library: Library, indexes: Sequence[int] | None = None, fmt: str = "json", title: str = "Articles"
) -> str:
    """Articles ``indexes`` (None: all, in corpus order) in format ``fmt`` (json, csv, md, html);
    ``title`` heads the Markdown and HTML reports."""
    chosen = range(len(library.articles)) if indexes is None else indexes
    if fmt == "html":
        from warreader.report_html import articles_page

        return articles_page(library, chosen, title)
    rows = article_rows(library, chosen)
    if fmt == "md":
        return articles_markdown(rows, title)
    return to_csv(rows) if fmt == "csv" else to_json(rows)


def articles_command(argv: list[str]) -> int:
    """``warreader export articles ...``; returns the exit code."""
    parser = _data_parser("warreader export articles", "Export the list of articles.", entity=False)
    parser.add_argument("--entity", metavar="NAME", help="only the articles that mention this entity")
    args: argparse.Namespace = parser.parse_intermixed_args(argv)
    from warreader.corpus.discover import following_links
    from warreader.corpus.locations import missing_paths

    with following_links(args.follow_links):
        library = _load(args)
    if isinstance(library, int):
        return library
    indexes: list[int] | None = None
    title = "Articles"
    if args.entity is not None:
        group = one_group(library, args.entity)
        if group is None:
            return 1
        indexes = analysis.articles_mentioning(library, group.id)
        title = f"Articles mentioning {group.name}"
    text = render_articles(library, indexes, _format(args), title)
    return _write(text, args.output) or (1 if missing_paths(args.paths) else 0)
