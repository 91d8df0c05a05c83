"""Keys: the Ed25519 signing pair, the pseudonymisation key and the trusted-keys file.

The two secrets have different jobs and different audiences, so they are separate keys:
the pseudonymisation key makes fakes consistent (whoever holds it can re-link records),
the signing key vouches for a run folder (whoever holds it can certify anything). Both
live under ``$SAFESET_HOME/keys/`` (mode 0600, folder 0700), never in ``out/``. The
public half goes to ``trusted_keys.json``, the file an auditor keeps; a key id is a
hash of the public key, so no secret is ever named by anything derived from it.

Rotation: the trusted-keys file lists several keys, each with a validity window. A
signature counts only if its key was valid when the run ended, so retiring a key
(closing its window) keeps old runs verifiable while refusing anything signed later.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from anonymizers.errors import KeyError_
from anonymizers.io.files import write_bytes_atomically
from anonymizers.policy import KeysConfig, Policy
from anonymizers.pseudonymise.keyed import key_fingerprint

SIGNING_KEY = "signing.key"
SIGNING_PUB = "signing.pub"
PSEUDONYM_KEY = "pseudonym.key"
TRUSTED_KEYS = "trusted_keys.json"
#: Shortest pseudonymisation key accepted: 256 bits, what ``keys init`` makes (below 128
#: a keyed digest is guessable; a short hand-made key is usually a password).
MIN_PSEUDONYM_KEY_BYTES = 32
#: Fewest distinct byte values a key may hold: 32 random bytes hold about 30 (fewer than
#: 16 happens with odds below 1 in 10^9); "00…", "11…", "abab…" or an ASCII word hold few.
MIN_DISTINCT_KEY_BYTES = 16
DEMO_COMMENT = "LOCAL DEMO KEY: made by `safeset keys init --demo`; not for production"
_INIT_HINT = "run `safeset keys init`"
_NEW_KEY_HINT = "make one with `safeset keys init` or `openssl rand -hex 32`"


class KeyMissingError(KeyError_):
    """A key the run needs does not exist yet (exit 2, with how to make it)."""


@dataclass(frozen=True)
class KeyPaths:
    """Where ``init_keys`` put things, and the id of the new signing key."""

    home: Path
    signing_key: Path
    signing_pub: Path
    pseudonym_key: Path
    trusted_keys: Path
    key_id: str
    demo: bool


@dataclass(frozen=True)
class TrustedKey:
    """One entry of the trusted-keys file, parsed and checked."""

    keyid: str
    public_key: Ed25519PublicKey
    valid_from: datetime
    valid_until: datetime | None
    comment: str

    def valid_at(self, when: datetime) -> bool:
        """Closed window [valid_from, valid_until], both ends inclusive like X.509: times
        are whole seconds, and a run that ended in the second its key was retired still
        counts. A retired key vouches for nothing that ended later."""
        if when < self.valid_from:
            return False
        return self.valid_until is None or when <= self.valid_until

    def window(self) -> str:
        until = iso(self.valid_until) if self.valid_until else "open-ended"
        return f"{iso(self.valid_from)} until {until}"


def safeset_home() -> Path:
    """``$SAFESET_HOME`` or ``~/.safeset``: one place per environment for keys."""
    return Path(os.environ.get("SAFESET_HOME") or "~/.safeset").expanduser()


def iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    """ISO-8601 to an aware UTC datetime; a time without zone is taken as UTC."""
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _now() -> datetime:
    # Whole seconds, rounded down: a run's ended_at is whole seconds too, and a key made
    # in the same second as a run must already be valid for it.
    return datetime.now(UTC).replace(microsecond=0)


def key_id(public_key: Ed25519PublicKey) -> str:
    """sha256 of the raw 32-byte public key, hex. The first 16 chars are a display id."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def pseudonym_key_id(key: bytes) -> str:
    """Names the pseudonymisation key in the manifest without revealing anything about it
    (an HMAC under the key itself; a plain hash of a key is a hint to brute force)."""
    return key_fingerprint(key, b"safeset key id")


