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

Grouping works on *forms*, not on mentions: a form is every mention with one kind, text,
key, article language and detail, with how many there are and where the first one is in
reading order. A corpus of a million mentions has a few thousand forms, so the persistent
index (:mod:`warreader.store.index`) counts them in SQL and groups only those
(:func:`group_forms`); :func:`group_mentions` does the same for articles in memory. A
mention's group follows from its kind and key alone, except in one rare case: a settlement
found by context whose key, seen again later, resolves differently because the groups made
in between changed the answer. Then the mentions of that key are read one by one in reading
order (``context_mentions``) and the ones that differ are returned as exceptions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from warreader.model import Article, Group
from warreader.nlp.gazetteer import load_gazetteer
from warreader.nlp.keys import name_key

SURNAME_SIMILARITY = 88.0
FIRST_NAME_SIMILARITY = 75.0
PLACE_SIMILARITY = 90.0
CONTEXT = "ctx:"
"""Key prefix of a settlement found by context (not matched in the gazetteer)."""


def _similar(a: str, b: str, threshold: float) -> bool:
    return a[:1] == b[:1] and abs(len(a) - len(b)) <= 3 and fuzz.ratio(a, b) >= threshold


def _shelf(key: str) -> tuple[str, int]:
    """Where ``key`` is kept for finding similar keys: they share its first character and are at
    most 3 characters longer or shorter."""
    return key[:1], len(key)


def _shelves_near(key: str) -> Iterator[tuple[str, int]]:
    initial, length = _shelf(key)
    for other in range(max(0, length - 3), length + 4):
        yield initial, other


@dataclass(slots=True)
class Form:
    """Every mention with one kind, text, key, article language and detail."""

    kind: str
    text: str
    key: str
    language: str
    detail: str
    count: int = 0
    first: int = 0
    """Reading-order position of the first of these mentions (any increasing numbering of mentions)."""


ContextMentions = Callable[[], Iterable[tuple[int, str, str, str, str]]]
"""(position, text, key, language, detail) of every place mention whose key starts with ``ctx:``,
in reading order (asked for only when a context key does not resolve the same way every time)."""


@dataclass(slots=True)
class Grouping:
    """What :func:`group_forms` found."""

    groups: dict[str, Group]
    """Groups by id, in the order they were formed; ``articles`` is left empty (the caller knows them)."""
    by_key: dict[tuple[str, str], str]
    """(kind, key) → group id: the group of every mention with that kind and key, but for ``exceptions``."""
    exceptions: dict[int, str]
    """Position → group id of the mentions whose group is not ``by_key``'s (usually none)."""
    rank: dict[tuple[str, str], int]
    """(kind, key) → when its mentions join their group: within a group, mentions join in the order
    (rank, position); this orders a group's articles (:attr:`Group.articles`)."""


class _PlaceKeys:
    """The name keys each place group answers to, and the groups a context key resolves to."""

    def __init__(self) -> None:
        self.owners: dict[str, set[str]] = {}
        """Name key → groups that have it."""
        self.shelves: dict[tuple[str, int], dict[str, None]] = defaultdict(dict)
        """Name keys by :func:`_shelf`."""

    def add(self, gid: str, key: str) -> bool:
        """Give ``gid`` the name key ``key``; True if it did not have it."""
        owners = self.owners.get(key)
        if owners is None:
            owners = self.owners[key] = set()
            self.shelves[_shelf(key)][key] = None
        if gid in owners:
            return False
        owners.add(gid)
        return True

    def answers(self, key: str) -> tuple[frozenset[str], frozenset[str]]:
        """(groups with exactly this key, groups with a similar key)."""
        exact = frozenset(self.owners.get(key, ()))
        near: set[str] = set()
        for shelf in _shelves_near(key):
            for other in self.shelves.get(shelf, ()):
                if _similar(key, other, PLACE_SIMILARITY):
                    near |= self.owners[other]
        return exact, frozenset(near)

    @staticmethod
    def target(key: str, answers: tuple[frozenset[str], frozenset[str]]) -> str:
        exact, near = answers
        if len(exact) == 1:
            return next(iter(exact))
        if len(near) == 1:
            return next(iter(near))
        return "place:" + CONTEXT + key

    def resolve(self, key: str) -> str:
        """The group of a mention with context key ``key`` (which then joins that group's keys)."""
        answers = self.answers(key)
        target = self.target(key, answers)
        if len(answers[0]) != 1 and target.startswith("place:" + CONTEXT):
            self.add(target, key)
        return target


