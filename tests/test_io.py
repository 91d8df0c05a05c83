"""Readers and writers: every format round-trips, and every bad input is one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from anonymizers.errors import InputError
from anonymizers.io import data_columns, discover, publish, read_table, write_table

EMPLOYEES_CSV = (
    "employee_id,first_name,last_name,email,salary\n"
    "0042,Priya,Raman,priya.raman@northwind-logistics.com,52000.00\n"
    "1043,Kevin,O'Brien,kevin.obrien@northwind-logistics.com,61000.50\n"
)


def test_csv_round_trip_keeps_spelling_and_order(tmp_path: Path) -> None:
    src = tmp_path / "employees.csv"
    src.write_text(EMPLOYEES_CSV)
    table = read_table(src)
    assert table.name == "employees" and table.fmt == "csv" and table.rows == 2
    dest = tmp_path / "out" / "employees.csv"
    write_table(table, table.df, dest)
    assert dest.read_text() == EMPLOYEES_CSV  # "0042" and "52000.00" kept as written


def test_nested_json_flattens_and_nests_back(tmp_path: Path) -> None:
    records = [
        {"customer_id": "C-00042", "name": "Ana Souza",
         "contact": {"email": "ana.souza@example.org", "phone": "+1 415 555 0134"},
         "address": {"street": "12 Harbor Way", "city": "Oakland"}},
        {"customer_id": "C-00043", "name": "Liam Chen",
         "contact": {"email": "liam.chen@example.org", "phone": None}, "address": None},
    ]  # fmt: skip
    src = tmp_path / "customers.json"
    src.write_text(json.dumps(records))
    table = read_table(src)
    assert data_columns(table.df) == [
        "customer_id", "name", "contact.email", "contact.phone", "address.street", "address.city"
    ]  # fmt: skip
    dest = tmp_path / "out.json"
    write_table(table, table.df, dest)
    assert json.loads(dest.read_text()) == records  # a null object stays null


def test_jsonl_and_parquet_round_trip(tmp_path: Path) -> None:
    rows = [{"response_id": "R-000123", "score": 4, "comment": "Priya helped me onboard."}]
    jl = tmp_path / "survey.jsonl"
    jl.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    t = read_table(jl)
    write_table(t, t.df, tmp_path / "o" / "survey.jsonl")
    assert [
        json.loads(x) for x in (tmp_path / "o" / "survey.jsonl").read_text().splitlines()
    ] == rows
    pq = tmp_path / "tickets.parquet"
    pl.DataFrame({"ticket_id": ["TCK-100234"], "rows": [3]}).write_parquet(pq)
    t2 = read_table(pq)
    write_table(t2, t2.df, tmp_path / "o" / "tickets.parquet")
    assert pl.read_parquet(tmp_path / "o" / "tickets.parquet").equals(t2.df)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.csv", b"", "file is empty"),
        ("blank.jsonl", b"\n\n  \n", "file is empty"),
        ("latin1.csv", "name\nJos\u00e9 Garc\u00eda\n".encode("latin-1"), "not valid UTF-8"),
        ("broken.json", b'[{"name": "Maria Garcia", ', "not valid JSON"),
        ("object.json", b'{"name": "Maria Garcia"}', "expected a JSON array"),
        ("lines.jsonl", b'{"name": "ok"}\n{"name": "Maria Garcia"\n', "line 2 is not valid JSON"),
        ("ragged.csv", b'a,b\n1,2\n3,"Maria Garcia,4\n', "malformed CSV"),
        ("fake.parquet", b"PAR1 this is not parquet Maria Garcia", "not a valid Parquet file"),
    ],
)
def test_bad_input_is_one_line_naming_file_without_values(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_table(path)
    message = str(err.value)
    assert "\n" not in message
    assert name in message and problem in message
    assert "Maria" not in message and "Garcia" not in message


def test_discover_folder_skips_other_files_and_rejects_clashes(tmp_path: Path) -> None:
    (tmp_path / "employees.csv").write_text(EMPLOYEES_CSV)
    (tmp_path / "README.md").write_text("not data")
    assert [p.name for p in discover([tmp_path])] == ["employees.csv"]
    (tmp_path / "employees.jsonl").write_text('{"a": 1}\n')
    with pytest.raises(InputError, match="table name 'employees'"):
        discover([tmp_path])
    with pytest.raises(InputError, match="no such file"):
        discover([tmp_path / "missing.csv"])
    with pytest.raises(InputError, match="unsupported file type"):
        discover([tmp_path / "README.md"])


def test_publish_is_one_rename_and_never_overwrites(tmp_path: Path) -> None:
    staging = tmp_path / ".staging" / "run-1"
    (staging / "data").mkdir(parents=True)
    (staging / "data" / "x.csv").write_text("a\n1\n")
    final = publish(staging, tmp_path / "demo" / "run-1")
    assert (final / "data" / "x.csv").exists() and not staging.exists()
    other = tmp_path / ".staging" / "run-2"
    other.mkdir()
    with pytest.raises(InputError, match="already exists"):
        publish(other, final)
