"""Signatures that make the run ledger tamper-evident: signed records, the signed
checkpoint and signed revocation markers.

A hash chain alone proves nothing against someone who can write the file: they can cut
the tail (undoing a revocation), or edit a line and re-hash every line after it. So:

- every ledger record carries ``keyid`` and ``sig``, an Ed25519 signature by the run
  signing key over the record without ``sig`` (its ``prev`` included, so a signature
  also pins the whole chain before it);
- ``ledger.checkpoint.json`` next to the ledger holds the head (``seq`` and the digest
  of line ``seq``) and every revoked run id, signed, rewritten at every append: cutting
  lines off, or re-hashing, no longer matches it;
- a revocation also writes ``<run-id>.revoked.json`` next to the run folder, signed: a
  revoked run stays revoked even if the ledger and its checkpoint are rolled back.

Each signed object is prefixed with its own context string before signing, so a
signature made for one kind (a ledger line) can never be replayed as another (a
checkpoint, a DSSE attestation). Signatures count only with a key of the trusted-keys
file that was valid at the object's ``time`` (``keys.TrustedKey.valid_at``).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify.keys import TrustedKey, key_id, parse_time
from anonymizers.io.files import write_bytes_atomically

CHECKPOINT = "ledger.checkpoint.json"
REVOKED_SUFFIX = ".revoked.json"
RECORD_CONTEXT = b"safeset-ledger-record-v1\n"
CHECKPOINT_CONTEXT = b"safeset-ledger-checkpoint-v1\n"
MARKER_CONTEXT = b"safeset-revocation-v1\n"
CHECKPOINT_TYPE = "safeset-ledger-checkpoint/v1"
MARKER_TYPE = "safeset-revocation/v1"
SIG_FIELDS = ("keyid", "sig")


def canonical(obj: dict[str, Any]) -> bytes:
    """The one serialisation signed and written: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(obj: dict[str, Any], context: bytes, signing_key: Ed25519PrivateKey) -> dict[str, Any]:
    """``obj`` with ``keyid`` and ``sig`` added (any old ones replaced)."""
    body = {k: v for k, v in obj.items() if k not in SIG_FIELDS}
    body["keyid"] = key_id(signing_key.public_key())
    sig = signing_key.sign(context + canonical(body))
    return {**body, "sig": base64.b64encode(sig).decode("ascii")}


def signature_problem(obj: dict[str, Any], context: bytes, trusted: Sequence[TrustedKey]) -> str:
    """Empty when ``obj`` is signed by a trusted key valid at its ``time``; else why not.
    Unsigned objects are reported by the caller (legacy lines are not forgeries)."""
    raw = obj.get("sig")
    try:
        sig = base64.b64decode(raw, validate=True) if isinstance(raw, str) else b""
    except (binascii.Error, ValueError):
        sig = b""
    if not sig:
        return "signature is malformed"
    body = {k: v for k, v in obj.items() if k != "sig"}
    message = context + canonical(body)
    kid = obj.get("keyid")
    signer = None
    for key in sorted(trusted, key=lambda k: k.keyid != kid):
        try:
            key.public_key.verify(sig, message)
        except InvalidSignature:
            continue
        signer = key
        break
    if signer is None:
        named = str(kid)[:16] if kid else "(no keyid)"
        return f"signature does not verify with any trusted key (keyid {named}): altered or forged"
    try:
        when = parse_time(str(obj.get("time")))
    except ValueError:
        return "time is missing or not a time: cannot check the signing key's validity"
    if not signer.valid_at(when):
        return f"signing key {signer.keyid[:16]} was not trusted at {obj.get('time')}"
    return ""


def is_signed(obj: dict[str, Any]) -> bool:
    return "sig" in obj or "keyid" in obj


# --- checkpoint ---------------------------------------------------------------------


def write_checkpoint(
    out_root: Path,
    seq: int,
    head: str,
    time: str,
    revoked: Sequence[str],
    signing_key: Ed25519PrivateKey,
) -> dict[str, Any]:
    """Replace the checkpoint in one rename (a crash leaves the old or the new one)."""
    doc = sign(
        {"type": CHECKPOINT_TYPE, "seq": seq, "head": head, "time": time,
         "revoked": sorted(set(revoked))},
        CHECKPOINT_CONTEXT, signing_key,
    )  # fmt: skip
    write_bytes_atomically(out_root / CHECKPOINT, canonical(doc) + b"\n", mode=0o644)
    return doc


def read_checkpoint(out_root: Path) -> tuple[dict[str, Any] | None, str]:
    """(checkpoint, problem): (None, "") when there is none; a file that cannot be read
    as a checkpoint is a problem, never "no checkpoint"."""
    return read_checkpoint_file(out_root / CHECKPOINT)


def read_checkpoint_file(path: Path) -> tuple[dict[str, Any] | None, str]:
    """``read_checkpoint`` for any copy, e.g. one an auditor kept from an earlier day."""
    try:
        doc = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None, ""
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None, f"{path.name} is unreadable"
    if (
        not isinstance(doc, dict)
        or doc.get("type") != CHECKPOINT_TYPE
        or not isinstance(doc.get("seq"), int)
        or not isinstance(doc.get("head"), str)
        or not isinstance(doc.get("revoked"), list)
    ):
        return None, f"{path.name} is not a ledger checkpoint"
    return doc, ""


# --- revocation markers -------------------------------------------------------------


def marker_path(run_dir: Path) -> Path:
    """``out/<dataset>/<run-id>.revoked.json``: beside the folder, not in it (the folder's
    file list is signed; a file added inside would read as tampering, not revocation)."""
    return run_dir.parent / f"{run_dir.name}{REVOKED_SUFFIX}"


def write_marker(
    run_dir: Path, run_id: str, dataset: str, reason: str, time: str, key: Ed25519PrivateKey
) -> None:
    doc = sign(
        {"type": MARKER_TYPE, "run_id": run_id, "dataset": dataset, "reason": reason,
         "time": time},
        MARKER_CONTEXT, key,
    )  # fmt: skip
    run_dir.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomically(marker_path(run_dir), canonical(doc) + b"\n", mode=0o644)


def marker_reason(run_dir: Path, trusted: Sequence[TrustedKey]) -> str | None:
    """Why the marker beside ``run_dir`` revokes it, or None when there is no marker.
    Fail closed: a marker whose signature does not hold still revokes (revoking too much
    is safe; a forged marker only denies service, and the reason says so)."""
    path = marker_path(run_dir)
    try:
        doc = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return f"{path.name} exists but is unreadable (treated as revoked)"
    if not isinstance(doc, dict) or doc.get("run_id") != run_dir.name:
        return f"{path.name} exists but names another run (treated as revoked)"
    problem = signature_problem(doc, MARKER_CONTEXT, trusted)
    if problem:
        return f"{path.name}: {problem} (treated as revoked)"
    return f"revoked on {doc.get('time')} ({path.name})"
