"""Readers and writers: every format round-trips, and every bad input is one clear line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest

from anonymizers.errors import InputError
from anonymizers.io.tables import data_columns, discover, publish, read_table, write_table

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
        # An API dump wrapping two lists of records: which is the table is no guess to
        # make; the message says what to do, and never names a member (an object's keys
        # may be data). One list is read (tests/io/test_partitions.py).
        (
            "wrapped.json",
            b'{"Maria Garcia": [{"name": "x"}], "count": 2, "Luis Ortega": [{"name": "y"}]}',
            "more than one list of records",
        ),
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


@pytest.mark.parametrize("target", ["outside", "inside", "dangling"])
def test_a_symlink_in_an_input_folder_is_refused_never_followed(
    tmp_path: Path, target: str
) -> None:
    """A link to a file outside the folder once put /etc/os-release into a quarantine;
    links inside the folder and dangling ones are refused too (one rule, one line)."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "employees.csv").write_text(EMPLOYEES_CSV)
    secret = tmp_path / "os-release.csv"
    secret.write_text('NAME="Debian GNU/Linux"\n')
    points_to = {"outside": secret, "inside": export / "employees.csv",
                 "dangling": tmp_path / "gone.csv"}[target]  # fmt: skip
    (export / "customers.csv").symlink_to(points_to)
    with pytest.raises(InputError) as refused:
        discover([export])
    message = str(refused.value)
    assert "customers.csv: a symbolic link" in message and "\n" not in message
    assert "Debian" not in message


def test_a_pipe_in_an_input_folder_is_refused_not_read(tmp_path: Path) -> None:
    """A FIFO would block the run forever on its first read."""
    (tmp_path / "employees.csv").write_text(EMPLOYEES_CSV)
    os.mkfifo(tmp_path / "tickets.jsonl")
    with pytest.raises(InputError, match=r"tickets\.jsonl: not a regular file"):
        discover([tmp_path])


def test_links_and_pipes_the_bundle_never_reads_are_left_alone(tmp_path: Path) -> None:
    """Hidden entries and other file types are skipped, as before: never opened."""
    (tmp_path / "employees.csv").write_text(EMPLOYEES_CSV)
    (tmp_path / "README.md").symlink_to("/etc/os-release")
    (tmp_path / ".cache.csv").symlink_to("/etc/os-release")
    (tmp_path / "archive.csv").mkdir()  # a folder, whatever its name
    assert [p.name for p in discover([tmp_path])] == ["employees.csv"]


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


CUSTOMERS = [
    ["customer_id", "full_name", "email", "phone"],
    ["C-00042", "Ana Souza", "ana.souza@example.org", "+1 415 555 0134"],
    ["C-00043", "Liam Chen", "liam.chen@example.org", "(510) 555-0178"],
]


@pytest.mark.parametrize(
    ("name", "separator"),
    [("customers.csv", ";"), ("customers.csv", "\t"), ("customers.csv", "|"), ("crm.tsv", "\t")],
)
def test_csv_separator_is_detected_and_written_back(
    tmp_path: Path, name: str, separator: str
) -> None:
    """A semicolon (European Excel), tab or pipe export read with commas was one column
    holding whole rows: planned as text, certified with its emails and names in it."""
    text = "".join(separator.join(row) + "\n" for row in CUSTOMERS)
    src = tmp_path / name
    src.write_text(text)
    table = read_table(src)
    assert table.df.columns == CUSTOMERS[0] and table.rows == 2
    assert table.df["email"].to_list() == ["ana.souza@example.org", "liam.chen@example.org"]
    dest = tmp_path / "out" / name
    write_table(table, table.df, dest)
    assert dest.read_text() == text


def test_blank_lines_are_not_rows_but_stay_inside_quoted_text(tmp_path: Path) -> None:
    """A trailing empty line (or one between two pastes) became a row of nulls, written
    out as ",,,": one row more than the export had."""
    src = tmp_path / "tickets.csv"
    src.write_text(
        "ticket_id,customer,note\n"
        'T-1001,Ana Souza,"Called twice.\n\nAsked for a refund."\n'
        "\n"
        "T-1002,Liam Chen,Parcel left at 12 Harbor Way\n"
        "\n\n"
    )
    table = read_table(src)
    assert table.rows == 2
    assert table.df["note"][0] == "Called twice.\n\nAsked for a refund."
    single = tmp_path / "emails.csv"
    single.write_text("email\nana.souza@example.org\n\nliam.chen@example.org\n")
    assert read_table(single).rows == 3  # one column: an empty line is an empty value


