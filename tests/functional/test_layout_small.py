"""At 80×24 every pane keeps room: the article list, at least 8 lines of the article and the key bar."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import screen_text

from warreader.ui.app import WarReaderApp
from warreader.ui.widgets.article_list import ArticleList
from warreader.ui.widgets.key_bar import KeyBar
from warreader.ui.widgets.reader import Reader

SMALL = (80, 24)
MIN_TEXT_LINES = 8


def write_corpus(folder: Path, count: int = 60) -> Path:
    """``count`` small articles, each long enough to fill the reading pane."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        lines = [f"Report {number} from Kharkiv", ""]
        lines += [f"Line {k} of report {number}, Kharkiv." for k in range(30)]  # one row each
        (folder / f"a{number:03}.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


def reader_rows(app: WarReaderApp) -> list[str]:
    """The reading pane's rows below its header, as shown on the terminal."""
    reader = app.query_one(Reader)
    region = reader.scrollable_content_region
    rows = screen_text(app).split("\n")[region.y + reader._head_height : region.bottom]
    return [row[region.x : region.right].rstrip() for row in rows]


async def test_the_reader_keeps_eight_lines_at_80x24_with_many_articles(tmp_path: Path) -> None:
    app = WarReaderApp([str(write_corpus(tmp_path / "corpus"))])
    async with app.run_test(size=SMALL) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.library is not None and len(app.library.articles) == 60
        reader = app.query_one(Reader)
        assert reader.scrollable_content_region.height - reader._head_height >= MIN_TEXT_LINES
        rows = reader_rows(app)
        assert len(rows) >= MIN_TEXT_LINES
        # The body starts with the title line and a blank one; the eighth body line is "Line 5".
        assert rows[0] == "Report 0 from Kharkiv" and rows[7] == "Line 5 of report 0, Kharkiv."
        listing = app.query_one(ArticleList)
        assert listing.region.height >= 4  # its border, the column headers and at least one row
        assert "Report 0 from Kharkiv" in screen_text(app).split("\n")[listing.region.y + 2]
        bar = app.query_one(KeyBar)
        assert bar.region.y == SMALL[1] - 1 and "Help" in screen_text(app).split("\n")[-1]
        status = app.query_one("#status")
        assert status.region.height == 1 and status.region.bottom <= bar.region.y


async def test_a_taller_terminal_still_shows_fourteen_rows_of_the_list(tmp_path: Path) -> None:
    app = WarReaderApp([str(write_corpus(tmp_path / "corpus"))])
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.query_one(ArticleList).region.height == 14
        assert len(reader_rows(app)) >= MIN_TEXT_LINES