@dataclass(slots=True)
class _Bucket:
    """Forms that will form one group."""

    kind: str
    counts: dict[str, int] = field(default_factory=dict)
    """Text → mentions."""
    orders: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Text → (rank, position) of its first mention: the order in which the texts joined."""
    mentions: int = 0
    first: tuple[int, int] | None = None
    detail: str = ""
    """The detail of the first mention that joined."""
    languages: dict[str, set[str]] = field(default_factory=dict)
    """Text → the languages of the articles it was seen in."""

    def add(self, form: Form, rank: int) -> None:
        order = (rank, form.first)
        self.mentions += form.count
        text = form.text
        self.languages.setdefault(text, set()).add(form.language)
        if text in self.counts:
            self.counts[text] += form.count
            self.orders[text] = min(self.orders[text], order)
        else:
            self.counts[text] = form.count
            self.orders[text] = order
        if self.first is None or order < self.first:
            self.first, self.detail = order, form.detail

    def variants(self) -> list[str]:
        """Spellings, most common first (ties: the first to join first)."""
        return sorted(self.counts, key=lambda text: (-self.counts[text], self.orders[text]))


def _context_groups(
    forms: list[Form], keys: _PlaceKeys, context_mentions: ContextMentions
) -> tuple[list[tuple[Form, str]], dict[str, str], dict[int, str]]:
    """Resolve the context keys: (form, group) pairs, key → group, and exceptions by position.

    Each key is resolved at its first mention, keys in reading order. That is the answer for
    every later mention of the key too unless groups made in between change it; the answers
    only grow (keys are only ever added), so it is enough that what the key finds right after
    its first mention equals what it finds at the end. Otherwise every mention is resolved in
    reading order, as one would by hand."""
    first: dict[str, int] = {}
    for form in forms:
        if form.key not in first or form.first < first[form.key]:
            first[form.key] = form.first
    resolved: dict[str, str] = {}
    after: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for key in sorted(first, key=first.__getitem__):
        name = key[len(CONTEXT) :]
        resolved[key] = keys.resolve(name)
        after[key] = keys.answers(name)
    if all(
        keys.target(key[len(CONTEXT) :], after[key]) == resolved[key]
        and keys.answers(key[len(CONTEXT) :]) == after[key]
        for key in resolved
    ):
        return [(form, resolved[form.key]) for form in forms], resolved, {}
    return _context_one_by_one(keys, context_mentions)


def _context_one_by_one(
    keys: _PlaceKeys, context_mentions: ContextMentions
) -> tuple[list[tuple[Form, str]], dict[str, str], dict[int, str]]:
    # Start again from the gazetteer groups' keys: drop what the first pass added.
    for name, owners in list(keys.owners.items()):
        for gid in [g for g in owners if g.startswith("place:" + CONTEXT)]:
            owners.discard(gid)
        if not owners:
            del keys.owners[name]
            keys.shelves[_shelf(name)].pop(name, None)
    parts: dict[tuple[str, str, str, str, str], Form] = {}
    by_key: dict[str, str] = {}
    exceptions: dict[int, str] = {}
    known: dict[str, str] = {}  # answers since the keys last changed
    for position, text, key, language, detail in context_mentions():
        target = known.get(key)
        if target is None:
            name = key[len(CONTEXT) :]
            answers = keys.answers(name)
            target = keys.target(name, answers)
            if len(answers[0]) != 1 and target.startswith("place:" + CONTEXT) and keys.add(target, name):
                known.clear()
            known[key] = target
        if by_key.setdefault(key, target) != target:
            exceptions[position] = target
        ident = (text, key, language, detail, target)
        part = parts.get(ident)
        if part is None:
            parts[ident] = Form("place", text, key, language, detail, 1, position)
        else:
            part.count += 1
    return [(form, target) for (*_, target), form in parts.items()], by_key, exceptions


def group_forms(forms: Iterable[Form], context_mentions: ContextMentions) -> Grouping:
    """Group the corpus's forms (each distinct one once, with its count and first position)."""
    gaz = load_gazetteer()
    places: list[Form] = []
    context: list[Form] = []
    persons: list[Form] = []
    for form in forms:
        if form.kind != "place":
            persons.append(form)
        elif form.key.startswith(CONTEXT):
            context.append(form)
        else:
            places.append(form)
    by_key: dict[tuple[str, str], str] = {}
    rank: dict[tuple[str, str], int] = {}
    place_buckets: dict[str, _Bucket] = {}
    # Places found in the gazetteer: one group per entry.
    keys = _PlaceKeys()
    spelled: set[str] = set()
    for form in places:
        gid = "place:" + form.key
        by_key[(form.kind, form.key)] = gid
        rank[(form.kind, form.key)] = 0
        place_buckets.setdefault(gid, _Bucket("place")).add(form, 0)
        keys.add(gid, name_key(form.text, form.language))
        if form.key not in spelled:
            spelled.add(form.key)
            for spelling in gaz.names(form.key)[:1]:
                keys.add(gid, name_key(spelling, "en"))
    # Settlements found by context: after them all (rank 1).
    exceptions: dict[int, str] = {}
    if context:
        pairs, resolved, exceptions = _context_groups(context, keys, context_mentions)
        for key, gid in resolved.items():
            by_key[("place", key)] = gid
            rank[("place", key)] = 1
        for form, gid in pairs:
            place_buckets.setdefault(gid, _Bucket("place")).add(form, 1)
    person_buckets = _person_groups(persons, by_key, rank)
    groups: dict[str, Group] = {}
    for buckets in (place_buckets, person_buckets):
        for gid, bucket in sorted(buckets.items(), key=lambda item: item[1].first or (0, 0)):
            place = gaz.get(gid.removeprefix("place:")) if gid.startswith("place:") else None
            variants = bucket.variants()
            name = variants[0]
            if place is not None:
                name = _nominative(variants, bucket.languages, gaz.names(place.id), place.name)
            if bucket.kind == "speaker":
                name = next((v for v in variants if " " in v), name)  # the most common full name
            groups[gid] = Group(
                id=gid,
                kind=bucket.kind,
                name=name,
                variants=variants,
                mentions=bucket.mentions,
                articles=[],
                detail=bucket.detail if place else "",
            )
    return Grouping(groups, by_key, exceptions, rank)


