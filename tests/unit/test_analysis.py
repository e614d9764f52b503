"""Keyword in context, mention dates, the timeline and who said what — pure functions on a hand-made library."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from workbench_data import KHARKIV, LVIV, SYNIEHUBOV, ZELENSKY, ZELENSKYJ, article, library, sample

from warreader import analysis


def test_occurrences_are_in_reading_order_with_the_date_they_are_about() -> None:
    lib = sample()
    found = analysis.occurrences(lib, KHARKIV)
    assert [(o.article.path, o.mention.text) for o in found] == [
        ("news/a.txt", "Kharkiv"),
        ("news/a.txt", "Kharkiv"),
        ("news/b.txt", "Charkiw"),
        ("news/c.txt", "Kharkiv"),
    ]
    # "on Thursday" is in the first sentence only; the second sentence falls back to the article date.
    assert [(o.date, o.dated_by) for o in found] == [
        (dt.date(2022, 9, 8), "text"),
        (dt.date(2022, 9, 10), "article"),
        (dt.date(2022, 9, 12), "article"),
        (None, ""),
    ]
    assert analysis.articles_mentioning(lib, LVIV) == [0, 2]


def test_sentences_end_at_stops_and_newlines_but_not_after_initials_or_titles() -> None:
    body = "Gov. O. Syniehubov said it. Then U.S. officials spoke!\nNext line"
    assert (
        body[slice(*analysis.sentence_span(body, body.index("Syniehubov")))] == "Gov. O. Syniehubov said it."
    )
    assert body[slice(*analysis.sentence_span(body, body.index("officials")))] == "Then U.S. officials spoke!"
    assert body[slice(*analysis.sentence_span(body, body.index("Next")))] == "Next line"
    quoted = 'He said: "It is over." Then he left.'
    assert quoted[slice(*analysis.sentence_span(quoted, 3))] == 'He said: "It is over."'


@given(st.text(alphabet='ab .!?"\n', max_size=40), st.integers(0, 40))
def test_sentence_span_always_holds_the_offset_within_the_body(body: str, offset: int) -> None:
    offset = min(offset, len(body))
    start, end = analysis.sentence_span(body, offset)
    assert 0 <= start <= end <= len(body)


def test_kwic_lines_cut_context_at_words_on_one_line() -> None:
    body = "word " * 30 + "Kharkiv\nwas shelled again " + "and again " * 20
    left, keyword, right = analysis.context(body, 150, 157, width=30)
    assert keyword == "Kharkiv"
    assert left.startswith("…") and left.endswith("word ") and len(left) <= 31
    assert right.startswith(" was shelled") and right.endswith("…") and "\n" not in right
    lines = analysis.kwic(analysis.occurrences(sample(), LVIV))
    assert [line.keyword for line in lines] == ["Lviv", "Lviv"]
    assert lines[1].right == " was quiet. Kharkiv, again, was not."


def test_timeline_counts_days_bins_and_draws() -> None:
    counts, undated = analysis.daily_counts(analysis.occurrences(sample(), KHARKIV))
    assert counts == {dt.date(2022, 9, 8): 1, dt.date(2022, 9, 10): 1, dt.date(2022, 9, 12): 1}
    assert undated == 1
    bins = analysis.timeline_bins(counts, 3)
    assert [(b.first.day, b.last.day, b.count) for b in bins] == [(8, 9, 1), (10, 11, 1), (12, 12, 1)]
    assert len(analysis.timeline_bins(counts, 100)) == 5  # one bin per day when there is room
    assert analysis.sparkline([0, 1, 4, 8]) == " ▁▄█"
    assert analysis.bar_rows([0, 4, 8], 2) == ["  █", " ██"]


def test_quotes_in_many_styles_and_dialogue_dashes() -> None:
    body = (
        "A “curly quote here” and „German style“ and «French style» and »Swiss« then "
        '"straight quotes" end.\n– Vi håller linjen, säger Hajdaj.'
    )
    quotes = [body[s:e] for s, e in analysis.quote_spans(body)]
    assert quotes == [
        "“curly quote here”",
        "„German style“",
        "«French style»",
        "»Swiss«",
        '"straight quotes"',
        "– Vi håller linjen",
    ]


def test_statements_give_the_quote_or_the_reporting_sentence() -> None:
    lib = sample()
    said = analysis.statements(lib, SYNIEHUBOV)
    assert [s.text for s in said] == ["“Kharkiv is calm now and the city is working.”"]
    assert said[0].quoted and said[0].occurrence.date == dt.date(2022, 9, 10)
    # "Zelensky thanked the soldiers." reports no speech: not a statement.
    assert analysis.statements(lib, ZELENSKY) == []
    german = analysis.statements(lib, ZELENSKYJ)
    assert [s.text for s in german] == [
        "In Charkiw fielen Raketen, sagte Selenskyj.",
        "Zelenskyj sagte, die Lage sei stabil.",
    ]
    assert not any(s.quoted for s in german)


def test_a_quote_belongs_to_the_nearest_speaker_not_to_one_across_another() -> None:
    body = "Putin said “we will win this war soon” while Zelensky said “we are holding the whole line”."
    lib = library(
        [article("x.txt", body, [("speaker", "Putin", "speaker:putin"), ("speaker", "Zelensky", ZELENSKY)])]
    )
    assert [s.text for s in analysis.statements(lib, "speaker:putin")] == ["“we will win this war soon”"]
    assert [s.text for s in analysis.statements(lib, ZELENSKY)] == ["“we are holding the whole line”"]


def test_a_short_quoted_phrase_is_shown_in_its_sentence() -> None:
    body = 'Hayday said that the "de-occupation" of the region has started.'
    lib = library([article("x.txt", body, [("speaker", "Hayday", "speaker:haidai")])])
    (statement,) = analysis.statements(lib, "speaker:haidai")
    assert statement.quotes and not statement.quoted and statement.text == body


def test_who_said_what_follows_pronouns_to_the_named_speaker(write_articles) -> None:
    from warreader.analysis import statements
    from warreader.library import load_library

    folder = write_articles(
        {
            "a.txt": "Serhiy Haidai said the town was retaken on Monday.\n\n"
            "Serhiy Haidai visited the front. Shelling went on all night. "
            "He said the evacuation of civilians would continue despite the shelling.",
        }
    )
    library = load_library([folder])
    group = next(g.id for g in library.groups.values() if g.kind == "speaker")
    texts = [s.text for s in statements(library, group)]
    assert any("town was retaken" in t for t in texts)
    assert any("evacuation of civilians would continue" in t for t in texts)
