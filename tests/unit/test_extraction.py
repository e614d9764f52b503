"""Places, speakers and groups on small texts in each supported language."""

from __future__ import annotations

from pathlib import Path

import pytest

from warreader.library import load_library
from warreader.nlp.places import find_places
from warreader.nlp.speakers import find_speakers


def places(text: str, language: str = "en") -> list[str]:
    return [m.text for m in find_places(text, language)]


def speakers(text: str, language: str = "en") -> set[str]:
    return {m.text for m in find_speakers(text, language, find_places(text, language))}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Russian forces shelled Kharkiv and Kupiansk overnight.", ["Kharkiv", "Kupiansk"]),
        ("en", "Shelling hit Kupiansk-Vuzlovyi on Monday.", ["Kupiansk-Vuzlovyi"]),
        ("en", "the Russia-Ukraine war", ["Russia", "Ukraine"]),
        ("en", "all of Ukraine's Luhansk region", ["Ukraine", "Luhansk"]),
        ("sv", "Läget i Ukrainas östra delar och i Charkiv.", ["Ukrainas", "Charkiv"]),
        ("de", "Die Lage in Charkiw und Kiews Vororten.", ["Charkiw", "Kiews"]),
        ("pl", "Walki w Charkowie i pod Kupiańskiem trwają.", ["Charkowie", "Kupiańskiem"]),
        ("fr", "Les combats près d'Odessa et à Kharkiv.", ["Odessa", "Kharkiv"]),
        ("en", "KRAMATORSK, Ukraine — Residents said", ["KRAMATORSK", "Ukraine"]),
    ],
)
def test_places_in_each_language(language: str, text: str, expected: list[str]) -> None:
    assert places(text, language) == expected


def test_villages_named_by_context_and_lists() -> None:
    text = "Troops liberated the villages of Zolotyi Kolodiaz, Lyubymivka and Ukrainka in the Kherson region."
    found = places(text)
    assert "Zolotyi Kolodiaz" in found and "Lyubymivka" in found and "Kherson" in found


def test_people_and_common_words_are_not_places() -> None:
    assert places("President Volodymyr Zelensky met Vitaliy Kim.") == []
    assert "Most" not in places("Most residents left.")


def test_ambiguous_place_resolved_by_region_in_the_article() -> None:
    text = "Fighting near Sloviansk and Kramatorsk continued. Lyman was retaken."
    lyman = next(m for m in find_places(text, "en") if m.text == "Lyman")
    assert "Donetsk Oblast" in lyman.detail and "1 of 3 places named Lyman" in lyman.detail


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Serhiy Hayday, head of the regional administration, has claimed that it worked.",
            {"Serhiy Hayday"},
        ),
        ("en", "“We hold,” said Governor Oleh Syniehubov.", {"Oleh Syniehubov"}),
        ("en", "Heavy fighting continues, according to Pavlo Kyrylenko.", {"Pavlo Kyrylenko"}),
        ("sv", "– Vi håller linjen, säger Serhij Hajdaj till SVT.", {"Serhij Hajdaj"}),
        ("de", "„Wir halten“, sagte Präsident Wolodymyr Selenskyj.", {"Wolodymyr Selenskyj"}),
        ("pl", "Ołeh Syniehubow powiedział, że sytuacja jest trudna.", {"Ołeh Syniehubow"}),
        ("fr", "Selon Dmytro Kuleba, la situation est difficile.", {"Dmytro Kuleba"}),
    ],
)
def test_speakers_in_each_language(language: str, text: str, expected: set[str]) -> None:
    assert speakers(text, language) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The General Staff said 20 settlements were liberated.",
        "CNN reported that Kupiansk was retaken.",
        "Credit: Efrem Lukatsky/AP",
        "Russian President Vladimir Putin's goals were not met.",
        "In einer Videoansprache sagte der Sprecher, die Lage sei ruhig.",
    ],
)
def test_not_speakers(text: str) -> None:
    language = "de" if "sagte" in text else "en"
    assert speakers(text, language) == set()


def test_groups_join_variants_across_languages_and_keep_lookalikes_apart(write_articles) -> None:
    folder: Path = write_articles(
        {
            "a.txt": "Serhiy Hayday said Kharkiv and Kherson were shelled. Putin said nothing new, Pushilin said.",
            "b.txt": "Guvernören Serhij Hajdaj säger att Charkiv och Cherson beskjuts. Vladimir Putin säger nej.",
            "c.txt": "Gouverneur Serhij Gajdaj sagte, Charkiw werde beschossen. Denis Puschilin sagte, es sei ruhig.",
        }
    )
    library = load_library([folder])
    by_text: dict[str, str] = {}
    for article in library.articles:
        for mention in article.mentions:
            by_text[mention.text] = mention.group or ""
    # one reading per span: the surname inside a full name is not a mention of its own
    assert "Hayday" not in by_text
    assert by_text["Serhiy Hayday"] == by_text["Serhij Hajdaj"] == by_text["Serhij Gajdaj"]
    assert by_text["Kharkiv"] == by_text["Charkiv"] == by_text["Charkiw"]
    assert by_text["Kherson"] == by_text["Cherson"]
    assert by_text["Kherson"] != by_text["Kharkiv"]
    assert by_text["Vladimir Putin"] != by_text["Pushilin"]
    assert by_text["Pushilin"] == by_text["Denis Puschilin"]


def test_two_people_with_one_first_name_stay_apart(write_articles) -> None:
    folder = write_articles(
        {
            "a.txt": "Kyrylo Budanov said the front held. Budanov added more.",
            "b.txt": "Kyrylo Stremousov said the city was calm. Stremousov told reporters so.",
        }
    )
    library = load_library([folder])
    groups = {g.name for g in library.groups.values() if g.kind == "speaker"}
    assert {"Kyrylo Budanov", "Kyrylo Stremousov"} <= groups


@pytest.mark.parametrize(
    ("language", "text", "places_expected", "speakers_expected"),
    [
        ("uk", "Губернатор Олег Синєгубов заявив, що у Харкові пролунали вибухи. Ворог обстрілював Купʼянськ.",
         {"Харкові", "Купʼянськ"}, {"Олег Синєгубов"}),
        ("ru", "По словам Дмитрия Пескова, операция продолжается. В Белгороде слышны взрывы.",
         {"Белгороде"}, {"Дмитрия Пескова"}),
    ],
)  # fmt: skip
def test_cyrillic_articles(language, text, places_expected, speakers_expected) -> None:
    assert set(places(text, language)) == places_expected
    assert speakers(text, language) == speakers_expected


def test_cyrillic_spellings_group_with_latin_ones(write_articles) -> None:
    folder = write_articles(
        {
            "uk.txt": "За словами Сергія Гайдая, обстріли Купʼянська тривають. Гайдай сказав, що у Купʼянську немає світла.",
            "en.txt": "Serhiy Haidai said Kupiansk was shelled again.",
        }
    )
    library = load_library([folder])
    groups = {m.text: m.group for a in library.articles for m in a.mentions}
    assert groups["Гайдай"] == groups["Serhiy Haidai"]
    assert groups["Купʼянську"] == groups["Kupiansk"]
