"""verify: the engine's independent checks pass a clean run and catch planted problems.

Each problem is planted in the *output* of a real engine run of a small HR + support
bundle (tests/helpers/northwind.py, each table one partition), then the engine's own
checks run again on it (``tests/helpers/engine_run.recheck``).
"""

from __future__ import annotations

import json
import math
import re
from itertools import pairwise
from pathlib import Path

import polars as pl
import pytest

from anonymizers.detect.patterns import luhn_ok
from anonymizers.detect.text import TextDetector
from anonymizers.policy import Policy
from anonymizers.transform.apply import TableResult
from anonymizers.verify.columns import column_kinds, output_columns, whole_fake_columns
from anonymizers.verify.leaks import OwnPersonalValues, leak_check
from anonymizers.verify.outcome import Check, Verification
from anonymizers.verify.residual import residual_scan, upper_bound
from tests.helpers.engine_run import (
    EngineRun,
    append_text,
    by_name,
    plant,
    recheck,
    run_engine,
    set_regions,
    text_shared,
    whole,
)
from tests.helpers.northwind import KEY

pytestmark = pytest.mark.model  # the engine run loads the spaCy model

GATING = {
    "leak",
    "leak_check",
    "kept_columns_leak_check",
    "pattern_sweep",
    "structure",
    "schema",
    "joins",
}


def card_number(prefix: str = "453201", length: int = 16) -> str:
    """A Luhn-valid card number, grouped in fours like a customer would type it."""
    body = (prefix + "7740318")[: length - 1]
    check_digit = next(d for d in "0123456789" if luhn_ok(body + d))
    digits = body + check_digit
    return " ".join(digits[i : i + 4] for i in range(0, length, 4))


def test_clean_run_passes_every_gating_check(run: EngineRun) -> None:
    v = run.verification
    checks = by_name(v)
    assert set(checks) >= GATING
    assert all(checks[name].passed for name in GATING)
    assert all(checks[name].gating for name in GATING)
    assert v.passed and v.findings == []
    assert checks["leak_check"].counts["values_searched"] >= 30
    assert checks["leak"].counts["cells_checked"] >= 30
    assert checks["structure"].counts == {"rows_in": 13, "rows_out": 13, "rows_excluded": 0}
    residual = checks["residual_scan"]
    assert not residual.gating and residual.counts["cells_scanned"] > 0


def test_the_recheck_of_a_clean_run_is_the_runs_own_verification(run: EngineRun) -> None:
    """The harness the other tests plant through measures what the engine measured."""
    own = {c.name: (c.passed, c.counts) for c in run.verification.checks}
    again = {c.name: (c.passed, c.counts) for c in recheck(run).checks}
    assert again == {name: own[name] for name in again}
    assert set(own) - set(again) == {"partitions"}


def test_injected_email_fails_the_leak_check(run: EngineRun) -> None:
    leaked = run.inp("employees")["email"][3]
    append_text(run, "survey", "comment", 1, f" Mail {leaked} instead.")
    v = recheck(run)
    assert not by_name(v)["leak_check"].passed and not v.passed
    [finding] = [f for f in v.findings if f["check"] == "leak"]
    assert finding["entity"] == "EMAIL_ADDRESS"
    assert (finding["table"], finding["column"], finding["row"]) == ("survey", "comment", 1)
    assert finding["digest"] == run.ctx.pseudonymizer.digest("EMAIL_ADDRESS", leaked)
    assert re.fullmatch(r"hmac-sha256:[0-9a-f]{16}", finding["digest"])
    assert leaked not in json.dumps(finding) and "halvorsen" not in json.dumps(finding)


def test_injected_name_in_capitals_fails_the_leak_check(run: EngineRun) -> None:
    append_text(run, "tickets", "transcript", 1, " Escalated to OKAFOR.")
    v = recheck(run)
    hits = [f for f in v.findings if f["check"] == "leak"]
    assert [(f["entity"], f["table"], f["row"]) for f in hits] == [("LAST_NAME", "tickets", 1)]


