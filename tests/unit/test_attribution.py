"""Pronoun follow-ups attributed to the speaker named before them."""

from __future__ import annotations

import pytest

from warreader.nlp.attribution import pronoun_follow_ups
from warreader.nlp.places import find_places
from warreader.nlp.speakers import find_speakers


def follow_ups(text: str, language: str = "en") -> list[tuple[str, str]]:
    speakers = find_speakers(text, language, find_places(text, language))
    return [
        (text[f.start : f.end].strip(), f.mention.text) for f in pronoun_follow_ups(text, language, speakers)
    ]


@pytest.mark.parametrize(
    ("language", "text", "sentence"),
    [
        ("en", 'Serhiy Haidai said the town was retaken. "We hold it," he said.', '"We hold it," he said.'),
        ("sv", "Serhij Hajdaj säger att byn är befriad. – Vi håller den, säger han.", "– Vi håller den, säger han."),
        ("de", "Wolodymyr Selenskyj sagte, die Lage sei stabil. Er betonte, die Armee halte stand.",
         "Er betonte, die Armee halte stand."),
        ("fr", "Selon Dmytro Kuleba, la ville tient. « Nous tenons », a-t-il déclaré.", "« Nous tenons », a-t-il déclaré."),
    ],
)  # fmt: skip
def test_pronoun_sentence_goes_to_the_last_named_speaker(language: str, text: str, sentence: str) -> None:
    found = follow_ups(text, language)
    assert len(found) == 1
    assert found[0][0] == sentence


def test_no_follow_up_across_paragraphs_or_without_a_speaker() -> None:
    assert follow_ups('Serhiy Haidai said the town was retaken.\n\n"We hold it," he said.') == []
    assert follow_ups('"We hold it," he said.') == []
    assert follow_ups("Serhiy Haidai said the town was retaken. He visited the front.") == []
