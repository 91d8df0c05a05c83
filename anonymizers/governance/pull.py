"""How data leaves the output root: ``pull``, the one sanctioned way for dev teams.

``pull`` is the only sanctioned way to take a dataset: it trusts nothing on disk until it
has checked it. The ledger must be intact (a deleted revocation line would otherwise
resurrect a revoked run), the run must be CERTIFIED and not revoked, the folder must
verify offline against the trusted keys, and the ledger's record must name the same run
and dataset root as the signed manifest. Each copied file is hashed again after copying
(the folder could change between the check and the copy); encrypted files are decrypted
only after that. The destination appears atomically (staging folder + rename), and every
attempt, refused or not, is appended to the hash-chained access log. A run sealed for
teams (certify/grants.py) is opened with the puller's team identity before anything is
copied: an identity the signed manifest does not grant is refused, and logged.

Without ``--version``, the dataset's *latest* certified run is the one served: if it was
revoked (a deletion request), ``pull`` refuses with the revocation's reason until a
rebuild is certified, and never falls back to an older run that the request may not
have covered. ``forget`` (deletion requests) lives in ``deletion.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from anonymizers.certify import attest, grants, ledger, ledger_audit, recipients
from anonymizers.certify import encryption as crypto
from anonymizers.errors import KeyError_, SafesetError
from anonymizers.governance import access
from anonymizers.governance.deletion import forget, unchecked_runs
from anonymizers.io.files import sha256_file


class PullRefused(SafesetError):
    """The run must not be handed out (rejected, revoked, unverifiable): exit 1."""

    exit_code = 1


@dataclass(frozen=True)
class PullResult:
    """What was pulled, for the caller to print; the access log has the same facts."""

    run_id: str
    dataset: str
    dataset_root: str
    run_dir: Path
    destination: Path
    files: list[str] = field(default_factory=list)
    decrypted: bool = False


def _refuse(
    out_root: Path, dataset: str, to: Path, reason: str, run_id: str | None = None
) -> PullRefused:
    """Log the refusal, then return the exception to raise: refusals are audit events."""
    entry: dict[str, Any] = {
        "event": "pull-refused",
        "dataset": dataset,
        "destination": str(to),
        "reason": reason,
    }
    if run_id:
        entry["run_id"] = run_id
    access.log_access(out_root, entry)
    return PullRefused(reason)


def _pick_run(
    records: list[dict[str, Any]], dataset: str, version: str | None
) -> tuple[dict[str, Any] | None, str | None]:
    """(run record, refusal reason); an unknown dataset or version raises (exit 2)."""
    runs = [r for r in records if r.get("event") == "run" and r.get("dataset") == dataset]
    if not runs:
        raise SafesetError(f"dataset '{dataset}' has no runs in the ledger")
    revoked = ledger.revoked_in(records)
    if version:
        matches = [r for r in runs if r.get("run_id") == version]
        if not matches:
            raise SafesetError(f"dataset '{dataset}' has no run {version} in the ledger")
        rec = matches[-1]
        if rec.get("status") != "CERTIFIED":
            return rec, f"run {version} of '{dataset}' was {rec.get('status')}, not CERTIFIED"
        if version in revoked:
            return rec, f"run {version} of '{dataset}' has been revoked"
        return rec, None
    certified = [r for r in runs if r.get("status") == "CERTIFIED"]
    if not certified:
        return None, (
            f"dataset '{dataset}' has no certified, unrevoked run ({len(runs)} rejected, 0 revoked)"
        )
    latest = certified[-1]
    if latest.get("run_id") in revoked:
        # No fall-back to an older run: the latest is what the dataset is now, and an
        # older one may hold what the revocation took away.
        return latest, (
            f"the latest certified run {latest.get('run_id')} of '{dataset}' has been revoked "
            f"({_revocation_reason(records, str(latest.get('run_id')))}) and no rebuild has "
            "been certified since; rebuild it (`safeset forget ... --rebuild` or `safeset run`)"
        )
    return latest, None


def _revocation_reason(records: list[dict[str, Any]], run_id: str) -> str:
    reasons = [
        str(r.get("reason") or "no reason given")
        for r in records
        if r.get("event") == "revoke" and str(r.get("run_id")) == run_id
    ]
    return reasons[0] if reasons else "no reason given"


def _data_rel(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    return PurePosixPath(*rel.parts[1:]) if rel.parts and rel.parts[0] == "data" else rel


def _prepare_destination(to: Path) -> Path:
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise SafesetError(f"{to}: destination exists and is not an empty folder")
    try:
        to.parent.mkdir(parents=True, exist_ok=True)
        staging = to.parent / f".{to.name}.safeset-pull-{uuid.uuid4().hex[:12]}"
        staging.mkdir(mode=0o700)
    except OSError as exc:
        raise SafesetError(f"{to}: cannot write the destination ({exc.strerror})") from None
    return staging


def pull(
    out_root: Path,
    dataset: str,
    to: Path,
    version: str | None,
    trusted_keys: Path,
    data_key: bytes | None,
    identity: recipients.Identity | None = None,
) -> PullResult:
    """Verify, copy (decrypting if needed) and log one certified run of ``dataset``.

    A run sealed for teams (``access`` in its signed manifest) opens only with a granted
    team's ``identity``; the access log then records the identity's fingerprint and the
    team it was granted as, both from the signed manifest.

    Raises ``PullRefused`` (exit 1) for a rejected, revoked or unverifiable run,
    ``AccessDenied`` (exit 2) for an identity not granted (or none, for a sealed run) and
    ``SafesetError`` (exit 2) for usage or I/O problems (unknown dataset, missing key,
    destination not empty)."""
    out_root = Path(out_root)
    to = Path(to).absolute()
    ledger_path = out_root / ledger.LEDGER
    if not ledger_path.is_file():
        raise SafesetError(f"{ledger_path}: no ledger here; is {out_root} an output root?")
    # The ledger itself (chain, signatures, checkpoint), not every folder in the root:
    # a bad folder of another dataset must not block this one (ledger_audit).
    audit = ledger_audit.audit_integrity(out_root, trusted_keys)
    if audit.problems:
        raise _refuse(
            out_root,
            dataset,
            to,
            f"the ledger fails verification ({audit.problems[0]}); run `safeset ledger verify`",
        )
    records = audit.records
    rec, reason = _pick_run(records, dataset, version)
    run_id = str(rec["run_id"]) if rec else None
    if reason:
        raise _refuse(out_root, dataset, to, reason, run_id)
    assert rec is not None and run_id is not None
    run_dir = out_root / str(rec.get("run_dir", ""))
    if not rec.get("run_dir") or not (run_dir / attest.ATTESTATION).is_file():
        raise _refuse(out_root, dataset, to, f"run {run_id}: run folder is missing", run_id)

    report = attest.verify_run(run_dir, trusted_keys, revoked=audit.revoked)
    if report.manifest is not None:
        report.reasons.extend(ledger_audit.run_problems(out_root, audit, run_dir, report.manifest))
        report.ok = not report.reasons
    if not report.ok:
        more = f" (and {len(report.reasons) - 1} more)" if len(report.reasons) > 1 else ""
        raise _refuse(
            out_root,
            dataset,
            to,
            f"run {run_id} fails verification: {report.reasons[0]}{more}",
            run_id,
        )
    predicate = report.manifest or {}
    run = predicate.get("run", {})
    root = predicate.get("outputs", {}).get("dataset_root")
    if run.get("id") != run_id or run.get("dataset") != dataset or root != rec.get("dataset_root"):
        raise _refuse(
            out_root,
            dataset,
            to,
            f"run {run_id}: the signed manifest does not match the ledger record "
            "(run id, dataset or dataset root)",
            run_id,
        )

    who = {"identity": identity.fingerprint} if identity else {}
    if predicate.get("access"):
        data_key, team = _unseal(out_root, run_dir, predicate, identity, dataset, to)
        who["team"] = team
    encryption = predicate.get("encryption")
    encrypted = {f["path"] for f in (encryption or {}).get("files", [])}
    if encryption:
        if data_key is None:
            raise KeyError_(
                f"run {run_id} is encrypted at rest (data key {encryption['key_id']}); "
                "provide the data key (see `safeset keys init-data`) to pull it"
            )
        if crypto.data_key_id(data_key) != encryption["key_id"]:
            raise KeyError_(
                f"run {run_id} was encrypted with data key {encryption['key_id']}, "
                f"not with the key given ({crypto.data_key_id(data_key)})"
            )

    staging = _prepare_destination(to)
    written: list[str] = []
    try:
        for entry in predicate.get("outputs", {}).get("files", []):
            rel = _data_rel(entry["path"])
            raw = staging / rel
            raw.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(run_dir / entry["path"], raw)
            if sha256_file(raw) != entry["sha256"]:
                raise _refuse(
                    out_root,
                    dataset,
                    to,
                    f"{entry['path']} changed while it was being pulled",
                    run_id,
                )
            if entry["path"] in encrypted:
                assert data_key is not None
                plain = raw.with_name(crypto.plain_name(raw))
                if plain == raw:
                    # Parquet keeps its name: decrypt_file replaces it in one rename.
                    crypto.decrypt_file(raw, data_key, raw)
                else:
                    crypto.decrypt_file(raw, data_key, plain)
                    raw.unlink()
                written.append((PurePosixPath(*rel.parts[:-1]) / plain.name).as_posix())
            else:
                written.append(rel.as_posix())
        # Logged before the rename: better an access logged that did not complete than
        # data handed out that was never logged.
        access.log_access(
            out_root,
            {
                "event": "pull",
                "dataset": dataset,
                "run_id": run_id,
                "dataset_root": root,
                "run_dir": str(rec["run_dir"]),
                "destination": str(to),
                "files": len(written),
                "decrypted": bool(encryption),
                **who,
            },
        )
        if to.exists():
            to.rmdir()
        os.replace(staging, to)
    except OSError as exc:  # a full or read-only destination: one line, nothing pulled
        raise SafesetError(f"{to}: cannot write the destination ({exc.strerror})") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return PullResult(run_id, dataset, str(root), run_dir, to, sorted(written), bool(encryption))


def _unseal(
    out_root: Path,
    run_dir: Path,
    predicate: dict[str, Any],
    identity: recipients.Identity | None,
    dataset: str,
    to: Path,
) -> tuple[bytes, str]:
    """The data key of a sealed run and the team it was granted to, or the refusal
    logged (with the presented identity's fingerprint) and raised."""
    try:
        key, grant = grants.open_run(run_dir, predicate, identity)
    except grants.AccessDenied as exc:
        entry: dict[str, Any] = {
            "event": "pull-refused",
            "dataset": dataset,
            "destination": str(to),
            "reason": str(exc),
            "run_id": str(predicate.get("run", {}).get("id")),
        }
        if identity is not None:
            entry["identity"] = identity.fingerprint
        access.log_access(out_root, entry)
        raise
    return key, str(grant["team"])


# --- deletion requests (``deletion.py``; kept importable from here) -----------------


def read_manifest(run_dir: Path) -> dict[str, Any] | None:
    """manifest.json as a dict, or None if absent or unreadable (callers decide)."""
    try:
        m = json.loads((run_dir / attest.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) else None


__all__ = ["PullRefused", "PullResult", "forget", "pull", "read_manifest", "unchecked_runs"]
