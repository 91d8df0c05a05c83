"""Signing and offline verification of a real run folder, and every tampering an auditor
must catch. Also proves the format is standard: securesystemslib's DSSE and openssl
verify our attestation, and coreutils' sha256sum checks SHA256SUMS."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.dsse import Envelope
from securesystemslib.exceptions import VerificationError
from securesystemslib.signer import SSlibKey

from anonymizers.certify import keys, manifest
from anonymizers.certify.attest import ATTESTATION, MANIFEST, SUMS, sign_run, verify_run
from anonymizers.certify.manifest import ManifestError
from anonymizers.errors import SafesetError
from anonymizers.io.files import sha256_file
from tests.helpers.run_folders import (
    doc_block,
    make_predicate,
    make_run_folder,
    now_iso,
    trusted_file,
)

#: A run folder and its trusted-keys file, signed by safeset's hand-written DSSE code.
ATTESTED_RUN = Path(__file__).resolve().parents[1] / "data" / "attested_run"


@pytest.fixture
def signed_run(tmp_path: Path, signer: Ed25519PrivateKey) -> Path:
    run = make_run_folder(tmp_path / "out")
    sign_run(run, make_predicate(run), signer)
    return run


def _envelope(run: Path) -> dict[str, Any]:
    return json.loads((run / ATTESTATION).read_text())


def _statement(run: Path) -> dict[str, Any]:
    return json.loads(base64.b64decode(_envelope(run)["payload"]))


def _assert_fails(run: Path, trusted: Path, *needles: str) -> list[str]:
    report = verify_run(run, trusted)
    assert not report.ok
    text = "\n".join(report.reasons)
    for needle in needles:
        assert needle in text, text
    return report.reasons


def test_signed_folder_verifies(signed_run: Path, trusted: Path, signer) -> None:
    report = verify_run(signed_run, trusted)
    assert report.ok, report.reasons
    assert report.key_id == keys.key_id(signer.public_key())
    assert report.manifest == json.loads((signed_run / MANIFEST).read_text())
    on_disk = sorted(
        p.relative_to(signed_run).as_posix() for p in signed_run.rglob("*") if p.is_file()
    )
    subjects = [s["name"] for s in _statement(signed_run)["subject"]]
    assert subjects == [n for n in on_disk if n != ATTESTATION]
    assert SUMS in subjects and MANIFEST in subjects
    assert report.files_checked == len(subjects)


def test_statement_is_in_toto_v1(signed_run: Path) -> None:
    env = _envelope(signed_run)
    assert set(env) == {"payloadType", "payload", "signatures"}
    assert env["payloadType"] == "application/vnd.in-toto+json"
    stmt = _statement(signed_run)
    assert stmt["_type"] == "https://in-toto.io/Statement/v1"
    assert stmt["predicateType"] == manifest.PREDICATE_TYPE
    csv_subject = next(s for s in stmt["subject"] if s["name"] == "data/employees.csv")
    assert csv_subject["digest"]["sha256"] == sha256_file(signed_run / "data" / "employees.csv")
    assert (signed_run / ATTESTATION).read_text().count("\n") == 1


def test_flipped_byte_in_data_file(signed_run: Path, trusted: Path) -> None:
    target = signed_run / "data" / "employees.csv"
    data = bytearray(target.read_bytes())
    data[60] ^= 0x01
    target.write_bytes(bytes(data))
    reasons = _assert_fails(
        signed_run, trusted, "data/employees.csv: sha256 does not match", "dataset_root"
    )
    assert not any("SHA256SUMS" in r for r in reasons)  # the sums file itself is intact


def test_extra_file(signed_run: Path, trusted: Path) -> None:
    (signed_run / "data" / "salaries.csv").write_text("employee_id,salary\nE-10482,98000\n")
    _assert_fails(signed_run, trusted, "data/salaries.csv: file is not listed")


def test_removed_file(signed_run: Path, trusted: Path) -> None:
    (signed_run / "data" / "tickets.jsonl").unlink()
    _assert_fails(signed_run, trusted, "data/tickets.jsonl: listed in the attestation but missing")


def test_edited_manifest_copy(signed_run: Path, trusted: Path) -> None:
    m = json.loads((signed_run / MANIFEST).read_text())
    m["checks"][0]["counts"]["hits"] = 0
    m["status"] = "CERTIFIED"
    m["deidentification"]["claim"] = "pseudonymised"
    m["exclusions"] = []  # hide the opt-out exclusion
    (signed_run / MANIFEST).write_text(json.dumps(m, indent=2, sort_keys=True) + "\n")
    _assert_fails(
        signed_run,
        trusted,
        "manifest.json differs from the signed predicate",
        "manifest.json: sha256",
    )


def test_edited_payload(signed_run: Path, trusted: Path) -> None:
    env = _envelope(signed_run)
    stmt = _statement(signed_run)
    stmt["predicate"]["checks"][0]["passed"] = True
    stmt["predicate"]["run"]["triggered_by"]["user"] = "someone-else"
    env["payload"] = base64.b64encode(json.dumps(stmt).encode()).decode()
    (signed_run / ATTESTATION).write_text(json.dumps(env) + "\n")
    _assert_fails(signed_run, trusted, "altered after signing")
    report = verify_run(signed_run, trusted)
    assert report.manifest is None  # nothing from unverified bytes is returned


def test_untrusted_key(tmp_path: Path, trusted: Path) -> None:
    intruder = Ed25519PrivateKey.generate()
    run = make_run_folder(tmp_path / "out")
    sign_run(run, make_predicate(run), intruder)
    kid = keys.key_id(intruder.public_key())
    _assert_fails(run, trusted, f"signed by key {kid[:16]}", "not in the trusted keys file")


def test_expired_key(tmp_path: Path, signer) -> None:
    now = datetime.now(UTC)
    expired = trusted_file(tmp_path / "t.json", signer, now - timedelta(days=90),
                           now - timedelta(days=1))  # fmt: skip
    run = make_run_folder(tmp_path / "out")
    sign_run(run, make_predicate(run), signer)
    _assert_fails(run, expired, "was not valid at the run's end")


def test_key_not_yet_valid_at_run_time(tmp_path: Path, signer) -> None:
    """A key made today cannot vouch for a run that claims to have ended last month."""
    trusted = trusted_file(tmp_path / "t.json", signer, datetime.now(UTC) - timedelta(hours=1))
    run = make_run_folder(tmp_path / "out")
    sign_run(run, make_predicate(run, ended_at=now_iso(timedelta(days=-30))), signer)
    _assert_fails(run, trusted, "was not valid at the run's end")


def test_rotation_old_runs_stay_valid_new_key_trusted(tmp_path: Path) -> None:
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    rotated_at = datetime.now(UTC) - timedelta(days=10)
    path = tmp_path / "trusted_keys.json"
    trusted_file(path, old, rotated_at - timedelta(days=365), rotated_at)
    trusted_file(path, new, rotated_at)
    before = make_run_folder(tmp_path / "out")
    sign_run(before, make_predicate(before, ended_at=keys.iso(rotated_at - timedelta(days=3))), old)
    after = make_run_folder(tmp_path / "out")
    sign_run(after, make_predicate(after), new)
    late = make_run_folder(tmp_path / "out")
    sign_run(late, make_predicate(late), old)  # retired key used after its window
    assert verify_run(before, path).ok
    assert verify_run(after, path).ok
    _assert_fails(late, path, "was not valid at the run's end")


def test_rejected_status_fails_even_if_signed(tmp_path: Path, signer, trusted: Path) -> None:
    run = make_run_folder(tmp_path / "out")
    sign_run(run, make_predicate(run, status="REJECTED"), signer)
    reasons = _assert_fails(run, trusted, "status is REJECTED, not CERTIFIED")
    assert len(reasons) == 1  # signature and digests are fine: only the status fails


def test_revoked_run_fails(signed_run: Path, trusted: Path) -> None:
    report = verify_run(signed_run, trusted, revoked={signed_run.name})
    assert not report.ok
    assert any("revoked" in r for r in report.reasons)


def test_all_reasons_collected(signed_run: Path, trusted: Path) -> None:
    (signed_run / "report.md").write_text("# safeset run report\n\nStatus: REJECTED\n")
    (signed_run / "data" / "tickets.jsonl").unlink()
    (signed_run / "notes.txt").write_text("copied here by hand\n")
    reasons = _assert_fails(
        signed_run,
        trusted,
        "report.md: sha256 does not match",
        "data/tickets.jsonl: listed in the attestation but missing",
        "notes.txt: file is not listed",
    )
    assert len(reasons) >= 3


def test_edited_sha256sums_caught(signed_run: Path, trusted: Path) -> None:
    sums = (signed_run / SUMS).read_text().splitlines(keepends=True)
    (signed_run / SUMS).write_text("".join(sums[1:]))
    _assert_fails(
        signed_run, trusted, "SHA256SUMS: sha256 does not match", "SHA256SUMS does not list"
    )


def test_symlink_in_folder_fails(signed_run: Path, trusted: Path) -> None:
    (signed_run / "data" / "link.csv").symlink_to(signed_run / "data" / "employees.csv")
    _assert_fails(signed_run, trusted, "data/link.csv: symlink")


def test_missing_attestation_and_garbage_envelope(signed_run: Path, trusted: Path) -> None:
    shutil.copy(signed_run / ATTESTATION, signed_run.parent / "kept.jsonl")
    (signed_run / ATTESTATION).unlink()
    _assert_fails(signed_run, trusted, "attestation.intoto.jsonl is missing")
    (signed_run / ATTESTATION).write_text(
        '{"payloadType": "text/plain", "payload": "", "signatures": []}\n'
    )
    _assert_fails(signed_run, trusted, "payloadType is not application/vnd.in-toto+json")
    two = (signed_run.parent / "kept.jsonl").read_text() * 2
    (signed_run / ATTESTATION).write_text(two)
    _assert_fails(signed_run, trusted, "exactly one envelope")


def test_no_such_folder_or_trusted_file_is_usage_error(tmp_path: Path, signed_run, trusted) -> None:
    with pytest.raises(SafesetError):
        verify_run(tmp_path / "nowhere", trusted)
    with pytest.raises(SafesetError, match="trusted-keys file not found"):
        verify_run(signed_run, tmp_path / "missing.json")


def test_sign_refuses_invalid_predicate(tmp_path: Path, signer) -> None:
    run = make_run_folder(tmp_path / "out")
    pred = make_predicate(run)
    pred["outputs"]["files"][0]["sample_values"] = ["Marisol Okafor"]
    with pytest.raises(ManifestError, match="unexpected key") as err:
        sign_run(run, pred, signer)
    assert "Marisol" not in str(err.value)
    assert not (run / ATTESTATION).exists()


def test_resigning_replaces_stale_attestation(signed_run: Path, trusted: Path, signer) -> None:
    """Signing twice (e.g. a retried task) leaves one consistent attestation."""
    sign_run(signed_run, make_predicate(signed_run), signer)
    assert verify_run(signed_run, trusted).ok


# --- independent implementations --------------------------------------------------------


def test_securesystemslib_dsse_verifies_our_envelope(signed_run: Path, signer) -> None:
    kid = keys.key_id(signer.public_key())
    envelope = Envelope.from_dict(_envelope(signed_run))
    accepted = envelope.verify([SSlibKey.from_crypto(signer.public_key(), keyid=kid)], 1)
    assert list(accepted) == [kid]
    # and it rejects a tampered payload the same way we do
    envelope.payload = envelope.payload.replace(b"CERTIFIED", b"CERTIFIEX")
    with pytest.raises(VerificationError):
        envelope.verify([SSlibKey.from_crypto(signer.public_key(), keyid=kid)], 1)


def _handwritten_envelope(payload: bytes, signing_key: Ed25519PrivateKey) -> str:
    """The attestation line made without securesystemslib: the PAE built by hand,
    cryptography's Ed25519, the envelope as a dict. An independent implementation of the
    format, to hold the library's output against."""
    ptype = b"application/vnd.in-toto+json"
    pae = b"DSSEv1 %d %b %d %b" % (len(ptype), ptype, len(payload), payload)
    envelope = {
        "payloadType": ptype.decode(),
        "payload": base64.b64encode(payload).decode("ascii"),
        "signatures": [
            {
                "keyid": keys.key_id(signing_key.public_key()),
                "sig": base64.b64encode(signing_key.sign(pae)).decode("ascii"),
            }
        ],
    }
    return json.dumps(envelope) + "\n"


