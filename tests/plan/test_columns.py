"""Column classification, the plan file, and fail-closed drift on a frozen plan."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from anonymizers.errors import PlanDriftError
from anonymizers.io.tables import read_table
from anonymizers.plan.columns import (
    Plan,
    check_drift,
    classify_column,
    make_plan,
    name_hint,
    write_plan,
)
from anonymizers.policy import ColumnRule, Policy

HR_CSV = """employee_id,first_name,last_name,work_contact,phone,department,hire_date,notes,manager_id,product_name
1001,Priya,Raman,priya.raman@northwind-logistics.com,(415) 555-0134,Logistics,2019-04-01,"Priya asked to move her review to Friday, Kevin agreed.",,Route Planner
1002,Kevin,O'Brien,kevin.obrien@northwind-logistics.com,415-555-0178,Sales,2020-09-14,"Kevin covers the Oakland accounts while Ana is on leave.",1001,Route Planner
1003,Ana,Souza,ana.souza@northwind-logistics.com,+1 415 555 0199,Sales,2021-01-11,"Ana returned from parental leave and picked up her accounts again.",1002,Fleet Tracker
"""


@pytest.mark.parametrize(
    ("column", "entity"),
    [
        ("email", "EMAIL_ADDRESS"), ("contact.email", "EMAIL_ADDRESS"), ("mobilePhone", "PHONE_NUMBER"),
        ("ssn", "US_SSN"), ("first_name", "FIRST_NAME"), ("Surname", "LAST_NAME"),
        ("manager_name", "PERSON"), ("customer_id", "ID"), ("managerId", "ID"),
        ("date_of_birth", "DATE_OF_BIRTH"), ("postcode", "ZIP_CODE"), ("order_number", "ID"),
        ("product_name", None), ("product_id", None), ("department", None), ("hire_date", None),
    ],
)  # fmt: skip
def test_name_hints(column: str, entity: str | None) -> None:
    assert name_hint(column) == entity


def test_values_beat_a_vague_name_and_text_is_free_text(tmp_path: Path) -> None:
    src = tmp_path / "employees.csv"
    src.write_text(HR_CSV)
    plan = make_plan([read_table(src)], Policy(), tagger=None)
    by_col = {d.column: d for d in plan.tables["employees"]}
    # "work_contact" says nothing; its values are emails.
    assert by_col["work_contact"].entity == "EMAIL_ADDRESS"
    assert by_col["work_contact"].detected_by == "values"
    assert by_col["phone"].entity == "PHONE_NUMBER"
    assert by_col["notes"].kind == "free_text"
    assert by_col["manager_id"].entity == "ID" and by_col["employee_id"].entity == "ID"
    assert by_col["department"].kind == "safe" and by_col["product_name"].kind == "safe"
    assert by_col["first_name"].operator == "fake"
    assert by_col["department"].technique == "none"
    assert by_col["first_name"].technique == "pseudonymisation"


def test_policy_rule_wins_and_ner_tags_unnamed_person_columns() -> None:
    policy = Policy(columns={"tickets.rep": ColumnRule(kind="safe")})
    reps = pl.Series("rep", ["Maria Garcia", "Kevin O'Brien", "Ana Souza"])
    assert classify_column("tickets", "rep", reps, policy, None).kind == "safe"

    def tagger(values: list[str]) -> list[str | None]:
        return ["PERSON" if " " in v else None for v in values]

    decision = classify_column("tickets", "rep", reps, Policy(), tagger)
    assert (decision.kind, decision.entity, decision.detected_by) == ("entity", "PERSON", "ner")


def test_frozen_plan_round_trips_and_blocks_drift(tmp_path: Path) -> None:
    src = tmp_path / "employees.csv"
    src.write_text(HR_CSV)
    plan = make_plan([read_table(src)], Policy(), tagger=None)
    frozen_path = tmp_path / "plan.yaml"
    write_plan(plan, frozen_path)
    frozen = Plan.from_yaml(frozen_path)
    assert frozen.tables == plan.tables and frozen.frozen
    check_drift(frozen, [read_table(src)])  # unchanged data passes

    src.write_text(HR_CSV.replace("product_name\n", "product_name,home_address\n", 1)
                   .replace("Route Planner\n", "Route Planner,12 Harbor Way\n")
                   .replace("Fleet Tracker\n", "Fleet Tracker,3 Elm St\n"))  # fmt: skip
    with pytest.raises(PlanDriftError, match="new column 'home_address'"):
        check_drift(frozen, [read_table(src)])


def test_retyped_column_blocks_a_frozen_plan(tmp_path: Path) -> None:
    src = tmp_path / "scores.jsonl"
    src.write_text('{"employee_id": 1001, "score": 4}\n')
    frozen_path = tmp_path / "plan.yaml"
    write_plan(make_plan([read_table(src)], Policy(), tagger=None), frozen_path)
    src.write_text('{"employee_id": "EMP-1001", "score": 4}\n')
    with pytest.raises(PlanDriftError, match="changed type"):
        check_drift(Plan.from_yaml(frozen_path), [read_table(src)])


def test_duration_columns_are_decided_without_sampling() -> None:
    """Sampling casts to text first, and polars cannot cast a duration (or a list of
    them) to text: a call-centre export with call lengths crashed the plan."""
    calls = pl.DataFrame(
        {
            "call_length": pl.Series([240_000_000, 720_000_000]).cast(pl.Duration("us")),
            "hold_times": pl.Series([[30_000_000], [5_000_000, 90_000_000]]).cast(
                pl.List(pl.Duration("us"))
            ),
        }
    )
    for column in calls.columns:
        decision = classify_column("calls", column, calls[column], Policy(), None)
        assert (decision.kind, decision.operator) == ("safe", "keep")
