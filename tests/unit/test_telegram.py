"""Telegram Desktop exports (result.json) read as one article per message.

Every export here is written by the test itself in Telegram Desktop's layout; the sentences are made up.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from warreader.corpus import telegram
from warreader.corpus.reader import Problem, discover, read_articles, read_source

CHANNEL = 1987654321


def entities(*parts: Any) -> list[dict[str, Any]]:
    """``text_entities`` from strings (plain) and entity dicts."""
    return [{"type": "plain", "text": p} if isinstance(p, str) else p for p in parts]


def message(ident: int, *parts: Any, date: str = "2026-12-01T09:00:00", **extra: Any) -> dict[str, Any]:
    """A message as Telegram Desktop writes it: ``text`` (a string, or strings and entities) and
    ``text_entities``."""
    listed = entities(*parts)
    plain = all(isinstance(p, str) for p in parts)
    text: Any = "".join(parts) if plain else list(parts)
    stamp = int(extra.pop("unixtime", 1764580000 + ident * 60))
    return {
        "id": ident,
        "type": "message",
        "date": date,
        "date_unixtime": str(stamp),
        "from": "Oblast Desk Test",
        "from_id": f"channel{CHANNEL}",
        "text": text,
        "text_entities": listed,
        **extra,
    }


def export(*messages: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {
        "name": "Oblast Desk Test",
        "type": "public_channel",
        "id": CHANNEL,
        **top,
        "messages": list(messages),
    }


def write(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "result.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return path


def read(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Articles by name (``result.json#CHANNEL:ID``) and the problem lines."""
    problems: list[Problem] = []
    articles = list(read_articles([path], problems))
    return {a.name: a for a in articles}, [str(p) for p in problems]


def key(ident: int) -> str:
    return f"result.json#{CHANNEL}:{ident}"


BOLD_LINKS = message(
    2,
    {"type": "bold", "text": "Kharkiv update"},
    "\nGovernor Oleh Testenko said the district was shelled overnight. Details: ",
    {"type": "link", "text": "https://news.example/kh/1"},
    " and ",
    {"type": "text_link", "text": "the map", "href": "https://maps.example/kh"},
    ". ",
    {"type": "hashtag", "text": "#Kharkiv"},
)


def test_a_multi_part_message_is_its_entities_joined_with_link_targets_as_links(tmp_path: Path) -> None:
    articles, problems = read(write(tmp_path / "ChatExport_1", export(BOLD_LINKS)))
    assert problems == []
    article = articles[key(2)]
    assert article.body == (
        "Kharkiv update\nGovernor Oleh Testenko said the district was shelled overnight. "
        "Details: and the map. #Kharkiv"
    )
    assert article.links == ["https://news.example/kh/1", "https://maps.example/kh"]
    assert "https://" not in article.body
    assert article.title == "Kharkiv update"
    assert article.source == "Oblast Desk Test"
    assert str(article.date) == "2026-12-01"
    assert article.path == str(tmp_path / "ChatExport_1" / "result.json") + f"#{CHANNEL}:2"


def test_text_is_used_when_text_entities_are_missing(tmp_path: Path) -> None:
    old_style = message(3, "x")
    del old_style["text_entities"]
    old_style["text"] = ["Lyman: ", {"type": "italic", "text": "roads closed"}, " until noon."]
    articles, _ = read(write(tmp_path / "e", export(old_style)))
    assert articles[key(3)].body == "Lyman: roads closed until noon."


def test_service_and_media_only_messages_are_skipped_and_counted(tmp_path: Path) -> None:
    service = {"id": 1, "type": "service", "date": "2026-11-30T08:00:00", "actor": "Oblast Desk Test",
               "action": "pin_message", "text": "", "text_entities": []}  # fmt: skip
    photo = message(3, "", photo="photos/photo_3@01-12-2026_10-00-00.jpg", width=800, height=600)
    caption = message(4, "Izium: the bridge after the strike.", photo="photos/photo_4.jpg")
    articles, problems = read(write(tmp_path / "e", export(service, BOLD_LINKS, photo, caption)))
    assert sorted(articles) == [key(2), key(4)]
    assert articles[key(4)].body == "Izium: the bridge after the strike."
    assert problems == [
        f"{tmp_path / 'e' / 'result.json'}: 1 message without text (a photo, file or sticker alone) skipped"
    ]


