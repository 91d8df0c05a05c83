"""End to end: the real `safeset run` CLI → real Prefect flow → real spaCy/Presidio, on the
sample bundle. One temporary Prefect server for the session (fixture `prefect_server`).

Sensitive values are listed here from the sample schema, independently of safeset's own
plan, and searched for in every byte the run writes.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from uuid import UUID

import polars as pl
import pytest
from prefect.client.schemas.objects import StateType
from typer.testing import CliRunner

from anonymizers.certify.attest import verify_run
from flows.cli.app import app
from tests.helpers.output_text import all_output_text

pytestmark = pytest.mark.slow

runner = CliRunner()

#: (file, column) pairs of the sample bundle that hold personal data.
SENSITIVE = {
    "employees.csv": ["first_name", "last_name", "email", "phone", "ssn", "street_address"],
    "customers.json": ["name", "contact.email", "contact.phone", "address.street"],
}


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["run", *args])
    return result.exit_code, result.stdout, result.stderr


def _read(path: Path) -> pl.DataFrame:
    from anonymizers.io.tables import read_table

    return read_table(path).df


def _sensitive_values(bundle: Path) -> set[str]:
    values: set[str] = set()
    for name, cols in SENSITIVE.items():
        df = _read(bundle / name)
        for col in cols:
            values.update(v for v in df[col].drop_nulls().cast(pl.String).to_list() if len(v) >= 4)
    return values


@pytest.fixture(scope="module")
def certified(
    prefect_server: None,
    safeset_home: Path,
    sample_bundle: Path,
    tmp_path_factory: pytest.TempPathFactory,
    outbound: list[tuple[str, object]],
) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("out")
    outbound.clear()
    code, stdout, stderr = _run(str(sample_bundle), "--config", "configs/default.yaml",
                                "--out", str(out), "--dataset", "hr")  # fmt: skip
    assert code == 0, stderr
    run_dir = Path(stdout.strip().splitlines()[-1])
    return out, run_dir


def test_certified_run_folder_layout_and_signature(
    certified: tuple[Path, Path], safeset_home: Path
) -> None:
    out, run_dir = certified
    assert run_dir.parent == out / "hr"
    for name in ("manifest.json", "SHA256SUMS", "attestation.intoto.jsonl", "report.md",
                 "report.html", "lineage/openlineage.jsonl", "plan.yaml"):  # fmt: skip
        assert (run_dir / name).is_file(), name
    inputs = sorted(p.name for p in Path("samples").iterdir() if p.suffix in
                    (".csv", ".jsonl", ".json", ".parquet"))  # fmt: skip
    assert sorted(p.name for p in (run_dir / "data").iterdir()) == inputs
    report = verify_run(run_dir, safeset_home / "trusted_keys.json")
    assert report.ok, report.reasons
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["status"] == "CERTIFIED"
    assert manifest["run"]["id"] == run_dir.name
    assert manifest["deidentification"]["claim"] == "pseudonymised"
    assert not [c["name"] for c in manifest["checks"] if c["status"] == "fail"]
    assert not list((out / ".staging").glob("*")) if (out / ".staging").exists() else True


def test_no_original_value_anywhere_in_the_run_folder(
    certified: tuple[Path, Path], sample_bundle: Path
) -> None:
    _, run_dir = certified
    # policy.yaml is the operator's config file kept byte for byte (a policy that lists
    # people is kept sealed instead); its comments may name anything (default.yaml's cite
    # "Chidinma" as an example), so it is compared with the file, not hunted in.
    default = Path(__file__).resolve().parents[2] / "configs" / "default.yaml"
    assert (run_dir / "policy.yaml").read_bytes() == default.read_bytes()
    text = all_output_text(run_dir, skip=("policy.yaml",))
    leaked = [v for v in _sensitive_values(sample_bundle) if v in text]
    assert not leaked, f"{len(leaked)} original values found in the run folder"


def test_rows_and_order_kept_and_foreign_keys_join(
    certified: tuple[Path, Path], sample_bundle: Path
) -> None:
    _, run_dir = certified
    for src in sample_bundle.iterdir():
        if src.suffix in (".csv", ".jsonl", ".json", ".parquet"):
            before, after = _read(src), _read(run_dir / "data" / src.name)
            assert after.height == before.height and after.columns == before.columns
    emp = _read(run_dir / "data" / "employees.csv")
    survey = _read(run_dir / "data" / "survey_responses.jsonl")
    ids = set(emp["employee_id"].to_list())
    assert set(survey["employee_id"].cast(pl.String).drop_nulls().to_list()) <= {
        str(i) for i in ids
    }
    managers = set(emp["manager_id"].drop_nulls().to_list())
    assert managers <= ids
    src_emp = _read(sample_bundle / "employees.csv")
    assert set(emp["employee_id"].to_list()).isdisjoint(src_emp["employee_id"].to_list())


def test_first_names_consistent_between_columns_and_free_text(
    certified: tuple[Path, Path], sample_bundle: Path
) -> None:
    """A colleague named in a comment gets the same fake as in the employees table."""
    _, run_dir = certified
    src_emp, out_emp = (
        _read(sample_bundle / "employees.csv"),
        _read(run_dir / "data" / "employees.csv"),
    )
    fake_first = dict(
        zip(src_emp["first_name"].to_list(), out_emp["first_name"].to_list(), strict=True)
    )
    src_s = _read(sample_bundle / "survey_responses.jsonl")["comment"].to_list()
    out_s = _read(run_dir / "data" / "survey_responses.jsonl")["comment"].to_list()
    checked = 0
    for before, after in zip(src_s, out_s, strict=True):
        for real, fake in fake_first.items():
            if before and re.search(rf"\b{re.escape(real)}\b", before):
                assert re.search(rf"\b{re.escape(fake)}\b", after), "first name not consistent"
                checked += 1
    assert checked >= 10


def test_same_key_same_output_other_key_different(
    certified: tuple[Path, Path],
    sample_bundle: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, run_dir = certified
    first = json.loads((run_dir / "manifest.json").read_text())["outputs"]["dataset_root"]
    code, stdout, stderr = _run(str(sample_bundle), "--config", "configs/default.yaml",
                                "--out", str(tmp_path / "again"), "--dataset", "hr")  # fmt: skip
    assert code == 0, stderr
    again = Path(stdout.strip().splitlines()[-1])
    assert json.loads((again / "manifest.json").read_text())["outputs"]["dataset_root"] == first
    monkeypatch.setenv(
        "SAFESET_PSEUDONYM_KEY", "5be0c2a7f3918d46e1b0a9c37d2f84e6b1c5093af7d2e8146ca3b9f05e7d21c8"
    )
    code, stdout, stderr = _run(str(sample_bundle), "--config", "configs/default.yaml",
                                "--out", str(tmp_path / "other"), "--dataset", "hr")  # fmt: skip
    assert code == 0, stderr
    other = Path(stdout.strip().splitlines()[-1])
    a = _read(run_dir / "data" / "employees.csv")["first_name"].to_list()
    b = _read(other / "data" / "employees.csv")["first_name"].to_list()
    assert sum(x != y for x, y in zip(a, b, strict=True)) > len(a) // 2


def test_run_made_no_outbound_connection(
    certified: tuple[Path, Path], outbound: list[tuple[str, object]]
) -> None:
    assert outbound == [], f"outbound network attempts: {sorted({h for h, _ in outbound})}"


def test_injected_leak_is_quarantined(
    bundle_copy: Path, tmp_path: Path, safeset_home: Path, prefect_server: None
) -> None:
    """A policy mistake that keeps the email column must not certify the dataset."""
    policy = tmp_path / "leaky.yaml"
    policy.write_text(Path("configs/default.yaml").read_text().replace(
        '"*.salary": {kind: safe}', '"*.salary": {kind: safe}\n  "employees.email": {kind: safe}'))  # fmt: skip
    out = tmp_path / "out"
    code, stdout, stderr = _run(str(bundle_copy), "--config", str(policy), "--out", str(out),
                                "--dataset", "hr")  # fmt: skip
    assert code == 1, stderr
    run_dir = Path(stdout.strip().splitlines()[-1])
    assert run_dir.parent == out / "quarantine" / "hr"
    assert not (out / "hr").exists()
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["status"] == "REJECTED"
    report = (run_dir / "report.md").read_text()
    emails = _read(bundle_copy / "employees.csv")["email"].to_list()
    assert "pattern_sweep" in report or "leak" in report
    assert not any(e in report for e in emails)
    assert not verify_run(run_dir, safeset_home / "trusted_keys.json").ok
    # Actionable: stderr names the failed checks and where, never a value ...
    failed = [c["name"] for c in manifest["checks"] if c["status"] == "fail"]
    assert failed and all(c["gating"] for c in manifest["checks"] if c["status"] == "fail")
    summary = [ln for ln in stderr.splitlines() if ln.startswith("safeset: ")]
    for name in failed:
        assert any(ln.startswith(f"safeset: failed check: {name} (") for ln in summary), stderr
    assert any(ln.startswith("safeset:   employees.email: ") and "EMAIL_ADDRESS" in ln
               for ln in summary), stderr  # fmt: skip
    assert not any(e in stderr for e in emails)
    assert stderr.strip().splitlines()[-1] == (
        f"safeset: run REJECTED; quarantined with its report at {run_dir}"
    )
    # ... and Prefect records the flow run as failed, not completed, and its summary
    # artifact shows each check's status and where the findings are.
    assert flow_run_state(run_dir.name) == StateType.FAILED
    summary_md = run_summary_artifact(run_dir.name)
    assert "| pattern_sweep | fail | yes |" in summary_md
    assert "## Why the run was rejected" in summary_md and "employees.email" in summary_md
    assert not any(e in summary_md for e in emails)


def flow_run_state(run_id: str) -> StateType:
    """The state type Prefect's API holds for a run (the run id is the flow run's id)."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(UUID(run_id)).state.type


