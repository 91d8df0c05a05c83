"""Preparing a partitioned run: partitions, a plan from the first partition, and the
refusals, all before any pass starts (the flow runs this in a short-lived process)."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import pytest

from anonymizers.partitioned.prepare import prepare
from anonymizers.policy import Policy
from bench.generate import structured_frame

pytestmark = pytest.mark.model  # loads the spaCy model


def _export(tmp_path: Path, frame: pl.DataFrame) -> Path:
    src = tmp_path / "export" / "customers.csv"
    src.parent.mkdir()
    frame.write_csv(src)
    return src


def test_prepare_splits_plans_and_times_both(tmp_path: Path) -> None:
    src = _export(tmp_path, structured_frame(250))
    t0 = time.perf_counter()
    prepared = prepare([src], tmp_path / "work", 100, Policy(), None, None, set())
    wall = time.perf_counter() - t0
    (split,) = prepared.splits
    assert len(split.parts) == 3 and split.table.rows == 250
    entities = {d.column: d.entity for d in prepared.plan.columns("entity")}
    assert entities["email"] == "EMAIL_ADDRESS" and entities["iban"] == "IBAN_CODE"
    assert set(prepared.seconds) == {"split", "plan"}
    # Both stages really timed, within the call that ran them.
    assert all(s > 0 for s in prepared.seconds.values())
    assert sum(prepared.seconds.values()) <= wall
    assert not prepared.optouts["customers"].wanted  # nobody opted out


def test_free_text_is_planned_for_the_text_passes(tmp_path: Path) -> None:
    frame = structured_frame(60)
    notes = [f"Spoke to {f} {s} about a refund; call back Monday after the audit."
             for f, s in zip(frame["first_name"], frame["last_name"], strict=True)]  # fmt: skip
    src = _export(tmp_path, frame.with_columns(pl.Series("agent_notes", notes)))
    prepared = prepare([src], tmp_path / "work", 25, Policy(), None, None, set())
    assert [d.column for d in prepared.plan.columns("free_text")] == ["agent_notes"]
