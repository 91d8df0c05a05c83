"""The tail every run shares: manifest, report, lineage and signature in the staging
folder, then the folder's move to ``out/<dataset>/<run-id>/`` (certified) or to
quarantine (rejected) and the ledger record, as one step. Both flows call it, so a
certified folder is assembled the same way whatever the run's size.

Publishing is a move and a ledger append, two writes that cannot be one system call.
They are ordered so that every way of stopping between them is recoverable:

1. the ledger entry and the destination are written to ``.staging/<run-id>.publish.json``
   (the intent);
2. the folder is moved into place (one rename);
3. the ledger line is appended and the checkpoint re-signed (``ledger.append``);
4. the intent is removed.

An error (a full disk) at 2 or 3 moves the folder back and raises ``PublishError``:
nothing is published. A crash (kill -9, power loss) leaves the intent next to the dead
run's lock; the next run on the output root (``recover_publish``, called by the staging
sweep) finishes the publish if the moved folder is intact and unrecorded, or rolls it
back, and says which. So the output root never holds a run folder the ledger does not
record, except for the moment between 2 and 3 of a live run.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify import attest, grants, keys, ledger, lineage, manifest, modes, report
from anonymizers.certify.kept_policy import keep_policy
from anonymizers.certify.provenance import build_predicate, now_iso, tool_info
from anonymizers.errors import SafesetError
from anonymizers.io.files import sha256_file, write_bytes_atomically
from anonymizers.io.staging import INTENT_SUFFIX, Recover, private_quarantine
from anonymizers.io.tables import Table, discard, publish
from anonymizers.plan.bundle import Bundle
from anonymizers.plan.columns import Plan, write_plan
from anonymizers.transform.apply import Context
from anonymizers.verify.outcome import Verification

#: The frozen plan of a run, kept in its folder (signed with it); the policy: kept_policy.
PLAN_FILE = "plan.yaml"


@dataclass
class RunOutcome:
    """What a flow returns to the command line."""

    status: str  # CERTIFIED | REJECTED
    run_dir: Path
    run_id: str
    #: For a rejected run: the failed checks and where their findings are (no values).
    summary: list[str] = field(default_factory=list)


class PublishError(SafesetError):
    """The folder could not be published and recorded (e.g. a full disk); it was moved
    back, so nothing is published. Exit 3: the run itself was fine, the machine was not."""

    exit_code = 3


class RunRejected(SafesetError):
    """A run that ended in quarantine: the flow fails with it (so the orchestrator shows
    the run as failed) and the command line prints its summary and exits 1."""

    exit_code = 1

    def __init__(self, outcome: RunOutcome) -> None:
        super().__init__(outcome)  # args hold the outcome: the error pickles whole
        self.outcome = outcome

    def __str__(self) -> str:
        failed = [line.removeprefix("failed check: ") for line in self.outcome.summary
                  if line.startswith("failed check: ")]  # fmt: skip
        return (f"run REJECTED ({'; '.join(failed) or 'a gating check failed'}); "
                f"quarantined at {self.outcome.run_dir}")  # fmt: skip


def dataset_name(inputs: list[str]) -> str:
    """The dataset a bundle publishes to when none is given: its folder's name."""
    first = Path(inputs[0]).resolve()
    return (first if first.is_dir() else first.parent).name or "dataset"


