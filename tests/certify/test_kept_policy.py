"""The policy a run applied is kept in its folder: readable when it names no one, sealed
under the pseudonymisation key when it lists people, and given back only as the bytes
the manifest's digest names."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

import pytest

from anonymizers.certify import kept_policy
from anonymizers.errors import SafesetError
from anonymizers.policy import load_policy

KEY = secrets.token_bytes(32)


def _policy(tmp_path: Path, text: str):
    path = tmp_path / "policy.src.yaml"
    path.write_text(text)
    return load_policy(path), "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def test_a_policy_that_names_no_one_is_kept_readable(tmp_path: Path) -> None:
    policy, digest = _policy(tmp_path, "version: 1\nlocale: nl_NL\n")
    run = tmp_path / "run"
    run.mkdir()
    assert kept_policy.keep_policy(run, policy, KEY) == "policy.yaml"
    assert kept_policy.restore_policy(run, KEY, digest, tmp_path / "s") == run / "policy.yaml"


def test_a_policy_listing_people_is_sealed(tmp_path: Path) -> None:
    text = ("version: 1\nsubjects:\n  opt_out_ids: [CUS-448120]\n"
            "detection:\n  deny_list:\n    PERSON: [Radka Novotna]\n")  # fmt: skip
    policy, digest = _policy(tmp_path, text)
    run = tmp_path / "run"
    run.mkdir()
    assert kept_policy.keep_policy(run, policy, KEY) == "policy.yaml.sealed"
    raw = (run / "policy.yaml.sealed").read_bytes()
    assert (
        b"cus-448120" not in raw.lower()
        and b"Novotna" not in raw
        and not (run / "policy.yaml").exists()
    )
    opened = kept_policy.restore_policy(run, KEY, digest, tmp_path / "s")
    assert opened.read_text() == text and opened.stat().st_mode & 0o077 == 0
    with pytest.raises(SafesetError, match="does not open"):
        kept_policy.restore_policy(run, secrets.token_bytes(32), digest, tmp_path / "t")
    with pytest.raises(SafesetError, match="not the one its manifest names"):
        kept_policy.restore_policy(run, KEY, "sha256:" + "0" * 64, tmp_path / "u")
