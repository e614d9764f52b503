"""Pronoun follow-ups: "…," he said after a named speaker is that speaker speaking again.

Within a paragraph, a sentence that reports speech through a pronoun ("he said",
"säger han", "sagte er", "a-t-il déclaré", "він заявив") and names nobody is
attributed to the speaker named last before it in the same paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from warreader.model import Mention
from warreader.nlp.lexicon import SPEECH_VERBS

PRONOUNS: dict[str, frozenset[str]] = {
    "en": frozenset({"he", "she"}),
    "sv": frozenset({"han", "hon"}),
    "de": frozenset({"er", "sie"}),
    "pl": frozenset({"on", "ona"}),
    "fr": frozenset({"il", "elle", "a-t-il", "a-t-elle"}),
    "uk": frozenset({"він", "вона"}),
    "ru": frozenset({"он", "она"}),
}
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’»]*|\n|$)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_NEAR = 2  # words between the pronoun and the verb at most


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A sentence (``start:end``) in which the speaker of ``mention`` speaks again, named by a pronoun."""

    start: int
    end: int
    mention: Mention


def _reports_by_pronoun(sentence: str, language: str) -> bool:
    words = [w.lower() for w in _WORD.findall(sentence)]
    pronouns = PRONOUNS.get(language, PRONOUNS["en"])
    verbs = SPEECH_VERBS.get(language, SPEECH_VERBS["en"])
    pronoun_at = [i for i, w in enumerate(words) if w in pronouns or w.endswith(("-t-il", "-t-elle"))]
    verb_at = [i for i, w in enumerate(words) if w in verbs or w.split("-t-")[0] in verbs]
    return any(abs(p - v) <= _NEAR + 1 for p in pronoun_at for v in verb_at)


def pronoun_follow_ups(body: str, language: str, speakers: Sequence[Mention]) -> list[FollowUp]:
    """Sentences that continue the last named speaker of their paragraph through a pronoun."""
    ordered = sorted((m for m in speakers if m.kind == "speaker"), key=lambda m: m.start)
    found: list[FollowUp] = []
    paragraph_start = 0
    for paragraph in body.split("\n"):
        paragraph_end = paragraph_start + len(paragraph)
        last: Mention | None = None
        for match in _SENTENCE.finditer(paragraph):
            start, end = paragraph_start + match.start(), paragraph_start + match.end()
            named = [m for m in ordered if start <= m.start < end]
            if named:
                last = named[-1]
            elif last is not None and _reports_by_pronoun(match.group(), language):
                found.append(FollowUp(start, min(end, paragraph_end), last))
        paragraph_start = paragraph_end + 1
    return found
