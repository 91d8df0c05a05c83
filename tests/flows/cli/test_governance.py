"""``safeset pull``, ``safeset forget`` and ``safeset keys init-data`` through typer:
exit codes 0/1/2, the subject id never echoed, and ``verify`` failing a forgotten run."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from anonymizers.certify import encryption as crypto
from anonymizers.certify import keys, ledger, recipients
from anonymizers.governance import access, subjects
from flows.cli import audit as cli_audit
from flows.cli import governance as cli_governance
from tests.helpers.published import EMPLOYEE_IDS, publish
from tests.helpers.run_folders import EMPLOYEES_CSV

SUBJECT = "E-10483"


@pytest.fixture
def app() -> typer.Typer:
    cli = typer.Typer()
    cli_audit.register(cli)
    cli_governance.register(cli)
    return cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app, runner) -> Path:
    path = tmp_path / "safeset-home"
    monkeypatch.setenv("SAFESET_HOME", str(path))
    monkeypatch.delenv("SAFESET_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("SAFESET_DATA_KEY", raising=False)
    assert runner.invoke(app, ["keys", "init"]).exit_code == 0
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def _keys(home: Path) -> tuple[object, bytes]:
    signer = keys.load_signing_key(home / "keys" / keys.SIGNING_KEY)
    pkey = keys.load_pseudonym_key(keys.KeysConfig(), home)
    return signer, pkey


def test_pull_exit_codes(app, runner, home: Path, out: Path, tmp_path: Path) -> None:
    signer, _ = _keys(home)
    good = publish(out, signer)
    rejected = publish(out, signer, status="REJECTED")
    dest = tmp_path / "dev" / "crm"
    ok = runner.invoke(app, ["pull", "crm_export", "--to", str(dest), "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert f"pulled run {good.name}" in ok.output
    assert (dest / "employees.csv").read_text() == EMPLOYEES_CSV
    refused = runner.invoke(
        app,
        [
            "pull",
            "crm_export",
            "--version",
            rejected.name,
            "--to",
            str(tmp_path / "x"),
            "--out",
            str(out),
        ],
    )
    assert refused.exit_code == 1 and "refused" in refused.output and "REJECTED" in refused.output
    unknown = runner.invoke(
        app, ["pull", "payroll", "--to", str(tmp_path / "y"), "--out", str(out)]
    )
    assert unknown.exit_code == 2 and "no runs" in unknown.output
    assert runner.invoke(app, ["pull", "crm_export", "--out", str(out)]).exit_code == 2
    events = [r["event"] for r in access.read_access_log(out / access.ACCESS_LOG)]
    assert events == ["pull", "pull-refused"]


def test_pull_encrypted_with_home_data_key(
    app, runner, home: Path, out: Path, tmp_path: Path
) -> None:
    made = runner.invoke(app, ["keys", "init-data"])
    assert made.exit_code == 0, made.output
    key_path = home / "keys" / crypto.DATA_KEY
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    data_key = bytes.fromhex(key_path.read_text().strip())
    assert crypto.data_key_id(data_key) in made.output and data_key.hex() not in made.output
    assert runner.invoke(app, ["keys", "init-data"]).exit_code == 2  # never overwritten
    signer, _ = _keys(home)
    publish(out, signer, data_key=data_key, parquet=True)
    dest = tmp_path / "ml-eval"
    result = runner.invoke(app, ["pull", "crm_export", "--to", str(dest), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "decrypted" in result.output
    assert (dest / "employees.csv").read_text() == EMPLOYEES_CSV
    key_path.unlink()
    again = runner.invoke(
        app, ["pull", "crm_export", "--to", str(tmp_path / "z"), "--out", str(out)]
    )
    assert again.exit_code == 2 and "encrypted at rest" in again.output


def test_forget_then_verify_fails(app, runner, home: Path, out: Path) -> None:
    signer, pkey = _keys(home)
    hit = publish(out, signer, subject_ids=EMPLOYEE_IDS, pseudonym_key=pkey)
    miss = publish(out, signer, dataset="hr_survey", subject_ids=["E-20931"], pseudonym_key=pkey)
    assert runner.invoke(app, ["verify", str(hit)]).exit_code == 0

    result = runner.invoke(app, ["forget", SUBJECT, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"revoked: run {hit.name} of 'crm_export'" in result.output
    assert f"kept: run {miss.name} of 'hr_survey'" in result.output
    assert SUBJECT not in result.output and SUBJECT.casefold() not in result.output
    assert subjects.subject_digest(pkey, SUBJECT)[:16] in result.output

    # verify finds the output root's ledger by itself and fails the revoked run
    revoked = runner.invoke(app, ["verify", str(hit)])
    assert revoked.exit_code == 1 and "revoked in the ledger" in revoked.output
    assert runner.invoke(app, ["verify", str(miss)]).exit_code == 0
    assert ledger.verify_ledger(out / ledger.LEDGER) == []


def test_forget_rebuild_that_cannot_run_is_reported(app, runner, home: Path, out: Path) -> None:
    """The recorded export no longer exists: nothing is started, exit 1 with the dataset
    named and why, the subject id unprinted, and the run still revoked."""
    signer, pkey = _keys(home)
    run = publish(out, signer, subject_ids=EMPLOYEE_IDS, pseudonym_key=pkey)
    assert json.loads((out / ledger.LEDGER).read_text().splitlines()[-1])["inputs"]
    result = runner.invoke(app, ["forget", SUBJECT, "--out", str(out), "--rebuild"])
    assert result.exit_code == 1
    assert "still revoked: 'crm_export': its input employees.csv is no longer" in result.output
    assert SUBJECT not in result.output
    assert run.name in ledger.revoked_runs(out)


def test_a_failed_rebuild_says_why_without_the_subject(
    home: Path, out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from anonymizers.governance import deletion

    signer, pkey = _keys(home)
    export = tmp_path / "employees.csv"
    export.write_text("employee_id\nE-10482\n")
    run = publish(out, signer, subject_ids=EMPLOYEE_IDS, pseudonym_key=pkey, inputs=[str(export)])
    (run / "policy.yaml").write_bytes(b"version: 1\n")  # the bytes its manifest names
    seen: list[list[str]] = []

    def drifted(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
        seen.append(args)
        assert env["SAFESET_EXCLUDE_SUBJECTS"] == SUBJECT  # by environment, never argv
        return 2, "", f"safeset: error: {export.name}: column 'phone' is gone ({SUBJECT})\n"

    checked = deletion.forget(out, SUBJECT, pkey)
    assert cli_governance.rebuild_datasets(out, checked, SUBJECT, pkey, run=drifted) is False
    printed = capsys.readouterr().out
    assert "failed: 'crm_export': exit 2:" in printed and "column 'phone' is gone" in printed
    assert SUBJECT not in printed and "<subject>" in printed
    assert SUBJECT not in " ".join(seen[0]) and "--plan" in seen[0]


def test_forget_usage_errors(app, runner, home: Path, out: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["forget", "   ", "--out", str(out)]).exit_code == 2
    no_ledger = runner.invoke(app, ["forget", SUBJECT, "--out", str(tmp_path / "empty")])
    assert no_ledger.exit_code == 2 and "no ledger" in no_ledger.output
    bad_cfg = runner.invoke(
        app, ["forget", SUBJECT, "--out", str(out), "--config", str(tmp_path / "none.yaml")]
    )
    assert bad_cfg.exit_code == 2 and "config file not found" in bad_cfg.output


def test_governance_cli_does_not_import_prefect() -> None:
    code = (
        "import sys, flows.cli.governance\n"
        "assert 'prefect' not in sys.modules, 'prefect imported'\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
    )
    repo = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_register_adds_to_existing_keys_group(app) -> None:
    names = {g.name: g.typer_instance for g in app.registered_groups}
    commands = {c.name for c in names["keys"].registered_commands}
    assert {"init", "init-data", "team-init"} <= commands


def test_team_init_and_pull_with_identity(
    app, runner, home: Path, out: Path, tmp_path: Path
) -> None:
    made = runner.invoke(app, ["keys", "team-init", "ml-platform"])
    assert made.exit_code == 0, made.output
    path = home / "identities" / "ml-platform.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    ml = recipients.load_identity(path)
    assert f'ml-platform: "{ml.recipient}"' in made.output and ml.fingerprint in made.output
    assert runner.invoke(app, ["keys", "team-init", "ml-platform"]).exit_code == 2  # kept
    other = tmp_path / "bi.key"
    assert (
        runner.invoke(app, ["keys", "team-init", "bi-reporting", "-i", str(other)]).exit_code == 0
    )
    assert runner.invoke(app, ["keys", "team-init", "BI Reporting"]).exit_code == 2

    signer, _ = _keys(home)
    run = publish(out, signer, teams={"ml-platform": ml.recipient})
    verified = runner.invoke(app, ["verify", str(run)])  # the auditor: no key, no identity
    assert verified.exit_code == 0 and f"data sealed for: ml-platform ({ml.fingerprint[:16]})" in (
        verified.output
    )
    as_json = json.loads(runner.invoke(app, ["verify", str(run), "--json"]).output)
    assert as_json["sealed_for"] == [{"team": "ml-platform", "fingerprint": ml.fingerprint}]
    dest = tmp_path / "bi"
    denied = runner.invoke(
        app, ["pull", "crm_export", "--to", str(dest), "--out", str(out), "--identity", str(other)]
    )
    assert denied.exit_code == 2 and not dest.exists()
    assert denied.output.count("\n") == 1 and denied.output.startswith("safeset: refused: ")
    assert "is not granted" in denied.output
    ok = runner.invoke(
        app, ["pull", "crm_export", "--to", str(dest), "--out", str(out), "--identity", str(path)]
    )
    assert ok.exit_code == 0, ok.output
    assert (dest / "employees.csv").read_text() == EMPLOYEES_CSV
    assert access.read_access_log(out / access.ACCESS_LOG)[-1]["team"] == "ml-platform"
