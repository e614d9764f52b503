"""HTML reports a colleague opens in a browser: one entity's mentions, a list of articles, the entities.

Each report is one self-contained file: inline CSS, no scripts, no external resources (a
Content-Security-Policy in the page forbids them as well), UTF-8.

Article text is untrusted. Every text from an article (title, source, body, names) is made inert
first (control, bidi-override and lone surrogate characters become visible symbols, one for one:
:func:`warreader.corpus.sanitize.visible`) and then escaped with :func:`html.escape`, in text and in
attribute values alike. Highlights are ``<mark>`` elements placed at the mentions' offsets in the
body, never found by searching for names; their classes come from this module, not from the data.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from warreader import __version__, analysis
from warreader.corpus.sanitize import visible
from warreader.library import Library
from warreader.model import Article, Mention
from warreader.wording import counted

HIT = "#ffd43b"
"""Background of the mention a report is about (tests look for this colour in a screenshot)."""
PLACE = "#b7eb8f"
SPEAKER = "#f5c2e7"

CSS = f"""
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em;
  color: #1d1d1f; background: #fff; }}
h1 {{ font-size: 1.6em; margin-bottom: .2em; }}
.meta {{ color: #555; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: .35em .6em; border-bottom: 1px solid #ddd;
  unicode-bidi: isolate; overflow-wrap: break-word; }}