def test_envelope_is_byte_identical_to_handwritten_dsse(signed_run: Path, signer) -> None:
    """Ed25519 is deterministic: the same payload and key must give the same line."""
    payload = base64.b64decode(_envelope(signed_run)["payload"])
    written = (signed_run / ATTESTATION).read_text()
    assert written == _handwritten_envelope(payload, signer)


def test_folder_signed_by_handwritten_dsse_verifies(tmp_path: Path) -> None:
    """Run folders signed before securesystemslib made the envelopes must keep verifying."""
    shutil.copytree(ATTESTED_RUN, tmp_path / "attested")
    run = next((tmp_path / "attested" / "crm_export").iterdir())
    trusted = tmp_path / "attested" / "trusted_keys.json"
    report = verify_run(run, trusted)
    assert report.ok, report.reasons
    assert report.key_id == json.loads(trusted.read_text())["keys"][0]["keyid"]
    assert report.manifest is not None and report.manifest["run"]["id"] == run.name
    assert report.files_checked == 7
    (run / "plan.yaml").write_text("tables: {}\n")
    _assert_fails(run, trusted, "plan.yaml: sha256 does not match")


def _rewrite_signature(run: Path, **changes: Any) -> None:
    env = _envelope(run)
    env["signatures"][0].update(changes)
    env["signatures"][0] = {k: v for k, v in env["signatures"][0].items() if v is not None}
    (run / ATTESTATION).write_text(json.dumps(env) + "\n")


