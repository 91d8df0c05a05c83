"""The run ledger: an append-only, hash-chained JSON Lines log of every run.

Each line carries ``seq`` (1, 2, ...) and ``prev`` = ``"sha256:" +`` the sha256 of the
previous line's bytes *including* its newline, so ``sed -n 3p ledger.jsonl | sha256sum``
reproduces line 4's ``prev`` with coreutils alone. Editing, deleting or reordering a line
breaks the chain at the next line. The last line has no successor, so ``verify_ledger``
also cross-checks every line against its run folder (the manifest digest on disk) and
reports run folders the ledger does not mention — which catches a truncated tail.

Appends take an exclusive ``fcntl`` lock and fsync, so two runs finishing at once
cannot interleave or fork the chain. ``append_chained`` and ``chain_problems`` are the
chain itself, shared with the access log (``anonymizers.governance.access``): one format, one check.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from anonymizers.errors import SafesetError
from anonymizers.io.files import sha256_file

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


def append_chained(path: Path, entry: dict[str, Any], verify_hint: str) -> dict[str, Any]:
    """Append one hash-chained record (``seq``, ``prev``, ``time`` added) to a JSON Lines
    log under an exclusive lock and fsync. Shared by the run ledger and the access log so
    both logs have one chain format an auditor checks with the same coreutils loop."""
    clash = [k for k in _RESERVED if k in entry]
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
            seq = len(lines) + 1
            prev = _line_digest(lines[-1]) if lines else GENESIS
            record = {"seq": seq, "prev": prev, "time": _now(), **entry}
            line = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            fh.seek(0, os.SEEK_END)
            fh.write(line.encode("utf-8") + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    if created:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return record


def append(out_root: Path, entry: dict[str, Any]) -> dict[str, Any]:
    """Append one run-ledger record under an exclusive lock; returns the record as written."""
    clash = [k for k in _RESERVED if k in entry]
    if clash:
        raise ValueError(f"ledger entry may not set {clash}")
    missing = [k for k in _REQUIRED if not entry.get(k)]
    if missing:
        raise ValueError(f"ledger entry lacks {missing}")
    if entry["event"] not in EVENTS:
        raise ValueError(f"ledger event must be one of {EVENTS}")
    return append_chained(out_root / LEDGER, entry, "safeset ledger verify")


def revoke(out_root: Path, run_id: str, dataset: str, reason: str) -> dict[str, Any]:
    """Record that a run must no longer be used (e.g. after a deletion request)."""
    return append(out_root, {"event": "revoke", "run_id": run_id, "dataset": dataset,
                             "reason": reason})  # fmt: skip


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


def _run_folders(out_root: Path) -> set[str]:
    """Published and quarantined run folders (those holding an attestation)."""
    found = set()
    for att in out_root.glob("**/attestation.intoto.jsonl"):
        rel = att.parent.relative_to(out_root).as_posix()
        if not rel.startswith(".staging"):
            found.add(rel)
    return found


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


def verify_ledger(path: Path) -> list[str]:
    """Every problem found: broken chain, bad sequence, records that disagree with their
    run folder, run folders missing from the ledger. Empty means intact."""
    problems, records = chain_problems(read_chain(path))
    # Chain problems and folder problems are reported in line order, as an auditor reads.
    by_line: dict[int, list[str]] = {}
    for p in problems:
        by_line.setdefault(int(p.split(":", 1)[0].split()[1]), []).append(p)
    listed: set[str] = set()
    for n, rec in records:
        by_line.setdefault(n, []).extend(
            f"line {n}: {p}" for p in _check_against_folder(path.parent, rec)
        )
        if rec.get("event") == "run" and isinstance(rec.get("run_dir"), str):
            listed.add(rec["run_dir"])
    ordered = [p for n in sorted(by_line) for p in by_line[n]]
    for folder in sorted(_run_folders(path.parent) - listed):
        ordered.append(f"{folder}: run folder is not in the ledger (line removed?)")
    return ordered


def _check_against_folder(out_root: Path, rec: dict[str, Any]) -> list[str]:
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
    try:
        m = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return problems
    if isinstance(m, dict):
        run = m.get("run") if isinstance(m.get("run"), dict) else {}
        for field, value in (("run_id", run.get("id")), ("dataset", run.get("dataset")),
                             ("status", m.get("status"))):  # fmt: skip
            if rec.get(field) != value:
                problems.append(f"{field} does not match {rec['run_dir']}/manifest.json")
    return problems


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