def certify_and_publish(
    staging: Path, bundle: Bundle, plan: Plan, ctx: Context, verification: Verification,
    signing_key: Any, *, out_rows: dict[str, int], run: dict, out_root: Path,
    inputs: list[str], config: str | None, extra: dict,
) -> tuple[str, Path, dict]:  # fmt: skip
    """Sign, publish (certified) or quarantine (rejected), then append to the ledger.
    Returns the status, the final folder and the signed predicate."""
    status = "CERTIFIED" if verification.passed else "REJECTED"
    access = bundle.policy.access
    if status == "CERTIFIED" and access.teams:
        # Sealed before anything is listed or signed: the manifest, the digests and the
        # signature describe the ciphertext and the grants (certify/grants.py).
        extra = {**extra, **grants.seal_run(staging, access.teams, run["id"], run["dataset"])}
    predicate = certify(
        staging, bundle, plan, ctx, out_rows, verification, signing_key,
        run=run, status=status, out_root=out_root, extra=extra,
    )  # fmt: skip
    name = run["dataset"]
    final = (
        out_root / name / run["id"]
        if status == "CERTIFIED"
        else out_root / "quarantine" / name / run["id"]
    )
    if status == "CERTIFIED":
        modes.apply_run_mode(staging, access.output_mode)
    else:
        private_quarantine(staging, final)  # its data/ holds the values that failed
    entry = {
        "event": "run", "run_id": run["id"], "dataset": name, "status": status,
        "manifest_digest": "sha256:" + sha256_file(staging / "manifest.json"),
        "dataset_root": predicate["outputs"]["dataset_root"],
        "run_dir": final.relative_to(out_root).as_posix(),
        "inputs": [str(Path(p).resolve()) for p in inputs],
        "config": str(Path(config).resolve()) if config else None,
    }  # fmt: skip
    publish_and_record(out_root, staging, final, entry, signing_key)
    if status == "CERTIFIED":
        modes.apply_root_mode(out_root, final.parent, access.output_mode)
    return status, final, predicate


def certify(
    staging: Path, bundle: Bundle, plan: Plan, ctx: Context, out_rows: dict[str, int],
    verification: Verification, signing_key: Any, *, run: dict, status: str, out_root: Path,
    extra: dict,
) -> dict:  # fmt: skip
    """Manifest, report, lineage and signature, all inside the staging folder: nothing is
    signed that is not already in the place it will be published from."""
    write_plan(plan, staging / PLAN_FILE)
    # The policy as applied (its exact bytes: sha256 = the manifest's policy digest; an
    # empty file for the defaults): with plan.yaml, what a rebuild re-runs with.
    keep_policy(staging, bundle.policy, ctx.pseudonymizer.key)
    outputs = {
        "files": [
            {**entry, "rows": _rows_for(entry["path"], bundle.tables, out_rows)}
            for entry in manifest.file_entries(staging)
        ],
        "dataset_root": manifest.dataset_root(staging),
    }
    extra = dict(extra)
    exclusions = extra.pop("exclusions")
    predicate = build_predicate(
        run={**run, "ended_at": now_iso()},
        tool=tool_info(bundle.policy.nlp.spacy_model),
        policy={"file": bundle.policy_path.name if bundle.policy_path else "(defaults)",
                "digest": bundle.policy.digest,  # taken when the file was loaded
                **({"warnings": bundle.warnings} if bundle.warnings else {})},
        tables=bundle.tables, outputs=outputs, plan=plan, counts=ctx.counts,
        exclusions=exclusions, key_id=keys.pseudonym_key_id(ctx.pseudonymizer.key),
        checks=[c.manifest_entry() for c in verification.checks], status=status,
        previous_manifest=ledger.last_manifest_digest(out_root, run["dataset"]),
        ledger_head=ledger.head(out_root),
    )  # fmt: skip
    predicate.update(extra)
    report.write_report(staging, predicate, verification.findings,
                        ctx.review + verification.review, verification.cleared,
                        ctx.review_left_out)  # fmt: skip
    lineage.emit_lineage(staging, predicate, "COMPLETE" if status == "CERTIFIED" else "FAIL")
    attest.sign_run(staging, predicate, signing_key)
    return predicate


def _rows_for(path: str, tables: list[Table], out_rows: dict[str, int]) -> int | None:
    name = Path(path).name.removesuffix(".enc")  # an encrypted copy keeps the plain name
    for t in tables:
        if t.path.name == name:
            return out_rows[t.name]
    return None


# --- publish and record, as one step ------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # some filesystems cannot fsync a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def intent_path(staging: Path) -> Path:
    """``.staging/<run-id>.publish.json``, beside the run's lock (see ``io.staging``)."""
    return staging.parent / f"{staging.name}{INTENT_SUFFIX}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc) if isinstance(exc, SafesetError) else type(exc).__name__