th {{ background: #f2f2f2; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.date {{ white-space: nowrap; }}
mark {{ color: #000; border-radius: 3px; padding: 0 .1em; }}
mark.place {{ background: {PLACE}; }}
mark.speaker {{ background: {SPEAKER}; }}
mark.hit {{ background: {HIT}; font-weight: 600; }}
.chip {{ display: inline-block; margin: 0 .3em .2em 0; padding: 0 .35em; border-radius: 3px; }}
.chip.place {{ border: 1px solid #5b8c3a; }}
.chip.speaker {{ border: 1px solid #a2558f; }}
.lead {{ margin: .3em 0 0; color: #333; }}
footer {{ margin-top: 2em; color: #777; font-size: .85em; }}
"""

_KIND = {"place": "place", "speaker": "speaker"}
"""The class of a mention's kind (anything else: ``other``); class names never come from the data."""


def text(value: object) -> str:
    """``value`` as inert, escaped HTML text (also safe inside a quoted attribute value)."""
    return html.escape(visible(str(value)), quote=True)


def line(value: object) -> str:
    """Like :func:`text` with runs of whitespace, newlines included, made one space."""
    return text(analysis.one_line(str(value)))


def kind_class(kind: str) -> str:
    return _KIND.get(kind, "other")


Span = tuple[int, int, str]
"""(start, end, classes) of a highlight in a body."""


def marked(body: str, start: int, end: int, spans: Iterable[Span]) -> str:
    """``body[start:end]`` as escaped HTML with each span inside it wrapped in ``<mark class=...>``.
    Spans that overlap one already marked, or reach outside the range, are left unmarked."""
    out: list[str] = []
    at = start
    for s, e, classes in sorted(spans):
        if s < at or e > end or s >= e:
            continue
        out.append(text(body[at:s]))
        out.append(f'<mark class="{classes}">{text(body[s:e])}</mark>')
        at = e
    out.append(text(body[at:end]))
    return "".join(out)


def mention_spans(
    mentions: Sequence[Mention], start: int, end: int, hit: Mention | None = None
) -> list[Span]:
    """Highlights for the mentions inside ``start:end``; ``hit`` (the one reported on) also gets ``hit``."""
    found: list[Span] = []
    for mention in mentions:
        if start <= mention.start and mention.end <= end:
            classes = kind_class(mention.kind)
            if hit is not None and mention.start == hit.start and mention.end == hit.end:
                classes = "hit " + classes
            found.append((mention.start, mention.end, classes))
    return found


def page(title: str, content: str) -> str:
    """A whole HTML document: ``title`` is plain text, ``content`` HTML built by this module."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src 'none'; form-action 'none'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{line(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{content}\n"
        f"<footer>Exported by warreader {text(__version__)}. Highlights: "
        f'<span class="chip place">place</span> <span class="chip speaker">speaker</span> (every '
        "highlight in the text is a mention found there).</footer>\n"
        "</body>\n</html>\n"
    )


def _date(article: Article) -> str:
    return article.date.isoformat() if article.date else ""


# -- one entity --------------------------------------------------------------------------


def entity_page(library: Library, group_id: str, place: Any = None) -> str:
    """One entity: its spellings, counts and every mention with its sentence highlighted, date and
    source. ``place`` is its gazetteer entry, if any."""
    group = library.groups[group_id]
    items = analysis.occurrences(library, group_id)
    sources = {item.article.source for item in items if item.article.source}
    parts = [
        f"<h1>{line(group.name)} <small>({text(kind_class(group.kind))})</small></h1>",
        f'<p class="meta">Spellings: {" · ".join(line(v) for v in group.variants)}</p>',
    ]
    if place is not None:
        where = ", ".join(p for p in (place.admin1, place.country) if p)
        parts.append(
            f'<p class="meta">Gazetteer: {line(place.name)}, {line(where)} '
            f"({place.lat:.3f}, {place.lon:.3f})</p>"
        )
    parts.append(
        f"<p>{counted(library.mention_count(group_id), 'mention')} in "
        f"{counted(len(group.articles), 'article')} from {counted(len(sources), 'source')}.</p>"
    )
    rows = []
    for item in items:
        article, mention = item.article, item.mention
        start, end = analysis.sentence_span(article.body, mention.start, mention.end)
        sentence = marked(article.body, start, end, mention_spans(article.mentions, start, end, mention))
        day = item.date.isoformat() if item.date else ""
        rows.append(
            f'<tr><td class="date">{text(day)}</td><td>{line(article.source)}</td>'
            f"<td>{sentence}</td><td>{line(article.title)}</td></tr>"
        )
    parts += [
        "<h2>Mentions in context</h2>",
        "<table><thead><tr><th>Date</th><th>Source</th><th>Sentence</th><th>Article</th></tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]
    return page(f"{group.name} — warreader", "\n".join(parts))


# -- a list of articles ----------------------------------------------------------------------

LEAD = 320
"""Characters of an article's beginning shown under its title (cut at a sentence end past it)."""


def lead_end(body: str, limit: int = LEAD) -> int:
    """Where the lead of ``body`` ends: the end of the sentence that reaches ``limit`` characters
    (at most twice that), else the body's end."""
    if len(body) <= limit:
        return len(body)
    _start, end = analysis.sentence_span(body, limit)
    return end if end <= 2 * limit else limit


def articles_page(library: Library, indexes: Sequence[int], title: str = "Articles") -> str:
    """Articles ``indexes`` (in that order): date, source, title, their places and speakers, and the
    beginning of each body with its mentions highlighted."""
    rows = []
    for index in indexes:
        article = library.articles[index]
        end = lead_end(article.body)
        lead = marked(article.body, 0, end, mention_spans(article.mentions, 0, end))
        more = "…" if end < len(article.body) else ""
        chips: dict[str, list[str]] = {"place": [], "speaker": []}
        for group in library.groups_in(article):
            chips.setdefault(kind_class(group.kind), []).append(
                f'<span class="chip {kind_class(group.kind)}">{line(group.name)}</span>'
            )
        rows.append(
            f'<tr><td class="date">{text(_date(article))}</td><td>{line(article.source)}</td>'
            f'<td><strong>{line(article.title)}</strong><p class="lead">{lead}{more}</p></td>'
            f"<td>{''.join(chips['place'])}</td><td>{''.join(chips['speaker'])}</td></tr>"
        )
    content = "\n".join(
        [
            f"<h1>{line(title)}</h1>",
            f'<p class="meta">{counted(len(rows), "article")}.</p>',
            "<table><thead><tr><th>Date</th><th>Source</th><th>Title</th><th>Places</th>"
            "<th>Speakers</th></tr></thead>",
            "<tbody>",
            *rows,
            "</tbody></table>",
        ]
    )
    return page(f"{title} — warreader", content)


# -- the entity table ----------------------------------------------------------------------


def groups_page(library: Library, rows: Sequence[dict[str, Any]]) -> str:
    """The entity table (rows of :func:`warreader.export.group_rows`)."""
    body = []
    for row in rows:
        region = ", ".join(p for p in (row["region"], row["country"]) if p)
        body.append(
            f'<tr><td><span class="chip {kind_class(row["kind"])}">{line(row["name"])}</span></td>'
            f'<td>{text(kind_class(row["kind"]))}</td><td class="n">{row["mentions"]:d}</td>'
            f'<td class="n">{row["articles"]:d}</td><td>{line(region)}</td>'
            f"<td>{' · '.join(line(v) for v in row['variants'])}</td></tr>"
        )
    content = "\n".join(
        [
            "<h1>Places and speakers</h1>",
            f'<p class="meta">{counted(len(library.articles), "article")}, '
            f"{counted(len(rows), 'entity', 'entities')}.</p>",
            "<table><thead><tr><th>Entity</th><th>Kind</th><th>Mentions</th><th>Articles</th>"
            "<th>Region</th><th>Spellings</th></tr></thead>",
            "<tbody>",
            *body,
            "</tbody></table>",
        ]
    )
    return page("Places and speakers — warreader", content)
