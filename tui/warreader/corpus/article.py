"""The records that flow through warreader: an article and the mentions found in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

MentionKind = Literal["place", "speaker"]


@dataclass(slots=True)
class Mention:
    """One highlighted span of an article body: ``body[start:end] == text``."""

    kind: MentionKind
    text: str
    start: int
    end: int
    key: str = ""
    """Entity key before grouping (a gazetteer id for a place, a name key for a person)."""
    group: str | None = None
    """Id of the variant group this mention belongs to, set by grouping."""
    detail: str = ""
    """Human-readable note, e.g. which gazetteer entry an ambiguous place resolved to."""


@dataclass(slots=True)
class DateMention:
    """A date written in the body ("on Thursday", "30. September"), resolved against the article date."""

    text: str
    start: int
    end: int
    value: dt.date | None


@dataclass(slots=True)
class Article:
    """One news article as read from a file, with what extraction found in it."""

    path: str
    title: str
    date: dt.date | None
    language: str
    body: str
    source: str = ""
    url: str = ""
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    """Link targets found in the article's markup (a Markdown article's links), in order."""

    @property
    def name(self) -> str:
        """The file name, used as the article's short id."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]
