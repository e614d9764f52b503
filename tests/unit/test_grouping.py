"""Grouping works on distinct forms; the result must be what grouping mention by mention gives.

``_reference`` is the mention-by-mention grouping that :mod:`warreader.nlp.grouping` replaced
(kept here verbatim in substance); random corpora full of near-identical names, including the
rare case where a context key resolves differently the second time, must group the same way.
"""

from __future__ import annotations

import copy
import random
from collections import Counter, defaultdict

import pytest

from warreader.corpus.article import Article, Mention
from warreader.library import Group
from warreader.nlp import grouping
from warreader.nlp.gazetteer import load_gazetteer
from warreader.nlp.grouping import (
    FIRST_NAME_SIMILARITY,
    PLACE_SIMILARITY,
    SURNAME_SIMILARITY,
    _similar,
    group_mentions,
)
from warreader.nlp.keys import name_key

# -- the mention-by-mention reference ------------------------------------------------------


class _Bucket:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.forms: Counter[str] = Counter()
        self.articles: dict[str, None] = {}
        self.mentions: list[Mention] = []

    def add(self, mention: Mention, article: Article) -> None:
        self.forms[mention.text] += 1
        self.articles[article.path] = None
        self.mentions.append(mention)


def _places(pairs: list[tuple[Mention, Article]]) -> dict[str, _Bucket]:
    gaz = load_gazetteer()
    buckets: dict[str, _Bucket] = {}
    unknown = []
    keys_of: dict[str, set[str]] = defaultdict(set)
    for mention, article in pairs:
        if mention.key.startswith("ctx:"):
            unknown.append((mention, article, mention.key[4:]))
            continue
        gid = "place:" + mention.key
        buckets.setdefault(gid, _Bucket("place")).add(mention, article)
        keys_of[gid].add(name_key(mention.text, article.language))
        for spelling in gaz.names(mention.key)[:1]:
            keys_of[gid].add(name_key(spelling, "en"))
    for mention, article, key in unknown:
        exact = [gid for gid, keys in keys_of.items() if key in keys]
        if len(exact) == 1:
            target = exact[0]
        else:
            near = [
                gid for gid, keys in keys_of.items() if any(_similar(key, k, PLACE_SIMILARITY) for k in keys)
            ]
            target = near[0] if len(near) == 1 else "place:ctx:" + key
            if target.startswith("place:ctx:"):
                keys_of.setdefault(target, set()).add(key)
        buckets.setdefault(target, _Bucket("place")).add(mention, article)
    return buckets


