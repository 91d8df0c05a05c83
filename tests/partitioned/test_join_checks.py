"""join_checks: the joins of the input are found from the data and checked in the output by
digests (the session's engine run of the small HR bundle: employees.manager_id and
survey.employee_id both join employees.employee_id)."""

from __future__ import annotations

import json

import pytest

from tests.helpers.engine_run import EngineRun, by_name, plant, recheck, split


@pytest.fixture
def run(northwind_run: EngineRun) -> EngineRun:
    return northwind_run.copy()


def test_the_clean_run_checks_both_joins_and_says_what_it_measured(run: EngineRun) -> None:
    joins = by_name(run.verification)["joins"]
    assert joins.status == "pass" and joins.gating
    # manager_id -> employee_id (4 managers named: 1001, 1002, 1004 and 1001 again), and
    # survey.employee_id -> employee_id (1002, 1003, 1004, 1005).
    assert joins.counts["joins_checked"] == 2
    assert joins.counts["values_checked"] == 3 + 4
    assert joins.counts["values_broken"] == 0
    entry = joins.manifest_entry()
    assert "2 join(s) found in the input" in entry["measured"]
    assert "still joins the same row" in entry["reason"]


def test_a_manager_id_that_names_another_row_rejects(run: EngineRun) -> None:
    # Row 2's manager is employee 1002 (row 1); its output now names row 3's employee: a
    # value that still joins, but another row.
    out = run.out("employees")
    plant(run, "employees", "manager_id", 2, out["employee_id"][3])
    v = recheck(run)
    joins = by_name(v)["joins"]
    assert not joins.passed and joins.rejects and not v.passed
    assert joins.counts["values_broken"] == 1
    [finding] = [f for f in v.findings if f["check"] == "join"]
    assert (finding["table"], finding["column"], finding["row"]) == ("employees", "manager_id", 2)
    assert finding["detail"] == "no longer joins employees.employee_id"
    assert finding["digest"].startswith("hmac-sha256:")
    # the value itself is nowhere but under its keyed digest (whose hex may hold any digits)
    assert "1002" not in json.dumps({k: v for k, v in finding.items() if k != "digest"})


def test_a_child_id_that_joins_nothing_rejects(run: EngineRun) -> None:
    plant(run, "survey", "employee_id", 0, 990017)
    v = recheck(run)
    assert not by_name(v)["joins"].passed
    rows = [(f["table"], f["column"], f["row"]) for f in v.findings if f["check"] == "join"]
    assert rows == [("survey", "employee_id", 0)]


def test_two_parent_rows_sharing_an_output_reject(run: EngineRun) -> None:
    out = run.out("employees")
    plant(run, "employees", "employee_id", 4, out["employee_id"][0])
    joins = by_name(recheck(run))["joins"]
    assert not joins.passed and joins.counts["parents_merged"] == 1


@pytest.mark.parametrize("rows", [1, 2])
def test_a_broken_join_is_found_alike_in_any_partitioning(run: EngineRun, rows: int) -> None:
    whole = run.copy()
    out = run.out("employees")
    for r in (run, whole):
        plant(r, "employees", "manager_id", 4, out["employee_id"][0])
    split(run, "employees", rows)
    a, b = by_name(recheck(run))["joins"], by_name(recheck(whole))["joins"]
    assert (a.status, a.counts) == (b.status, b.counts) and not a.passed


def test_columns_kept_whole_and_read_by_buckets_check_alike(
    run: EngineRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small columns are read once and kept; past the budget each pair is read a run of
    buckets at a time. Both ways find the same joins and the same broken value."""
    from anonymizers.partitioned import join_checks

    out = run.out("employees")
    plant(run, "employees", "manager_id", 4, out["employee_id"][0])
    kept = by_name(recheck(run))["joins"]
    monkeypatch.setattr(join_checks, "KEPT_DIGESTS", 0)
    streamed = by_name(recheck(run))["joins"]
    assert (kept.status, kept.counts) == (streamed.status, streamed.counts)
    assert kept.counts["values_broken"] == 1 and kept.counts["joins_checked"] == 2
