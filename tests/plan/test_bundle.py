"""bundle: a folder becomes a policy plus its tables, and every input problem surfaces
here, as a one-line SafesetError naming the file, before a run creates anything."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from anonymizers.detect.text import TextDetector
from anonymizers.errors import InputError, PlanDriftError, PolicyError
from anonymizers.plan.bundle import load_bundle, plan_bundle
from anonymizers.plan.columns import write_plan
from anonymizers.policy import Policy
from tests.helpers.engine_run import run_engine
from tests.helpers.northwind import EMPLOYEES_CSV, KEY, SURVEY


@pytest.fixture(scope="module")
def detector() -> TextDetector:
    return TextDetector(Policy())


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """An HR export folder: two tables, a README and the generator's notes."""
    folder = tmp_path / "hr_export"
    folder.mkdir()
    (folder / "README.md").write_text("# HR export\n\nemployees.csv and survey.jsonl, UTF-8.\n")
    (folder / "export-notes.txt").write_text("exported by hr-data-eng on 2025-06-30\n")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "employees.csv").write_text(EMPLOYEES_CSV, encoding="utf-8")
    (folder / "survey.jsonl").write_text("".join(json.dumps(r) + "\n" for r in SURVEY))
    return folder


def test_folder_loads_only_its_tables(export: Path) -> None:
    bundle = load_bundle([export], None)
    assert [t.name for t in bundle.tables] == ["employees", "survey"]
    assert [t.fmt for t in bundle.tables] == ["csv", "jsonl"]
    assert [t.rows for t in bundle.tables] == [5, len(SURVEY)]
    assert bundle.policy == Policy() and bundle.policy_path is None


def test_policy_file_is_loaded_and_kept(export: Path, tmp_path: Path) -> None:
    config = tmp_path / "hr-policy.yaml"
    config.write_text("operators:\n  EMAIL_ADDRESS: mask\nverification:\n  min_leak_length: 5\n")
    bundle = load_bundle([export / "employees.csv"], config)
    assert [t.name for t in bundle.tables] == ["employees"]
    assert bundle.policy.operator_for("EMAIL_ADDRESS") == "mask"
    assert bundle.policy.operator_for("PHONE_NUMBER") == "fake"
    assert bundle.policy.verification.min_leak_length == 5
    assert bundle.policy_path == config


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("detecton:\n  score_threshold: 0.5\n", "detecton"),  # typo: unknown key
        ("operators:\n  EMAIL_ADDRESS: scramble\n", "operators.EMAIL_ADDRESS"),
        ("operators: [fake, mask\n", "not valid YAML"),
        ("- fake\n- mask\n", "must be a mapping"),
    ],
)
def test_bad_config_is_a_policy_error_naming_the_file(
    export: Path, tmp_path: Path, text: str, needle: str
) -> None:
    config = tmp_path / "hr-policy.yaml"
    config.write_text(text)
    with pytest.raises(PolicyError) as err:
        load_bundle([export], config)
    message = str(err.value)
    assert "hr-policy.yaml" in message and needle in message
    assert "\n" not in message


def test_missing_config_is_a_policy_error(export: Path, tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"hr-policy\.yaml: config file not found"):
        load_bundle([export], tmp_path / "hr-policy.yaml")


def test_bad_table_is_an_input_error_without_cell_values(export: Path) -> None:
    (export / "survey.jsonl").write_text('{"employee_id": 1003, "comment": "Desmond was great"\n')
    with pytest.raises(InputError) as err:
        load_bundle([export], None)
    assert "survey.jsonl" in str(err.value) and "line 1" in str(err.value)
    assert "Desmond" not in str(err.value)


def test_two_tables_with_one_name_are_refused(export: Path, tmp_path: Path) -> None:
    other = tmp_path / "second_export"
    other.mkdir()
    (other / "employees.jsonl").write_text('{"employee_id": 2001}\n')
    with pytest.raises(InputError, match="table name 'employees'"):
        load_bundle([export, other], None)


