"""The partitioned flow end to end through the CLI: certified, verifiable, nothing
personal in what it writes about the data, free text included."""

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
    assert manifest["run"]["flow"] == "safeset-sanitize"
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


def test_free_text_is_sanitised_partition_by_partition_on_the_workers(
    prefect_server: None, safeset_home: Path, customers: Path, tmp_path: Path
) -> None:
    frame = pl.read_csv(customers / "customers.csv", infer_schema=False)
    notes = [f"Called {f} {s} about the refund; they asked for a callback on Monday."
             for f, s in zip(frame["first_name"], frame["last_name"], strict=True)]  # fmt: skip
    frame.with_columns(pl.Series("agent_notes", notes)).write_csv(customers / "customers.csv")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(customers), "--out", str(out),
                                 "--partition-rows", "100"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "3 partition(s)" in result.stderr
    run_dir = Path(result.stdout.strip().splitlines()[-1])
    manifest = json.loads((run_dir / "manifest.json").read_text())
    checks = {c["name"]: c for c in manifest["checks"]}
    assert checks["leak_check"]["status"] == "pass"
    assert checks["leak_check"]["counts"]["values_searched"] >= 300
    assert checks["residual_scan"]["counts"]["cells_scanned"] > 0
    after = pl.read_csv(run_dir / "data" / "customers.csv", infer_schema=False)
    for row, note in enumerate(after["agent_notes"]):
        assert frame["last_name"][row] not in note.split()
        # The same person, the same fake: the notes name the row's own (faked) customer.
        assert f"{after['first_name'][row]} {after['last_name'][row]}" in note
    assert runner.invoke(app, ["verify", str(run_dir)]).exit_code == 0


def test_a_wrapped_json_export_is_sanitised_inside_its_wrapper(
    prefect_server: None, safeset_home: Path, customers: Path, tmp_path: Path
) -> None:
    """An API dump (``{"customers": [...], "count": 300, "requested_by": ...}``) in three
    partitions: certified and verifiable, its records sanitised and written back in their
    member, the wrapper's other members (a requester's name among them) not published,
    and the run says so."""
    frame = pl.read_csv(customers / "customers.csv", infer_schema=False)
    (customers / "customers.csv").unlink()
    requester = f"{frame['first_name'][7]} {frame['last_name'][7]}"
    doc = {"count": frame.height, "customers": frame.to_dicts(), "requested_by": requester}
    (customers / "customers.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(customers), "--out", str(out),
                                 "--partition-rows", "100"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "3 partition(s)" in result.stderr
    assert "customers.json: its table is the list of records inside its JSON object; the " \
        "object's 2 other member(s) are not published" in result.stderr  # fmt: skip
    run_dir = Path(result.stdout.strip().splitlines()[-1])
    written = json.loads((run_dir / "data" / "customers.json").read_text(encoding="utf-8"))
    assert list(written) == ["customers"] and len(written["customers"]) == frame.height
    after = pl.DataFrame(written["customers"])
    assert not set(after["email"]) & set(frame["email"])
    assert requester not in (run_dir / "data" / "customers.json").read_text(encoding="utf-8")
    assert runner.invoke(app, ["verify", str(run_dir)]).exit_code == 0


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


#: Runs the CLI in a process whose apply pass dies (SIGKILL) after two partitions, with
#: the threads runner so the passes run in that process: what the OOM killer leaves.
_DIES_IN_APPLY = """
import os, signal, sys
from typer.testing import CliRunner
from anonymizers.partitioned import run
real, done = run.PASSES["apply"], []
def apply(*args):
    if len(done) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    done.append(1)
    return real(*args)
run.PASSES["apply"] = apply
from flows.cli.app import app
CliRunner().invoke(app, sys.argv[1:])
"""


def test_a_killed_partitioned_run_is_resumed_by_the_next_run(
    prefect_server: None, safeset_home: Path, customers: Path, tmp_path: Path
) -> None:
    import signal
    import subprocess
    import sys

    args = ["run", str(customers), "--partition-rows", "60", "--task-runner", "threads",
            "--dataset", "crm"]  # fmt: skip
    whole = runner.invoke(app, [*args, "--out", str(tmp_path / "whole")])
    assert whole.exit_code == 0, whole.stderr
    out = tmp_path / "out"
    killed = subprocess.run([sys.executable, "-c", _DIES_IN_APPLY, *args, "--out", str(out)],
                            cwd=Path(__file__).parents[2], capture_output=True)  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    resumed = runner.invoke(app, [*args, "--out", str(out)])
    assert resumed.exit_code == 0, resumed.stderr
    assert "safeset: resuming run " in resumed.stderr
    # What the killed run finished (its apply tasks ran in parallel: it may have had none
    # back) is read back, not run again.
    assert "read back from the interrupted run: collect 5, draw 5" in resumed.stderr
    assert "safeset: timing split" not in resumed.stderr  # the partitions were kept
    dirs = [Path(r.stdout.strip().splitlines()[-1]) for r in (whole, resumed)]
    assert (dirs[1] / "data" / "customers.csv").read_bytes() == (
        dirs[0] / "data" / "customers.csv"
    ).read_bytes()
    assert not (out / ".staging").exists()  # the interrupted run's folders are gone too


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
    assert manifest["run"]["flow"] == "safeset-sanitize"
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