def _nominative(
    variants: list[str], languages: dict[str, set[str]], names: Sequence[str], display: str
) -> str:
    """A place group's name: its most common spelling that is a name of the place as it stands
    (a nominative: "Charkiw", not "Charkiws" or "Харкова"); else the place's own name that the most
    common spelling is an inflected form of ("Харкова" → "Харків"); else the gazetteer's name."""
    from warreader.nlp.gazetteer import fold
    from warreader.nlp.inflection import base_forms

    by_fold = {fold(n): n for n in reversed(names)}  # the first spelling wins
    for variant in variants:
        if fold(variant) in by_fold:
            return variant
    for variant in variants:
        for language in sorted(languages.get(variant, ())):
            for form, _ in base_forms(variant, language):
                if fold(form) in by_fold:
                    return by_fold[fold(form)]
    return display


def _person_groups(
    forms: list[Form], by_key: dict[tuple[str, str], str], rank: dict[tuple[str, str], int]
) -> dict[str, _Bucket]:
    # Entities: (surname key, first-name key or "") with their mention counts, in reading order.
    entity_of: dict[tuple[str, str], tuple[str, str]] = {}
    counts: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], int] = {}
    for form in forms:
        body = form.key.removeprefix("person:")
        surname, _, first_name = body.partition("|")
        entity = (surname, first_name)
        entity_of[(form.kind, form.key)] = entity
        counts[entity] = counts.get(entity, 0) + form.count
        if entity not in first or form.first < first[entity]:
            first[entity] = form.first
    entities = sorted(counts, key=first.__getitem__)
    # Cluster surnames, most mentioned first.
    surname_counts: Counter[str] = Counter()
    for surname, first_name in entities:
        surname_counts[surname] += counts[(surname, first_name)]
    clusters: dict[str, str] = {}  # surname key -> cluster seed
    seeds: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)  # shelf -> (number, seed)
    for number, (surname, _) in enumerate(sorted(surname_counts.items(), key=lambda kv: (-kv[1], kv[0]))):
        similar = [
            (n, s)
            for shelf in _shelves_near(surname)
            for n, s in seeds.get(shelf, ())
            if _similar(surname, s, SURNAME_SIMILARITY)
        ]
        if similar:
            seed = min(similar)[1]  # the first seed made that is similar
        else:
            seeds[_shelf(surname)].append((number, surname))
            seed = surname
        clusters[surname] = seed
    # Within a cluster, people are told apart by first name.
    people: dict[str, list[str]] = defaultdict(list)  # seed -> first-name seeds
    for surname, first_name in sorted(entities, key=lambda e: -counts[e]):
        if not first_name:
            continue
        seed = clusters[surname]
        if not any(_similar(first_name, f, FIRST_NAME_SIMILARITY) for f in people[seed]):
            people[seed].append(first_name)
    gids: dict[tuple[str, str], str] = {}
    for surname, first_name in entities:
        seed = clusters[surname]
        firsts = people[seed]
        if first_name:
            chosen = next(f for f in firsts if _similar(first_name, f, FIRST_NAME_SIMILARITY))
            gid = "speaker:" + seed if firsts[0] == chosen else f"speaker:{seed}~{chosen}"
        elif len(firsts) <= 1:
            gid = "speaker:" + seed
        else:
            gid = f"speaker:{seed}~?"  # a bare surname shared by several people: left apart
        gids[(surname, first_name)] = gid
    order = {entity: number for number, entity in enumerate(entities)}
    buckets: dict[str, _Bucket] = {}
    for form in forms:
        entity = entity_of[(form.kind, form.key)]
        gid = gids[entity]
        by_key[(form.kind, form.key)] = gid
        rank[(form.kind, form.key)] = order[entity]
        buckets.setdefault(gid, _Bucket("speaker")).add(form, order[entity])
    return buckets