def test_a_forward_keeps_its_origin_as_the_source_and_a_reply_is_its_own_article(tmp_path: Path) -> None:
    forward = message(5, "Sumy: the curfew starts at ten.", forwarded_from="Regional Admin Test")
    reply = message(6, "Follow-up: it ends at six.", reply_to_message_id=5)
    articles, _ = read(write(tmp_path / "e", export(forward, reply)))
    assert articles[key(5)].source == "Regional Admin Test"
    assert articles[key(6)].source == "Oblast Desk Test"
    assert articles[key(6)].body == "Follow-up: it ends at six."


def test_cyrillic_text_keeps_its_letters_language_and_title(tmp_path: Path) -> None:
    text = "Харків: ніч минула тривожно\nГолова ОВА Олег Тестенко повідомив, що у Харкові пошкоджено будинки."
    articles, _ = read(write(tmp_path / "e", export(message(7, text))))
    article = articles[key(7)]
    assert article.body == text
    assert article.language == "uk"
    assert article.title == "Харків: ніч минула тривожно"


def test_the_title_is_the_first_wordy_line_cut_at_a_word(tmp_path: Path) -> None:
    long_line = "Zaporizhzhia " + "regional officials reported repeated strikes on energy sites " * 3
    articles, _ = read(write(tmp_path / "e", export(message(8, "⚡️⚡️\n" + long_line + "\nMore."))))
    title = articles[key(8)].title
    assert title.startswith("Zaporizhzhia regional officials") and title.endswith("…")
    assert len(title) <= 90 and title[:-1] == title[:-1].rstrip() and " sites…" not in title[-3:]
    assert long_line.startswith(title[:-1])


def test_the_date_is_the_day_written_in_date_not_the_utc_timestamp(tmp_path: Path) -> None:
    # 01:30 on 2 December in Kyiv is 23:30 UTC on 1 December.
    late = message(9, "Odesa: night strike.", date="2026-12-02T01:30:00", unixtime=1764631800)
    articles, _ = read(write(tmp_path / "e", export(late)))
    assert str(articles[key(9)].date) == "2026-12-02"


def test_a_t_me_link_only_when_the_export_names_the_channel(tmp_path: Path) -> None:
    plain, _ = read(write(tmp_path / "a", export(message(10, "Kherson: water restored."))))
    assert plain[key(10)].url == ""
    named, _ = read(
        write(tmp_path / "b", export(message(10, "Kherson: water restored."), username="@desk_test"))
    )
    assert named[key(10)].url == "https://t.me/desk_test/10"


def test_an_edited_message_read_twice_in_one_file_keeps_the_latest_text(tmp_path: Path) -> None:
    first = message(11, "Kupiansk: one hurt.", unixtime=1764600000)
    edited = message(11, "Kupiansk: two hurt.", unixtime=1764600000, edited="2026-12-01T12:00:00",
                     edited_unixtime="1764610000")  # fmt: skip
    for order in ([first, edited], [edited, first]):
        articles, _ = read(write(tmp_path / "e", export(*order)))
        assert [a.body for a in articles.values()] == ["Kupiansk: two hurt."]


def test_a_re_export_next_to_the_old_one_adds_only_new_messages_and_the_latest_edits(tmp_path: Path) -> None:
    old = write(tmp_path / "ChatExport_2026-12-01", export(BOLD_LINKS, message(12, "Sumy: calm night.")))
    os.utime(old, (1764600000, 1764600000))
    edited = message(
        12, "Sumy: calm night, one alert.", edited="2026-12-05T08:00:00", edited_unixtime="1764921600"
    )
    new = write(
        tmp_path / "ChatExport_2026-12-07",
        export(edited, message(13, "Lyman: new checkpoints."), message(14, "", photo="photos/p.jpg")),
    )
    problems: list[Problem] = []
    assert discover([tmp_path], problems) == [new]  # the older export is read with the newer one
    assert [str(p) for p in problems] == [
        f"{old}: an older export of the channel of {new}: read with that one"
    ]
    articles, _ = read(tmp_path)
    assert set(articles) == {key(2), key(12), key(13)}  # message 2 is only in the old export: kept
    assert articles[key(12)].body == "Sumy: calm night, one alert."
    assert all(a.path.startswith(str(new)) for a in articles.values())


