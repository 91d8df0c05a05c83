"""The bench's second structured shape: a 1,000,000-row employee table (issue 23, item 3).

The customer export (``generate.structured_frame``) draws first names, last names and
cities from small pools and has no street address, full name or birth date, so its map
stage fakes a few thousand distinct values; this one has a distinct value per row in most
sensitive columns, the shape on which per-value fakes cost minutes. 15 columns, 9
sensitive: unique full names from several locales, personal and work e-mails derived from
them, home street addresses with postcodes and towns of the row's country, birth dates,
SSNs and a manager id referring to ``employee_id``; the rest (country, department, title,
hire date, salary) is safe.

Built in seconds for a million rows: Faker is asked only for pools (its name lists, and a
few thousand street names, towns and postcodes per locale from a seeded instance); every
row is numpy picks into those pools, combined column-wise. Names exclude Faker's en_US
lists (the pool safeset's fakes are drawn from first), as in ``generate.name_pools``, so
an original found in the output is a real leak. Deterministic: the same rows and seed give
byte-identical files.

    python -m bench.generate employees OUT [--rows N]
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl
from faker import Faker

from anonymizers.pseudonymise.faker_formats import steady
from bench.generate import (
    COMPANY_DOMAIN,
    DEPARTMENTS,
    MAIL_DOMAINS,
    SEED,
    TITLES,
    Generated,
    _provider_names,
    _zfill,
    ssns,
    write_frame,
)

#: Address locale → the country written in the row (what ``Generator.locales`` reads).
COUNTRIES = {
    "en_US": "United States",
    "en_GB": "United Kingdom",
    "de_DE": "Germany",
    "fr_FR": "France",
    "it_IT": "Italy",
    "es_ES": "Spain",
    "nl_NL": "Netherlands",
}
#: Address locale → the locale of the name lists its residents are drawn from (en_US and
#: en_GB residents get names of other lists: en_US names are the fakes' pool).
_NAME_LOCALE = {
    "en_US": ("en_IN", "pt_BR", "sv_SE", "fi_FI"),
    "en_GB": ("en_IN", "it_IT", "fi_FI", "sv_SE"),
    "de_DE": ("de_DE",),
    "fr_FR": ("fr_FR",),
    "it_IT": ("it_IT",),
    "es_ES": ("es_ES",),
    "nl_NL": ("nl_NL",),
}
#: Address locales whose house number follows the street ("Hauptstraße 12").
_NUMBER_AFTER = frozenset({"de_DE", "it_IT", "es_ES", "nl_NL"})
EMPLOYEE_COLUMNS = (
    "employee_id",
    "full_name",
    "personal_email",
    "work_email",
    "home_address",
    "postcode",
    "city",
    "country",
    "birth_date",
    "ssn",
    "manager_id",
    "department",
    "job_title",
    "hire_date",
    "salary",
)
#: The 9 columns that hold personal data.
EMPLOYEE_SENSITIVE = (
    "full_name",
    "personal_email",
    "work_email",
    "home_address",
    "postcode",
    "city",
    "birth_date",
    "ssn",
    "manager_id",
)
_STREETS, _TOWNS, _POSTCODES = 3000, 800, 4000


def _clean(names: list[str], exclude: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted({n for n in names if n.isalpha() and 3 <= len(n) <= 14
                         and n.casefold() not in exclude}))  # fmt: skip


@cache
def locale_names(locale: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(first names, last names) of one locale's Faker lists, none in an en_US list."""
    us = frozenset(
        n.casefold() for a in ("first_names", "last_names") for n in _provider_names("en_US", a)
    )
    first = _clean(_provider_names(locale, "first_names"), us)
    last = _clean(_provider_names(locale, "last_names"), us | {f.casefold() for f in first})
    return first, last