def test_classic_mac_line_endings_are_rows_not_one_header(tmp_path: Path) -> None:
    """CR-only line endings made the whole file one header line: values became column
    names (in the plan and manifest) and zero rows were checked."""
    src = tmp_path / "customers.csv"
    src.write_bytes("".join(",".join(row) + "\r" for row in CUSTOMERS).encode())
    table = read_table(src)
    assert table.df.columns == CUSTOMERS[0] and table.rows == 2


def test_empty_and_repeated_header_names_round_trip(tmp_path: Path) -> None:
    """An empty header cell crashed the transform (polars renames "" on select); a
    repeated one was written back as "name_duplicated_0"."""
    text = (
        "customer_id,name,email,name,\n"
        "C-00042,Ana,ana.souza@example.org,Souza,\n"
        "C-00043,Liam,liam.chen@example.org,Chen,VIP\n"
    )
    src = tmp_path / "customers.csv"
    src.write_text(text)
    table = read_table(src)
    assert "" not in table.df.columns and len(set(table.df.columns)) == 5
    dest = tmp_path / "out" / "customers.csv"
    write_table(table, table.df, dest)
    assert dest.read_text() == text
    records = [{"customer_id": "C-00042", "": "Ana Souza"}]
    src = tmp_path / "customers.json"
    src.write_text(json.dumps(records))
    table = read_table(src)
    assert "" not in table.df.columns
    write_table(table, table.df, tmp_path / "out" / "customers.json")
    assert json.loads((tmp_path / "out" / "customers.json").read_text()) == records


def test_jsonl_line_separator_inside_a_string_is_not_a_line_break(tmp_path: Path) -> None:
    """U+2028 is legal unescaped in a JSON string (text pasted from a web page);
    str.splitlines() broke the record there and refused a valid export."""
    rows = [{"ticket_id": "T-1001", "body": "Hi Ana,\u2028your parcel ships Monday."}]
    src = tmp_path / "tickets.jsonl"
    src.write_text(json.dumps(rows[0], ensure_ascii=False) + "\n", encoding="utf-8")
    table = read_table(src)
    assert table.rows == 1 and table.df["body"][0] == rows[0]["body"]