def init_keys(home: Path, demo: bool = False, force: bool = False) -> KeyPaths:
    """Make the signing pair and the pseudonymisation key under ``home/keys/`` and trust
    the new public key. Existing keys are never replaced silently: a new pseudonymisation
    key changes every fake, so overwriting needs ``force``."""
    keys_dir = home / "keys"
    paths = [keys_dir / SIGNING_KEY, keys_dir / SIGNING_PUB, keys_dir / PSEUDONYM_KEY]
    existing = [p.name for p in paths if p.exists()]
    if existing and not force:
        raise KeyError_(
            f"{keys_dir}: keys already exist ({', '.join(existing)}); refusing to overwrite "
            "(a new pseudonymisation key changes every fake). Use --force to replace them "
            "or `safeset keys rotate` to replace only the signing key"
        )
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    keys_dir.mkdir(exist_ok=True, mode=0o700)
    os.chmod(keys_dir, 0o700)
    pseudonym_key = (secrets.token_bytes(32).hex() + "\n").encode()
    write_bytes_atomically(keys_dir / PSEUDONYM_KEY, pseudonym_key)
    kid = _new_signing_key(home, demo)
    return _key_paths(home, kid, demo)


def rotate_signing_key(home: Path) -> KeyPaths:
    """A new signing pair; the old key's trust window closes now, so runs it signed
    before stay verifiable. The pseudonymisation key is kept (fakes stay consistent)."""
    keys_dir = home / "keys"
    if not (keys_dir / SIGNING_KEY).exists():
        raise KeyMissingError(f"{keys_dir / SIGNING_KEY}: no signing key to rotate; {_INIT_HINT}")
    kid = _new_signing_key(home, demo=False)
    return _key_paths(home, kid, demo=False)


def _key_paths(home: Path, kid: str, demo: bool) -> KeyPaths:
    keys_dir = home / "keys"
    return KeyPaths(
        home=home,
        signing_key=keys_dir / SIGNING_KEY,
        signing_pub=keys_dir / SIGNING_PUB,
        pseudonym_key=keys_dir / PSEUDONYM_KEY,
        trusted_keys=home / TRUSTED_KEYS,
        key_id=kid,
        demo=demo,
    )


def _new_signing_key(home: Path, demo: bool) -> str:
    keys_dir = home / "keys"
    now = _now()
    old_pub = keys_dir / SIGNING_PUB
    if old_pub.exists():
        # An unreadable old key was never trusted through this file: nothing to retire.
        with contextlib.suppress(KeyError_):
            retire_key(home / TRUSTED_KEYS, key_id(_load_public(old_pub)), now)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_bytes_atomically(keys_dir / SIGNING_KEY, pem)
    pub = private.public_key()
    write_bytes_atomically(keys_dir / SIGNING_PUB, public_pem(pub).encode())
    comment = DEMO_COMMENT if demo else f"safeset signing key made on {iso(now)}"
    add_trusted_key(home / TRUSTED_KEYS, pub, valid_from=now, comment=comment)
    return key_id(pub)


