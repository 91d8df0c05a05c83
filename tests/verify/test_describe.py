"""describe: every check says what it measured and why, with no value in the words."""

from __future__ import annotations

from anonymizers.verify.describe import FAIL, NOT_APPLICABLE, PASS, WORDING, describe


def test_structure_without_foreign_keys_passes_and_says_no_join_was_checked() -> None:
    counts = {"tables": 3, "foreign_keys_checked": 0, "problems": 0}
    measured, reason = describe("structure", PASS, counts)
    assert "3 table(s)" in measured
    assert reason == (
        "row counts, columns and types kept; no foreign key between tables, so no join was checked"
    )
    _, joined = describe("structure", PASS, {**counts, "foreign_keys_checked": 2})
    assert joined.endswith("all 2 foreign key(s) still join")


def test_the_partitioned_structure_check_is_worded_by_its_own_counts() -> None:
    measured, reason = describe(
        "structure", PASS, {"rows_in": 10, "rows_out": 9, "rows_excluded": 1}
    )
    assert measured.startswith("rows in against rows out") and "excluded" in reason


def test_each_status_has_its_own_reason() -> None:
    for name, wording in WORDING.items():
        reasons = {describe(name, s, {})[1] for s in (PASS, FAIL, NOT_APPLICABLE)}
        assert wording.measured and all(reasons), name
    assert len({describe("leak_check", s, {})[1] for s in (PASS, FAIL, NOT_APPLICABLE)}) == 3


def test_an_unknown_check_still_gets_a_reason() -> None:
    assert describe("fairness_gate", FAIL, {}) == ("", "problems found (see Findings)")


def test_the_gates_new_lines_say_what_they_measured_on_how_much_and_why() -> None:
    kept = {"columns": 3, "cells_searched": 1200, "values_searched": 450, "hits": 4,
            "leaks": 0, "cleared": 4, "cleared_category": 4}  # fmt: skip
    measured, reason = describe("kept_columns_leak_check", PASS, kept)
    assert "1,200 cell(s) of 3 output column(s)" in measured and "450 real value(s)" in measured
    assert reason.startswith("no leak: 4 hit(s) found") and "category 4" in reason
    _, clean = describe("kept_columns_leak_check", PASS, {**kept, "hits": 0, "cleared": 0})
    assert clean == "no real value was found in a kept column"
    joins = {"columns": 5, "joins_checked": 2, "values_checked": 130, "values_broken": 0,
             "parents_merged": 0}  # fmt: skip
    measured, reason = describe("joins", PASS, joins)
    assert "2 join(s) found in the input" in measured and "130 distinct" in measured
    assert "still joins the same row" in reason
    _, none = describe("joins", NOT_APPLICABLE, {**joins, "joins_checked": 0})
    assert "no join to check" in none
    _, broken = describe("joins", FAIL, {**joins, "values_broken": 3})
    assert broken.startswith("3 joining value(s) no longer join the same row")
    measured, reason = describe("schema", PASS, {"tables": 2, "columns": 9, "problems": 0})
    assert "2 table(s) (9 input columns)" in measured and "with its type" in reason


def test_a_sweep_that_counted_timestamps_says_how_many_and_why() -> None:
    counts = {"columns": 2, "matches": 0, "unexplained": 0, "cleared": 0}
    _, plain = describe("pattern_sweep", PASS, counts)
    _, said = describe("pattern_sweep", PASS, {**counts, "timestamp_cells": 1_000_000})
    assert said.startswith(plain) and "1,000,000 cells" in said and "date and time" in said
