"""Checking the run ledger: its chain, its signatures, its checkpoint, and its agreement
with the run folders — for ``safeset ledger verify``, ``safeset verify`` and ``pull``.

Two scopes, on purpose. ``audit_integrity`` is about the ledger itself (can its records
and revocations be trusted?) and gates everything: a cut or re-hashed ledger could hide
a revocation. ``audit_ledger`` adds every run folder of the output root (does each one
agree with its record, is any folder unrecorded?), which is what an auditor asks; but
``verify`` and ``pull`` of one run look only at that run (``run_problems``), so one bad
folder elsewhere never blocks the other datasets.

An unsigned record is a legacy record (written before records were signed) only while
no signed record precedes it; it is then reported as a warning, never passed silently.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anonymizers.certify import attest, keys, ledger_seal
from anonymizers.certify.ledger import (
    GENESIS,
    LEDGER,
    chain_problems,
    line_digest,
    read_chain,
    revoked_in,
)
from anonymizers.io.files import sha256_file


@dataclass
class LedgerAudit:
    """What the checks found. ``problems`` fail verification; ``warnings`` are printed
    (legacy records, an interrupted append) but do not."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    #: ``"sha256:..."`` of every line, in order (``digests[n - 1]`` is line n's).
    digests: list[str] = field(default_factory=list)
    #: Revoked run ids: the ledger's revoke records and the checkpoint's list.
    revoked: set[str] = field(default_factory=set)


def trusted_keys(trusted: Any) -> Sequence[keys.TrustedKey]:
    """Loaded keys as given, a trusted-keys file loaded, or ``$SAFESET_HOME``'s file."""
    if trusted is None:
        trusted = keys.safeset_home() / keys.TRUSTED_KEYS
    if isinstance(trusted, str | Path):
        return keys.load_trusted_keys(Path(trusted))
    return list(trusted)


def _span(numbers: list[int]) -> str:
    return f"line {numbers[0]}" if len(numbers) == 1 else f"lines {numbers[0]}-{numbers[-1]}"


def audit_integrity(out_root: Path, trusted: Any = None) -> LedgerAudit:
    """Chain, record signatures, checkpoint. A missing ledger raises ``LedgerError``."""
    found = trusted_keys(trusted)
    data = read_chain(out_root / LEDGER)
    problems, numbered = chain_problems(data)
    audit = LedgerAudit(problems=problems, records=[rec for _, rec in numbered])
    audit.digests = [line_digest(line) for line in data.splitlines(keepends=True)]
    legacy: list[int] = []
    signed_seen = False
    for n, rec in numbered:
        if ledger_seal.is_signed(rec):
            signed_seen = True
            problem = ledger_seal.signature_problem(rec, ledger_seal.RECORD_CONTEXT, found)
            if problem:
                problems.append(f"line {n}: {problem}")
        elif signed_seen:
            problems.append(f"line {n}: unsigned record after signed ones (not written by safeset)")
        else:
            legacy.append(n)
    if legacy:
        audit.warnings.append(
            f"{_span(legacy)}: {len(legacy)} unsigned legacy record(s), written before "
            "records were signed: anchored only by the signed records after them"
        )
    audit.revoked = revoked_in(audit.records)
    _check_checkpoint(out_root, audit, found, signed_seen)
    problems.sort(key=_line_order)
    return audit


def _line_order(problem: str) -> tuple[int, int]:
    if problem.startswith("line "):
        number = problem.split(":", 1)[0].split()[1]
        if number.isdigit():
            return (0, int(number))
    return (1, 0)


def _check_checkpoint(
    out_root: Path, audit: LedgerAudit, trusted: Sequence[keys.TrustedKey], signed_seen: bool
) -> None:
    name = ledger_seal.CHECKPOINT
    checkpoint, unreadable = ledger_seal.read_checkpoint(out_root)
    if unreadable:
        audit.problems.append(unreadable)
        return
    n_lines = len(audit.digests)
    if checkpoint is None:
        if signed_seen:
            audit.problems.append(f"{name} is missing (deleted?): a cut tail cannot be ruled out")
        elif n_lines:
            audit.warnings.append(
                f"no {name}: a legacy ledger, whose tail could be cut unnoticed until "
                "the next run signs a checkpoint"
            )
        return
    audit.revoked |= {str(r) for r in checkpoint["revoked"]}  # fail closed, even if forged
    problem = ledger_seal.signature_problem(checkpoint, ledger_seal.CHECKPOINT_CONTEXT, trusted)
    if problem:
        audit.problems.append(f"{name}: {problem}")
    seq = checkpoint["seq"]
    if seq > n_lines:
        audit.problems.append(
            f"{name} seals {seq} record(s) but the ledger has {n_lines}: "
            "records were removed from its end"
        )
        return
    if (audit.digests[seq - 1] if seq > 0 else GENESIS) != checkpoint["head"]:
        audit.problems.append(
            f"{name}: line {seq} is not the line it sealed (the ledger was edited and re-hashed)"
        )
        return
    if seq < n_lines:
        audit.warnings.append(
            f"{_span(list(range(seq + 1, n_lines + 1)))}: not yet sealed by {name} "
            "(an append was interrupted; the next append seals them)"
        )
    lost = {str(r) for r in checkpoint["revoked"]} - revoked_in(audit.records[:seq])
    if lost:
        audit.problems.append(
            f"{name}: revocation of {', '.join(sorted(lost)[:3])} is sealed but not in the ledger"
        )