def _persons(pairs: list[tuple[Mention, Article]]) -> dict[str, _Bucket]:
    entities: dict[tuple[str, str], list[tuple[Mention, Article]]] = defaultdict(list)
    for mention, article in pairs:
        surname, _, first = mention.key.removeprefix("person:").partition("|")
        entities[(surname, first)].append((mention, article))
    surname_counts: Counter[str] = Counter()
    for (surname, _), items in entities.items():
        surname_counts[surname] += len(items)
    clusters: dict[str, str] = {}
    seeds: list[str] = []
    for surname, _ in sorted(surname_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        seed = next((s for s in seeds if _similar(surname, s, SURNAME_SIMILARITY)), None)
        if seed is None:
            seeds.append(surname)
            seed = surname
        clusters[surname] = seed
    people: dict[str, list[str]] = defaultdict(list)
    for (surname, first), _ in sorted(entities.items(), key=lambda kv: -len(kv[1])):
        if first and not any(_similar(first, f, FIRST_NAME_SIMILARITY) for f in people[clusters[surname]]):
            people[clusters[surname]].append(first)
    buckets: dict[str, _Bucket] = {}
    for (surname, first), items in entities.items():
        seed = clusters[surname]
        firsts = people[seed]
        if first:
            chosen = next(f for f in firsts if _similar(first, f, FIRST_NAME_SIMILARITY))
            gid = "speaker:" + seed if firsts[0] == chosen else f"speaker:{seed}~{chosen}"
        elif len(firsts) <= 1:
            gid = "speaker:" + seed
        else:
            gid = f"speaker:{seed}~?"
        for mention, article in items:
            buckets.setdefault(gid, _Bucket("speaker")).add(mention, article)
    return buckets


def _reference(articles: list[Article]) -> dict[str, Group]:
    gaz = load_gazetteer()
    places = [(m, a) for a in articles for m in a.mentions if m.kind == "place"]
    persons = [(m, a) for a in articles for m in a.mentions if m.kind != "place"]
    groups = {}
    for gid, bucket in (_places(places) | _persons(persons)).items():
        place = gaz.get(gid.removeprefix("place:")) if gid.startswith("place:") else None
        for mention in bucket.mentions:
            mention.group = gid
        forms = bucket.forms.most_common()
        name = forms[0][0]
        if bucket.kind == "speaker":
            name = next((f for f, _ in forms if " " in f), name)
        groups[gid] = Group(
            gid,
            bucket.kind,
            name,
            [f for f, _ in forms],
            len(bucket.mentions),
            list(bucket.articles),
            bucket.mentions[0].detail if place else "",
        )
    return groups


# -- random corpora of near-identical names --------------------------------------------------

# Chains in which neighbours are similar and the others are not: where context keys can
# resolve one way first and another way once a neighbour has made a group of its own.
PLACE_TEXTS = ["Abedilomar", "Abedilomur", "Abedilumur", "Abedalumur", "Obedalumur", "Abed", "Abedi"]
GAZ_IDS = ["gn:702658", "gn:706448", "x:1", "x:2"]  # two real entries (with a detail), two unknown
SURNAMES = ["haidai", "haidaj", "haidei", "hajdej", "putin", "pushilin", "putyn"]
FIRST_NAMES = ["", "", "serhii", "serhiy", "oleh", "vladimir"]


def _random_corpus(rng: random.Random) -> list[Article]:
    articles = []
    for _ in range(rng.randint(1, 9)):
        language = rng.choice(["en", "de"])
        mentions = []
        position = 0
        for _ in range(rng.randint(0, 14)):
            text = rng.choice(PLACE_TEXTS)
            kind = rng.random()
            start = position + rng.choice([0, 0, 1, 5])  # some overlap: nested mentions
            if kind < 0.35:
                key = rng.choice(GAZ_IDS)
                detail = rng.choice(["", "city · somewhere", "river"])
                mentions.append(Mention("place", text, start, start + len(text), key, None, detail))
            elif kind < 0.7:
                key = "ctx:" + name_key(text, language)
                mentions.append(Mention("place", text, start, start + len(text), key, None, ""))
            else:
                surname, first = rng.choice(SURNAMES), rng.choice(FIRST_NAMES)
                spoken = (
                    f"{first.title()} {surname.title()}".strip() if rng.random() < 0.6 else surname.title()
                )
                key = f"person:{surname}|{first}" if first else f"person:{surname}"
                mentions.append(Mention("speaker", spoken, start, start + len(spoken), key))
            position = start + 3
        path = f"a{rng.randint(0, 6)}.txt"  # paths may repeat: a group counts each path once
        articles.append(Article(path, "", None, language, "", mentions=mentions))
    return articles


def _snapshot(groups: dict[str, Group], articles: list[Article]) -> tuple[list[tuple], list[list]]:
    return (
        [(g.id, g.kind, g.name, g.variants, g.mentions, list(g.articles), g.detail) for g in groups.values()],
        [[m.group for m in a.mentions] for a in articles],
    )


def test_grouping_forms_gives_what_grouping_mentions_one_by_one_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one_by_one = 0
    original = grouping._context_one_by_one

    def counted(*args: object) -> object:
        nonlocal one_by_one
        one_by_one += 1
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(grouping, "_context_one_by_one", counted)
    rng = random.Random(20240611)
    for _ in range(400):
        corpus = _random_corpus(rng)
        expected_articles = copy.deepcopy(corpus)
        expected = _reference(expected_articles)
        got = group_mentions(corpus)
        assert _snapshot(got, corpus) == _snapshot(expected, expected_articles)
    assert one_by_one > 0  # the rare case was met (and grouped right)


def test_group_forms_counts_forms_not_mentions() -> None:
    forms = [
        grouping.Form("place", "Kyiv", "gn:703448", "en", "capital", count=5, first=0),
        grouping.Form("place", "Kiev", "gn:703448", "en", "capital", count=5, first=3),
        grouping.Form("place", "Kyjiw", "gn:703448", "de", "capital", count=2, first=1),
        grouping.Form("speaker", "Putin", "person:putin|", "en", "", count=4, first=2),
    ]
    found = grouping.group_forms(forms, lambda: [])
    kyiv = found.groups["place:gn:703448"]
    assert (kyiv.mentions, kyiv.variants, kyiv.name) == (12, ["Kyiv", "Kiev", "Kyjiw"], "Kyiv")
    assert found.by_key[("speaker", "person:putin|")] == "speaker:putin"
    assert found.exceptions == {}
