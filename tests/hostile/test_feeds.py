"""Feeds over HTTP against a local server: normal, 304, hanging, reset, garbage, oversize; the feeds command."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from warreader.cli import main
from warreader.corpus.feedfile import NotAFeed, parse_feed
from warreader.corpus.fetch import FetchError, fetch
from warreader.corpus.reader import Problem, read_articles

FAST = {"timeout": 1.0}


def test_normal_feed_then_304_with_etag(server: str, tally) -> None:
    first = tally.guard("feed-url", lambda: fetch(server + "/feed.xml", **FAST))
    assert first.status == 200 and first.etag == '"v1"'
    source, items = parse_feed(first.content)
    assert "Front Line" in source and len(items) == 2
    again = tally.guard("feed-url", lambda: fetch(server + "/feed.xml", etag=first.etag, **FAST))
    assert again.not_modified and again.content == b""


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ("/hang", "timed out"),
        ("/hang-body", "timed out"),
        ("/drip", "timed out"),
        ("/reset", "reset or closed"),
        ("/huge-declared", "larger than"),
        ("/huge-streamed", "larger than"),
        ("/error", "HTTP 500"),
        ("/nowhere", "HTTP 404"),
        ("/redirect-loop", "too many redirects"),
        ("/gzip-bomb", "decompress"),
    ],
)
def test_misbehaving_servers_give_a_clear_message_in_bounded_time(
    server: str, route, expected, tally
) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=expected):
        tally.guard(
            "feed-url", lambda: fetch(server + route, timeout=1.0, max_bytes=1_000_000), (FetchError,)
        )
    assert time.monotonic() - started < 4


def test_unreachable_and_malformed_urls(tally) -> None:
    for url, expected in [
        ("http://127.0.0.1:9/feed", "cannot connect"),
        ("http://[::1", "not a usable URL"),
        ("ftp://127.0.0.1/feed", "not an http"),
    ]:
        with pytest.raises(FetchError, match=expected):
            tally.guard("feed-url", lambda url=url: fetch(url, **FAST), (FetchError,))


@pytest.mark.parametrize("route", ["/garbage", "/not-a-feed", "/dev-zero"])
def test_garbage_bodies_are_not_feeds(server: str, route: str, tally) -> None:
    body = fetch(server + route, **FAST).content
    with pytest.raises(NotAFeed):
        tally.guard("feed-body", lambda: parse_feed(body), (NotAFeed,))


def test_feed_url_given_as_a_path_is_read_on_request(server: str, tally, monkeypatch) -> None:
    monkeypatch.setattr("warreader.corpus.fetch.TIMEOUT", 1.0)
    problems: list[Problem] = []
    urls = [server + "/feed.xml", server + "/page.html", server + "/hang", server + "/garbage"]
    articles = tally.guard("feed-url", lambda: list(read_articles(urls, problems)))
    tally.tried("feed-url", len(urls) - 1)
    by_title = {a.title: a for a in articles}
    feed_item = by_title["Governor Haidai: Kupiansk shelled"]
    assert feed_item.url == "https://frontline.example/a1"
    assert feed_item.date is not None and feed_item.date.isoformat() == "2022-10-06"  # as published, not UTC
    assert feed_item.source.startswith("Front Line")
    page = by_title["Kupiansk under fire"]
    assert (page.source, page.url, str(page.date)) == ("Field Notes", server + "/page.html", "2022-10-06")
    messages = {p.path.rsplit("/", 1)[-1]: p.message for p in problems}
    assert "timed out" in messages["hang"]
    assert messages["garbage"] == "binary file, not text"


def test_extract_command_on_a_feed_url(server: str, capsys) -> None:
    code = main(["extract", server + "/feed.xml", "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    articles = json.loads(out)["articles"]
    assert [a["path"] for a in articles] == [server + "/feed.xml#1", server + "/feed.xml#2"]
    assert any(m["text"] == "Kupiansk" for m in articles[0]["mentions"])


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["feeds", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_feeds_add_list_fetch_store_and_read(server: str, capsys, isolated: Path, tally, keep, snap) -> None:
    url = server + "/feed.xml"
    assert run(capsys, "add", url)[0] == 0
    assert "already" in run(capsys, "add", url)[1]
    assert run(capsys, "add", "not a url")[0] == 2
    code, out, _ = run(capsys, "list")
    assert code == 0 and url in out and "never fetched" in out
    code, out, err = run(capsys, "fetch", "--timeout", "2")
    assert code == 0, err
    assert "2 new" in out
    stored = sorted((isolated / "articles").rglob("*.json"))
    assert len(stored) == 2
    record = json.loads(stored[0].read_text(encoding="utf-8"))
    assert record.keys() >= {"title", "date", "url", "source", "text"}
    before = snap(isolated)
    code, out, _ = run(capsys, "fetch")  # conditional GET: 304
    assert code == 0 and "not modified" in out
    keep(before, snap(isolated))
    code, out, _ = run(capsys, "dir")
    folder = out.strip()
    articles = list(read_articles([folder], problems := []))
    assert not problems and len(articles) == 2
    assert {a.url for a in articles} == {"https://frontline.example/a1", "https://frontline.example/a2"}
    assert all(a.source.startswith("Front Line") and "\x1b" not in a.source for a in articles)
    code, out, _ = run(capsys, "list")
    assert "2 articles stored" in out and "not modified" in out
    tally.tried("feeds-command", 7)


def test_failing_feeds_lose_nothing_and_do_not_stop_the_others(
    server: str, capsys, isolated: Path, tally, keep, snap
) -> None:
    good = server + "/feed.xml"
    bad = ["/hang", "/reset", "/garbage", "/huge-streamed", "/error", "/dev-zero"]
    for route in [*bad, ""]:
        run(capsys, "add", server + route if route else good)
    code, out, err = run(capsys, "fetch", "--timeout", "1", "--max-mb", "1")
    assert code == 1
    assert "2 new" in out
    for route in bad:
        assert server + route in err
    assert "Traceback" not in err
    before = snap(isolated)
    code, out, err = run(capsys, "fetch", "--timeout", "1", "--max-mb", "1")
    assert code == 1
    keep(before, snap(isolated))
    tally.tried("feeds-command", 2 * (len(bad) + 1))


def test_malformed_feed_list_is_reported_and_never_overwritten(
    capsys, isolated: Path, tally, keep, snap
) -> None:
    isolated.mkdir(parents=True, exist_ok=True)
    config = isolated / "feeds.toml"
    config.write_text('[[feed]]\nurl = "https://a.example/rss\n', encoding="utf-8")
    before = snap(isolated)
    code, _, err = run(capsys, "add", "https://b.example/rss")
    assert code == 2 and "cannot read the feed list" in err
    assert run(capsys, "list")[0] == 2
    keep(before, snap(isolated))
    tally.tried("feeds-config", 2)


def test_feed_list_round_trips_odd_names(capsys, isolated: Path) -> None:
    assert run(capsys, "add", 'https://a.example/rss?x="1"&y=\\', "--name", 'Quote " and \\ \x1b[31m')[0] == 0
    assert run(capsys, "add", "https://b.example/атом")[0] == 0
    code, out, _ = run(capsys, "list")
    assert code == 0 and "\x1b" not in out
    assert 'https://a.example/rss?x="1"&y=\\' in out and "https://b.example/атом" in out
    assert run(capsys, "remove", "https://b.example/атом")[0] == 0
    assert run(capsys, "remove", "https://b.example/атом")[0] == 1
    assert run(capsys, "fetch", "https://unknown.example/")[0] == 2
