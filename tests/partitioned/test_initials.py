"""The bundle's initials from the partitions' shares: what ``teach_initials`` teaches from
all the names at once, whatever the partitioning."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import polars as pl

from anonymizers.partitioned.initials import initials_share, teach_bundle_initials
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.consistency import teach_initials

KEY = bytes(range(32))

FULL_NAMES = [
    "Tomás Ó Súilleabháin",
    "T. Ó Súilleabháin",
    "Aoife Ní Bhriain",
    "Dr. Maria Garcia",
    "Miguel Garcia",
    "M. Garcia",  # Maria and Miguel: ambiguous, paired with no first name
    "Ingrid K. Halvorsen",
    "Ingrid Halvorsen",
    "Kjell Berg",
    "Smith, John",  # "Last, First": teaches nothing
    "Jürgen Weiß Jr.",
    "J. Weiß",
]
ROW_NAMES = ["Siobhán Kavanagh", "Seán Kavanagh", "Chidi Okafor"]


def _shares(tmp_path: Path, cuts: list[int]) -> list[Path]:
    bounds = [0, *cuts, len(FULL_NAMES)]
    return [
        initials_share(
            pl.Series(FULL_NAMES[lo:hi], dtype=pl.String),
            pl.Series(ROW_NAMES if i == 0 else [], dtype=pl.String),
            tmp_path / f"share-{len(cuts)}-{i}.parquet",
        )
        for i, (lo, hi) in enumerate(pairwise(bounds))
    ]


def test_the_shares_teach_what_all_the_names_teach_at_once(tmp_path: Path) -> None:
    whole = Pseudonymizer(KEY)
    teach_initials(whole, set(FULL_NAMES), pl.Series(ROW_NAMES))
    assert whole.initials()  # the example teaches something
    for cuts in ([], [3], [1, 5, 9], list(range(1, len(FULL_NAMES)))):
        pz = Pseudonymizer(KEY)
        teach_bundle_initials(pz, _shares(tmp_path, cuts))
        assert pz.initials() == whole.initials(), cuts


def test_an_ambiguous_initial_pairs_no_first_name(tmp_path: Path) -> None:
    pz = Pseudonymizer(KEY)
    teach_bundle_initials(pz, _shares(tmp_path, [4]))
    taught = pz.initials()
    assert taught[("suilleabhain", "t")] == "tomas"
    assert taught[("halvorsen", "i")] == "ingrid"
    assert taught[("garcia", "m")] == ""  # Maria and Miguel


def test_a_bundle_without_an_initial_teaches_nothing(tmp_path: Path) -> None:
    share = initials_share(
        pl.Series(["Aoife Ní Bhriain", "Kjell Berg", "Siobhán Kavanagh"]),
        pl.Series([], dtype=pl.String),
        tmp_path / "share.parquet",
    )
    pz = Pseudonymizer(KEY)
    teach_bundle_initials(pz, [share])
    assert pz.initials() == {}


def test_an_initials_question_recorded_without_initials_is_answered_at_preregister() -> None:
    """A worker records a partition's part requests knowing no initials; the first name
    an initial stands for is registered as if the requests had been made knowing them."""
    names = ["T. Ó Súilleabháin", "Tomás Ó Súilleabháin", "Aoife Ní Bhriain"]
    worker = Pseudonymizer(KEY)
    asked = worker.part_requests("PERSON", names)
    knowing = Pseudonymizer(KEY)
    knowing.learn_full_names(names)
    expected = knowing.part_requests("PERSON", names)
    flow = Pseudonymizer(KEY)
    flow.learn_full_names(names)
    flow.preregister(asked)
    knowing.preregister(expected)
    assert flow.registry() == knowing.registry()
    first = flow.fake("FIRST_NAME", "Tomás")
    assert flow.fake("PERSON", "T. Ó Súilleabháin").startswith(f"{first[0]}. ")
