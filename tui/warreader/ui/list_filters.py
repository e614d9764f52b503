"""What the article list may be narrowed to besides the followed entity and bookmarks: a source,
a language, a date range, unread articles only; and the unread counts shown with it.

:class:`ListFilter` is a plain record (kept in config.toml's ``[view]`` between sessions);
:func:`keeps` turns it into the row test :func:`warreader.ui.article_order.article_order` applies.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

from warreader.ui.article_order import Meta

SETTINGS = ("source", "language", "since", "until", "unread_only")
"""The config.toml ``[view]`` keys a filter is kept under."""


def parse_day(text: str) -> str | None:
    """``text`` as an ISO day, month or year ("2024-03-05", "2024-03", "2024"), "" for none, or
    None when it is not a date."""
    text = text.strip()
    if not text:
        return ""
    for form, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            dt.datetime.strptime(text, form)
        except ValueError:
            continue
        return text if len(text) == size else None
    return None


@dataclass(frozen=True, slots=True)
class ListFilter:
    """Articles of one source / one language / dated within ``since``..``until`` / not yet read."""

    source: str = ""
    language: str = ""
    since: str = ""
    """ISO day, month or year (inclusive); "" : any."""
    until: str = ""
    unread_only: bool = False

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def describe(self) -> list[str]:
        """Words for the list's title: "source Kyiv Post", "uk", "2024-03 … 2024-04", "unread"."""
        notes = []
        if self.source:
            notes.append("source " + self.source)
        if self.language:
            notes.append(self.language)
        if self.since or self.until:
            notes.append(f"{self.since or '…'} – {self.until or '…'}")
        if self.unread_only:
            notes.append("unread")
        return notes

    def settings(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in SETTINGS}

    @classmethod
    def from_settings(cls, view: Mapping[str, object], problems: list[str]) -> ListFilter:
        """The filter kept in config.toml's ``[view]``; what cannot be used is said in ``problems``."""
        texts: dict[str, str] = {}
        for name in ("source", "language"):
            value = view.get(name, "")
            if isinstance(value, str):
                texts[name] = value
            else:
                problems.append(f"[view] {name} should be text")
        for name in ("since", "until"):
            value = view.get(name, "")
            day = parse_day(value) if isinstance(value, str) else None
            if day is None:
                problems.append(f"[view] {name} should be a date like 2024-03-05, 2024-03 or 2024")
            else:
                texts[name] = day
        unread = view.get("unread_only", False)
        if not isinstance(unread, bool):
            problems.append("[view] unread_only should be true or false")
        return cls(
            source=texts.get("source", ""),
            language=texts.get("language", ""),
            since=texts.get("since", ""),
            until=texts.get("until", ""),
            unread_only=unread is True,
        )


def keeps(chosen: ListFilter, read: set[int]) -> Callable[[Meta], bool] | None:
    """The test a row (index, date, title, language, source, path) must pass; None: every row."""
    if not chosen.active:
        return None
    until = chosen.until
    if len(until) == 7:  # a month: its last day is in
        until += "-31"
    elif len(until) == 4:
        until += "-12-31"

    def keep(row: Meta) -> bool:
        index, date, _title, language, source, _path = row
        if chosen.unread_only and index in read:
            return False
        if chosen.source and source != chosen.source:
            return False
        if chosen.language and language != chosen.language:
            return False
        if chosen.since and (not date or date < chosen.since):
            return False
        return not (until and (not date or date[: len(until)] > until))

    return keep


def counts_by(rows: Iterable[Meta], column: int, read: set[int]) -> list[tuple[str, int, int]]:
    """(value, articles, unread) for each value of ``column`` (4: source, 3: language), most first."""
    total: Counter[str] = Counter()
    unread: Counter[str] = Counter()
    for row in rows:
        value = str(row[column])
        total[value] += 1
        if row[0] not in read:
            unread[value] += 1
    return [(value, count, unread[value]) for value, count in total.most_common()]


def killer(rules: Sequence[Mapping[str, str]]) -> Callable[[Meta], bool] | None:
    """The killfile's test: True for a row (index, date, title, language, source, path) that a rule
    hides (a rule hides what matches all it names: source, language, title pattern); None: no rules."""
    if not rules:
        return None
    compiled = [
        (
            rule.get("source", ""),
            rule.get("language", ""),
            re.compile(rule["title"], re.IGNORECASE) if "title" in rule else None,
        )
        for rule in rules
    ]

    def killed(row: Meta) -> bool:
        _index, _date, title, language, source, _path = row
        return any(
            (not s or s == source)
            and (not lang or lang == language)
            and (pattern is None or pattern.search(title))
            for s, lang, pattern in compiled
        )

    return killed
