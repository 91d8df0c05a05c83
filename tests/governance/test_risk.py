"""Re-identification risk: QI proposal, generalisation, k-anonymity, l-diversity, suppression."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from anonymizers.errors import PolicyError
from anonymizers.governance.risk import (
    assess,
    generalise,
    propose_quasi_identifiers,
    rules_for,
)
from anonymizers.policy import GeneraliseRule, RiskConfig

QIS = ["postcode", "date_of_birth", "gender"]


@pytest.fixture(scope="module")
def employees() -> pl.DataFrame:
    return pl.read_csv("samples/employees.csv", infer_schema=False)


def _brute_min_group(df: pl.DataFrame, cols: list[str]) -> int:
    """Independent count with plain Python, to check the polars group-by."""
    counts: dict[tuple, int] = {}
    for row in df.select(cols).iter_rows():
        counts[row] = counts.get(row, 0) + 1
    return min(counts.values())


def test_propose_quasi_identifiers(employees: pl.DataFrame) -> None:
    cols = [*employees.columns, "address.postcode", "jobTitle", "ticket_title", "message"]
    got = propose_quasi_identifiers(cols)
    for c in ("postcode", "date_of_birth", "gender", "job_title", "department", "city"):
        assert c in got
    assert "address.postcode" in got and "jobTitle" in got
    for c in ("first_name", "email", "salary", "ticket_title", "message", "employee_id"):
        assert c not in got
    assert got == [c for c in cols if c in got]  # input order kept


def test_raw_sample_is_not_k_anonymous(employees: pl.DataFrame) -> None:
    r = assess(employees, QIS, "department", k=5)
    assert r["rows"] == employees.height
    assert r["k_achieved"] == _brute_min_group(employees, QIS)
    assert r["groups"] == employees.select(QIS).unique().height
    assert r["meets_k"] is False and r["share_below_k"] > 0.5
    assert r["l_diversity"] >= 1
    # counts and names only: no cell value of the table appears in the result
    cells = {v for col in employees.columns for v in employees[col].drop_nulls().to_list()}
    flat = repr(r)
    assert not any(v in flat for v in cells if len(v) >= 4 and v not in [*QIS, "department"])


def test_generalise_then_assess(employees: pl.DataFrame) -> None:
    rules = {
        "postcode": GeneraliseRule(method="prefix", size=3),
        "date_of_birth": GeneraliseRule(method="age_band", size=10),
        "hire_date": GeneraliseRule(method="year"),
        "street_address": GeneraliseRule(method="suppress"),
    }
    g = generalise(employees, rules, as_of=date(2025, 6, 1))
    assert g.columns == employees.columns
    for old, new in zip(employees["postcode"], g["postcode"], strict=True):
        assert new == old[:3] + "*" * (len(old) - 3)
    assert g["hire_date"].to_list() == [v[:4] for v in employees["hire_date"]]
    assert g["street_address"].null_count() == g.height
    # age bands agree with a plain Python age computation
    for dob, band in zip(employees["date_of_birth"], g["date_of_birth"], strict=True):
        born = date.fromisoformat(dob)
        age = 2025 - born.year - ((born.month, born.day) > (6, 1))
        assert band == ("90+" if age >= 90 else f"{age // 10 * 10}-{age // 10 * 10 + 9}")
    before = assess(employees, QIS, None, k=3)
    after = assess(g, QIS, None, k=3)
    assert after["groups"] < before["groups"]
    assert after["k_achieved"] == _brute_min_group(g, QIS)
    assert after["rows_below_k"] < before["rows_below_k"]


def test_age_band_from_ages_and_top_coding() -> None:
    df = pl.DataFrame({"age": [23, 37, 41, None, 94], "gender": ["F", "M", "F", "M", "F"]})
    out = generalise(df, {"age": GeneraliseRule(method="age_band", size=5)})
    assert out["age"].to_list() == ["20-24", "35-39", "40-44", None, "90+"]


def test_nulls_are_a_group_and_l_diversity() -> None:
    df = pl.DataFrame(
        {
            "postcode": ["60693", "60693", None, None, "43058", "43058"],
            "job_title": ["Data Analyst", "Data Analyst", None, None, "Nurse", "Nurse"],
            "salary_band": ["60-80k", "80-100k", None, "60-80k", "40-60k", "40-60k"],
        }
    )
    r = assess(df, ["postcode", "job_title"], "salary_band", k=2)
    assert r["groups"] == 3 and r["k_achieved"] == 2 and r["meets_k"]
    assert r["l_diversity"] == 1 and r["groups_l1"] == 1  # the nurses all share one band


def test_empty_table_and_no_quasi_identifiers(employees: pl.DataFrame) -> None:
    empty = assess(employees.clear(), QIS, "salary", k=5)
    assert empty["rows"] == 0 and empty["k_achieved"] is None and empty["share_below_k"] == 0.0
    whole = assess(employees, [], "department", k=5)
    assert whole["groups"] == 1 and whole["k_achieved"] == employees.height


def test_unknown_column_is_a_policy_error(employees: pl.DataFrame) -> None:
    with pytest.raises(PolicyError, match="zip_code"):
        assess(employees, ["zip_code"], None, None)
    with pytest.raises(PolicyError, match="birthdate"):
        generalise(employees, {"birthdate": GeneraliseRule(method="year")})


def test_rules_for_table_from_policy() -> None:
    cfg = RiskConfig.model_validate(
        {
            "k": 5,
            "generalise": {
                "employees.postcode": {"method": "prefix", "size": 2},
                "*.date_of_birth": {"method": "year"},
                "customers.address.postcode": {"method": "prefix"},
            },
        }
    )
    emp = rules_for("employees", cfg.generalise)
    assert emp["postcode"].size == 2 and emp["date_of_birth"].method == "year"
    assert set(rules_for("customers", cfg.generalise)) == {"address.postcode", "date_of_birth"}
