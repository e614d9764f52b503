"""Finding an entity by a name typed in any spelling, the way the grouping joins spellings."""

from __future__ import annotations

from pathlib import Path

import pytest
from workbench_data import KHARKIV, LVIV, SYNIEHUBOV, ZELENSKY, ZELENSKYJ, sample

from warreader import lookup
from warreader.cli import main
from warreader.corrections import Correction, corrected


def ids(query: str) -> list[str]:
    return [g.id for g in lookup.find_groups(sample(), query)]


@pytest.mark.parametrize(
    "query",
    [
        "Kharkiv",  # the name
        "charkiw",  # a spelling in the corpus, any case
        "charkiv",  # not in the corpus: Swedish, same key as Charkiw read as German
        "kharkov",  # not in the corpus: the gazetteer's Russian-style spelling
        "Charków",  # Polish, from the gazetteer
        "Kharkow",  # in no list: its key is that of the gazetteer's Kharkov
        "Харків",  # Ukrainian
        "Харьков",  # Russian
        KHARKIV,  # the id
    ],
)
def test_every_spelling_of_kharkiv_finds_it(query: str) -> None:
    assert ids(query) == [KHARKIV]


def test_people_are_found_by_transliteration_too() -> None:
    assert ids("Syniehubov") == [SYNIEHUBOV]
    assert ids("Synjehubow") == [SYNIEHUBOV]  # German romanisation, not in the corpus
    assert ids("Zelenskyy") == [ZELENSKYJ, ZELENSKY]  # two groups answer: most mentioned first
    assert ids("Lwów") == [LVIV]


def test_other_names_find_nothing_or_something_else() -> None:
    assert ids("Kherson") == []
    assert ids("Atlantis") == []
    assert ids("  ") == []
    assert ids("Lviv") == [LVIV]


def test_the_key_index_follows_corrections() -> None:
    library = sample()
    assert [g.id for g in lookup.find_groups(library, "Charkiv")] == [KHARKIV]
    library, _ = corrected(
        library, [Correction("merge", group=LVIV, into=KHARKIV, label="Lviv", into_label="Kharkiv")]
    )
    assert [g.id for g in lookup.find_groups(library, "Lwiw")] == [KHARKIV]


def test_cli_exports_an_entity_named_in_a_spelling_the_corpus_lacks(
    tmp_path: Path, seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "kharkiv.md"
    assert main(["export", "entity", "kharkov", str(seeds), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Kharkiv (place)")
    assert main(["export", "entity", "Atlantis", str(seeds)]) == 1
    assert "no entity called 'Atlantis'" in capsys.readouterr().err