def run_summary_artifact(run_id: str) -> str:
    """The markdown of a flow run's ``run-summary`` artifact (flows/artifacts.py), from the
    API itself (Prefect 3.8's client sends nulls the artifact filter endpoint refuses)."""
    import httpx
    from prefect.settings import PREFECT_API_URL

    query = {"artifacts": {"key": {"any_": ["run-summary"]},
                           "flow_run_id": {"any_": [run_id]}}, "limit": 5}  # fmt: skip
    response = httpx.post(f"{PREFECT_API_URL.value()}/artifacts/filter", json=query, timeout=30)
    response.raise_for_status()
    [artifact] = response.json()
    return str(artifact["data"])


def test_certified_run_is_a_completed_flow_run(certified: tuple[Path, Path]) -> None:
    _, run_dir = certified
    assert flow_run_state(run_dir.name) == StateType.COMPLETED
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert all(c["status"] != "fail" and c["measured"] and c["reason"] for c in manifest["checks"])


def _assert_rejected_cleanly(args: list[str], out: Path, expect: str) -> None:
    code, stdout, stderr = _run(*args, "--out", str(out))
    assert code == 2, (stdout, stderr)
    line = stderr.strip().splitlines()[-1]
    assert expect in line, line
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(
    ("filename", "content", "expect"),
    [
        ("employees.csv", b"", "file is empty"),
        ("employees.csv", "first_name\nJos\u00e9\n".encode("latin-1"), "not valid UTF-8"),
        ("customers.json", b'[{"name": "Ana Souza",', "not valid JSON"),
        ("support_tickets.parquet", b"not a parquet file", "not a valid Parquet file"),
    ],
)
def test_bad_input_exit_2_and_empty_output(
    bundle_copy: Path, tmp_path: Path, safeset_home: Path, prefect_server: None,
    filename: str, content: bytes, expect: str,
) -> None:  # fmt: skip
    (bundle_copy / filename).write_bytes(content)
    _assert_rejected_cleanly([str(bundle_copy)], tmp_path / "out", f"{filename}: {expect}")