def publish_and_record(
    out_root: Path,
    staging: Path,
    final: Path,
    entry: dict[str, Any],
    signing_key: Ed25519PrivateKey,
) -> None:
    """Move ``staging`` to ``final`` and append ``entry`` to the ledger, in the order
    of the module doc. Raises ``PublishError`` with nothing published on any error."""
    intent = intent_path(staging)
    try:
        doc = {"entry": entry, "run_dir": final.relative_to(out_root).as_posix()}
        write_bytes_atomically(intent, json.dumps(doc, sort_keys=True).encode(), mode=0o600)
        _fsync_dir(intent.parent)
    except OSError as exc:
        intent.unlink(missing_ok=True)
        raise PublishError(
            f"{out_root}: cannot record the publish ({_reason(exc)}); nothing was published"
        ) from None
    try:
        publish(staging, final)
    except (OSError, SafesetError) as exc:
        intent.unlink(missing_ok=True)
        raise PublishError(
            f"{final}: cannot publish ({_reason(exc)}); nothing was published"
        ) from None
    _fsync_dir(final.parent)
    try:
        ledger.append(out_root, entry, signing_key)
    except BaseException as exc:  # an interrupt too: never leave the folder unrecorded
        _roll_back(final, staging)
        intent.unlink(missing_ok=True)
        if not isinstance(exc, OSError | SafesetError):
            raise
        raise PublishError(
            f"{out_root / ledger.LEDGER}: cannot record run {entry['run_id']} "
            f"({_reason(exc)}); its folder was moved back, nothing was published"
        ) from None
    intent.unlink(missing_ok=True)


def _roll_back(final: Path, staging: Path) -> None:
    # The dataset folder stays, even if empty: another run may be publishing into it.
    os.replace(final, staging)
    _fsync_dir(final.parent)


def recover_publish(out_root: Path, signing_key: Ed25519PrivateKey) -> Recover:
    """The staging sweep's hook for a dead run that left a publish intent: finish the
    publish (record the moved folder) or roll it back; returns what was done, in words.
    Raises (``OSError``, ``SafesetError``) when it cannot: the sweep then keeps the
    run's leftovers for the next run to try again.

    A folder is recorded only if it is exactly what the intent names and its signature
    holds (trusted keys of ``$SAFESET_HOME``, or this run's own key): an intent and a
    folder planted in ``.staging`` must not get this run to vouch for them."""
    trusted = ledger.signer_and_trusted_keys(signing_key)

    def recover(run_id: str, intent: Path) -> str:
        try:
            doc = json.loads(intent.read_bytes())
            entry, rel = doc["entry"], str(doc["run_dir"])
        except (ValueError, KeyError, TypeError):
            doc = None
        if (
            doc is None
            or not isinstance(entry, dict)
            or entry.get("run_id") != run_id
            or Path(rel).is_absolute()
            or ".." in Path(rel).parts
        ):
            return f"run {run_id}: unreadable publish intent discarded; nothing was published"
        final = out_root / rel
        recorded = any(
            r.get("event") == "run" and r.get("run_id") == run_id
            for r in ledger.read_records(out_root / ledger.LEDGER)
        )
        if recorded:
            return f"run {run_id}: its interrupted publish had completed ({rel} is in the ledger)"
        if not final.is_dir():
            return f"run {run_id}: rolled back an interrupted publish; nothing had been published"
        manifest = final / "manifest.json"
        if (
            manifest.is_file()
            and entry.get("manifest_digest") == "sha256:" + sha256_file(manifest)
            and _intact(final, trusted)
        ):
            ledger.append(out_root, entry, signing_key)
            return f"run {run_id}: finished an interrupted publish; {rel} is now in the ledger"
        aside = intent.parent / f"{run_id}.rollback"
        os.replace(final, aside)
        discard(aside)
        return (
            f"run {run_id}: rolled back an interrupted publish ({rel} did not match its "
            "intent or its signature and was removed)"
        )

    return recover


def _intact(final: Path, trusted: list[keys.TrustedKey]) -> bool:
    """Signed by a trusted key, every file as signed, in its place (a rejected run's
    status is the only reason allowed: quarantined runs are recorded too)."""
    report = attest.verify_run(final, trusted)
    return report.manifest is not None and all(r.startswith("status is ") for r in report.reasons)
