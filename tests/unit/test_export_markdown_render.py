"""The Markdown export renders as meant: a highlighted name is bold and keeps the spaces around it
(it was glued to its neighbours: ``into the**Luhansk**region``). Checked by rendering with
markdown-it-py (CommonMark with tables) and comparing the words."""

from __future__ import annotations

import html
import re

import pytest

from warreader import analysis
from warreader.export import emphasised, entity_markdown, mention_rows
from warreader.library import load_library
from warreader.resources import seeds_dir

markdown_it = pytest.importorskip("markdown_it")


def render_cell(cell: str) -> tuple[str, list[str]]:
    """The text a reader sees in a table cell, and the parts shown in bold."""
    parser = markdown_it.MarkdownIt("commonmark").enable("table")
    page = parser.render(f"| a |\n|---|\n| {cell} |\n")
    inner = re.search(r"<td>(.*?)</td>", page, re.S)
    assert inner is not None, page
    shown = inner.group(1)
    bold = [
        html.unescape(re.sub(r"<[^>]+>", "", part)) for part in re.findall(r"<strong>(.*?)</strong>", shown)
    ]
    return html.unescape(re.sub(r"<[^>]+>", "", shown)), bold


def glued(left: str, text: str, right: str) -> str:
    """The words as they stand in the article, spaces between them collapsed to one."""
    return analysis.one_line(left + "\x00" + text + "\x00" + right).replace("\x00", "")


@pytest.mark.parametrize(
    ("left", "text", "right"),
    [
        ("advanced into the ", "Luhansk", " region."),
        ("Zaporizhzhia, ", "Luhansk", " and Donetsk"),
        ("", "Kyiv", " was"),
        ("in ", "Kyiv", ""),
        ("the ", "Luhansk", "'s governor"),
        ("a ", "U.S.", "A b"),
        ("x", "(Kyiv)", "y"),
        ("é", "«Kyiv»", "é"),
        ("left * ", "Kyiv_x", " * right"),
        ("a <b>", "Kyiv & Lviv", "</b> c"),
        ("…war,\n  the\t", "Luhansk", "\n\nregion…"),
    ],
)
def test_a_bold_name_renders_with_its_spaces(left: str, text: str, right: str) -> None:
    shown, bold = render_cell(emphasised(left, text, right))
    assert shown == glued(left, text, right)
    assert bold == [text]


def test_the_seeds_entity_report_renders_every_context_as_written() -> None:
    library = load_library([str(seeds_dir())])
    luhansk = next(g for g in library.groups.values() if g.name == "Luhansk")
    report = entity_markdown(library, luhansk.id)
    assert "the**Luhansk**region" not in report
    rows = mention_rows(library, luhansk.id)
    contexts = [line for line in report.splitlines() if "Luhansk**" in line or "<strong>" in line]
    assert len(contexts) == len(rows) > 5
    for line, row in zip(contexts, rows, strict=True):
        cell = line.split(" | ")[2]
        shown, bold = render_cell(cell)
        assert shown == glued(row["left"], row["text"], row["right"])
        assert bold == [row["text"]]
    assert any(" Luhansk region" in render_cell(line.split(" | ")[2])[0] for line in contexts)
