"""Sign a run folder (DSSE + in-toto Statement v1, Ed25519) and verify it offline.

The attestation is the only authoritative file: ``manifest.json`` and ``SHA256SUMS``
are conveniences derived from it, and verification proves they agree with it. The
signature covers the DSSE pre-authentication encoding (PAE) of the exact payload bytes,
so no JSON canonicalisation is involved and any standard DSSE verifier (or openssl on
the PAE bytes) can check it. The verifier reads nothing from the payload until the
signature over those bytes has been checked.

The envelope itself (PAE, signing, signature checks) is securesystemslib's DSSE; this
module adds what DSSE leaves to its user: safeset's key ids, the trusted keys and their
validity windows, the subjects checked against the folder, and a reason for every
failure in words an auditor can act on.

Subjects are every file of the folder except the attestation itself — including
``SHA256SUMS`` and ``manifest.json`` — so an extra, missing or altered file anywhere in
the folder is caught. This module needs neither Prefect, spaCy nor the
pseudonymisation key: an auditor's machine only has the public keys.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from securesystemslib.dsse import Envelope
from securesystemslib.exceptions import VerificationError
from securesystemslib.signer import CryptoSigner, SSlibKey

from anonymizers.certify import ledger_seal
from anonymizers.certify.keys import TrustedKey, key_id, load_trusted_keys, parse_time
from anonymizers.certify.manifest import (
    PREDICATE_TYPE,
    dataset_root,
    manifest_problems,
    validate_manifest,
)
from anonymizers.errors import SafesetError
from anonymizers.io.files import sha256_file, write_bytes_atomically

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
ATTESTATION = "attestation.intoto.jsonl"
SUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
#: The envelope's fields in the order they are written: the order of the attestations
#: already published, so one statement signed by one key is always the same bytes.
ENVELOPE_FIELDS = ("payloadType", "payload", "signatures")


class AttestError(SafesetError):
    """A run folder cannot be signed as it is (e.g. a symlink or an unsafe file name)."""


@dataclass
class VerifyReport:
    """The outcome of ``verify_run``: every reason it failed, not just the first."""

    ok: bool
    reasons: list[str] = field(default_factory=list)
    #: The signed predicate, only when the signature verified (never unverified bytes).
    manifest: dict[str, Any] | None = None
    key_id: str | None = None
    key_comment: str | None = None
    files_checked: int = 0

    def to_dict(self) -> dict[str, Any]:
        run = (self.manifest or {}).get("run", {})
        return {
            "verified": self.ok,
            "reasons": list(self.reasons),
            "run_id": run.get("id"),
            "dataset": run.get("dataset"),
            "ended_at": run.get("ended_at"),
            "status": (self.manifest or {}).get("status"),
            "dataset_root": (self.manifest or {}).get("outputs", {}).get("dataset_root"),
            "key_id": self.key_id,
            "key_comment": self.key_comment,
            "files_checked": self.files_checked,
        }


def _atomic_write(path: Path, data: bytes) -> None:
    """A run folder's files are for auditors to read: 0644, where keys are 0600."""
    write_bytes_atomically(path, data, mode=0o644)


def _folder_files(run_dir: Path) -> tuple[list[str], list[str]]:
    """(regular files, symlinks) under the folder as sorted posix paths, attestation
    excluded. Symlinks are reported, not followed: they could point anywhere."""
    files: list[str] = []
    links: list[str] = []
    for p in run_dir.rglob("*"):
        rel = p.relative_to(run_dir).as_posix()
        if rel == ATTESTATION:
            continue
        if p.is_symlink():
            links.append(rel)
        elif p.is_file():
            files.append(rel)
    return sorted(files), sorted(links)


def _sslib_key(public_key: Ed25519PublicKey, keyid: str) -> SSlibKey:
    """``public_key`` as a securesystemslib key named ``keyid``. safeset names its keys
    itself (``keys.key_id``, the id trusted-keys files and envelopes carry), and
    securesystemslib checks a signature only with a key of the signature's keyid."""
    key = SSlibKey.from_crypto(public_key)
    return SSlibKey(keyid, key.keytype, key.scheme, key.keyval)


def _sums_text(digests: dict[str, str]) -> str:
    return "".join(f"{digests[name]}  {name}\n" for name in sorted(digests))


