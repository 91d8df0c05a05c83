"""The evaluation harness: metric arithmetic on a tiny labeled sample, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from bench.eval_detection import (
    DEFAULT_SAMPLES,
    GOLD_GROUP,
    Counts,
    gold_spans,
    main,
    pred_group,
    sample_records,
    score,
)

TEXT = "Call Maria Lopez at 415-555-0134 from 12 Elm Street, Dayton."


def _at(value: str) -> tuple[int, int]:
    s = TEXT.index(value)
    return s, s + len(value)


RECORD = {
    "full_text": TEXT,
    "spans": [
        {"entity_type": "PERSON", "start_position": _at("Maria Lopez")[0],
         "end_position": _at("Maria Lopez")[1], "entity_value": "Maria Lopez"},
        {"entity_type": "PHONE_NUMBER", "start_position": _at("415-555-0134")[0],
         "end_position": _at("415-555-0134")[1], "entity_value": "415-555-0134"},
        {"entity_type": "STREET_ADDRESS", "start_position": _at("12 Elm Street")[0],
         "end_position": _at("12 Elm Street")[1], "entity_value": "12 Elm Street"},
        {"entity_type": "GPE", "start_position": _at("Dayton")[0],
         "end_position": _at("Dayton")[1], "entity_value": "Dayton"},
        {"entity_type": "DATE_TIME", "start_position": 0, "end_position": 4,
         "entity_value": "Call"},
    ],
}  # fmt: skip


def test_gold_mapping_drops_unscored_labels() -> None:
    groups = sorted(g for _, _, g in gold_spans(RECORD))
    assert groups == ["LOCATION/ADDRESS", "LOCATION/ADDRESS", "PERSON", "PHONE_NUMBER"]
    assert pred_group("FIRST_NAME") == "PERSON"
    assert pred_group("ADDRESS") == "LOCATION/ADDRESS"
    assert pred_group("ORGANIZATION") is None


def test_metric_arithmetic() -> None:
    gold = gold_spans(RECORD)
    pred = [
        (*_at("Maria"), "PERSON"),  # 5 of the name's 10 non-space characters
        (*_at("415-555-0134"), "PHONE_NUMBER"),
        (*_at("12 Elm Street"), "LOCATION/ADDRESS"),  # ADDRESS ~ GPE group: fine
        (*_at("Dayton"), "PERSON"),  # wrong type
        (0, 4, "PERSON"),  # "Call": not scored gold → false positive
    ]
    res = score([TEXT], [gold], [pred])
    person = res.span["PERSON"]
    # "Maria" covers 5 of 10 non-space chars of "Maria Lopez" → exactly 0.5 → found.
    assert (person.tp, person.fn) == (1, 0)
    # predictions: "Maria" correct; "Dayton" and "Call" wrong
    assert (person.tp_pred, person.fp) == (1, 2)
    assert person.precision == pytest.approx(1 / 3)
    assert person.recall == 1.0
    loc = res.span["LOCATION/ADDRESS"]
    assert (loc.tp, loc.fn) == (1, 1)  # Dayton predicted as PERSON: missed for the group
    # token level: Maria✓ Lopez✗ for PERSON; tokens Dayton and Call are PERSON FPs
    tok = res.token["PERSON"]
    assert (tok.tp, tok.fn, tok.fp) == (1, 1, 2)
    assert tok.f2 == pytest.approx(5 * (1 / 3) * 0.5 / (4 * (1 / 3) + 0.5))
    # ALL is type-agnostic: every gold span is covered except half of "Maria Lopez"
    all_span = res.span["ALL"]
    assert (all_span.tp, all_span.fn) == (4, 0)
    assert (all_span.tp_pred, all_span.fp) == (4, 1)


def test_counts_edge_cases() -> None:
    empty = Counts()
    assert empty.precision == 1.0 and empty.recall == 1.0
    assert Counts(tp=0, fp=3, fn=2).f2 == 0.0


@pytest.mark.model
def test_cli_runs_on_a_tiny_file_and_writes_results(tmp_path: Path) -> None:
    data = tmp_path / "tiny.json"
    data.write_text(json.dumps([RECORD]), encoding="utf-8")
    out = tmp_path / "results"
    assert main(["--data", str(data), "--out", str(out), "--samples", ""]) == 0
    payload = json.loads((out / "eval.json").read_text(encoding="utf-8"))
    assert set(payload["results"]) == {"safeset", "presidio"}
    assert payload["results"]["safeset"]["span"]["PHONE_NUMBER"]["recall"] == 1.0
    assert "| PERSON" in (out / "eval.md").read_text(encoding="utf-8")


def test_cli_missing_data_is_a_notice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path / "absent.json"), "--out", str(tmp_path)]) == 0
    assert "notice" in capsys.readouterr().out
    assert not (tmp_path / "eval.md").exists()


@pytest.mark.model
def test_samples_become_silver_labeled_records() -> None:
    records = sample_records(DEFAULT_SAMPLES)
    assert len(records) > 50
    labeled = [
        (r["full_text"][s["start_position"] : s["end_position"]], s["entity_type"])
        for r in records
        for s in r["spans"]
    ]
    assert all(label in GOLD_GROUP for _, label in labeled)
    firsts = set(pl.read_csv(DEFAULT_SAMPLES / "employees.csv")["first_name"].to_list())
    # An employee's first name in a survey comment is labeled a person.
    assert any(value in firsts and label == "PERSON" for value, label in labeled)
    assert {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"} <= {label for _, label in labeled}
    assert any(not r["spans"] for r in records)  # text without personal data stays in
