"""The bench's sixth structured shape: a wide SaaS accounts table in typed Parquet.

Found by a run of a shape no bench had (session 49): a CRM's accounts, one row per
account, 43 columns, 9 sensitive. Ids numbered from 1 and shuffled, a
``referred_by_account`` of other accounts' ids (Int64, a third filled), contacts of five
locales (full names, e-mails, mobiles, birth dates as ``Date``), billing towns and
postcodes, an account manager from a small team; the rest is what a CRM keeps beside
them: plans, timestamps (``Datetime``), flags, and some twenty counts and amounts whose
numbers all lie among the ids. On it the run spent 127 s of 305 in the gate's merge
(the chance of echoes searched once per distinct number, 1.8 million cleared hits listed
one by one) and ~100 s hunting ids in the kept numbers.

Built in seconds for a million rows: Faker is asked only for pools, every row is numpy
picks into them. No locale is en_US (the fakes' first pool).

    python -m bench.generate accounts OUT [--rows N]
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import polars as pl
from faker import Faker

from bench.generate import SEED, Generated, locale_pools, pick_by_locale, write_frame

#: The contacts' locales (none is en_US) and their countries.
ACCOUNT_LOCALES = ("de_DE", "fr_FR", "es_ES", "pl_PL", "en_IE")
COUNTRIES = ("DE", "FR", "ES", "PL", "IE")
MAIL_DOMAINS = ("gmail.com", "web.de", "orange.fr", "wp.pl", "eircom.net", "yahoo.es")
INDUSTRIES = ("retail", "logistics", "healthcare", "education", "finance", "media",
              "manufacturing")  # fmt: skip
TIMEZONES = ("Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Warsaw", "Europe/Dublin")
#: The columns a run must replace.
ACCOUNTS_SENSITIVE = (
    "account_id", "contact_name", "contact_email", "contact_mobile", "date_of_birth",
    "billing_city", "billing_postcode", "account_manager", "referred_by_account",
)  # fmt: skip
#: Counts kept beside the ids, each up to a power of ten the seed picks.
COUNTS = ("logins_7d", "logins_30d", "logins_90d", "api_calls_30d", "tickets_open",
          "tickets_closed", "projects", "dashboards", "invoices_paid", "invoices_late",
          "integrations", "exports_30d", "storage_mb")  # fmt: skip


@functools.cache
def _pools() -> dict[str, list[np.ndarray]]:
    """Per field, one pool per locale, drawn from Faker once (a few seconds)."""
    sizes = {"first_name": 700, "last_name": 1500, "city": 600, "postcode": 4000,
             "phone_number": 20000, "company": 3000}  # fmt: skip
    out = locale_pools(ACCOUNT_LOCALES, sizes, SEED + 100)
    managers = Faker("en_GB")
    managers.seed_instance(SEED + 99)
    out["manager"] = [np.asarray([managers.name() for _ in range(40)], dtype=object)]
    return out


def accounts_frame(rows: int, seed: int = SEED) -> pl.DataFrame:
    """The table: ``rows`` accounts."""
    rng = np.random.default_rng(seed)
    pools = _pools()
    locale = rng.integers(0, len(ACCOUNT_LOCALES), rows)

    def pick(field: str) -> pl.Series:
        return pl.Series(pick_by_locale(pools[field], locale, rng), dtype=pl.String)

    def choice(options: tuple[str, ...]) -> pl.Series:
        return pl.Series(np.asarray(options, dtype=object)[rng.integers(0, len(options), rows)],
                         dtype=pl.String)  # fmt: skip

    first, last = pick("first_name"), pick("last_name")
    stem = (first + "." + last).str.to_lowercase().str.replace_all(r"[^a-z.]+", "")
    mail = stem + pl.Series(rng.integers(1, 999, rows)).cast(pl.String) + "@" + choice(MAIL_DOMAINS)
    born = np.datetime64("1950-01-01") + rng.integers(0, 50 * 365, rows).astype("timedelta64[D]")
    seconds = rng.integers(0, 6 * 365 * 86400, rows).astype("timedelta64[s]")
    signup = (np.datetime64("2018-01-01T00:00:00") + seconds).astype("datetime64[us]")
    seen = signup + rng.integers(0, 365 * 86400, rows).astype("timedelta64[s]")
    referrer = pl.Series(rng.integers(1, rows + 1, rows), dtype=pl.Int64)
    referred = referrer.set(pl.Series(rng.random(rows) >= 0.3), None)
    managers = pools["manager"][0]
    columns: dict[str, pl.Series] = {
        "account_id": pl.Series(rng.permutation(rows) + 1, dtype=pl.Int64),
        "contact_name": first + " " + last,
        "contact_email": mail,
        "contact_mobile": pick("phone_number"),
        "date_of_birth": pl.Series(born),
        "company_name": pick("company"),
        "billing_city": pick("city"),
        "billing_postcode": pick("postcode"),
        "country": pl.Series(np.asarray(COUNTRIES, dtype=object)[locale], dtype=pl.String),
        "account_manager": pl.Series(
            managers[rng.integers(0, managers.size, rows)], dtype=pl.String
        ),
        "referred_by_account": referred,
        "signup_at": pl.Series(signup),
        "last_seen_at": pl.Series(seen),
        "plan": choice(("free", "starter", "team", "business", "enterprise")),
        "billing_cycle": choice(("monthly", "annual")),
        "currency": choice(("EUR", "PLN", "GBP")),
        "seats": pl.Series(rng.integers(1, 500, rows)),
        "mrr": pl.Series(np.round(rng.random(rows) * 5000, 2)),
        "arr": pl.Series(np.round(rng.random(rows) * 60000, 2)),
        "churn_score": pl.Series(np.round(rng.random(rows), 4)),
        "nps": pl.Series(rng.integers(0, 11, rows)),
        "health": pl.Series(rng.integers(0, 101, rows)),
        "is_trial": pl.Series(rng.random(rows) < 0.1),
        "has_sso": pl.Series(rng.random(rows) < 0.2),
        "marketing_opt_in": pl.Series(rng.random(rows) < 0.5),
        "industry": choice(INDUSTRIES),
        "timezone": choice(TIMEZONES),
    }
    for name in COUNTS:
        columns[name] = pl.Series(rng.integers(0, 10 ** int(rng.integers(2, 6)), rows))
    for name in ("avg_session_min", "feature_adoption", "discount_pct"):
        columns[name] = pl.Series(np.round(rng.random(rows) * 100, 2))
    return pl.DataFrame(columns)


def write_accounts_shape(out: Path, rows: int = 1_000_000, fmt: str = "parquet") -> Generated:
    """Write ``accounts.parquet``: the accounts structured export. Parquet whatever
    ``fmt`` says: its typed columns (Int64 ids, Date, Datetime, Boolean) are the shape."""
    return write_frame(out, accounts_frame(rows), "accounts", "parquet")
