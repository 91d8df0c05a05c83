"""The run ledger: an append-only, hash-chained, signed JSON Lines log of every run.

Each line carries ``seq`` (1, 2, ...) and ``prev`` = ``"sha256:" +`` the sha256 of the
previous line's bytes *including* its newline, so ``sed -n 3p ledger.jsonl | sha256sum``
reproduces line 4's ``prev`` with coreutils alone. Editing, deleting or reordering a line
breaks the chain at the next line. A chain alone can be cut back or re-hashed by whoever
can write the file, so each record is also signed with the run signing key, and a
signed checkpoint (``ledger.checkpoint.json``), the manifests (each records the head it
follows) and signed revocation markers anchor the head and the revocations
(``ledger_seal``; checked by ``ledger_audit``).

Appends take an exclusive ``fcntl`` lock and fsync, so two runs finishing at once
cannot interleave or fork the chain; an append that fails (full disk) is cut back.
``append_chained`` and ``chain_problems`` are the chain itself, shared with the access
log (``anonymizers.governance.access``): one format, one check.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify import keys, ledger_seal
from anonymizers.errors import SafesetError

LEDGER = "ledger.jsonl"
GENESIS = "sha256:" + "0" * 64
EVENTS = ("run", "revoke")
_RESERVED = ("seq", "prev", "time")
_REQUIRED = ("event", "run_id", "dataset")


class LedgerError(SafesetError):
    """The ledger cannot be read or extended safely."""


def _line_digest(line: bytes) -> str:
    return "sha256:" + hashlib.sha256(line).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _lines(data: bytes) -> list[bytes]:
    """Lines with their newline kept (the hashed unit)."""
    return data.splitlines(keepends=True)


def _fsync_dir(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def append_chained(
    path: Path,
    entry: dict[str, Any],
    verify_hint: str,
    *,
    signing_key: Ed25519PrivateKey | None = None,
    seal: Callable[[list[bytes], dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Append one hash-chained record (``seq``, ``prev``, ``time`` added; signed when a
    key is given) to a JSON Lines log under an exclusive lock and fsync. Shared by the
    run ledger and the access log so both logs have one chain format an auditor checks
    with the same coreutils loop.

    ``seal(lines, record)`` runs under the same lock once the line is on disk (the run
    ledger writes its checkpoint there). If writing the line or sealing fails (a full
    disk, an I/O error), the log is cut back to its old length before the error goes on:
    a failed append leaves no torn or unanchored line behind."""
    clash = [k for k in (*_RESERVED, *ledger_seal.SIG_FIELDS) if k in entry]
    if clash:
        raise ValueError(f"chained log entry may not set {clash}")
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    with path.open("a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            fh.seek(0)
            lines = _lines(fh.read())
            if lines and not lines[-1].endswith(b"\n"):
                raise LedgerError(
                    f"{path}: last line is incomplete; run `{verify_hint}` and "
                    "repair before adding records"
                )
            size = fh.tell()
            seq = len(lines) + 1
            prev = _line_digest(lines[-1]) if lines else GENESIS
            record = {"seq": seq, "prev": prev, "time": _now(), **entry}
            if signing_key is not None:
                record = ledger_seal.sign(record, ledger_seal.RECORD_CONTEXT, signing_key)
            line = ledger_seal.canonical(record) + b"\n"
            try:
                fh.seek(0, os.SEEK_END)
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
                if seal is not None:
                    seal([*lines, line], record)
            except BaseException:
                # Cut back what this append wrote (the lock is still ours); a crash here
                # instead leaves a whole, signed line the checkpoint does not yet cover,
                # which verification reports and the next append re-anchors.
                with contextlib.suppress(OSError):
                    os.ftruncate(fh.fileno(), size)
                    os.fsync(fh.fileno())
                raise
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    if created:
        _fsync_dir(path.parent)
    return record


def default_signing_key() -> Ed25519PrivateKey:
    """The run signing key under ``$SAFESET_HOME`` (for revocations made by ``forget``)."""
    return keys.load_signing_key(keys.safeset_home() / "keys" / keys.SIGNING_KEY)


def append(
    out_root: Path, entry: dict[str, Any], signing_key: Ed25519PrivateKey | None = None
) -> dict[str, Any]:
    """Append one signed run-ledger record under an exclusive lock and re-sign the
    checkpoint; returns the record as written. Without ``signing_key`` the signing key
    of ``$SAFESET_HOME`` is used: the ledger takes no unsigned records any more."""
    clash = [k for k in _RESERVED if k in entry]
    if clash:
        raise ValueError(f"ledger entry may not set {clash}")
    missing = [k for k in _REQUIRED if not entry.get(k)]
    if missing:
        raise ValueError(f"ledger entry lacks {missing}")
    if entry["event"] not in EVENTS:
        raise ValueError(f"ledger event must be one of {EVENTS}")
    key = signing_key or default_signing_key()

    def seal(lines: list[bytes], record: dict[str, Any]) -> None:
        checkpoint, problem = ledger_seal.read_checkpoint(out_root)
        old = lines[:-1]
        if checkpoint and not problem:
            # Never re-seal over a forged checkpoint: it would erase the evidence.
            problem = ledger_seal.signature_problem(
                checkpoint, ledger_seal.CHECKPOINT_CONTEXT, signer_and_trusted_keys(key)
            )
        if problem or (checkpoint and not _extends(old, checkpoint)):
            raise LedgerError(
                f"{out_root / LEDGER}: the ledger does not match its checkpoint "
                f"({problem or 'cut back or rewritten'}); run `safeset ledger verify`"
            )
        revoked = revoked_in(_parse_quietly(lines)) | set((checkpoint or {}).get("revoked", []))
        ledger_seal.write_checkpoint(
            out_root, record["seq"], _line_digest(lines[-1]), record["time"], sorted(revoked), key
        )

    return append_chained(
        out_root / LEDGER, entry, "safeset ledger verify", signing_key=key, seal=seal
    )


def signer_and_trusted_keys(key: Ed25519PrivateKey) -> list[keys.TrustedKey]:
    """Keys a signer accepts for what it extends (a checkpoint, a half-published folder):
    its own, and those of the trusted-keys file of ``$SAFESET_HOME`` (signed before a key
    rotation)."""
    own = key.public_key()
    found = [keys.TrustedKey(keys.key_id(own), own, datetime.min.replace(tzinfo=UTC), None, "")]
    with contextlib.suppress(SafesetError):
        found += keys.load_trusted_keys(keys.safeset_home() / keys.TRUSTED_KEYS)
    return found


def _extends(lines: list[bytes], checkpoint: dict[str, Any]) -> bool:
    """The ledger still holds the head the checkpoint sealed."""
    seq = checkpoint.get("seq")
    if not isinstance(seq, int) or seq < 0 or seq > len(lines):
        return False
    head = _line_digest(lines[seq - 1]) if seq else GENESIS
    return head == checkpoint.get("head")


def _parse_quietly(lines: list[bytes]) -> list[dict[str, Any]]:
    out = []
    for line in lines:
        with contextlib.suppress(UnicodeDecodeError, json.JSONDecodeError):
            rec = json.loads(line)
            if isinstance(rec, dict):
                out.append(rec)
    return out


def head(out_root: Path) -> dict[str, Any]:
    """The ledger's head now: ``{"seq": n, "head": digest of line n}`` (``seq`` 0 and the
    genesis digest for an empty ledger). A run records it in its manifest before it is
    appended, so every manifest is an independent anchor of the ledger's length."""
    try:
        lines = _lines((out_root / LEDGER).read_bytes())
    except FileNotFoundError:
        lines = []
    except OSError as exc:
        raise LedgerError(f"{out_root / LEDGER}: cannot read the ledger ({exc.strerror})") from None
    return {"seq": len(lines), "head": _line_digest(lines[-1]) if lines else GENESIS}


def revoke(
    out_root: Path,
    run_id: str,
    dataset: str,
    reason: str,
    signing_key: Ed25519PrivateKey | None = None,
) -> dict[str, Any]:
    """Record that a run must no longer be used (e.g. after a deletion request): first a
    signed marker beside its folder (it survives the ledger being cut back), then the
    ledger record, which also lists the run in the signed checkpoint."""
    key = signing_key or default_signing_key()
    run_dir = out_root / _run_dir_of(out_root, run_id, dataset)
    ledger_seal.write_marker(run_dir, run_id, dataset, reason, _now(), key)
    return append(out_root, {"event": "revoke", "run_id": run_id, "dataset": dataset,
                             "reason": reason}, key)  # fmt: skip


def _run_dir_of(out_root: Path, run_id: str, dataset: str) -> str:
    for rec in reversed(read_records(out_root / LEDGER)):
        if rec.get("event") == "run" and rec.get("run_id") == run_id and rec.get("run_dir"):
            return str(rec["run_dir"])
    return f"{dataset}/{run_id}"


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every record, in order; a line that is not a JSON object is a ``LedgerError``
    (a ledger that cannot be read must not be silently skipped over)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise LedgerError(f"{path}: cannot read the ledger ({exc.strerror})") from None
    records = []
    for n, line in enumerate(_lines(data), start=1):
        try:
            rec = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise LedgerError(
                f"{path}: line {n} is not JSON; run `safeset ledger verify`"
            ) from None
        if not isinstance(rec, dict):
            raise LedgerError(f"{path}: line {n} is not a JSON object")
        records.append(rec)
    return records


def read_chain(path: Path, what: str = "ledger") -> bytes:
    """The raw bytes of a chained log; a missing or unreadable one is a ``LedgerError``."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise LedgerError(f"{path}: no {what} here") from None
    except OSError as exc:
        raise LedgerError(f"{path}: cannot read the {what} ({exc.strerror})") from None


def chain_problems(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """Check the hash chain of a JSON Lines log: (problems, parsed records with their line
    number). Generic on purpose: the ledger and the access log share one chain rule."""
    problems: list[str] = []
    records: list[tuple[int, dict[str, Any]]] = []
    prev = GENESIS
    for n, line in enumerate(_lines(data), start=1):
        if not line.endswith(b"\n"):
            problems.append(f"line {n}: incomplete (no newline at end)")
        try:
            rec = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError):
            problems.append(f"line {n}: not JSON")
            prev = _line_digest(line)
            continue
        if not isinstance(rec, dict):
            problems.append(f"line {n}: not a JSON object")
            prev = _line_digest(line)
            continue
        if rec.get("seq") != n:
            problems.append(
                f"line {n}: seq is {rec.get('seq')!r}, expected {n} (line removed or reordered)"
            )
        if rec.get("prev") != prev:
            problems.append(
                f"line {n}: prev does not match the hash of line {n - 1} "
                "(a line before it was edited, removed or reordered)"
            )
        prev = _line_digest(line)
        records.append((n, rec))
    return problems, records


def verify_ledger(path: Path, trusted: Any = None) -> list[str]:
    """Every problem ``safeset ledger verify`` finds (see ``ledger_audit.audit_ledger``);
    empty means intact. ``trusted``: a trusted-keys file or loaded keys (default: the
    file under ``$SAFESET_HOME``)."""
    from anonymizers.certify import ledger_audit  # it builds on this module

    return ledger_audit.audit_ledger(path, trusted).problems


def line_digest(line: bytes) -> str:
    """``"sha256:" +`` the digest of one ledger line, newline included (the chain unit)."""
    return _line_digest(line)


def last_manifest_digest(out_root: Path, dataset: str) -> str | None:
    """Digest of the latest certified run's manifest of this dataset: the
    ``previous_manifest`` link of the per-dataset chain of published versions. A rejected
    run was never a version of the dataset (it is quarantined, and the ledger's own hash
    chain already records it): a report's "Previous manifest" pointing at it sent readers
    to a folder that holds no dataset."""
    for rec in reversed(read_records(out_root / LEDGER)):
        if (
            rec.get("event") == "run"
            and rec.get("dataset") == dataset
            and rec.get("status") == "CERTIFIED"
            and rec.get("manifest_digest")
        ):
            return str(rec["manifest_digest"])
    return None


def revoked_runs(out_root: Path) -> set[str]:
    """Run ids with a ``revoke`` record: verification of those folders must fail."""
    return revoked_in(read_records(out_root / LEDGER))


def revoked_in(records: list[dict[str, Any]]) -> set[str]:
    return {
        str(rec["run_id"]) for rec in records if rec.get("event") == "revoke" and rec.get("run_id")
    }
