"""What `safeset run` checks before it starts a Prefect server: the policy (and its
opt-out file), the inputs, the frozen plan's file, the keys and the trusted-keys file.

A missing key used to be reported seven seconds in, after the server had started and the
flow run had begun (and left a failed flow run behind for a typo). Everything here is
cheap (no table is read, no model loaded) and is checked again by the flow, which stays
the authority: a flow served or deployed without this command meets the same errors.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from anonymizers.errors import KeyError_


def preflight(inputs: list[Path], config: Path | None, plan: Path | None) -> list[str]:
    """Raise the ``SafesetError`` a run would end with (exit 2, one line); return warnings
    worth a line on stderr (e.g. no trusted-keys file to verify this run against)."""
    from anonymizers.certify.keys import run_keys
    from anonymizers.governance.subjects import load_opt_outs
    from anonymizers.io.tables import discover
    from anonymizers.plan.columns import Plan
    from anonymizers.policy import load_policy

    policy = load_policy(config)
    load_opt_outs(policy.subjects)  # an unreadable opt-out file is an error, never "none"
    discover(inputs)
    if plan is not None:
        Plan.from_yaml(plan)
    home, _, signing_key = run_keys(policy)
    if policy.encryption.enabled:
        from anonymizers.certify.encryption import load_data_key

        load_data_key(policy.encryption, home)
    own = policy.keys.signing_key_file is None
    return trusted_key_warnings(home, signing_key.public_key(), own)


def trusted_key_warnings(home: Path, public_key: object, own: bool = True) -> list[str]:
    """A run signed by a key that this environment's trusted-keys file does not list
    fails `safeset verify` later. The home's own signing key (``own``) missing from the
    home's own file is an inconsistent home (two homes, a key rotated by hand): an error
    now. A key the policy brings from elsewhere, or no file at all: a warning."""
    from anonymizers.certify.keys import TRUSTED_KEYS, key_id, load_trusted_keys

    path = home / TRUSTED_KEYS
    if not path.exists():
        return [f"{path} does not exist: auditors need the signing key's public half to "
                "verify this run (`safeset keys init` writes it)"]  # fmt: skip
    kid = key_id(public_key)  # type: ignore[arg-type]
    now = datetime.now(UTC)
    if any(k.keyid == kid and k.valid_at(now) for k in load_trusted_keys(path)):
        return []
    if not own:
        return [f"{path} does not trust the policy's signing key {kid[:16]}: verify this "
                "run with the auditor's own trusted-keys file"]  # fmt: skip
    raise KeyError_(
        f"{path}: the signing key {kid[:16]} is not trusted there (now); `safeset verify` "
        "would refuse this run: use the SAFESET_HOME that made the key, or add its "
        "public key (`safeset keys export-public` prints it) to that file"
    )
