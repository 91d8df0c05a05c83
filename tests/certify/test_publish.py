"""publish: what certification records (the policy as loaded, each check's status) and
how a rejected run is handed to the flow and the command line (``RunRejected``).

A real engine run of the small HR + support bundle (tests/helpers/northwind.py),
certified by the engine's own assembly, without Prefect.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify import ledger, ledger_audit, ledger_seal
from anonymizers.certify import publish as publish_module
from anonymizers.certify.attest import sign_run
from anonymizers.certify.manifest import validate_manifest
from anonymizers.certify.publish import (
    PublishError,
    RunOutcome,
    RunRejected,
    intent_path,
    publish_and_record,
    recover_publish,
)
from anonymizers.io.files import sha256_file
from anonymizers.io.staging import RunFolders
from anonymizers.policy import load_policy
from tests.helpers.crash import killed_at
from tests.helpers.engine_run import publish, run_engine
from tests.helpers.full_disk import enospc, fsync_fails_for
from tests.helpers.northwind import KEY, write_bundle
from tests.helpers.run_folders import make_predicate, make_run_folder

RUN_ID = "3f6b2a90-1c4d-4e8f-a7b5-9d0e2c4f6a18"
POLICY = """\
locale: en_US
verification:
  min_leak_length: 4
  residual_sample_rows: 500
columns:
  "employees.department": {kind: safe}
