"""The bench's third structured shape: a CRM's contacts, one-cell addresses, six locales.

Found by a probe of a shape no bench had (session 32): a contacts export made with
Faker's own lists, whose Brazilian and Spanish one-cell addresses ("Vila Fogaça, 230,
Flavio De Oliveira, 70702-217 da Luz do Campo / AC") were faked at 610 µs each, whose
birth dates filled 98% of the days of 72 years, and whose sole traders' firms ("Hanna
Andersson HB") held customers' whole names. 14 columns, 9 sensitive: unique full names,
e-mails, phones in each country's format, IBANs, card numbers, IPs, one-cell postal
addresses as Faker writes them for the country (several segments, with a comma or a line
break), birth dates of adults of every age, and a firm that is 1 time in 100 a sole
trader named after another contact; the rest (country, signup time, plan, amount) is safe.

Built in seconds for a million rows, as ``employees.py``: Faker is asked only for pools
(name lists; a few thousand addresses and firms per locale from a seeded instance), every
row is numpy picks into them, and each address gets its own house number. Names exclude
Faker's en_US lists (the fakes' first pool), so an original in the output is a real leak.

    python -m bench.generate contacts OUT [--rows N]
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl
from faker import Faker

from anonymizers.pseudonymise.faker_formats import steady
from bench.employees import _take, homes_and_names
from bench.generate import (
    MAIL_DOMAINS,
    SEED,
    Generated,
    de_ibans,
    ipv4s,
    luhn_numbers,
    write_frame,
)

#: Address locale → the country written in the row.
COUNTRIES = {
    "es_ES": "Spain",
    "pt_BR": "Brazil",
    "it_IT": "Italy",
    "sv_SE": "Sweden",
    "en_GB": "United Kingdom",
    "nl_NL": "Netherlands",
}
#: Address locale → the locales of the name lists its residents are drawn from.
_NAME_LOCALE = {
    "es_ES": ("es_ES",),
    "pt_BR": ("pt_BR",),
    "it_IT": ("it_IT",),
    "sv_SE": ("sv_SE",),
    "en_GB": ("en_IN", "it_IT", "fi_FI"),
    "nl_NL": ("nl_NL",),
}
#: Address locale → (country code, national number pattern: # a digit).
_PHONES = {
    "es_ES": ("+34", "6## ### ###"),
    "pt_BR": ("+55", "11 9####-####"),
    "it_IT": ("+39", "3## ### ####"),
    "sv_SE": ("+46", "70-### ## ##"),
    "en_GB": ("+44", "7### ######"),
    "nl_NL": ("+31", "6 ########"),
}
#: A sole trader's legal form, per country.
_SOLE_TRADER = {"es_ES": "S.L.", "pt_BR": "ME", "it_IT": "S.a.s.", "sv_SE": "HB",
                "en_GB": "Ltd", "nl_NL": "B.V."}  # fmt: skip
_PLANS = ("free", "pro", "team", "enterprise")
CONTACT_SENSITIVE = ("customer_name", "email", "phone", "iban", "card_number", "ip_address",
                     "address", "date_of_birth", "contact_id")  # fmt: skip
_ADDRESSES, _FIRMS = 4000, 600


@cache
def pools(locale: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(one-cell addresses, firms) of one locale, from one seeded Faker."""
    fk = steady(Faker(locale))
    fk.seed_instance(SEED)
    addresses = sorted({fk.address().replace("\n", ", ") for _ in range(_ADDRESSES)})
    firms = sorted({fk.company() for _ in range(_FIRMS)})
    return tuple(addresses), tuple(firms)


def _digits(rng: np.random.Generator, pattern: str, n: int) -> pl.Series:
    """``pattern`` with each ``#`` a random digit, per row."""
    out = pl.Series([""] * n, dtype=pl.String)
    for c in pattern:
        piece = pl.Series(rng.integers(0, 10, n)).cast(pl.String) if c == "#" else c
        out = out + piece
    return out


