"""End to end, through `safeset run` and the real Prefect flow: the AI-policy promises.

Opt-outs (no trace of the subject), deletion requests (forget → revoked → verify fails →
pull refused; the rebuild: tests/flows/test_deletion_flow.py), pulling with an access log, encryption at
rest, per-subject date shifts, k-anonymity and the fairness report.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from anonymizers.certify.recipients import load_identity
from anonymizers.io.tables import read_table
from flows.cli.app import app
from tests.helpers.output_text import all_output_text

pytestmark = pytest.mark.slow
runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]
EMPLOYEE = "1044"  # an employee of samples/ with a phone, an SSN and a mention in a comment


def _policy(tmp_path: Path, *, encrypt: bool = False) -> Path:
    text = (REPO / "configs" / "governance.example.yaml").read_text()
    text = text.replace(
        "opt_out_file: configs/opt_outs.example.txt", f"opt_out_file: {tmp_path / 'opt_outs.txt'}"
    )
    if encrypt:
        text = text.replace("enabled: false   # true", "enabled: true   # true")
    (tmp_path / "opt_outs.txt").write_text(f"# opted out\n{EMPLOYEE}\n")
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    return path


def _run(*args: str) -> Path:
    result = runner.invoke(app, ["run", *args])
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def governed(
    prefect_server: None, safeset_home: Path, sample_bundle: Path, tmp_path_factory
) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("gov")
    policy = _policy(tmp)
    out = tmp / "out"
    run_dir = _run(
        str(sample_bundle), "--config", str(policy), "--out", str(out), "--dataset", "hr"
    )
    return out, run_dir, policy


def test_opted_out_employee_appears_nowhere(governed, sample_bundle: Path) -> None:
    _, run_dir, _ = governed
    emp = read_table(sample_bundle / "employees.csv").df.filter(pl.col("employee_id") == EMPLOYEE)
    personal = [emp[c][0] for c in ("first_name", "last_name", "email", "phone", "ssn")]
    text = all_output_text(run_dir)
    assert not [v for v in personal if v in text]
    manifest = json.loads((run_dir / "manifest.json").read_text())
    excluded = {
        e["table"]: e["rows_excluded"] for e in manifest["exclusions"] if e["reason"] == "opt-out"
    }
    assert excluded["employees"] == 1 and excluded["survey_responses"] >= 1
    survey = read_table(sample_bundle / "survey_responses.jsonl").df
    out_survey = read_table(run_dir / "data" / "survey_responses.jsonl").df
    all_excluded = sum(
        e["rows_excluded"] for e in manifest["exclusions"] if e["table"] == "survey_responses"
    )
    assert out_survey.height == survey.height - all_excluded
    assert f'"{EMPLOYEE}"' not in json.dumps(manifest)


def test_dates_shift_per_subject_and_keep_intervals(governed, sample_bundle: Path) -> None:
    _, run_dir, _ = governed
    src = read_table(sample_bundle / "employees.csv").df.filter(pl.col("employee_id") != EMPLOYEE)
    out = read_table(run_dir / "data" / "employees.csv").df
    manifest = json.loads((run_dir / "manifest.json").read_text())
    suppressed = sum(
        e["rows_excluded"]
        for e in manifest["exclusions"]
        if e["table"] == "employees" and "k-anon" in e["reason"]
    )
    if suppressed == 0:
        assert out.height == src.height
        hired_before = src["hire_date"].str.to_date()
        hired_after = out["hire_date"].str.to_date()
        shift = (hired_after - hired_before).dt.total_days()
        assert (shift != 0).all() and (shift.abs() <= 120).all()
        assert (shift % 7 == 0).all()  # keep_weekday
        assert out["date_of_birth"].str.len_chars().max() == 4  # birth dates → year
    assert manifest["date_shift"]["technique"] == "randomisation"
    tickets_in = read_table(sample_bundle / "support_tickets.parquet").df
    tickets_out = read_table(run_dir / "data" / "support_tickets.parquet").df
    assert (
        tickets_out["created_at"].to_list()
        != tickets_in["created_at"].to_list()[: tickets_out.height]
    )


def test_k_anonymity_and_fairness_are_reported(governed) -> None:
    _, run_dir, _ = governed
    manifest = json.loads((run_dir / "manifest.json").read_text())
    risk = manifest["risk"]["tables"][0]
    assert risk["table"] == "employees" and risk["k_achieved"] >= 2
    assert {c["name"]: c["passed"] for c in manifest["checks"]}["k_anonymity"] is True
    assert manifest["fairness"]["keep_locale_mix"] is True
    fair = manifest["fairness"]["columns"]
    assert fair and all(abs(c["max_gender_shift_pp"]) <= 25 for c in fair)
    assert all(abs(c["max_locale_shift_pp"]) <= 25 for c in fair)
    report = (run_dir / "report.md").read_text()
    assert "Re-identification risk" in report and "Fairness of fakes" in report


def test_pull_logs_access_and_forget_revokes(governed, tmp_path: Path, safeset_home: Path) -> None:
    out, run_dir, _ = governed
    dest = tmp_path / "pulled"
    pulled = runner.invoke(app, ["pull", "hr", "--to", str(dest), "--out", str(out)])
    assert pulled.exit_code == 0, pulled.stderr
    assert sorted(p.name for p in dest.rglob("*") if p.is_file()) == sorted(
        p.name for p in (run_dir / "data").iterdir()
    )
    log = [json.loads(line) for line in (out / "access.jsonl").read_text().splitlines()]
    assert log[-1]["run_id"] == run_dir.name
    # A deletion request for a customer the dataset was built from.
    src_customers = read_table(REPO / "samples" / "customers.json").df
    subject = src_customers["customer_id"][0]
    forgot = runner.invoke(app, ["forget", subject, "--out", str(out)])
    assert forgot.exit_code == 0, forgot.stderr
    assert subject not in forgot.stdout + forgot.stderr
    verified = runner.invoke(app, ["verify", str(run_dir)])
    assert verified.exit_code == 1
    refused = runner.invoke(app, ["pull", "hr", "--to", str(tmp_path / "again"), "--out", str(out)])
    assert refused.exit_code == 1
    assert subject not in (out / "ledger.jsonl").read_text()


def test_encrypted_outputs_need_the_key(
    prefect_server: None, safeset_home: Path, sample_bundle: Path, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["keys", "init-data"]).exit_code in (0, 1)
    policy = _policy(tmp_path, encrypt=True)
    out = tmp_path / "out"
    run_dir = _run(
        str(sample_bundle), "--config", str(policy), "--out", str(out), "--dataset", "enc"
    )
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["encryption"]["algorithm"] == "AES-256-GCM"
    assert (run_dir / "data" / "employees.csv.enc").exists()
    with pytest.raises(Exception):  # noqa: B017 - any pyarrow/polars error: no key, no data
        pl.read_parquet(run_dir / "data" / "support_tickets.parquet")
    assert runner.invoke(app, ["verify", str(run_dir)]).exit_code == 0
    dest = tmp_path / "pulled"
    pulled = runner.invoke(app, ["pull", "enc", "--to", str(dest), "--out", str(out),
                                 "--config", str(policy)])  # fmt: skip
    assert pulled.exit_code == 0, pulled.stderr
    assert read_table(dest / "employees.csv").rows > 0


def test_excluded_subject_never_becomes_a_prefect_parameter(
    prefect_server: None, safeset_home: Path, sample_bundle: Path, tmp_path: Path
) -> None:
    """Prefect keeps every flow run's parameters in its database: an id given with
    --exclude-subject must reach the flow some other way, and still be excluded."""
    from prefect.client.orchestration import get_client

    from anonymizers.certify.keys import load_pseudonym_key
    from anonymizers.governance.subject_index import lookup
    from anonymizers.policy import KeysConfig

    subject = read_table(REPO / "samples" / "customers.json").df["customer_id"][2]
    run_dir = _run(str(sample_bundle), "--config", str(_policy(tmp_path)), "--out",
                   str(tmp_path / "out"), "--exclude-subject", subject)  # fmt: skip
    manifest = json.loads((run_dir / "manifest.json").read_text())
    key = load_pseudonym_key(KeysConfig(), safeset_home)
    assert lookup(run_dir, manifest["subject_index"], key, subject) is False
    with get_client(sync_client=True) as client:
        stored = client.read_flow_run(manifest["run"]["id"]).parameters
    assert subject not in json.dumps(stored)


def test_access_by_role_end_to_end(
    prefect_server: None, safeset_home: Path, sample_bundle: Path, tmp_path: Path
) -> None:
    """The engineer runs with a policy granting one team; the auditor verifies with no
    key; the granted team pulls; another team is refused (exit 2, nothing copied)."""
    import stat

    ids = {team: tmp_path / "teams" / f"{team}.key" for team in ("ml-platform", "bi-reporting")}
    for team, path in ids.items():
        assert runner.invoke(app, ["keys", "team-init", team, "-i", str(path)]).exit_code == 0
    ml = load_identity(ids["ml-platform"])
    policy = _policy(tmp_path)
    text = policy.read_text()
    assert "  teams: {}\n" in text and "output_mode: umask" in text
    policy.write_text(
        text.replace("  teams: {}\n", f'  teams:\n    ml-platform: "{ml.recipient}"\n').replace(
            "output_mode: umask", "output_mode: group"
        )
    )
    out = tmp_path / "out"
    run_dir = _run(str(sample_bundle), "--config", str(policy), "--out", str(out),
                   "--dataset", "crm")  # fmt: skip
    data = sorted(p.name for p in (run_dir / "data").iterdir())
    assert data and all(name.endswith(".enc") for name in data), data
    assert (run_dir / "grants.json").is_file()
    modes = {stat.S_IMODE(p.stat().st_mode) for p in run_dir.rglob("*") if p.is_file()}
    assert modes == {0o640} and stat.S_IMODE(out.stat().st_mode) == 0o750
    assert "ml-platform" in (run_dir / "report.md").read_text()

    verified = runner.invoke(app, ["verify", str(run_dir)])  # the auditor's command
    assert verified.exit_code == 0 and "data sealed for: ml-platform" in verified.stdout
    refused = runner.invoke(app, ["pull", "crm", "--to", str(tmp_path / "bi"), "--out", str(out),
                                  "--identity", str(ids["bi-reporting"])])  # fmt: skip
    assert refused.exit_code == 2 and "is not granted" in refused.stderr
    assert not (tmp_path / "bi").exists()
    dest = tmp_path / "ml"
    pulled = runner.invoke(app, ["pull", "crm", "--to", str(dest), "--out", str(out),
                                 "--identity", str(ids["ml-platform"])])  # fmt: skip
    assert pulled.exit_code == 0, pulled.stderr
    assert sorted(p.name + ".enc" for p in dest.iterdir()) == data
    assert read_table(dest / "employees.csv").rows > 0