def saved_checkpoint_problems(audit: LedgerAudit, saved: Path, trusted: Any = None) -> list[str]:
    """A checkpoint copied out of the output root earlier (by an auditor, a backup, a
    ticket) is an anchor nobody with access to the root can touch: the ledger must still
    extend it and still hold its revocations. This is what catches a ledger rolled back
    together with its checkpoint."""
    doc, unreadable = ledger_seal.read_checkpoint_file(saved)
    if doc is None:
        return [f"saved checkpoint {saved}: {unreadable or 'no such file'}"]
    where = f"saved checkpoint {saved.name} (seq {doc['seq']})"
    problem = ledger_seal.signature_problem(
        doc, ledger_seal.CHECKPOINT_CONTEXT, trusted_keys(trusted)
    )
    if problem:
        return [f"{where}: {problem}"]
    seq = doc["seq"]
    if seq > len(audit.digests):
        return [f"{where}: the ledger has only {len(audit.digests)} record(s): rolled back"]
    if (audit.digests[seq - 1] if seq else GENESIS) != doc["head"]:
        return [f"{where}: ledger line {seq} is not the line it sealed: rewritten"]
    lost = {str(r) for r in doc["revoked"]} - audit.revoked
    if lost:
        return [f"{where}: revocation of {', '.join(sorted(lost)[:3])} is gone from the ledger"]
    return []


def anchor_problems(
    audit: LedgerAudit, predicate: dict[str, Any], own_seq: int | None
) -> list[str]:
    """The ledger head a signed manifest recorded must still be in the ledger, before the
    run's own record: a manifest is an anchor the ledger's writer cannot re-sign."""
    anchor = predicate.get("ledger")
    if not isinstance(anchor, dict):
        return []
    seq, head = anchor.get("seq"), anchor.get("head")
    if not isinstance(seq, int) or seq < 0:
        return ["the manifest's ledger anchor is malformed"]
    if seq > len(audit.digests):
        return [
            f"the manifest records a ledger of {seq} record(s) but it has {len(audit.digests)}: "
            "records were removed from its end"
        ]
    if (audit.digests[seq - 1] if seq else GENESIS) != head:
        return [f"ledger line {seq} is not the one the manifest recorded (ledger rewritten)"]
    if own_seq is not None and own_seq <= seq:
        return [f"the run's record (line {own_seq}) comes before the head its manifest follows"]
    return []


def run_record(audit: LedgerAudit, run_id: str) -> tuple[int, dict[str, Any]] | None:
    """(line number, record) of the run's last ``run`` record, or None."""
    for n in range(len(audit.records), 0, -1):
        rec = audit.records[n - 1]
        if rec.get("event") == "run" and rec.get("run_id") == run_id:
            return rec.get("seq") if isinstance(rec.get("seq"), int) else n, rec
    return None


def run_problems(
    out_root: Path, audit: LedgerAudit, run_dir: Path, predicate: dict[str, Any]
) -> list[str]:
    """What the ledger says against one verified run: recorded, same manifest, same
    place, its anchor intact (revocations are ``audit.revoked``, given to
    ``attest.verify_run``). Used by verify and pull."""
    run = predicate.get("run") if isinstance(predicate.get("run"), dict) else {}
    run_id = str(run.get("id"))
    problems: list[str] = []
    found = run_record(audit, run_id)
    if found is None:
        problems.append(
            f"run {run_id} is not recorded in the ledger (a publish that did not finish, "
            "or the ledger was cut back)"
        )
        return problems + anchor_problems(audit, predicate, None)
    seq, rec = found
    manifest = run_dir / "manifest.json"
    if manifest.is_file() and rec.get("manifest_digest") != "sha256:" + sha256_file(manifest):
        problems.append(f"the ledger's record of run {run_id} names another manifest")
    try:
        place = run_dir.resolve().relative_to(out_root.resolve()).as_posix()
    except ValueError:
        place = None  # a copy outside the output root: only its content can be compared
    if place is not None and rec.get("run_dir") != place:
        problems.append(f"the ledger records run {run_id} at {rec.get('run_dir')}, not here")
    return problems + anchor_problems(audit, predicate, seq)


