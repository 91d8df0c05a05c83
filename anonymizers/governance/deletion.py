"""Deletion requests: every certified run checked, and revoked unless it is known not to
hold the subject.

``forget`` reads the ledger and checks each CERTIFIED run's subject index (the file form,
``subject_index.py``, or the digests older manifests list inline). A run that holds the
subject is revoked; so is a run it cannot check (no index, an index made with another
pseudonymisation key, an index file missing or altered, a run folder gone): revoking too
much is safe, serving a dataset that may still hold the subject is not. Each run gets a
verdict and the reason for it, and the subject's record goes to the log of forgotten
subjects (``forgotten.py``) so that no later run brings them back.

The index is searched in the signed predicate inside the attestation (not trusting the
editable ``manifest.json`` alone): ``manifest.json`` may add a hit, never hide one. The
subject id itself is never written anywhere: the revocation reason carries its record
(16 hex digits of the keyed digest), which links it to the request for whoever holds the
key and to nobody else.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anonymizers.certify import attest, ledger
from anonymizers.certify.keys import pseudonym_key_id
from anonymizers.errors import SafesetError
from anonymizers.governance import forgotten, subject_index, subjects

HOLDS, ABSENT, UNCHECKED = "holds", "absent", "unchecked"


@dataclass(frozen=True)
class Verdict:
    """Whether a run holds the subject, and why it was decided so."""

    verdict: str  # holds | absent | unchecked
    why: str


def signed_predicate_unverified(run_dir: Path) -> dict[str, Any] | None:
    """The predicate inside the attestation, signature NOT checked. Used only to widen
    the search: an edited manifest.json must not hide a run from a deletion request."""
    try:
        env = json.loads((run_dir / attest.ATTESTATION).read_text(encoding="utf-8"))
        stmt = json.loads(base64.b64decode(env["payload"], validate=True))
        pred = stmt["predicate"]
    except (OSError, ValueError, KeyError, TypeError, binascii.Error):
        return None
    return pred if isinstance(pred, dict) else None


def _manifest(run_dir: Path) -> dict[str, Any] | None:
    try:
        m = json.loads((run_dir / attest.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) else None


def _one(run_dir: Path, index: Any, key: bytes, subject_id: str) -> bool | None:
    if isinstance(index, dict) and index.get("algorithm") == subject_index.ALGORITHM:
        return subject_index.lookup(run_dir, index, key, subject_id)
    return subjects.index_contains(index, key, subject_id)


def _why_unchecked(run_dir: Path, index: Any, key: bytes) -> str:
    if not isinstance(index, dict):
        return "no subject index (a run made before every run had one)"
    if index.get("algorithm") == "none":
        return f"no subject index: {index.get('reason', 'no subject columns')}"
    if index.get("key_id") != pseudonym_key_id(key):
        return f"subject index made with another pseudonymisation key ({index.get('key_id')})"
    if index.get("algorithm") == subject_index.ALGORITHM:
        return f"subject index file {subject_index.INDEX_FILE} missing or not the one signed"
    return "subject index of an unknown form"


def check_run(run_dir: Path, key: bytes, subject_id: str) -> Verdict:
    """Whether the run folder's dataset was built from the subject, by its signed index."""
    if not run_dir.is_dir():
        return Verdict(UNCHECKED, "run folder is missing")
    signed = signed_predicate_unverified(run_dir)
    on_disk = _manifest(run_dir)
    signed_index = signed.get("subject_index") if signed else None
    found = [_one(run_dir, signed_index, key, subject_id)] if signed else []
    if on_disk is not None:
        found.append(_one(run_dir, on_disk.get("subject_index"), key, subject_id))
    if any(f is True for f in found):
        return Verdict(HOLDS, "its subject index holds the subject")
    if signed is None:
        return Verdict(UNCHECKED, "the attestation cannot be read")
    if found[0] is False:
        return Verdict(ABSENT, "its subject index does not hold the subject")
    return Verdict(UNCHECKED, _why_unchecked(run_dir, signed_index, key))


def _certified(out_root: Path) -> tuple[list[dict[str, Any]], set[str]]:
    records = ledger.read_records(out_root / ledger.LEDGER)
    runs = [r for r in records if r.get("event") == "run" and r.get("status") == "CERTIFIED"]
    return runs, ledger.revoked_in(records)


def forget(
    out_root: Path, subject_id: str, key: bytes, signing_key: Any = None
) -> list[dict[str, Any]]:
    """Check every CERTIFIED run of the ledger; revoke those that hold the subject and
    those that cannot be checked. Returns one dict per certified run, in ledger order:
    ``run_id``, ``dataset``, ``run_dir``, ``verdict`` (holds | absent | unchecked),
    ``why``, ``already_revoked``, ``revoked`` (now revoked, by this request or before),
    ``inputs``, ``config``, ``flow``. Never returns or records the subject id."""
    out_root = Path(out_root)
    if not (out_root / ledger.LEDGER).is_file():
        raise SafesetError(f"{out_root / ledger.LEDGER}: no ledger here")
    ref = subjects.subject_digest(key, subject_id)[:16]
    runs, revoked = _certified(out_root)
    forgotten.remember(out_root, key, subject_id)
    out: list[dict[str, Any]] = []
    for rec in runs:
        run_id = str(rec.get("run_id"))
        rel = str(rec.get("run_dir") or "")
        verdict = (
            check_run(out_root / rel, key, subject_id)
            if rel
            else Verdict(UNCHECKED, "the ledger names no run folder")
        )
        already = run_id in revoked
        if verdict.verdict != ABSENT and not already:
            what = (
                "holds the subject"
                if verdict.verdict == HOLDS
                else f"cannot be checked: {verdict.why}"
            )
            ledger.revoke(out_root, run_id, str(rec["dataset"]),
                          f"deletion request for subject {ref}: {what}",
                          signing_key)  # fmt: skip  # None: the signing key of $SAFESET_HOME
            revoked.add(run_id)
        pred = signed_predicate_unverified(out_root / rel) if rel else None
        out.append({
            "run_id": run_id, "dataset": str(rec["dataset"]), "run_dir": rel,
            "verdict": verdict.verdict, "why": verdict.why, "already_revoked": already,
            "revoked": run_id in revoked, "inputs": rec.get("inputs"), "config": rec.get("config"),
            "flow": ((pred or {}).get("run") or {}).get("flow"),
        })  # fmt: skip
    return out


def unchecked_runs(out_root: Path, key: bytes) -> list[dict[str, Any]]:
    """Certified, unrevoked runs a deletion request could not check (no index, another
    key, an altered index): ``forget`` revokes such runs; this lists those still served."""
    runs, revoked = _certified(Path(out_root))
    out: list[dict[str, Any]] = []
    for rec in runs:
        if str(rec.get("run_id")) in revoked:
            continue
        rel = str(rec.get("run_dir") or "")
        # A probe id: only whether the index can be read matters here.
        verdict = check_run(Path(out_root) / rel, key, "") if rel else None
        if verdict is None or verdict.verdict == UNCHECKED:
            why = verdict.why if verdict else "the ledger names no run folder"
            out.append({"run_id": str(rec["run_id"]), "dataset": str(rec["dataset"]),
                        "run_dir": rel, "why": why})  # fmt: skip
    return out


def latest_certified(out_root: Path, dataset: str) -> dict[str, Any] | None:
    """The dataset's latest CERTIFIED run record, revoked or not."""
    runs, _ = _certified(Path(out_root))
    mine = [r for r in runs if r.get("dataset") == dataset]
    return mine[-1] if mine else None