@cache
def place_pools(locale: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(street names, towns, postcodes) of one locale, from one seeded Faker: a pool drawn
    once, then indexed per row."""
    fk = steady(Faker(locale))  # the same towns whatever the process's hash seed
    fk.seed_instance(SEED)
    streets = sorted({fk.street_name() for _ in range(_STREETS)})
    towns = sorted({fk.city() for _ in range(_TOWNS)})
    codes = sorted({fk.postcode() for _ in range(_POSTCODES)})
    return tuple(streets), tuple(towns), tuple(codes)


def _take(pool: tuple[str, ...], idx: np.ndarray) -> np.ndarray:
    return np.asarray(pool, dtype=object)[idx]


def _full_names(rng: np.random.Generator, locales: np.ndarray) -> tuple[pl.Series, pl.Series]:
    """(full names, e-mail stems): unique names, a duplicate re-drawn with a middle
    initial (and a second surname past a few rounds) until none is left."""
    n = len(locales)
    first = np.empty(n, dtype=object)
    last = np.empty(n, dtype=object)
    middle = np.full(n, "", dtype=object)
    todo = np.arange(n)
    for rnd in range(64):
        for loc in sorted(set(locales[todo].tolist())):
            rows = todo[locales[todo] == loc]
            fp, lp = locale_names(loc)
            first[rows] = _take(fp, rng.integers(0, len(fp), len(rows)))
            last[rows] = _take(lp, rng.integers(0, len(lp), len(rows)))
            if rnd >= 1:
                initials = np.asarray(list("ABCDEFGHIJKLMNOPRSTVW"), dtype=object)
                middle[rows] = initials[rng.integers(0, len(initials), len(rows))] + "."
            if rnd >= 4:
                last[rows] = last[rows] + "-" + _take(lp, rng.integers(0, len(lp), len(rows)))
        full = pl.Series(
            np.where(middle == "", first + " " + last, first + " " + middle + " " + last),
            dtype=pl.String,
        )
        dup = ~full.is_first_distinct().to_numpy()
        todo = np.flatnonzero(dup)
        if not len(todo):
            break
    stem = pl.Series(first, dtype=pl.String) + "." + pl.Series(last, dtype=pl.String)
    stem = stem.str.to_lowercase().str.normalize("NFKD").str.replace_all(r"[^a-z.\-]", "")
    return full, stem


def _places(rng: np.random.Generator, locales: np.ndarray) -> tuple[pl.Series, ...]:
    n = len(locales)
    address = np.empty(n, dtype=object)
    town = np.empty(n, dtype=object)
    code = np.empty(n, dtype=object)
    for loc in COUNTRIES:
        rows = np.flatnonzero(locales == loc)
        streets, towns, codes = place_pools(loc)
        street = _take(streets, rng.integers(0, len(streets), len(rows)))
        number = rng.integers(1, 240, len(rows)).astype(str).astype(object)
        address[rows] = street + " " + number if loc in _NUMBER_AFTER else number + " " + street
        town[rows] = _take(towns, rng.integers(0, len(towns), len(rows)))
        code[rows] = _take(codes, rng.integers(0, len(codes), len(rows)))
    return tuple(pl.Series(a, dtype=pl.String) for a in (address, code, town))


def homes_and_names(
    rng: np.random.Generator,
    rows: int,
    countries: dict[str, str],
    name_locales: dict[str, tuple[str, ...]],
) -> tuple[np.ndarray, pl.Series, pl.Series]:
    """(each row's address locale, unique full names from its residents' lists, their
    e-mail stems)."""
    places = np.asarray(list(countries), dtype=object)
    home = places[rng.integers(0, len(places), rows)]
    name_loc = np.empty(rows, dtype=object)
    for loc, choices in name_locales.items():
        at = np.flatnonzero(home == loc)
        name_loc[at] = np.asarray(choices, dtype=object)[rng.integers(0, len(choices), len(at))]
    full, stem = _full_names(rng, name_loc)
    return home, full, stem


def employees_frame(rows: int, seed: int = SEED) -> pl.DataFrame:
    """The employee table, ``EMPLOYEE_COLUMNS`` in order."""
    rng = np.random.default_rng(seed)
    home, full, stem = homes_and_names(rng, rows, COUNTRIES, _NAME_LOCALE)
    ids = "EMP-" + _zfill(np.arange(1, rows + 1), 7)
    # Personal mail: the stem, sometimes with digits, at a webmail domain; work mail: the
    # stem at the company, numbered where two stems fold alike.
    digits = pl.Series(rng.integers(1, 100, rows)).cast(pl.String)
    plain = pl.Series(rng.random(rows) < 0.5)
    personal = pl.select(pl.when(plain).then(stem).otherwise(stem + digits)).to_series()
    personal = personal + "@" + pl.Series(np.asarray(MAIL_DOMAINS)[rng.integers(0, 6, rows)])
    clash = ~stem.is_first_distinct()
    work = pl.select(pl.when(clash).then(stem + "." + ids.str.slice(4)).otherwise(stem))
    work = work.to_series() + "@" + COMPANY_DOMAIN
    address, code, town = _places(rng, home)
    # Each employee but the first reports to someone hired before them.
    idx = np.arange(rows)
    boss = np.floor(rng.random(rows) * np.maximum(idx, 1)).astype(np.int64)
    manager = pl.Series(ids.to_numpy()[boss]).set(pl.Series([True] + [False] * (rows - 1)), None)
    born = pl.Series([date(1958, 1, 1)], dtype=pl.Date).cast(pl.Int32)[0]
    hired = pl.Series([date(2003, 1, 1)], dtype=pl.Date).cast(pl.Int32)[0]
    return pl.DataFrame(
        {
            "employee_id": ids,
            "full_name": full,
            "personal_email": personal,
            "work_email": work,
            "home_address": address,
            "postcode": code,
            "city": town,
            "country": pl.Series(home, dtype=pl.String).replace_strict(COUNTRIES),
            "birth_date": pl.Series(born + rng.integers(0, 16000, rows)).cast(pl.Date),
            "ssn": ssns(rng, rows),
            "manager_id": manager,
            "department": pl.Series(np.asarray(DEPARTMENTS)[rng.integers(0, 6, rows)]),
            "job_title": pl.Series(np.asarray(TITLES)[rng.integers(0, 6, rows)]),
            "hire_date": pl.Series(hired + rng.integers(0, 8400, rows)).cast(pl.Date),
            "salary": pl.Series(rng.integers(38, 240, rows) * 1000),
        }
    )


def write_employees_shape(out: Path, rows: int = 1_000_000, fmt: str = "csv") -> Generated:
    """Write ``employees.<fmt>``: the employee-shaped structured export."""
    return write_frame(out, employees_frame(rows), "employees", fmt)
