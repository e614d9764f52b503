"""Plain-text and Markdown articles: an optional ``date`` header, then the body."""

from __future__ import annotations

from pathlib import Path

from warreader.corpus.build import new_article
from warreader.corpus.problem import Problem
from warreader.corpus.sanitize import clean_text
from warreader.model import Article
from warreader.nlp.dates import split_header


def parse_article(
    path: str,
    text: str,
    problems: list[Problem] | None = None,
    file_size: int | None = None,
    *,
    markdown: bool = False,
) -> Article | None:
    """A plain-text article: optional ``date`` header, body, title, language; source is the folder.

    ``markdown``: the body after the header is Markdown, read as the plain text it shows
    (its link targets become the article's links; a front matter may give title and date).
    """
    text = clean_text(text)
    date, body, problem = split_header(text)
    title, links = "", None
    if markdown:
        from warreader.corpus.build import parse_meta_date
        from warreader.corpus.markdown import markdown_to_text

        plain = markdown_to_text(body)
        body, links, title = plain.body, plain.links, plain.title
        if plain.note and problems is not None:
            problems.append(Problem(path, plain.note))
        if date is None and problem is None and plain.date:
            date = parse_meta_date(plain.date)
    if problem and problems is not None:
        problems.append(Problem(path, problem))
    source = "" if path == "<stdin>" else Path(path).parent.name
    return new_article(
        path, body, problems, title=title, date=date, source=source, file_size=file_size, links=links
    )
