"""Keys: permissions, separation of the two secrets, refusal to overwrite, key ids,
the pseudonymisation key's sources in order, the trusted-keys file and rotation."""

from __future__ import annotations

import hashlib
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify import keys
from anonymizers.errors import KeyError_, SafesetError
from anonymizers.policy import KeysConfig


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_keys_files_and_permissions(tmp_path: Path) -> None:
    made = keys.init_keys(tmp_path / "home")
    assert _mode(made.signing_key.parent) == 0o700
    for path in (made.signing_key, made.signing_pub, made.pseudonym_key):
        assert _mode(path) == 0o600, path
    private = keys.load_signing_key(made.signing_key)
    assert made.signing_key.read_text().startswith("-----BEGIN PRIVATE KEY-----")  # PKCS8
    pub_pem = made.signing_pub.read_text()
    assert pub_pem == keys.public_pem(private.public_key())
    assert made.key_id == keys.key_id(private.public_key())
    pseudonym = keys.load_pseudonym_key(KeysConfig(pseudonym_key_env="NO_SUCH_VAR_X"), made.home)
    assert len(pseudonym) == 32
    raw_sign = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    assert pseudonym != raw_sign  # two separate secrets


def test_trusted_keys_file_lists_public_key_only(tmp_path: Path) -> None:
    made = keys.init_keys(tmp_path / "home", demo=True)
    doc = json.loads(made.trusted_keys.read_text())
    (entry,) = doc["keys"]
    assert set(entry) == {"keyid", "public_key_pem", "valid_from", "valid_until", "comment"}
    assert entry["keyid"] == made.key_id
    assert entry["valid_until"] is None
    assert "DEMO" in entry["comment"]
    secret_hex = made.pseudonym_key.read_text().strip()
    text = made.trusted_keys.read_text()
    assert secret_hex not in text and "PRIVATE" not in text
    (loaded,) = keys.load_trusted_keys(made.trusted_keys)
    assert loaded.keyid == made.key_id and loaded.valid_at(datetime.now(UTC))


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = keys.init_keys(home)
    before = first.pseudonym_key.read_bytes()
    with pytest.raises(SafesetError, match="refusing to overwrite"):
        keys.init_keys(home)
    assert first.pseudonym_key.read_bytes() == before
    second = keys.init_keys(home, force=True)
    assert second.pseudonym_key.read_bytes() != before
    trusted = keys.load_trusted_keys(second.trusted_keys)
    assert [k.keyid for k in trusted] == [first.key_id, second.key_id]
    assert trusted[0].valid_until is not None  # the replaced key is retired, not forgotten


def test_key_id_is_sha256_of_raw_public_key() -> None:
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    assert len(raw) == 32
    assert keys.key_id(private.public_key()) == hashlib.sha256(raw).hexdigest()
    assert keys.key_id(private.public_key()) != keys.key_id(
        Ed25519PrivateKey.generate().public_key()
    )


def test_pseudonym_key_id_identifies_without_revealing() -> None:
    key = bytes.fromhex("7d1f0c5a9e3b2d4c6a8f0e1d3c5b7a9f2e4d6c8b0a1f3e5d7c9b1a3f5e7d9c0b")
    kid = keys.pseudonym_key_id(key)
    assert len(kid) == 16 and int(kid, 16) >= 0
    assert kid == keys.pseudonym_key_id(key)
    assert kid != keys.pseudonym_key_id(key[:-1] + b"\x00")
    assert kid not in key.hex() and kid != hashlib.sha256(key).hexdigest()[:16]


