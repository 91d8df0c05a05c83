"""schema: each partition's output columns and types against its input's."""

from __future__ import annotations

import polars as pl
import pytest

from anonymizers.partitioned.schema import schema_problems
from anonymizers.plan.columns import ColumnDecision, Plan
from anonymizers.transform.apply import TableResult
from tests.helpers.engine_run import EngineRun, by_name, recheck

ORDERS = pl.DataFrame(
    {"order_id": [50211, 50212], "email": ["ana.ruiz@correo.es", "li.wei@mail.cn"],
     "total": [19.5, 240.0]}
)  # fmt: skip


def plan(operator: str = "fake") -> Plan:
    decisions = [
        ColumnDecision("orders", "order_id", "Int64", "entity", "ID", operator, "name"),
        ColumnDecision("orders", "email", "String", "entity", "EMAIL_ADDRESS", "fake", "name"),
        ColumnDecision("orders", "total", "Float64", "safe", None, "keep", "default"),
    ]
    return Plan({"orders": decisions}, {"orders": "orders.parquet"})


def test_same_columns_and_types_is_no_problem() -> None:
    out = ORDERS.with_columns(email=pl.Series(["x@example.org", "y@example.org"]))
    assert schema_problems(ORDERS, out, [], "orders", plan()) == []


def test_hashed_ids_may_become_text_but_faked_ones_may_not() -> None:
    out = ORDERS.with_columns(pl.col("order_id").cast(pl.String))
    assert schema_problems(ORDERS, out, [], "orders", plan("hash")) == []
    assert schema_problems(ORDERS, out, [], "orders", plan()) == [
        ("orders", "order_id", "type changed")
    ]


def test_lost_added_and_moved_columns_are_problems() -> None:
    assert schema_problems(ORDERS, ORDERS.drop("total"), [], "orders", plan()) == [
        ("orders", "total", "column missing")
    ]
    assert schema_problems(ORDERS, ORDERS.drop("total"), ["total"], "orders", plan()) == []
    extra = ORDERS.with_columns(note=pl.lit("x"))
    assert schema_problems(ORDERS, extra, [], "orders", plan()) == [
        ("orders", "note", "column added")
    ]
    moved = ORDERS.select("email", "order_id", "total")
    assert schema_problems(ORDERS, moved, [], "orders", plan()) == [
        ("orders", None, "columns in another order")
    ]


@pytest.fixture
def run(northwind_run: EngineRun) -> EngineRun:
    return northwind_run.copy()


def test_the_engine_checks_the_schema_and_a_lost_column_rejects(run: EngineRun) -> None:
    schema = by_name(run.verification)["schema"]
    assert schema.status == "pass" and schema.counts["columns"] == 16
    assert "16 input columns" in schema.manifest_entry()["measured"]
    [part] = run.parts["survey"]
    part.result = TableResult(part.result.df.drop("score"), part.result.regions, [])
    v = recheck(run)
    assert not by_name(v)["schema"].passed and not v.passed
    [finding] = [f for f in v.findings if f["check"] == "schema"]
    assert (finding["table"], finding["column"], finding["detail"]) == (
        "survey", "score", "column missing"
    )  # fmt: skip
