"""The numbered structured export: a key counted from 1 that fills every shorter length,
a referrer that is another row's key, postcodes and towns that spend their spaces."""

from __future__ import annotations

import polars as pl
import pytest

from bench import numbered


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return numbered.numbered_frame(20_000)


def test_the_key_counts_from_one_and_referrers_are_earlier_rows(frame: pl.DataFrame) -> None:
    assert set(numbered.NUMBERED_SENSITIVE) <= set(frame.columns) and frame.height == 20_000
    assert frame["id"].to_list() == list(range(1, 20_001))
    referred = frame.filter(pl.col("referred_by").is_not_null())
    assert 0.15 < referred.height / frame.height < 0.25
    assert (referred["referred_by"] <= referred["id"]).all()


def test_postcodes_and_towns_fill_their_spaces(frame: pl.DataFrame) -> None:
    """Five-digit postcodes over the whole range, and Faker's 392 German towns: at a
    million rows every code and every town of the list is someone's."""
    assert frame["postcode"].str.contains(r"^\d{5}$").all()
    assert frame["postcode"].n_unique() > 0.15 * frame.height
    assert frame["town"].n_unique() == 392
    assert frame["full_name"].n_unique() > 0.5 * frame.height  # people share names
    assert frame["email"].str.contains("@").all()


def test_deterministic_and_seed_sensitive() -> None:
    assert numbered.numbered_frame(500).equals(numbered.numbered_frame(500))
    assert not numbered.numbered_frame(500, seed=11).equals(numbered.numbered_frame(500))