@pytest.mark.model
def test_fresh_plan_covers_every_column(export: Path, detector: TextDetector) -> None:
    bundle = load_bundle([export], None)
    plan = plan_bundle(bundle, None, detector)
    assert not plan.frozen
    for table in bundle.tables:
        assert [d.column for d in plan.tables[table.name]] == table.df.columns
    kinds = {(d.table, d.column): (d.kind, d.entity) for d in plan.columns()}
    assert kinds[("employees", "email")] == ("entity", "EMAIL_ADDRESS")
    assert kinds[("survey", "comment")] == ("free_text", None)
    assert kinds[("employees", "department")] == ("safe", None)


@pytest.mark.model
def test_frozen_plan_is_used_and_drift_stops_the_run(
    export: Path, tmp_path: Path, detector: TextDetector
) -> None:
    bundle = load_bundle([export], None)
    frozen = tmp_path / "plan.yaml"
    write_plan(plan_bundle(bundle, None, detector), frozen)
    again = plan_bundle(bundle, frozen, detector)
    assert again.frozen
    assert again.columns() == plan_bundle(bundle, None, detector).columns()
    # A new column appears in the next export: it must not pass through unplanned.
    csv = EMPLOYEES_CSV.splitlines()
    rows = [csv[0] + ",home_city"] + [line + ",Naperville" for line in csv[1:]]
    (export / "employees.csv").write_text("\n".join(rows) + "\n")
    drifted = load_bundle([export], None)
    with pytest.raises(PlanDriftError, match="new column 'home_city'"):
        plan_bundle(drifted, frozen, detector)


@pytest.mark.model
def test_unusual_but_valid_exports_are_sanitised_end_to_end(tmp_path: Path) -> None:
    """A European Excel CSV (semicolons, CRLF, an unnamed trailing column, a trailing
    empty line) and a warehouse Parquet (dictionary-encoded names, a call duration).
    Before: the CSV was one column and the names Categorical, so both were certified
    with real values; the unnamed column crashed the transform and the duration the
    plan."""
    folder = tmp_path / "crm_export"
    folder.mkdir()
    people = [
        ("C-00042", "Ana", "Souza", "ana.souza@northwind-mail.com", "+1 415 555 0134"),
        ("C-00043", "Liam", "Whitcombe", "liam.whitcombe@northwind-mail.com", "(510) 555-0178"),
        ("C-00044", "Ngozi", "Adeyemi", "ngozi.adeyemi@northwind-mail.com", "415-555-0199"),
    ]
    lines = ["customer_id;first_name;last_name;email;phone;"]
    lines += [";".join(p) + ";" for p in people]
    (folder / "customers.csv").write_bytes(("\r\n".join(lines) + "\r\n\r\n").encode())
    pl.DataFrame(
        {
            "customer_id": [p[0] for p in people],
            "last_name": pl.Series([p[2] for p in people], dtype=pl.Categorical),
            "call_length": pl.Series([240, 95, 610]).cast(pl.Duration("ms")),
        }
    ).write_parquet(folder / "calls.parquet")

    run = run_engine(folder, tmp_path / "run", KEY)
    decisions = {(d.table, d.column): d.entity for d in run.plan.columns()}
    assert decisions[("customers", "email")] == "EMAIL_ADDRESS"
    assert decisions[("calls", "last_name")] == "LAST_NAME"
    assert run.out("customers").height == 3 and run.out("calls").height == 3
    checks = run.verification
    assert checks.passed, [c.name for c in checks.checks if not c.passed]
    out = run.data  # the files the engine wrote
    written = (out / "customers.csv").read_text()
    assert written.splitlines()[0] == "customer_id;first_name;last_name;email;phone;"
    written += str(pl.read_parquet(out / "calls.parquet").cast({"last_name": pl.String}).rows())
    for person in people:
        for value in person[1:]:
            assert value not in written
