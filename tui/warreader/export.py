"""Exports: an entity's mentions, the group table and article lists as JSON, CSV, a Markdown or an
HTML report (:mod:`warreader.report_html`, article lists :mod:`warreader.export_articles`); the
aliases file.

Command line (``warreader export`` and ``warreader import`` dispatch here)::

    warreader export groups [PATH...] [--format json|csv|md|html] [-o FILE]
    warreader export entity NAME [PATH...] [--format json|csv|md|html] [-o FILE]
    warreader export articles [PATH...] [--entity NAME] [--format json|csv|md|html] [-o FILE]
    warreader export --aliases FILE          saved corrections as a TOML aliases file ("-": stdout)
    warreader import --aliases FILE [--replace]

Group and entity exports apply the saved corrections, like the app; ``--raw`` exports
extraction as it is and ``--corrections FILE`` applies an aliases file instead. The format
follows the output file's extension unless ``--format`` is given (default JSON).

Article text is untrusted: CSV cells that a spreadsheet would run as a formula are
prefixed with an apostrophe, and Markdown special characters and HTML are escaped; HTML reports
escape every text and place highlights at the mentions' offsets.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from warreader import analysis, team_io
from warreader.corrections import Correction, combine, from_state, read_toml, to_state, to_toml
from warreader.library import Library
from warreader.model import Group
from warreader.wording import counted

FORMATS = ("json", "csv", "md", "html")
EXTENSIONS = {".json": "json", ".csv": "csv", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}

# -- rows ------------------------------------------------------------------------------


def place_of(group: Group) -> Any:
    """The gazetteer entry of a place group, or None."""
    if group.kind != "place" or not group.id.startswith("place:"):
        return None
    from warreader.nlp.gazetteer import load_gazetteer

    return load_gazetteer().get(group.id.removeprefix("place:"))


def group_rows(library: Library) -> list[dict[str, Any]]:
    """One row per group, most mentioned first, with the gazetteer's coordinates for places."""
    rows = []
    count = library.mention_count
    for group in sorted(library.groups.values(), key=lambda g: (-count(g.id), g.name.casefold(), g.id)):
        place = place_of(group)
        rows.append(
            {
                "id": group.id,
                "kind": group.kind,
                "name": group.name,
                "variants": list(group.variants),
                "mentions": count(group.id),
                "articles": len(group.articles),
                "region": place.admin1 if place else "",
                "country": place.country if place else "",
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
            }
        )
    return rows


def mention_rows(library: Library, group_id: str, width: int = 60) -> list[dict[str, Any]]:
    """One row per mention of ``group_id``: where, when, and its context."""
    group = library.groups[group_id]
    rows = []
    for line in analysis.kwic(analysis.occurrences(library, group_id), width):
        item = line.occurrence
        article = item.article
        start, end = analysis.sentence_span(article.body, item.mention.start, item.mention.end)
        rows.append(
            {
                "group": group.id,
                "name": group.name,
                "kind": group.kind,
                "text": item.mention.text,
                "date": item.date.isoformat() if item.date else None,
                "dated_by": item.dated_by,
                "article_date": article.date.isoformat() if article.date else None,
                "source": article.source,
                "title": article.title,
                "path": article.path,
                "start": item.mention.start,
                "end": item.mention.end,
                "left": line.left,
                "right": line.right,
                "sentence": analysis.one_line(article.body[start:end]),
            }
        )
    return rows


# -- formats ---------------------------------------------------------------------------


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run: lists joined with " | ", formula-like text quoted with '."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    if not rows:
        return ""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(rows[0]))
    for row in rows:
        writer.writerow([csv_cell(v) for v in row.values()])
    return out.getvalue()


_MD_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "#": "\\#",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
    }
)


def md(text: str) -> str:
    """Untrusted text as one line of inert Markdown (no links, emphasis, HTML or table breaks)."""
    return analysis.one_line(text).translate(_MD_SPECIAL)


def _punctuation(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char)[0] in "PS"


def emphasised(left: str, text: str, right: str) -> str:
    """``left``, ``text`` in bold and ``right`` as one line of Markdown that renders as meant:
    the spaces around ``text`` are kept, and where ``**`` could not open or close there
    (punctuation inside glued to a letter outside, as in ``U.S.A``) ``<strong>`` is used instead."""
    before, word, after = md(left), md(text), md(right)
    if before and left[-1:].isspace():
        before += " "
    if after and right[:1].isspace():
        after = " " + after
    if not word:
        return before + after

    def loose(char: str) -> bool:  # the start or end of the cell, a space or punctuation
        return not char or char.isspace() or _punctuation(char)

    opens = not _punctuation(word[0]) or loose(before[-1:])
    closes = not _punctuation(word[-1]) or loose(after[:1])
    if opens and closes:
        return f"{before}**{word}**{after}"
    return f"{before}<strong>{word}</strong>{after}"


