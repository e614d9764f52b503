"""The records that flow through warreader: articles, the mentions found in them, their groups.

Every layer imports these; this module imports no other part of warreader.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal, overload

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


class ArticleSequence(Sequence[Article]):
    """Articles read one at a time (:meth:`_article`, for an index in range), indexable from the
    end and sliceable like a list; what the index, a corrected view and the list's view share."""

    def _article(self, index: int) -> Article:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> Article: ...
    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...
    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        count = len(self)
        if isinstance(index, slice):
            return [self._article(i) for i in range(*index.indices(count))]
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("article index out of range")
        return self._article(index)

    def __iter__(self) -> Iterator[Article]:
        for index in range(len(self)):
            yield self._article(index)


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


# -- corrections ------------------------------------------------------------------------------

ACTIONS = ("merge", "split", "rename", "not-a-place", "not-a-speaker")
REJECT_KIND = {"not-a-place": "place", "not-a-speaker": "speaker"}
SPLIT_MARK = "#"


def split_id(group_id: str, spelling: str) -> str:
    """The id of the group a split spelling moves to."""
    return f"{group_id}{SPLIT_MARK}{spelling.casefold()}"


def shown(value: Any, limit: int = 40) -> str:
    """``value`` for a message (text as it is, anything else as JSON), cut short, control characters
    made visible (it comes from the user's file)."""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            text = repr(value)
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Correction:
    """One of the analyst's corrections to extraction (see :mod:`warreader.corrections`)."""

    action: str
    group: str = ""
    """merge: the group that goes; split / rename: the group changed."""
    into: str = ""
    """merge: the group that stays."""
    spelling: str = ""
    """split / not-a-place / not-a-speaker: the surface form."""
    name: str = ""
    """rename: the new display name."""
    article: str = ""
    """not-a-place / not-a-speaker: only in the article with this path ("" = everywhere)."""
    label: str = ""
    """The name of ``group`` when the correction was made (to find it if its id changed)."""
    into_label: str = ""
    """The name of ``into`` when the correction was made."""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown correction {self.action!r} (one of {', '.join(ACTIONS)})")
        needed = {
            "merge": ("group", "into"),
            "split": ("group", "spelling"),
            "rename": ("group", "name"),
            "not-a-place": ("spelling",),
            "not-a-speaker": ("spelling",),
        }[self.action]
        missing = [name for name in needed if not getattr(self, name).strip()]
        if missing:
            raise ValueError(f"a {self.action} correction needs {' and '.join(missing)}")

    def to_dict(self) -> dict[str, str]:
        """The non-empty fields, action first (what the state file and the TOML file hold)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    @classmethod
    def from_dict(cls, data: Any) -> Correction:
        """A correction from its fields; ValueError says what about ``data`` is not understood."""
        if not isinstance(data, dict):
            raise ValueError(f"not a set of fields: {shown(data)}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(shown(k) for k in data if k not in known)
        if unknown:
            raise ValueError(f"unknown field {', '.join(unknown)}")
        for name, value in data.items():
            if not isinstance(value, str):
                raise ValueError(f"{shown(name)} is {shown(value)}, not text")
        if "action" not in data:
            raise ValueError("no action")
        return cls(**data)

    def describe(self) -> str:
        """One line for people: what this correction does."""
        group = self.label or self.group
        if self.action == "merge":
            return f"merge {group} into {self.into_label or self.into}"
        if self.action == "split":
            return f"split “{self.spelling}” out of {group}"
        if self.action == "rename":
            return f"rename {group} to “{self.name}”"
        where = f" in {self.article.replace(chr(92), '/').rsplit('/', 1)[-1]}" if self.article else ""
        return f"“{self.spelling}” is {self.action.replace('-', ' ')}{where}"


Move = tuple[int, str, str]  # (order of the correction, folded spelling or "" for all, group moved to)


@dataclass(frozen=True, slots=True)
class Overrides:
    """Corrections as overrides of the raw grouping, with the group ids of one corpus (resolved).

    Pure lookups: :meth:`effective` gives the group a raw mention is shown in (None: it is not a
    highlight), :meth:`name` the display name a group was given. A mention moves as the corrections
    did, in the order they were made: a merge moves every mention of a group, a split those of one
    spelling; a later correction acts only on where the earlier ones left the mention.
    """

    rules: tuple[Correction, ...] = ()
    moves: Mapping[str, tuple[Move, ...]] = field(init=False, repr=False, compare=False)
    """Group → the moves out of it, in order (merges: spelling "", splits: the folded spelling)."""
    rejected: frozenset[tuple[str, str, str]] = field(init=False, repr=False, compare=False)
    """(kind, folded spelling, article path or "" for everywhere) of the mentions that are no highlights."""
    renames: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        moves: dict[str, list[Move]] = {}
        rejected: set[tuple[str, str, str]] = set()
        renames: dict[str, str] = {}
        for order, rule in enumerate(self.rules):
            if rule.action == "merge":
                moves.setdefault(rule.group, []).append((order, "", rule.into))
            elif rule.action == "split":
                target = split_id(rule.group, rule.spelling)
                moves.setdefault(rule.group, []).append((order, rule.spelling.casefold(), target))
            elif rule.action == "rename":
                renames[rule.group] = rule.name
            else:
                rejected.add((REJECT_KIND[rule.action], rule.spelling.casefold(), rule.article))
        object.__setattr__(self, "moves", {g: tuple(m) for g, m in moves.items()})
        object.__setattr__(self, "rejected", frozenset(rejected))
        object.__setattr__(self, "renames", renames)

    def plus(self, rules: Iterable[Correction]) -> Overrides:
        """These overrides followed by ``rules`` (already resolved to this corpus's ids)."""
        return Overrides((*self.rules, *rules))

    def is_rejected(self, kind: str, text: str, path: str = "") -> bool:
        folded = text.casefold()
        return (kind, folded, "") in self.rejected or (bool(path) and (kind, folded, path) in self.rejected)

    def effective(self, group: str | None, kind: str, text: str, path: str = "") -> str | None:
        """The group a raw mention (of raw ``group``, spelled ``text``, in the article at ``path``) is
        shown in; None when it is no highlight at all."""
        if group is None or (self.rejected and self.is_rejected(kind, text, path)):
            return None
        folded, after = text.casefold(), -1
        while True:
            found = next(
                (
                    (order, target)
                    for order, spelling, target in self.moves.get(group, ())
                    if order > after and spelling in ("", folded)
                ),
                None,
            )
            if found is None:
                return group
            after, group = found

    def name(self, group: str) -> str | None:
        """The display name ``group`` was given by a rename (None: none)."""
        return self.renames.get(group)

    def __bool__(self) -> bool:
        return bool(self.rules)
