"""HTML reports (issue 16, item 9): one self-contained page, every article text escaped and inert,
highlights placed at the mention spans. Checked by parsing the page with html.parser."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from warreader import export
from warreader.cli import main
from warreader.corpus.sanitize import visible
from warreader.export_articles import render_articles
from warreader.library import Library
from warreader.model import Article, Group, Mention

KHARKIV, SPEAKER = "place:kharkiv", "speaker:evil"
HOSTILE_TITLE = '<script>alert("t")</script> Kharkiv "><img src=x onerror=alert(1)> \u202eevil\u202c'
HOSTILE_SOURCE = "'\"><iframe src=//x></iframe>\x1b[31m\x00"
BODY = (
    "Kharkiv-born reporters wrote <b>bold</b> & <script>alert(2)</script> about Kharkiv today. "
    "\u202eOverride\u202c text and \x07 bells near Kharkiv. "
    'Then "><img src=x onerror=alert(3)> Ivan Evil said Kharkiv was calm.'
)


def _spans(surface: str, skip: int = 0) -> list[tuple[int, int]]:
    found, at = [], BODY.find(surface)
    while at >= 0:
        found.append((at, at + len(surface)))
        at = BODY.find(surface, at + 1)
    return found[skip:]


def hostile() -> Library:
    """One article whose title, source and body try to be markup; "Kharkiv" occurs four times in the
    body but only the last three are mentions (the first is "Kharkiv-born")."""
    mentions = [Mention("place", "Kharkiv", s, e, KHARKIV, KHARKIV) for s, e in _spans("Kharkiv", skip=1)]
    s, e = _spans("Ivan Evil")[0]
    mentions.append(Mention("speaker", "Ivan Evil", s, e, SPEAKER, SPEAKER))
    mentions.sort(key=lambda m: m.start)
    article = Article(
        "news/x.txt", HOSTILE_TITLE, dt.date(2024, 10, 8), "en", BODY, HOSTILE_SOURCE, "", mentions
    )
    other = Article("news/y.txt", "Quiet day", None, "en", "Nothing happened in Lviv.", "Wire", "", [])
    groups = {
        KHARKIV: Group(KHARKIV, "place", 'Kharkiv<"x">', ["Kharkiv", "<i>Kharkov</i>"], 3, ["news/x.txt"]),
        SPEAKER: Group(SPEAKER, "speaker", "Ivan </td><script>Evil", ["Ivan Evil"], 1, ["news/x.txt"]),
    }
    return Library([article, other], groups)


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "small", "p", "table", "thead", "tbody",
    "tr", "th", "td", "mark", "span", "strong", "footer",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"lang", "charset", "http-equiv", "content", "name", "class"}
ALLOWED_CLASSES = {"meta", "n", "date", "lead", "chip", "place", "speaker", "hit", "other"}


class Page(HTMLParser):
    """Every element and attribute of a page, the text of each <mark>, and all text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.marks: list[tuple[str, str]] = []  # (classes, text)
        self.texts: list[str] = []
        self._mark: list[str] | None = None
        self._classes = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        if tag == "mark":
            self._mark, self._classes = [], dict(attrs).get("class") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._classes, "".join(self._mark)))
            self._mark = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._mark is not None:
            self._mark.append(data)


