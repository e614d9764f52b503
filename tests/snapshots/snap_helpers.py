"""What the snapshot tests share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any


def settled(*keys: str) -> Callable[[Any], Awaitable[None]]:
    """Press ``keys``, then wait: the unread counts reach the titles a moment after an article is
    read (not in the key's own frame)."""

    async def run_before(pilot: Any) -> None:
        await pilot.pause(0.3)
        await pilot.press(*keys)
        await pilot.pause(0.5)

    return run_before
