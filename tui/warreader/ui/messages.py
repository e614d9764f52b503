"""Messages the reader posts to the app when the user does something that matters.

They are notifications of what happened (posted after the app acted), so tests and
future panels can follow the reading session without poking at widgets.
"""

from __future__ import annotations

from textual.message import Message

from warreader.model import MentionRef


class ArticleOpened(Message):
    """An article is now shown in the reading pane."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class EntitySelected(Message):
    """The entity that ``n``/``N`` follow changed (``None``: no entity)."""

    def __init__(self, group_id: str | None) -> None:
        super().__init__()
        self.group_id = group_id


class MentionJumped(Message):
    """The reading pane moved to mention ``number`` of ``total`` of ``group_id``."""

    def __init__(self, group_id: str, ref: MentionRef, number: int, total: int) -> None:
        super().__init__()
        self.group_id = group_id
        self.ref = ref
        self.number = number
        self.total = total


class SearchMatched(Message):
    """The reading pane moved to a search match: ``body[start:end]`` of article ``index``."""

    def __init__(self, query: str, index: int, start: int, end: int) -> None:
        super().__init__()
        self.query = query
        self.index = index
        self.start = start
        self.end = end
