"""The run's list of spans for human review, in memory bounded by the list, not the export.

Every span detection scores in the review band is an item for review, and a large export
with free text has millions of them: a list of them all would grow the flow process with
the export (about a third of a KB an item) and make a report no reviewer reads. What a
reviewer needs is a page to decide and the size of the rest: the report lists the first
``REVIEW_LIMIT`` items in table and row order, with every item counted by entity.
Decisions are by digest, and a decided digest is no longer for review, so the next run
lists the next items.

Rows are a table's (partitions are row ranges taken in order), so the list and the counts
are the same for any partitioning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Items the report lists (the rest are counted by entity).
REVIEW_LIMIT = 1_000


def in_row_order(items: list[dict]) -> list[dict]:
    """Items of one partition by row, then column and place in the cell: the order in which
    a list cut at any partition boundary is the same as the whole table's."""
    return sorted(items, key=lambda i: (i["row"], i["column"], i.get("context", "")))


@dataclass
class ReviewShare:
    """One partition's share: its first ``REVIEW_LIMIT`` items in row order (no
    partition's share can be listed beyond those) and all of its items counted."""

    items: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, items: list[dict], limit: int | None = None) -> ReviewShare:
        cut = REVIEW_LIMIT if limit is None else limit
        return cls(in_row_order(items)[:cut], dict(Counter(i["entity"] for i in items)))

    def offset(self, rows: int) -> ReviewShare:
        """The same, rows counted from the table's start (``rows`` before this partition)."""
        return ReviewShare([{**i, "row": i["row"] + rows} for i in self.items], self.counts)


@dataclass
class ReviewList:
    """The run's list: the first items of the shares in the order they are added (tables,
    then partitions in row order), and every item counted by entity."""

    limit: int = field(default_factory=lambda: REVIEW_LIMIT)
    items: list[dict] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, shares: Iterable[ReviewShare]) -> ReviewList:
        for share in shares:
            self.counts.update(share.counts)
            if (room := self.limit - len(self.items)) > 0:
                self.items += share.items[:room]
        return self

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def left_out(self) -> dict[str, int]:
        """Items counted but not listed, by entity."""
        listed = Counter(i["entity"] for i in self.items)
        return {e: n - listed[e] for e, n in sorted(self.counts.items()) if n > listed[e]}
