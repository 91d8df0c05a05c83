"""summary: a rejected run in about ten lines of places and types, never a value.

Problems are planted in the output of a real engine run of the small HR + support bundle
(the session's engine run), then the engine's checks run again (``engine_run.recheck``).
"""

from __future__ import annotations

import json

import pytest

from anonymizers.verify.summary import MAX_PLACES, rejection_summary
from tests.helpers.engine_run import EngineRun, by_name, plant, recheck

pytestmark = pytest.mark.model  # the engine run loads the spaCy model


def test_certified_run_has_no_summary(run: EngineRun) -> None:
    v = run.verification
    assert v.passed and rejection_summary(v) == []


def test_summary_names_failed_checks_and_places_with_types_and_counts(run: EngineRun) -> None:
    emp = run.inp("employees")
    for row in range(5):  # every e-mail left in its own column
        plant(run, "employees", "email", row, emp["email"][row])
    comment = run.out("survey")["comment"][1]
    plant(run, "survey", "comment", 1, f"{comment} Call {emp['phone'][4]} or mail "
           f"{emp['email'][4]}.")  # fmt: skip
    v = recheck(run)
    lines = rejection_summary(v)
    failed = [line for line in lines if line.startswith("failed check: ")]
    assert {line.split(" ")[2] for line in failed} == {c.name for c in v.failed}
    assert not by_name(v)["leak"].passed and not by_name(v)["leak_check"].passed
    assert any(line.startswith("failed check: leak (") for line in failed)
    email = next(line for line in lines if line.strip().startswith("employees.email:"))
    assert "EMAIL_ADDRESS" in email and "[leak]" in email  # the findings' kinds
    comment_line = next(line for line in lines if line.strip().startswith("survey.comment:"))
    assert "EMAIL_ADDRESS" in comment_line and "PHONE_NUMBER" in comment_line
    assert lines.index(email) < lines.index(comment_line)  # most findings first
    assert len(lines) <= len(v.failed) + MAX_PLACES + 1
    text = json.dumps(lines)
    for value in [*emp["email"].to_list(), *emp["phone"].to_list(), "northwind-logistics"]:
        assert value not in text


def test_places_beyond_the_limit_are_counted_not_listed(run: EngineRun) -> None:
    inp = run.inp("employees")
    for column in ("first_name", "last_name", "email", "phone"):
        plant(run, "employees", column, 0, inp[column][0])
    v = recheck(run)
    lines = rejection_summary(v, places=2)
    places = [line for line in lines if line.startswith("  ")]
    assert len(places) == 3 and places[-1].startswith("  and ")
    assert "more place(s)" in places[-1]
