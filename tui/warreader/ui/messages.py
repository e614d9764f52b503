"""Messages the reader posts to the app when the user does something that matters.

They are notifications of what happened (posted after the app acted), so tests and
future panels can follow the reading session without poking at widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from warreader.model import MentionRef


@dataclass
class ArticleOpened(Message):
    """An article is now shown in the reading pane."""

    index: int


@dataclass
class EntitySelected(Message):
    """The entity that ``n``/``N`` follow changed (``None``: no entity)."""

    group_id: str | None


@dataclass
class MentionJumped(Message):
    """The reading pane moved to mention ``number`` of ``total`` of ``group_id``."""

    group_id: str
    ref: MentionRef
    number: int
    total: int


@dataclass
class SearchMatched(Message):
    """The reading pane moved to a search match: ``body[start:end]`` of article ``index``."""

    query: str
    index: int
    start: int
    end: int
