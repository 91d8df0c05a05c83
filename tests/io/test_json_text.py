"""JSON documents in text columns: read as leaf columns, written back as they were."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from anonymizers.io.json_text import MAX_LEAVES, join, split
from anonymizers.io.tables import read_table, write_table
from anonymizers.plan.bundle import load_bundle
from anonymizers.plan.columns import classify_column
from anonymizers.plan.names import json_key_kind
from anonymizers.policy import Policy

SHIPPING = [
    '{"recipient": "Margarethe Vogel", "line1": "Lindenallee 14", "postcode": "50667", '
    '"city": "Köln", "express": true, "weight_kg": 2.5}',
    "",
    '{"recipient":"Tomás Ó Súilleabháin","line1":"12 Quay Street","postcode":"H91 E2W4",'
    '"city":"Galway","express":false,"weight_kg":1.0}',
]
METADATA = [
    '{"tier": "gold", "account": 585677, "referred_by": "Alain Jean", "tags": ["b2b", "vip"]}',
    '{"tier": "silver", "account": 928263, "tags": []}',
    '{"tier": "gold", "account": 331902, "referred_by": "Inès Moreau", "tags": ["churn"]}',
]


def _orders(tmp_path: Path) -> Path:
    path = tmp_path / "orders.csv"
    pl.DataFrame(
        {"order_id": ["SO-1001", "SO-1002", "SO-1003"], "shipping": SHIPPING, "meta": METADATA}
    ).write_csv(path)
    return path


def test_json_cells_are_read_as_one_column_per_key(tmp_path: Path) -> None:
    table = read_table(_orders(tmp_path), json_key_kind)
    cols = table.df.columns
    assert [c.name for c in table.json_text] == ["shipping", "meta"]
    for leaf in ("shipping.recipient", "shipping.line1", "shipping.city", "meta.account"):
        assert leaf in cols
    assert "shipping" not in [c["name"] for c in table.schema()]  # nor its hidden original
    assert table.df["shipping.city"].to_list() == ["Köln", None, "Galway"]
    assert table.df["meta.tags[]"].to_list() == [["b2b", "vip"], [], ["churn"]]
    assert table.df["meta.account"].to_list() == ["585677", "928263", "331902"]
    # Booleans and floats identify no one: they stay inside the document, unread.
    assert not any(c.endswith(("express", "weight_kg")) for c in cols)


def test_unchanged_cells_are_written_back_byte_for_byte(tmp_path: Path) -> None:
    path = _orders(tmp_path)
    table = read_table(path, json_key_kind)
    write_table(table, table.df, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == path.read_bytes()


def test_changed_values_are_rebuilt_with_the_document_shape(tmp_path: Path) -> None:
    table = read_table(_orders(tmp_path), json_key_kind)
    df = table.df.with_columns(
        pl.Series("shipping.city", ["Bonn", None, "Sligo"]),
        pl.Series("meta.account", ["471100", "928263", "ACC-1"]),
        pl.Series("meta.tags[]", [["b2b", "key account"], [], None]),
    )
    out = join(df, table.json_text)
    assert out.columns == ["order_id", "shipping", "meta"]
    first = out["shipping"][0]
    assert json.loads(first)["city"] == "Bonn" and ": " in first  # the writer's spacing
    third = out["shipping"][2]
    assert json.loads(third)["city"] == "Sligo" and ": " not in third  # compact stays compact
    assert json.loads(third)["express"] is False and json.loads(third)["weight_kg"] == 1.0
    meta = [json.loads(m) for m in out["meta"]]
    assert meta[0]["account"] == 471100  # a number that still reads as one stays a number
    assert meta[2]["account"] == "ACC-1"
    assert meta[0]["tags"] == ["b2b", "key account"]
    assert meta[2]["tags"] == [None]  # a redacted list: its values are gone, its shape stays
    assert out["shipping"][1] == ""


@pytest.mark.parametrize(
    ("cells", "why"),
    [
        (['{"city": "Köln"}', "Lindenallee 14, Köln"], "one cell is plain text"),
        (['{"city": "Köln"}', '{"city": "Köln"'], "one cell is not valid JSON"),
        (['{"anna.vogel@example.de": "weekly"}'], "a key is an e-mail address"),
        (['{"1001": "weekly"}'], "a key is a number"),
        ([json.dumps({f"field_{i}": "x" for i in range(MAX_LEAVES + 1)})], "a free-form bag"),
        (["[1, 2]", "3"], "a bare number is no document"),
    ],
)
def test_columns_that_are_not_json_records_stay_text(cells: list[str], why: str) -> None:
    df, found = split(pl.DataFrame({"notes": cells}), json_key_kind)
    assert found == [], why
    assert df.columns == ["notes"]


def test_a_leaf_that_would_clash_with_a_column_keeps_the_text() -> None:
    df = pl.DataFrame({"shipping": ['{"city": "Köln"}'], "shipping.city": ["Bonn"]})
    assert split(df, json_key_kind)[1] == []


def test_a_column_the_policy_rules_on_stays_whole(tmp_path: Path) -> None:
    _orders(tmp_path)
    (tmp_path / "policy.yaml").write_text("columns:\n  orders.shipping:\n    kind: free_text\n")
    bundle = load_bundle([tmp_path / "orders.csv"], tmp_path / "policy.yaml")
    (table,) = bundle.tables
    assert [c.name for c in table.json_text] == ["meta"]
    assert "shipping" in table.df.columns


def test_leaves_are_planned_from_their_own_key(tmp_path: Path) -> None:
    table = read_table(_orders(tmp_path), json_key_kind)

    def plan(column: str) -> tuple[str, str | None]:
        d = classify_column("orders", column, table.df[column], Policy(), None)
        return d.kind, d.entity

    assert plan("shipping.line1") == ("entity", "ADDRESS")
    assert plan("shipping.postcode") == ("entity", "ZIP_CODE")
    assert plan("shipping.city") == ("entity", "LOCATION")
