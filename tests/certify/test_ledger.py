"""The run ledger: hash chain, tampering caught (edit, delete, reorder, truncate,
re-hash), signed records and checkpoint, cross-checks with run folders and the head each
manifest records, the per-dataset manifest chain, durable revocations, and appends that
leave nothing torn behind on a full disk or a kill."""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify import attest, ledger, ledger_audit, ledger_seal
from anonymizers.certify.attest import sign_run
from anonymizers.io.files import sha256_file
from tests.helpers.crash import killed_at
from tests.helpers.full_disk import enospc, fsync_fails_for
from tests.helpers.run_folders import doc_block, make_predicate, make_run_folder


def _publish(out: Path, signer: Ed25519PrivateKey, status: str = "CERTIFIED") -> dict:
    """Sign a run folder and record it, as the flow does after publishing."""
    run = make_run_folder(out, run_id=str(uuid.uuid4()))
    pred = make_predicate(run, status=status)
    pred["previous_manifest"] = ledger.last_manifest_digest(out, run.parent.name)
    pred["ledger"] = ledger.head(out)
    sign_run(run, pred, signer)
    return ledger.append(
        out,
        {
            "event": "run",
            "run_id": run.name,
            "dataset": run.parent.name,
            "status": status,
            "manifest_digest": "sha256:" + sha256_file(run / "manifest.json"),
            "dataset_root": pred["outputs"]["dataset_root"],
            "run_dir": run.relative_to(out).as_posix(),
        },
        signer,
    )


@pytest.fixture
def out(tmp_path: Path, signer: Ed25519PrivateKey) -> Path:
    root = tmp_path / "out"
    for status in ("CERTIFIED", "REJECTED", "CERTIFIED", "CERTIFIED"):
        _publish(root, signer, status)
    return root


def _verify(out: Path, trusted: Path) -> list[str]:
    return ledger.verify_ledger(out / ledger.LEDGER, trusted)


def _lines(out: Path) -> list[str]:
    return (out / ledger.LEDGER).read_text().splitlines(keepends=True)


def _write(out: Path, lines: list[str]) -> None:
    (out / ledger.LEDGER).write_text("".join(lines))


def test_chain_is_intact_and_reproducible_with_coreutils(out: Path, trusted: Path) -> None:
    assert _verify(out, trusted) == []
    lines = _lines(out)
    records = [json.loads(line) for line in lines]
    assert [r["seq"] for r in records] == [1, 2, 3, 4]
    assert records[0]["prev"] == "sha256:" + "0" * 64
    for before, rec in zip(lines, records[1:], strict=False):
        assert rec["prev"] == "sha256:" + hashlib.sha256(before.encode()).hexdigest()
    sed = subprocess.run(["sed", "-n", "2p", str(out / ledger.LEDGER)], capture_output=True)
    assert records[2]["prev"] == "sha256:" + hashlib.sha256(sed.stdout).hexdigest()


def test_edited_line_caught(out: Path, trusted: Path) -> None:
    lines = _lines(out)
    rec = json.loads(lines[1])
    rec["status"] = "CERTIFIED"  # launder a rejected run
    lines[1] = json.dumps(rec, sort_keys=True, separators=(",", ":")) + "\n"
    _write(out, lines)
    problems = _verify(out, trusted)
    assert any(p.startswith("line 3: prev does not match") for p in problems), problems
    assert any(p.startswith("line 2: status does not match") for p in problems), problems


def test_edited_last_line_caught_by_run_folder(out: Path, trusted: Path) -> None:
    lines = _lines(out)
    rec = json.loads(lines[-1])
    rec["manifest_digest"] = "sha256:" + "ab" * 32
    lines[-1] = json.dumps(rec, sort_keys=True, separators=(",", ":")) + "\n"
    _write(out, lines)
    problems = _verify(out, trusted)
    assert any(p.startswith("line 4: manifest_digest does not match") for p in problems)


