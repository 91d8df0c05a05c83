"""verify: the independent checks pass a clean transform and catch planted problems.

Each problem is planted in the *output* of a real transform of a small HR + support
bundle (built by tests/transform/test_apply.py), then the checks run as the flow runs them.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import polars as pl
import pytest

from anonymizers.detect.patterns import luhn_ok
from anonymizers.detect.text import TextDetector
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.transform.apply import TableResult
from anonymizers.verify.checks import run_checks
from anonymizers.verify.outcome import Check, Verification
from anonymizers.verify.residual import residual_scan, upper_bound
from anonymizers.verify.structure import structure_check, unchanged_cells_check
from tests.helpers.transform_run import Run, append_text, plant, run_transform

pytestmark = pytest.mark.model  # loads the spaCy model

GATING = {"leak_check", "replaced_cells_changed", "pattern_sweep", "structure"}


def check(run: Run, detector: TextDetector | None = None) -> Verification:
    return run_checks(run.bundle.tables, run.results, run.plan, run.ctx, detector, seed="run-1")


def by_name(v: Verification) -> dict:
    return {c.name: c for c in v.checks}


def card_number(prefix: str = "453201", length: int = 16) -> str:
    """A Luhn-valid card number, grouped in fours like a customer would type it."""
    body = (prefix + "7740318")[: length - 1]
    check_digit = next(d for d in "0123456789" if luhn_ok(body + d))
    digits = body + check_digit
    return " ".join(digits[i : i + 4] for i in range(0, length, 4))


def test_clean_transform_passes_every_gating_check(run: Run, detector: TextDetector) -> None:
    v = check(run, detector)
    checks = by_name(v)
    assert set(checks) >= GATING
    assert all(checks[name].passed for name in GATING)
    assert all(checks[name].gating for name in GATING)
    assert v.passed and v.findings == []
    assert checks["leak_check"].counts["values_searched"] >= 30
    # survey.employee_id → employees.employee_id and manager_id → employee_id
    assert checks["structure"].counts["foreign_keys_checked"] >= 2
    residual = checks["residual_scan"]
    assert not residual.gating and residual.counts["cells_scanned"] > 0


def test_injected_email_fails_the_leak_check(run: Run) -> None:
    leaked = run.inp("employees")["email"][3]
    append_text(run, "survey", "comment", 1, f" Mail {leaked} instead.")
    v = check(run)
    assert not by_name(v)["leak_check"].passed and not v.passed
    [finding] = [f for f in v.findings if f["check"] == "leak"]
    assert finding["entity"] == "EMAIL_ADDRESS"
    assert (finding["table"], finding["column"], finding["row"]) == ("survey", "comment", 1)
    assert finding["digest"] == run.ctx.pseudonymizer.digest("EMAIL_ADDRESS", leaked)
    assert re.fullmatch(r"hmac-sha256:[0-9a-f]{16}", finding["digest"])
    assert leaked not in json.dumps(finding) and "halvorsen" not in json.dumps(finding)


def test_injected_name_in_capitals_fails_the_leak_check(run: Run) -> None:
    append_text(run, "tickets", "transcript", 1, " Escalated to OKAFOR.")
    v = check(run)
    hits = [f for f in v.findings if f["check"] == "leak"]
    assert [(f["entity"], f["table"], f["row"]) for f in hits] == [("LAST_NAME", "tickets", 1)]


def test_raw_ssn_in_output_text_fails_the_pattern_sweep(run: Run) -> None:
    append_text(run, "tickets", "transcript", 0, " My SSN is 536-22-8471.")
    v = check(run)
    assert not by_name(v)["pattern_sweep"].passed and not v.passed
    found = [f for f in v.findings if f["check"] == "pattern_sweep"]
    assert [(f["entity"], f["table"], f["column"], f["row"]) for f in found] == [
        ("US_SSN", "tickets", "transcript", 0)
    ]
    assert "536-22-8471" not in json.dumps(found)


def test_luhn_valid_card_in_output_text_fails_the_pattern_sweep(run: Run) -> None:
    card = card_number()
    assert luhn_ok(card.replace(" ", ""))
    append_text(run, "survey", "comment", 3, f" Expenses went on card {card}.")
    v = check(run)
    found = [f for f in v.findings if f["check"] == "pattern_sweep"]
    assert ("CREDIT_CARD", "survey", "comment", 3) in [
        (f["entity"], f["table"], f["column"], f["row"]) for f in found
    ]
    assert not by_name(v)["pattern_sweep"].passed


def test_fakes_issued_in_free_text_do_not_trip_the_pattern_sweep(run: Run) -> None:
    v = check(run)
    sweep = by_name(v)["pattern_sweep"]
    assert sweep.counts["matches"] >= 2  # the fake e-mails and phone in transcripts
    assert sweep.counts["unexplained"] == 0 and sweep.passed


def test_broken_foreign_key_fails_structure(run: Run) -> None:
    plant(run, "survey", "employee_id", 0, 424242)
    v = check(run)
    assert not by_name(v)["structure"].passed and not v.passed
    fk = [f for f in v.findings if f["check"] == "foreign_key"]
    assert [(f["table"], f["column"]) for f in fk] == [("survey", "employee_id")]
    assert "employees.employee_id" in fk[0]["detail"]


def test_dropped_row_fails_structure(run: Run) -> None:
    res = run.results["survey"]
    run.results["survey"] = TableResult(res.df.head(4), res.regions, res.dropped_columns)
    result, findings = structure_check(run.bundle.tables, run.results, run.plan)
    assert not result.passed and result.counts["problems"] == 1
    assert [(f["check"], f["table"]) for f in findings] == [("row_count", "survey")]


def test_dropped_row_fails_structure_through_run_checks(run: Run) -> None:
    res = run.results["survey"]
    run.results["survey"] = TableResult(res.df.head(4), res.regions, res.dropped_columns)
    v = check(run)
    assert not by_name(v)["structure"].passed
    assert ("row_count", "survey") in [(f["check"], f["table"]) for f in v.findings]


def test_unreplaced_structured_cell_fails_replaced_cells_changed(run: Run) -> None:
    plant(run, "employees", "phone", 2, run.inp("employees")["phone"][2])
    v = check(run)
    assert not by_name(v)["replaced_cells_changed"].passed
    unchanged = [f for f in v.findings if f["check"] == "unchanged"]
    assert [(f["table"], f["column"], f["row"]) for f in unchanged] == [("employees", "phone", 2)]


def test_upper_bound_with_no_hits_is_the_rule_of_three() -> None:
    for n in (50, 300, 2000):
        assert math.isclose(upper_bound(0, n), 3 / n, rel_tol=0.01)
    assert upper_bound(0, 0) == 1.0


def test_upper_bound_grows_with_hits_and_covers_the_observed_rate() -> None:
    n = 400
    bounds = [upper_bound(k, n) for k in range(0, 21)]
    assert all(a < b for a, b in pairwise(bounds))
    assert all(b > k / n for k, b in enumerate(bounds))
    assert math.isclose(upper_bound(n, n), 1.0)


def test_findings_and_review_never_contain_an_original_value(run: Run) -> None:
    emp = run.inp("employees")
    append_text(
        run, "survey", "comment", 0, f" Reach me at {emp['email'][0]} or {emp['phone'][0]}."
    )
    append_text(run, "tickets", "transcript", 1, f" Card {card_number()} and SSN 536-22-8471.")
    plant(run, "survey", "employee_id", 2, 424242)
    v = check(run, run.detector)
    dumped = json.dumps([v.findings, v.review, run.ctx.review])
    assert v.findings and run.ctx.review  # there is something to leak into
    originals: set[str] = {"536-22-8471"}
    for table in run.bundle.tables:
        for dec in run.plan.tables[table.name]:
            if dec.kind == "entity":
                originals.update(str(x) for x in table.df[dec.column].drop_nulls().to_list())
    for (tname, col), rows in run.ctx.spans.items():
        texts = next(t for t in run.bundle.tables if t.name == tname).df[col].to_list()
        originals.update(
            t[s.start : s.end] for t, spans in zip(texts, rows, strict=True) for s in spans
        )
    for value in originals:
        if len(value) >= 4:
            pattern = rf"(?<![0-9A-Za-z]){re.escape(value)}(?![0-9A-Za-z])"
            assert not re.search(pattern, dumped, re.IGNORECASE), value


def test_hashed_integer_ids_pass_structure(folder: Path, detector: TextDetector) -> None:
    r = run_transform(folder, detector, policy=Policy(operators={"ID": "hash"}))
    assert r.inp("survey").schema["employee_id"] == pl.Int64
    v = check(r)
    assert by_name(v)["structure"].passed, v.findings


def test_leak_after_turkish_dotted_capital_i_is_found(run: Run) -> None:
    leaked = run.inp("tickets")["customer_email"][0]
    append_text(run, "tickets", "transcript", 0, f" İlkay forwarded it to {leaked}.")
    v = check(run)
    assert not by_name(v)["leak_check"].passed


# --- three-valued status, what was measured, the residual scan's method and limit --------


def with_policy(run: Run, policy: Policy) -> Run:
    """The same transform checked under another policy (the verification section)."""
    run.ctx.policy = policy
    return run


def test_every_check_says_what_it_measured_and_why_it_passed(
    run: Run, detector: TextDetector
) -> None:
    entries = [c.manifest_entry() for c in check(run, detector).checks]
    for entry in entries:
        assert entry["status"] in ("pass", "fail", "not_applicable")
        assert entry["passed"] is (entry["status"] == "pass")
        assert entry["measured"] and entry["reason"], entry["name"]
    structure = next(e for e in entries if e["name"] == "structure")
    assert "foreign key(s) still join" in structure["reason"]
    residual = next(e for e in entries if e["name"] == "residual_scan")
    assert residual["gating"] is False and "estimate for review, not a gate" in residual["reason"]


def test_no_replaced_column_is_not_applicable_never_a_pass(run: Run) -> None:
    kept = Plan(
        {
            name: [replace(d, operator="keep") for d in decs]
            for name, decs in run.plan.tables.items()
        },
        run.plan.files,
    )
    result, findings = unchanged_cells_check(run.bundle.tables, run.results, kept)
    assert result.counts == {"columns": 0, "cells": 0} and findings == []
    assert result.status == "not_applicable" and not result.rejects
    entry = result.manifest_entry()
    assert entry["passed"] is False and entry["status"] == "not_applicable"
    assert "no column was replaced" in entry["reason"]
    assert Verification([result], [], []).passed  # nothing measured never rejects


def test_a_failed_gating_check_rejects_and_a_failed_estimate_does_not() -> None:
    gate = Check("structure", False, {"tables": 2, "foreign_keys_checked": 0, "problems": 1})
    estimate = Check("partitions", False, {"partitions": 3}, gating=False)
    assert Verification([estimate], [], []).passed
    v = Verification([gate, estimate, Check("leak_check", True, {"hits": 0})], [], [])
    assert not v.passed and v.failed == [gate]
    assert gate.manifest_entry()["reason"] == "rows, columns, types or joins changed (see Findings)"


def test_residual_scan_with_no_text_is_not_applicable(run: Run, detector: TextDetector) -> None:
    result, review = residual_scan(run.ctx, [], detector, 2000, "run-1")
    assert result.status == "not_applicable" and review == []
    assert result.counts["cells_scanned"] == 0 and "upper_bound_per_10000" not in result.counts
    assert result.manifest_entry()["reason"] == "no output text cell to re-scan"


def test_residual_scan_states_its_method_sample_and_confidence(
    run: Run, detector: TextDetector
) -> None:
    residual = by_name(check(run, detector))["residual_scan"]
    counts = residual.counts
    assert counts["cells_scanned"] == counts["cells_in_scope"] > 0  # a small bundle: all
    assert counts["confidence_percent"] == 95
    n, flagged = counts["cells_scanned"], counts["cells_flagged"]
    assert counts["upper_bound_per_10000"] == math.ceil(upper_bound(flagged, n) * 10000)
    assert counts["flagged_per_10000"] == round(flagged * 10000 / n)
    for words in ("random sample", "Wilson", "95%", "outside the replacement regions"):
        assert words in residual.measured


def test_an_unreplaced_name_in_text_is_counted_by_the_residual_scan(
    run: Run, detector: TextDetector
) -> None:
    before = by_name(check(run, detector))["residual_scan"].counts["cells_flagged"]
    append_text(run, "survey", "comment", 3, " Ask Dr. Annika Vestergaard-Holm about it.")
    verification = check(run, detector)
    after = by_name(verification)["residual_scan"]
    assert after.counts["cells_flagged"] == before + 1 and after.counts["spans_flagged"] >= 1
    assert not after.gating and after.status == "pass"  # no limit in the policy: no gate
    # A reviewer can act on the item: where it is, the words around it, a keyed digest;
    # the flagged name itself is masked (issue 22: the context said only "residual scan").
    (item,) = [i for i in verification.review
               if (i["table"], i["column"], i["row"]) == ("survey", "comment", 3)]  # fmt: skip
    assert "Ask Dr. [PERSON] about it." in item["context"]
    assert "Annika" not in item["context"] and "Vestergaard" not in item["context"]
    assert item["digest"] and item["detail"].startswith("residual scan")
    assert all(i["context"].startswith("…") and i["digest"] for i in verification.review)


def test_residual_limit_in_the_policy_makes_the_scan_a_gate(
    run: Run, detector: TextDetector
) -> None:
    loose = with_policy(run, Policy(verification={"residual_limit_per_10000": 10000}))
    residual = by_name(check(loose, detector))["residual_scan"]
    assert residual.gating and residual.status == "pass"
    assert "within the policy limit of 10,000 per 10,000" in residual.reason
    # Under a strict limit, a small sample cannot show the share is that low: rejected.
    strict = with_policy(run, Policy(verification={"residual_limit_per_10000": 1}))
    v = check(strict, detector)
    residual = by_name(v)["residual_scan"]
    assert residual.rejects and not v.passed and v.failed == [residual]
    assert residual.counts["limit_per_10000"] == 1
    assert "above the policy limit of 1 per 10,000" in residual.reason


def _set_cell(run: Run, table: str, col: str, row: int, text: str, regions: list) -> None:
    """One free-text cell with the replacement regions the transform would have recorded."""
    plant(run, table, col, row, text)
    res = run.results[table]
    per_row = [list(r) for r in res.regions[col]]
    per_row[row] = regions
    run.results[table] = TableResult(res.df, {**res.regions, col: per_row}, res.dropped_columns)


def test_a_fake_read_whole_is_not_counted_but_a_missed_surname_is(
    run: Run, detector: TextDetector
) -> None:
    text = "Shout-out to Darryl Bishop for covering my shifts in March."
    first, last = (13, 19), (20, 26)  # "Darryl" and "Bishop" as two replacements
    _set_cell(run, "survey", "comment", 3, text, [first, last])
    whole = by_name(check(run, detector))["residual_scan"].counts["cells_flagged"]
    _set_cell(run, "survey", "comment", 3, text, [first])  # the surname was missed
    missed = by_name(check(run, detector))["residual_scan"].counts["cells_flagged"]
    assert missed == whole + 1


# -- the gate rejects only leaks (issue 21) -------------------------------------------


def fill(run: Run, table: str, col: str, values: list[str]) -> None:
    for row, value in enumerate(values):
        plant(run, table, col, row, value)


def test_timestamps_with_fractions_in_a_kept_column_are_not_phones(run: Run) -> None:
    stamps = ["2025-01-21 22:35:12.260447+00", "2025-01-22 08:01:40.1001+00",
              "2025-02-03 17:45:09.5012+00"]  # fmt: skip
    fill(run, "tickets", "priority", stamps)
    v = check(run)
    sweep = by_name(v)["pattern_sweep"]
    assert sweep.passed and sweep.counts["cleared"] >= 3
    # "1001" is an employee id and a whole word of the second stamp's fraction.
    leak = by_name(v)["leak_check"]
    assert leak.passed and leak.counts["cleared_shape"] >= 1
    assert v.passed
    reasons = {(c["check"], c["cleared"]) for c in v.cleared}
    assert ("pattern_sweep", "shape") in reasons and ("leak", "shape") in reasons
    assert all("2025-01" not in json.dumps(c) for c in v.cleared)


def test_a_kept_category_that_shares_a_surname_is_cleared_and_listed(run: Run) -> None:
    fill(run, "tickets", "priority", ["Okafor Express"] * 3)
    v = check(run)
    leak = by_name(v)["leak_check"]
    assert leak.passed and leak.counts["cleared_category"] == 3, leak.counts
    [entity] = {c["entity"] for c in v.cleared if c["check"] == "leak"}
    assert entity == "LAST_NAME"
    assert all(c["digest"].startswith("hmac-sha256:") for c in v.cleared)


def test_the_same_surname_in_one_kept_row_only_is_a_leak(run: Run) -> None:
    plant(run, "tickets", "priority", 1, "call Mrs Okafor")  # a title: this names her
    v = check(run)
    assert not by_name(v)["leak_check"].passed and not v.passed
    [finding] = [f for f in v.findings if f["check"] == "leak"]
    assert (finding["table"], finding["column"], finding["row"]) == ("tickets", "priority", 1)


def test_a_kept_column_built_from_each_rows_own_surname_is_a_leak(run: Run) -> None:
    # Each employee's kept "department" reads "<their own surname> Team": far above chance.
    surnames = run.inp("employees")["last_name"].to_list()
    fill(run, "employees", "department", [f"{s} Team" for s in surnames])
    v = check(run)
    leaks = sorted((f["table"], f["row"]) for f in v.findings if f["check"] == "leak")
    assert leaks == [("employees", i) for i in range(len(surnames))]
    assert not v.passed


def test_one_echo_in_a_category_is_a_coincidence_cleared_with_its_figures(run: Run) -> None:
    # Five rows hold "Okafor Team"; one of them is Okafor's own row (index 2): as often as
    # chance has it (one row in five holds the name), so cleared and listed, not a leak.
    fill(run, "employees", "department", ["Okafor Team"] * 5)
    v = check(run)
    leak = by_name(v)["leak_check"]
    assert leak.passed and leak.counts["cleared_coincidence"] == 1, leak.counts
    assert leak.counts["cleared_category"] == 4
    [echo] = [c for c in v.cleared if c["cleared"] == "coincidence"]
    assert (echo["table"], echo["row"]) == ("employees", 2)
    assert "1 of 5" in echo["detail"] and "1.0 expected by chance" in echo["detail"]
    assert "okafor" not in json.dumps(v.cleared).lower()


def test_targets_are_built_from_the_input_not_the_transform(run: Run) -> None:
    # Empty the transform's own list: the gate still finds a planted phone.
    run.ctx.leak_targets = {}
    leaked = run.inp("employees")["phone"][3]
    append_text(run, "survey", "comment", 0, f" Call {leaked}.")
    v = check(run)
    leak = by_name(v)["leak_check"]
    assert not leak.passed and leak.counts["targets_structured"] >= 20
    assert leak.counts["targets_patterns"] >= 1  # (415) 555-0134 in a ticket's text


def test_identifiers_the_policy_keeps_are_cleared_not_rejected(folder: Path) -> None:
    r = run_transform(
        folder, TextDetector(Policy()), policy=Policy(operators={"PHONE_NUMBER": "keep"})
    )
    v = check(r)
    sweep = by_name(v)["pattern_sweep"]
    assert sweep.passed and sweep.counts["cleared"] >= 5, sweep.counts
    kept = [c for c in v.cleared if c["check"] == "pattern_sweep"]
    assert {c["cleared"] for c in kept} == {"kept by policy"}
    assert {c["entity"] for c in kept} == {"PHONE_NUMBER"}


def test_a_page_many_texts_link_to_is_cleared_and_a_single_link_is_not(run: Run) -> None:
    rows = run.out("survey")["comment"]
    page = "https://intranet.example.org/hr/policies/leave-2024"
    assert len(rows) >= 5
    for row in range(len(rows)):
        append_text(run, "survey", "comment", row, f" See {page}.")
    v = check(run)
    sweep = by_name(v)["pattern_sweep"]
    assert sweep.passed, sweep.counts
    assert any(c["cleared"] == "shared page" for c in v.cleared if c["check"] == "pattern_sweep")
    append_text(run, "survey", "comment", 0, " My blog: https://www.quietpages.net/posts/77")
    assert not by_name(check(run))["pattern_sweep"].passed
