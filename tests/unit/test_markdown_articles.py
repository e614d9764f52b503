"""`.md` articles are read as the text they show: markup dropped, link targets kept as links."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from warreader.corpus.markdown import markdown_to_text
from warreader.corpus.reader import Problem, read_source
from warreader.nlp.pipeline import extract_article

ARTICLE = """date 2022-10-06

# Strikes on **Kharkiv** overnight

Governor *Oleh Syniehubov* said that [Kharkiv](https://news.example/kharkiv-shelled "map") was hit
again, and that ***Izium*** stayed quiet. Details [in the log][log] and at <https://log.example/night>.

![Smoke over the city centre](https://img.example/smoke.jpg)

A photo ![tiny icon](icon.png) sat inside this sentence.

- first **item**
- second item with `inline code`
  1. a nested item

> A quote with __strong__ and _em_ text.

```python
print("code stays as text")
```

---

[log]: https://log.example/kharkiv-2022-10-06
"""

EXPECTED = """Strikes on Kharkiv overnight

Governor Oleh Syniehubov said that Kharkiv was hit again, and that Izium stayed quiet. \
Details in the log and at .

Smoke over the city centre

A photo sat inside this sentence.

first item
second item with inline code
a nested item

A quote with strong and em text.

print("code stays as text")"""


def _read(tmp_path: Path, name: str, text: str) -> tuple[list, list[Problem]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    return read_source(path, problems), problems


def test_a_markdown_article_is_read_as_plain_text_with_its_links(tmp_path: Path) -> None:
    [article], problems = _read(tmp_path, "strikes.md", ARTICLE)
    assert problems == []
    assert article.body == EXPECTED
    assert article.title == "Strikes on Kharkiv overnight"
    assert article.date is not None and article.date.isoformat() == "2022-10-06"
    assert article.links == [
        "https://news.example/kharkiv-shelled",
        "https://log.example/kharkiv-2022-10-06",
        "https://log.example/night",
    ]
    for markup in ("**", "](", "https://", "![", "# ", "- ", "> ", "```", "[log]"):
        assert markup not in article.body


def test_mentions_are_found_on_the_plain_text_and_keep_the_offset_contract(tmp_path: Path) -> None:
    [article], _ = _read(tmp_path, "strikes.md", ARTICLE)
    extract_article(article)
    assert article.mentions
    for mention in article.mentions:
        assert article.body[mention.start : mention.end] == mention.text
        assert "*" not in mention.text and "[" not in mention.text
    places = [m.text for m in article.mentions if m.kind == "place"]
    assert places.count("Kharkiv") == 2  # the heading and the link text, not the link targets
    assert "Izium" in places
    assert "Oleh Syniehubov" in [m.text for m in article.mentions if m.kind == "speaker"]


@pytest.mark.parametrize(
    "header", ["date 2022-10-06\n\n", "date 6 October 2022\n", "date 2022-10\n\n", "date 2022-13-45\n\n"]
)
def test_the_date_header_is_read_exactly_as_for_text_files(tmp_path: Path, header: str) -> None:
    text = header + "Shelling was reported in Kupiansk on Thursday.\n"
    [as_text], text_problems = _read(tmp_path, "a.txt", text)
    [as_md], md_problems = _read(tmp_path, "a.md", text)
    assert (as_md.date, as_md.body, as_md.title) == (as_text.date, as_text.body, as_text.title)
    assert [p.message for p in md_problems] == [p.message for p in text_problems]


def test_front_matter_gives_title_and_date(tmp_path: Path) -> None:
    text = '---\ntitle: "Night of drones"\ndate: 2023-05-30\ntags: [kyiv]\n---\n\nDrones were shot down over Kyiv.\n'
    [article], problems = _read(tmp_path, "drones.md", text)
    assert problems == []
    assert (article.title, str(article.date), article.body) == (
        "Night of drones",
        "2023-05-30",
        "Drones were shot down over Kyiv.",
    )


def test_a_txt_file_is_not_read_as_markdown(tmp_path: Path) -> None:
    [article], _ = _read(tmp_path, "plain.txt", "Kharkiv **as typed** [x](y)\n")
    assert article.body == "Kharkiv **as typed** [x](y)"
    assert article.links == []


HOSTILE = (
    "<div onclick=\"alert(1)\">\n<script>var kharkiv = 'Odesa';</script>\n<style>p {color: red}</style>\n"
    "<!-- a comment about Mariupol -->\nText from an <b>HTML</b> block &amp; Kherson.\n</div>\n\n"
    "***bold **inside *em* inside** end*** and **un*closed and *a **b* c**\n\n"
    "[ref one][r1] [ref two][] [r3] [missing][nowhere] [js](javascript:alert(1)) [file](file:///etc/passwd)\n\n"
    "[r1]: https://one.example/a\n[ref two]: <https://two.example/b> 'Two'\n[r3]: https://three.example/c\n\n"
    "[bold red]Not Rich markup[/] and \\*escaped\\* stars &#27;[2J\n\n"
)


def test_hostile_markdown_keeps_text_and_drops_markup() -> None:
    plain = markdown_to_text(HOSTILE)
    body = plain.body
    assert "Text from an HTML block & Kherson." in body
    for unseen in ("alert", "Odesa", "color", "Mariupol", "<", "javascript", "passwd", "https://"):
        assert unseen not in body, unseen
    assert "bold inside em inside end and" in body
    assert "ref one ref two r3 [missing][nowhere] js file" in body
    assert "[bold red]Not Rich markup[/] and *escaped* stars" in body and "\x1b" not in body
    assert plain.links == ["https://one.example/a", "https://two.example/b", "https://three.example/c"]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "Kharkiv" + "]" * 10_000 + "(https://x.example/" + "(" * 10_000 + ")",
        "[" * 10_000,
        "*" * 10_000 + "Kharkiv" + "*" * 10_000,
        ">" * 10_000 + " Kharkiv",
        "- " * 10_000 + "Kharkiv",
        "![a](" * 5_000 + ")" * 5_000,
        "<div>" * 10_000 + "Kharkiv",
    ],
    ids=["brackets-link", "open-brackets", "stars", "quotes", "lists", "images", "divs"],
)
def test_deeply_nested_markdown_is_read_in_bounded_time(tmp_path: Path, text: str) -> None:
    started = time.perf_counter()
    articles, problems = _read(tmp_path, "deep.md", f"date 2022-10-06\n\n{text}\n\nShelling hit Kharkiv.\n")
    assert time.perf_counter() - started < 5
    too_deep = "Markdown nested over 40 levels deep: read as plain text"
    assert [p.message for p in problems] == ([too_deep] if text[0] in "->" else [])
    [article] = articles
    assert article.body.endswith("Shelling hit Kharkiv.")
    extract_article(article)
    assert all(article.body[m.start : m.end] == m.text for m in article.mentions)
