"""Speakers in Polish, Ukrainian and Russian reports (issue 13 §2, §6): reporting verbs by their past
stems and gender endings, "as X noted" markers, long office phrases in the genitive before a name,
institution names after a title, plural demonyms and adverbial participles, soft-stem surnames.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from warreader.model import Article
from warreader.nlp.pipeline import extract_article


def _speakers(text: str, language: str) -> list[str]:
    article = Article("x.txt", "", None, language, text)
    extract_article(article)
    return [m.text for m in article.mentions if m.kind == "speaker"]


@pytest.mark.parametrize(
    ("language", "text", "names"),
    [
        # Verbs beyond a list of forms: a past stem with masculine, feminine and reflexive endings.
        ("ru", "Глава городской администрации Степан Жуков лишь заметил, что света нет.", ["Степан Жуков"]),
        ("ru", "Депутат Арина Белова ограничилась короткой репликой.", ["Арина Белова"]),
        ("uk", "Лікарка Ганна Сорока зауважила, що ліків вистачає.", ["Ганна Сорока"]),
        ("pl", "Burmistrz Tadeusz Pilch uważa, że szkoły ruszą w poniedziałek.", ["Tadeusz Pilch"]),
        # A role noun before the name is not part of it.
        ("ru", "Экономист Лидия Орлова считает, что цены вырастут.", ["Лидия Орлова"]),
        ("uk", "Волонтерка Мирослава Ткач розповідає, що черги стали довшими.", ["Мирослава Ткач"]),
        ("pl", "Ekonomistka Beata Sowa szacuje, że straty będą wysokie.", ["Beata Sowa"]),
        # "As X noted", with an institution's name between the title and the name.
        (
            "uk",
            "Як зазначив речник Оперативного командування підполковник Антон Гай, тривога тривала годину.",
            ["Антон Гай"],
        ),
        (
            "pl",
            "Jak zauważył rzecznik Sztabu Generalnego ppłk Olgierd Mazur, mosty są całe.",
            ["Olgierd Mazur"],
        ),
        # A long office phrase in the genitive after "по словам": acronym, country, rank.
        (
            "ru",
            "По словам представителя ВМС Украины капитана второго ранга Петра Гончаренко, причал разрушен.",
            ["Петра Гончаренко"],
        ),
        ("uk", "За даними Повітряних сил, над областю збили вісім дронів.", []),
        # Plural demonyms and participles open sentences, they name nobody.
        ("pl", "Rosjanie ostrzelali miasto – powiedział Marek Gil.", ["Marek Gil"]),
        ("ru", "Отвечая журналистам, Глеб Руденко напомнил о графике отключений.", ["Глеб Руденко"]),
    ],
)
def test_reported_speaker_is_the_name(language: str, text: str, names: list[str]) -> None:
    assert _speakers(text, language) == names


def test_soft_stem_surname_groups_with_its_nominative() -> None:
    text = (
        "Речник бригади Остап Коваль повідомив, що позиції втримали. "
        "За словами Коваля, штурми тривали всю ніч."
    )
    article = Article("x.txt", "", None, "uk", text)
    extract_article(article)
    speakers = [m for m in article.mentions if m.kind == "speaker"]
    assert [m.text for m in speakers] == ["Остап Коваль", "Коваля"]
    assert speakers[0].key == speakers[1].key


@pytest.mark.parametrize(
    ("language", "text", "names"),
    [
        # A long office phrase in the genitive, across a preposition, after a source marker.
        (
            "ru",
            "По словам представителя одной из бригад майора Луки Ерёменко, штурмы продолжаются.",
            ["Луки Ерёменко"],
        ),
        # "за оцінкою X", "jak szacuje X": an estimate's source, a present verb after "as".
        ("uk", "За оцінкою Стефанії Лози, з міста виїхала половина мешканців.", ["Стефанії Лози"]),
        ("pl", "Jak szacuje Zenon Gil, straty sięgną miliarda.", ["Zenon Gil"]),
        # A place after the verb is its object, not an inverted subject.
        ("pl", "Burmistrz Adam Wrona podziękował Polsce za pomoc.", ["Adam Wrona"]),
    ],
)
def test_genitive_sources_and_objects(language: str, text: str, names: list[str]) -> None:
    assert _speakers(text, language) == names


def test_polish_instrumental_surname_groups_with_the_nominative() -> None:
    text = "Minister spotkał się z wiceministrem Iwanem Kołodą. Kołoda podziękował Polsce za pomoc."
    article = Article("x.txt", "", None, "pl", text)
    extract_article(article)
    speakers = [m for m in article.mentions if m.kind == "speaker"]
    assert [m.text for m in speakers] == ["Iwanem Kołodą", "Kołoda"]
    assert speakers[0].key == speakers[1].key