def test_raw_ssn_in_output_text_fails_the_pattern_sweep(run: EngineRun) -> None:
    append_text(run, "tickets", "transcript", 0, " My SSN is 536-22-8471.")
    v = recheck(run)
    assert not by_name(v)["pattern_sweep"].passed and not v.passed
    found = [f for f in v.findings if f["check"] == "pattern_sweep"]
    assert [(f["entity"], f["table"], f["column"], f["row"]) for f in found] == [
        ("US_SSN", "tickets", "transcript", 0)
    ]
    assert "536-22-8471" not in json.dumps(found)


def test_luhn_valid_card_in_output_text_fails_the_pattern_sweep(run: EngineRun) -> None:
    card = card_number()
    assert luhn_ok(card.replace(" ", ""))
    append_text(run, "survey", "comment", 3, f" Expenses went on card {card}.")
    v = recheck(run)
    found = [f for f in v.findings if f["check"] == "pattern_sweep"]
    assert ("CREDIT_CARD", "survey", "comment", 3) in [
        (f["entity"], f["table"], f["column"], f["row"]) for f in found
    ]
    assert not by_name(v)["pattern_sweep"].passed


def test_fakes_issued_in_free_text_do_not_trip_the_pattern_sweep(run: EngineRun) -> None:
    sweep = by_name(run.verification)["pattern_sweep"]
    assert sweep.counts["matches"] >= 2  # the fake e-mails and phone in transcripts
    assert sweep.counts["unexplained"] == 0 and sweep.passed


def test_dropped_row_fails_structure(run: EngineRun) -> None:
    part = run.parts["survey"][0]
    res = part.result
    part.result = TableResult(res.df.head(4), res.regions, res.dropped_columns)
    v = recheck(run)
    structure = by_name(v)["structure"]
    assert not structure.passed and not v.passed
    assert structure.counts == {"rows_in": 13, "rows_out": 12, "rows_excluded": 0}


def test_unreplaced_structured_cell_fails_the_leak_check(run: EngineRun) -> None:
    plant(run, "employees", "phone", 2, run.inp("employees")["phone"][2])
    v = recheck(run)
    assert not by_name(v)["leak"].passed and not v.passed
    found = [f for f in v.findings if f["check"] == "leak"]
    assert [(f["table"], f["column"], f["row"]) for f in found] == [("employees", "phone", 2)]


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


def test_findings_and_review_never_contain_an_original_value(run: EngineRun) -> None:
    emp = run.inp("employees")
    append_text(
        run, "survey", "comment", 0, f" Reach me at {emp['email'][0]} or {emp['phone'][0]}."
    )
    append_text(run, "tickets", "transcript", 1, f" Card {card_number()} and SSN 536-22-8471.")
    plant(run, "employees", "phone", 2, emp["phone"][2])
    v = recheck(run)
    dumped = json.dumps([v.findings, v.review, run.stream.ctx.review, v.cleared])
    assert v.findings and run.stream.ctx.review  # there is something to leak into
    originals: set[str] = {"536-22-8471"}
    for table in run.tables:
        for dec in run.plan.tables[table]:
            if dec.kind == "entity":
                originals.update(str(x) for x in run.inp(table)[dec.column].drop_nulls())
    for (tname, col), rows in run.spans().items():
        texts = run.inp(tname)[col].to_list()
        originals.update(
            t[s.start : s.end] for t, spans in zip(texts, rows, strict=True) for s in spans
        )
    for value in originals:
        if len(value) >= 4:
            pattern = rf"(?<![0-9A-Za-z]){re.escape(value)}(?![0-9A-Za-z])"
            assert not re.search(pattern, dumped, re.IGNORECASE), value


