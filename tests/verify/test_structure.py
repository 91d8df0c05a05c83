"""verify.structure: schema, row counts and foreign-key joins of an output, and replaced
cells that stayed as they were, checked on the engine's output of the small HR bundle.

The engine's own structure check counts rows (``partitioned/checks.py``); these checks
are the joins and the schema, which it does not run (issue 23's port, see the report).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from anonymizers.plan.columns import Plan
from anonymizers.transform.apply import TableResult
from anonymizers.verify.outcome import Verification
from anonymizers.verify.structure import structure_check, unchanged_cells_check
from tests.helpers.engine_run import EngineRun, plant, whole

pytestmark = pytest.mark.model  # the engine run loads the spaCy model


def test_the_engines_output_keeps_schema_rows_and_joins(run: EngineRun) -> None:
    tables, results = whole(run)
    check, findings = structure_check(tables, results, run.plan)
    assert check.passed and findings == []
    # survey.employee_id → employees.employee_id and manager_id → employee_id
    assert check.counts["foreign_keys_checked"] >= 2
    unchanged, found = unchanged_cells_check(tables, results, run.plan)
    assert unchanged.passed and found == [] and unchanged.counts["cells"] > 0


def test_broken_foreign_key_fails_structure(run: EngineRun) -> None:
    plant(run, "survey", "employee_id", 0, 424242)
    check, findings = structure_check(*whole(run), run.plan)
    assert not check.passed
    fk = [f for f in findings if f["check"] == "foreign_key"]
    assert [(f["table"], f["column"]) for f in fk] == [("survey", "employee_id")]
    assert "employees.employee_id" in fk[0]["detail"]


def test_dropped_row_is_a_row_count_finding(run: EngineRun) -> None:
    part = run.parts["survey"][0]
    res = part.result
    part.result = TableResult(res.df.head(4), res.regions, res.dropped_columns)
    check, findings = structure_check(*whole(run), run.plan)
    assert not check.passed and check.counts["problems"] == 1
    assert [(f["check"], f["table"]) for f in findings] == [("row_count", "survey")]


def test_unreplaced_structured_cell_fails_replaced_cells_changed(run: EngineRun) -> None:
    plant(run, "employees", "phone", 2, run.inp("employees")["phone"][2])
    check, findings = unchanged_cells_check(*whole(run), run.plan)
    assert not check.passed
    assert [(f["table"], f["column"], f["row"]) for f in findings] == [("employees", "phone", 2)]


def test_no_replaced_column_is_not_applicable_never_a_pass(run: EngineRun) -> None:
    kept = Plan(
        {
            name: [replace(d, operator="keep") for d in decs]
            for name, decs in run.plan.tables.items()
        },
        run.plan.files,
    )
    tables, results = whole(run)
    result, findings = unchanged_cells_check(tables, results, kept)
    assert result.counts == {"columns": 0, "cells": 0} and findings == []
    assert result.status == "not_applicable" and not result.rejects
    entry = result.manifest_entry()
    assert entry["passed"] is False and entry["status"] == "not_applicable"
    assert "no column was replaced" in entry["reason"]
    assert Verification([result], [], []).passed  # nothing measured never rejects
