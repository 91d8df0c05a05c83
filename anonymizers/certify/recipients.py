"""Team identities (X25519 key pairs) and the wrap of a data key for one team's recipient.

A team that pulls certified datasets holds an *identity* (an X25519 private key, in a
0600 file it never shares); the policy lists its *recipient* (the public key, base64 of
the raw 32 bytes). A run's data key is wrapped once per granted recipient the way age
wraps a file key for an X25519 recipient stanza, rebuilt here from ``cryptography``
primitives so no new dependency is needed:

    ephemeral  = a fresh X25519 key pair, one per wrap
    shared     = X25519(ephemeral private, recipient)        (all-zero result refused)
    wrap key   = HKDF-SHA256(shared, salt = ephemeral public ‖ recipient,
                             info = "safeset/v1/X25519", 32 bytes)
    wrapped    = AES-256-GCM(wrap key, 12-byte random nonce, data key, aad)

Only the identity's private key recomputes ``shared`` from the stanza's ephemeral public
key, so only that team can unwrap. The additional data (``aad``) names the run, the
dataset, the team and its fingerprint: a stanza copied into another run or relabelled
for another team fails to unwrap. Differences from age: AES-256-GCM with a random nonce
instead of ChaCha20-Poly1305 with a zero nonce (the wrap key is single-use either way),
and plain base64 instead of Bech32 for keys.

A recipient's *fingerprint* is the sha256 of its raw public key (hex): anyone holding the
policy can recompute it, so the access log's fingerprint names a team an auditor can
check, not a name the puller typed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from anonymizers.certify.keys import private_file
from anonymizers.errors import KeyError_, SafesetError
from anonymizers.io.files import write_bytes_atomically

IDENTITY_PREFIX = "SAFESET-X25519-IDENTITY-1 "
HKDF_INFO = b"safeset/v1/X25519"
STANZA_TYPE = "X25519"
NONCE_BYTES = 12
KEY_BYTES = 32


class WrapError(SafesetError):
    """A stanza cannot be unwrapped with this identity (wrong team, altered stanza)."""


def _raw(public: X25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, what: str, size: int | None = None) -> bytes:
    """Strict base64 (``what`` names the field in the error, never its content)."""
    try:
        raw = base64.b64decode(str(text).strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyError_(f"{what} is not base64") from None
    if size is not None and len(raw) != size:
        raise KeyError_(f"{what} must be {size} bytes, not {len(raw)}")
    return raw


def parse_recipient(text: str, what: str = "recipient") -> X25519PublicKey:
    """A recipient as the policy holds it: base64 of the raw 32-byte public key."""
    return X25519PublicKey.from_public_bytes(unb64(text, what, KEY_BYTES))


def recipient_text(public: X25519PublicKey) -> str:
    return b64(_raw(public))


def fingerprint(public: X25519PublicKey) -> str:
    """sha256 of the raw public key, hex: recomputable from the policy by anyone."""
    return hashlib.sha256(_raw(public)).hexdigest()


@dataclass(frozen=True)
class Identity:
    """A team's private key, with what is derived from it for messages and logs."""

    private: X25519PrivateKey
    #: The name written in the file when it was made: a label for messages only. What a
    #: team is *granted* as comes from the signed manifest, never from this field.
    label: str
    path: Path | None = None

    @property
    def public(self) -> X25519PublicKey:
        return self.private.public_key()

    @property
    def recipient(self) -> str:
        return recipient_text(self.public)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)


def new_identity(label: str) -> Identity:
    return Identity(X25519PrivateKey.generate(), label)


def identity_text(identity: Identity, created: str) -> str:
    raw = identity.private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return (
        "# safeset team identity (X25519). Secret: keep it 0600, never share it, back it up.\n"
        f"# team: {identity.label}\n"
        f"# created: {created}\n"
        f"# recipient: {identity.recipient}\n"
        f"# fingerprint: {identity.fingerprint}\n"
        f"{IDENTITY_PREFIX}{b64(raw)}\n"
    )


