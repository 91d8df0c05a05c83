"""recipients: a data key wrapped for one team's X25519 recipient opens with that team's
identity only, and identity files are private and refused when they are not."""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from pathlib import Path

import pytest

from anonymizers.certify import recipients
from anonymizers.errors import KeyError_

AAD = b"safeset-grant-v1\x00run-7f3a\x00crm_export\x00ml-platform"


def test_wrap_opens_with_the_recipients_identity_only() -> None:
    team, other = recipients.new_identity("ml-platform"), recipients.new_identity("bi-reporting")
    data_key = secrets.token_bytes(32)
    stanza = recipients.wrap(data_key, team.public, AAD)
    assert set(stanza) == {"type", "ephemeral", "nonce", "wrapped_key"}
    assert data_key.hex() not in str(stanza)
    assert recipients.unwrap(stanza, team, AAD) == data_key
    with pytest.raises(recipients.WrapError, match="does not open with this identity"):
        recipients.unwrap(stanza, other, AAD)
    # the stanza is bound to its run, dataset and team: moved elsewhere it does not open
    with pytest.raises(recipients.WrapError):
        recipients.unwrap(stanza, team, AAD.replace(b"run-7f3a", b"run-0001"))
    # two wraps of one key for one team share nothing (fresh ephemeral key and nonce)
    again = recipients.wrap(data_key, team.public, AAD)
    assert (
        again["ephemeral"] != stanza["ephemeral"] and again["wrapped_key"] != stanza["wrapped_key"]
    )


def test_altered_stanza_and_low_order_keys_are_refused() -> None:
    team = recipients.new_identity("ml-platform")
    stanza = recipients.wrap(secrets.token_bytes(32), team.public, AAD)
    sealed = bytearray(recipients.unb64(stanza["wrapped_key"], "wrapped"))
    sealed[3] ^= 1
    with pytest.raises(recipients.WrapError):
        recipients.unwrap({**stanza, "wrapped_key": recipients.b64(bytes(sealed))}, team, AAD)
    with pytest.raises(recipients.WrapError, match="malformed"):
        recipients.unwrap({**stanza, "nonce": "not base64!"}, team, AAD)
    # the all-zero point gives an all-zero shared secret: refused, not used as a key
    zero = recipients.parse_recipient(recipients.b64(bytes(32)))
    with pytest.raises(recipients.WrapError, match="low-order"):
        recipients.wrap(secrets.token_bytes(32), zero, AAD)
    with pytest.raises(recipients.WrapError, match="low-order"):
        recipients.unwrap({**stanza, "ephemeral": recipients.b64(bytes(32))}, team, AAD)


def test_recipient_text_and_fingerprint_are_recomputable_from_the_policy() -> None:
    team = recipients.new_identity("ml-platform")
    text = team.recipient
    assert len(recipients.unb64(text, "recipient")) == 32
    assert recipients.fingerprint(recipients.parse_recipient(text)) == team.fingerprint
    assert team.fingerprint == hashlib.sha256(recipients.unb64(text, "r")).hexdigest()
    with pytest.raises(KeyError_, match="must be 32 bytes"):
        recipients.parse_recipient(recipients.b64(b"short"))


def test_identity_file_is_private_and_round_trips(tmp_path: Path) -> None:
    team = recipients.new_identity("ml-platform")
    where = tmp_path / "home" / "ids" / "ml.key"
    path = recipients.write_identity(team, where, "2026-12-04T19:00:00Z")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
    text = path.read_text()
    assert f"# recipient: {team.recipient}" in text and "# team: ml-platform" in text
    loaded = recipients.load_identity(path)
    assert loaded.fingerprint == team.fingerprint and loaded.label == "ml-platform"
    with pytest.raises(KeyError_, match="already exists"):
        recipients.write_identity(recipients.new_identity("x"), path, "2026-12-04T19:00:00Z")
    assert recipients.load_identity(path).fingerprint == team.fingerprint  # unchanged

    os.chmod(path, 0o640)
    with pytest.raises(KeyError_, match=r"readable by group or others \(mode 0640\)"):
        recipients.load_identity(path)
    os.chmod(path, 0o600)
    path.write_text("# just a comment\n")
    os.chmod(path, 0o600)
    with pytest.raises(KeyError_, match="not a safeset identity file"):
        recipients.load_identity(path)
    with pytest.raises(KeyError_, match="team-init"):
        recipients.load_identity(tmp_path / "missing.key")
