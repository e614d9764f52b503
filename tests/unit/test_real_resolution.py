"""Which place is meant (issue 13 §7): an ambiguous settlement name resolves from the article's
own context, the oblast or the neighbouring places it mentions, else the most populous.
Original texts."""

from __future__ import annotations

import pytest

from warreader.nlp.places import find_places


def _where(body: str, language: str) -> dict[str, str]:
    return {m.text: m.detail.split(" · ")[1] for m in find_places(body, language)}


@pytest.mark.parametrize(
    ("body", "language", "name", "region"),
    [
        ("Artillery hit Lyman again, and sirens sounded in Kramatorsk.", "en", "Lyman", "Donetsk Oblast"),
        ("Біля Лимана та Краматорська тривають бої.", "uk", "Лимана", "Donetsk Oblast"),
        ("Drones struck Ukrainka in Crimea before dawn.", "en", "Ukrainka", "Crimea, UA"),
        ("Ein Dorf bei Ukrainka südlich von Kiew blieb ohne Strom.", "de", "Ukrainka", "Kyiv Oblast, UA"),
        (
            "Shells fell on Novoselivka, a village west of Donetsk, and on Avdiivka.",
            "en",
            "Novoselivka",
            "Donetsk Oblast, UA",
        ),
    ],
)
def test_an_ambiguous_name_takes_the_articles_region(
    body: str, language: str, name: str, region: str
) -> None:
    assert _where(body, language)[name].startswith(region.split(",")[0])


def test_without_context_the_most_populous_wins() -> None:
    assert _where("Sirens sounded in Ukrainka.", "en")["Ukrainka"].startswith("Kyiv Oblast")


def test_the_first_word_of_a_name_alone_is_no_place() -> None:
    assert _where("Velyka, she said, was the word she heard.", "en") == {}
