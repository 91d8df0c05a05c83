"""The auditor's commands through typer: exit codes 0/1/2, each reason printed, JSON
output, the default trusted-keys file, demo-key warning, ledger verify."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path

import pytest
import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from anonymizers.certify import keys, ledger
from anonymizers.certify.attest import ATTESTATION, sign_run
from anonymizers.io.files import sha256_file
from flows.cli.audit import register
from tests.helpers.run_folders import make_predicate, make_run_folder


@pytest.fixture
def app() -> typer.Typer:
    cli = typer.Typer()
    register(cli)
    return cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "safeset-home"
    monkeypatch.setenv("SAFESET_HOME", str(path))
    return path


@pytest.fixture
def signed(app, runner, home: Path, tmp_path: Path) -> Path:
    """A run folder signed with the keys `safeset keys init` made, recorded in a ledger."""
    assert runner.invoke(app, ["keys", "init"]).exit_code == 0
    out = tmp_path / "out"
    run = make_run_folder(out, run_id=str(uuid.uuid4()))
    pred = make_predicate(run)
    sign_run(run, pred, keys.load_signing_key(home / "keys" / "signing.key"))
    ledger.append(out, {"event": "run", "run_id": run.name, "dataset": run.parent.name,
                        "status": "CERTIFIED",
                        "manifest_digest": "sha256:" + sha256_file(run / "manifest.json"),
                        "dataset_root": pred["outputs"]["dataset_root"],
                        "run_dir": run.relative_to(out).as_posix()})  # fmt: skip
    return run


def test_verify_ok_with_default_trusted_keys(app, runner, signed: Path, home: Path) -> None:
    result = runner.invoke(app, ["verify", str(signed)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"VERIFIED {signed}")
    kid = json.loads((home / "trusted_keys.json").read_text())["keys"][0]["keyid"]
    assert kid[:16] in result.output


def test_verify_json(app, runner, signed: Path) -> None:
    result = runner.invoke(app, ["verify", str(signed), "--json"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["verified"] is True and doc["reasons"] == []
    assert doc["run_id"] == signed.name and doc["status"] == "CERTIFIED"
    assert doc["dataset_root"].startswith("sha256:")


def test_verify_fails_with_every_reason(app, runner, signed: Path) -> None:
    (signed / "data" / "tickets.jsonl").unlink()
    (signed / "data" / "export_full.csv").write_text("employee_id\nE-10482\n")
    target = signed / "data" / "employees.csv"
    data = bytearray(target.read_bytes())
    data[100] ^= 0x20
    target.write_bytes(bytes(data))
    result = runner.invoke(app, ["verify", str(signed)])
    assert result.exit_code == 1
    assert result.output.startswith(f"FAILED {signed}")
    for needle in (
        "data/tickets.jsonl: listed in the attestation but missing",
        "data/export_full.csv: file is not listed",
        "data/employees.csv: sha256 does not match",
    ):
        assert f"  - {needle}" in result.output
    doc = json.loads(runner.invoke(app, ["verify", str(signed), "--json"]).output)
    assert doc["verified"] is False and len(doc["reasons"]) >= 3


def test_verify_edited_payload_exit_1(app, runner, signed: Path) -> None:
    env = json.loads((signed / ATTESTATION).read_text())
    payload = base64.b64decode(env["payload"]).replace(b'"passed":true', b'"passed":false', 1)
    env["payload"] = base64.b64encode(payload).decode()
    (signed / ATTESTATION).write_text(json.dumps(env) + "\n")
    result = runner.invoke(app, ["verify", str(signed)])
    assert result.exit_code == 1 and "altered after signing" in result.output


def test_verify_with_auditors_own_trusted_keys(app, runner, signed: Path, tmp_path) -> None:
    other = tmp_path / "auditor" / "trusted_keys.json"
    keys.add_trusted_key(other, Ed25519PrivateKey.generate().public_key(),
                         valid_from=keys.parse_time("2025-01-01T00:00:00Z"))  # fmt: skip
    result = runner.invoke(app, ["verify", str(signed), "--trusted-keys", str(other)])
    assert result.exit_code == 1 and "not in the trusted keys file" in result.output


def test_verify_usage_and_io_errors_exit_2(app, runner, signed: Path, tmp_path) -> None:
    missing = runner.invoke(app, ["verify", str(tmp_path / "no-such-run")])
    assert missing.exit_code == 2 and "not a run folder" in missing.output
    no_keys = runner.invoke(app, ["verify", str(signed), "-k", str(tmp_path / "nope.json")])
    assert no_keys.exit_code == 2 and "trusted-keys file not found" in no_keys.output
    assert runner.invoke(app, ["verify"]).exit_code == 2
    assert runner.invoke(app, ["verify", str(signed), "--bogus"]).exit_code == 2


def test_verify_revoked_via_ledger(app, runner, signed: Path) -> None:
    out = signed.parent.parent
    assert (
        runner.invoke(app, ["verify", str(signed), "--ledger", str(out / "ledger.jsonl")]).exit_code
        == 0
    )
    ledger.revoke(out, signed.name, signed.parent.name, "deletion request DR-2025-0142")
    result = runner.invoke(app, ["verify", str(signed), "--ledger", str(out / "ledger.jsonl")])
    assert result.exit_code == 1 and "revoked" in result.output


def test_keys_init_demo_warns_and_never_overwrites(app, runner, home: Path) -> None:
    result = runner.invoke(app, ["keys", "init", "--demo"])
    assert result.exit_code == 0
    assert "LOCAL DEMO KEYS" in result.output
    key = (home / "keys" / "pseudonym.key").read_bytes()
    # "once per environment", run again (the README's next command after `make demo`):
    # the keys are kept, said so with the demo warning, and that is a success.
    again = runner.invoke(app, ["keys", "init"])
    assert again.exit_code == 0 and "kept them" in again.output
    assert "LOCAL DEMO KEYS" in again.output
    assert (home / "keys" / "pseudonym.key").read_bytes() == key
    (home / "keys" / "signing.pub").unlink()  # a partial set is still refused
    partial = runner.invoke(app, ["keys", "init"])
    assert partial.exit_code == 2 and "refusing to overwrite" in partial.output
    forced = runner.invoke(app, ["keys", "init", "--force"])
    assert forced.exit_code == 0 and "LOCAL DEMO" not in forced.output


def test_keys_export_public_and_rotate(app, runner, signed: Path, home: Path) -> None:
    exported = runner.invoke(app, ["keys", "export-public"])
    assert exported.exit_code == 0
    assert exported.output.startswith("-----BEGIN PUBLIC KEY-----")
    assert exported.output.replace("\n", "").count("keyid") == 1
    rotated = runner.invoke(app, ["keys", "rotate"])
    assert rotated.exit_code == 0
    assert len(json.loads((home / "trusted_keys.json").read_text())["keys"]) == 2
    # the run signed before rotation still verifies with the old (now retired) key
    assert runner.invoke(app, ["verify", str(signed)]).exit_code == 0


def test_ledger_verify_ok_and_tampered(app, runner, signed: Path) -> None:
    out = signed.parent.parent
    ok = runner.invoke(app, ["ledger", "verify", "--out", str(out)])
    assert ok.exit_code == 0 and "hash chain intact" in ok.output
    path = out / "ledger.jsonl"
    rec = json.loads(path.read_text())
    rec["status"] = "REJECTED"
    path.write_text(json.dumps(rec, sort_keys=True, separators=(",", ":")) + "\n")
    bad = runner.invoke(app, ["ledger", "verify", "--out", str(out)])
    assert bad.exit_code == 1 and "status does not match" in bad.output
    none = runner.invoke(app, ["ledger", "verify", "--out", str(out / "nowhere")])
    assert none.exit_code == 2


def test_a_cut_ledger_does_not_undo_a_revocation(app, runner, signed: Path) -> None:
    """The issue's attack: revoke, then delete the ledger's last line. Both commands
    catch it (the signed checkpoint; the signed marker beside the run)."""
    out = signed.parent.parent
    ledger.revoke(out, signed.name, signed.parent.name, "deletion request DR-2025-0142")
    path = out / "ledger.jsonl"
    path.write_text(path.read_text().splitlines(keepends=True)[0])
    result = runner.invoke(app, ["ledger", "verify", "--out", str(out)])
    assert result.exit_code == 1
    assert "ledger.checkpoint.json seals 2 record(s) but the ledger has 1" in result.output
    verified = runner.invoke(app, ["verify", str(signed)])
    assert verified.exit_code == 1 and "VERIFIED" not in verified.output
    assert "has been revoked" in verified.output and "ledger: ledger.checkpoint.json" in (
        verified.output
    )


def test_verify_fails_a_run_the_ledger_does_not_record(app, runner, signed: Path) -> None:
    out = signed.parent.parent
    twin = out / "crm_export" / str(uuid.uuid4())
    make_run_folder(out, run_id=twin.name)
    sign_run(twin, make_predicate(twin), keys.load_signing_key(keys.safeset_home() / "keys" /
                                                                "signing.key"))  # fmt: skip
    result = runner.invoke(app, ["verify", str(twin)])
    assert result.exit_code == 1 and f"run {twin.name} is not recorded in the ledger" in (
        result.output
    )
    # the other run of the root is not affected by this unrecorded folder
    assert runner.invoke(app, ["verify", str(signed)]).exit_code == 0
