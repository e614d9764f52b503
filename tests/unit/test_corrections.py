"""Corrections: merge, split, rename, not-a-place / not-a-speaker; undo; the TOML aliases file."""

from __future__ import annotations

import pytest
from workbench_data import KHARKIV, LVIV, SYNIEHUBOV, ZELENSKY, ZELENSKYJ, sample

from warreader.corrections import (
    Correction,
    combine,
    corrected,
    from_state,
    from_toml,
    split_id,
    to_state,
    to_toml,
)
from warreader.library import Library


def snapshot(library: Library) -> tuple:
    """Everything corrections may change, comparable."""
    groups = {
        g.id: (g.kind, g.name, list(g.variants), g.mentions, list(g.articles))
        for g in library.groups.values()
    }
    mentions = [[(m.kind, m.text, m.start, m.group) for m in a.mentions] for a in library.articles]
    refs = {g: [(r.article, r.mention) for r in library.mentions_of(g)] for g in library.groups}
    return groups, mentions, refs


def test_merge_joins_two_groups_and_keeps_the_target_name() -> None:
    lib, skipped = corrected(sample(), [Correction("merge", group=ZELENSKYJ, into=ZELENSKY)])
    assert not skipped
    assert ZELENSKYJ not in lib.groups
    group = lib.groups[ZELENSKY]
    assert group.name == "Zelensky"
    assert set(group.variants) == {"Zelensky", "Selenskyj", "Zelenskyj"}
    assert group.mentions == 3 == len(lib.mentions_of(ZELENSKY))
    assert group.articles == ["news/a.txt", "news/b.txt"]
    assert all(m.group != ZELENSKYJ for a in lib.articles for m in a.mentions)


def test_split_moves_one_spelling_to_a_new_group() -> None:
    lib, _ = corrected(sample(), [Correction("split", group=KHARKIV, spelling="charkiw")])
    new = split_id(KHARKIV, "charkiw")
    assert lib.groups[new].name == "Charkiw" and lib.groups[new].mentions == 1
    assert lib.groups[KHARKIV].variants == ["Kharkiv"] and lib.groups[KHARKIV].mentions == 3
    assert [lib.mention(r).text for r in lib.mentions_of(new)] == ["Charkiw"]


def test_rename_survives_later_changes_to_the_group() -> None:
    lib, _ = corrected(sample(), [Correction("rename", group=KHARKIV, name="Kharkiv city")])
    lib, _ = corrected(lib, [Correction("split", group=KHARKIV, spelling="Charkiw")])
    assert lib.groups[KHARKIV].name == "Kharkiv city"


def test_not_a_place_removes_the_highlights_everywhere_or_in_one_article() -> None:
    lib, _ = corrected(sample(), [Correction("not-a-place", spelling="lviv", article="news/c.txt")])
    assert [r.article for r in lib.mentions_of(LVIV)] == [0]
    assert lib.groups[LVIV].mentions == 1 and lib.groups[LVIV].articles == ["news/a.txt"]
    lib, _ = corrected(lib, [Correction("not-a-place", spelling="Lviv")])
    assert LVIV not in lib.groups
    assert not any(m.text == "Lviv" for a in lib.articles for m in a.mentions)
    # a speaker spelled the same is untouched by not-a-place
    lib, _ = corrected(lib, [Correction("not-a-speaker", spelling="Oleh Syniehubov")])
    assert SYNIEHUBOV not in lib.groups


def test_corrections_that_do_not_fit_this_corpus_are_skipped_with_a_reason() -> None:
    _, skipped = corrected(
        sample(),
        [
            Correction("merge", group="speaker:nobody", into=ZELENSKY),
            Correction("split", group=LVIV, spelling="Lviv"),
            Correction("not-a-speaker", spelling="Kharkiv"),
            Correction("merge", group=ZELENSKY, into=ZELENSKY),
        ],
    )
    reasons = [why for _, why in skipped]
    assert reasons == [
        "no group speaker:nobody",
        "“Lviv” is the only spelling of place:gn:702550",
        "no speaker spelled “Kharkiv”",
        "already one group",
    ]


def test_a_group_whose_id_changed_is_found_by_its_label() -> None:
    lib, skipped = corrected(
        sample(), [Correction("rename", group="speaker:zelenski-old", label="Zelensky", name="V. Zelensky")]
    )
    assert not skipped and lib.groups[ZELENSKY].name == "V. Zelensky"


def test_invalid_corrections_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown correction"):
        Correction("delete", group="x")
    with pytest.raises(ValueError, match="needs into"):
        Correction("merge", group="x")
    corrections, problems = from_state([{"action": "rename", "group": "g", "name": "N"}, {"action": "merge"}])
    assert corrections == [Correction("rename", group="g", name="N")]
    assert problems == [
        "1 saved correction not applied: this warreader does not understand it (kept in the state "
        "file as written): #2 a merge correction needs group and into"
    ]


SAVED = [
    {"action": "rename", "group": "g", "name": "N"},
    {"action": "rename", "group": "h", "name": "M", "note": "checked with the desk"},
    {"action": "alias", "group": "g", "spelling": "Gee"},
    {"action": 1},
    "merge g into h",
]


def test_saved_entries_not_understood_are_counted_and_written_back_untouched() -> None:
    """Issue 14.2: an unknown field or action was dropped at the next save (3 corrections became 2)."""
    corrections, problems = from_state(SAVED)
    assert corrections == [Correction("rename", group="g", name="N")]
    [line] = problems
    assert line.startswith("4 saved corrections not applied") and "#2 unknown field note" in line
    assert "#3 unknown correction 'alias'" in line and "#4 action is 1, not text" in line
    assert "__init__" not in line and "…" in line  # 14.10: a clear line, at most three shown
    added = Correction("not-a-place", spelling="Mir")
    assert to_state([*corrections, added], SAVED) == [*SAVED, added.to_dict()]
    assert to_state([added], SAVED) == [added.to_dict(), *SAVED[1:]]  # the first one undone
    assert to_state([], SAVED) == SAVED[1:]
    assert from_state([{"action": "rename", "group": "g", "name": "\x1b[2J"}, {"\x1b]0;x": "y"}])[1][
        0
    ].endswith("#2 unknown field \\u001b]0;x")


def test_toml_round_trip_with_awkward_text() -> None:
    corrections = [
        Correction("merge", group=ZELENSKYJ, into=ZELENSKY, label="Selenskyj", into_label="Zelensky"),
        Correction("rename", group=KHARKIV, name='Kharkiv "city" \\ [b]x[/b]\n\t\x01'),
        Correction("not-a-place", spelling="Bug", article="C:\\news\\a.txt"),
    ]
    text = to_toml(corrections)
    assert text.startswith("# warreader corrections")
    assert "[[correction]]" in text and 'action = "merge"' in text
    assert "# merge Selenskyj into Zelensky" in text
    assert from_toml(text) == corrections


def test_toml_errors_name_the_entry() -> None:
    with pytest.raises(ValueError, match="not valid TOML"):
        from_toml("[[correction]\n")
    with pytest.raises(ValueError, match="correction 2: unknown field colour"):
        from_toml(
            '[[correction]]\naction = "rename"\ngroup = "g"\nname = "n"\n[[correction]]\ncolour = "red"\n'
        )
    with pytest.raises(ValueError, match="unknown section"):
        from_toml("[aliases]\n")


def test_combine_appends_only_new_corrections() -> None:
    a = Correction("rename", group="g", name="A")
    b = Correction("rename", group="g", name="B")
    assert combine([a], [a, b]) == [a, b]
