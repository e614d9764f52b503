"""Turn an article into styled text for the reading pane, without ever parsing markup.

Pure functions: the article body becomes a ``rich.text.Text`` built from the plain
string, and every highlight is a span added with ``stylize``. Control characters
that might still be in the text are replaced one for one by visible symbols, so
mention offsets stay valid and nothing reaches the terminal as an escape sequence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, TypeVar

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from warreader.corpus.sanitize import visible
from warreader.model import Article

if TYPE_CHECKING:
    from _typeshed import DataclassInstance
    from textual.widget import Widget

StylesT = TypeVar("StylesT", bound="DataclassInstance")

Span = tuple[int, int]


def inert(text: str) -> str:
    """``text`` with control and bidi-override characters replaced one for one by visible symbols.

    Bodies are already cleaned when read (:mod:`warreader.corpus.sanitize`); this guards any text
    that reaches the screen another way. A tab becomes a space: the renderer would expand it and
    shift the columns mention offsets are measured in.
    """
    return visible(text).replace("\t", " ")


def inert_line(text: str) -> str:
    """Like :func:`inert` for one-line fields: newlines become spaces."""
    return inert(text).replace("\n", " ")


_PLACE = Style(underline=True, color="green")
_SPEAKER = Style(bold=True, color="magenta")
_DATE = Style(italic=True, color="cyan")
_CURRENT = Style(reverse=True, bold=True)
_MATCH = Style(bgcolor="yellow", color="black")


@dataclass(frozen=True, slots=True)
class HighlightStyles:
    """Rich styles for each kind of span (the app fills them from TCSS component classes)."""

    place: Style = _PLACE
    speaker: Style = _SPEAKER
    date: Style = _DATE
    current: Style = _CURRENT
    match: Style = _MATCH


def _valid(start: int, end: int, length: int) -> bool:
    return 0 <= start < end <= length


def highlight_body(
    article: Article,
    styles: HighlightStyles | None = None,
    *,
    current: Span | None = None,
    matches: Iterable[Span] = (),
) -> Text:
    """The article body with places, speakers, dates, search ``matches`` and the ``current`` span styled.

    Mentions are applied outermost first, so a nested mention (a surname inside a
    full name) keeps its own style on top of the enclosing one. Spans outside the
    body are ignored rather than trusted.
    """
    styles = styles or HighlightStyles()
    body = inert(article.body)
    text = Text(body, end="")
    size = len(body)
    for found in article.dates:
        if _valid(found.start, found.end, size):
            text.stylize(styles.date, found.start, found.end)
    for mention in sorted(article.mentions, key=lambda m: (m.start, -m.end)):
        if _valid(mention.start, mention.end, size):
            style = styles.place if mention.kind == "place" else styles.speaker
            text.stylize(style, mention.start, mention.end)
    for start, end in matches:
        if _valid(start, end, size):
            text.stylize(styles.match, start, end)
    if current is not None and _valid(*current, size):
        text.stylize(styles.current, *current)
    return text


def find_all(body: str, query: str) -> list[Span]:
    """Every case-insensitive occurrence of ``query`` in ``body`` (non-overlapping), as spans."""
    if not query:
        return []
    folded_body, folded_query = body.lower(), query.lower()
    if len(folded_body) != len(body) or len(folded_query) != len(query):
        folded_body, folded_query = body, query  # lower() changed lengths: fall back to exact case
    spans: list[Span] = []
    position = folded_body.find(folded_query)
    while position >= 0:
        spans.append((position, position + len(query)))
        position = folded_body.find(folded_query, position + len(query))
    return spans


def shorten_left(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells from the left ("…/folder/file.txt"), keeping its end."""
    if cell_len(text) <= width:
        return text
    kept = text
    while kept and cell_len(kept) > width - 1:
        kept = kept[1:]
    return "…" + kept


def header_text(article: Article, number: int, total: int, width: int = 0) -> Text:
    """The reading pane's header: title; date · language · source · position; file path.

    With ``width``, the path is shortened from the left so the file name stays visible.
    """
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append(inert_line(article.title) or "(untitled)", style="bold")
    text.append("\n")
    parts: Sequence[str] = (
        article.date.isoformat() if article.date else "no date",
        article.language or "?",
        inert_line(article.source) or "unknown source",
        f"article {number} of {total}",
    )
    text.append("  ·  ".join(parts), style="dim")
    text.append("\n")
    where = inert_line(article.url or article.path)
    text.append(shorten_left(where, width) if width > 0 else where, style="dim italic")
    return text


def wrap_starts(body: str, width: int) -> list[int]:
    """Offsets in ``body`` where each displayed line starts when wrapped at ``width`` cells.

    Mirrors how Textual wraps text in a widget (split on newlines, then word-wrap with
    folding), so the reading pane can scroll a mention into view.
    """
    starts: list[int] = []
    position = 0
    for paragraph in body.split("\n"):
        starts.append(position)
        if paragraph:
            starts.extend(position + cut for cut in divide_line(paragraph, width, fold=True))
        position += len(paragraph) + 1
    return starts


def component_styles(widget: Widget, record: type[StylesT], prefix: str) -> StylesT:
    """A styles record (a dataclass of Rich styles) read from ``widget``'s component classes: field
    ``place`` from ``prefix--place`` in the current theme."""
    style = widget.get_component_rich_style
    return record(**{f.name: style(f"{prefix}--{f.name}", partial=True) for f in fields(record)})
