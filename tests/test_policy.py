"""policy: the loaded policy carries the digest of the very bytes it was parsed from."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from anonymizers.errors import PolicyError
from anonymizers.policy import DEFAULTS_DIGEST, Policy, load_policy

REPO = Path(__file__).resolve().parent.parent


def test_digest_is_taken_from_the_bytes_loaded_not_the_file_later(tmp_path: Path) -> None:
    path = tmp_path / "nightly.yaml"
    original = (REPO / "configs" / "default.yaml").read_bytes()
    path.write_bytes(original)
    policy = load_policy(path)
    assert policy.digest == "sha256:" + hashlib.sha256(original).hexdigest()
    # An edit an hour into a large run does not change what the run says it applied.
    path.write_bytes(original.replace(b"min_leak_length: 4", b"min_leak_length: 6"))
    assert policy.digest == "sha256:" + hashlib.sha256(original).hexdigest()
    assert load_policy(path).digest != policy.digest


def test_defaults_digest_is_that_of_no_bytes() -> None:
    assert load_policy(None).digest == Policy().digest == DEFAULTS_DIGEST
    assert "sha256:" + hashlib.sha256(b"").hexdigest() == DEFAULTS_DIGEST


def test_a_policy_file_cannot_set_its_own_digest(tmp_path: Path) -> None:
    path = tmp_path / "forged.yaml"
    path.write_text(f"_digest: {DEFAULTS_DIGEST}\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="invalid config"):
        load_policy(path)


def test_residual_limit_is_off_unless_set(tmp_path: Path) -> None:
    assert Policy().verification.residual_limit_per_10000 is None
    path = tmp_path / "strict.yaml"
    path.write_text("verification:\n  residual_limit_per_10000: 150\n", encoding="utf-8")
    assert load_policy(path).verification.residual_limit_per_10000 == 150
    path.write_text("verification:\n  residual_limit_per_10000: 20000\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="residual_limit_per_10000"):
        load_policy(path)


def test_default_config_file_matches_the_built_in_verification_defaults() -> None:
    assert load_policy(REPO / "configs" / "default.yaml").verification == Policy().verification


def _access_policy(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "access.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_access_teams_are_checked_when_the_policy_loads(tmp_path: Path) -> None:
    import base64
    import secrets

    key = base64.b64encode(secrets.token_bytes(32)).decode()
    ok = load_policy(_access_policy(tmp_path, f'access:\n  teams:\n    ml-platform: "{key}"\n'))
    assert ok.access.teams == {"ml-platform": key} and ok.access.output_mode == "umask"
    assert Policy().access.teams == {}  # no team granted: plain data, as before roles
    for body, message in (
        ('access:\n  teams:\n    ml-platform: "c2hvcnQ="\n', "32-byte X25519 public key"),
        ('access:\n  teams:\n    ml-platform: "not base64!"\n', "32-byte X25519 public key"),
        (f'access:\n  teams:\n    "ML Platform": "{key}"\n', "use a-z"),
        (f'access:\n  teams:\n    "ml\\n": "{key}"\n', "use a-z"),
        (f'access:\n  teams:\n    a: "{key}"\n    b: "{key}"\n', "same recipient key"),
        ("access:\n  output_mode: public\n", "access.output_mode"),
        (
            f'access:\n  teams:\n    a: "{key}"\nencryption:\n  enabled: true\n',
            "exclude each other",
        ),
    ):
        with pytest.raises(PolicyError, match=message):
            load_policy(_access_policy(tmp_path, body))
