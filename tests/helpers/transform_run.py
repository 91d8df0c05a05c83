"""A small HR bundle and one in-memory transform of it, shared by the transform, verify, provenance and bundle tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from anonymizers.detect.text import TextDetector
from anonymizers.plan.bundle import Bundle, load_bundle, plan_bundle
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import (
    Context,
    TableResult,
    build_maps,
    detect_free_text,
    known_values,
    transform_table,
)

KEY = b"northwind-hr-export-pseudonym-key-2025"


EMPLOYEES_CSV = """\
employee_id,first_name,last_name,email,phone,department,manager_id
1001,Yoshita,Gopal,yoshita.gopal@northwind-logistics.com,630-555-0170,Executive,
1002,Morayo,Makinwa,morayo.makinwa@northwind-logistics.com,+1 614 555 0101,Customer Support,1001
1003,Desmond,Okafor,desmond.okafor@northwind-logistics.com,(312) 555-0148,Customer Support,1002
1004,Ingrid,Halvorsen,ingrid.halvorsen@northwind-logistics.com,773-555-0192,Finance,1001
1005,Tobias,Lindqvist,tobias.lindqvist@northwind-logistics.com,847-555-0163,Finance,1004
"""


SURVEY = [
    {
        "response_id": 1,
        "employee_id": 1002,
        "score": 4,
        "comment": "Desmond has been a great help with onboarding the new hires.",
    },
    {
        "response_id": 2,
        "employee_id": 1003,
        "score": 2,
        "comment": "I asked INGRID twice about the travel budget and never heard back.",
    },
    {
        "response_id": 3,
        "employee_id": 1004,
        "score": 5,
        "comment": "Morayo runs the best team meetings; Tobias takes great notes.",
    },
    {
        "response_id": 4,
        "employee_id": 1003,
        "score": 3,
        "comment": "Annual review process felt rushed this year.",
    },
    {
        "response_id": 5,
        "employee_id": 1005,
        "score": 4,
        "comment": "Desmond, say hi to everyone at the Denver site.",
    },
]


TICKETS_CSV = """\
ticket_id,order_id,customer_email,priority,transcript
T-5001,ORD-778812,maria.lopez@example.org,high,"Customer wrote from maria.lopez@example.org about order ORD-778812, which arrived damaged."
T-5002,ORD-778930,kwame.mensah@example.net,low,"Order ORD-778930 is late; please reply to kwame.mensah@example.net when it ships."
T-5003,ORD-779104,maria.lopez@example.org,normal,"Second complaint about ORD-779104. Please call me back on (415) 555-0134."
"""


def write_bundle(folder: Path) -> Path:
    """The three export files plus a README that is not a table."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text("# Northwind HR + support export, 2025-06\n")
    (folder / "employees.csv").write_text(EMPLOYEES_CSV, encoding="utf-8")
    (folder / "survey.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in SURVEY), encoding="utf-8"
    )
    (folder / "tickets.csv").write_text(TICKETS_CSV, encoding="utf-8")
    return folder


@dataclass
class Run:
    bundle: Bundle
    plan: Plan
    ctx: Context
    detector: TextDetector
    results: dict[str, TableResult]

    def inp(self, table: str) -> pl.DataFrame:
        return next(t.df for t in self.bundle.tables if t.name == table)

    def out(self, table: str) -> pl.DataFrame:
        return self.results[table].df


def run_transform(
    folder: Path, detector: TextDetector, key: bytes = KEY, policy: Policy | None = None
) -> Run:
    """Load, plan, detect, map and transform, as the sanitize flow does (without Prefect)."""
    bundle = load_bundle([folder], None)
    if policy is not None:
        bundle.policy = policy
    plan = plan_bundle(bundle, None, detector)
    ctx = Context(Pseudonymizer(key, bundle.policy.locale), bundle.policy)
    with_known = TextDetector(bundle.policy, known_values(bundle.tables, plan, bundle.policy))
    detect_free_text(bundle.tables, plan, with_known, ctx)
    build_maps(bundle.tables, plan, ctx)
    results = {t.name: transform_table(t, plan, ctx) for t in bundle.tables}
    return Run(bundle, plan, ctx, detector, results)


def plant(run: Run, table: str, col: str, row: int, value: object) -> None:
    """Overwrite one output cell, keeping the replacement regions of the table."""
    res = run.results[table]
    series = res.df[col]
    values = series.to_list()
    values[row] = value
    df = res.df.with_columns(pl.Series(col, values, dtype=series.dtype))
    run.results[table] = TableResult(df, res.regions, res.dropped_columns)


def append_text(run: Run, table: str, col: str, row: int, extra: str) -> None:
    """Add text at the end of a free-text cell (existing regions stay valid)."""
    plant(run, table, col, row, run.out(table)[col][row] + extra)
