"""Coordinates: a keyed move of one to three kilometres, in the number's written form."""

from __future__ import annotations

import random

import polars as pl

from anonymizers.pseudonymise.normalise import normalise, normalise_many
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = b"test-pseudonymisation-key-0042"


def test_a_coordinate_moves_one_to_three_kilometres_in_its_own_decimals() -> None:
    pz = Pseudonymizer(KEY)
    rng = random.Random(4)
    for _ in range(300):
        value = f"{rng.uniform(-89.9, 89.9):.{rng.choice([2, 4, 6])}f}"
        fake = pz.fake("GEO_COORDINATE", value)
        assert len(fake.split(".")[1]) == len(value.split(".")[1])
        assert 0.0099 <= abs(float(fake) - float(value)) <= 0.0301, (value, fake)
    assert pz.fake("GEO_COORDINATE", "52.370216") == Pseudonymizer(KEY).fake(
        "GEO_COORDINATE", "52.370216"
    )
    assert pz.fake("GEO_COORDINATE", "+52.37").startswith("+")
    # At the date line the move turns back; whole degrees move by whole degrees.
    assert -180 <= float(pz.fake("GEO_COORDINATE", "179.999")) <= 180
    assert pz.fake("GEO_COORDINATE", "7") in {"6", "8"}


def test_a_coordinate_and_its_float_spelling_are_one_value() -> None:
    # A fake "44.100730" written to a float column reads back "44.10073": the same value
    # for settling and the leak check, so no fake lands on another row's real point.
    for a, b in (("44.100730", "44.10073"), ("+52.370", "52.37"), ("44.0", "44")):
        assert normalise("GEO_COORDINATE", a) == normalise("GEO_COORDINATE", b)
    values = pl.Series(["44.100730", None, "+1.50", "N 52°"])
    assert normalise_many("GEO_COORDINATE", values).to_list() == [
        normalise("GEO_COORDINATE", v) if v is not None else None for v in values.to_list()
    ]