def test_exports_of_other_channels_side_by_side_are_each_read(tmp_path: Path) -> None:
    write(tmp_path / "ChatExport_a", export(message(1, "Kyiv: alert.")))
    write(tmp_path / "ChatExport_b", export(message(1, "Lviv: alert."), id=42, name="Other Desk Test"))
    articles, problems = read(tmp_path)
    assert sorted(articles) == [key(1), "result.json#42:1"] and problems == []


def test_the_stream_reads_the_same_whatever_the_chunk_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = [BOLD_LINKS] + [message(100 + i, f"Kherson item {i}: {'ш' * i} done.") for i in range(40)]
    path = write(tmp_path / "e", export(*messages, about="x" * 50))
    whole, _ = read(path)
    for size in (1, 7, 64):
        monkeypatch.setattr(telegram, "CHUNK", size)
        again, problems = read(path)
        assert problems == []
        assert {k: (a.body, a.date, a.links) for k, a in again.items()} == {
            k: (a.body, a.date, a.links) for k, a in whole.items()
        }
    assert len(whole) == 41 and key(2) in whole and whole[key(2)].links


def test_a_damaged_export_keeps_the_messages_before_the_damage_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "e", export(BOLD_LINKS, message(15, "Izium: quiet.")))
    text = path.read_text("utf-8")
    path.write_text(text[: text.index('"Izium')] + "Izium: qu", "utf-8")  # cut inside the last message
    articles, problems = read(path)
    assert sorted(articles) == [key(2)]
    assert len(problems) == 1
    assert (
        problems[0].startswith(f"{path}: damaged Telegram export: ")
        and "1 message before it read" in problems[0]
    )


@pytest.mark.parametrize(
    "content",
    [
        '{"name": "X", "type": "public_channel", "id": 5, "messages": [ {"id": 1, "text": nope} ]}',
        '{"name": "X", "type": "public_channel", "id": 5, "messages": [',
        '{"name": "X", "type": "public_channel", "id": 5, "messages": ' + "[" * 50_000,
    ],
    ids=["bad value", "cut short", "nested"],
)
def test_a_malformed_export_is_one_problem_and_no_articles(tmp_path: Path, content: str) -> None:
    (tmp_path / "result.json").write_text(content, "utf-8")
    problems: list[Problem] = []
    assert read_source(tmp_path / "result.json", problems) == []
    assert len(problems) == 1 and "damaged Telegram export" in problems[0].message


def test_json_without_a_chat_id_is_still_read_as_plain_json(tmp_path: Path) -> None:
    data = {"name": "Digest", "type": "public_channel", "messages": [{"id": 1, "text": "Kyiv: plain JSON."}]}
    (tmp_path / "result.json").write_text(json.dumps(data), "utf-8")
    articles, _ = read(tmp_path / "result.json")
    assert list(articles) == ["result.json#1"]


def test_an_export_on_standard_input_is_read_too() -> None:
    from warreader.corpus.formats import read_data

    data = json.dumps(export(BOLD_LINKS)).encode("utf-8")
    problems: list[Problem] = []
    articles = read_data("<stdin>", data, problems, suffix="")
    assert [a.path for a in articles] == [f"<stdin>#{CHANNEL}:2"] and problems == []
    assert articles[0].links == ["https://news.example/kh/1", "https://maps.example/kh"]


def test_the_head_check_needs_a_chat_type_and_id_before_the_messages() -> None:
    assert telegram.channel_in_head('{"name": "a", "type": "private_channel", "id": 77, "messages": [') == 77
    assert telegram.channel_in_head('{"name": "a", "type": "public_channel", "messages": [{"id": 1}') is None
    assert telegram.channel_in_head('{"name": "a", "type": "website", "id": 7, "messages": [') is None
    assert telegram.channel_in_head('[{"type": "public_channel", "id": 7, "messages": []}]') is None
    got: list[Any] = []
    meta: dict[str, Any] = {}
    telegram.parse_export(
        io.BytesIO(b'\xef\xbb\xbf{"messages": [1, {"a": 2}], "id": 123456789012}'), got.append, meta
    )
    assert got == [1, {"a": 2}] and meta == {"id": 123456789012}
