"""An HR export with dates tied to people and quasi-identifiers: employees (CSV) and their
tickets (Parquet, real datetimes), and the policy entries that govern it; for the
partitioned engine's and flow's date-shift, k-anonymity and encryption tests."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl

from anonymizers.policy import Policy

FIRST = ["Ingrid", "Tomasz", "Amara", "Luis", "Mei", "Jonas", "Priya", "Chidi", "Ana", "Sven"]
LAST = ["Lindqvist", "Wróbel", "Okafor", "Ortega", "Tanaka", "Berg", "Raman", "Eze", "Dubois"]
#: Postcode districts: most shared by many staff, a few by one or two (below k=3).
POSTCODES = ["SW1A 2AA", "SW1A 1AA", "M1 4BT", "M1 1AE", "LS6 3HN", "LS6 1AB", "EH1 2NG"]
DEPARTMENTS = ["Finance", "Engineering", "Customer Support", "Legal"]

COLUMNS = {
    "employee_id": {"kind": "entity", "entity": "ID"},
    "manager_id": {"kind": "entity", "entity": "ID"},
    "full_name": {"kind": "entity", "entity": "PERSON"},
    "email": {"kind": "entity", "entity": "EMAIL_ADDRESS"},
    **{c: {"kind": "safe"} for c in ("postcode", "gender", "birth_date", "department",
                                     "hire_date", "ticket_id", "opened_at", "priority")},
}  # fmt: skip


def hr_policy_entries(**extra: object) -> dict:
    """The policy as a policy file holds it: the columns, the subjects and ``extra``."""
    return {"columns": COLUMNS, "subjects": {"id_columns": ["employees.employee_id"]}, **extra}


def hr_policy(**extra: object) -> Policy:
    return Policy.model_validate(hr_policy_entries(**extra))


DATES = {"enabled": True, "columns": ["hire_date", "tickets.opened_at"], "max_days": 120}
RISK = {
    "quasi_identifiers": {"employees": ["postcode", "gender", "birth_date"]},
    "sensitive_attribute": {"employees": "department"},
    "generalise": {"employees.postcode": {"method": "prefix", "size": 3},
                   "employees.birth_date": {"method": "age_band", "size": 20}},
    "k": 3,
    "suppress_below_k": True,
}  # fmt: skip


def hr_export(folder: Path, staff: int = 140, tickets: int = 260) -> list[Path]:
    """Employees (CSV) and their tickets (Parquet, with real datetimes)."""
    rng = random.Random(23)
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"E{1000 + i}" for i in range(staff)]
    first = [rng.choice(FIRST) for _ in ids]
    last = [rng.choice(LAST) for _ in ids]
    weights = [30, 25, 20, 15, 6, 3, 1]
    pl.DataFrame(
        {
            "employee_id": ids,
            # Managers are among the first tenth of the staff; the first has none.
            "manager_id": [ids[rng.randrange(max(1, staff // 10))] if i else None
                           for i in range(staff)],
            "full_name": [f"{f} {s}" for f, s in zip(first, last, strict=True)],
            "email": [f"{f.lower()}.{s.lower()}{i}@northwind.example"
                      for i, (f, s) in enumerate(zip(first, last, strict=True))],
            "postcode": rng.choices(POSTCODES, weights, k=staff),
            "gender": rng.choices(["F", "M", None], [48, 48, 4], k=staff),
            "birth_date": [str(date(1950, 1, 1) + timedelta(days=rng.randrange(18_000)))
                           for _ in ids],
            "department": [rng.choice(DEPARTMENTS) for _ in ids],
            "hire_date": [str(date(2005, 1, 1) + timedelta(days=rng.randrange(7_000)))
                          if i % 11 else "" for i in range(staff)],
        }
    ).write_csv(folder / "employees.csv")  # fmt: skip
    start = datetime(2024, 1, 1, 8, 30)
    pl.DataFrame(
        {
            "ticket_id": [f"T-{5000 + i}" for i in range(tickets)],
            "employee_id": [rng.choice(ids) for _ in range(tickets)],
            "opened_at": [
                start + timedelta(minutes=rng.randrange(500_000)) for _ in range(tickets)
            ],
            "priority": [rng.choice(["low", "normal", "high"]) for _ in range(tickets)],
        }
    ).write_parquet(folder / "tickets.parquet")
    return [folder / "employees.csv", folder / "tickets.parquet"]
