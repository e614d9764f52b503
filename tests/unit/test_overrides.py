"""Corrections are overrides: a corrected library is a new read-only view, the base is never changed.

Checked on the hand-built sample, and on the generated corpus both over its index and in memory
against a plain reference (the corrections done one by one on copies of the articles).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from workbench_data import KHARKIV, LVIV, ZELENSKY, ZELENSKYJ, sample

from pg_server import Backend
from warreader.corpus.reader import read_articles
from warreader.corrections import corrected
from warreader.library import Library
from warreader.model import REJECT_KIND, Article, Correction, Overrides, split_id
from warreader.nlp.pipeline import extract_all

GENERATED = Path(__file__).resolve().parents[1] / "data" / "generated"


def snapshot(library: Library) -> tuple:
    """Everything corrections may change, comparable."""
    groups = {
        g.id: (g.kind, g.name, list(g.variants), g.mentions, list(g.articles))
        for g in library.groups.values()
    }
    mentions = [[(m.kind, m.text, m.start, m.group) for m in a.mentions] for a in library.articles]
    refs = {g: [(r.article, r.mention) for r in library.mentions_of(g)] for g in library.groups}
    counts = {g: library.mention_count(g) for g in library.groups}
    return groups, mentions, refs, counts


# -- the overrides themselves ----------------------------------------------------------------


def test_overrides_follow_the_order_the_corrections_were_made() -> None:
    split_then_merge = Overrides(
        (Correction("split", group="B", spelling="Bx"), Correction("merge", group="A", into="B"))
    )
    # B's own "Bx" left B before A joined it: A's "Bx" stays in B
    assert split_then_merge.effective("B", "place", "bx") == split_id("B", "Bx")
    assert split_then_merge.effective("A", "place", "BX") == "B"
    assert split_then_merge.effective("A", "place", "Ay") == "B"
    merge_then_split = Overrides(
        (Correction("merge", group="A", into="B"), Correction("split", group="B", spelling="Bx"))
    )
    assert merge_then_split.effective("A", "place", "Bx") == split_id("B", "Bx")
    assert merge_then_split.effective("C", "place", "Bx") == "C"  # an untouched group
    assert Overrides().effective("A", "place", "x") == "A" and not Overrides()


def test_rejections_are_by_kind_spelling_and_article_and_renames_by_group() -> None:
    rules = Overrides(
        (
            Correction("not-a-place", spelling="Bug", article="news/a.txt"),
            Correction("not-a-speaker", spelling="Mir"),
            Correction("rename", group="A", name="Alpha"),
            Correction("rename", group="A", name="Alef"),
        )
    )
    assert rules.effective("P", "place", "bug", "news/a.txt") is None
    assert rules.effective("P", "place", "Bug", "news/b.txt") == "P"
    assert rules.effective("S", "speaker", "Bug", "news/a.txt") == "S"
    assert rules.effective("S", "speaker", "MIR", "any.txt") is None
    assert rules.effective("P", "place", "Mir") == "P"
    assert rules.name("A") == "Alef" and rules.name("B") is None
    with pytest.raises(AttributeError):
        rules.rules = ()  # type: ignore[misc]


# -- views -------------------------------------------------------------------------------


RULES = [
    Correction("merge", group=ZELENSKYJ, into=ZELENSKY),
    Correction("split", group=ZELENSKY, spelling="Selenskyj"),
    Correction("not-a-place", spelling="Kharkiv", article="news/a.txt"),
    Correction("rename", group=LVIV, name="Lemberg"),
    Correction("not-a-speaker", spelling="Zelensky"),
]


def test_correcting_leaves_the_base_library_unchanged() -> None:
    base = sample()
    before = snapshot(base)
    records = dict(base.groups)
    view, skipped = corrected(base, RULES)
    assert not skipped and snapshot(view) != before
    assert snapshot(base) == before
    assert all(base.groups[g] is group for g, group in records.items())  # not even re-created
    assert view.base is base and base.overrides == Overrides()


def test_undo_is_the_base_with_one_correction_fewer_and_gives_the_exact_counts() -> None:
    base = sample()
    views = [base]
    for rule in RULES:
        view, skipped = corrected(views[-1], [rule])
        assert not skipped
        views.append(view)
    for number in range(len(RULES) + 1):
        again, _ = corrected(base, RULES[:number])
        assert snapshot(again) == snapshot(views[number])
    assert snapshot(corrected(views[-1].base, [])[0]) == snapshot(base)
    undone, _ = corrected(base, [r for r in RULES if r.action != "merge"])
    counts = {g: undone.mention_count(g) for g in undone.groups}
    assert counts[ZELENSKYJ] == base.mention_count(ZELENSKYJ)


def test_a_correction_does_not_touch_the_other_groups_or_articles() -> None:
    base = sample()
    view, _ = corrected(base, [Correction("split", group=KHARKIV, spelling="Charkiw")])
    for group in base.groups:
        if group != KHARKIV:
            assert view.groups[group] is base.groups[group]
            assert view.mentions_of(group) == base.mentions_of(group)
    assert view.articles[0] is base.articles[0] and view.articles[2] is base.articles[2]
    assert view.articles[1] is not base.articles[1]  # the one with "Charkiw": a copy
    assert base.articles[1].mentions[0].group == KHARKIV
    assert view.articles[1].mentions[0].group == split_id(KHARKIV, "Charkiw")


def test_a_removed_highlight_renumbers_the_other_mentions_of_its_article() -> None:
    base = sample()
    view, _ = corrected(base, [Correction("not-a-place", spelling="Kharkiv", article="news/a.txt")])
    assert len(view.articles[0].mentions) == len(base.articles[0].mentions) - 2
    for group in view.groups:
        for ref in view.mentions_of(group):
            assert view.mention(ref).group == group
            assert view.mention_number(ref)[0] > 0
        ref = view.step(group, 0, -1)
        assert ref is not None and view.mention(ref).group == group
    ref = view.step(ZELENSKY, -1, 0)
    assert ref is not None and view.mention(ref).text == "Zelensky"


# -- the generated corpus: index, memory and a plain reference agree ------------------------------


def choose(library: Library) -> list[Correction]:
    """Corrections of every kind, chained (a split of a merged group, a merge into a split one)."""
    ranked = sorted(library.groups.values(), key=lambda g: (-library.mention_count(g.id), g.id))
    speakers = [g for g in ranked if g.kind == "speaker"]
    several = [g for g in ranked if len(g.variants) > 1]
    places = [g for g in ranked if g.kind == "place"]
    a, b, c = speakers[3], speakers[0], speakers[5]
    first, second = several[0], several[1]
    there = library.mentions_of(places[2].id)[0]
    article, spelling = library.articles[there.article].path, library.mention(there).text
    return [
        Correction("split", group=first.id, spelling=first.variants[-1]),
        Correction("merge", group=a.id, into=b.id),
        Correction("split", group=b.id, spelling=a.variants[0]),
        Correction("merge", group=c.id, into=split_id(b.id, a.variants[0])),
        Correction("merge", group=second.id, into=first.id)
        if second.kind == first.kind
        else Correction("rename", group=second.id, name="Renamed"),
        Correction("not-a-place", spelling=places[1].variants[0]),
        Correction("not-a-place", spelling=spelling, article=article),
        Correction("not-a-speaker", spelling=speakers[1].variants[-1]),
        Correction("rename", group=b.id, name="Bee"),
    ]


def reference(articles: list[Article], rules: list[Correction]) -> Library:
    """The corrections done one after the other on copies of the articles, then grouped afresh."""
    articles = copy.deepcopy(articles)
    for rule in rules:
        folded = rule.spelling.casefold()
        for article in articles:
            if rule.action in REJECT_KIND:
                if not rule.article or article.path == rule.article:
                    article.mentions = [
                        m
                        for m in article.mentions
                        if not (m.kind == REJECT_KIND[rule.action] and m.text.casefold() == folded)
                    ]
                continue
            for m in article.mentions:
                if rule.action == "merge" and m.group == rule.group:
                    m.group = rule.into
                elif rule.action == "split" and m.group == rule.group and m.text.casefold() == folded:
                    m.group = split_id(rule.group, rule.spelling)
    return Library(articles, {})


def test_index_memory_and_reference_agree_after_corrections(backend: Backend) -> None:
    paths = [str(GENERATED)]
    indexed = backend.load(paths)
    before = snapshot(indexed)
    articles = list(read_articles(paths, []))
    memory = Library(articles, extract_all(articles))
    rules = choose(memory)
    views = {}
    for name, base in (("index", indexed), ("memory", memory)):
        view, skipped = corrected(base, rules)
        assert skipped == [], name
        views[name] = view
    expected = reference(articles, rules)
    shown = [[(m.kind, m.text, m.start, m.end, m.group) for m in a.mentions] for a in expected.articles]
    for name, view in views.items():
        assert [
            [(m.kind, m.text, m.start, m.end, m.group) for m in a.mentions] for a in view.articles
        ] == shown, name
        for group in {*view.groups, *memory.groups}:
            refs = expected.mentions_of(group)
            assert view.mentions_of(group) == refs, (name, group)
            assert view.mention_count(group) == len(refs), (name, group)
            for number, ref in enumerate(refs[:5], 1):
                assert view.mention_number(ref) == (number, len(refs))
                assert view.step(group, ref.article, view.mention(ref).start - 1) == ref
            if group in view.groups:
                record = view.groups[group]
                assert record.mentions == len(refs)
                where = {expected.articles[r.article].path for r in refs}
                assert sorted(record.articles) == sorted(where), (name, group)
                spelled = {expected.mention(r).text for r in refs}
                assert spelled <= set(record.variants), (name, group)
            else:
                assert refs == [], (name, group)
        for index in range(len(view.articles)):
            assert view.refs_in(index) == expected.refs_in(index)
    first = rules[1]
    assert views["index"].groups[first.into].name == "Bee" == views["memory"].groups[first.into].name
    assert snapshot(indexed) == before == snapshot(backend.load(paths))  # the base: unchanged
