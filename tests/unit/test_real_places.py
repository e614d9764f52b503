"""Places on page-like text: inflected names keep their written form and group with the
nominative; continents and other places beyond settlements (issue 13 §3, §4).

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from warreader.library import load_library
from warreader.nlp.places import find_places


def _places(text: str, language: str) -> list[str]:
    return [m.text for m in find_places(text, language)]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("de", "Die Vororte Charkiws lagen am Abend unter Beschuss.", ["Charkiws"]),
        ("de", "Im Süden Chersons fiel der Strom aus.", ["Chersons"]),
        ("de", "Mykolajiws Hafen bleibt geschlossen.", ["Mykolajiws"]),
        ("sv", "Mariupols hamn är förstörd och Sveriges stöd fortsätter.", ["Mariupols", "Sveriges"]),
        ("sv", "Rysslands armé drog sig tillbaka.", ["Rysslands"]),
    ],
)
def test_a_genitive_s_keeps_its_written_form(language, text, expected) -> None:
    assert _places(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("pl", "W Charkowie i pod Bachmutem trwały walki.", ["Charkowie", "Bachmutem"]),
        ("pl", "Pomoc z Polski i z Niemiec dotarła do Ukrainy.", ["Polski", "Niemiec", "Ukrainy"]),
        ("pl", "Delegacja z Turcji była w Afryce.", ["Turcji", "Afryce"]),
        ("uk", "Бої тривають під Ізюмом і біля Бахмута, у Києві тихо.", ["Ізюмом", "Бахмута", "Києві"]),
        ("uk", "Делегація з Росії прибула до Азії.", ["Росії", "Азії"]),
        ("uk", "Над Дніпром і в Запоріжжі чути вибухи.", ["Дніпром", "Запоріжжі"]),
        (
            "ru",
            "В Харькове и под Бахмутом идут бои, из Мариуполя уехали.",
            ["Харькове", "Бахмутом", "Мариуполя"],
        ),
        ("ru", "Делегация из России прибыла в Турцию.", ["России", "Турцию"]),
    ],
)
def test_slavic_case_forms_are_found(language, text, expected) -> None:
    assert _places(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Grain ships sail from Europe to Africa and Asia.", ["Europe", "Africa", "Asia"]),
        ("de", "Getreide geht von Europa nach Afrika und Asien.", ["Europa", "Afrika", "Asien"]),
        ("sv", "Spannmål går från Europa till Afrika.", ["Europa", "Afrika"]),
        ("pl", "Zboże płynie z Europy do Afryki.", ["Europy", "Afryki"]),
        ("fr", "Le blé part d'Europe vers l'Afrique et l'Asie.", ["Europe", "Afrique", "Asie"]),
        ("uk", "Зерно йде з Європи до Африки.", ["Європи", "Африки"]),
        ("ru", "Зерно идёт из Европы в Африку.", ["Европы", "Африку"]),
    ],
)
def test_continents_are_places_in_every_language(language, text, expected) -> None:
    assert _places(text, language) == expected


def test_inflected_forms_group_with_the_nominative(write_articles) -> None:
    folder = write_articles(
        {
            "de.txt": "Die Vororte Charkiws lagen unter Beschuss. In Charkiw blieb es danach ruhig.",
            "pl.txt": "W Charkowie trwały walki, mówią mieszkańcy Charkowa.",
            "uk.txt": "У Харкові тихо, а біля Харкова стріляють.",
            "en.txt": "Kharkiv was quiet on Sunday.",
        }
    )
    library = load_library([folder])
    groups = {m.text: m.group for a in library.articles for m in a.mentions}
    forms = ["Charkiws", "Charkiw", "Charkowie", "Charkowa", "Харкові", "Харкова", "Kharkiv"]
    assert {groups[f] for f in forms} == {groups["Kharkiv"]}
    assert library.groups[groups["Kharkiv"]].name in ("Kharkiv", "Charkiw")  # a nominative


def test_an_all_cyrillic_group_is_named_in_the_nominative(write_articles) -> None:
    folder = write_articles(
        {
            "a.txt": "Біля Харкова стріляють. З Харкова виїхали люди, до Харкова їдуть автобуси.",
            "b.txt": "Під Харковом тихо, а в Харкові немає світла.",
        }
    )
    library = load_library([folder])
    names = {g.name for g in library.groups.values() if g.kind == "place"}
    assert names == {"Харків"}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Ferries crossed the Kerch Strait into the Black Sea.", ["Kerch Strait", "Black Sea"]),
        (
            "de",
            "Schiffe im Schwarzen Meer und in der Straße von Kertsch.",
            ["Schwarzen Meer", "Straße von Kertsch"],
        ),
        ("sv", "Fartyg i Svarta havet och i Östersjön.", ["Svarta havet", "Östersjön"]),
        ("pl", "Statki na Morzu Czarnym i nad Morzem Bałtyckim.", ["Morzu Czarnym", "Morzem Bałtyckim"]),
        ("pl", "Prom przepłynął Cieśninę Kerczeńską.", ["Cieśninę Kerczeńską"]),
        ("fr", "Des navires en mer Noire et dans le détroit de Kertch.", ["mer Noire", "détroit de Kertch"]),
        ("fr", "Un cargo en mer d'Azov.", ["mer d'Azov"]),
        (
            "uk",
            "Кораблі у Чорному морі та біля Керченської протоки.",
            ["Чорному морі", "Керченської протоки"],
        ),
        ("ru", "Корабли в Черном море и у Керченского пролива.", ["Черном море", "Керченского пролива"]),
    ],
)
def test_seas_and_straits_with_their_case_forms(language, text, expected) -> None:
    assert _places(text, language) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "uk",
            "На Полтавщині тихо, а на Луганщині й Донеччині стріляють.",
            ["Полтавщині", "Луганщині", "Донеччині"],
        ),
        ("ru", "На Харьковщине тихо.", ["Харьковщине"]),
    ],
)
def test_a_region_named_after_its_city_is_found_with_the_city(language, text, expected) -> None:
    found = find_places(text, language)
    assert [m.text for m in found] == expected
    assert all(m.detail.startswith("city") for m in found)  # one group for a city and its region