def group_mentions(articles: Sequence[Article]) -> dict[str, Group]:
    """Assign ``mention.group`` for every mention; return the groups by id."""
    forms: dict[tuple[str, str, str, str, str], Form] = {}
    position = 0
    for article in articles:
        language = article.language
        for mention in article.mentions:
            ident = (mention.kind, mention.text, mention.key, language, mention.detail)
            form = forms.get(ident)
            if form is None:
                forms[ident] = Form(*ident, count=1, first=position)
            else:
                form.count += 1
            position += 1

    def context_mentions() -> Iterator[tuple[int, str, str, str, str]]:
        position = 0
        for article in articles:
            for mention in article.mentions:
                if mention.kind == "place" and mention.key.startswith(CONTEXT):
                    yield position, mention.text, mention.key, article.language, mention.detail
                position += 1

    grouping = group_forms(forms.values(), context_mentions)
    # A group's articles: in the order its mentions joined it.
    joined: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    position = 0
    for article in articles:
        for mention in article.mentions:
            kind_key = (mention.kind, mention.key)
            gid = grouping.exceptions.get(position) or grouping.by_key[kind_key]
            mention.group = gid
            order = (grouping.rank[kind_key], position)
            paths = joined[gid]
            known = paths.get(article.path)
            if known is None or order < known:
                paths[article.path] = order
            position += 1
    for gid, group in grouping.groups.items():
        paths = joined[gid]
        group.articles = sorted(paths, key=paths.__getitem__)
    return grouping.groups
