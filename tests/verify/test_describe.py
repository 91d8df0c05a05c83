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
