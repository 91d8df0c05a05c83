"""verify.targets: the gate's own targets, and which NER guesses it may clear."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import polars as pl

from anonymizers.partitioned.target_index import TargetWriter
from anonymizers.partitioned.text_checks import GlobalTargets, TextShared
from anonymizers.verify.targets import Targets
from tests.helpers.engine_run import EngineRun, append_text, recheck, text_shared


def test_an_ner_guess_nothing_confirms_is_unconfirmed() -> None:
    t = Targets()
    t.add("detected", "PERSON", ["Ciao", "Viele Grüße", "Zbigniew Kowalczyk"], guess=True)
    t.add("detected", "PERSON", ["Rücksendung 4471"], guess=True)
    assert t.unconfirmed("PERSON", "Ciao")
    assert t.unconfirmed("PERSON", "Viele Grüße")
    # A known first name or surname of any locale, or a digit, confirms a guess.
    assert not t.unconfirmed("PERSON", "Zbigniew Kowalczyk")
    assert not t.unconfirmed("PERSON", "Rücksendung 4471")


def test_a_digit_confirms_no_guess_cut_through_a_text_without_spaces() -> None:
    # The English model read "配達前に25" ("before delivery" and the first digits of the
    # phone after it) as a place; a fake phone beginning "25-" rebuilt it in the output.
    t = Targets()
    t.add("detected", "LOCATION", ["配達前に25", "Unit 4B"], guess=True)
    assert t.unconfirmed("LOCATION", "配達前に25")
    assert not t.unconfirmed("LOCATION", "Unit 4B")


def test_a_guess_that_another_source_gave_is_confirmed() -> None:
    t = Targets()
    t.add("detected", "PERSON", ["Ciao"], guess=True)
    t.add("structured", "PERSON", ["Ciao"])
    assert not t.unconfirmed("PERSON", "Ciao")
    assert t.sources == {"structured": 0, "patterns": 0, "detected": 1}


def test_targets_come_from_the_input_and_the_plan(run: EngineRun) -> None:
    shared = text_shared(run)
    assert shared is not None
    t = shared.targets.whole().targets
    emails = set(run.inp("employees")["email"].to_list())
    assert emails <= t.by_entity["EMAIL_ADDRESS"]
    # The ticket text's phone is found by detection in the input text.
    assert any("555-0134" in v for v in t.by_entity["PHONE_NUMBER"])
    assert t.sources["structured"] >= 20 and t.sources["detected"] >= 1


def _with_guesses(run: EngineRun, entity: str, guesses: set[str]) -> TextShared:
    """The run's text targets with more NER guesses, as if detection had made them."""
    shared = text_shared(run)
    assert shared is not None
    index = shared.targets.index
    rows = pl.read_parquet(sorted(index.folder.glob("*.parquet"))).sort("seq")
    writer = TargetWriter(Path(tempfile.mkdtemp(dir=run.work)), index.min_length)
    values = rows.filter(pl.col("kind") == "value").unique(["source", "entity", "value", "guess"])
    for (source, ent, guess), group in values.group_by(["source", "entity", "guess"]):
        writer.add(source, ent, sorted(group["value"].to_list()), guess=guess)
    ids = rows.filter(pl.col("kind") == "id").unique(["entity", "value"])
    writer.add_ids(sorted(zip(ids["value"].to_list(), ids["entity"].to_list(), strict=True)))
    writer.add("detected", entity, sorted(guesses), guess=True)
    return replace(shared, targets=GlobalTargets(writer.close()))


def test_guesses_left_elsewhere_reject_only_when_confirmed(run: EngineRun) -> None:
    # Two NER guesses over input words of survey row 3 and row 0: "Annual" (no list knows
    # it) and "Desmond" (a first name in Faker's lists), each planted in another output text.
    text3 = run.inp("survey")["comment"][3]
    text0 = run.inp("survey")["comment"][0]
    assert text3.startswith("Annual") and text0.startswith("Desmond")
    shared = _with_guesses(run, "PERSON", {"Annual", "Desmond"})
    append_text(run, "tickets", "transcript", 0, " Annual report attached.")
    v = recheck(run, shared=shared)
    leak = next(c for c in v.checks if c.name == "leak_check")
    # Found in the planted ticket, and in survey row 3 itself (the guess came after the
    # transform here, so its own text was left as it was).
    assert leak.passed and leak.counts["cleared_unconfirmed_guess"] == 2
    where = {(c["table"], c["row"], c["cleared"]) for c in v.cleared if c["check"] == "leak"}
    assert ("tickets", 0, "unconfirmed guess") in where
    append_text(run, "tickets", "transcript", 1, " Desmond will call.")
    v = recheck(run, shared=shared)
    assert not v.passed
    assert {(f["table"], f["row"]) for f in v.findings if f["check"] == "leak"} == {("tickets", 1)}


def test_a_guess_no_table_holds_stays_unconfirmed_among_the_runs_targets(
    run: EngineRun,
) -> None:
    # A guess is confirmed only by a value (or name word) a structured column holds.
    targets = _with_guesses(run, "FIRST_NAME", {"Annual", "Desmond"}).targets.whole().targets
    assert targets.unconfirmed("FIRST_NAME", "Annual")
    assert not targets.unconfirmed("FIRST_NAME", "Desmond")


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