def test_bad_config_and_missing_input_exit_2(
    bundle_copy: Path, tmp_path: Path, safeset_home: Path, prefect_server: None
) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_text("detection:\n  score_treshold: 0.5\n")
    _assert_rejected_cleanly([str(bundle_copy), "--config", str(bad)], tmp_path / "o1",
                             "invalid config at 'detection.score_treshold'")  # fmt: skip
    _assert_rejected_cleanly([str(tmp_path / "nowhere")], tmp_path / "o2", "no such file")


def test_output_root_in_the_way_is_a_clear_error(
    bundle_copy: Path, tmp_path: Path, safeset_home: Path, prefect_server: None
) -> None:
    blocker = tmp_path / "exports.tar"
    blocker.write_bytes(b"an archive the user keeps here")
    for out in (blocker, blocker / "nightly"):
        expect = f"{blocker} is a file, not a folder"  # said before Prefect even starts
        code, stdout, stderr = _run(str(bundle_copy), "--out", str(out))
        assert code == 2, (stdout, stderr)
        assert expect in stderr.strip().splitlines()[-1]
        assert "internal failure" not in stderr
    assert blocker.read_bytes() == b"an archive the user keeps here"


def test_frozen_plan_blocks_a_new_and_a_dropped_column(
    bundle_copy: Path, tmp_path: Path, safeset_home: Path, prefect_server: None
) -> None:
    """A dropped column used to end in a ColumnNotFoundError traceback and exit 3."""
    plan = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["plan", str(bundle_copy), "--output", str(plan)])
    assert result.exit_code == 0, result.stderr
    emp = bundle_copy / "employees.csv"
    df = pl.read_csv(emp, infer_schema=False)
    df.drop("phone").write_csv(emp)
    _assert_rejected_cleanly([str(bundle_copy), "--plan", str(plan)], tmp_path / "out",
                             "employees.csv: column 'phone' of the frozen plan is missing")  # fmt: skip
    df.with_columns(pl.lit("12 Harbor Way").alias("home_address")).write_csv(emp)
    _assert_rejected_cleanly([str(bundle_copy), "--plan", str(plan)], tmp_path / "out",
                             "new column 'home_address'")  # fmt: skip
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
