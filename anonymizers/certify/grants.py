"""Access by role: a run's data sealed for the teams the policy grants, and opened by one.

Three roles, three sets of keys. The engineer who runs holds the raw exports and the
pseudonymisation key; each team that pulls holds its own X25519 identity; the auditor
holds only the trusted public signing keys. ``seal_run`` encrypts every data file of a
certified run under a fresh AES-256 data key (made for this run, never written down),
wraps that key for each granted team's recipient (``recipients.wrap``) into
``grants.json`` and forgets it. Nobody else can read the data: not another team, not the
engineer (who has the raw exports anyway), not a reader of the output folder.

``grants.json`` is a file of the run folder, so the attestation's digests cover it with
the ciphertext; the signed manifest's ``access`` block lists the grants (team, recipient,
fingerprint) and the data key's id. ``safeset verify`` therefore checks who was granted
without any data key, and ``open_run`` trusts nothing in ``grants.json`` beyond what the
signed manifest says: the unwrapped key must have the signed key id.

A grant added to the policy later applies to the next run (or a rebuild): runs already
published stay sealed for the teams they were sealed for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from anonymizers.certify import encryption as crypto
from anonymizers.certify import recipients
from anonymizers.errors import SafesetError
from anonymizers.io.files import write_bytes_atomically

GRANTS = "grants.json"
SCHEME = (
    "safeset-x25519-v1: per-run AES-256 data key wrapped per team with ephemeral X25519, "
    "HKDF-SHA256 and AES-256-GCM (age's X25519 recipient stanza, AES-GCM)"
)


class AccessDenied(SafesetError):
    """The identity is not granted this run, or none was given: exit 2, nothing copied."""

    exit_code = 2


def _aad(run_id: str, dataset: str, team: str, fp: str) -> bytes:
    return "\x00".join(("safeset-grant-v1", run_id, dataset, team, fp)).encode("utf-8")


def seal_run(run_dir: Path, teams: dict[str, str], run_id: str, dataset: str) -> dict[str, Any]:
    """Encrypt ``run_dir/data`` under a fresh data key wrapped for each team; write
    ``grants.json``. Returns the manifest blocks ``encryption`` and ``access``. Every file
    uses the streamed whole-file envelope, so a partitioned run's large files never have
    to fit in memory."""
    if not teams:
        raise ValueError("seal_run needs at least one team")
    data_key = crypto.new_data_key()
    encryption = crypto.encrypt_run_data(run_dir, data_key, parquet_modular=False)
    key_id = encryption["key_id"]
    stanzas: list[dict[str, str]] = []
    listed: list[dict[str, str]] = []
    for team in sorted(teams):
        public = recipients.parse_recipient(teams[team], f"policy access.teams.{team}")
        fp = recipients.fingerprint(public)
        stanza = recipients.wrap(data_key, public, _aad(run_id, dataset, team, fp))
        entry = {"team": team, "recipient": recipients.recipient_text(public), "fingerprint": fp}
        stanzas.append({**entry, **stanza})
        listed.append(entry)
    del data_key  # from here on, only the granted identities can recover it
    doc = {
        "version": 1,
        "scheme": SCHEME,
        "run_id": run_id,
        "dataset": dataset,
        "data_key_id": key_id,
        "grants": stanzas,
    }
    text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
    # Public like the manifest: wrapped keys open only with a granted identity.
    write_bytes_atomically(run_dir / GRANTS, text.encode("utf-8"), mode=0o644)
    access = {"scheme": SCHEME, "file": GRANTS, "data_key_id": key_id, "grants": listed}
    return {"encryption": encryption, "access": access}


def granted_teams(predicate: dict[str, Any]) -> list[str]:
    """Team names of the signed ``access`` block ([] for a run sealed for nobody)."""
    return [str(g.get("team")) for g in (predicate.get("access") or {}).get("grants", [])]


def open_run(
    run_dir: Path, predicate: dict[str, Any], identity: recipients.Identity | None
) -> tuple[bytes, dict[str, Any]]:
    """The run's data key and the signed grant it was opened through.

    ``predicate`` must be the *verified* signed predicate. Raises ``AccessDenied`` when no
    identity is given or the identity is not granted, and ``CryptoError`` when a granted
    stanza does not give the signed key (``grants.json`` altered after verification)."""
    access = predicate.get("access") or {}
    run = predicate.get("run") or {}
    run_id, dataset = str(run.get("id")), str(run.get("dataset"))
    teams = ", ".join(granted_teams(predicate)) or "no team"
    if identity is None:
        raise AccessDenied(
            f"run {run_id} of '{dataset}' is sealed for {teams}; pull it with --identity FILE "
            "(a granted team's identity, see `safeset keys team-init`)"
        )
    fp = identity.fingerprint
    grant = next((g for g in access.get("grants", []) if g.get("fingerprint") == fp), None)
    if grant is None:
        raise AccessDenied(
            f"identity {fp[:16]} is not granted run {run_id} of '{dataset}' "
            f"(granted: {teams}); ask the dataset's owner to add your recipient to the "
            "policy's access.teams and re-run"
        )
    try:
        doc = json.loads((run_dir / str(access.get("file", GRANTS))).read_text(encoding="utf-8"))
        stanza = next(s for s in doc["grants"] if s.get("fingerprint") == fp)
    except (OSError, ValueError, KeyError, TypeError, StopIteration):
        raise crypto.CryptoError(
            f"run {run_id}: {GRANTS} lacks the stanza of a granted team"
        ) from None
    team = str(grant["team"])
    try:
        key = recipients.unwrap(stanza, identity, _aad(run_id, dataset, team, fp))
    except recipients.WrapError as exc:
        raise crypto.CryptoError(f"run {run_id}: {exc}") from None
    if crypto.data_key_id(key) != access.get("data_key_id"):
        raise crypto.CryptoError(
            f"run {run_id}: the unwrapped key is not the signed data key ({GRANTS} was altered)"
        )
    return key, grant