"""


@pytest.mark.model  # the engine run loads the spaCy model
def test_manifest_records_the_policy_as_loaded_not_as_it_is_at_certification(
    tmp_path: Path,
) -> None:
    config = tmp_path / "nightly.yaml"
    config.write_text(POLICY, encoding="utf-8")
    loaded = hashlib.sha256(POLICY.encode()).hexdigest()
    policy = load_policy(config)
    run = run_engine(write_bundle(tmp_path / "northwind"), tmp_path / "run", KEY, policy)
    # Someone edits the policy while the run is under way.
    config.write_text(POLICY.replace("min_leak_length: 4", "min_leak_length: 8"), "utf-8")
    signer = Ed25519PrivateKey.generate()
    status, folder, predicate = publish(run, tmp_path / "out", RUN_ID, signer, config)
    assert status == "CERTIFIED"
    assert predicate["policy"] == {"file": "nightly.yaml", "digest": f"sha256:{loaded}"}
    assert json.loads((folder / "manifest.json").read_text())["policy"]["digest"].endswith(loaded)
    validate_manifest(predicate)
    assert predicate["ledger"] == {"seq": 0, "head": ledger.GENESIS}  # the head it follows
    assert ledger.read_records(tmp_path / "out" / ledger.LEDGER)[0]["run_id"] == RUN_ID
    for entry in predicate["checks"]:
        assert entry["status"] in ("pass", "not_applicable") and entry["measured"], entry


def test_a_rejected_outcome_travels_whole_and_names_no_value(tmp_path: Path) -> None:
    outcome = RunOutcome("REJECTED", tmp_path / "quarantine" / "hr" / RUN_ID, RUN_ID,
                         ["failed check: leak_check (values_searched 40, hits 2)",
                          "  survey.comment: 2 finding(s): EMAIL_ADDRESS 2 [leak]"])  # fmt: skip
    rejected = RunRejected(outcome)
    assert rejected.exit_code == 1
    again = pickle.loads(pickle.dumps(rejected))  # a Prefect result may be pickled
    assert isinstance(again, RunRejected) and again.outcome == outcome
    assert str(rejected) == (
        f"run REJECTED (leak_check (values_searched 40, hits 2)); quarantined at {outcome.run_dir}"
    )


# --- publish and record as one step: a full disk or a kill at every step ---------------


def _staged(out: Path, signer: Ed25519PrivateKey) -> tuple[Path, Path, dict]:
    """A signed staging folder of a run whose process is gone (its lock file exists and
    nobody holds it), the final place and the ledger entry, as certify_and_publish
    makes them."""
    run_id = str(uuid.uuid4())
    made = make_run_folder(out.parent / "scratch", run_id)
    pred = make_predicate(made)
    pred["ledger"] = ledger.head(out)
    staging = out / ".staging" / run_id
    staging.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(made, staging)
    sign_run(staging, pred, signer)
    (staging.parent / f"{run_id}.lock").touch()
    final = out / "crm_export" / run_id
    entry = {"event": "run", "run_id": run_id, "dataset": "crm_export", "status": "CERTIFIED",
             "manifest_digest": "sha256:" + sha256_file(staging / "manifest.json"),
             "dataset_root": pred["outputs"]["dataset_root"],
             "run_dir": final.relative_to(out).as_posix(), "inputs": [], "config": None}  # fmt: skip
    return staging, final, entry


@pytest.fixture
def out(tmp_path: Path, signer: Ed25519PrivateKey) -> Path:
    """An output root that already holds one published run."""
    root = tmp_path / "out"
    staging, final, entry = _staged(root, signer)
    publish_and_record(root, staging, final, entry, signer)
    (root / ".staging" / f"{final.name}.lock").unlink()
    return root


def _full_disk_at(step: str, final: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if step == "intent":
        monkeypatch.setattr(publish_module, "write_bytes_atomically", enospc)
    elif step == "move":
        real_replace = os.replace

        def replace(src: object, dst: object) -> None:
            if Path(str(dst)) == final:
                enospc()
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", replace)
    elif step == "ledger line":
        fsync_fails_for(monkeypatch, ledger.LEDGER)
    else:
        monkeypatch.setattr(ledger_seal, "write_bytes_atomically", enospc)


@pytest.mark.parametrize("step", ["intent", "move", "ledger line", "checkpoint"])
def test_a_full_disk_at_any_step_publishes_nothing(
    out: Path, signer: Ed25519PrivateKey, trusted: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    staging, final, entry = _staged(out, signer)
    before = (out / ledger.LEDGER).read_bytes()
    _full_disk_at(step, final, monkeypatch)
    with pytest.raises(PublishError, match="nothing was published") as caught:
        publish_and_record(out, staging, final, entry, signer)
    monkeypatch.undo()
    assert caught.value.exit_code == 3 and "No space left on device" in str(caught.value)
    assert not final.exists() and (staging / "manifest.json").is_file()  # back in staging
    assert not intent_path(staging).exists()
    assert (out / ledger.LEDGER).read_bytes() == before
    audit = ledger_audit.audit_ledger(out / ledger.LEDGER, trusted)
    assert audit.problems == audit.warnings == []
    # the same run publishes once the disk has room again
    publish_and_record(out, staging, final, entry, signer)
    assert ledger_audit.verify_recorded_run(final, trusted, out)[0].ok


#: (function replaced by a kill, killed after it returned?, what the next run says)
KILLS = {
    "before the intent": (publish_module, "write_bytes_atomically", False, None),
    "before the move": (publish_module, "publish", False, "nothing had been published"),
    "before the ledger": (ledger, "append", False, "finished an interrupted publish"),
    "before the checkpoint": (ledger_seal, "write_checkpoint", False, "had completed"),
    "before the intent is removed": (ledger, "append", True, "had completed"),
}


@pytest.mark.parametrize("where", list(KILLS))
def test_a_kill_at_any_step_is_finished_or_rolled_back_by_the_next_run(
    out: Path, signer: Ed25519PrivateKey, trusted: Path, where: str
) -> None:
    staging, final, entry = _staged(out, signer)
    target, name, after, said = KILLS[where]
    killed_at(target, name, lambda: publish_and_record(out, staging, final, entry, signer),
              after=after)  # fmt: skip
    with RunFolders(out, "next-run", recover=recover_publish(out, signer)) as folders:
        if said is None:
            assert folders.recovered == []
        else:
            (line,) = folders.recovered
            assert line.startswith(f"run {final.name}: ") and said in line
        assert final.name in folders.swept
    published = final.is_dir()
    assert published == (said != "nothing had been published" and said is not None)
    recorded = any(r.get("run_id") == final.name for r in ledger.read_records(out / ledger.LEDGER))
    assert recorded == published  # either nothing published or published and recorded
    leftovers = list((out / ".staging").iterdir()) if (out / ".staging").exists() else []
    assert leftovers == []
    audit = ledger_audit.audit_ledger(out / ledger.LEDGER, trusted)
    assert audit.problems == []
    if published:
        assert ledger_audit.verify_recorded_run(final, trusted, out)[0].ok


def test_a_recovery_that_hits_a_full_disk_is_left_for_the_next_run(
    out: Path, signer: Ed25519PrivateKey, trusted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staging, final, entry = _staged(out, signer)
    killed_at(ledger, "append", lambda: publish_and_record(out, staging, final, entry, signer))
    monkeypatch.setattr(ledger_seal, "write_bytes_atomically", enospc)
    with RunFolders(out, "next-run", recover=recover_publish(out, signer)) as folders:
        assert folders.recovered == [
            f"run {final.name}: interrupted publish left as it is (No space left on device); "
            "the next run tries again"
        ]
    monkeypatch.undo()
    assert intent_path(staging).exists() and final.is_dir()
    with RunFolders(out, "run-after", recover=recover_publish(out, signer)) as folders:
        assert "finished an interrupted publish" in folders.recovered[0]
    assert ledger_audit.verify_recorded_run(final, trusted, out)[0].ok


def test_a_planted_intent_does_not_get_a_forged_folder_recorded(
    out: Path, signer: Ed25519PrivateKey, trusted: Path
) -> None:
    """Someone who can write the output root plants a dead run's lock, an intent and a
    folder signed by their own key: the next run must not vouch for it in the ledger."""
    staging, final, entry = _staged(out, Ed25519PrivateKey.generate())
    killed_at(ledger, "append", lambda: publish_and_record(out, staging, final, entry, signer))
    with RunFolders(out, "next-run", recover=recover_publish(out, signer)) as folders:
        assert "did not match its intent or its signature and was removed" in folders.recovered[0]
    assert not final.exists()
    assert final.name not in {r.get("run_id") for r in ledger.read_records(out / ledger.LEDGER)}


def test_kill_9_from_outside_between_move_and_ledger(
    out: Path, signer: Ed25519PrivateKey, trusted: Path, tmp_path: Path
) -> None:
    """The same, with a real ``kill -9`` sent by another process to a separate Python
    that holds its run's lock (as ``safeset run`` does): the lock dies with it and the
    next run finishes the publish."""
    staging, final, entry = _staged(out, signer)
    (staging.parent / f"{final.name}.lock").unlink()  # the child takes the lock itself
    os.replace(staging, tmp_path / "prepared")  # and stages the signed folder itself
    key_file = tmp_path / "signing.key"
    key_file.write_bytes(signer.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))  # fmt: skip
    key_file.chmod(0o600)  # a key file others can read is refused
    (tmp_path / "entry.json").write_text(json.dumps(entry))
    code = (
        "import json, sys, time; from pathlib import Path\n"
        "from anonymizers.certify import keys, ledger, publish\n"
        "from anonymizers.io.staging import RunFolders\n"
        "out, run_id, tmp = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])\n"
        "folders = RunFolders(out, run_id).open()\n"
        "folders.staging.rmdir(); (tmp / 'prepared').replace(folders.staging)\n"
        "def hang(*a, **k):\n"
        "    print('moved', flush=True); time.sleep(60)\n"
        "ledger.append = hang\n"
        "publish.publish_and_record(out, out / '.staging' / run_id, out / 'crm_export' / run_id,"
        " json.loads((tmp / 'entry.json').read_text()),"
        " keys.load_signing_key(tmp / 'signing.key'))\n"
    )
    repo = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(out), final.name, str(tmp_path)],
        cwd=repo, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline() == "moved\n"
        assert final.is_dir()  # published, not yet recorded: the window the issue found
        with RunFolders(out, "live-run") as live:  # its lock is held: nothing touched
            assert live.recovered == [] and final.name not in live.swept
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    with RunFolders(out, "next-run", recover=recover_publish(out, signer)) as folders:
        assert "finished an interrupted publish" in folders.recovered[0]
    assert ledger_audit.verify_recorded_run(final, trusted, out)[0].ok
