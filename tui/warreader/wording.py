"""How messages put numbers into words: one helper for "1 article", "2 articles"."""

from __future__ import annotations


def counted(count: int, noun: str, nouns: str = "", *, thousands: bool = False) -> str:
    """``count`` and ``noun``, or its plural ``nouns`` (default: ``noun`` + "s") when ``count`` is not 1.

    ``thousands`` writes the number with separators: "636,216 mentions" instead of "636216 mentions".
    >>> counted(1, "article"), counted(0, "article"), counted(2, "entity", "entities")
    ('1 article', '0 articles', '2 entities')
    >>> counted(1200, "mention", thousands=True)
    '1,200 mentions'
    """
    number = f"{count:,}" if thousands else str(count)
    return f"{number} {noun if count == 1 else nouns or noun + 's'}"