@pytest.mark.parametrize("keyid", [None, "", "f00d" * 16])
def test_keyid_is_only_a_hint(signed_run: Path, trusted: Path, keyid: str | None) -> None:
    """DSSE's keyid is optional and untrusted: a good signature by a trusted key verifies
    whatever keyid the envelope names, or none."""
    _rewrite_signature(signed_run, keyid=keyid)
    report = verify_run(signed_run, trusted)
    assert report.ok, report.reasons


def test_tampered_signature_fails(signed_run: Path, trusted: Path) -> None:
    sig = bytearray(base64.b64decode(_envelope(signed_run)["signatures"][0]["sig"]))
    sig[0] ^= 0x01
    _rewrite_signature(signed_run, sig=base64.b64encode(bytes(sig)).decode())
    reasons = _assert_fails(signed_run, trusted, "altered after signing", "nothing else")
    assert len(reasons) == 2
    _rewrite_signature(signed_run, keyid="f00d" * 16)
    _assert_fails(signed_run, trusted, "signed by key f00df00df00df00d, which is not in the")


def test_second_signature_with_the_same_keyid_is_refused(signed_run: Path, trusted) -> None:
    env = _envelope(signed_run)
    env["signatures"].append(dict(env["signatures"][0]))
    (signed_run / ATTESTATION).write_text(json.dumps(env) + "\n")
    _assert_fails(signed_run, trusted, "two signatures with the same keyid")


