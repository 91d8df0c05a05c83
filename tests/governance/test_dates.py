"""Per-subject date shifting: intervals, weekdays, keying and formats survive."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from anonymizers.errors import InputError
from anonymizers.governance.dates import birth_year, shift_column, subject_offsets

KEY = bytes.fromhex("6f1c2a9e44d0b7318e5a0c9d2b7f4e61a3d58c0e9b1f27d46a0e3c5b8d9f1a27")
OTHER_KEY = bytes.fromhex("0d9e7c51b2a4f8603e1d5c7b9a2f4e8d6c0b3a5f7e9d1c2b4a6f8e0d2c4b6a8f")


@pytest.fixture(scope="module")
def employees() -> pl.DataFrame:
    return pl.read_csv("samples/employees.csv", infer_schema=False)


def test_same_subject_keeps_intervals_across_formats() -> None:
    ids = pl.Series("employee_id", ["1001", "1002", "1001", "1002", "1001"])
    hired = pl.Series(
        "event_at",
        [
            "2009-03-02",
            "2011-04-10T08:15:00Z",
            "2015-07-19",
            "2019-11-30 17:05:44",
            "2020-02-29T23:59:59.250+01:00",
        ],
    )
    shifted = shift_column(hired, subject_offsets(KEY, ids, 180, keep_weekday=False))
    assert shifted.name == "event_at"
    before = [date.fromisoformat(v[:10]) for v in hired]
    after = [date.fromisoformat(v[:10]) for v in shifted]
    # same subject: rows 0, 2, 4 (1001) and 1, 3 (1002) keep their gaps
    assert (after[2] - after[0]) == (before[2] - before[0])
    assert (after[4] - after[2]) == (before[4] - before[2])
    assert (after[3] - after[1]) == (before[3] - before[1])
    assert all(a != b for a, b in zip(after, before, strict=True))
    # exact formats: the time, fraction and zone text stay as written
    for old, new in zip(hired, shifted, strict=True):
        assert len(new) == len(old)
        assert new[10:] == old[10:]


def test_offsets_in_range_nonzero_and_mostly_distinct(employees: pl.DataFrame) -> None:
    ids = employees["employee_id"]
    offs = subject_offsets(KEY, ids, 90, keep_weekday=False)
    assert offs.dtype == pl.Int32 and len(offs) == len(ids)
    assert offs.abs().max() <= 90 and (offs != 0).all()
    # 60 subjects over 180 possible offsets: most differ
    assert offs.n_unique() > 40
    # the integer and the text form of an id share an offset (ids cross tables as both)
    as_int = subject_offsets(KEY, ids.cast(pl.Int64), 90, keep_weekday=False)
    assert as_int.equals(offs)


def test_another_key_gives_other_offsets(employees: pl.DataFrame) -> None:
    ids = employees["employee_id"]
    a = subject_offsets(KEY, ids, 365, keep_weekday=False)
    b = subject_offsets(OTHER_KEY, ids, 365, keep_weekday=False)
    assert (a != b).sum() > len(ids) * 0.9


def test_keep_weekday_and_date_dtypes(employees: pl.DataFrame) -> None:
    hire = employees["hire_date"].str.strptime(pl.Date, "%Y-%m-%d")
    offs = subject_offsets(KEY, employees["employee_id"], 120, keep_weekday=True)
    assert ((offs % 7) == 0).all() and (offs != 0).all()
    shifted = shift_column(hire, offs)
    assert shifted.dtype == pl.Date
    assert shifted.dt.weekday().equals(hire.dt.weekday())
    assert (shifted != hire).all()
    stamps = pl.Series(
        "created_at",
        [datetime(2025, 1, 6, 19, 44, 17), datetime(2025, 1, 8, 15, 59, 18)],
        dtype=pl.Datetime("us", "UTC"),
    )
    ids = pl.Series(["C-00241", "C-00241"])
    moved = shift_column(stamps, subject_offsets(KEY, ids, 120, keep_weekday=True))
    assert moved.dtype == pl.Datetime("us", "UTC")
    assert (moved[1] - moved[0]) == (stamps[1] - stamps[0])
    assert moved.dt.weekday().equals(stamps.dt.weekday())


def test_nulls_kept_and_null_subject_still_shifted() -> None:
    ids = pl.Series(["C-00011", None, "C-00013"])
    dates = pl.Series("signup_date", ["2021-10-02", "2022-05-17", None])
    out = shift_column(dates, subject_offsets(KEY, ids, 60, keep_weekday=False))
    assert out[2] is None
    assert out[1] is not None and out[1] != "2022-05-17"


def test_unparseable_dates_fail_without_values() -> None:
    ids = pl.Series(["1001", "1002", "1003"])
    dates = pl.Series("hire_date", ["2009-03-02", "March 3rd 2009", "2019-02-30"])
    with pytest.raises(InputError) as err:
        shift_column(dates, subject_offsets(KEY, ids, 60, keep_weekday=False))
    msg = str(err.value)
    assert "hire_date" in msg and "2 value" in msg
    assert "March" not in msg and "2019-02-30" not in msg


def test_keep_weekday_needs_a_week() -> None:
    with pytest.raises(Exception, match="max_days"):
        subject_offsets(KEY, pl.Series(["1001"]), 5, keep_weekday=True)


def test_birth_year(employees: pl.DataFrame) -> None:
    dob = employees["date_of_birth"]
    years = birth_year(dob)
    assert years.dtype == pl.String
    assert years.to_list() == [v[:4] for v in dob]
    as_date = birth_year(dob.str.strptime(pl.Date, "%Y-%m-%d"))
    assert as_date.dtype == pl.Int32
    assert as_date.cast(pl.String).to_list() == years.to_list()
    us = birth_year(pl.Series("dob", ["06/22/1984", "22.06.1979", None]))
    assert us.to_list() == ["1984", "1979", None]
    with pytest.raises(InputError, match="dob"):
        birth_year(pl.Series("dob", ["unknown"]))