def write_identity(identity: Identity, path: Path, created: str, force: bool = False) -> Path:
    """Write the identity file (0600 from its first byte; folders it makes are 0700)."""
    path = Path(path).expanduser()
    if path.exists() and not force:
        raise KeyError_(
            f"{path}: an identity already exists; refusing to overwrite it (runs wrapped for "
            "it could no longer be pulled). Use --force to replace it"
        )
    missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    for folder in reversed(missing):  # every folder made here is 0700, not just the last
        folder.mkdir(mode=0o700)
    write_bytes_atomically(path, identity_text(identity, created).encode("ascii"), mode=0o600)
    return path


def load_identity(path: Path) -> Identity:
    """Read an identity file; one that group or others may read is refused (like ssh's
    private keys): a team key anyone on the host can copy grants nothing to anyone."""
    path = Path(path).expanduser()
    private_file(path, "the team identity file")
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise KeyError_(
            f"{path}: identity file not found; make one with `safeset keys team-init NAME`"
        ) from None
    except (OSError, UnicodeDecodeError):
        raise KeyError_(f"{path}: cannot read the identity file") from None
    label, secret = "", None
    for line in text.splitlines():
        if line.startswith("# team:"):
            label = line.split(":", 1)[1].strip()
        elif line.startswith(IDENTITY_PREFIX):
            secret = line[len(IDENTITY_PREFIX) :]
    if secret is None:
        raise KeyError_(f"{path}: not a safeset identity file (no {IDENTITY_PREFIX.strip()} line)")
    raw = unb64(secret, f"{path}: identity key", KEY_BYTES)
    return Identity(X25519PrivateKey.from_private_bytes(raw), label or "(unnamed)", path)


# --- the wrap ------------------------------------------------------------------------


def _wrap_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    if shared == bytes(KEY_BYTES):  # a low-order point: the "secret" would be public
        raise WrapError("X25519 produced an all-zero shared secret (low-order public key)")
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral + recipient, info=HKDF_INFO
    ).derive(shared)


def wrap(data_key: bytes, recipient: X25519PublicKey, aad: bytes) -> dict[str, str]:
    """One stanza: the data key wrapped for ``recipient`` (public fields only)."""
    ephemeral = X25519PrivateKey.generate()
    eph_raw = _raw(ephemeral.public_key())
    try:
        shared = ephemeral.exchange(recipient)
    except ValueError:
        raise WrapError("recipient key is a low-order point; it cannot receive a key") from None
    kek = _wrap_key(shared, eph_raw, _raw(recipient))
    nonce = secrets.token_bytes(NONCE_BYTES)
    return {
        "type": STANZA_TYPE,
        "ephemeral": b64(eph_raw),
        "nonce": b64(nonce),
        "wrapped_key": b64(AESGCM(kek).encrypt(nonce, data_key, aad)),
    }


def unwrap(stanza: dict[str, str], identity: Identity, aad: bytes) -> bytes:
    """The data key from a stanza made for ``identity``; ``WrapError`` otherwise."""
    if stanza.get("type") != STANZA_TYPE:
        raise WrapError(f"unknown stanza type {str(stanza.get('type'))[:20]!r}")
    try:
        eph_raw = unb64(stanza["ephemeral"], "stanza ephemeral key", KEY_BYTES)
        nonce = unb64(stanza["nonce"], "stanza nonce", NONCE_BYTES)
        sealed = unb64(stanza["wrapped_key"], "stanza wrapped key")
    except (KeyError, KeyError_) as exc:
        raise WrapError(f"malformed stanza ({exc})") from None
    try:
        shared = identity.private.exchange(X25519PublicKey.from_public_bytes(eph_raw))
    except ValueError:
        raise WrapError("stanza ephemeral key is a low-order point") from None
    kek = _wrap_key(shared, eph_raw, _raw(identity.public))
    try:
        key = AESGCM(kek).decrypt(nonce, sealed, aad)
    except InvalidTag:
        raise WrapError(
            "the wrapped data key does not open with this identity (another team's stanza, "
            "or the stanza was altered)"
        ) from None
    if len(key) != KEY_BYTES:
        raise WrapError("the wrapped data key has the wrong length")
    return key


def default_identity_path(home: Path, label: str) -> Path:
    """Where ``safeset keys team-init NAME`` puts a team's identity by default."""
    return home / "identities" / f"{label}.key"