def test_deleted_line_caught(out: Path, trusted: Path) -> None:
    lines = _lines(out)
    del lines[1]
    _write(out, lines)
    problems = _verify(out, trusted)
    assert any("line 2: seq is 3, expected 2" in p for p in problems), problems
    assert any("line 2: prev does not match" in p for p in problems)
    assert any("run folder is not in the ledger" in p for p in problems)


def test_truncated_tail_caught(out: Path, trusted: Path) -> None:
    _write(out, _lines(out)[:-1])
    problems = _verify(out, trusted)
    assert any("seals 4 record(s) but the ledger has 3" in p for p in problems), problems
    assert any("run folder is not in the ledger" in p for p in problems), problems


def test_reordered_lines_caught(out: Path, trusted: Path) -> None:
    lines = _lines(out)
    lines[1], lines[2] = lines[2], lines[1]
    _write(out, lines)
    problems = _verify(out, trusted)
    assert any("line 2: seq is 3" in p for p in problems)
    assert any("line 3: seq is 2" in p for p in problems)
    assert any("prev does not match" in p for p in problems)


def test_garbage_line_caught(out: Path, trusted: Path) -> None:
    lines = _lines(out)
    lines.insert(2, "this is not json\n")
    _write(out, lines)
    problems = _verify(out, trusted)
    assert "line 3: not JSON" in problems


def test_last_manifest_digest_chains_per_dataset(out: Path, tmp_path: Path) -> None:
    records = ledger.read_records(out / ledger.LEDGER)
    assert ledger.last_manifest_digest(out, "crm_export") == records[-1]["manifest_digest"]
    assert ledger.last_manifest_digest(out, "payroll") is None
    # each signed manifest points at the previous certified run's manifest of the same
    # dataset, never at a rejected one (the fixture's second run)
    certified = [r for r in records if r["status"] == "CERTIFIED"]
    assert len(certified) == 3 and records[1]["status"] == "REJECTED"
    for before, rec in itertools.pairwise(certified):
        m = json.loads((out / rec["run_dir"] / "manifest.json").read_text())
        assert m["previous_manifest"] == before["manifest_digest"]
    after_rejected = json.loads((out / records[2]["run_dir"] / "manifest.json").read_text())
    assert after_rejected["previous_manifest"] == records[0]["manifest_digest"]
    assert ledger.last_manifest_digest(tmp_path / "empty", "crm_export") is None


def test_revocations(out: Path, signer: Ed25519PrivateKey, trusted: Path) -> None:
    target = ledger.read_records(out / ledger.LEDGER)[0]
    rec = ledger.revoke(
        out, target["run_id"], target["dataset"], "deletion request DR-2025-0142", signer
    )
    assert rec["event"] == "revoke" and rec["seq"] == 5
    assert ledger.revoked_runs(out) == {target["run_id"]}
    assert _verify(out, trusted) == []
    checkpoint = json.loads((out / ledger_seal.CHECKPOINT).read_text())
    assert checkpoint["seq"] == 5 and checkpoint["revoked"] == [target["run_id"]]
    assert (out / (target["run_dir"] + ledger_seal.REVOKED_SUFFIX)).is_file()
    # a revocation does not move the manifest chain
    assert ledger.last_manifest_digest(out, "crm_export") != target["manifest_digest"]


def test_append_rejects_bad_entries(tmp_path: Path, signer: Ed25519PrivateKey) -> None:
    with pytest.raises(ValueError, match="may not set"):
        ledger.append(tmp_path, {"event": "run", "run_id": "r", "dataset": "d", "seq": 9}, signer)
    with pytest.raises(ValueError, match="may not set"):
        ledger.append(tmp_path, {"event": "run", "run_id": "r", "dataset": "d", "sig": "x"}, signer)
    with pytest.raises(ValueError, match="event"):
        ledger.append(tmp_path, {"event": "delete", "run_id": "r", "dataset": "d"}, signer)
    with pytest.raises(ValueError, match="lacks"):
        ledger.append(tmp_path, {"event": "run", "dataset": "d"}, signer)