def sign_run(run_dir: Path, predicate: dict[str, Any], signing_key: Ed25519PrivateKey) -> None:
    """Write ``manifest.json``, ``SHA256SUMS`` and the signed attestation into the folder.

    Order matters: the manifest and the sums are written first so that they are
    subjects of the signature themselves."""
    validate_manifest(predicate)
    for stale in (ATTESTATION, SUMS):
        (run_dir / stale).unlink(missing_ok=True)
    manifest_bytes = json.dumps(predicate, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    _atomic_write(run_dir / MANIFEST, manifest_bytes.encode("utf-8"))

    files, links = _folder_files(run_dir)
    if links:
        raise AttestError(f"{run_dir}: symlinks cannot be attested: {', '.join(links[:3])}")
    unsafe = [f for f in files if "\\" in f or "\n" in f]
    if unsafe:
        raise AttestError(f"{run_dir}: file names with a backslash or newline cannot be listed")
    digests = {name: sha256_file(run_dir / name) for name in files if name != SUMS}
    _atomic_write(run_dir / SUMS, _sums_text(digests).encode("utf-8"))
    digests[SUMS] = sha256_file(run_dir / SUMS)

    statement = {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": n, "digest": {"sha256": digests[n]}} for n in sorted(digests)],
        "predicateType": PREDICATE_TYPE,
        "predicate": predicate,
    }
    payload = json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    envelope = Envelope(payload.encode("utf-8"), PAYLOAD_TYPE, {})
    public_key = signing_key.public_key()
    envelope.sign(CryptoSigner(signing_key, _sslib_key(public_key, key_id(public_key))))
    fields = envelope.to_dict()
    line = json.dumps({name: fields[name] for name in ENVELOPE_FIELDS})
    _atomic_write(run_dir / ATTESTATION, (line + "\n").encode("utf-8"))


# --- verification -------------------------------------------------------------------


def _b64(text: Any) -> bytes | None:
    if not isinstance(text, str):
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def _read_envelope(run_dir: Path, reasons: list[str]) -> Envelope | None:
    """The DSSE envelope, or None with the reason. The shape is checked here first, so
    each defect gets its own message; securesystemslib then parses what passed."""
    path = run_dir / ATTESTATION
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        reasons.append(f"{ATTESTATION} is missing: the folder is not signed")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reasons.append(f"{ATTESTATION} is unreadable ({type(exc).__name__})")
        return None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) != 1:
        reasons.append(f"{ATTESTATION} must hold exactly one envelope, found {len(lines)} lines")
        return None
    try:
        env = json.loads(lines[0])
    except json.JSONDecodeError:
        reasons.append(f"{ATTESTATION} is not valid JSON")
        return None
    if not isinstance(env, dict):
        reasons.append(f"{ATTESTATION} is not a DSSE envelope (not an object)")
        return None
    if env.get("payloadType") != PAYLOAD_TYPE:
        reasons.append(f"envelope payloadType is not {PAYLOAD_TYPE}")
        return None
    if _b64(env.get("payload")) is None:
        reasons.append("envelope payload is not base64")
        return None
    sigs = env.get("signatures")
    if not isinstance(sigs, list) or not sigs:
        reasons.append("envelope carries no signatures")
        return None
    if any(not isinstance(s, dict) or _b64(s.get("sig")) is None for s in sigs):
        reasons.append("envelope has a malformed signature entry (sig must be base64)")
        return None
    # DSSE makes keyid optional; securesystemslib needs one, so a missing keyid is "".
    named = [{**s, "keyid": str(s.get("keyid") or "")} for s in sigs]
    try:
        return Envelope.from_dict(
            {"payloadType": PAYLOAD_TYPE, "payload": env["payload"], "signatures": named}
        )
    except ValueError:  # the only one left after the checks above: a keyid used twice
        reasons.append("envelope has two signatures with the same keyid")
        return None