def test_second_signature_by_another_trusted_key(tmp_path: Path, signer, trusted) -> None:
    """Any trusted, valid signer suffices; an extra signature by an unknown key is ignored."""
    other = Ed25519PrivateKey.generate()
    run = make_run_folder(tmp_path / "out")
    sign_run(run, make_predicate(run), other)
    env = _envelope(run)
    payload = base64.b64decode(env["payload"])
    mine = json.loads(_handwritten_envelope(payload, signer))["signatures"][0]
    env["signatures"].append(mine)
    (run / ATTESTATION).write_text(json.dumps(env) + "\n")
    report = verify_run(run, trusted)
    assert report.ok, report.reasons
    assert report.key_id == keys.key_id(signer.public_key())


def test_openssl_verifies_pae(signed_run: Path, signer, tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    env = _envelope(signed_run)
    envelope = Envelope.from_dict(_envelope(signed_run))
    (tmp_path / "pae.bin").write_bytes(envelope.pae())
    (tmp_path / "sig.bin").write_bytes(base64.b64decode(env["signatures"][0]["sig"]))
    (tmp_path / "pub.pem").write_text(keys.public_pem(signer.public_key()))
    cmd = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin",
           "-in", "pae.bin", "-sigfile", "sig.bin"]  # fmt: skip
    ok = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr + ok.stdout
    assert "Signature Verified Successfully" in ok.stdout
    envelope.payload += b" "
    (tmp_path / "pae.bin").write_bytes(envelope.pae())
    bad = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode != 0