def test_categorical_array_and_binary_parquet_are_text_and_written_back(tmp_path: Path) -> None:
    """Dictionary-encoded names read as Categorical were planned "safe" and skipped by
    the leak check; a fixed-size array crashed the plan. Both are read as text (lists)
    and written back with their own type."""
    src = tmp_path / "customers.parquet"
    pl.DataFrame(
        {
            "customer_id": ["C-00042", "C-00043"],
            "last_name": pl.Series(["Souza", "Chen"], dtype=pl.Categorical),
            "phones": pl.Series(
                [["+1 415 555 0134", "+1 415 555 0199"], ["(510) 555-0178", "510-555-0100"]],
                dtype=pl.Array(pl.String, 2),
            ),
            "email_raw": pl.Series([b"ana.souza@example.org", b"liam.chen@example.org"]),
        }
    ).write_parquet(src)
    table = read_table(src)
    assert table.df.schema["last_name"] == pl.String
    assert table.df.schema["phones"] == pl.List(pl.String)
    assert table.df.schema["email_raw"] == pl.String
    assert {c["name"]: c["type"] for c in table.schema()}["last_name"] == "Categorical"
    dest = tmp_path / "out" / "customers.parquet"
    write_table(table, table.df.with_columns(pl.lit("Okafor").alias("last_name")), dest)
    back = pl.read_parquet(dest)
    assert back.schema["phones"] == pl.Array(pl.String, 2)
    assert back.schema["email_raw"] == pl.Binary
    assert isinstance(back.schema["last_name"], pl.Categorical)
    assert back["last_name"].cast(pl.String).to_list() == ["Okafor", "Okafor"]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("customers.csv", b"sep=;\nname;email\nMaria Garcia;maria@example.org\n", "sep=;"),
        (
            "customers.jsonl",
            b'{"id": 1, "contact.email": "maria@example.org", "contact": {"email": "x"}}\n'
            b'{"id": 2, "contact.email": "Maria Garcia", "contact": {"email": "y"}}\n',
            "column 'contact.email' is both",
        ),
        (
            "customers.jsonl",
            b'{"name": "Maria Garcia"}\n{"name": "Maria\\ud800 Garcia"}\n',
            "line 2 holds an unpaired Unicode surrogate",
        ),
        (
            "customers.json",
            b'[{"address": "Maria Garcia, 12 Harbor Way"}, {"address": {"city": "Oakland"}}]',
            "field 'address' holds an object and text",
        ),
        ("photos.parquet", None, "column 'photo' holds binary data that is not UTF-8"),
        (  # json.loads raises RecursionError, not JSONDecodeError: it was exit 3
            "events.json",
            b"[" + b'{"a": ' * 3000 + b'"Maria Garcia"' + b"}" * 3000 + b"]",
            "JSON nested too deeply",
        ),
    ],
)
def test_unusual_input_is_a_precise_error_without_values(
    tmp_path: Path, name: str, content: bytes | None, problem: str
) -> None:
    path = tmp_path / name
    if content is None:
        photo = pl.Series("photo", [b"\xff\xd8\xff\xe0Maria Garcia"], dtype=pl.Binary)
        pl.DataFrame([photo]).write_parquet(path)
    else:
        path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_table(path)
    message = str(err.value)
    assert "\n" not in message and name in message and problem in message
    assert "Maria" not in message and "Garcia" not in message


def test_always_empty_nested_object_round_trips(tmp_path: Path) -> None:
    """A CRM export with ``"preferences": {}`` on every line crashed the writer: polars
    cannot build a struct of no fields, so nesting the output back failed (exit 3)."""
    rows = [
        {"customer_id": "C-00042", "name": "Ana Souza", "preferences": {}},
        {"customer_id": "C-00043", "name": "Liam Chen", "preferences": None},
    ]
    src = tmp_path / "customers.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    table = read_table(src)
    dest = tmp_path / "out" / "customers.jsonl"
    write_table(table, table.df, dest)
    assert [json.loads(line) for line in dest.read_text().splitlines()] == rows


def test_a_subfolder_of_export_files_is_refused_not_left_out(tmp_path: Path) -> None:
    """A chat export's folder per channel: its messages were silently skipped, the run
    certified without them. Now the run stops and names the subfolder."""
    (tmp_path / "users.json").write_text('[{"id": "U01", "real_name": "Anna Berg"}]')
    channel = tmp_path / "general"
    channel.mkdir()
    (channel / "2025-01-02.json").write_text('[{"user": "U01", "text": "hi"}]')
    with pytest.raises(InputError, match=r"general: subfolder holds 1 export file"):
        discover([tmp_path])
    # A subfolder of other files (a README, images) is no export.
    docs = tmp_path / "docs"
    channel.rename(tmp_path / ".general")
    docs.mkdir()
    (docs / "README.md").write_text("how this export was made")
    assert [p.name for p in discover([tmp_path])] == ["users.json"]


@pytest.mark.parametrize(
    ("name", "says"),
    [("notes.xlsx", "spreadsheet"), ("orders.csv.gz", "compressed"), ("crm.sqlite", "export it")],
)
def test_a_data_file_the_run_does_not_read_is_refused_not_left_out(
    tmp_path: Path, name: str, says: str
) -> None:
    # A sheet saved as .xlsx beside the CSVs was skipped, the run certified without it.
    (tmp_path / "employees.csv").write_text(EMPLOYEES_CSV)
    (tmp_path / "README.txt").write_text("exported from the HR system")  # still skipped
    (tmp_path / name).write_bytes(b"PK\x03\x04 not read")
    with pytest.raises(InputError, match=rf"{name}: .*{says}"):
        discover([tmp_path])
    (tmp_path / name).unlink()
    assert [p.name for p in discover([tmp_path])] == ["employees.csv"]
