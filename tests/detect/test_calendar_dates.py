"""Dates as people write them: read, and written back in the same spelling."""

from __future__ import annotations

from datetime import date

import pytest

from anonymizers.detect.calendar_dates import full_dates, read_date, write_date

READ = [
    ("04-09-1972", date(1972, 9, 4)),
    ("4/9/72", date(1972, 9, 4)),
    ("1972-09-04", date(1972, 9, 4)),
    ("04.09.1972", date(1972, 9, 4)),
    ("12/31/1980", date(1980, 12, 31)),
    ("2nd of June 1990", date(1990, 6, 2)),
    ("June 2, 1990", date(1990, 6, 2)),
    ("Sept. 3rd, 1975", date(1975, 9, 3)),
    ("2 juin 1990", date(1990, 6, 2)),
    ("1er août 1969", date(1969, 8, 1)),
    ("12. März 1980", date(1980, 3, 12)),
    ("3 de marzo de 1985", date(1985, 3, 3)),
    ("3 marzo 1985", date(1985, 3, 3)),
    ("3 de março de 1985", date(1985, 3, 3)),
    ("12 maart 1980", date(1980, 3, 12)),
    ("12 mars 1980", date(1980, 3, 12)),
    ("7 augusti 1979", date(1979, 8, 7)),
]


@pytest.mark.parametrize(("text", "day"), READ)
def test_reads_numeric_and_written_dates(text: str, day: date) -> None:
    form = read_date(text)
    assert form is not None and form.day == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04-09-1972", "23-11-1981"),
        ("4/9/72", "23/11/81"),
        ("1972-09-04", "1981-11-23"),
        ("2nd of June 1990", "23rd of November 1981"),
        ("Sept. 3rd, 1975", "Nov. 23rd, 1981"),
        ("12. März 1980", "23. November 1981"),
        ("3 de março de 1985", "23 de novembro de 1981"),
        ("1er juin 1990", "23 novembre 1981"),
        ("12 MAART 1980", "23 NOVEMBER 1981"),
        ("the 2nd of June 1990", "the 23rd of November 1981"),
    ],
)
def test_writes_another_day_in_the_same_spelling(text: str, expected: str) -> None:
    form = read_date(text)
    assert form is not None
    assert write_date(form, date(1981, 11, 23)) == expected


@pytest.mark.parametrize("text", ["31 February 1990", "1972-13-04", "version 10.2.3", "52"])
def test_no_date_is_read_where_there_is_none(text: str) -> None:
    assert read_date(text) is None


def test_full_dates_need_a_year() -> None:
    text = "Shipped 12 March 2024 to 12 May Street, paid 12.05.2024"
    assert [text[s:e] for s, e in full_dates(text)] == ["12 March 2024", "12.05.2024"]


def test_full_dates_are_real_days() -> None:
    assert full_dates("serial 39.19.88 and 31.02.2024") == []


def test_a_value_of_eight_digits_year_first_is_a_date_and_one_inside_a_text_is_not() -> None:
    # HL7's birth dates ("PID|...|19950208|F"): faked as eight other digits, the fake was
    # no date; written back now in the same spelling.
    form = read_date("19950208")
    assert form is not None and form.day == date(1995, 2, 8)
    assert write_date(form, date(1981, 11, 3)) == "19811103"
    assert read_date("19951308") is None  # no 13th month
    assert read_date("invoice 20240315 paid") is None