def test_append_refuses_torn_tail(out: Path, signer: Ed25519PrivateKey) -> None:
    with (out / ledger.LEDGER).open("a") as fh:
        fh.write('{"seq": 5, "prev": "sha')
    with pytest.raises(ledger.LedgerError, match="incomplete"):
        ledger.append(out, {"event": "run", "run_id": "r", "dataset": "crm_export"}, signer)


def test_concurrent_appends_keep_one_chain(
    tmp_path: Path, signer: Ed25519PrivateKey, trusted: Path
) -> None:
    """Four processes append at once; the lock keeps a single, unforked, sealed chain."""
    repo = Path(__file__).resolve().parents[2]
    pem = tmp_path / "signing.key"
    pem.write_bytes(
        signer.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    pem.chmod(0o600)  # a key file others can read is refused
    code = (
        "import sys; from pathlib import Path; from anonymizers.certify import keys, ledger\n"
        "key = keys.load_signing_key(Path(sys.argv[3]))\n"
        "for i in range(15):\n"
        "    ledger.append(Path(sys.argv[1]), {'event': 'run', 'run_id': f'{sys.argv[2]}-{i}',"
        " 'dataset': 'crm_export', 'status': 'REJECTED'}, key)\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path), f"w{n}", str(pem)], cwd=repo)
        for n in range(4)
    ]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    assert _verify(tmp_path, trusted) == []
    assert len(ledger.read_records(tmp_path / ledger.LEDGER)) == 60


@pytest.mark.skipif(
    any(shutil.which(t) is None for t in ("bash", "jq", "sha256sum")),
    reason="needs bash, jq and sha256sum",
)
def test_auditor_doc_ledger_loop(out: Path) -> None:
    """The documented jq/sha256sum chain check agrees with verify_ledger."""
    script = doc_block("while IFS").replace("out/ledger.jsonl", str(out / ledger.LEDGER))
    intact = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert intact.returncode == 0 and intact.stdout == "", intact.stdout + intact.stderr
    lines = _lines(out)
    del lines[2]
    _write(out, lines)
    broken = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert "line 3: wrong seq" in broken.stdout and "line 3: chain broken" in broken.stdout


# --- signatures, checkpoint, anchors, durable revocations -----------------------------


def _rewrite(out: Path, edit_line: int, status: str) -> None:
    """Edit one record and re-hash every line after it, as someone who can write the
    file but holds no signing key would; the checkpoint is re-pointed at the new head."""
    lines = _lines(out)
    recs = [json.loads(line) for line in lines]
    recs[edit_line - 1]["status"] = status
    out_lines: list[str] = []
    prev = ledger.GENESIS
    for rec in recs:
        rec["prev"] = prev
        line = json.dumps(rec, sort_keys=True, separators=(",", ":")) + "\n"
        prev = "sha256:" + hashlib.sha256(line.encode()).hexdigest()
        out_lines.append(line)
    _write(out, out_lines)
    checkpoint = json.loads((out / ledger_seal.CHECKPOINT).read_text())
    checkpoint["head"] = prev
    (out / ledger_seal.CHECKPOINT).write_text(json.dumps(checkpoint))


def test_rehashed_edit_caught_by_signatures(out: Path, trusted: Path) -> None:
    _rewrite(out, 2, "CERTIFIED")  # launder the rejected run, chain re-hashed
    problems = _verify(out, trusted)
    assert not any("prev does not match" in p for p in problems)  # the chain itself holds
    assert any(p.startswith("line 2: signature does not verify") for p in problems), problems
    assert any(p.startswith("line 3: signature does not verify") for p in problems)
    assert any(f"{ledger_seal.CHECKPOINT}: signature does not verify" in p for p in problems)


def test_resigned_by_an_untrusted_key_caught(
    out: Path, trusted: Path, signer: Ed25519PrivateKey
) -> None:
    intruder = Ed25519PrivateKey.generate()
    lines = _lines(out)
    rec = ledger_seal.sign(json.loads(lines[-1]), ledger_seal.RECORD_CONTEXT, intruder)
    lines[-1] = ledger_seal.canonical(rec).decode() + "\n"
    _write(out, lines)
    problems = _verify(out, trusted)
    assert any(
        p.startswith("line 4: signature does not verify with any trusted key") for p in problems
    )


def test_cut_tail_with_checkpoint_deleted_caught(out: Path, trusted: Path) -> None:
    _write(out, _lines(out)[:-1])
    (out / ledger_seal.CHECKPOINT).unlink()
    audit = ledger_audit.audit_integrity(out, trusted)
    assert audit.problems == [f"{ledger_seal.CHECKPOINT} is missing (deleted?): a cut tail "
                              "cannot be ruled out"]  # fmt: skip


def test_anchor_in_a_manifest_catches_a_rewritten_ledger(out: Path, trusted: Path) -> None:
    """Each manifest records the head its run followed: a ledger rebuilt from scratch
    (every line re-hashed) no longer holds it."""
    records = ledger.read_records(out / ledger.LEDGER)
    last = out / records[-1]["run_dir"]
    _rewrite(out, 1, "REJECTED")
    report, _ = ledger_audit.verify_recorded_run(last, trusted, out)
    assert not report.ok
    assert "ledger line 3 is not the one the manifest recorded (ledger rewritten)" in report.reasons


def test_revocation_survives_the_ledger_and_checkpoint_rolled_back(
    out: Path, trusted: Path, signer: Ed25519PrivateKey
) -> None:
    """Someone keeps the checkpoint, lets a deletion request revoke a run, then restores
    the old ledger and checkpoint: the signed marker beside the run still revokes it."""
    target = ledger.read_records(out / ledger.LEDGER)[-1]
    run_dir = out / target["run_dir"]
    before_lines, before_cp = _lines(out), (out / ledger_seal.CHECKPOINT).read_bytes()
    ledger.revoke(out, target["run_id"], "crm_export", "deletion request DR-2025-0142", signer)
    kept = out.parent / "auditor" / "checkpoint-2026-12-04.json"  # a copy kept elsewhere
    shutil.copy(out / ledger_seal.CHECKPOINT, kept)
    _write(out, before_lines)
    (out / ledger_seal.CHECKPOINT).write_bytes(before_cp)
    assert ledger_audit.audit_integrity(out, trusted).problems == []  # consistent rollback
    report, _ = ledger_audit.verify_recorded_run(run_dir, trusted, out)
    assert not report.ok and any("has been revoked: revoked on" in r for r in report.reasons)
    assert attest.verify_run(run_dir, trusted).ok is False  # no ledger at hand: still revoked
    problems = _verify(out, trusted)
    assert any("revocation marker" in p and target["run_id"] in p for p in problems), problems
    audit = ledger_audit.audit_ledger(out / ledger.LEDGER, trusted)
    assert ledger_audit.saved_checkpoint_problems(audit, kept, trusted) == [
        f"saved checkpoint {kept.name} (seq 5): the ledger has only 4 record(s): rolled back"
    ]


def test_a_forged_marker_still_revokes_but_says_so(out: Path, trusted: Path) -> None:
    target = ledger.read_records(out / ledger.LEDGER)[0]
    run_dir = out / target["run_dir"]
    ledger_seal.write_marker(run_dir, target["run_id"], "crm_export", "x", "2026-01-01T00:00:00Z",
                             Ed25519PrivateKey.generate())  # fmt: skip
    reasons = attest.verify_run(run_dir, trusted).reasons
    assert any("signature does not verify" in r and "treated as revoked" in r for r in reasons)


def test_legacy_unsigned_records_are_reported_not_passed(
    tmp_path: Path, signer: Ed25519PrivateKey, trusted: Path
) -> None:
    path = tmp_path / ledger.LEDGER
    for n in range(2):  # what safeset wrote before records were signed
        entry = {"event": "run", "run_id": f"legacy-{n}", "dataset": "hr", "status": "REJECTED"}
        ledger.append_chained(path, entry, "safeset ledger verify")
    audit = ledger_audit.audit_ledger(path, trusted)
    assert audit.problems == []
    assert any("lines 1-2: 2 unsigned legacy record(s)" in w for w in audit.warnings)
    assert any("no ledger.checkpoint.json" in w for w in audit.warnings)
    ledger.append(tmp_path, {"event": "run", "run_id": "new", "dataset": "hr",
                             "status": "REJECTED"}, signer)  # fmt: skip
    audit = ledger_audit.audit_ledger(path, trusted)
    assert audit.problems == [] and len(audit.warnings) == 1  # the checkpoint now seals all
    # an unsigned record after signed ones is not legacy: someone added it by hand
    ledger.append_chained(path, {"event": "revoke", "run_id": "x", "dataset": "hr"}, "-")
    assert "line 4: unsigned record after signed ones (not written by safeset)" in (
        ledger_audit.audit_ledger(path, trusted).problems
    )


def test_append_refuses_a_ledger_cut_behind_its_checkpoint(
    out: Path, signer: Ed25519PrivateKey
) -> None:
    """A run must not re-seal a cut ledger: the next append refuses and adds nothing."""
    _write(out, _lines(out)[:-1])
    cut = (out / ledger.LEDGER).read_bytes()
    with pytest.raises(ledger.LedgerError, match="does not match its checkpoint"):
        ledger.append(out, {"event": "run", "run_id": "r", "dataset": "crm_export"}, signer)
    assert (out / ledger.LEDGER).read_bytes() == cut


@pytest.mark.parametrize("step", ["line", "checkpoint"])
def test_a_full_disk_during_an_append_leaves_the_ledger_as_it_was(
    out: Path, signer: Ed25519PrivateKey, trusted: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    before = (out / ledger.LEDGER).read_bytes(), (out / ledger_seal.CHECKPOINT).read_bytes()
    if step == "line":  # the bytes went out, the flush to disk fails (as on a full disk)
        fsync_fails_for(monkeypatch, ledger.LEDGER)
    else:
        monkeypatch.setattr(ledger_seal, "write_bytes_atomically", enospc)
    with pytest.raises(OSError, match="No space left"):
        ledger.append(out, {"event": "run", "run_id": "r", "dataset": "crm_export"}, signer)
    monkeypatch.undo()
    after = (out / ledger.LEDGER).read_bytes(), (out / ledger_seal.CHECKPOINT).read_bytes()
    assert after == before
    assert _verify(out, trusted) == []


def test_a_kill_between_line_and_checkpoint_is_sealed_by_the_next_append(
    out: Path, signer: Ed25519PrivateKey, trusted: Path
) -> None:
    entry = {"event": "run", "run_id": "r1", "dataset": "crm_export", "status": "REJECTED"}
    killed_at(ledger_seal, "write_checkpoint", lambda: ledger.append(out, entry, signer))
    audit = ledger_audit.audit_integrity(out, trusted)
    assert audit.problems == []
    assert audit.warnings == [f"line 5: not yet sealed by {ledger_seal.CHECKPOINT} "
                              "(an append was interrupted; the next append seals them)"]  # fmt: skip
    ledger.append(out, {**entry, "run_id": "r2"}, signer)
    audit = ledger_audit.audit_integrity(out, trusted)
    assert audit.problems == audit.warnings == []
    assert json.loads((out / ledger_seal.CHECKPOINT).read_text())["seq"] == 6


def test_append_refuses_to_reseal_a_forged_checkpoint(
    out: Path, signer: Ed25519PrivateKey, trusted: Path
) -> None:
    """A re-hashed ledger with a checkpoint pointed at the new head must not be sealed
    by the next run's signature (that would erase the evidence)."""
    _rewrite(out, 2, "CERTIFIED")
    tampered = (out / ledger.LEDGER).read_bytes()
    with pytest.raises(ledger.LedgerError, match="signature does not verify"):
        ledger.append(out, {"event": "run", "run_id": "r", "dataset": "crm_export"}, signer)
    assert (out / ledger.LEDGER).read_bytes() == tampered