def parsed(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    # every <mark> was closed and read (none opened by text)
    assert page.count("<mark ") == page.count("</mark>") == len(parser.marks)
    return parser


def assert_inert(page: Page) -> None:
    assert set(page.tags) <= ALLOWED_TAGS, set(page.tags) - ALLOWED_TAGS
    assert {name for name, _ in page.attributes} <= ALLOWED_ATTRIBUTES
    classes = {c for name, value in page.attributes if name == "class" for c in (value or "").split()}
    assert classes <= ALLOWED_CLASSES
    assert page.tags.count("style") == 1 and "script" not in page.tags and "img" not in page.tags


def test_entity_report_escapes_everything_and_marks_the_mention_spans() -> None:
    library = hostile()
    html_text = export.render_entity(library, KHARKIV, "html")
    page = parsed(html_text)
    assert_inert(page)
    hits = [text for classes, text in page.marks if "hit" in classes.split()]
    assert hits == ["Kharkiv", "Kharkiv", "Kharkiv"]  # the three mentions, not "Kharkiv-born"
    # other mentions in the sentences are marked too, by kind; nothing else is
    assert ("speaker", "Ivan Evil") in page.marks
    assert [t for _, t in page.marks if _ not in ("place", "speaker")] == hits
    text = "".join(page.texts)
    assert visible(" ".join(HOSTILE_TITLE.split())) in text  # the title reads as written, inert
    assert "<script>alert(2)</script>" in text and "<b>bold</b>" in text  # body markup shown as text
    assert "\u202e" not in html_text and "\x1b" not in html_text and "\x07" not in html_text
    assert "\x00" not in html_text and "\ufffdOverride\ufffd" in text and "\u2407" in text
    assert "Kharkiv&lt;&quot;x&quot;&gt;" in html_text  # the group name too
    assert "http" not in "".join(v or "" for _, v in page.attributes if _ != "content")


def test_marks_follow_offsets_not_names() -> None:
    library = hostile()
    article = library.articles[0]
    first = article.mentions[0]
    # move the first mention onto "Kharkiv-born"'s "Kharkiv": the mark follows the offsets
    article.mentions[0] = Mention("place", "Kharkiv", 0, 7, KHARKIV, KHARKIV)
    page = parsed(render_articles(library, [0], "html"))
    assert [t for _, t in page.marks] == ["Kharkiv", *(m.text for m in article.mentions[1:])]
    assert "Kharkiv-born" in "".join(page.texts) and first.start != 0


def test_article_list_report_has_dates_sources_titles_and_highlights() -> None:
    library = hostile()
    html_text = render_articles(library, None, "html", title="Kharkiv <today>")
    page = parsed(html_text)
    assert_inert(page)
    article = library.articles[0]
    assert [t for _, t in page.marks if _ in ("place", "speaker")] == [m.text for m in article.mentions]
    text = "".join(page.texts)
    assert "2024-10-08" in text and "Quiet day" in text and "Kharkiv <today>" in text
    assert visible(" ".join(HOSTILE_SOURCE.split())) in text
    assert "Ivan </td><script>Evil" in text  # the speaker chip, as text
    assert html_text.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in html_text


def test_group_table_report_is_inert() -> None:
    page = parsed(export.render_groups(hostile(), "html"))
    assert_inert(page)
    assert "Ivan </td><script>Evil" in "".join(page.texts)


def test_html_is_offered_everywhere_and_the_other_formats_list_articles() -> None:
    assert "html" in dict(export.iter_formats()) and "html" in export.FORMATS
    rows = json.loads(render_articles(hostile(), [1, 0], "json"))
    assert [r["index"] for r in rows] == [1, 0]
    assert rows[1]["places"] == ['Kharkiv<"x">'] and rows[1]["speakers"] == ["Ivan </td><script>Evil"]
    assert render_articles(hostile(), None, "md").count("\n| ") == 3  # header + 2 rows
    assert "&lt;script&gt;" in render_articles(hostile(), None, "md")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("WARREADER_DATA_DIR", str(folder))
    return folder


def test_cli_writes_html_reports(tmp_path: Path, seeds: Path, data_dir: Path) -> None:
    entity = tmp_path / "kharkiv.html"
    assert main(["export", "entity", "Kharkiv", str(seeds), "-o", str(entity)]) == 0  # from the extension
    page = parsed(entity.read_text(encoding="utf-8"))
    assert_inert(page)
    assert page.marks and all(t in ("Kharkiv", "Charkiv") for c, t in page.marks if "hit" in c)
    listing = tmp_path / "articles.html"
    code = main(
        ["export", "articles", str(seeds), "--entity", "Kharkiv", "--format", "html", "-o", str(listing)]
    )
    assert code == 0
    page = parsed(listing.read_text(encoding="utf-8"))
    assert_inert(page)
    assert page.tags.count("tr") == 1 + 3  # header + the 3 seed articles mentioning Kharkiv
    assert main(["export", "articles", str(seeds), "--entity", "Nowhere", "--format", "html"]) == 1


def test_cli_article_export_exit_codes(
    tmp_path: Path, seeds: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "articles", str(tmp_path / "missing"), "--format", "html"]) == 1
    assert "missing" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["export", "articles", str(seeds), "--format", "pdf"])
    assert stop.value.code == 2
    out = tmp_path / "list.htm"
    assert main(["export", "articles", str(seeds), "-o", str(out)]) == 0  # .htm is html too
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
