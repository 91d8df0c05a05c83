"""Deterministic, realistic exports of any size for ``make bench``.

Why not reuse ``samples/``: the benchmark needs sizes far beyond a hand-checked sample
(8,000 mixed rows, 1,000,000 structured rows, a 5 GB CSV) and must build them in seconds,
so Faker is called only to *read its word lists*; every row is a random index into those
pools, combined with numpy/polars expressions (one Faker call per row would take minutes
for a million rows and measure Faker, not safeset).

Names come from Faker's non-US lists minus every name in Faker's en_US lists (the pool
safeset's fakes are drawn from first), so a hit of an original in sanitised output is a
real leak and never a fake that happens to coincide. Card numbers are Luhn-valid, IBANs
mod-97-valid, SSNs structurally valid: the detectors see what a real export holds. Nothing
belongs to a real person.

Determinism: one seeded ``numpy.random.Generator`` per table, sorted pools, no iteration
over string sets; the same arguments give byte-identical files.

    python -m bench.generate mixed OUT [--employees N --comments N --chats N]
    python -m bench.generate structured OUT [--rows N] [--format csv|parquet]
    python -m bench.generate employees OUT [--rows N]      # bench/employees.py
    python -m bench.generate contacts OUT [--rows N]       # bench/contacts.py
    python -m bench.generate large OUT --size-gb 5       # streamed, chunked CSV
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

SEED = 20260115
#: Locales whose romanised name lists make the originals (en_US is excluded on purpose).
NAME_LOCALES = ("de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "sv_SE", "en_IN", "pt_BR", "fi_FI")
MAIL_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "proton.me", "gmx.net")
COMPANY_DOMAIN = "brightline-freight.com"
CITIES = ("Chicago", "Columbus", "Memphis", "Boston", "Reno", "Denver", "Atlanta", "Phoenix")
DEPARTMENTS = ("Operations", "Customer Support", "Engineering", "Finance", "People", "Sales")
TITLES = ("Associate", "Senior Associate", "Team Lead", "Manager", "Analyst", "Specialist")
#: Sensitive columns of the structured export, in file order (the 9 the issue asks for).
SENSITIVE_COLUMNS = (
    "customer_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "ssn",
    "credit_card",
    "iban",
    "ip_address",
)
SAFE_COLUMNS = ("signup_date", "plan", "orders_count", "lifetime_value")
STRUCTURED_COLUMNS = SENSITIVE_COLUMNS + SAFE_COLUMNS
MIXED_FILES = ("employees.csv", "survey_comments.jsonl", "chat_transcripts.parquet")

_NAME_RE = re.compile(r"^[A-Z][a-z]{3,11}$")


@dataclass(frozen=True)
class Generated:
    """What a generator wrote: the files and their row counts (the bench divides by these)."""

    files: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.files.values())


# --- pools -----------------------------------------------------------------------------


def _provider_names(locale: str, attr: str) -> list[str]:
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except ImportError:
        return []
    raw = getattr(provider, attr, ()) or ()
    return [n for n in raw if isinstance(n, str)]


@cache
def name_pools() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(first names, last names): ASCII, 4-12 letters, none in any en_US list."""
    us = {n.casefold() for a in ("first_names", "last_names") for n in _provider_names("en_US", a)}
    pools: list[tuple[str, ...]] = []
    for attr in ("first_names", "last_names"):
        names = {
            n
            for loc in NAME_LOCALES
            for n in _provider_names(loc, attr)
            if _NAME_RE.match(n) and n.casefold() not in us
        }
        pools.append(tuple(sorted(names)))
    first, last = pools
    last = tuple(n for n in last if n not in set(first))  # a surname never reads as a given name
    return first, last


def _pick(rng: np.random.Generator, pool: tuple[str, ...], n: int) -> np.ndarray:
    return np.asarray(pool, dtype=object)[rng.integers(0, len(pool), n)]


# --- vectorised identifiers ------------------------------------------------------------


def _digits_to_str(digits: np.ndarray) -> pl.Series:
    """(n, k) digit matrix → n strings of k digits, without a Python loop."""
    k = digits.shape[1]
    raw = np.ascontiguousarray((digits + 48).astype(np.uint8)).view(f"S{k}").ravel()
    return pl.Series(raw.astype(f"U{k}"))


