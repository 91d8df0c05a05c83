"""gate: a run without free text still hunts real values in its kept columns and checks
its joins, with the same verdict and counts for any partition size (engine runs, no
re-check)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.engine_run import EngineRun, by_name, run_engine

pytestmark = pytest.mark.model  # planning the export loads the spaCy model
KEY = b"gate-structured-export-pseudonym-key-77"
CUSTOMERS = """\
customer_id,full_name,email,country
C-10041,Aurélie Marchand,aurelie.marchand@orange.fr,France
C-10042,Joaquín Herrera,joaquin.herrera@telefonica.es,Spain
C-10043,Katarzyna Nowak,k.nowak@onet.pl,Poland
C-10044,Pieter de Vries,pieter.devries@ziggo.nl,Netherlands
C-10045,Sofia Lindgren,sofia.lindgren@telia.se,Sweden
C-10046,Luca Bianchi,luca.bianchi@libero.it,Italy
"""
ORDERS = [
    ("O-88101", "C-10041", "shipped"), ("O-88102", "C-10043", "shipped"),
    ("O-88103", "C-10041", "returned"), ("O-88104", "C-10045", "pending"),
    ("O-88105", "C-10046", "shipped"), ("O-88106", "C-10042", "cancelled"),
    ("O-88107", "C-10044", "shipped"),
]  # fmt: skip


def write(folder: Path, status_of_one: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    rows = [list(r) for r in ORDERS]
    if status_of_one is not None:
        rows[4][2] = status_of_one
    lines = ["order_id,customer_id,status", *(",".join(r) for r in rows)]
    (folder / "orders.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def counts(run: EngineRun) -> dict:
    return {c.name: (c.status, c.counts) for c in run.verification.checks
            if c.name in ("kept_columns_leak_check", "joins", "schema", "leak")}  # fmt: skip


def test_a_structured_run_searches_kept_columns_and_checks_joins(tmp_path: Path) -> None:
    run = run_engine(write(tmp_path / "export"), tmp_path / "work", KEY)
    checks = by_name(run.verification)
    assert run.verification.passed, run.verification.findings
    kept = checks["kept_columns_leak_check"]
    assert kept.status == "pass" and kept.counts["values_searched"] > 0
    assert kept.counts["cells_searched"] == 7 + 6  # orders.status, customers.country
    joins = checks["joins"]
    assert joins.status == "pass" and joins.counts["joins_checked"] == 1
    assert joins.counts["values_checked"] == 6
    assert checks["schema"].status == "pass"


@pytest.mark.parametrize("rows", [1, 3])
def test_a_real_email_in_a_kept_column_rejects_in_any_partitioning(
    tmp_path: Path, rows: int
) -> None:
    email = "k.nowak@onet.pl"
    folder = write(tmp_path / "export", status_of_one=email)
    whole = run_engine(folder, tmp_path / "whole", KEY)
    parts = run_engine(folder, tmp_path / "parts", KEY, rows=rows)
    assert len(parts.prepared.splits[1].parts) > 1
    for run in (whole, parts):
        v = run.verification
        assert not by_name(v)["kept_columns_leak_check"].passed and not v.passed
        [finding] = [f for f in v.findings if f["check"] == "leak"]
        assert (finding["table"], finding["column"], finding["row"]) == ("orders", "status", 4)
        assert finding["entity"] == "EMAIL_ADDRESS"
        assert email not in json.dumps(v.findings)
    assert counts(whole) == counts(parts)


def test_a_bare_id_core_in_a_kept_column_rejects_without_free_text(tmp_path: Path) -> None:
    """The index of a run without free text holds only what a kept cell can hold
    (``kept_targets``): an id's core alone ("10043" of C-10043) is still hunted."""
    run = run_engine(write(tmp_path / "export", status_of_one="10043"), tmp_path / "w", KEY)
    v = run.verification
    assert not by_name(v)["kept_columns_leak_check"].passed and not v.passed
    [finding] = [f for f in v.findings if f["check"] == "leak"]
    assert (finding["table"], finding["column"], finding["row"], finding["entity"]) == (
        "orders", "status", 4, "ID"
    )  # fmt: skip
    assert by_name(v)["kept_columns_leak_check"].counts["values_searched"] >= 6 * 3 + 7