def test_pseudonym_key_sources_in_order(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    made = keys.init_keys(home)
    home_key = bytes.fromhex(made.pseudonym_key.read_text())
    policy_file = tmp_path / "vault" / "hr.key"
    policy_file.parent.mkdir()
    policy_file.write_text("3f9a0c7e1b5d2846ae0f7c3b9d1e5a2c48b6f0d3e7a9c1b5f2d4068e9a3c7b1d\n")
    policy_file.chmod(0o600)
    cfg = KeysConfig(pseudonym_key_env="HR_PSEUDONYM_KEY", pseudonym_key_file=policy_file)
    monkeypatch.delenv("HR_PSEUDONYM_KEY", raising=False)
    assert keys.load_pseudonym_key(KeysConfig(pseudonym_key_env="HR_PSEUDONYM_KEY"), home) == (
        home_key
    )
    assert keys.load_pseudonym_key(cfg, home) == bytes.fromhex(
        "3f9a0c7e1b5d2846ae0f7c3b9d1e5a2c48b6f0d3e7a9c1b5f2d4068e9a3c7b1d"
    )
    monkeypatch.setenv(
        "HR_PSEUDONYM_KEY", "c41e8a2f6b0d93757e1c5a9f3b0d2e8c6a4f1b7d9e3c5a0f2b8d6e4c1a7f9b03"
    )
    assert keys.load_pseudonym_key(cfg, home) == bytes.fromhex(
        "c41e8a2f6b0d93757e1c5a9f3b0d2e8c6a4f1b7d9e3c5a0f2b8d6e4c1a7f9b03"
    )


def test_missing_and_bad_pseudonym_key_messages(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SAFESET_PSEUDONYM_KEY", raising=False)
    with pytest.raises(KeyError_, match="safeset keys init") as err:
        keys.load_pseudonym_key(KeysConfig(), tmp_path / "empty-home")
    assert "\n" not in str(err.value) and err.value.exit_code == 2
    secret = "not-hex-but-a-secret-passphrase-Okafor"
    monkeypatch.setenv("SAFESET_PSEUDONYM_KEY", secret)
    with pytest.raises(KeyError_, match="SAFESET_PSEUDONYM_KEY") as err:
        keys.load_pseudonym_key(KeysConfig(), tmp_path)
    assert secret not in str(err.value)
    monkeypatch.setenv("SAFESET_PSEUDONYM_KEY", "abcd")
    with pytest.raises(KeyError_, match="too short"):
        keys.load_pseudonym_key(KeysConfig(), tmp_path)


def test_missing_signing_key_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(KeyError_, match="safeset keys init"):
        keys.load_signing_key(tmp_path / "keys" / "signing.key")
    wrong = tmp_path / "rsa.pem"
    wrong.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    wrong.chmod(0o600)
    with pytest.raises(KeyError_, match="not an unencrypted PEM"):
        keys.load_signing_key(wrong)


def test_safeset_home_from_env(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SAFESET_HOME", str(tmp_path / "h"))
    assert keys.safeset_home() == tmp_path / "h"
    monkeypatch.delenv("SAFESET_HOME")
    assert keys.safeset_home() == Path("~/.safeset").expanduser()


def test_rotation_keeps_pseudonym_key_and_closes_old_window(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = keys.init_keys(home)
    pseudonym = first.pseudonym_key.read_bytes()
    second = keys.rotate_signing_key(home)
    assert second.key_id != first.key_id
    assert second.pseudonym_key.read_bytes() == pseudonym
    old, new = keys.load_trusted_keys(second.trusted_keys)
    assert old.keyid == first.key_id and new.keyid == second.key_id
    assert old.valid_until is not None and new.valid_until is None
    later = datetime.now(UTC) + timedelta(minutes=1)
    assert not old.valid_at(later) and new.valid_at(later)
    assert old.valid_from <= old.valid_until  # closed at rotation time, inclusive
    assert old.valid_at(old.valid_until) and old.valid_at(old.valid_from)
    assert not old.valid_at(old.valid_until + timedelta(seconds=1))


def test_trusted_keys_file_with_wrong_keyid_is_rejected(tmp_path: Path) -> None:
    made = keys.init_keys(tmp_path / "home")
    doc = json.loads(made.trusted_keys.read_text())
    doc["keys"][0]["keyid"] = "0" * 64
    made.trusted_keys.write_text(json.dumps(doc))
    with pytest.raises(KeyError_, match="keyid does not match"):
        keys.load_trusted_keys(made.trusted_keys)
    made.trusted_keys.write_text("{not json")
    with pytest.raises(KeyError_, match="unreadable"):
        keys.load_trusted_keys(made.trusted_keys)


@pytest.mark.parametrize(
    ("hex_key", "why"),
    [
        ("00" * 32, "all zero"),
        ("11" * 32, "only 1 distinct byte values"),
        ("ab" * 32, "only 1 distinct"),
        ("0123456789abcdef" * 4, "only 8 distinct"),
        (b"correct horse battery staple!!!!".hex(), "only 14 distinct"),
        ("5be0c2a7f3918d46e1b0a9c37d2f84e6", "too short"),  # 16 random bytes
    ],
)
def test_weak_pseudonym_keys_are_refused_without_echo(
    tmp_path: Path, monkeypatch, hex_key: str, why: str
) -> None:
    monkeypatch.setenv("SAFESET_PSEUDONYM_KEY", hex_key)
    with pytest.raises(KeyError_) as err:
        keys.load_pseudonym_key(KeysConfig(), tmp_path)
    message = str(err.value)
    assert why in message and err.value.exit_code == 2 and "\n" not in message
    assert hex_key not in message and hex_key[:8] not in message
    # The same key in a private file is refused the same way.
    monkeypatch.delenv("SAFESET_PSEUDONYM_KEY")
    path = tmp_path / "weak.key"
    path.write_text(hex_key + "\n")
    path.chmod(0o600)
    with pytest.raises(KeyError_, match=why):
        keys.load_pseudonym_key(KeysConfig(pseudonym_key_file=path), tmp_path)


def test_a_fresh_key_is_never_refused_as_weak(tmp_path: Path) -> None:
    for n in range(20):
        made = keys.init_keys(tmp_path / f"home-{n}")
        assert len(keys.load_pseudonym_key(KeysConfig(pseudonym_key_env=""), made.home)) == 32


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660])
def test_key_files_others_can_read_are_refused(tmp_path: Path, monkeypatch, mode: int) -> None:
    """Refused, not silently fixed: a key others could read may be copied already."""
    monkeypatch.delenv("SAFESET_PSEUDONYM_KEY", raising=False)
    made = keys.init_keys(tmp_path / "home")
    for path, load in (
        (made.pseudonym_key, lambda: keys.load_pseudonym_key(KeysConfig(), made.home)),
        (made.signing_key, lambda: keys.load_signing_key(made.signing_key)),
    ):
        path.chmod(mode)
        with pytest.raises(KeyError_, match=f"mode {mode:04o}") as err:
            load()
        assert "chmod 600" in str(err.value) and err.value.exit_code == 2
        assert path.read_text().strip()[:16] not in str(err.value)
        path.chmod(0o600)
        load()  # owner-only again: accepted
