"""The policy a run applied, kept in its run folder so that a rebuild applies it again.

Its exact bytes are kept, so their sha256 is the manifest's policy digest (an empty file
for the built-in defaults). Most policies name no one and are kept as ``policy.yaml``, for
an auditor to read. A policy that lists people (inline opt-out ids, deny-list values) must
not be copied into a folder that auditors and dev teams read: it is kept sealed instead,
``policy.yaml.sealed``, AES-256-GCM under a key derived from the pseudonymisation key,
which a rebuild holds anyway. Either file is signed with the rest of the folder.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from anonymizers.errors import SafesetError
from anonymizers.io.files import write_bytes_atomically
from anonymizers.policy import Policy
from anonymizers.pseudonymise.keyed import derive

POLICY_FILE = "policy.yaml"
SEALED_FILE = "policy.yaml.sealed"
_NONCE = 12


def names_people(policy: Policy) -> bool:
    """Whether the policy itself lists personal data: opted-out ids written inline, or
    values the deny list always replaces (names, ids)."""
    return bool(policy.subjects.opt_out_ids) or any(policy.detection.deny_list.values())


def _seal_key(key: bytes) -> bytes:
    return derive(key, "kept-policy")


def keep_policy(run_dir: Path, policy: Policy, key: bytes) -> str:
    """Write the policy's bytes into ``run_dir``, plain or sealed; returns the file name."""
    if not names_people(policy):
        write_bytes_atomically(run_dir / POLICY_FILE, policy.source, mode=0o644)
        return POLICY_FILE
    nonce = secrets.token_bytes(_NONCE)
    sealed = nonce + AESGCM(_seal_key(key)).encrypt(nonce, policy.source, SEALED_FILE.encode())
    write_bytes_atomically(run_dir / SEALED_FILE, sealed, mode=0o644)
    return SEALED_FILE


def restore_policy(run_dir: Path, key: bytes, digest: str, scratch: Path) -> Path:
    """The run's policy as a file a run can read: its own ``policy.yaml``, or the sealed
    one opened into ``scratch`` (0600). The bytes must be the manifest's ``digest``."""
    plain = run_dir / POLICY_FILE
    if plain.is_file():
        data, path = plain.read_bytes(), plain
    else:
        try:
            raw = (run_dir / SEALED_FILE).read_bytes()
            data = AESGCM(_seal_key(key)).decrypt(raw[:_NONCE], raw[_NONCE:], SEALED_FILE.encode())
        except FileNotFoundError:
            raise SafesetError(f"run {run_dir.name} keeps no {POLICY_FILE}") from None
        except (InvalidTag, ValueError):
            raise SafesetError(
                f"run {run_dir.name}: {SEALED_FILE} does not open with this pseudonymisation key"
            ) from None
        scratch.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = scratch / f"{run_dir.name}-{POLICY_FILE}"
        write_bytes_atomically(path, data, mode=0o600)
    if "sha256:" + hashlib.sha256(data).hexdigest() != digest:
        raise SafesetError(f"run {run_dir.name}: the kept policy is not the one its manifest names")
    return path
