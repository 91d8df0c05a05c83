"""The export read and planned while the server boots: taken only while nothing changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from anonymizers.detect.text import TextDetector
from anonymizers.plan.bundle import load_bundle, plan_bundle
from flows.prefetch import prefetch, take


def _args(folder: Path) -> tuple[list[str], None, None]:
    return [str(folder)], None, None


@pytest.mark.model
def test_the_flow_takes_what_was_read_and_planned_once(bundle_copy: Path) -> None:
    prefetch(*_args(bundle_copy))
    held = take(*_args(bundle_copy))
    assert held is not None
    bundle, plan = held
    fresh = load_bundle([bundle_copy], None)
    assert [t.name for t in bundle.tables] == [t.name for t in fresh.tables]
    assert all(a.df.equals(b.df) for a, b in zip(bundle.tables, fresh.tables, strict=True))
    assert plan.to_yaml() == plan_bundle(fresh, None, TextDetector(fresh.policy)).to_yaml()
    assert take(*_args(bundle_copy)) is None  # handed over once, nothing stays held


@pytest.mark.model
def test_a_file_changed_since_means_reading_again(bundle_copy: Path) -> None:
    prefetch(*_args(bundle_copy))
    csv = bundle_copy / "employees.csv"
    info = csv.stat()
    os.utime(csv, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert take(*_args(bundle_copy)) is None


@pytest.mark.model
def test_a_file_added_to_the_folder_means_reading_again(bundle_copy: Path) -> None:
    prefetch(*_args(bundle_copy))
    shutil.copy2(bundle_copy / "employees.csv", bundle_copy / "contractors.csv")
    assert take(*_args(bundle_copy)) is None


def test_a_bad_export_is_left_to_the_flow_to_report(tmp_path: Path) -> None:
    bad = tmp_path / "export"
    bad.mkdir()
    (bad / "orders.csv").write_text('id,name\n1,"unterminated\n', encoding="utf-8")
    prefetch(*_args(bad))  # no exception here: the flow says what is wrong
    assert take(*_args(bad)) is None
    assert take(*_args(tmp_path / "missing")) is None
