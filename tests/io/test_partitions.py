"""Partitioned reading and writing: a file streamed in partitions holds exactly what the
in-memory reader holds, and written back partition by partition it is the same file."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from anonymizers.errors import InputError
from anonymizers.io.partitions import assemble, split_table
from anonymizers.io.tables import read_table, write_table

CSV = (
    "customer_id;full_name;notes\n"
    'C-0001;Ingrid Lindqvist;"called twice;\nasked for a refund"\n'
    "C-0002;Tomasz Wróbel;\n"
    'C-0003;Amara Okafor;"prefers e-mail"\n'
    "C-0004;Luis Ortega;\n"
    'C-0005;Mei Tanaka;"VIP; ""gold"" tier"\n'
    "C-0006;Jonas Berg;renewed\n"
    "C-0007;Priya Raman;\n"
)


def _concat(parts: list[Path]) -> pl.DataFrame:
    return pl.concat([pl.read_parquet(p) for p in parts])


def test_csv_partitions_hold_what_the_in_memory_reader_reads(tmp_path: Path) -> None:
    src = tmp_path / "customers.csv"
    src.write_text(CSV, encoding="utf-8")
    split = split_table(src, tmp_path / "work", rows=3)
    assert len(split.parts) == 3  # 7 rows in partitions of 3: a quoted newline splits none
    assert split.table.rows == 7 and split.table.df.height == 3
    assert split.table.separator == ";"
    whole = read_table(src)
    assert split.table.sha256 == whole.sha256 and split.table.bytes == whole.bytes
    assert _concat(split.parts).equals(whole.df)


def test_a_row_larger_than_the_reader_block_is_read_whole(tmp_path: Path) -> None:
    """The reader's first block is small (its heap grows with the block size); a file with
    a longer row (a pasted log in a quoted, multi-line note) is read again, not refused."""
    note = "line of a pasted support log, kept as the customer sent it\n" * 100_000  # 6 MB
    rows = "".join(f"C-{i:04d};Ingrid Lindqvist;renewed\n" for i in range(20_000))
    src = tmp_path / "customers.csv"
    src.write_text(f'customer_id;full_name;notes\n{rows}C-9999;Mei Tanaka;"{note}"\n{rows}')
    split = split_table(src, tmp_path / "work", rows=15_000)
    whole = read_table(src)
    assert split.table.rows == 40_001
    assert _concat(split.parts).equals(whole.df)
    assert len(split.parts) == 3 and len(list((tmp_path / "work").rglob("*.parquet"))) == 3


def test_csv_written_back_per_partition_is_the_in_memory_file(tmp_path: Path) -> None:
    src = tmp_path / "customers.csv"
    src.write_text(CSV, encoding="utf-8")
    split = split_table(src, tmp_path / "work", rows=2)
    assemble(split.table, split.parts, tmp_path / "partitioned.csv")
    whole = read_table(src)
    write_table(whole, whole.df, tmp_path / "whole.csv")
    assert (tmp_path / "partitioned.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()


def test_parquet_partitions_keep_types_and_categoricals(tmp_path: Path) -> None:
    src = tmp_path / "orders.parquet"
    frame = pl.DataFrame(
        {
            "order_id": [f"ORD-{i:05d}" for i in range(10)],
            "tier": pl.Series(["gold", "silver"] * 5, dtype=pl.Categorical),
            "amount": [float(i) * 1.5 for i in range(10)],
        }
    )
    frame.write_parquet(src, row_group_size=4)
    split = split_table(src, tmp_path / "work", rows=4)
    assert len(split.parts) == 3 and split.table.rows == 10
    assert _concat(split.parts)["tier"].dtype == pl.String  # handled as text, like in memory
    assemble(split.table, split.parts, tmp_path / "out.parquet")
    back = pl.read_parquet(tmp_path / "out.parquet")
    assert back["tier"].dtype == pl.Categorical
    assert back.with_columns(pl.col("tier").cast(pl.String)).equals(
        frame.with_columns(pl.col("tier").cast(pl.String))
    )


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("bad.csv", "id,name\n1,Ingrid Lindqvist\n2,Tomasz Wróbel,extra\n", "malformed CSV"),
        ("events.jsonl", '{"id": 1}\n{"id": 2, "name": "Tomasz Wróbel"\n', "line 2 is not valid"),
        ("events.json", '[{"id": 1},\n {"id": 2 "name": "Tomasz Wróbel"}]', "(line 2, column 11)"),
        ("events.json", '[{"id": 1}, ["Tomasz Wróbel"]]', "record 1 is not a JSON object"),
        ("events.jsonl", "\n  \n", "empty"),
        ("events.json", "[]", "no records"),
        ("empty.csv", "", "empty"),
        ("broken.parquet", "not parquet at all", "not a valid Parquet"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, name: str, content: str, problem: str
) -> None:
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        split_table(src, tmp_path / "work", rows=2)
    message = str(err.value)
    assert "\n" not in message and str(src) in message and problem in message
    assert "Wróbel" not in message  # library messages quote rows: never passed through


@pytest.mark.parametrize(
    "column",
    [
        pl.Series(
            "notify", [{"maria.lopez@example.org": "daily"}, None, {"li.wei@example.cn": "weekly"}],
            dtype=pl.Map(pl.String, pl.String),
        ),
        pl.Series("owner", [{"email": "maria.lopez@example.org"}, None, {"email": None}]),
        pl.Series("delegates", [[{"email": "maria.lopez@example.org"}], [], None]),
    ],
)  # fmt: skip
def test_a_nested_parquet_column_is_read_as_in_memory(tmp_path: Path, column: pl.Series) -> None:
    """A map, object or list of objects is read as leaf columns, partition by partition,
    as the in-memory reader reads it, and written back the same."""
    path = tmp_path / "accounts.parquet"
    pl.DataFrame(
        [pl.Series("account_id", ["C-104293", "C-104294", "C-104295"]), column]
    ).write_parquet(path)
    whole = read_table(path)
    split = split_table(path, tmp_path / "work", rows=2)
    assert _concat(split.parts).equals(whole.df)
    assemble(split.table, split.parts, tmp_path / "partitioned.parquet")
    write_table(whole, whole.df, tmp_path / "whole.parquet")
    assert pl.read_parquet(tmp_path / "partitioned.parquet").equals(pl.read_parquet(path))
    assert pl.read_parquet(tmp_path / "whole.parquet").equals(pl.read_parquet(path))
