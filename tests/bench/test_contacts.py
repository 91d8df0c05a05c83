"""The contacts-shaped structured export: unique names and ids, valid cards and IBANs,
one-cell addresses of the row's country, dense birth dates, sole traders, determinism."""

from __future__ import annotations

import polars as pl
import pytest

from anonymizers.detect.patterns import iban_ok, luhn_ok
from bench import contacts


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return contacts.contacts_frame(6000)


def test_columns_unique_people_and_valid_numbers(frame: pl.DataFrame) -> None:
    assert set(contacts.CONTACT_SENSITIVE) <= set(frame.columns) and frame.height == 6000
    for column in ("customer_name", "contact_id"):
        assert frame[column].n_unique() == frame.height
    assert frame["country"].n_unique() == len(contacts.COUNTRIES)
    assert all(luhn_ok(c) for c in frame["card_number"].to_list())
    assert all(iban_ok(i) for i in frame["iban"].to_list())


def test_addresses_are_one_cell_of_several_segments_in_the_rows_country(
    frame: pl.DataFrame,
) -> None:
    assert frame["address"].str.contains(",").mean() > 0.9
    assert frame["address"].n_unique() > 0.9 * frame.height
    brazil = frame.filter(pl.col("country") == "Brazil")
    assert brazil["address"].str.contains(r"\d{5}-?\d{3}").mean() > 0.9  # a CEP
    assert brazil["phone"].str.starts_with("+55 ").all()


def test_birth_dates_span_every_adult_age_and_some_firms_are_named_after_contacts(
    frame: pl.DataFrame,
) -> None:
    born = frame["date_of_birth"]
    assert born.min().year == 1936 and born.max().year >= 2007  # type: ignore[union-attr]
    names = set(frame["customer_name"].to_list())
    owned = [f for f in frame["company"].to_list() if f.rsplit(" ", 1)[0] in names]
    assert 0.003 * frame.height < len(owned) < 0.03 * frame.height


def test_deterministic_and_seed_sensitive() -> None:
    assert contacts.contacts_frame(500).equals(contacts.contacts_frame(500))
    assert not contacts.contacts_frame(500, seed=11).equals(contacts.contacts_frame(500))