def groups_markdown(library: Library) -> str:
    rows = group_rows(library)
    lines = [
        "# Places and speakers",
        "",
        f"{counted(len(library.articles), 'article')}, {counted(len(rows), 'entity', 'entities')}.",
        "",
        "| Entity | Kind | Mentions | Articles | Region | Spellings |",
        "|---|---|--:|--:|---|---|",
    ]
    for row in rows:
        region = ", ".join(p for p in (row["region"], row["country"]) if p)
        spellings = " · ".join(md(v) for v in row["variants"])
        lines.append(
            f"| {md(row['name'])} | {row['kind']} | {row['mentions']} | {row['articles']} | "
            f"{md(region)} | {spellings} |"
        )
    return "\n".join(lines) + "\n"


def timeline_text(library: Library, group_id: str, width: int = 60) -> list[str]:
    """The timeline as plain lines: sparkline between the first and last day, and the busiest days."""
    counts, undated = analysis.daily_counts(analysis.occurrences(library, group_id))
    if not counts:
        return [f"No dated mentions ({undated} undated)."]
    bins = analysis.timeline_bins(counts, width)
    days = (bins[-1].last - bins[0].first).days + 1
    per = -(-days // len(bins))
    spark = analysis.sparkline([b.count for b in bins])
    lines = [
        f"{bins[0].first.isoformat()} {spark} {bins[-1].last.isoformat()}",
        f"one column = {counted(per, 'day')}; highest {max(b.count for b in bins)}; {undated} undated",
    ]
    return lines


def entity_markdown(library: Library, group_id: str) -> str:
    group = library.groups[group_id]
    items = analysis.occurrences(library, group_id)
    lines = [f"# {md(group.name)} ({group.kind})", ""]
    lines.append("Spellings: " + " · ".join(md(v) for v in group.variants))
    place = place_of(group)
    if place is not None:
        where = ", ".join(p for p in (place.admin1, place.country) if p)
        lines.append("")
        lines.append(f"Gazetteer: {md(place.name)}, {md(where)} ({place.lat:.3f}, {place.lon:.3f})")
    mentions = library.mention_count(group_id)
    lines += ["", f"{counted(mentions, 'mention')} in {counted(len(group.articles), 'article')}.", ""]
    lines += ["## Mentions per day", "", "```text", *timeline_text(library, group_id), "```", ""]
    counts, _ = analysis.daily_counts(items)
    if counts:
        lines += ["| Day | Mentions |", "|---|--:|"]
        lines += [f"| {day.isoformat()} | {count} |" for day, count in sorted(counts.items())]
        lines.append("")
    if group.kind == "speaker":
        said = analysis.statements(library, group_id)
        lines += ["## What they said", ""]
        if not said:
            lines += ["No quotes or reported statements found.", ""]
        for statement in said:
            article = statement.occurrence.article
            day = statement.occurrence.date.isoformat() if statement.occurrence.date else "undated"
            kind = "quote" if statement.quoted else "reported"
            lines.append(f"- **{day}** · {md(article.source or '')} · *{md(article.title)}* ({kind}):")
            lines.append(f"  {md(statement.text)}")
        lines.append("")
    lines += ["## Mentions in context", "", "| Date | Source | Context | Article |", "|---|---|---|---|"]
    for row in mention_rows(library, group_id):
        context = emphasised(row["left"], row["text"], row["right"])
        lines.append(f"| {row['date'] or ''} | {md(row['source'])} | {context} | {md(row['title'])} |")
    return "\n".join(lines) + "\n"


def render_groups(library: Library, fmt: str) -> str:
    if fmt == "html":
        from warreader.report_html import groups_page

        return groups_page(library, group_rows(library))
    if fmt == "md":
        return groups_markdown(library)
    rows = group_rows(library)
    return to_csv(rows) if fmt == "csv" else to_json(rows)


def render_entity(library: Library, group_id: str, fmt: str) -> str:
    if fmt == "html":
        from warreader.report_html import entity_page

        return entity_page(library, group_id, place_of(library.groups[group_id]))
    if fmt == "md":
        return entity_markdown(library, group_id)
    rows = mention_rows(library, group_id)
    if fmt == "csv":
        return to_csv(rows)
    group = library.groups[group_id]
    counts, undated = analysis.daily_counts(analysis.occurrences(library, group_id))
    data: dict[str, Any] = {
        "group": next(r for r in group_rows(library) if r["id"] == group_id),
        "per_day": {day.isoformat(): n for day, n in sorted(counts.items())},
        "undated": undated,
        "mentions": rows,
    }
    if group.kind == "speaker":
        data["statements"] = [
            {
                "date": s.occurrence.date.isoformat() if s.occurrence.date else None,
                "quoted": s.quoted,
                "text": s.text,
                "path": s.occurrence.article.path,
                "title": s.occurrence.article.title,
                "source": s.occurrence.article.source,
                "start": s.spans[0][0],
                "end": s.spans[-1][1],
            }
            for s in analysis.statements(library, group_id)
        ]
    return to_json(data)


def one_group(library: Library, name: str) -> Group | None:
    """The one group ``name`` names (id, name or spelling); else None, and one line says why."""
    found = find_group(library, name)
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(f"{g.name} ({g.id})" for g in found)
        _err(f"{name!r} names several entities: {names}; give the id")
    else:
        _err(f"no entity called {name!r}")
    return None


def find_group(library: Library, query: str) -> list[Group]:
    """Groups matching ``query``: its id, name or a spelling, else by transliteration ("kharkov")."""
    from warreader.lookup import find_groups

    return find_groups(library, query)


def slug(text: str) -> str:
    """A file-name-safe short form of ``text``."""
    kept = "".join(ch if ch.isalnum() else "-" for ch in text.casefold())
    return "-".join(part for part in kept.split("-") if part)[:60] or "export"


# -- corrections for exports ---------------------------------------------------------


def saved_corrections(location: Any = None) -> tuple[list[Correction], list[str]]:
    """The saved corrections: the team's live ones on the database at ``location``, else this
    user's (the state file)."""
    if location is not None:
        from warreader.store.pg.corrections import SharedCorrections

        with SharedCorrections(location) as shared:
            return shared.live(), []
    from warreader.store.state import StateStore

    store = StateStore.default()
    corrections, problems = from_state(store.state.corrections)
    return corrections, [store.problem, *problems] if store.problem else problems


# -- command line ----------------------------------------------------------------------


def _err(message: str) -> None:
    print(f"warreader: {message}", file=sys.stderr)


class StdoutFailed(Exception):
    """Standard output cannot be written (a full disk); the message is the reason."""


def _write(text: str, output: str | None) -> int:
    """Write an export to ``output`` (a file, or standard output for None and "-"); the exit code.
    A failure to write standard output is :class:`StdoutFailed` (the command line says it)."""
    if output in (None, "-"):
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader went away (``| head``): the command line stops quietly
            raise
        except OSError as error:
            raise StdoutFailed(error.strerror or str(error)) from error
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        _err(f"cannot write {output}: {error.strerror or error}")
        return 1
    return 0


def _data_parser(prog: str, description: str, entity: bool) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    if entity:
        parser.add_argument("name", metavar="NAME", help="group id, name or a spelling (e.g. Kharkiv)")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders (default: seeds)")
    parser.add_argument(
        "--format", choices=FORMATS, help="json, csv, md or html (default: from -o, else json)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--raw", action="store_true", help="ignore the saved corrections")
    which.add_argument("--corrections", metavar="FILE", help="apply this aliases file, not the saved ones")
    parser.add_argument(
        "--follow-links", action="store_true", help="also follow symlinks that lead out of the paths given"
    )
    parser.add_argument("--db", metavar="URL", help="a team's PostgreSQL database: its index and corrections")
    return parser


def _load(args: argparse.Namespace) -> Library | int:
    """The corpus with its corrections applied, or the exit code once the reason was said."""
    from warreader.corpus.locations import missing_message, missing_paths
    from warreader.corrections import corrected
    from warreader.library import load_library
    from warreader.resources import seeds_dir

    location = team_io.database(args)
    if isinstance(location, int):
        return location
    given = args.paths or [str(seeds_dir())]
    missing = missing_paths(given)
    if missing:
        print(missing_message(missing), file=sys.stderr)  # one line each
    found = [path for path in given if path not in missing]
    if not found:  # every path missing: one line each, nothing exported
        return 1
    if args.raw:
        corrections: list[Correction] = []
    elif args.corrections:
        try:
            corrections = read_toml(args.corrections)
        except (OSError, ValueError) as error:
            _err(f"cannot read {args.corrections}: {error}")
            return 2
    else:
        corrections, problems = saved_corrections(location)
        for problem in problems:
            _err(problem)
    library = load_library(found, location=location)
    for trouble in library.problems:
        _err(str(trouble))
    if not library.articles:
        _err(f"no articles could be read in {', '.join(found)}")
        return 1
    if corrections:
        library, skipped = corrected(library, corrections)
        for correction, why in skipped:
            _err(f"correction not applied ({correction.describe()}): {why}")
    return library


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output and args.output != "-":
        return EXTENSIONS.get(Path(args.output).suffix.lower(), "json")
    return "json"


def _export_aliases(path: str, location: Any = None) -> int:
    corrections, problems = saved_corrections(location)
    for problem in problems:
        _err(problem)
    if _write(to_toml(corrections), path):
        return 1
    if path != "-":
        print(f"{len(corrections)} corrections written to {path}", file=sys.stderr)
    return 0


USAGE = """\
usage: warreader export groups [PATH...] [--format json|csv|md|html] [-o FILE] [--raw | --corrections FILE]
       warreader export entity NAME [PATH...] [--format json|csv|md|html] [-o FILE]
                        [--raw | --corrections FILE]
       warreader export articles [PATH...] [--entity NAME] [--format json|csv|md|html] [-o FILE]
       warreader export --aliases FILE
       warreader import --aliases FILE [--replace]

Export the group table, one entity's mentions or the articles (JSON, CSV, a Markdown or an HTML
report), or the saved corrections as a TOML aliases file ("-" writes to standard output)."""


def export_command(argv: list[str]) -> int:
    """``warreader export ...``; returns the exit code."""
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    if argv[0] == "--aliases" or argv[0].startswith("--aliases="):
        parser = argparse.ArgumentParser(prog="warreader export", description="Export saved corrections.")
        parser.add_argument("--aliases", metavar="FILE", required=True)
        parser.add_argument("--db", metavar="URL")
        args = parser.parse_args(argv)
        location = team_io.database(args)
        return location if isinstance(location, int) else _export_aliases(args.aliases, location)
    what, rest = argv[0], argv[1:]
    if what not in {"groups", "entity"}:
        _err(f"unknown export {what!r}")
        print(USAGE, file=sys.stderr)
        return 2
    parser = _data_parser(
        f"warreader export {what}",
        "Export the table of places and speakers." if what == "groups" else "Export one entity's mentions.",
        entity=what == "entity",
    )
    args = parser.parse_intermixed_args(rest)
    from warreader.corpus.discover import following_links

    with following_links(args.follow_links):
        library = _load(args)
    if isinstance(library, int):
        return library
    fmt = _format(args)
    if what == "groups":
        text = render_groups(library, fmt)
    else:
        group = one_group(library, args.name)
        if group is None:
            return 1
        text = render_entity(library, group.id, fmt)
    from warreader.corpus.locations import missing_paths

    return _write(text, args.output) or (1 if missing_paths(args.paths) else 0)


def import_aliases(
    path: str | Path, *, replace: bool = False, tell: Callable[[str], None] = _err
) -> tuple[int, int, int]:
    """Read an aliases file into the saved corrections; return (added, total, kept): ``kept``
    saved entries this warreader does not understand stay in the file as written (even with
    ``replace``: they are not this release's to drop). A state file that cannot be read is kept
    aside and ``tell`` says so (and whether the backup or an empty state was used)."""
    from warreader.store.state import StateStore

    incoming = read_toml(path)
    store = StateStore.default()
    if store.problem:
        tell(store.problem)
    existing, _ = from_state(store.state.corrections)
    merged = incoming if replace else combine(existing, incoming)
    added = len(merged) if replace else len(merged) - len(existing)
    saved = store.state.corrections
    store.state.corrections = to_state(merged, saved)
    store.save()
    for note in store.take_notes():
        tell(note)
    return added, len(merged), len(saved) - len(existing)


def import_command(argv: list[str]) -> int:
    """``warreader import --aliases FILE [--replace]``."""
    parser = argparse.ArgumentParser(prog="warreader import", description="Import corrections.")
    parser.add_argument("--aliases", metavar="FILE", required=True, help="a TOML aliases file")
    parser.add_argument("--replace", action="store_true", help="replace the saved corrections")
    parser.add_argument("--db", metavar="URL")
    args = parser.parse_args(argv)
    location = team_io.database(args)
    if isinstance(location, int):
        return location
    if location is not None:
        return team_io.import_shared(args.aliases, location, replace=args.replace)
    try:
        added, total, kept = import_aliases(args.aliases, replace=args.replace)
    except (OSError, ValueError) as error:
        _err(f"cannot import {args.aliases}: {error}")
        return 1
    more = f" (and {kept} this warreader does not understand, kept as written, not applied)" if kept else ""
    print(f"{added} corrections imported, {total} saved{more}", file=sys.stderr)
    return 0


def write_text(path: str | Path, text: str) -> Path:
    """Write an export from the app; returns the absolute path written."""
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target.resolve()


def iter_formats() -> Iterable[tuple[str, str]]:
    """(format, what it is) for pickers."""
    return (
        ("md", "Markdown report"),
        ("csv", "CSV table"),
        ("json", "JSON"),
        ("html", "HTML report (opens in a browser)"),
    )
