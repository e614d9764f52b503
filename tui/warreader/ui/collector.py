"""Keep Python's cyclic garbage collector out of start-up and key presses.

A loaded corpus and the app's widgets are tens of thousands of long-lived objects. Each full
(generation 2) collection walks all of them, which takes 30-60 ms at 10,000 articles: a
collection that falls in a key press doubles its latency, and one falls in start-up. So the
collector is paused while the app starts, and once the first frame is shown everything alive
is frozen (``gc.freeze``): later collections only walk objects made after it. A newer library
(the index was brought up to date) thaws the old one first, so its cycles can be reclaimed.
"""

from __future__ import annotations

import gc


def pause() -> None:
    """Start-up: no collections until :func:`settle` (memory still freed by reference counts)."""
    gc.disable()


def resume() -> None:
    """Collect again without freezing anything (an app that ends before its first frame)."""
    gc.enable()


def settle(*, reclaim: bool = False) -> None:
    """Freeze what is alive now and collect again; ``reclaim``: first collect what was frozen."""
    if reclaim:
        gc.unfreeze()
        gc.collect()
    gc.freeze()
    gc.enable()
