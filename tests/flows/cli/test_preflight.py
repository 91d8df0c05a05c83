"""preflight: what `safeset run` refuses before it starts a Prefect server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from anonymizers.certify.keys import init_keys
from anonymizers.errors import InputError, KeyError_, PolicyError
from flows.cli.preflight import preflight

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "safeset-home"
    monkeypatch.setenv("SAFESET_HOME", str(home))
    monkeypatch.delenv("SAFESET_PSEUDONYM_KEY", raising=False)
    return home


@pytest.fixture
def export(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "customers.csv").write_text("customer_id,name\nC-1001,Ana Souza\n")
    return folder


def test_a_ready_home_passes_with_no_warning(home: Path, export: Path) -> None:
    init_keys(home)
    assert preflight([export], None, None) == []


def test_missing_key_policy_input_and_plan_are_refused(
    home: Path, export: Path, tmp_path: Path
) -> None:
    with pytest.raises(KeyError_, match="pseudonymisation key not found"):
        preflight([export], None, None)
    init_keys(home)
    bad = tmp_path / "policy.yaml"
    bad.write_text("detection:\n  score_treshold: 0.5\n")
    with pytest.raises(PolicyError, match="score_treshold"):
        preflight([export], bad, None)
    with pytest.raises(InputError, match="no such file"):
        preflight([tmp_path / "nowhere"], None, None)
    with pytest.raises(InputError, match="plan file not found"):
        preflight([export], None, tmp_path / "plan.yaml")
    opt_outs = tmp_path / "opt-outs.yaml"
    opt_outs.write_text(f"subjects:\n  opt_out_file: {tmp_path / 'consent.txt'}\n")
    with pytest.raises(InputError, match=r"consent\.txt: opt-out file not found"):
        preflight([export], opt_outs, None)


def test_a_signing_key_the_home_does_not_trust_is_refused(home: Path, export: Path) -> None:
    """Two homes: keys from one, trusted-keys file from another. The run would be signed
    by a key `safeset verify` refuses with this environment's file."""
    init_keys(home)
    trusted = home / "trusted_keys.json"
    other = init_keys(home.parent / "other-home")
    trusted.write_text(other.trusted_keys.read_text())
    with pytest.raises(KeyError_, match="is not trusted there"):
        preflight([export], None, None)
    trusted.unlink()
    (warning,) = preflight([export], None, None)
    assert "trusted_keys.json does not exist" in warning


def test_the_command_fails_in_a_second_without_a_server(home: Path, export: Path) -> None:
    env = {**os.environ, "SAFESET_HOME": str(home), "PREFECT_HOME": str(home / "prefect")}
    env.pop("PREFECT_API_URL", None)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli.app", "run", str(export), "--out", str(home / "out")],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    elapsed = time.perf_counter() - t0
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"safeset: error: {home}/keys/pseudonym.key: pseudonymisation key not found; run "
        "`safeset keys init` (or set SAFESET_PSEUDONYM_KEY to a hex key)"
    ]
    assert "server-start" not in proc.stderr and not (home / "out").exists()
    assert elapsed < 30, elapsed  # was 7 s and more: the server first, then the flow run
    assert proc.stdout == ""
