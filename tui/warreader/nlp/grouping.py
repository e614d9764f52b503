"""Variant groups: the surface forms of one place or person across articles and languages.

Places: gazetteer matches group by gazetteer entry, so two different entries
(Kherson/Kharkiv, Ukraine/Ukrainka) never merge. Settlements found by context
join a gazetteer group when their transliteration key matches one of its spellings
unambiguously, else group among themselves by key.

Persons: surnames group by transliteration key with a rapidfuzz similarity guard
(Hayday/Haidai/Hajdaj join; Putin/Pushilin do not); within a surname, different
first names are different people, and a bare surname joins a full name only when
one person in the corpus has that surname.

Group ids derive from keys, not from order, so they stay put as articles are added.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from warreader.corpus.article import Article, Mention
from warreader.library import Group
from warreader.nlp.gazetteer import load_gazetteer
from warreader.nlp.keys import name_key

SURNAME_SIMILARITY = 88.0
FIRST_NAME_SIMILARITY = 75.0
PLACE_SIMILARITY = 90.0


def _similar(a: str, b: str, threshold: float) -> bool:
    return a[:1] == b[:1] and abs(len(a) - len(b)) <= 3 and fuzz.ratio(a, b) >= threshold


@dataclass
class _Bucket:
    """Mentions that will form one group."""

    kind: str
    forms: Counter[str] = field(default_factory=Counter)
    articles: dict[str, None] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)

    def add(self, mention: Mention, article: Article) -> None:
        self.forms[mention.text] += 1
        self.articles[article.path] = None
        self.mentions.append(mention)


def _place_groups(pairs: list[tuple[Mention, Article]]) -> dict[str, _Bucket]:
    gaz = load_gazetteer()
    buckets: dict[str, _Bucket] = {}
    unknown: list[tuple[Mention, Article, str]] = []
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


def _person_groups(pairs: list[tuple[Mention, Article]]) -> dict[str, _Bucket]:
    # Entities: (surname key, first-name key or "") with their mentions.
    entities: dict[tuple[str, str], list[tuple[Mention, Article]]] = defaultdict(list)
    for mention, article in pairs:
        body = mention.key.removeprefix("person:")
        surname, _, first = body.partition("|")
        entities[(surname, first)].append((mention, article))
    # Cluster surnames, most mentioned first.
    surname_counts: Counter[str] = Counter()
    for (surname, _), items in entities.items():
        surname_counts[surname] += len(items)
    clusters: dict[str, str] = {}  # surname key -> cluster seed
    seeds: list[str] = []
    for surname, _ in sorted(surname_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        seed = next((s for s in seeds if _similar(surname, s, SURNAME_SIMILARITY)), None)
        if seed is None:
            seeds.append(surname)
            seed = surname
        clusters[surname] = seed
    # Within a cluster, people are told apart by first name.
    people: dict[str, list[str]] = defaultdict(list)  # seed -> first-name seeds
    for (surname, first), _ in sorted(entities.items(), key=lambda kv: -len(kv[1])):
        if not first:
            continue
        seed = clusters[surname]
        if not any(_similar(first, f, FIRST_NAME_SIMILARITY) for f in people[seed]):
            people[seed].append(first)
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
            gid = f"speaker:{seed}~?"  # a bare surname shared by several people: left apart
        bucket = buckets.setdefault(gid, _Bucket("speaker"))
        for mention, article in items:
            bucket.add(mention, article)
    return buckets


def _display_name(bucket: _Bucket) -> str:
    """The most common spelling (for a person, the most common full name)."""
    forms = bucket.forms.most_common()
    if bucket.kind == "speaker":
        full = [f for f, _ in forms if " " in f]
        if full:
            return full[0]
    return forms[0][0]


def group_mentions(articles: Sequence[Article]) -> dict[str, Group]:
    """Assign ``mention.group`` for every mention; return the groups by id."""
    gaz = load_gazetteer()
    places: list[tuple[Mention, Article]] = []
    persons: list[tuple[Mention, Article]] = []
    for article in articles:
        for mention in article.mentions:
            (places if mention.kind == "place" else persons).append((mention, article))
    buckets = _place_groups(places) | _person_groups(persons)
    groups: dict[str, Group] = {}
    for gid, bucket in buckets.items():
        place = gaz.get(gid.removeprefix("place:")) if gid.startswith("place:") else None
        for mention in bucket.mentions:
            mention.group = gid
        groups[gid] = Group(
            id=gid,
            kind=bucket.kind,
            name=_display_name(bucket),
            variants=[form for form, _ in bucket.forms.most_common()],
            mentions=len(bucket.mentions),
            articles=list(bucket.articles),
            detail=bucket.mentions[0].detail if place else "",
        )
    return groups
