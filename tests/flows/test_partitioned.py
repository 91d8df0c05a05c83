"""The partitioned flow end to end through the CLI: certified, verifiable, nothing
personal in what it writes about the data, and a clear refusal for what needs memory."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from anonymizers.certify.encryption import decrypt_file
from bench.generate import structured_frame
from flows.cli.app import app
from tests.helpers.hr_export import DATES, RISK, hr_export, hr_policy_entries

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture
def customers(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    structured_frame(300).write_csv(folder / "customers.csv")
    return folder


def test_partitioned_run_is_certified_and_verifiable(
    prefect_server: None, safeset_home: Path, customers: Path, tmp_path: Path,
    killed_run: Callable[[Path, str], None],
) -> None:  # fmt: skip
    out = tmp_path / "out"
    killed_run(out, "20261122T2300-killed")  # last night's run, killed by the OOM killer
    result = runner.invoke(app, ["run", str(customers), "--out", str(out), "--partition-rows",
                                 "70", "--dataset", "crm"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "5 partition(s)" in result.stderr
    run_dir = Path(result.stdout.strip().splitlines()[-1])
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["status"] == "CERTIFIED"
    assert manifest["run"]["flow"] == "safeset-sanitize-partitioned"
    assert manifest["inputs"][0]["rows"] == manifest["outputs"]["files"][0]["rows"] == 300
    checks = {c["name"]: c for c in manifest["checks"]}
    assert checks["leak"]["passed"] and checks["leak"]["counts"]["cells_checked"] > 2000
    assert checks["partitions"]["counts"]["partitions"] == 5
    assert runner.invoke(app, ["verify", str(run_dir)]).exit_code == 0
    before = pl.read_csv(customers / "customers.csv", infer_schema=False)
    after = pl.read_csv(run_dir / "data" / "customers.csv", infer_schema=False)
    for column in ("email", "phone", "ssn", "credit_card", "iban", "customer_id"):
        assert not set(after[column]) & set(before[column])
    written = "".join(p.read_text() for p in run_dir.rglob("*") if p.suffix in (".json", ".md"))
    assert not any(v in written for v in before["email"].to_list()[:50])
    assert "interrupted run(s): 20261122T2300-killed\n" in result.stderr  # one line
    assert not (out / ".staging").exists()  # its folders and this run's are gone


def test_free_text_is_refused_before_anything_is_written(
    prefect_server: None, safeset_home: Path, customers: Path, tmp_path: Path
) -> None:
    frame = pl.read_csv(customers / "customers.csv", infer_schema=False)
    notes = [f"Called {f} {s} about the refund; they asked for a callback on Monday."
             for f, s in zip(frame["first_name"], frame["last_name"], strict=True)]  # fmt: skip
    frame.with_columns(pl.Series("agent_notes", notes)).write_csv(customers / "customers.csv")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(customers), "--out", str(out),
                                 "--partition-rows", "50"])  # fmt: skip
    assert result.exit_code == 2
    assert "partitioned run does not support free-text columns" in result.stderr
    assert len(result.stderr.strip().splitlines()[-1]) < 400
    assert not out.exists()


def test_rejected_partitioned_run_fails_its_flow_run_and_says_why(
    prefect_server: None, safeset_home: Path, customers: Path, tmp_path: Path
) -> None:
    """A policy mistake keeps the e-mail column: the sweep rejects it, exit 1, the
    quarantine folder last on stdout, the failed check and its place on stderr, and
    Prefect shows the flow run as Failed."""
    policy = tmp_path / "leaky.yaml"
    policy.write_text('columns:\n  "customers.email": {kind: safe}\n', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(customers), "--out", str(out), "--config",
                                 str(policy), "--partition-rows", "100", "--dataset", "crm"])  # fmt: skip
    assert result.exit_code == 1, result.stderr
    run_dir = Path(result.stdout.strip().splitlines()[-1])
    assert run_dir.parent == out / "quarantine" / "crm"
    assert "safeset: failed check: pattern_sweep (" in result.stderr
    assert "safeset:   customers.email: " in result.stderr
    emails = pl.read_csv(customers / "customers.csv", infer_schema=False)["email"].to_list()
    assert not any(e in result.stderr for e in emails)
    assert result.stderr.strip().splitlines()[-1].startswith("safeset: run REJECTED; ")
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import StateType

    with get_client(sync_client=True) as client:
        state = client.read_flow_run(UUID(run_dir.name)).state
    assert state.type == StateType.FAILED and "pattern_sweep" in (state.message or "")


def test_partitioned_run_shifts_dates_enforces_k_and_encrypts(
    prefect_server: None, safeset_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The governance blocks and the encryption of a partitioned run, through the CLI:
    signed, verifiable without the data key, decryptable with it."""
    key = secrets.token_bytes(32)
    monkeypatch.setenv("SAFESET_DATA_KEY", key.hex())
    hr_export(tmp_path / "export")
    entries = hr_policy_entries(date_shift=DATES, risk=RISK, encryption={"enabled": True})
    policy = tmp_path / "policy.yaml"
    policy.write_text(yaml.safe_dump(entries))
    result = runner.invoke(app, ["run", str(tmp_path / "export"), "--config", str(policy),
                                 "--out", str(tmp_path / "out"), "--partition-rows", "40"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    run_dir = Path(result.stdout.strip().splitlines()[-1])
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["run"]["flow"] == "safeset-sanitize-partitioned"
    assert manifest["date_shift"]["columns"] == ["employees.hire_date", "tickets.opened_at"]
    (employees,) = [t for t in manifest["risk"]["tables"] if t["table"] == "employees"]
    assert employees["rows_suppressed"] > 0 and employees["k_achieved"] >= 3
    reasons = {(e["table"], e["reason"]) for e in manifest["exclusions"]}
    assert ("tickets", "k-anonymity suppression") in reasons
    checks = {c["name"]: c for c in manifest["checks"]}
    assert checks["k_anonymity"]["passed"] and checks["structure"]["passed"]
    assert {f["path"] for f in manifest["encryption"]["files"]} == {
        "data/employees.csv.enc", "data/tickets.parquet"
    }  # fmt: skip
    assert [c["column"] for c in manifest["fairness"]["columns"]] == ["full_name"]
    assert runner.invoke(app, ["verify", str(run_dir)]).exit_code == 0
    plain = decrypt_file(run_dir / "data" / "employees.csv.enc", key, tmp_path)
    rows = {f["path"]: f["rows"] for f in manifest["outputs"]["files"]}
    assert pl.read_csv(plain).height == rows["data/employees.csv.enc"] == employees["rows"]