def _read_trusted_doc(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"keys": []}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeyError_(f"{path}: trusted-keys file is unreadable ({type(exc).__name__})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("keys"), list):
        raise KeyError_(f'{path}: trusted-keys file must be {{"keys": [...]}}')
    return doc


def _write_trusted_doc(path: Path, doc: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
    write_bytes_atomically(path, text.encode("utf-8"), mode=0o644)


def add_trusted_key(
    path: Path,
    public_key: Ed25519PublicKey,
    valid_from: datetime,
    valid_until: datetime | None = None,
    comment: str = "",
) -> str:
    """Append a public key to a trusted-keys file (created if missing); returns its id."""
    doc = _read_trusted_doc(path)
    kid = key_id(public_key)
    if any(isinstance(e, dict) and e.get("keyid") == kid for e in doc["keys"]):
        raise KeyError_(f"{path}: key {kid[:16]} is already trusted")
    doc["keys"].append(
        {
            "keyid": kid,
            "public_key_pem": public_pem(public_key),
            "valid_from": iso(valid_from),
            "valid_until": iso(valid_until) if valid_until else None,
            "comment": comment,
        }
    )
    _write_trusted_doc(path, doc)
    return kid


def retire_key(path: Path, kid: str, when: datetime) -> bool:
    """Close an open trust window at ``when``; False if the key is absent or already closed."""
    doc = _read_trusted_doc(path)
    changed = False
    for entry in doc["keys"]:
        if isinstance(entry, dict) and entry.get("keyid") == kid and not entry.get("valid_until"):
            entry["valid_until"] = iso(when)
            changed = True
    if changed:
        _write_trusted_doc(path, doc)
    return changed


def load_trusted_keys(path: Path) -> list[TrustedKey]:
    """Parse and check the trusted-keys file. An entry whose keyid does not match its
    public key is an error, not a skip: a mislabelled key file is an auditor's problem."""
    if not path.exists():
        raise KeyMissingError(
            f"{path}: trusted-keys file not found; pass --trusted-keys or {_INIT_HINT}"
        )
    doc = _read_trusted_doc(path)
    out: list[TrustedKey] = []
    for n, entry in enumerate(doc["keys"], start=1):
        where = f"{path}: key entry {n}"
        if not isinstance(entry, dict):
            raise KeyError_(f"{where} is not an object")
        try:
            pub = serialization.load_pem_public_key(str(entry["public_key_pem"]).encode())
            valid_from = parse_time(str(entry["valid_from"]))
            until = entry.get("valid_until")
            valid_until = parse_time(str(until)) if until else None
        except KeyError as exc:
            raise KeyError_(f"{where} lacks '{exc.args[0]}'") from None
        except (ValueError, UnsupportedAlgorithm):
            raise KeyError_(f"{where} has an unreadable public key or date") from None
        if not isinstance(pub, Ed25519PublicKey):
            raise KeyError_(f"{where} is not an Ed25519 public key")
        kid = key_id(pub)
        if entry.get("keyid") != kid:
            raise KeyError_(f"{where}: keyid does not match its public key (expected {kid})")
        out.append(TrustedKey(kid, pub, valid_from, valid_until, str(entry.get("comment", ""))))
    return out


def _load_public(path: Path) -> Ed25519PublicKey:
    try:
        pub = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError, UnsupportedAlgorithm):
        raise KeyError_(f"{path}: unreadable public key") from None
    if not isinstance(pub, Ed25519PublicKey):
        raise KeyError_(f"{path}: not an Ed25519 public key")
    return pub


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    """The PEM PKCS8 Ed25519 private key; a one-line error saying how to make one."""
    path = Path(path).expanduser()
    private_file(path, "the signing key")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyMissingError(f"{path}: signing key not found; {_INIT_HINT}") from None
    except OSError as exc:
        raise KeyError_(f"{path}: cannot read signing key ({exc.strerror})") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise KeyError_(f"{path}: not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyError_(f"{path}: signing key must be Ed25519")
    return key


def _decode_key(text: str, where: str) -> bytes:
    # The message names where the key came from, never any part of it.
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise KeyError_(f"{where}: pseudonymisation key is not hex") from None
    if len(key) < MIN_PSEUDONYM_KEY_BYTES:
        raise KeyError_(
            f"{where}: pseudonymisation key is too short "
            f"({len(key)} bytes, need {MIN_PSEUDONYM_KEY_BYTES} or more); {_NEW_KEY_HINT}"
        )
    if len(set(key)) < MIN_DISTINCT_KEY_BYTES:
        weak = "all zero" if not any(key) else f"only {len(set(key))} distinct byte values"
        raise KeyError_(
            f"{where}: pseudonymisation key is not random ({weak}, need "
            f"{MIN_DISTINCT_KEY_BYTES} or more); {_NEW_KEY_HINT}"
        )
    return key


def private_file(path: Path, what: str) -> None:
    """A secret key file readable by its owner only. Group or other permissions are
    refused, not fixed: a key others could read may already be copied, so the fix is a
    new key (or, if nobody else can reach the host, a deliberate ``chmod 600``), and the
    command says which."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # reading it next reports what is wrong, in the reader's words
    if mode & 0o077:
        raise KeyError_(
            f"{path}: {what} is readable by group or others (mode {stat.S_IMODE(mode):04o}); "
            "run `chmod 600` on it, and make a new key if anyone else may have read it"
        )


def load_pseudonym_key(policy_keys_cfg: KeysConfig, home: Path) -> bytes:
    """The pseudonymisation key: the environment variable the policy names (hex) wins,
    so a secret store can inject it; then the policy's key file; then the home key."""
    env_name = policy_keys_cfg.pseudonym_key_env
    if env_name and os.environ.get(env_name):
        return _decode_key(os.environ[env_name], f"environment variable {env_name}")
    path = policy_keys_cfg.pseudonym_key_file or home / "keys" / PSEUDONYM_KEY
    path = Path(path).expanduser()
    private_file(path, "the pseudonymisation key")
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise KeyMissingError(
            f"{path}: pseudonymisation key not found; {_INIT_HINT} (or set {env_name} to a hex key)"
        ) from None
    except (OSError, UnicodeDecodeError):
        raise KeyError_(f"{path}: cannot read the pseudonymisation key") from None
    return _decode_key(text, str(path))


def run_keys(policy: Policy) -> tuple[Path, bytes, Any]:
    """SAFESET_HOME, the pseudonymisation key and the signing key a run needs."""
    home = safeset_home()
    key = load_pseudonym_key(policy.keys, home)
    signing_key = load_signing_key(policy.keys.signing_key_file or home / "keys" / "signing.key")
    return home, key, signing_key