def luhn_numbers(rng: np.random.Generator, n: int, prefix: int = 4) -> pl.Series:
    """16-digit Luhn-valid card numbers (Visa-like prefix), vectorised."""
    payload = rng.integers(0, 10, (n, 15), dtype=np.int64)
    payload[:, 0] = prefix
    # With the check digit appended, payload digit i sits 15-i places from the right:
    # every even i is doubled.
    doubled = payload.copy()
    doubled[:, 0::2] *= 2
    doubled[doubled > 9] -= 9
    check = (10 - doubled.sum(axis=1) % 10) % 10
    return _digits_to_str(np.column_stack([payload, check]))


def de_ibans(rng: np.random.Generator, n: int) -> pl.Series:
    """German IBANs (22 chars) with correct mod-97 check digits, vectorised."""
    bban = rng.integers(0, 10, (n, 18), dtype=np.int64)
    bban[:, 0] = rng.integers(1, 9, n)  # bank codes do not start with 0 or 9
    tail = np.array([1, 3, 1, 4, 0, 0], dtype=np.int64)  # "DE" → 13 14, then "00"
    rem = np.zeros(n, dtype=np.int64)
    for col in range(18):
        rem = (rem * 10 + bban[:, col]) % 97
    for d in tail:
        rem = (rem * 10 + d) % 97
    check = 98 - rem
    check_digits = np.column_stack([check // 10, check % 10])
    return "DE" + _digits_to_str(np.column_stack([check_digits, bban]))


def _zfill(values: np.ndarray, width: int) -> pl.Series:
    return pl.Series(values).cast(pl.String).str.zfill(width)


def ssns(rng: np.random.Generator, n: int) -> pl.Series:
    """AAA-GG-SSSS with issuable areas (001-899 without 666), groups and serials never 0."""
    area = rng.integers(1, 900, n)
    area[area == 666] = 667
    group, serial = rng.integers(1, 100, n), rng.integers(1, 10000, n)
    return _zfill(area, 3) + "-" + _zfill(group, 2) + "-" + _zfill(serial, 4)


def us_phones(rng: np.random.Generator, n: int) -> pl.Series:
    """NANP numbers written AAA-EEE-LLLL (area and exchange never start with 0 or 1)."""
    area, exchange = rng.integers(201, 990, n), rng.integers(200, 1000, n)
    line = rng.integers(0, 10000, n)
    return (
        pl.Series(area).cast(pl.String)
        + "-"
        + pl.Series(exchange).cast(pl.String)
        + "-"
        + (_zfill(line, 4))
    )


def ipv4s(rng: np.random.Generator, n: int) -> pl.Series:
    octets = [rng.integers(1, 224, n)] + [rng.integers(0, 256, n) for _ in range(3)]
    series = [pl.Series(o).cast(pl.String) for o in octets]
    return series[0] + "." + series[1] + "." + series[2] + "." + series[3]


# --- structured export -----------------------------------------------------------------


def structured_frame(rows: int, seed: int = SEED, id_offset: int = 0) -> pl.DataFrame:
    """One customer table: 9 sensitive columns and 4 safe ones, all built from pools."""
    rng = np.random.default_rng(seed)
    first_pool, last_pool = name_pools()
    first = pl.Series(_pick(rng, first_pool, rows), dtype=pl.String)
    last = pl.Series(_pick(rng, last_pool, rows), dtype=pl.String)
    sep = pl.Series(np.asarray([".", "_", ""], dtype=object)[rng.integers(0, 3, rows)])
    suffix = pl.Series(rng.integers(0, 1000, rows)).cast(pl.String)
    suffix = pl.select(pl.when(pl.lit(rng.random(rows) < 0.6)).then(pl.lit("")).otherwise(suffix))
    domain = pl.Series(_pick(rng, MAIL_DOMAINS, rows), dtype=pl.String)
    email = first.str.to_lowercase() + sep + last.str.to_lowercase() + suffix.to_series()
    email = email + "@" + domain
    start = date(2015, 1, 1)
    signup = pl.Series([start], dtype=pl.Date).cast(pl.Int32)[0] + rng.integers(0, 3900, rows)
    return pl.DataFrame(
        {
            "customer_id": "CUS-" + _zfill(np.arange(id_offset + 1, id_offset + rows + 1), 8),
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": us_phones(rng, rows),
            "ssn": ssns(rng, rows),
            "credit_card": luhn_numbers(rng, rows),
            "iban": de_ibans(rng, rows),
            "ip_address": ipv4s(rng, rows),
            "signup_date": pl.Series(signup).cast(pl.Int32).cast(pl.Date),
            "plan": pl.Series(_pick(rng, ("basic", "plus", "pro", "enterprise"), rows)),
            "orders_count": pl.Series(rng.integers(0, 250, rows)),
            "lifetime_value": pl.Series(np.round(rng.gamma(2.0, 180.0, rows), 2)),
        }
    )


def locale_pools(locales: Sequence[str], sizes: dict[str, int], seed: int) -> dict[str, list]:
    """Per Faker field, one pool per locale of ``sizes[field]`` values (an array each),
    locale ``k`` seeded ``seed + k``: a wide shape's rows are picks into them."""
    from faker import Faker  # the shapes' pools only (this module reads Faker's lists)

    out: dict[str, list] = {k: [] for k in sizes}
    for k, locale in enumerate(locales):
        fake = Faker(locale)
        fake.seed_instance(seed + k)
        for field, n in sizes.items():
            out[field].append(np.asarray([getattr(fake, field)() for _ in range(n)], dtype=object))
    return out


def pick_by_locale(pools: list, locale: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A value per row from its locale's pool (``locale``: each row's pool index)."""
    out = np.empty(locale.size, dtype=object)
    for k, pool in enumerate(pools):
        mine = locale == k
        out[mine] = pool[rng.integers(0, pool.size, int(mine.sum()))]
    return out


def write_frame(out: Path, frame: pl.DataFrame, stem: str, fmt: str = "csv") -> Generated:
    """Write ``<stem>.<fmt>`` (CSV, or Parquet in row groups of 100,000) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    name = f"{stem}.{fmt}"
    if fmt == "csv":
        frame.write_csv(out / name)
    elif fmt == "parquet":
        frame.write_parquet(out / name, row_group_size=100_000)
    else:
        raise ValueError(f"unknown format {fmt!r} (csv or parquet)")
    return Generated({name: frame.height})


def write_structured(out: Path, rows: int = 1_000_000, fmt: str = "csv") -> Generated:
    """Write ``customers.<fmt>``: the structured-only export."""
    return write_frame(out, structured_frame(rows), "customers", fmt)


def write_large_csv(out: Path, size_gb: float, chunk_rows: int = 250_000) -> Generated:
    """Stream ``customers.csv`` in chunks until it reaches ``size_gb``: memory stays at one
    chunk, so the generator itself never needs the RAM the 5 GB target forbids safeset."""
    out.mkdir(parents=True, exist_ok=True)
    target, rows, chunk = int(size_gb * 1024**3), 0, 0
    path = out / "customers.csv"
    with path.open("wb") as fh:
        while fh.tell() < target:
            frame = structured_frame(chunk_rows, seed=SEED + chunk, id_offset=rows)
            frame.write_csv(fh, include_header=chunk == 0)
            rows, chunk = rows + chunk_rows, chunk + 1
    return Generated({path.name: rows})


# --- mixed export ----------------------------------------------------------------------

_PRAISE = (
    "{a} really helped me onboard.",
    "Shout-out to {a} for fixing the label printers.",
    "{a} and {b} made the move to the new depot painless.",
    "Working with {a} on the cutover was a highlight of the quarter.",
    "{a}'s runbook saved us during the outage.",
    "Thanks to {full} for covering my shifts in March.",
)
_COMPLAINT = (
    "{a} keeps scheduling meetings over lunch.",
    "I had to redo {a}'s inventory counts twice this month.",
    "I don't feel {a} listens when we raise safety issues.",
    "{full} changes priorities every week.",
)
_GENERIC = (
    "The new VPN is much faster.",
    "Parking at the depot is still a nightmare.",
    "Payroll corrections take weeks to come through.",
    "Would like more clarity on the promotion criteria.",
    "The scanners drop their connection in aisle 14 every afternoon.",
    "Overtime is being assigned at the last minute again.",
    "Happy overall, but the commute is long.",
    "Training on the new warehouse system was clear and useful.",
)
_CHATS = (
    (
        "Customer: Hi, my order {order} hasn't arrived yet.\n"
        "Agent ({agent}): Sorry about that. Can I have your name and the email on the order?\n"
        "Customer: {cust}, {email}\n"
        "Agent ({agent}): Thanks {cfirst}. The shipment is held at our {city} depot.\n"
        "Customer: Can the driver call me first? My number is {phone}.\n"
        "Agent ({agent}): Done, I've added {phone} to the delivery notes."
    ),
    (
        "Customer: I was charged twice for {order}.\n"
        "Agent ({agent}): Let me look. Which card did you pay with?\n"
        "Customer: The card ending {last4}, full number {card}.\n"
        "Agent ({agent}): I see both charges, {cfirst}. I've refunded one; it shows in 3-5 days.\n"
        "Customer: Thanks. Please email the receipt to {email}."
    ),
    (
        "Customer: This is {cust}. I need to change the delivery address for {order}.\n"
        "Agent ({agent}): Sure. Can you confirm the phone number on the account?\n"
        "Customer: {phone}\n"
        "Agent ({agent}): Verified. What is the new address?\n"
        "Customer: {street}, {city}.\n"
        "Agent ({agent}): Updated, {cfirst}. You'll get a confirmation at {email}."
    ),
)
_STREETS = ("Maple Avenue", "Lakeview Drive", "Harbor Street", "Cedar Lane", "Mill Road")


def _employees(rng: np.random.Generator, n: int) -> pl.DataFrame:
    frame = structured_frame(n, seed=int(rng.integers(0, 2**31)))
    ids = np.arange(10001, 10001 + n)
    managers = np.where(ids > 10001, rng.integers(10001, 10001 + max(n // 8, 1), n), 0)
    born = pl.Series([date(1960, 1, 1)], dtype=pl.Date).cast(pl.Int32)[0]
    hired = pl.Series([date(2005, 1, 1)], dtype=pl.Date).cast(pl.Int32)[0]
    first, last = frame["first_name"], frame["last_name"]
    return pl.DataFrame(
        {
            "employee_id": pl.Series(ids),
            "first_name": first,
            "last_name": last,
            "email": first.str.to_lowercase()
            + "."
            + last.str.to_lowercase()
            + "@"
            + (COMPANY_DOMAIN),
            "phone": frame["phone"],
            "ssn": frame["ssn"],
            "date_of_birth": pl.Series(born + rng.integers(0, 15000, n)).cast(pl.Date),
            "hire_date": pl.Series(hired + rng.integers(0, 7300, n)).cast(pl.Date),
            "department": pl.Series(_pick(rng, DEPARTMENTS, n), dtype=pl.String),
            "job_title": pl.Series(_pick(rng, TITLES, n), dtype=pl.String),
            "manager_id": pl.Series(managers).replace(0, None),
            "salary": pl.Series(rng.integers(41, 210, n) * 1000),
            "city": pl.Series(_pick(rng, CITIES, n), dtype=pl.String),
        }
    )


def _comment(rng: np.random.Generator, firsts: list[str], fulls: list[str]) -> str:
    parts: list[str] = []
    for _ in range(int(rng.integers(1, 4))):
        roll = rng.random()
        if roll < 0.55:
            pool = _PRAISE if rng.random() < 0.7 else _COMPLAINT
            tmpl = pool[int(rng.integers(0, len(pool)))]
            i, j = rng.integers(0, len(firsts), 2)
            parts.append(tmpl.format(a=firsts[i], b=firsts[j], full=fulls[i]))
        else:
            parts.append(_GENERIC[int(rng.integers(0, len(_GENERIC)))])
    return " ".join(parts)


def _surveys(rng: np.random.Generator, n: int, emp: pl.DataFrame) -> list[dict[str, object]]:
    firsts, fulls = emp["first_name"].to_list(), (emp["first_name"] + " " + emp["last_name"])
    fulls_list, ids = fulls.to_list(), emp["employee_id"].to_list()
    start = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
    rows = []
    for k in range(n):
        at = start + timedelta(minutes=int(rng.integers(0, 60 * 24 * 170)))
        rows.append(
            {
                "response_id": f"R-{k + 1:06d}",
                "employee_id": ids[int(rng.integers(0, len(ids)))],
                "submitted_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "score": int(rng.integers(1, 6)),
                "comment": _comment(rng, firsts, fulls_list),
            }
        )
    return rows


def _chats(rng: np.random.Generator, n: int, emp: pl.DataFrame, offset: int = 0) -> pl.DataFrame:
    cust = structured_frame(n, seed=int(rng.integers(0, 2**31)), id_offset=500_000 + offset)
    agents = emp["first_name"].to_list()
    agent_ids = emp["employee_id"].to_list()
    start = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
    records: dict[str, list[object]] = {
        k: [] for k in ("ticket_id", "customer_id", "order_id", "agent_employee_id")
    }
    records |= {"created_at": [], "status": [], "transcript": []}
    for k, row in enumerate(cust.iter_rows(named=True)):
        a = int(rng.integers(0, len(agents)))
        order = f"ORD-{int(rng.integers(10000, 99999))}"
        card = str(row["credit_card"])
        text = _CHATS[int(rng.integers(0, len(_CHATS)))].format(
            order=order,
            agent=agents[a],
            cust=f"{row['first_name']} {row['last_name']}",
            cfirst=row["first_name"],
            email=row["email"],
            phone=row["phone"],
            card=card,
            last4=card[-4:],
            city=CITIES[int(rng.integers(0, len(CITIES)))],
            street=f"{int(rng.integers(1, 9999))} {_STREETS[int(rng.integers(0, len(_STREETS)))]}",
        )
        records["ticket_id"].append(f"TCK-{200000 + offset + k}")
        records["customer_id"].append(row["customer_id"])
        records["order_id"].append(order)
        records["agent_employee_id"].append(agent_ids[a])
        records["created_at"].append(start + timedelta(minutes=int(rng.integers(0, 244800))))
        records["status"].append(("resolved", "open", "escalated")[int(rng.integers(0, 3))])
        records["transcript"].append(text)
    return pl.DataFrame(records, schema_overrides={"created_at": pl.Datetime("us", "UTC")})


def write_mixed(
    out: Path, employees: int = 2000, comments: int = 4000, chats: int = 2000
) -> Generated:
    """Write the mixed export: employees CSV, survey comments JSONL, chat transcripts Parquet."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    emp = _employees(rng, employees)
    emp.write_csv(out / MIXED_FILES[0])
    with (out / MIXED_FILES[1]).open("w", encoding="utf-8") as fh:
        for rec in _surveys(rng, comments, emp):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    _chats(rng, chats, emp).write_parquet(out / MIXED_FILES[2])
    return Generated(dict(zip(MIXED_FILES, (employees, comments, chats), strict=True)))


#: The large free-text export's files: the staff its agents are, and the tickets.
LARGE_TEXT_FILES = ("employees.csv", "tickets.csv")


def write_large_text(out: Path, size_gb: float, chunk_rows: int = 2_000) -> Generated:
    """Stream ``tickets.csv`` (chat transcripts: a new customer per ticket, named, with
    e-mail, phone, card and address in the text) in chunks until it reaches ``size_gb``,
    beside the 2,000 agents' ``employees.csv``: memory stays at one chunk."""
    out.mkdir(parents=True, exist_ok=True)
    emp = _employees(np.random.default_rng(SEED), 2000)
    emp.write_csv(out / LARGE_TEXT_FILES[0])
    target, rows, chunk = int(size_gb * 1024**3), 0, 0
    path = out / LARGE_TEXT_FILES[1]
    with path.open("wb") as fh:
        while fh.tell() < target:
            frame = _chats(np.random.default_rng(SEED + 1 + chunk), chunk_rows, emp, rows)
            frame.write_csv(fh, include_header=chunk == 0)
            rows, chunk = rows + chunk_rows, chunk + 1
    return Generated({LARGE_TEXT_FILES[0]: emp.height, LARGE_TEXT_FILES[1]: rows})


#: The other structured shapes: ``kind`` -> (module, its writer(out, rows, fmt)).
SHAPES = {
    "employees": ("bench.employees", "write_employees_shape"),
    "contacts": ("bench.contacts", "write_contacts_shape"),
    "numbered": ("bench.numbered", "write_numbered_shape"),
    "orders": ("bench.orders", "write_orders_shape"),
    "accounts": ("bench.accounts", "write_accounts_shape"),  # Parquet whatever the format
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="kind", required=True)
    mixed = sub.add_parser("mixed")
    mixed.add_argument("out", type=Path)
    mixed.add_argument("--employees", type=int, default=2000)
    mixed.add_argument("--comments", type=int, default=4000)
    mixed.add_argument("--chats", type=int, default=2000)
    for kind in ("structured", *SHAPES):
        shape = sub.add_parser(kind)
        shape.add_argument("out", type=Path)
        shape.add_argument("--rows", type=int, default=1_000_000)
        shape.add_argument("--format", choices=("csv", "parquet"), default="csv")
    large = sub.add_parser("large")
    large.add_argument("out", type=Path)
    large.add_argument("--size-gb", type=float, default=5.0)
    args = parser.parse_args(argv)
    if args.kind == "mixed":
        result = write_mixed(args.out, args.employees, args.comments, args.chats)
    elif args.kind == "structured":
        result = write_structured(args.out, args.rows, args.format)
    elif args.kind in SHAPES:
        # Imported when asked: the shapes' modules build on this one.
        module, writer = SHAPES[args.kind]
        result = getattr(importlib.import_module(module), writer)(args.out, args.rows, args.format)
    else:
        result = write_large_csv(args.out, args.size_gb)
    for name, rows in result.files.items():
        print(f"{args.out / name}\t{rows} rows")


if __name__ == "__main__":
    main()