@pytest.fixture(scope="module")
def hashed_ids_kept_phones(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> EngineRun:
    """One run under a policy that hashes ids and keeps phone numbers (two tests share it)."""
    policy = Policy(operators={"ID": "hash", "PHONE_NUMBER": "keep"})
    return run_engine(folder, tmp_path_factory.mktemp("hashed"), KEY, policy)


def test_hashed_integer_ids_pass_structure(hashed_ids_kept_phones: EngineRun) -> None:
    r = hashed_ids_kept_phones
    assert r.inp("survey").schema["employee_id"] == pl.Int64
    v = r.verification
    assert by_name(v)["structure"].passed and by_name(v)["leak"].passed, v.findings
    # The hashes still join (survey.employee_id and manager_id → employees.employee_id).
    # The engine's structure check counts rows only: the joins are checked here.
    ids = set(r.out("employees")["employee_id"].to_list())
    assert set(r.out("survey")["employee_id"].to_list()) <= ids
    assert set(r.out("employees")["manager_id"].drop_nulls().to_list()) <= ids
    assert ids.isdisjoint(str(i) for i in r.inp("employees")["employee_id"].to_list())


def test_leak_after_turkish_dotted_capital_i_is_found(run: EngineRun) -> None:
    leaked = run.inp("tickets")["customer_email"][0]
    append_text(run, "tickets", "transcript", 0, f" İlkay forwarded it to {leaked}.")
    v = recheck(run)
    assert not by_name(v)["leak_check"].passed


# --- three-valued status, what was measured, the residual scan's method and limit --------


def test_every_check_says_what_it_measured_and_why_it_passed(run: EngineRun) -> None:
    entries = [c.manifest_entry() for c in run.verification.checks]
    for entry in entries:
        assert entry["status"] in ("pass", "fail", "not_applicable")
        assert entry["passed"] is (entry["status"] == "pass")
        assert entry["measured"] and entry["reason"], entry["name"]
    structure = next(e for e in entries if e["name"] == "structure")
    assert "every input row is in the output or counted as excluded" in structure["reason"]
    residual = next(e for e in entries if e["name"] == "residual_scan")
    assert residual["gating"] is False and "estimate for review, not a gate" in residual["reason"]


def test_a_failed_gating_check_rejects_and_a_failed_estimate_does_not() -> None:
    gate = Check("structure", False, {"tables": 2, "foreign_keys_checked": 0, "problems": 1})
    estimate = Check("partitions", False, {"partitions": 3}, gating=False)
    assert Verification([estimate], [], []).passed
    v = Verification([gate, estimate, Check("leak_check", True, {"hits": 0})], [], [])
    assert not v.passed and v.failed == [gate]
    assert gate.manifest_entry()["reason"] == "rows, columns, types or joins changed (see Findings)"
    nothing = Check("leak", True, {"cells_checked": 0, "leaks": 0}, applicable=False)
    assert nothing.status == "not_applicable" and not nothing.rejects
    assert nothing.manifest_entry()["passed"] is False
    assert Verification([nothing], [], []).passed  # nothing measured never rejects


def test_residual_scan_with_no_text_is_not_applicable(
    run: EngineRun, detector: TextDetector
) -> None:
    result, review = residual_scan(run.ctx, [], detector, 2000, "run-1")
    assert result.status == "not_applicable" and review == []
    assert result.counts["cells_scanned"] == 0 and "upper_bound_per_10000" not in result.counts
    assert result.manifest_entry()["reason"] == "no output text cell to re-scan"


def test_residual_scan_states_its_method_sample_and_confidence(run: EngineRun) -> None:
    residual = by_name(run.verification)["residual_scan"]
    counts = residual.counts
    assert counts["cells_scanned"] == counts["cells_in_scope"] > 0  # a small bundle: all
    assert counts["confidence_percent"] == 95
    n, flagged = counts["cells_scanned"], counts["cells_flagged"]
    assert counts["upper_bound_per_10000"] == math.ceil(upper_bound(flagged, n) * 10000)
    assert counts["flagged_per_10000"] == round(flagged * 10000 / n)
    for words in ("random sample", "Wilson", "95%", "outside the replacement regions"):
        assert words in residual.measured


def test_an_unreplaced_name_in_text_is_counted_by_the_residual_scan(run: EngineRun) -> None:
    before = by_name(recheck(run))["residual_scan"].counts["cells_flagged"]
    append_text(run, "survey", "comment", 3, " Ask Dr. Annika Vestergaard-Holm about it.")
    verification = recheck(run)
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


def test_residual_limit_in_the_policy_makes_the_scan_a_gate(run: EngineRun) -> None:
    loose = Policy(verification={"residual_limit_per_10000": 10000})
    residual = by_name(recheck(run, loose))["residual_scan"]
    assert residual.gating and residual.status == "pass"
    assert "within the policy limit of 10,000 per 10,000" in residual.reason
    # Under a strict limit, a small sample cannot show the share is that low: rejected.
    strict = Policy(verification={"residual_limit_per_10000": 1})
    v = recheck(run, strict)
    residual = by_name(v)["residual_scan"]
    assert residual.rejects and not v.passed and v.failed == [residual]
    assert residual.counts["limit_per_10000"] == 1
    assert "above the policy limit of 1 per 10,000" in residual.reason


def test_a_fake_read_whole_is_not_counted_but_a_missed_surname_is(run: EngineRun) -> None:
    text = "Shout-out to Darryl Bishop for covering my shifts in March."
    first, last = (13, 19), (20, 26)  # "Darryl" and "Bishop" as two replacements
    plant(run, "survey", "comment", 3, text)
    set_regions(run, "survey", "comment", 3, [first, last])
    whole_fake = by_name(recheck(run))["residual_scan"].counts["cells_flagged"]
    set_regions(run, "survey", "comment", 3, [first])  # the surname was missed
    missed = by_name(recheck(run))["residual_scan"].counts["cells_flagged"]
    assert missed == whole_fake + 1


# -- the gate rejects only leaks (issue 21) -------------------------------------------


def fill(run: EngineRun, table: str, col: str, values: list[str]) -> None:
    for row, value in enumerate(values):
        plant(run, table, col, row, value)


def kept_leak_check(run: EngineRun) -> tuple[Check, list[dict], list[dict]]:
    """The leak check's hunt (``verify/leaks.leak_check``, with the engine's targets) over
    every output column, kept ones included, as the in-memory verification ran it. The
    engine runs the same hunt on its kept columns per partition, decided over the whole
    column (``partitioned/kept_checks.py``; tests/partitioned/test_kept_checks.py)."""
    tables, results = whole(run)
    shared = text_shared(run)
    assert shared is not None
    every = shared.targets.whole()
    targets, matcher = every.targets, every.matcher
    columns = output_columns(tables, results, whole_fake_columns(tables, run.plan))
    own = OwnPersonalValues(tables, results, run.plan)
    return leak_check(
        run.ctx, columns, matcher, column_kinds(run.plan), own,
        run.policy.verification.category_min_rows, targets.unconfirmed,
        every.names, targets.guess_only, targets.id_forms,
    )  # fmt: skip


def test_timestamps_with_fractions_in_a_kept_column_are_not_phones(run: EngineRun) -> None:
    stamps = ["2025-01-21 22:35:12.260447+00", "2025-01-22 08:01:40.1001+00",
              "2025-02-03 17:45:09.5012+00"]  # fmt: skip
    fill(run, "tickets", "priority", stamps)
    v = recheck(run)
    sweep = by_name(v)["pattern_sweep"]
    # Whole timestamps are counted, not swept: every match in one is part of its shape.
    assert sweep.passed and sweep.counts["timestamp_cells"] >= 3
    assert v.passed
    # "1001" is an employee id and a whole word of the second stamp's fraction.
    leak, _, cleared = kept_leak_check(run)
    assert leak.passed and leak.counts["cleared_shape"] >= 1
    assert ("leak", "shape") in {(c["check"], c["cleared"]) for c in cleared}
    assert all("2025-01" not in json.dumps(c) for c in [*v.cleared, *cleared])


def test_a_kept_category_that_shares_a_surname_is_cleared_and_listed(run: EngineRun) -> None:
    fill(run, "tickets", "priority", ["Okafor Express"] * 3)
    leak, _, cleared = kept_leak_check(run)
    assert leak.passed and leak.counts["cleared_category"] == 3, leak.counts
    [entity] = {c["entity"] for c in cleared if c["check"] == "leak"}
    assert entity == "LAST_NAME"
    assert all(c["digest"].startswith("hmac-sha256:") for c in cleared)


def test_the_same_surname_in_one_kept_row_only_is_a_leak(run: EngineRun) -> None:
    plant(run, "tickets", "priority", 1, "call Mrs Okafor")  # a title: this names her
    leak, findings, _ = kept_leak_check(run)
    assert not leak.passed
    [finding] = [f for f in findings if f["check"] == "leak"]
    assert (finding["table"], finding["column"], finding["row"]) == ("tickets", "priority", 1)


def test_a_kept_column_built_from_each_rows_own_surname_is_a_leak(run: EngineRun) -> None:
    # Each employee's kept "department" reads "<their own surname> Team": far above chance.
    surnames = run.inp("employees")["last_name"].to_list()
    fill(run, "employees", "department", [f"{s} Team" for s in surnames])
    leak, findings, _ = kept_leak_check(run)
    leaks = sorted((f["table"], f["row"]) for f in findings if f["check"] == "leak")
    assert leaks == [("employees", i) for i in range(len(surnames))]
    assert not leak.passed


def test_one_echo_in_a_category_is_a_coincidence_cleared_with_its_figures(
    run: EngineRun,
) -> None:
    # Five rows hold "Okafor Team"; one of them is Okafor's own row (index 2): as often as
    # chance has it (one row in five holds the name), so cleared and listed, not a leak.
    fill(run, "employees", "department", ["Okafor Team"] * 5)
    leak, _, cleared = kept_leak_check(run)
    assert leak.passed and leak.counts["cleared_coincidence"] == 1, leak.counts
    assert leak.counts["cleared_category"] == 4
    [echo] = [c for c in cleared if c["cleared"] == "coincidence"]
    assert (echo["table"], echo["row"]) == ("employees", 2)
    assert "1 of 5" in echo["detail"] and "1.0 expected by chance" in echo["detail"]
    assert "okafor" not in json.dumps(cleared).lower()


def test_targets_are_built_from_the_input_not_the_transform(run: EngineRun) -> None:
    # The transform's maps play no part: the gate still finds a planted phone.
    for part in run.parts["survey"]:
        part.ctx.maps = {}
    leaked = run.inp("employees")["phone"][3]
    append_text(run, "survey", "comment", 0, f" Call {leaked}.")
    leak = by_name(recheck(run))["leak_check"]
    assert not leak.passed and leak.counts["values_searched"] >= 30
    shared = text_shared(run)
    assert shared is not None
    targets = shared.targets.whole().targets
    assert targets.sources["structured"] >= 20
    assert any("555-0134" in p for p in targets.by_entity["PHONE_NUMBER"])  # a ticket's text


def test_identifiers_the_policy_keeps_are_cleared_not_rejected(
    hashed_ids_kept_phones: EngineRun,
) -> None:
    v = hashed_ids_kept_phones.verification
    sweep = by_name(v)["pattern_sweep"]
    assert sweep.passed and sweep.counts["cleared"] >= 5, sweep.counts
    kept = [c for c in v.cleared if c["check"] == "pattern_sweep"]
    assert {c["cleared"] for c in kept} == {"kept by policy"}
    assert {c["entity"] for c in kept} == {"PHONE_NUMBER"}


def test_a_page_many_texts_link_to_is_cleared_and_a_single_link_is_not(run: EngineRun) -> None:
    rows = run.out("survey")["comment"]
    page = "https://intranet.example.org/hr/policies/leave-2024"
    assert len(rows) >= 5
    for row in range(len(rows)):
        append_text(run, "survey", "comment", row, f" See {page}.")
    v = recheck(run)
    sweep = by_name(v)["pattern_sweep"]
    assert sweep.passed, sweep.counts
    assert any(c["cleared"] == "shared page" for c in v.cleared if c["check"] == "pattern_sweep")
    append_text(run, "survey", "comment", 0, " My blog: https://www.quietpages.net/posts/77")
    assert not by_name(recheck(run))["pattern_sweep"].passed
