"""The residual pass: a partition's residual sample scanned in slices gives the counts
and review items of one scan of the whole sample."""

from __future__ import annotations

import pickle
from pathlib import Path

import polars as pl
import pytest

from anonymizers.partitioned.residual_pass import (
    ResidualPending,
    residual_cuts,
    residual_slice,
    settled_residual,
)
from anonymizers.partitioned.text import detector_for
from anonymizers.policy import Policy
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import Context
from anonymizers.verify.columns import OutputColumn
from anonymizers.verify.residual import ResidualCell, residual_sample, residual_scan
from tests.helpers.northwind import KEY

pytestmark = pytest.mark.model  # the slices run NER

#: Support replies as they leave the transform: a replaced name here and there (the
#: regions), and names and places detection missed, which the scan should flag.
REPLIES = [
    ("Thanks Pieter, the refund for order 5521 went out this morning.", [(7, 13)]),
    ("Spoke to Marta Kowalczyk at the Leeds depot, she is sending a new charger.", []),
    ("The app still crashes whenever I open the settings page on Android.", []),
    ("Ask Lucas Moreau in Lyon about the delayed invoice, he has the paperwork.", [(4, 16)]),
    ("Your parcel is with the courier and should arrive by Friday afternoon.", []),
    ("Hi, Jonas Berger here again, the replacement blender arrived broken too.", []),
    ("ok", []),
    ("Escalated to Aoife Brennan in billing; she will call you back tomorrow.", [(13, 26)]),
    ("We have credited your account with a voucher for the inconvenience caused.", []),
]


def _column() -> OutputColumn:
    texts = pl.Series("body", [t for t, _ in REPLIES])
    return OutputColumn("tickets", "body", texts, False, [r for _, r in REPLIES])


def test_cuts_cover_the_sample_in_order_within_their_size() -> None:
    cells = [ResidualCell("t", "c", i, "x" * n, []) for i, n in enumerate([40, 30, 50, 120, 5])]
    cuts = residual_cuts(cells, chars=80)
    assert cuts == [(0, 2), (2, 3), (3, 4), (4, 5)]  # a cell longer than a slice: alone
    assert residual_cuts([], chars=80) == []
    assert residual_cuts(cells, chars=10_000) == [(0, 5)]


def test_slices_scan_the_sample_as_one_scan_does(tmp_path: Path) -> None:
    policy = Policy()
    ctx = Context(Pseudonymizer(KEY, policy.locale), policy)
    columns = [_column()]
    detector = detector_for(policy, None)
    whole, review = residual_scan(ctx, columns, detector, 0, "tickets-000000")
    assert whole.counts["cells_flagged"] >= 2  # Marta Kowalczyk, Jonas Berger at least

    population, cells = residual_sample(columns, 0, "tickets-000000")
    assert population == whole.counts["cells_in_scope"] == len(cells)
    sample = tmp_path / "tickets-000000.pickle"
    sample.write_bytes(pickle.dumps(cells))
    cuts = residual_cuts(cells, chars=150)
    assert len(cuts) >= 3
    pending = ResidualPending(sample, population, cuts)
    flags = [residual_slice(sample, lo, hi, policy, KEY) for lo, hi in cuts]
    counts, items = settled_residual(pending, flags, policy.verification)
    assert counts == whole.counts
    assert items == review and items  # same spans, same order, same keyed digests
    assert all("Kowalczyk" not in i["context"] for i in items)


def test_a_sample_of_a_few_cells_is_drawn_as_the_scan_draws_it() -> None:
    policy = Policy()
    columns = [_column()]
    population, cells = residual_sample(columns, 3, "tickets-000001")
    again = residual_sample(columns, 3, "tickets-000001")[1]
    assert population == 8 and len(cells) == 3  # "ok" is too short to re-scan
    assert cells == again
    pending = ResidualPending(Path("unused"), population, [])
    counts, items = settled_residual(pending, [], policy.verification)
    assert counts["cells_scanned"] == 0 and counts["cells_in_scope"] == 8 and items == []
