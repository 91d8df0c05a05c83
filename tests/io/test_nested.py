"""Nested columns as leaf columns: every value reachable, written back in its own shape,
and nesting past the documented depth refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from anonymizers.errors import InputError
from anonymizers.io.nested import MAX_DEPTH, leaf_texts, value_depth
from anonymizers.io.tables import data_columns, read_table, write_table


def _accounts(path: Path) -> Path:
    table = pa.table(
        {
            "account_id": ["C-104293", "C-104294", "C-104295"],
            "notify": pa.array(
                [[("maria.lopez@example.org", "daily")], None, []],
                type=pa.map_(pa.string(), pa.string()),
            ),
            "delegates": pa.array(
                [
                    [{"email": "kwame.mensah@example.net", "phones": ["+1 614 555 0101"]}],
                    [None, {"email": None, "phones": []}],
                    None,
                ]
            ),
            "shifts": pa.array([[["Maria Lopez", "Kwame Mensah"], []], [None], [["Ingrid"]]]),
            "tags": pa.array([["vip"], [], None]),
        }
    )
    pq.write_table(table, path)
    return path


def test_maps_lists_of_objects_and_lists_of_lists_are_leaf_columns(tmp_path: Path) -> None:
    table = read_table(_accounts(tmp_path / "accounts.parquet"))
    df = table.df
    assert data_columns(df) == [
        "account_id",
        "notify{}.key",
        "notify{}.value",
        "delegates[].email",
        "delegates[].phones[]",
        "shifts[][]",
        "tags",
    ]
    assert df["notify{}.key"].to_list() == [["maria.lopez@example.org"], None, []]
    assert df["delegates[].email"].to_list() == [["kwame.mensah@example.net"], [None], None]
    assert df["delegates[].phones[]"].to_list() == [["+1 614 555 0101"], [], None]
    assert df["shifts[][]"].to_list() == [["Maria Lopez", "Kwame Mensah"], [], ["Ingrid"]]
    # The manifest's schema names the leaves, not the hidden shape columns.
    assert "notify{}.key" in {c["name"] for c in table.schema()}
    assert not any(c["name"].startswith("\x00") for c in table.schema())


def test_leaves_written_back_in_place_with_the_input_types(tmp_path: Path) -> None:
    src = _accounts(tmp_path / "accounts.parquet")
    table = read_table(src)
    upper = [pl.col(c).list.eval(pl.element().str.to_uppercase()) for c in
             ("notify{}.key", "delegates[].email", "delegates[].phones[]", "shifts[][]")]  # fmt: skip
    dest = tmp_path / "out" / "accounts.parquet"
    write_table(table, table.df.with_columns(upper), dest)
    before, after = pl.read_parquet(src), pl.read_parquet(dest)
    assert after.schema == before.schema and after.columns == before.columns
    assert after["notify"].to_list() == [{"MARIA.LOPEZ@EXAMPLE.ORG": "daily"}, None, {}]
    assert after["delegates"].to_list() == [
        [{"email": "KWAME.MENSAH@EXAMPLE.NET", "phones": ["+1 614 555 0101"]}],
        [None, {"email": None, "phones": []}],
        None,
    ]
    assert after["shifts"].to_list() == [
        [["MARIA LOPEZ", "KWAME MENSAH"], []],
        [None],
        [["INGRID"]],
    ]


def test_a_dropped_or_redacted_leaf_is_written_as_nulls(tmp_path: Path) -> None:
    table = read_table(_accounts(tmp_path / "accounts.parquet"))
    out = table.df.drop("delegates[].email").with_columns(
        pl.lit(None, dtype=pl.List(pl.String)).alias("notify{}.key")
    )
    dest = tmp_path / "out" / "accounts.parquet"
    write_table(table, out, dest)
    after = pl.read_parquet(dest)
    assert after["delegates"].to_list()[0] == [{"email": None, "phones": ["+1 614 555 0101"]}]
    assert "maria.lopez@example.org" not in json.dumps(after["notify"].to_list())


def test_leaf_texts_reads_every_text_and_whole_number_inside() -> None:
    series = pl.Series(
        "notify",
        [[{"key": "maria.lopez@example.org", "value": {"n": 4155550134, "w": 0.5}}], None],
        dtype=pl.List(pl.Struct({"key": pl.String, "value": pl.Struct({"n": pl.Int64,
                                                                          "w": pl.Float64})})),
    )  # fmt: skip
    assert leaf_texts(series).to_list() == ["maria.lopez@example.org 4155550134", None]


def _deep(levels: int) -> dict:
    value: object = "Maria Lopez"
    for _ in range(levels):
        value = {"x": value}
    return {"id": 1, "d": value}


@pytest.mark.parametrize("name", ["events.jsonl", "events.json"])
def test_nesting_past_the_limit_is_one_line_naming_the_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    record = _deep(500)
    path.write_text(json.dumps(record) if name.endswith("l") else json.dumps([record]))
    with pytest.raises(InputError) as err:
        read_table(path)
    message = str(err.value)
    assert "\n" not in message and name in message and f"{MAX_DEPTH} levels" in message
    assert "Maria" not in message


def test_nesting_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(_deep(MAX_DEPTH - 1)) + "\n")
    assert value_depth(_deep(MAX_DEPTH - 1)) == MAX_DEPTH
    assert read_table(path).df.height == 1


def test_value_depth_needs_no_recursion() -> None:
    value: object = []
    for _ in range(100_000):
        value = [value]
    assert value_depth(value) > MAX_DEPTH


def test_lists_of_flat_objects_split_and_rebuild_column_wise(tmp_path: Path) -> None:
    """One level deep (the common case, read with polars, not walked): a null object gives
    a null in every leaf and stays null; a dropped field is written as nulls."""
    src = tmp_path / "accounts.parquet"
    delegates = pa.array(
        [
            [{"email": "ingrid.halvorsen@example.com", "rank": 1}, None],
            [],
            None,
            [{"email": None, "rank": 2}],
        ]
    )
    pq.write_table(pa.table({"delegates": delegates}), src)
    table = read_table(src)
    emails = table.df["delegates[].email"]
    assert emails.to_list() == [["ingrid.halvorsen@example.com", None], [], None, [None]]
    dest = tmp_path / "out" / "accounts.parquet"
    faked = table.df.with_columns(
        pl.col("delegates[].email").list.eval(pl.element().str.len_chars().cast(pl.String))
    )
    write_table(table, faked, dest)
    assert pl.read_parquet(dest)["delegates"].to_list() == [
        [{"email": "28", "rank": 1}, None],
        [],
        None,
        [{"email": None, "rank": 2}],
    ]
    write_table(table, table.df.drop("delegates[].rank"), dest)
    assert pl.read_parquet(dest)["delegates"].to_list()[0] == [
        {"email": "ingrid.halvorsen@example.com", "rank": None},
        None,
    ]