def _numbered(rng: np.random.Generator, addresses: np.ndarray) -> pl.Series:
    """Each address with its first number (the house's) drawn again: a pool of a few
    thousand streets, a distinct address on nearly every row."""
    s = pl.Series(addresses, dtype=pl.String)
    parts = s.str.extract_groups(r"^(\D*?)\b(\d{1,4})\b(.*)$")  # a house number, not a postcode
    number = pl.Series(rng.integers(1, 400, len(s))).cast(pl.String)
    has = parts.struct.field("2").is_not_null()
    made = parts.struct.field("1") + number + parts.struct.field("3")
    return pl.select(pl.when(has).then(made).otherwise(s)).to_series()


def _unique_ids(rng: np.random.Generator, rows: int) -> pl.Series:
    """``rows`` distinct numbers below 10^9, in random order (dense customer numbers)."""
    drawn = pl.Series(rng.integers(0, 10**9, rows + rows // 8 + 16))
    unique = drawn.filter(drawn.is_first_distinct())
    while unique.len() < rows:  # (never, in practice: 1M of 10^9 collide ~500 times)
        more = pl.Series(rng.integers(0, 10**9, rows))
        unique = pl.concat([unique, more])
        unique = unique.filter(unique.is_first_distinct())
    return unique.head(rows)


def contacts_frame(rows: int, seed: int = SEED) -> pl.DataFrame:
    rng = np.random.default_rng(seed + 3)
    home, full, stem = homes_and_names(rng, rows, COUNTRIES, _NAME_LOCALE)
    digits = pl.Series(rng.integers(1, 100, rows)).cast(pl.String)
    email = stem + digits + "@" + pl.Series(np.asarray(MAIL_DOMAINS)[rng.integers(0, 6, rows)])
    phone = pl.Series([""] * rows, dtype=pl.String)
    address = np.empty(rows, dtype=object)
    firm = np.empty(rows, dtype=object)
    for loc in COUNTRIES:
        at = np.flatnonzero(home == loc)
        code, pattern = _PHONES[loc]
        phone = phone.scatter(at, code + " " + _digits(rng, pattern, len(at)))
        addresses, firms = pools(loc)
        address[at] = _take(addresses, rng.integers(0, len(addresses), len(at)))
        firm[at] = _take(firms, rng.integers(0, len(firms), len(at)))
        # A sole trader named after another contact of the same country, 1 row in 100.
        sole = at[rng.random(len(at)) < 0.01]
        owners = at[rng.integers(0, len(at), len(sole))]
        firm[sole] = full.to_numpy()[owners] + " " + _SOLE_TRADER[loc]
    born = pl.Series([date(1936, 1, 1)], dtype=pl.Date).cast(pl.Int32)[0]
    signup = int(np.datetime64("2021-01-01T00:00:00", "s").astype(np.int64))
    return pl.DataFrame(
        {
            "contact_id": "C" + _unique_ids(rng, rows).cast(pl.String).str.zfill(9),
            "customer_name": full,
            "email": email,
            "phone": phone,
            "iban": de_ibans(rng, rows),
            "card_number": luhn_numbers(rng, rows),
            "ip_address": ipv4s(rng, rows),
            "company": pl.Series(firm, dtype=pl.String),
            "address": _numbered(rng, address),
            "country": pl.Series(home, dtype=pl.String).replace_strict(COUNTRIES),
            "date_of_birth": pl.Series(born + rng.integers(0, 26_300, rows)).cast(pl.Date),
            "signup_at": pl.Series((signup + rng.integers(0, 5 * 365 * 86_400, rows)) * 1000)
            .cast(pl.Datetime("ms")).dt.strftime("%Y-%m-%d %H:%M:%S"),
            "plan": pl.Series(np.asarray(_PLANS)[rng.integers(0, len(_PLANS), rows)]),
            "amount_eur": pl.Series(rng.integers(500, 500_000, rows) / 100),
        }
    )  # fmt: skip


def write_contacts_shape(out: Path, rows: int = 1_000_000, fmt: str = "csv") -> Generated:
    """Write ``contacts.<fmt>``: the contacts-shaped structured export."""
    return write_frame(out, contacts_frame(rows), "contacts", fmt)
