"""Every input format and encoding, written on the fly: fields filled where known, text decoded right."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from warreader.cli import main
from warreader.corpus.reader import ARTICLE_SUFFIXES, Problem, read_articles
from warreader.library import load_library

UK = "Голова ОВА Сергій Гайдай повідомив, що російські війська обстріляли Купʼянськ і Харків."
RU = "Губернатор Сергей Гайдай сообщил, что российские войска обстреляли Купянск и Харьков. Были разрушены дома."
FR = "Le gouverneur a déclaré à Kharkiv que l'armée avançait près de Kherson. Été, à côté."
PL = "Według gubernatora Serhija Hajdaja rosyjskie wojska ostrzelały Charków i Kupiańsk. Źródło, żółć."
DE = "Präsident Selenskyj sagte, die Stadt Charkiw sei größtenteils zerstört. Über Straßen."
SV = "Guvernören säger att ryska styrkor beskjutit Charkiv. Även Kupjansk drabbades – enligt källor."

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Kupiansk shelled again | Field Notes</title>
<meta property="og:title" content="Kupiansk shelled again">
<meta property="og:site_name" content="Field Notes">
<meta property="og:url" content="https://fieldnotes.example/kupiansk">
<meta property="article:published_time" content="2022-10-06T08:00:00+03:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/login">Log in</a></nav>
<article><h1>Kupiansk shelled again</h1>
<p>Governor Serhiy Haidai said on Thursday that Russian forces shelled Kupiansk and nearby villages overnight,
damaging homes and a school.</p>
<p>Oleh Syniehubov, head of the Kharkiv regional administration, said two people were wounded in the attack
and that rescue crews were still working at the scene.</p>
<p>Ukrainian forces recaptured the town in September after months of occupation.</p></article>
<footer>Copyright Field Notes. All rights reserved. Subscribe to our newsletter.</footer></body></html>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title type="html">Lyman &amp;amp; Kreminna</title><link href="https://atom.example/1"/><id>urn:1</id>
<updated>2022-10-01T23:00:00-05:00</updated>
<content type="html">&lt;p&gt;Ukrainian troops entered Lyman, officials said.&lt;/p&gt;</content></entry>
</feed>"""

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>RSS Desk</title>
<item><title>Kherson update</title><link>https://rss.example/k</link><pubDate>Fri, 11 Nov 2022 09:00:00 GMT</pubDate>
<description>Russian forces left Kherson, the ministry said.</description></item>
<item><title>Title only, no text</title></item></channel></rss>"""


def read(folder: Path) -> tuple[dict[str, object], list[Problem]]:
    problems: list[Problem] = []
    articles = {Path(a.path).name: a for a in read_articles([folder], problems)}
    return articles, problems


def test_saved_html_page_main_text_and_metadata(write_articles, tally) -> None:
    folder = write_articles({"page.html": PAGE, "page2.htm": PAGE.replace('charset="utf-8"', "")})
    articles, problems = tally.guard("html", lambda: read(folder))
    assert not problems
    page = articles["page.html"]
    assert page.title == "Kupiansk shelled again"
    assert (page.source, page.url, str(page.date)) == (
        "Field Notes",
        "https://fieldnotes.example/kupiansk",
        "2022-10-06",
    )
    assert page.body.startswith("Governor Serhiy Haidai said")
    assert "Log in" not in page.body and "Subscribe" not in page.body
    assert articles["page2.htm"].body == page.body


def test_html_without_metadata_gets_no_invented_date(write_articles) -> None:
    folder = write_articles({"bare.html": "<p>On 6 October 2022 Kharkiv was shelled, officials said.</p>"})
    articles, problems = read(folder)
    assert not problems
    assert articles["bare.html"].date is None
    assert articles["bare.html"].body == "On 6 October 2022 Kharkiv was shelled, officials said."


def test_rss_and_atom_files(write_articles, tally) -> None:
    folder = write_articles({"desk.rss": RSS, "desk.atom": ATOM, "desk.xml": RSS})
    articles, problems = tally.guard("feed-file", lambda: read(folder))
    atom = articles["desk.atom#1"]
    assert (atom.title, atom.url, atom.source, str(atom.date)) == (
        "Lyman & Kreminna",
        "https://atom.example/1",
        "Atom Desk",
        "2022-10-01",  # the date as published, not shifted to UTC
    )
    rss = articles["desk.rss#1"]
    assert (rss.title, rss.source, str(rss.date), rss.body) == (
        "Kherson update",
        "RSS Desk",
        "2022-11-11",
        "Russian forces left Kherson, the ministry said.",
    )
    assert articles["desk.rss#2"].body == "Title only, no text"
    assert "desk.xml#1" in articles
    assert not problems


def test_json_shapes_and_jsonl(write_articles, tally) -> None:
    one = {
        "title": "One",
        "date": "2022-10-06",
        "url": "https://j.example/1",
        "source": "J",
        "text": "Kyiv, officials said.",
    }
    folder = write_articles(
        {
            "list.json": json.dumps(
                [one, {**one, "title": "Two", "text": "", "body": "<p>Odesa <b>port</b></p>"}]
            ),
            "wrapped.json": json.dumps({"articles": [one], "count": 1}),
            "single.json": json.dumps(
                {
                    "headline": "Single",
                    "content": "Lviv text.",
                    "link": "https://j.example/s",
                    "publisher": {"name": "Pub"},
                }
            ),
            "lines.jsonl": "\n".join(
                [json.dumps(one), "", "{broken", json.dumps({"body": "Dnipro.", "published": 1665000000})]
            ),
            "nested.json": json.dumps(
                {"items": [{"description": "Mykolaiv.", "link": ["https://j.example/n"]}]}
            ),
        }
    )
    articles, problems = tally.guard("json", lambda: read(folder))
    assert articles["list.json#1"].url == "https://j.example/1"
    assert (articles["list.json#1"].source, str(articles["list.json#1"].date)) == ("J", "2022-10-06")
    assert articles["list.json#2"].body == "Odesa port"
    assert articles["wrapped.json#1"].title == "One"
    single = articles["single.json"]
    assert (single.title, single.url, single.source) == ("Single", "https://j.example/s", "Pub")
    assert str(articles["lines.jsonl#4"].date) == "2022-10-05"
    assert articles["nested.json#1"].url == "https://j.example/n"
    assert articles["nested.json#1"].source == "j.example"  # from the URL when no source is given
    assert [str(p) for p in problems] == [f"{folder / 'lines.jsonl'}: 1 unreadable JSON line (3)"]


def test_stdin_reads_one_article(monkeypatch, capsys, tally) -> None:
    for data, title in [
        (b"Governor Haidai said Kupiansk was shelled.", "Governor Haidai said Kupiansk was shelled."),
        (PAGE.encode(), "Kupiansk shelled again"),
        (json.dumps({"title": "From JSON", "text": "Kyiv."}).encode(), "From JSON"),
        (RSS.encode(), "Kherson update"),
        (UK.encode("cp1251", "replace"), None),
    ]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        code = tally.guard("stdin", lambda: main(["extract", "-", "--json"]))
        out, err = capsys.readouterr()
        assert code == 0, err
        article = json.loads(out)["articles"][0]
        if title:
            assert article["title"] == title
        assert article["path"].startswith("<stdin>")
    monkeypatch.setattr(sys, "stdin", None)
    assert main(["check", "-"]) == 1
    assert "<stdin>: no standard input" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (UK, "utf-8"),
        (UK, "utf-8-sig"),
        (UK, "utf-16"),
        (UK, "utf-16-be"),
        (UK.replace("ʼ", "'"), "cp1251"),
        (UK.replace("ʼ", "'"), "koi8_u"),
        (RU, "cp1251"),
        (RU, "koi8_r"),
        (FR, "latin-1"),
        (FR, "cp1252"),
        (DE, "latin-1"),
        (SV, "cp1252"),
        (PL, "cp1250"),
        (PL, "iso8859_2"),
        ("Kharkiv and Kyiv, officials said. " * 3, "utf-16-le"),
        (UK, "utf-16-le"),
    ],
)
def test_encodings(text: str, encoding: str, write_articles, tally) -> None:
    folder = write_articles({"a.txt": text.encode(encoding)})
    articles, problems = tally.guard("encoding", lambda: read(folder))
    assert not problems
    assert articles["a.txt"].body == text.strip()


def test_invalid_utf8_keeps_the_rest_and_says_so(write_articles) -> None:
    good = "Губернатор Гайдай сообщил о обстреле Купянска. " * 5
    folder = write_articles({"a.txt": good.encode() + b"\xff\xfe\xc3" + good.encode()})
    articles, problems = read(folder)
    assert articles["a.txt"].body.count("Купянска") == 10
    assert [p.message for p in problems] == ["invalid UTF-8: undecodable bytes shown as �"]


def test_cyrillic_places_found_and_grouped_with_latin_spellings(write_articles) -> None:
    folder = write_articles(
        {
            "uk.txt": UK,
            "ru.txt": RU.encode("koi8_r"),
            "en.txt": "Governor Serhiy Haidai said Russian forces shelled Kupiansk and Kharkiv.",
        }
    )
    library = load_library([folder])
    assert {a.language for a in library.articles} == {"en", "ru", "uk"}
    kupiansk = next(g for g in library.groups.values() if g.name == "Kupiansk")
    assert {"Kupiansk", "Купʼянськ", "Купянск"} <= set(kupiansk.variants)
    assert len(kupiansk.articles) == 3
    kharkiv = next(g for g in library.groups.values() if g.name == "Kharkiv")
    assert {"Харків", "Харьков"} <= set(kharkiv.variants)


def test_cyrillic_speaker_joins_its_latin_spelling(write_articles) -> None:
    folder = write_articles({"uk.txt": UK, "en.txt": "Governor Serhiy Haidai said Kupiansk was shelled."})
    library = load_library([folder])
    haidai = next(g for g in library.groups.values() if g.kind == "speaker" and "Haidai" in g.name)
    assert any("Гайдай" in v for v in haidai.variants)


def test_discovery_covers_every_format_suffix(write_articles) -> None:
    folder = write_articles(
        {f"a{suffix}": "Kyiv." for suffix in sorted(ARTICLE_SUFFIXES)} | {"skip.pdf": "x", "skip": "x"}
    )
    _, problems = read(folder)
    assert Problem(str(folder), "2 files of other types not read: (no extension) 1, .pdf 1") in problems
    problems = [p for p in problems if p.path != str(folder)]
    found = {Path(str(p.path).split("#")[0]).suffix for p in problems} | {
        Path(a.path.split("#")[0]).suffix for a in read_articles([folder], [])
    }
    assert found == set(ARTICLE_SUFFIXES)


def _rss(text: str, declaration: str = "") -> str:
    head = f'<?xml version="1.0" encoding="{declaration}"?>' if declaration else ""
    return (
        f'{head}<rss version="2.0"><channel><title>Desk</title><item><title>{text[:30]}</title>'
        f"<guid>x1</guid><description>{text}</description></item></channel></rss>"
    )


@pytest.mark.parametrize(
    ("text", "encoding", "language"),
    [
        (UK.replace("ʼ", "'"), "cp1251", "uk"),
        (RU, "cp1251", "ru"),
        (RU, "koi8_r", "ru"),
        (PL, "cp1250", "pl"),
    ],
)
def test_feeds_without_an_encoding_declaration_are_detected(
    text: str, encoding: str, language: str, write_articles
) -> None:
    folder = write_articles({"feed.xml": _rss(text).encode(encoding)})
    articles, problems = read(folder)
    assert problems == []
    article = articles["feed.xml#1"]
    assert (article.body, article.language) == (text, language)


def test_a_feed_declaring_the_wrong_encoding_is_read_right_and_reported(write_articles) -> None:
    text = RU
    folder = write_articles(
        {
            "wrong.xml": _rss(text, "windows-1252").encode("cp1251"),
            "right.xml": _rss(text, "windows-1251").encode("cp1251"),
            "latin.xml": _rss(FR, "iso-8859-1").encode("latin-1"),
            "bad-utf8.xml": _rss(text, "utf-8").encode("koi8_r"),
        }
    )
    articles, problems = read(folder)
    assert {name: a.body for name, a in articles.items()} == {
        "wrong.xml#1": text,
        "right.xml#1": text,
        "latin.xml#1": FR,
        "bad-utf8.xml#1": text,
    }
    assert sorted((Path(p.path).name, p.message) for p in problems) == [
        ("bad-utf8.xml", "the feed says its encoding is utf-8, but its bytes are koi8_r"),
        ("wrong.xml", "the feed says its encoding is windows-1252, but its bytes are cp1251"),
    ]


def test_a_feed_follows_the_http_charset() -> None:
    from warreader.corpus.feedfile import parse_feed

    data = _rss(RU).encode("koi8_r")
    assert parse_feed(data, "koi8-r")[1][0].text == RU
    notes: list[str] = []
    assert parse_feed(data, "iso-8859-1", notes)[1][0].text == RU
    assert notes == ["the feed says its encoding is iso-8859-1, but its bytes are koi8_r"]


def test_json_text_given_as_fragments_keeps_every_fragment(write_articles) -> None:
    export = {
        "name": "Front Channel",
        "type": "public_channel",
        "messages": [
            {
                "id": 1,
                "date": "2022-10-06T10:00:00",
                "text": [
                    "Kharkiv:",
                    {"type": "bold", "text": " Governor Oleh Syniehubov"},
                    " said the city was shelled ",
                    {"type": "text_link", "text": "overnight", "href": "https://t.example/1"},
                    ".",
                ],
            },
            {"id": 2, "date": "2022-10-07T10:00:00", "text": "Plain text about Kupiansk."},
            {"id": 3, "content": [{"type": "text/plain", "value": "Content given as a value about Izium."}]},
        ],
    }
    folder = write_articles({"result.json": json.dumps(export)})
    articles, problems = read(folder)
    assert problems == []
    assert (
        articles["result.json#1"].body
        == "Kharkiv: Governor Oleh Syniehubov said the city was shelled overnight."
    )
    assert str(articles["result.json#1"].date) == "2022-10-06"
    assert articles["result.json#2"].body == "Plain text about Kupiansk."
    assert articles["result.json#3"].body == "Content given as a value about Izium."


def test_compressed_rdf_and_opml_files_are_read_or_recognised(write_articles, tmp_path: Path, capsys) -> None:
    import gzip

    opml = (
        '<?xml version="1.0"?><opml version="2.0"><head><title>My feeds</title>'
        "<ownerName>Jane Roe</ownerName><ownerEmail>jane@example.org</ownerEmail></head><body>"
        '<outline text="Desk" type="rss" xmlUrl="https://desk.example/rss"/></body></opml>'
    )
    rdf = (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://rdf.example/"><title>RDF Desk</title>'
        '</channel><item rdf:about="https://rdf.example/1"><title>Lyman</title><link>https://rdf.example/1</link>'
        "<description>Ukrainian troops entered Lyman, officials said.</description></item></rdf:RDF>"
    )
    folder = write_articles(
        {
            "page.html.gz": gzip.compress(PAGE.encode()),
            "note.txt.gz": gzip.compress(b"Shelling hit Kupiansk. ") + gzip.compress(b"Then Izium."),
            "feed.rdf": rdf,
            "feeds.opml": opml,
            "list.xml": opml,
            "broken.json.gz": b"not gzip at all",
            "backup.tar.gz": b"x",
            "report.pdf": b"%PDF",
            "scan.pdf": b"%PDF",
            "notes": "no extension",
            ".DS_Store": b"\0",
        }
    )
    articles, problems = read(folder)
    assert articles["page.html.gz"].title == "Kupiansk shelled again"
    assert articles["note.txt.gz"].body == "Shelling hit Kupiansk. Then Izium."
    assert articles["feed.rdf#1"].body == "Ukrainian troops entered Lyman, officials said."
    assert not any("Jane" in a.title or "Jane" in a.body for a in articles.values())
    note = "a feed list (OPML), not articles: import it with `warreader feeds import`"
    assert sorted((Path(p.path).name, p.message) for p in problems) == [
        ("broken.json.gz", "not a readable gzip file"),
        ("corpus", "4 files of other types not read: .pdf 2, (no extension) 1, .gz 1"),
        ("feeds.opml", note),
        ("list.xml", note),
    ]
    # Given by name, an OPML file is recognised too (it used to become an article named after its owner).
    assert main(["check", str(folder / "feeds.opml")]) == 1
    assert note in capsys.readouterr().out


def test_a_gzip_bomb_is_read_only_up_to_the_format_limit(write_articles) -> None:
    import gzip

    from warreader.corpus.formats import FEED_MAX_BYTES

    bomb = gzip.compress(b"<rss>" + b" " * (FEED_MAX_BYTES + 10), compresslevel=9)
    assert len(bomb) < 100_000
    folder = write_articles({"bomb.xml.gz": bomb})
    articles, problems = read(folder)
    assert articles == {}
    assert [p.message for p in problems] == ["too large (32 MB; feed files are read up to 32 MB)"]


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [UK, "Kharkiv and Kyiv, officials said."])
def test_utf32_without_a_bom_is_text(text: str, encoding: str, write_articles) -> None:
    folder = write_articles({"a.txt": text.encode(encoding)})
    articles, problems = read(folder)
    assert problems == []
    assert articles["a.txt"].body == text


def test_a_feed_entry_whose_html_title_has_no_text_shows_no_markup(write_articles) -> None:
    feed = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>'
        '<entry><title type="html">&lt;img src=x onabort="alert(1)"/&gt;</title><id>urn:1</id>'
        '<content type="html">&lt;p&gt;Shelling hit Kupiansk overnight.&lt;/p&gt;</content></entry>'
        '<entry><title type="html">&lt;img src=y onerror="alert(2)"/&gt;</title><id>urn:2</id></entry></feed>'
    )
    folder = write_articles({"feed.atom": feed})
    articles, problems = read(folder)
    [article] = articles.values()
    assert article.body == "Shelling hit Kupiansk overnight."
    assert article.title == "Shelling hit Kupiansk overnight."
    assert [p.message for p in problems] == ["1 of 2 items have no text"]
