"""The review list: the first items in row order, every item counted, whatever the
partitioning."""

from __future__ import annotations

import hashlib

from anonymizers.partitioned.review_list import ReviewList, ReviewShare

NOTES = (
    "Spoke with <PERSON> about the late refund",
    "Parcel left with neighbour at <LOCATION>",
    "Customer asked for <PERSON> to call back",
)


def _items(rows: int) -> list[dict]:
    """Review items of a support-ticket table as the apply pass lists them: by column, then
    row (not in row order), a few per row, no values."""
    out = []
    for column in ("summary", "notes"):
        for row in range(rows):
            for k in range(row % 3):
                entity = "PERSON" if (row + k) % 2 else "LOCATION"
                out.append({
                    "entity": entity, "table": "tickets", "column": column, "row": row,
                    "score": 0.5, "context": NOTES[(row + k) % 3],
                    "digest": "hmac-sha256:" + hashlib.sha256(f"{column}{row}{k}".encode()).hexdigest()[:16],
                })  # fmt: skip
    return out


def _listed(rows: int, per_partition: int, limit: int) -> ReviewList:
    items = _items(rows)
    shares = []
    for start in range(0, rows, per_partition):
        part = [{**i, "row": i["row"] - start} for i in items
                if start <= i["row"] < start + per_partition]  # fmt: skip
        shares.append(ReviewShare.of(part, limit).offset(start))
    return ReviewList(limit).add(shares)


def test_the_list_and_counts_do_not_depend_on_the_partitioning() -> None:
    whole = _listed(90, 90, limit=25)
    for size in (1, 7, 30, 89):
        assert _listed(90, size, limit=25) == whole
    assert len(whole.items) == 25
    assert [i["row"] for i in whole.items] == sorted(i["row"] for i in whole.items)


def test_every_item_is_counted_and_the_rest_said_by_entity() -> None:
    everything = _items(90)
    listed = _listed(90, 7, limit=25)
    assert listed.total == len(everything)
    left = listed.left_out()
    assert sum(left.values()) == len(everything) - 25
    assert set(left) == {"PERSON", "LOCATION"}


def test_a_short_list_is_listed_whole() -> None:
    listed = _listed(6, 2, limit=1_000)
    assert len(listed.items) == len(_items(6)) and listed.left_out() == {}