def verify_recorded_run(
    run_dir: Path, trusted: Any, out_root: Path
) -> tuple[attest.VerifyReport, LedgerAudit]:
    """``attest.verify_run`` with the output root's ledger: its integrity, its and the
    checkpoint's revocations, and this run's record and anchor. Other runs' folders are
    not looked at (one bad folder must not fail every run)."""
    found = trusted_keys(trusted)
    audit = audit_integrity(out_root, found)
    report = attest.verify_run(run_dir, found, revoked=audit.revoked)
    if report.manifest is not None:
        extra = [f"ledger: {p}" for p in audit.problems[:3]]
        if len(audit.problems) > 3:
            extra.append(f"ledger: {len(audit.problems) - 3} more problem(s); run "
                         "`safeset ledger verify`")  # fmt: skip
        extra += run_problems(out_root, audit, run_dir, report.manifest)
        report.reasons.extend(extra)
        report.ok = not report.reasons
    return report, audit


# --- the whole output root ----------------------------------------------------------


def _run_folders(out_root: Path) -> set[str]:
    """Published and quarantined run folders (those holding an attestation)."""
    found = set()
    for att in out_root.glob("**/attestation.intoto.jsonl"):
        rel = att.parent.relative_to(out_root).as_posix()
        if not rel.startswith(".staging"):
            found.add(rel)
    return found


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return m if isinstance(m, dict) else None


def _check_against_folder(out_root: Path, audit: LedgerAudit, n: int, rec: dict) -> list[str]:
    """A run record must agree with the manifest still on disk, if the folder exists
    (retention may have deleted old folders; that alone is not a problem)."""
    if rec.get("event") != "run" or not isinstance(rec.get("run_dir"), str):
        return []
    manifest = out_root / rec["run_dir"] / "manifest.json"
    if not manifest.is_file():
        return []
    problems = []
    if rec.get("manifest_digest") != "sha256:" + sha256_file(manifest):
        problems.append(f"manifest_digest does not match {rec['run_dir']}/manifest.json")
    m = _read_manifest(manifest)
    if m is None:
        return problems
    run = m.get("run") if isinstance(m.get("run"), dict) else {}
    for field_, value in (("run_id", run.get("id")), ("dataset", run.get("dataset")),
                          ("status", m.get("status"))):  # fmt: skip
        if rec.get(field_) != value:
            problems.append(f"{field_} does not match {rec['run_dir']}/manifest.json")
    problems.extend(f"{rec['run_dir']}: {p}" for p in anchor_problems(audit, m, n))
    return problems


def audit_ledger(path: Path, trusted: Any = None) -> LedgerAudit:
    """``audit_integrity`` plus every run folder of the output root: each record agrees
    with its folder's manifest and each manifest's anchor holds; every run folder is in
    the ledger. Problems come in line order, then folders, as an auditor reads them."""
    out_root = path.parent
    audit = audit_integrity(out_root, trusted)
    listed: set[str] = set()
    extra: list[str] = []
    for n, rec in enumerate(audit.records, start=1):
        extra.extend(f"line {n}: {p}" for p in _check_against_folder(out_root, audit, n, rec))
        if rec.get("event") == "run" and isinstance(rec.get("run_dir"), str):
            listed.add(rec["run_dir"])
    audit.problems = sorted(audit.problems + extra, key=_line_order)
    for marker in sorted(out_root.glob(f"**/*{ledger_seal.REVOKED_SUFFIX}")):
        run_id = marker.name.removesuffix(ledger_seal.REVOKED_SUFFIX)
        if run_id not in audit.revoked:
            rel = marker.relative_to(out_root).as_posix()
            audit.problems.append(
                f"{rel}: revocation marker of run {run_id} is not in the ledger "
                "(the ledger was cut back or rolled back?)"
            )
    for folder in sorted(_run_folders(out_root) - listed):
        audit.problems.append(f"{folder}: run folder is not in the ledger (line removed?)")
        m = _read_manifest(out_root / folder / "manifest.json")
        if m is not None:
            audit.problems.extend(f"{folder}: {p}" for p in anchor_problems(audit, m, None))
    return audit
