"""text_run: the order the detect and residual passes send their slices in."""

from __future__ import annotations

from anonymizers.partitioned.text_run import last_slices_last


def test_each_partitions_last_slice_is_sent_after_every_full_one() -> None:
    # Three partitions: tickets in three slices, a survey in two, chats in one.
    owner = [0, 0, 0, 1, 1, 2]
    order = last_slices_last(owner)
    assert sorted(order) == list(range(len(owner)))  # every slice, once
    assert order == [0, 1, 3, 2, 4, 5]
    # A partition's slices still go in row order.
    for part in set(owner):
        mine = [k for k in order if owner[k] == part]
        assert mine == sorted(mine)


def test_no_slices_no_order() -> None:
    assert last_slices_last([]) == []
