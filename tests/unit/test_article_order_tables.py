"""The article list's sort orders and per-library tables (ui/article_order.sort_order, ui/list_table):
the same orders as the key functions they replace, also when worked out in a thread."""

from __future__ import annotations

import random

import pytest

from warreader.ui.article_order import Meta, sort_order
from warreader.ui.list_filters import counts_by
from warreader.ui.list_table import RowTable, ranks, warm


def reference(rows: list[Meta], sort: str) -> list[int]:
    """The orders as the list sorted them before (keys with the index as the last tie-breaker)."""
    meta = list(rows)
    if sort == "date":
        dated = sorted((m for m in meta if m[1]), key=lambda m: (m[1], -m[0]), reverse=True)
        meta = dated + [m for m in meta if not m[1]]
    elif sort == "source":
        meta.sort(key=lambda m: (m[4].casefold(), m[1], m[0]))
    elif sort == "title":
        meta.sort(key=lambda m: (m[2].casefold(), m[0]))
    return [m[0] for m in meta]


def random_rows(seed: int, size: int) -> list[Meta]:
    """Rows with many equal dates, titles and sources, some undated, sources differing only in case."""
    rng = random.Random(seed)
    sources = ["dpa", "DPA", "Kyiv Post", "kyiv post", "Укрінформ", "УКРІНФОРМ", "", "ßtrasse", "SSTRASSE"]
    titles = ["Kharkiv", "kharkiv", "Харків", "ХАРКІВ", "", "Odesa port", "odesa Port", "Straße", "STRASSE"]
    rows: list[Meta] = []
    for i in range(size):
        date = "" if rng.random() < 0.15 else f"2024-0{rng.randint(1, 3)}-1{rng.randint(0, 2)}"
        rows.append(
            (i, date, rng.choice(titles), rng.choice(["uk", "en", ""]), rng.choice(sources), f"a/{i}")
        )
    return rows


@pytest.mark.parametrize("sort", ["corpus", "date", "source", "title"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sort_order_is_the_order_of_the_old_sort_keys(sort: str, seed: int) -> None:
    rows = random_rows(seed, 600)
    assert sort_order(rows, sort) == reference(rows, sort)


def test_ranks_invert_an_order() -> None:
    order = sort_order(random_rows(4, 50), "title")
    rank = ranks(order, 50)
    assert [order[rank[i]] for i in range(50)] == list(range(50))


def test_warm_in_a_thread_gives_what_the_table_works_out_itself() -> None:
    from concurrent.futures import ThreadPoolExecutor

    rows = tuple(random_rows(5, 800))
    with ThreadPoolExecutor(1) as pool:
        found = pool.submit(warm, rows).result()
    fresh, warmed = RowTable(rows), RowTable(rows)
    warmed.install(found)
    assert warmed.warm and not fresh.warm
    read = {3, 5, 8, 13, 21, 34}
    for sort in ("date", "source", "title"):
        assert warmed.orders[sort] == fresh.order(sort) == reference(list(rows), sort)
        assert warmed.ranks[sort] == fresh.rank(sort)
    for column in (3, 4):
        assert (
            warmed.counts_by(column, read) == fresh.counts_by(column, read) == counts_by(rows, column, read)
        )
        for value, count, _unread in counts_by(rows, column, read):
            assert fresh.with_value(column, value) == [m[0] for m in rows if m[column] == value]
            assert len(fresh.with_value(column, value)) == count
    # what a key press worked out before the thread was done stays (the same list)
    early = RowTable(rows)
    title = early.order("title")
    early.install(found)
    assert early.order("title") is title
