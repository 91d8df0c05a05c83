"""Per-subject date shifting and birth-year generalisation.

A date tied to a person (hire date, birth date, ticket times) identifies them when joined
with outside knowledge ("started on 2009-03-02"). Shifting every date of one subject by
the same secret offset breaks that join while keeping what tests need: intervals (tenure,
time to resolve a ticket), ordering within a subject, and, optionally, the weekday.

Offsets are keyed (``pseudonymise.keyed.derive`` with the pseudonymisation key), not
random: the same subject moves by the same number of days in every table and every run
with the key, so foreign-key joins and re-runs stay consistent; without the key the
offset is unknown.
"""

from __future__ import annotations

import polars as pl

from anonymizers.errors import InputError, PolicyError
from anonymizers.pseudonymise.keyed import derive

#: Stands in for a missing subject id. Rows with no subject move together, by a keyed
#: offset like any subject: their dates are never left unshifted.
_NO_SUBJECT = "\x00no-subject"
#: An ISO-8601 date, optionally followed by a time and a zone. Only the date part is
#: rewritten (offsets are whole days), so the time, fraction and zone text stay as written.
_ISO = (
    r"^(\d{4}-\d{2}-\d{2})"
    r"((?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)$"
)
_YEAR_FORMS = (
    r"^(\d{4})-\d{1,2}-\d{1,2}(?:[T ].*)?$",  # ISO 2019-04-01, 2019-04-01T09:30:00Z
    r"^\d{1,2}/\d{1,2}/(\d{4})$",  # US 04/01/2019
    r"^\d{1,2}\.\d{1,2}\.(\d{4})$",  # European 01.04.2019
)


def _offset(key: bytes, subject: str, max_days: int, keep_weekday: bool) -> int:
    """One subject's offset: a non-zero number of days (of weeks with keep_weekday) in
    [-max_days, max_days]. Zero is excluded so no subject keeps its real dates."""
    mac = derive(key, "date-shift", subject)
    step = 7 if keep_weekday else 1
    n = max_days // step  # non-zero steps available on each side
    r = int.from_bytes(mac[:8], "big") % (2 * n)
    steps = r - n if r < n else r - n + 1  # 0..n-1 → -n..-1, n..2n-1 → 1..n
    return steps * step


def subject_offsets(
    key: bytes, subject_ids: pl.Series, max_days: int, keep_weekday: bool
) -> pl.Series:
    """The day offset of each row's subject (Int32, same length and order as
    ``subject_ids``). Ids are normalised (text, trimmed, case-folded, inner whitespace
    collapsed) so employee 1001 in an integer column and "1001" in a text column share an
    offset. The HMAC runs once per distinct id; the result is mapped back in polars.
    A null id is one pseudo-subject with its own keyed offset (see ``_NO_SUBJECT``)."""
    if not key:
        raise ValueError("the date-shift key must not be empty")
    if max_days < 1:
        raise PolicyError("date_shift.max_days must be at least 1")
    if keep_weekday and max_days < 7:
        raise PolicyError("date_shift.keep_weekday needs max_days of at least 7 (whole weeks)")
    norm = (
        subject_ids.cast(pl.String)
        .str.strip_chars()
        .str.to_lowercase()
        .str.replace_all(r"\s+", " ")
        .fill_null(_NO_SUBJECT)
    )
    unique = norm.unique().to_list()
    offsets = [_offset(key, s, max_days, keep_weekday) for s in unique]
    return norm.replace_strict(unique, offsets, return_dtype=pl.Int32).rename("offset_days")


def _label(series: pl.Series) -> str:
    return f"column '{series.name}'" if series.name else "a date column"


def shift_column(series: pl.Series, offsets: pl.Series) -> pl.Series:
    """Move each date by its row's offset in days, keeping the dtype and, for text, the
    exact format ("2019-04-01", "2019-04-01T09:30:00Z", "2025-01-06 19:44:17"). Nulls
    and empty strings stay as they are. Datetimes move by whole 24-hour days, so elapsed
    time between two events of one subject is exact.

    Fails closed: a text value that is not an ISO-8601 date, or a date without an offset,
    raises an error naming the column and the count (never the values) rather than pass
    a real date through."""
    if len(series) != len(offsets):
        raise ValueError(f"{_label(series)}: {len(series)} dates but {len(offsets)} offsets")
    name = series.name
    df = pl.DataFrame({"v": series, "o": offsets.cast(pl.Int32)})
    missing = df.filter(pl.col("v").is_not_null() & pl.col("o").is_null()).height
    if missing:
        raise ValueError(f"{_label(series)}: {missing} date(s) have no subject offset")
    dtype = series.dtype
    if dtype == pl.Date or isinstance(dtype, pl.Datetime):
        out = df.select(pl.col("v") + pl.duration(days=pl.col("o"))).to_series()
        return out.rename(name)
    if dtype != pl.String:
        raise InputError(f"{_label(series)}: cannot shift dates of type {dtype}")
    v = pl.col("v")
    day = v.str.extract(_ISO, 1).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    rest = v.str.extract(_ISO, 2)
    blank = v.str.strip_chars() == ""
    parsed = df.select(
        v,
        blank.alias("blank"),
        (day + pl.duration(days=pl.col("o"))).dt.strftime("%Y-%m-%d").alias("day"),
        rest.alias("rest"),
    )
    bad = parsed.filter(pl.col("v").is_not_null() & ~pl.col("blank") & pl.col("day").is_null())
    if bad.height:
        raise InputError(
            f"{_label(series)}: {bad.height} value(s) are not ISO-8601 dates "
            "(YYYY-MM-DD, optionally with a time); cannot shift them"
        )
    out = parsed.select(
        pl.when(pl.col("blank"))
        .then(pl.col("v"))
        .otherwise(pl.col("day") + pl.col("rest"))
        .alias("v")
    ).to_series()
    return out.rename(name)


def birth_year(series: pl.Series) -> pl.Series:
    """Keep only the year of a date: for birth dates the year alone is usually what a test
    needs (age), and a full birth date is one of the strongest quasi-identifiers.
    Date/Datetime → Int32 year (a 1 January date would look like a real birth date);
    text ("1984-06-22", "06/22/1984", "22.06.1984") → text year ("1984")."""
    name = series.name
    dtype = series.dtype
    if dtype == pl.Date or isinstance(dtype, pl.Datetime):
        return series.dt.year().rename(name)
    if dtype != pl.String:
        raise InputError(f"{_label(series)}: cannot take the year of type {dtype}")
    df = pl.DataFrame({"v": series})
    v = pl.col("v").str.strip_chars()
    year = pl.coalesce([v.str.extract(rx, 1) for rx in _YEAR_FORMS])
    out = df.select(pl.col("v"), (v == "").alias("blank"), year.alias("y"))
    bad = out.filter(pl.col("v").is_not_null() & ~pl.col("blank") & pl.col("y").is_null())
    if bad.height:
        raise InputError(
            f"{_label(series)}: {bad.height} value(s) are not dates with a year; "
            "cannot generalise them"
        )
    return (
        out.select(pl.when(pl.col("blank")).then(pl.col("v")).otherwise(pl.col("y")))
        .to_series()
        .rename(name)
    )
