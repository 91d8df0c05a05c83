"""The accounts structured export: a wide typed table, ids numbered from 1 and shuffled,
a self-reference to them, counts and amounts in the ids' range."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from bench import accounts


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return accounts.accounts_frame(6_000)


def test_wide_and_typed(frame: pl.DataFrame) -> None:
    assert frame.width == 43 and frame.height == 6_000
    assert set(accounts.ACCOUNTS_SENSITIVE) <= set(frame.columns)
    assert frame.schema["account_id"] == pl.Int64
    assert frame.schema["referred_by_account"] == pl.Int64
    assert frame.schema["date_of_birth"] == pl.Date
    assert isinstance(frame.schema["signup_at"], pl.Datetime)
    assert frame.schema["is_trial"] == pl.Boolean


def test_ids_numbered_from_one_and_referred_to_from_anywhere(frame: pl.DataFrame) -> None:
    assert sorted(frame["account_id"].to_list()) == list(range(1, 6_001))
    assert frame["account_id"].head(100).to_list() != list(range(1, 101))  # shuffled
    referred = frame["referred_by_account"].drop_nulls()
    assert 0.2 * frame.height < referred.len() < 0.4 * frame.height  # a referral each third
    assert referred.is_in(frame["account_id"].implode()).all()
    # The counts lie among the ids: every number up to the table's size is one.
    assert (frame["api_calls_30d"] <= 100_000).all()


def test_five_locales_and_deterministic(frame: pl.DataFrame, tmp_path: Path) -> None:
    assert set(frame["country"]) == set(accounts.COUNTRIES)
    assert frame["contact_email"].str.contains(r"^[a-z.]+\d+@").all()
    assert accounts.accounts_frame(300).equals(accounts.accounts_frame(300))
    assert not accounts.accounts_frame(300, seed=11).equals(accounts.accounts_frame(300))
    written = accounts.write_accounts_shape(tmp_path, 200, "csv")
    assert written.files == {"accounts.parquet": 200}
    assert pl.read_parquet(tmp_path / "accounts.parquet").schema == frame.schema
