"""Full-text search on PostgreSQL: each article's tsvector built with its language's configuration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from warreader.store.pg.location import validate
from warreader.store.pg.migrations import migrate

ARTICLES = [
    ("de", "Lage am Fluss", "Die Brücken über den Fluss wurden in der Nacht gesprengt."),
    ("ru", "Обстановка", "Бои шли в городах Донбасса всю ночь."),
    ("pl", "Sytuacja", "Walki pod Charkowem trwały całą noc."),
    ("uk", "Ситуація", "Бої тривали в містах Донбасу."),
    ("en", "Situation", "Shelling damaged several bridges near the river."),
    ("sv", "Läget", "Broarna över floden sprängdes under natten."),
    ("fr", "Situation", "Les ponts ont été détruits pendant la nuit."),
]


@pytest.fixture
def search(pg_url: str, psql: Callable[..., Any]) -> Callable[[str], list[str]]:
    migrate(validate(pg_url))
    psql("INSERT INTO sources(path, size, mtime_ns, hash, ord) VALUES ('/news', 0, 0, '', 0)")
    for number, (language, title, body) in enumerate(ARTICLES):
        psql(  # the body as the index stores it is packed: the text goes to the tsvector only
            "INSERT INTO articles(source_id, pos, ord, path, title, language, source, url, body, words,"
            " marks, dates, search) VALUES (1, %s, %s, %s, %s, %s, 'test', '', '', 0, '', '',"
            " warreader_tsvector(%s, %s, %s, %s, %s))",
            number,
            number,
            f"/news/{language}.txt",
            title,
            language,
            language,
            title,
            body,
            title,
            body,
        )

    def found(query: str) -> list[str]:
        rows = psql(
            "SELECT language FROM articles WHERE search @@ warreader_tsquery(%s)"
            " ORDER BY ts_rank(search, warreader_tsquery(%s)) DESC, ord",
            query,
            query,
        )
        return [language for (language,) in rows]

    return found


def test_configuration_per_language(pg_url: str, psql: Callable[..., Any]) -> None:
    migrate(validate(pg_url))
    configs = dict(
        psql(
            "SELECT code, warreader_ts_config(code)::text FROM unnest(%s::text[]) AS code",
            ["en", "de", "de-AT", "sv", "fr", "ru", "pl", "uk", "", "english"],
        )
    )
    assert configs == {
        "en": "english",
        "de": "german",
        "de-AT": "german",
        "sv": "swedish",
        "fr": "french",
        "ru": "russian",
        "pl": "simple",
        "uk": "simple",
        "": "simple",
        "english": "english",
    }


def test_a_german_article_is_found_by_an_inflected_word(search: Callable[[str], list[str]]) -> None:
    assert search("Brücke") == ["de"]  # "Brücken" stemmed by the german configuration
    assert search("gesprengte") == ["de"]


def test_a_russian_article_is_found_by_an_inflected_word(search: Callable[[str], list[str]]) -> None:
    assert search("город") == ["ru"]  # "городах"
    assert search("Донбасс") == ["ru"]  # "Донбасса"; the Ukrainian "Донбасу" is not stemmed (simple)


def test_a_polish_article_is_matched_with_simple(search: Callable[[str], list[str]]) -> None:
    assert search("Charkowem") == ["pl"]  # the word as written, lower-cased
    assert search("charkowem") == ["pl"]
    assert search("Charków") == []  # no Polish stemmer: other case forms are other words


def test_other_stemmers_and_phrases(search: Callable[[str], list[str]]) -> None:
    assert search("bridge") == ["en"]
    assert search("bron floden") == []  # both words needed; "bron" is not "broarna"
    assert search("floden") == ["sv"]
    assert search("pont") == ["fr"]
    assert search('"über den Fluss"') == ["de"]


def test_the_stemming_comes_from_the_article_language(pg_url: str, psql: Callable[..., Any]) -> None:
    """The same German text stored as Polish (simple) is not found by the inflected word."""
    migrate(validate(pg_url))
    psql("INSERT INTO sources(path, size, mtime_ns, hash, ord) VALUES ('/n', 0, 0, '', 0)")
    for key, language in (("a", "de"), ("b", "pl")):
        psql(
            "INSERT INTO articles(source_id, pos, ord, path, title, language, source, url, body, words,"
            " marks, dates, search) VALUES (1, 0, 0, %s, '', %s, '', '', '', 3, '', '',"
            " warreader_tsvector(%s, '', 'Die Brücken brennen', '', 'Die Brücken brennen'))",
            key,
            language,
            language,
        )
    rows = psql("SELECT path FROM articles WHERE search @@ warreader_tsquery('Brücke')")
    assert rows == [("a",)]


def test_the_search_uses_the_gin_index(search: Callable[[str], list[str]], pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url) as conn:
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(
            row[0]
            for row in conn.execute(
                "EXPLAIN SELECT id FROM articles WHERE search @@ warreader_tsquery('Brücke')"
            ).fetchall()
        )
    assert "articles_search" in plan
