"""Certified runs published into an output root with a ledger, for the pull, forget and CLI tests."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import polars as pl
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify import encryption as crypto
from anonymizers.certify import grants, ledger
from anonymizers.certify.attest import sign_run
from anonymizers.governance import subjects
from anonymizers.governance.subject_columns import SubjectColumns
from anonymizers.governance.subject_index import (
    INDEX_FILE,
    manifest_entry,
    no_index,
    records,
    write_index,
)
from anonymizers.io.files import sha256_file
from tests.helpers.run_folders import make_predicate, make_run_folder

EMPLOYEE_IDS = ["E-10482", "E-10483", "E-10484"]


def publish(
    out: Path,
    signer: Ed25519PrivateKey,
    *,
    dataset: str = "crm_export",
    status: str = "CERTIFIED",
    subject_ids: list[str] | None = None,
    pseudonym_key: bytes | None = None,
    data_key: bytes | None = None,
    parquet: bool = False,
    teams: dict[str, str] | None = None,
    ledger_key: Ed25519PrivateKey | None = None,
    index_form: str = "inline",
    inputs: list[str] | None = None,
) -> Path:
    """Build, sign and record a run folder the way the flow does (encrypt, or seal for
    ``teams``, then list outputs, then sign, then append to the ledger)."""
    scratch = out.parent / f"scratch-{uuid.uuid4().hex[:8]}"
    made = make_run_folder(scratch)
    run = out / dataset / made.name
    run.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(made, run)
    shutil.rmtree(scratch)
    if parquet:
        pl.read_csv(run / "data" / "employees.csv").write_parquet(run / "data" / "staff.parquet")
    encryption = crypto.encrypt_run_data(run, data_key) if data_key else None
    sealed = grants.seal_run(run, teams, run.name, dataset) if teams else {}
    pred = make_predicate(run, status=status)
    pred.update(sealed)
    pred["previous_manifest"] = ledger.last_manifest_digest(out, dataset)
    pred["ledger"] = ledger.head(out)
    if encryption:
        pred["encryption"] = encryption
    if index_form == "none":
        pred["subject_index"] = no_index(SubjectColumns((), "none", "no table about people"))
    elif subject_ids is not None and index_form == "file":
        assert pseudonym_key is not None
        # As a run writes it (records of the subject column, sorted, one file).
        found = SubjectColumns((("employees", "employee_id"),), "plan")
        count = write_index(run / INDEX_FILE, records(pseudonym_key, subject_ids))
        pred["subject_index"] = manifest_entry(pseudonym_key, run, count, found)
    elif subject_ids is not None:
        assert pseudonym_key is not None
        pred["subject_index"] = subjects.subject_index(pseudonym_key, subject_ids)
    sign_run(run, pred, signer)
    ledger.append(
        out,
        {
            "event": "run",
            "run_id": run.name,
            "dataset": dataset,
            "status": status,
            "manifest_digest": "sha256:" + sha256_file(run / "manifest.json"),
            "dataset_root": pred["outputs"]["dataset_root"],
            "run_dir": run.relative_to(out).as_posix(),
            "inputs": inputs if inputs is not None else ["/srv/exports/2025-06/employees.csv"],
            "config": None,
        },
        ledger_key or signer,
    )
    return run