def _check_signature(
    envelope: Envelope, trusted: Sequence[TrustedKey], reasons: list[str]
) -> tuple[bytes | None, list[TrustedKey]]:
    """Verified payload bytes and the trusted keys whose signature holds, or (None, [])."""
    signers: list[TrustedKey] = []
    for kid in envelope.signatures:
        # keyid is only a hint (DSSE): try the named key first, then every trusted key,
        # each offered to securesystemslib under the keyid the signature names.
        for key in sorted(trusted, key=lambda k: k.keyid != kid):
            try:
                envelope.verify([_sslib_key(key.public_key, kid)], 1)
            except VerificationError:
                continue
            if key not in signers:
                signers.append(key)
            break
    if signers:
        return envelope.payload, signers
    known = {k.keyid for k in trusted}
    if any(kid in known for kid in envelope.signatures):
        reasons.append(
            "signature does not verify against the payload: the attestation was altered "
            "after signing"
        )
    else:
        named = [kid[:16] if kid else "(no keyid)" for kid in envelope.signatures]
        reasons.append(
            f"signed by key {', '.join(named)}, which is not in the trusted keys file "
            "(or the signature is invalid)"
        )
    return None, []


def _parse_statement(payload: bytes, reasons: list[str]) -> dict[str, Any] | None:
    try:
        stmt = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        reasons.append("signed payload is not JSON")
        return None
    if not isinstance(stmt, dict) or stmt.get("_type") != STATEMENT_TYPE:
        reasons.append(f"signed payload is not an in-toto Statement ({STATEMENT_TYPE})")
        return None
    if stmt.get("predicateType") != PREDICATE_TYPE:
        reasons.append(f"predicateType is not {PREDICATE_TYPE}")
        return None
    if not isinstance(stmt.get("predicate"), dict) or not isinstance(stmt.get("subject"), list):
        reasons.append("statement lacks a predicate object or a subject list")
        return None
    return stmt


def _check_key_window(
    predicate: dict[str, Any], signers: list[TrustedKey], reasons: list[str]
) -> TrustedKey | None:
    ended = predicate.get("run", {}).get("ended_at") if isinstance(predicate, dict) else None
    try:
        when: datetime = parse_time(str(ended))
    except ValueError:
        reasons.append("run.ended_at is missing or not a time: cannot check the key's validity")
        return None
    for key in signers:
        if key.valid_at(when):
            return key
    key = signers[0]
    reasons.append(
        f"signing key {key.keyid[:16]} was not valid at the run's end {ended} "
        f"(trusted {key.window()})"
    )
    return None


def _safe_subject(name: Any) -> bool:
    if not isinstance(name, str) or not name or "\\" in name or "\n" in name:
        return False
    parts = PurePosixPath(name).parts
    return not name.startswith("/") and ".." not in parts and name == PurePosixPath(name).as_posix()


def _check_subjects(run_dir: Path, stmt: dict[str, Any], reasons: list[str]) -> dict[str, str]:
    """Digest of every listed file, and nothing on disk that is not listed."""
    listed: dict[str, str] = {}
    for subj in stmt["subject"]:
        name = subj.get("name") if isinstance(subj, dict) else None
        digest = (subj.get("digest") or {}).get("sha256") if isinstance(subj, dict) else None
        if not _safe_subject(name) or not isinstance(digest, str):
            reasons.append(f"malformed subject entry {str(name)[:80]!r}")
            continue
        listed[name] = digest
    files, links = _folder_files(run_dir)
    for name in links:
        reasons.append(f"{name}: symlink in the run folder (not allowed)")
    on_disk = set(files)
    for name, digest in sorted(listed.items()):
        if name not in on_disk:
            reasons.append(f"{name}: listed in the attestation but missing")
        elif sha256_file(run_dir / name) != digest:
            reasons.append(f"{name}: sha256 does not match the attestation (file changed)")
    for name in sorted(on_disk - set(listed)):
        reasons.append(f"{name}: file is not listed in the attestation (unlisted file)")
    return listed


def _check_sums(run_dir: Path, listed: dict[str, str], reasons: list[str]) -> None:
    try:
        text = (run_dir / SUMS).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # reported as a missing or changed subject already
    expected = {n: d for n, d in listed.items() if n != SUMS}
    if text != _sums_text(expected):
        reasons.append(f"{SUMS} does not list exactly the attested files and digests")


