"""Places in Polish, Ukrainian and Russian case forms and page contexts (issue 13 §3, §4, §5).

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from warreader.model import Article
from warreader.nlp.pipeline import extract_article


def _places(text: str, language: str) -> list[str]:
    article = Article("x.txt", "", None, language, text)
    extract_article(article)
    return [m.text for m in article.mentions if m.kind == "place"]


@pytest.mark.parametrize(
    ("language", "text", "places"),
    [
        # Stems in -й and the fleeting vowel of -ець / -ец.
        ("uk", "Постачання з Китаю затрималися, бо склад у Китаї закрили.", ["Китаю", "Китаї"]),
        ("ru", "Поставки из Китая задерживаются.", ["Китая"]),
        ("uk", "У Марганці знову немає світла.", ["Марганці"]),
        ("ru", "В Марганце снова нет света.", ["Марганце"]),
        # -ею after a hushing consonant; a region named after a city in -не.
        ("uk", "Кордон із Польщею закрили на годину.", ["Польщею"]),
        ("uk", "Тривогу оголосили на Рівненщині.", ["Рівненщині"]),
        # Polish soft stems.
        ("pl", "Ciężarówki jechały wzdłuż granicy z Białorusią.", ["Białorusią"]),
        ("pl", "Konwój wyjechał z Łodzi rano.", ["Łodzi"]),
        # A capitalised preposition opens the sentence; the locative of a city, not a hamlet's name.
        ("pl", "We Lwowie prąd wrócił przed południem.", ["Lwowie"]),
        # A Polish genitive in -ski mid-sentence is the country, not an adjective.
        ("pl", "Szefowie dyplomacji Polski i Litwy spotkali się w piątek.", ["Polski", "Litwy"]),
        # An acronym ends the office before "country + name".
        ("ru", "Глава МИД Литвы Юстас Римкус пообещал помощь.", ["Литвы"]),
        # The district or community after a place.
        ("uk", "Вантаж приїхав у Оріхів Запорізької області.", ["Оріхів"]),
        # A place in a case form after the noun that opens the sentence.
        ("uk", "Мешканці Марганця возять воду.", ["Марганця"]),
        ("ru", "Жители Марганца набирают воду.", ["Марганца"]),
    ],
)
def test_place_case_forms(language: str, text: str, places: list[str]) -> None:
    assert _places(text, language) == places


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Автор: Наталья Орлова"),  # a woman's surname shaped like a genitive
        ("ru", "Самое читаемое"),  # a determiner opening a box title
    ],
)
def test_no_place(language: str, text: str) -> None:
    assert _places(text, language) == []


def test_adjective_of_an_unlisted_sea_is_not_a_town() -> None:
    # "Охотском" is also the instrumental of the town Okhotsk; before "море" it names a sea.
    assert _places("Суда вышли в Охотском море.", "ru") == []


@pytest.mark.parametrize(
    ("language", "text", "key"),
    [
        # Seas, peninsulas and islands (curated gazetteer rows), in case forms of adjective + noun.
        ("ru", "Учения прошли на Кольском полуострове.", "x:kola-peninsula"),
        ("uk", "Навчання пройшли на Кольському півострові.", "x:kola-peninsula"),
        ("ru", "Ракеты запускали с кораблей в Каспийском море.", "x:caspian-sea"),
        ("pl", "Okręty stały przy Wyspie Węży.", "x:snake-island"),
        ("de", "Das Manöver fand in der Barentssee statt.", "x:barents-sea"),
        ("sv", "Fartygen låg i Barents hav.", "x:barents-sea"),
        ("fr", "Des navires russes croisent près du Spitzberg.", "x:svalbard"),
    ],
)
def test_seas_peninsulas_islands(language: str, text: str, key: str) -> None:
    article = Article("x.txt", "", None, language, text)
    extract_article(article)
    assert [m.key for m in article.mentions if m.kind == "place"] == [key]


@pytest.mark.parametrize(
    ("text", "written", "key"),
    [
        ("Na Charkowszczyźnie trwa ewakuacja.", "Charkowszczyźnie", "Charków"),
        ("Ewakuacja z Sumszczyzny trwa.", "Sumszczyzny", "Sumy"),
    ],
)
def test_polish_region_groups_with_its_city(text: str, written: str, key: str) -> None:
    city = Article("y.txt", "", None, "pl", f"Mieszkańcy wyjeżdżają z miasta {key}.")
    region = Article("x.txt", "", None, "pl", text)
    extract_article(city)
    extract_article(region)
    assert [m.text for m in region.mentions] == [written]
    assert region.mentions[0].key == city.mentions[-1].key
