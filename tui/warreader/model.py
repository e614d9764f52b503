"""The records that flow through warreader: articles, the mentions found in them, their groups.

Every layer imports these; this module imports no other part of warreader.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

MentionKind = Literal["place", "speaker"]


class PartialDate(dt.date):
    """A date known to the month or the year only ("2024-02", "2024"): it sorts and compares as its
    first day, and is written at the precision the source states (``isoformat`` gives no day)."""

    precision: str
    """``"month"`` or ``"year"``."""

    def __new__(cls, year: int, month: int = 1, precision: str = "month") -> PartialDate:
        self = super().__new__(cls, year, month if precision == "month" else 1, 1)
        self.precision = precision
        return self

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.precision == "month" else f"{self.year:04d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"

    def __reduce__(self) -> tuple[type[PartialDate], tuple[int, int, str]]:
        return PartialDate, (self.year, self.month, self.precision)


_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?")


def parse_iso(value: str | None) -> dt.date | None:
    """An ISO 8601 date at any of the precisions the contract writes: YYYY-MM-DD, YYYY-MM or YYYY."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    match = _PARTIAL.fullmatch(value)
    if match is None:
        return None
    year, month = int(match.group(1)), match.group(2)
    if not 1 <= year <= 9999 or (month is not None and not 1 <= int(month) <= 12):
        return None
    return PartialDate(year, int(month)) if month else PartialDate(year, precision="year")


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


@dataclass(slots=True)
class Group:
    """Surface forms of one place or person, across articles and languages."""

    id: str
    kind: str
    name: str
    variants: list[str]
    mentions: int
    """Mentions found by grouping. What is shown is :meth:`Library.mention_count` (never this field)."""
    articles: Sequence[str]
    """Paths of the articles that mention the group (read from the index on first use)."""
    detail: str = ""


@dataclass(slots=True, frozen=True)
class MentionRef:
    """Where one mention sits: the article's position in the library and the mention's index in it."""

    article: int
    mention: int