def _check_manifest_copy(run_dir: Path, predicate: dict[str, Any], reasons: list[str]) -> None:
    try:
        copy = json.loads((run_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return  # reported as a missing subject
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        reasons.append(f"{MANIFEST} is not readable JSON")
        return
    if copy != predicate:
        reasons.append(f"{MANIFEST} differs from the signed predicate")


def _check_outputs(run_dir: Path, predicate: dict[str, Any], reasons: list[str]) -> None:
    """The predicate's own output claims agree with the folder (dataset root, files)."""
    outputs = predicate.get("outputs")
    if not isinstance(outputs, dict):
        return  # the schema check reports it
    root = outputs.get("dataset_root")
    if isinstance(root, str) and root != dataset_root(run_dir):
        reasons.append("outputs.dataset_root does not match the data/ folder")
    for entry in outputs.get("files") or []:
        path = entry.get("path") if isinstance(entry, dict) else None
        if not _safe_subject(path):
            continue
        target = run_dir / path
        if not target.is_file() or sha256_file(target) != entry.get("sha256"):
            reasons.append(f"{path}: does not match outputs.files in the manifest")


def verify_run(
    run_dir: Path,
    trusted_keys: Path | str | Sequence[TrustedKey],
    revoked: set[str] | None = None,
    *,
    bind_place: bool = True,
) -> VerifyReport:
    """Check a run folder offline; collect every reason it fails.

    The folder must be ``.../<dataset>/<run-id>`` as signed (``bind_place``; a copy for
    an audit keeps those two names), and a signed revocation marker beside it
    (``<run-id>.revoked.json``) fails it even when the ledger no longer says so.

    I/O problems with the inputs of the check itself (no such folder, no trusted-keys
    file) raise ``SafesetError`` (exit 2); problems with the folder's content are
    reasons (exit 1)."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise SafesetError(f"{run_dir}: not a run folder (no such directory)")
    if isinstance(trusted_keys, str | os.PathLike):
        trusted: Sequence[TrustedKey] = load_trusted_keys(Path(trusted_keys))
    else:
        trusted = trusted_keys
    report = VerifyReport(ok=False)
    reasons = report.reasons

    env = _read_envelope(run_dir, reasons)
    payload, signers = _check_signature(env, trusted, reasons) if env is not None else (None, [])
    stmt = _parse_statement(payload, reasons) if payload is not None else None
    if stmt is None:
        if env is not None and payload is None:
            reasons.append("nothing else was checked: the payload is not verified")
        return report
    predicate = stmt["predicate"]
    report.manifest = predicate
    key = _check_key_window(predicate, signers, reasons)
    report.key_id = (key or signers[0]).keyid
    report.key_comment = (key or signers[0]).comment

    listed = _check_subjects(run_dir, stmt, reasons)
    report.files_checked = len(listed)
    _check_sums(run_dir, listed, reasons)
    _check_manifest_copy(run_dir, predicate, reasons)
    reasons.extend(f"manifest schema: {p}" for p in manifest_problems(predicate))
    _check_outputs(run_dir, predicate, reasons)
    status = predicate.get("status")
    if status != "CERTIFIED":
        reasons.append(f"status is {str(status)[:20]}, not CERTIFIED")
    run = predicate.get("run") if isinstance(predicate.get("run"), dict) else {}
    run_id = run.get("id")
    if bind_place:
        reasons.extend(place_problems(run_dir, run))
    if revoked and run_id in revoked:
        reasons.append(f"run {run_id} has been revoked in the ledger")
    marker = ledger_seal.marker_reason(run_dir, trusted)
    if marker and not (revoked and run_id in revoked):
        reasons.append(f"run {run_id} has been revoked: {marker}")
    report.ok = not reasons
    return report


def place_problems(run_dir: Path, run: dict[str, Any]) -> list[str]:
    """The folder must sit where its signature says: ``<dataset>/<run-id>`` (under the
    output root or its ``quarantine/``). A signed folder copied under another dataset or
    run id would otherwise be served as that dataset or run."""
    problems = []
    where = run_dir.absolute()
    if where.name != run.get("id"):
        problems.append(
            f"folder name {where.name[:80]!r} is not the signed run id {str(run.get('id'))[:80]!r} "
            "(a run copied or renamed)"
        )
    if where.parent.name != run.get("dataset"):
        problems.append(
            f"folder is under dataset {where.parent.name[:80]!r}, not the signed dataset "
            f"{str(run.get('dataset'))[:80]!r} (a run copied into another dataset)"
        )
    return problems
