"""The run ledger: hash chain, tampering caught (edit, delete, reorder, truncate),
cross-checks with run folders, the per-dataset manifest chain, revocations."""

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
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify import ledger
from anonymizers.certify.attest import sign_run
from anonymizers.io.files import sha256_file
from tests.helpers.run_folders import doc_block, make_predicate, make_run_folder


def _publish(out: Path, signer: Ed25519PrivateKey, status: str = "CERTIFIED") -> dict:
    """Sign a run folder and record it, as the flow does after publishing."""
    run = make_run_folder(out, run_id=str(uuid.uuid4()))
    pred = make_predicate(run, status=status)
    pred["previous_manifest"] = ledger.last_manifest_digest(out, run.parent.name)
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
    )


@pytest.fixture
def out(tmp_path: Path) -> Path:
    root = tmp_path / "out"
    signer = Ed25519PrivateKey.generate()
    for status in ("CERTIFIED", "REJECTED", "CERTIFIED", "CERTIFIED"):
        _publish(root, signer, status)
    return root


def _lines(out: Path) -> list[str]:
    return (out / ledger.LEDGER).read_text().splitlines(keepends=True)


def _write(out: Path, lines: list[str]) -> None:
    (out / ledger.LEDGER).write_text("".join(lines))


def test_chain_is_intact_and_reproducible_with_coreutils(out: Path) -> None:
    assert ledger.verify_ledger(out / ledger.LEDGER) == []
    lines = _lines(out)
    records = [json.loads(line) for line in lines]
    assert [r["seq"] for r in records] == [1, 2, 3, 4]
    assert records[0]["prev"] == "sha256:" + "0" * 64
    for before, rec in zip(lines, records[1:], strict=False):
        assert rec["prev"] == "sha256:" + hashlib.sha256(before.encode()).hexdigest()
    sed = subprocess.run(["sed", "-n", "2p", str(out / ledger.LEDGER)], capture_output=True)
    assert records[2]["prev"] == "sha256:" + hashlib.sha256(sed.stdout).hexdigest()


def test_edited_line_caught(out: Path) -> None:
    lines = _lines(out)
    rec = json.loads(lines[1])
    rec["status"] = "CERTIFIED"  # launder a rejected run
    lines[1] = json.dumps(rec, sort_keys=True, separators=(",", ":")) + "\n"
    _write(out, lines)
    problems = ledger.verify_ledger(out / ledger.LEDGER)
    assert any(p.startswith("line 3: prev does not match") for p in problems), problems
    assert any(p.startswith("line 2: status does not match") for p in problems), problems


def test_edited_last_line_caught_by_run_folder(out: Path) -> None:
    lines = _lines(out)
    rec = json.loads(lines[-1])
    rec["manifest_digest"] = "sha256:" + "ab" * 32
    lines[-1] = json.dumps(rec, sort_keys=True, separators=(",", ":")) + "\n"
    _write(out, lines)
    problems = ledger.verify_ledger(out / ledger.LEDGER)
    assert any(p.startswith("line 4: manifest_digest does not match") for p in problems)


def test_deleted_line_caught(out: Path) -> None:
    lines = _lines(out)
    del lines[1]
    _write(out, lines)
    problems = ledger.verify_ledger(out / ledger.LEDGER)
    assert any("line 2: seq is 3, expected 2" in p for p in problems), problems
    assert any("line 2: prev does not match" in p for p in problems)
    assert any("run folder is not in the ledger" in p for p in problems)


def test_truncated_tail_caught(out: Path) -> None:
    _write(out, _lines(out)[:-1])
    problems = ledger.verify_ledger(out / ledger.LEDGER)
    assert len(problems) == 1 and "run folder is not in the ledger" in problems[0]


def test_reordered_lines_caught(out: Path) -> None:
    lines = _lines(out)
    lines[1], lines[2] = lines[2], lines[1]
    _write(out, lines)
    problems = ledger.verify_ledger(out / ledger.LEDGER)
    assert any("line 2: seq is 3" in p for p in problems)
    assert any("line 3: seq is 2" in p for p in problems)
    assert any("prev does not match" in p for p in problems)


def test_garbage_line_caught(out: Path) -> None:
    lines = _lines(out)
    lines.insert(2, "this is not json\n")
    _write(out, lines)
    problems = ledger.verify_ledger(out / ledger.LEDGER)
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


def test_revocations(out: Path) -> None:
    target = ledger.read_records(out / ledger.LEDGER)[0]
    rec = ledger.revoke(out, target["run_id"], target["dataset"], "deletion request DR-2025-0142")
    assert rec["event"] == "revoke" and rec["seq"] == 5
    assert ledger.revoked_runs(out) == {target["run_id"]}
    assert ledger.verify_ledger(out / ledger.LEDGER) == []
    # a revocation does not move the manifest chain
    assert ledger.last_manifest_digest(out, "crm_export") != target["manifest_digest"]


def test_append_rejects_bad_entries(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="may not set"):
        ledger.append(tmp_path, {"event": "run", "run_id": "r", "dataset": "d", "seq": 9})
    with pytest.raises(ValueError, match="event"):
        ledger.append(tmp_path, {"event": "delete", "run_id": "r", "dataset": "d"})
    with pytest.raises(ValueError, match="lacks"):
        ledger.append(tmp_path, {"event": "run", "dataset": "d"})


def test_append_refuses_torn_tail(out: Path) -> None:
    with (out / ledger.LEDGER).open("a") as fh:
        fh.write('{"seq": 5, "prev": "sha')
    with pytest.raises(ledger.LedgerError, match="incomplete"):
        ledger.append(out, {"event": "run", "run_id": "r", "dataset": "crm_export"})


def test_concurrent_appends_keep_one_chain(tmp_path: Path) -> None:
    """Four processes append at once; the lock keeps a single, unforked chain."""
    repo = Path(__file__).resolve().parents[2]
    code = (
        "import sys; from pathlib import Path; from anonymizers.certify import ledger\n"
        "for i in range(15):\n"
        "    ledger.append(Path(sys.argv[1]), {'event': 'run', 'run_id': f'{sys.argv[2]}-{i}',"
        " 'dataset': 'crm_export', 'status': 'REJECTED'})\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path), f"w{n}"], cwd=repo)
        for n in range(4)
    ]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    assert ledger.verify_ledger(tmp_path / ledger.LEDGER) == []
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
