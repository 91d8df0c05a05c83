"""The bench's fourth structured shape: a database table numbered from one.

Found by a probe of a shape no bench had (session 43): a table exported straight from a
database, whose primary key is an integer counted from 1. Such keys fill every number of
fewer digits than the largest, so no fake of that length is free: each id took 64 draws
a length before its fake grew a digit (100,000 rows: 64 s of settling; 1,000,000 rows
would take over ten minutes). 10 columns, 7 sensitive: ``id`` numbered 1..N,
``referred_by`` another row's id (empty for most), full names of four locales, e-mails,
five-digit postcodes drawn over the whole range (every code is someone's at a million
rows), towns from Faker's short German list (392 towns, every one of them real in the
table), birth dates of adults; the rest (plan, signup time, balance) is safe.

Built in seconds for a million rows: Faker is asked only for pools, every row is numpy
picks into them. Names exclude Faker's en_US lists (the fakes' first pool), so an original
in the output is a real leak.

    python -m bench.generate numbered OUT [--rows N]
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
from faker import Faker

from bench.generate import MAIL_DOMAINS, SEED, Generated, write_frame

#: The name lists' locales (none is en_US).
NAME_LOCALES = ("de_DE", "fr_FR", "es_ES", "pl_PL")
#: The columns a run must replace.
NUMBERED_SENSITIVE = (
    "id", "referred_by", "full_name", "email", "postcode", "town", "date_of_birth",
)  # fmt: skip


def _pool(locale: str, attr: str) -> list[str]:
    provider = Faker(locale)
    for p in provider.providers:
        if hasattr(p, attr):
            return list(getattr(p, attr))
    raise LookupError(f"{locale} has no {attr}")


def _names(rng: np.random.Generator, rows: int) -> pl.Series:
    """Full names of one locale each: a first name and a last name of that locale."""
    parts = []
    for locale in NAME_LOCALES:
        firsts = np.asarray(_pool(locale, "first_names"), dtype=object)
        lasts = np.asarray(_pool(locale, "last_names"), dtype=object)
        k = rows // len(NAME_LOCALES) + 1
        parts.append(
            firsts[rng.integers(0, firsts.size, k)] + " " + lasts[rng.integers(0, lasts.size, k)]
        )
    names = np.concatenate(parts)[:rows]
    return pl.Series(names[rng.permutation(rows)], dtype=pl.String)


def numbered_frame(rows: int, seed: int = SEED) -> pl.DataFrame:
    """The table, ``id`` counted from 1."""
    rng = np.random.default_rng(seed)
    ids = np.arange(1, rows + 1)
    referrer = np.floor(rng.random(rows) * np.maximum(np.arange(rows), 1)).astype(np.int64) + 1
    referred = pl.Series(referrer).set(pl.Series(rng.random(rows) >= 0.2), None)
    names = _names(rng, rows)
    stem = names.str.to_lowercase().str.replace_all(r"[^a-z]+", ".").str.strip_chars(".")
    mail = stem + pl.Series(rng.integers(1, 1000, rows)).cast(pl.String) + "@"
    mail = mail + pl.Series(
        np.asarray(MAIL_DOMAINS, dtype=object)[rng.integers(0, len(MAIL_DOMAINS), rows)]
    )
    towns = np.asarray(_pool("de_DE", "cities"), dtype=object)
    born = pl.Series([date(1940, 1, 1)], dtype=pl.Date).cast(pl.Int32)[0]
    dob = pl.Series(born + rng.integers(0, 23_000, rows)).cast(pl.Int32).cast(pl.Date)
    seconds = rng.integers(0, 7 * 365 * 86400, rows).astype("timedelta64[s]")
    signup = (np.datetime64("2019-01-01T00:00:00") + seconds).astype("datetime64[ms]")
    plans = np.asarray(["free", "standard", "premium"], dtype=object)
    return pl.DataFrame(
        {
            "id": ids,
            "referred_by": referred,
            "full_name": names,
            "email": mail,
            "postcode": pl.Series(rng.integers(1000, 100_000, rows)).cast(pl.String).str.zfill(5),
            "town": pl.Series(towns[rng.integers(0, towns.size, rows)], dtype=pl.String),
            "date_of_birth": dob,
            "plan": pl.Series(plans[rng.integers(0, 3, rows)], dtype=pl.String),
            "signed_up": pl.Series(signup),
            "balance": pl.Series(np.round(rng.gamma(2.0, 40.0, rows), 2)),
        }
    )  # fmt: skip


def write_numbered_shape(out: Path, rows: int = 1_000_000, fmt: str = "csv") -> Generated:
    """Write ``members.<fmt>``: the numbered structured export."""
    return write_frame(out, numbered_frame(rows), "members", fmt)
