"""End to end on hand-written Polish, French and German news (tests/data/multilingual)."""

from __future__ import annotations

from pathlib import Path

import pytest

from warreader.library import Library, load_library

FOLDER = Path(__file__).parents[1] / "data" / "multilingual"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([FOLDER])


def found(library: Library, name: str, kind: str) -> set[str]:
    article = next(a for a in library.articles if a.name == name)
    return {m.text for m in article.mentions if m.kind == kind}


def test_languages(library: Library) -> None:
    assert {a.name: a.language for a in library.articles} == {
        "de1.txt": "de",
        "fr1.txt": "fr",
        "pl1.txt": "pl",
    }


def test_polish_inflected_places_and_no_adjectives(library: Library) -> None:
    places = found(library, "pl1.txt", "place")
    assert {"Kupiańsk", "Charkowie", "Doniecku", "Ługańsku", "Iziumu", "Bałakliję", "Rosja"} <= places
    assert not {"Ukraińskie", "Ukraińska"} & places


def test_polish_speakers_in_oblique_case_and_after_titles(library: Library) -> None:
    speakers = found(library, "pl1.txt", "speaker")
    assert {"Ołeh Syniehubow", "Wołodymyra Zełenskiego", "Dmitrij Pieskow"} <= speakers
    assert "Ukraina" not in speakers


def test_french_speakers_and_places(library: Library) -> None:
    assert {"Oleh Synehoubov", "Volodymyr Zelensky", "Dmitri Peskov"} <= found(library, "fr1.txt", "speaker")
    assert "Défense" not in found(library, "fr1.txt", "speaker")
    assert {"Koupiansk", "Louhansk", "Moscou", "Chevtchenkové"} <= found(library, "fr1.txt", "place")


def test_variants_group_across_four_spellings(library: Library) -> None:
    names = {}
    for article in library.articles:
        for mention in article.mentions:
            names[mention.text] = mention.group
    assert names["Kupjansk"] == names["Koupiansk"] == names["Kupiańsk"]
    # Mentions never overlap: the full names are the mentions (not the surnames inside them).
    assert names["Wolodymyr Selenskyj"] == names["Volodymyr Zelensky"] == names["Wołodymyra Zełenskiego"]
    assert names["Dmitri Peskow"] == names["Dmitri Peskov"] == names["Dmitrij Pieskow"]
    assert names["Luhansk"] == names["Louhansk"] == names["Ługańsku"]
    assert names["Russland"] == names["Russie"] == names["Rosja"]
