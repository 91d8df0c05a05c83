"""summary: a rejected run in about ten lines of places and types, never a value.

Problems are planted in the output of a real transform of the small HR + support bundle
(tests/helpers/transform_run.py), then the checks run as the flow runs them.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from anonymizers.detect.text import TextDetector
from anonymizers.policy import Policy
from anonymizers.transform.apply import TableResult
from anonymizers.verify.checks import run_checks
from anonymizers.verify.outcome import Verification
from anonymizers.verify.summary import MAX_PLACES, rejection_summary
from tests.helpers.transform_run import Run, run_transform, write_bundle

pytestmark = pytest.mark.model  # the transform loads the spaCy model


@pytest.fixture(scope="module")
def detector() -> TextDetector:
    return TextDetector(Policy())


@pytest.fixture
def run(tmp_path: Path, detector: TextDetector) -> Run:
    return run_transform(write_bundle(tmp_path / "northwind"), detector)


def _plant(run: Run, table: str, column: str, row: int, value: str) -> None:
    res = run.results[table]
    values = res.df[column].to_list()
    values[row] = value
    df = res.df.with_columns(pl.Series(column, values, dtype=res.df[column].dtype))
    run.results[table] = TableResult(df, res.regions, res.dropped_columns)


def _checks(run: Run) -> Verification:
    return run_checks(run.bundle.tables, run.results, run.plan, run.ctx, None, seed="run-1")


def test_certified_run_has_no_summary(run: Run) -> None:
    v = _checks(run)
    assert v.passed and rejection_summary(v) == []


def test_summary_names_failed_checks_and_places_with_types_and_counts(run: Run) -> None:
    emp = run.inp("employees")
    for row in range(3):  # three e-mails left in their own column
        _plant(run, "employees", "email", row, emp["email"][row])
    comment = run.out("survey")["comment"][1]
    _plant(run, "survey", "comment", 1, f"{comment} Call {emp['phone'][4]} or mail "
           f"{emp['email'][4]}.")  # fmt: skip
    v = _checks(run)
    lines = rejection_summary(v)
    failed = [line for line in lines if line.startswith("failed check: ")]
    assert {line.split(" ")[2] for line in failed} == {c.name for c in v.failed}
    assert any(line.startswith("failed check: replaced_cells_changed (") for line in failed)
    email = next(line for line in lines if line.strip().startswith("employees.email:"))
    assert "EMAIL_ADDRESS" in email and "[leak, unchanged]" in email  # the findings' kinds
    comment_line = next(line for line in lines if line.strip().startswith("survey.comment:"))
    assert "EMAIL_ADDRESS" in comment_line and "PHONE_NUMBER" in comment_line
    assert lines.index(email) < lines.index(comment_line)  # most findings first
    assert len(lines) <= len(v.failed) + MAX_PLACES + 1
    text = json.dumps(lines)
    for value in [*emp["email"].to_list(), *emp["phone"].to_list(), "northwind-logistics"]:
        assert value not in text


def test_places_beyond_the_limit_are_counted_not_listed(run: Run) -> None:
    inp = run.inp("employees")
    for column in ("first_name", "last_name", "email", "phone"):
        _plant(run, "employees", column, 0, inp[column][0])
    v = _checks(run)
    lines = rejection_summary(v, places=2)
    places = [line for line in lines if line.startswith("  ")]
    assert len(places) == 3 and places[-1].startswith("  and ")
    assert "more place(s)" in places[-1]