def test_sha256sum_check_passes_and_catches_change(signed_run: Path) -> None:
    if shutil.which("sha256sum") is None:
        pytest.skip("coreutils sha256sum is not installed")
    ok = subprocess.run(["sha256sum", "-c", "--strict", SUMS], cwd=signed_run,
                        capture_output=True, text=True)  # fmt: skip
    assert ok.returncode == 0, ok.stdout + ok.stderr
    listed = {line.split("  ", 1)[1] for line in (signed_run / SUMS).read_text().splitlines()}
    assert "data/employees.csv" in listed and MANIFEST in listed
    assert SUMS not in listed and ATTESTATION not in listed
    (signed_run / "plan.yaml").write_text("tables: {}\n")
    bad = subprocess.run(["sha256sum", "-c", SUMS], cwd=signed_run, capture_output=True, text=True)
    assert bad.returncode != 0 and "plan.yaml: FAILED" in bad.stdout


def test_verify_needs_no_prefect_spacy_presidio() -> None:
    code = (
        "import sys, anonymizers.certify.attest, anonymizers.certify.ledger, flows.cli.audit\n"
        "bad = [m for m in ('prefect', 'spacy', 'presidio_analyzer', 'presidio_anonymizer') "
        "if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == ""


@pytest.mark.skipif(
    any(shutil.which(t) is None for t in ("bash", "jq", "openssl", "sha256sum", "base64")),
    reason="needs bash, jq, openssl, sha256sum and base64",
)
def test_auditor_doc_shell_procedure(signed_run: Path, trusted: Path) -> None:
    """The documented no-tool procedure passes on a good folder and stops on tampering."""
    script = doc_block("pkeyutl")
    script = script.replace("RUN=out/demo/<run-id>", f"RUN='{signed_run}'")
    script = script.replace("TRUSTED=$PWD/auditor/trusted_keys.json", f"TRUSTED='{trusted}'")

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-c", script], capture_output=True, text=True)

    ok = run()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Signature Verified Successfully" in ok.stdout and "VERIFIED" in ok.stdout
    (signed_run / "data" / "extra.csv").write_text("employee_id\nE-10999\n")
    assert run().returncode != 0
    (signed_run / "data" / "extra.csv").unlink()
    env = _envelope(signed_run)
    payload = base64.b64decode(env["payload"]).replace(b'"hits":0', b'"hits":7', 1)
    env["payload"] = base64.b64encode(payload).decode()
    (signed_run / ATTESTATION).write_text(json.dumps(env) + "\n")
    bad = run()
    assert bad.returncode != 0 and "Signature Verification Failure" in bad.stdout + bad.stderr


def test_a_run_copied_under_another_dataset_or_id_fails(signed_run: Path, trusted: Path) -> None:
    """The folder's place is bound to the signed run id and dataset: a certified run
    copied into another dataset's folder, or renamed to another run's id, must not
    verify as that dataset or run."""
    out = signed_run.parent.parent
    other_dataset = out / "payroll" / signed_run.name
    other_dataset.parent.mkdir()
    shutil.copytree(signed_run, other_dataset)
    _assert_fails(other_dataset, trusted, "folder is under dataset 'payroll', not the signed "
                  "dataset 'crm_export' (a run copied into another dataset)")  # fmt: skip
    other_id = signed_run.parent / "5c1f9a7e-2b3d-4e6f-8a0b-1c2d3e4f5a6b"
    shutil.copytree(signed_run, other_id)
    reasons = _assert_fails(other_id, trusted, "is not the signed run id")
    assert len(reasons) == 1  # everything else about the copy is intact
    # an auditor's copy that keeps <dataset>/<run-id> verifies
    audit_copy = out.parent / "audit" / "crm_export" / signed_run.name
    shutil.copytree(signed_run, audit_copy)
    assert verify_run(audit_copy, trusted).ok
