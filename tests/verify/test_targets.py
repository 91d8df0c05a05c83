"""verify.targets: the gate's own targets, and which NER guesses it may clear."""

from __future__ import annotations

import polars as pl
import pytest

from anonymizers.detect.spans import Span
from anonymizers.verify.checks import run_checks
from anonymizers.verify.targets import Targets, build_targets
from tests.helpers.transform_run import Run, append_text

pytestmark = pytest.mark.model  # the `run` fixture transforms with the spaCy model


def test_an_ner_guess_nothing_confirms_is_unconfirmed() -> None:
    t = Targets()
    t.add("detected", "PERSON", ["Ciao", "Viele Grüße", "Zbigniew Kowalczyk"], guess=True)
    t.add("detected", "PERSON", ["Rücksendung 4471"], guess=True)
    assert t.unconfirmed("PERSON", "Ciao")
    assert t.unconfirmed("PERSON", "Viele Grüße")
    # A known first name or surname of any locale, or a digit, confirms a guess.
    assert not t.unconfirmed("PERSON", "Zbigniew Kowalczyk")
    assert not t.unconfirmed("PERSON", "Rücksendung 4471")


def test_a_guess_that_another_source_gave_is_confirmed() -> None:
    t = Targets()
    t.add("detected", "PERSON", ["Ciao"], guess=True)
    t.add("structured", "PERSON", ["Ciao"])
    assert not t.unconfirmed("PERSON", "Ciao")
    assert t.sources == {"structured": 0, "patterns": 0, "detected": 1}


def test_targets_come_from_the_input_and_the_plan(run: Run) -> None:
    t = build_targets(run.bundle.tables, run.plan, run.ctx.spans)
    emails = set(run.inp("employees")["email"].to_list())
    assert emails <= t.by_entity["EMAIL_ADDRESS"]
    # The ticket text's phone is found by the gate's own sweep of the input text.
    assert any("555-0134" in v for v in t.by_entity["PHONE_NUMBER"])
    assert t.sources["structured"] >= 20 and t.sources["patterns"] >= 1


def test_guesses_left_elsewhere_reject_only_when_confirmed(run: Run) -> None:
    # Two NER guesses over input words of survey row 3 and row 0: "Annual" (no list knows
    # it) and "Desmond" (a first name in Faker's lists), each planted in another output text.
    text3 = run.inp("survey")["comment"][3]
    text0 = run.inp("survey")["comment"][0]
    assert text3.startswith("Annual") and text0.startswith("Desmond")
    spans = run.ctx.spans[("survey", "comment")]
    spans[3] = [*spans[3], Span(0, 6, "PERSON", 0.6, "ner")]
    spans[0] = [*spans[0], Span(0, 7, "PERSON", 0.6, "ner")]
    append_text(run, "tickets", "transcript", 0, " Annual report attached.")
    v = run_checks(run.bundle.tables, run.results, run.plan, run.ctx, None, seed="t")
    leak = next(c for c in v.checks if c.name == "leak_check")
    # Found in the planted ticket, and in survey row 3 itself (the guess came after the
    # transform here, so its own text was left as it was).
    assert leak.passed and leak.counts["cleared_unconfirmed_guess"] == 2
    where = {(c["table"], c["row"], c["cleared"]) for c in v.cleared if c["check"] == "leak"}
    assert ("tickets", 0, "unconfirmed guess") in where
    append_text(run, "tickets", "transcript", 1, " Desmond will call.")
    v = run_checks(run.bundle.tables, run.results, run.plan, run.ctx, None, seed="t")
    assert not v.passed
    assert {(f["table"], f["row"]) for f in v.findings if f["check"] == "leak"} == {("tickets", 1)}


def test_a_known_span_no_table_holds_is_a_guess_spread_by_the_transform(run: Run) -> None:
    # The transform spreads an NER guess to other cells as a "known" span; the gate
    # trusts "known" only for values (or name words) that a structured column holds.
    text = run.inp("survey")["comment"][3]  # "Annual review process felt rushed ..."
    spans = run.ctx.spans[("survey", "comment")]
    spans[3] = [*spans[3], Span(0, 6, "FIRST_NAME", 1.0, "known")]
    spans[0] = [*spans[0], Span(0, 7, "FIRST_NAME", 1.0, "known")]  # "Desmond": a table value
    assert text.startswith("Annual")
    t = build_targets(run.bundle.tables, run.plan, run.ctx.spans)
    assert t.unconfirmed("FIRST_NAME", "Annual")
    assert not t.unconfirmed("FIRST_NAME", "Desmond")


def test_an_ids_distinctive_core_is_a_target_in_every_form() -> None:
    # Built from the input's id values, not from what the transform matched: the core
    # of an account among few is hunted alone and in the forms a whole-word search misses.
    t = Targets()
    t.add_ids({"ACC-553120": "ID", "CUST0042": "ID", "cus_NffrFeUfNV2Hib": "ID"})
    assert {"553120", "NffrFeUfNV2Hib"} <= t.by_entity["ID"]
    assert "0042" not in t.by_entity["ID"]  # four digits: a fake's or anyone's
    texts = pl.Series(["Konto 553-120 gesperrt", "réf acc553120", "Kundennr. 0042", "12.553120"])
    found = t.id_forms(texts)
    assert found.rows() == [(0, "ID", "553120"), (1, "ID", "553120")]
