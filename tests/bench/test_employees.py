"""The employee-shaped structured export: its columns, unique names, valid references and
identifiers, locale-consistent places, and determinism."""

from __future__ import annotations

import polars as pl
import pytest

from anonymizers.detect.patterns import ssn_ok
from bench import employees


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return employees.employees_frame(4000)


def test_columns_and_sensitive_subset(frame: pl.DataFrame) -> None:
    assert frame.columns == list(employees.EMPLOYEE_COLUMNS)
    assert len(frame.columns) == 15
    assert len(employees.EMPLOYEE_SENSITIVE) == 9
    assert set(employees.EMPLOYEE_SENSITIVE) <= set(frame.columns)
    assert frame.height == 4000


def test_names_and_work_mails_are_unique_and_from_several_locales(frame: pl.DataFrame) -> None:
    assert frame["full_name"].n_unique() == frame.height
    assert frame["work_email"].n_unique() == frame.height
    assert frame["employee_id"].n_unique() == frame.height
    assert frame["country"].n_unique() == len(employees.COUNTRIES)
    # Accented names of the non-English lists are kept as written; mails are folded.
    assert frame["full_name"].str.contains(r"[^\x00-\x7f]").any()
    assert not frame["personal_email"].str.contains(r"[^\x00-\x7f]").any()


def test_manager_refers_to_an_earlier_employee(frame: pl.DataFrame) -> None:
    managers = frame["manager_id"]
    assert managers.null_count() == 1 and managers[0] is None
    ids = frame["employee_id"]
    assert set(managers.drop_nulls().to_list()) <= set(ids.to_list())
    assert (managers.drop_nulls() < ids.slice(1)).all()


def test_identifiers_and_places_look_like_their_country(frame: pl.DataFrame) -> None:
    assert all(ssn_ok(s) for s in frame["ssn"].to_list())
    german = frame.filter(pl.col("country") == "Germany")
    # German streets put the house number last, American ones first.
    assert german["home_address"].str.contains(r" \d+$").all()
    assert german["postcode"].str.contains(r"^\d{5}$").all()
    us = frame.filter(pl.col("country") == "United States")
    assert us["home_address"].str.contains(r"^\d+ ").all()
    assert frame["home_address"].n_unique() > 0.95 * frame.height


def test_deterministic_and_seed_sensitive() -> None:
    assert employees.employees_frame(600).equals(employees.employees_frame(600))
    assert not employees.employees_frame(600, seed=11).equals(employees.employees_frame(600))
