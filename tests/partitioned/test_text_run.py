"""text_run: the slices the detect and residual passes send, and their order."""

from __future__ import annotations

import itertools

from anonymizers.partitioned.text import SLICE_CHARS
from anonymizers.partitioned.text_run import detect_slices, last_slices_last, longest_first


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


def test_pieces_join_into_slices_and_the_passs_end_stays_in_pieces() -> None:
    piece = SLICE_CHARS // 4
    # Two partitions of twelve pieces each: 6 slices' worth of text in all.
    pieces = [[(k * 100, (k + 1) * 100, piece) for k in range(12)] for _ in range(2)]
    slices = detect_slices(pieces)
    sizes = [n for part in slices for _, _, n in part]
    assert sum(sizes) == 24 * piece  # every piece, once
    # The first four slices' worth joined whole, the last two slices' worth in pieces.
    assert sizes.count(SLICE_CHARS) == 4
    assert sizes.count(piece) == 8 and sizes[-8:] == [piece] * 8
    for part, given in zip(slices, pieces, strict=True):
        # Row order, no gap, no overlap.
        assert part[0][0] == given[0][0] and part[-1][1] == given[-1][1]
        assert all(a[1] == b[0] for a, b in itertools.pairwise(part))
    # Sent longest first: the pieces end the pass.
    order = longest_first(sizes)
    assert [sizes[k] for k in order] == sorted(sizes, reverse=True)


def test_a_slice_is_bounded_by_its_cost_not_its_rows() -> None:
    """Pieces of 6,000 rows each (a user agent repeated: a character's worth a cell) join
    into slices of 24,000 rows: before, a slice held at most ``nlp.chunk_size`` rows,
    and a million rows of three user agents went out as a thousand tasks."""
    quarter = SLICE_CHARS // 4
    pieces = [[(k * 6_000, (k + 1) * 6_000, quarter) for k in range(24)]]
    slices = detect_slices(pieces)
    assert slices[0][:4] == [(k * 24_000, (k + 1) * 24_000, SLICE_CHARS) for k in range(4)]
    assert all(n <= SLICE_CHARS for part in slices for _, _, n in part)
