"""The access log: one hash-chained line per pull attempt, the ledger's chain rule,
tampering caught."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from anonymizers.certify import ledger
from anonymizers.governance import access

PULLS = [
    ("crm_export", "3f1c9a7e-5b2d-4c8e-9a61-0d7e2b4f8c10", "/home/dev/tickets-triage/data"),
    ("crm_export", "8a2e4b6c-1d3f-4e5a-b7c9-2f4d6e8a0b1c", "/srv/ml/eval-sets/crm-2025-06"),
    ("hr_survey", "c0ffee00-1234-4bcd-8ef0-0a1b2c3d4e5f", "/home/dev/fairness/hr"),
]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    root = tmp_path / "out"
    for dataset, run_id, dest in PULLS:
        access.log_access(
            root,
            {
                "event": "pull",
                "dataset": dataset,
                "run_id": run_id,
                "destination": dest,
                "dataset_root": "sha256:" + hashlib.sha256(run_id.encode()).hexdigest(),
            },
        )
    access.log_access(
        root,
        {
            "event": "pull-refused",
            "dataset": "crm_export",
            "destination": "/tmp/x",
            "reason": "run 3f1c9a7e has been revoked",
        },
    )
    return root


def _lines(out: Path) -> list[str]:
    return (out / access.ACCESS_LOG).read_text().splitlines(keepends=True)


def test_records_who_when_what_and_chain(out: Path) -> None:
    path = out / access.ACCESS_LOG
    assert access.verify_access_log(path) == []
    records = access.read_access_log(path)
    assert [r["event"] for r in records] == ["pull", "pull", "pull", "pull-refused"]
    for rec, (dataset, run_id, dest) in zip(records, PULLS, strict=False):
        assert (rec["dataset"], rec["run_id"], rec["destination"]) == (dataset, run_id, dest)
    assert all(r["user"] and r["host"] and r["time"].endswith("Z") for r in records)
    # the same chain rule as the run ledger: prev = sha256 of the previous line's bytes
    lines = _lines(out)
    assert records[0]["prev"] == ledger.GENESIS
    for before, rec in zip(lines, records[1:], strict=False):
        assert rec["prev"] == "sha256:" + hashlib.sha256(before.encode()).hexdigest()


def test_edited_line_caught(out: Path) -> None:
    lines = _lines(out)
    rec = json.loads(lines[1])
    rec["destination"] = "/home/dev/innocent"  # hide where the data went
    lines[1] = json.dumps(rec, sort_keys=True, separators=(",", ":")) + "\n"
    (out / access.ACCESS_LOG).write_text("".join(lines))
    problems = access.verify_access_log(out / access.ACCESS_LOG)
    assert problems == [
        "line 3: prev does not match the hash of line 2 (a line before it was edited, "
        "removed or reordered)"
    ]


def test_deleted_and_forged_lines_caught(out: Path) -> None:
    lines = _lines(out)
    del lines[0]
    lines.append('{"event":"download","seq":4}\n')
    (out / access.ACCESS_LOG).write_text("".join(lines))
    problems = access.verify_access_log(out / access.ACCESS_LOG)
    assert any(p.startswith("line 1: seq is 2") for p in problems), problems
    assert any(p.startswith("line 1: prev does not match") for p in problems)
    assert any("unknown event 'download'" in p for p in problems)
    assert any(p == "line 4: lacks user" for p in problems)


def test_bad_entries_and_missing_log(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lacks"):
        access.log_access(tmp_path, {"event": "pull", "dataset": "crm_export"})
    with pytest.raises(ValueError, match="event"):
        access.log_access(tmp_path, {"event": "copy", "dataset": "d", "destination": "/x"})
    with pytest.raises(ValueError, match="may not set"):
        access.log_access(
            tmp_path, {"event": "pull", "dataset": "d", "destination": "/x", "seq": 1}
        )
    with pytest.raises(ledger.LedgerError, match="no access log here"):
        access.verify_access_log(tmp_path / access.ACCESS_LOG)
