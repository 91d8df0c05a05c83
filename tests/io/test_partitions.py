"""Partitioned reading and writing: a file streamed in partitions holds exactly what the
in-memory reader holds, and written back partition by partition it is the same file."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from anonymizers.errors import InputError
from anonymizers.io.json_stream import json_records, jsonl_records
from anonymizers.io.partitions import assemble, split_table
from anonymizers.io.tables import read_table, write_table
from anonymizers.plan.names import json_key_kind

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


AGENTS = ["Margaret Holloway", "Dmitri Volkov", "Beatriz Fonseca"]
REQUESTERS = [
    ("Ingrid Lindqvist", "ingrid.lindqvist@example.se"),
    ("Tomasz Wróbel", "t.wrobel@example.pl"),
    ("Amara Okafor", "amara.okafor@example.ng"),
    ("Mei Tanaka", "mei.tanaka@example.jp"),
]


def _ticket(i: int, rows: int) -> dict:
    """A helpdesk export record: a requester object, a conversation (a list of objects),
    channel metadata kept as a JSON text, and fields only the last tickets have."""
    name, email = REQUESTERS[i % len(REQUESTERS)]
    ticket: dict = {
        "ticket_id": f"HD-{20417 + i}",
        "subject": ["Refund not received", "Cannot log in", "Wrong invoice address"][i % 3],
        "requester": {"name": name, "email": email},
        "messages": [
            {"from": name, "body": f"Hello, this is {name}; please call me back."},
            {
                "from": AGENTS[i % 3],
                "body": f"Dear {name.split()[0]}, we refunded order {4471 + i}.",
            },
        ][: 1 + i % 2],
        "priority": 1 + i % 3,
        "channel": json.dumps({"via": "email", "ip": f"198.51.100.{i}"}) if i % 4 else None,
    }
    if i == rows - 1:  # seen only at the very end: a column of every partition all the same
        ticket["requester"]["phone"] = "+44 20 7946 0958"
        ticket["satisfaction"] = 4.5
        ticket["cc"] = {"lena.fischer@example.de": "watcher"}  # keys that are data: a map
        ticket["channel"] = json.dumps({"via": "chat", "agent": {"id": 7, "name": AGENTS[0]}})
    return ticket


def _tickets(path: Path, rows: int = 11) -> Path:
    records = [_ticket(i, rows) for i in range(rows)]
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    else:
        path.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["tickets.jsonl", "tickets.json"])
@pytest.mark.parametrize("rows", [1, 4, 11])
def test_json_partitions_hold_what_the_in_memory_reader_reads(
    tmp_path: Path, name: str, rows: int
) -> None:
    """Every partition has the whole file's columns, types, leaves and JSON text leaves,
    even those only the last record holds; written back partition by partition, the file
    is byte for byte the in-memory writer's."""
    src = _tickets(tmp_path / name)
    whole = read_table(src, json_key_kind)
    split = split_table(src, tmp_path / "work", rows, json_key_kind)
    assert len(split.parts) == -(-11 // rows) and split.table.rows == 11
    assert _concat(split.parts).equals(whole.df)
    assert {"requester.phone", "satisfaction", "cc{}.key", "channel.agent.name"} <= set(
        split.table.df.columns
    )
    assert (split.table.layout, split.table.nested, split.table.json_text) == (
        whole.layout, whole.nested, whole.json_text,
    )  # fmt: skip
    assemble(split.table, split.parts, tmp_path / f"partitioned-{name}")
    write_table(whole, whole.df, tmp_path / f"whole-{name}")
    assert (tmp_path / f"partitioned-{name}").read_bytes() == (
        tmp_path / f"whole-{name}"
    ).read_bytes()


def test_a_json_array_is_read_a_window_at_a_time(tmp_path: Path) -> None:
    """Records longer than the window, and characters cut by it, are read whole; the
    records are the standard library's, not the window's."""
    src = _tickets(tmp_path / "tickets.json")
    for block in (3, 64, 1 << 20):
        got = [r for records, _ in json_records(src, 4, block) for r in records]
        assert got == json.loads(src.read_text(encoding="utf-8"))


def _wrapped(path: Path, records: list[dict], member: str = "tickets") -> Path:
    """An API dump: the records in one member of an object, beside paging and counts."""
    doc = {
        "exported_at": "2026-11-30T08:00:00Z",
        "count": len(records),
        member: records,
        "next": {"cursor": "eyJwYWdlIjogMn0=", "requested_by": "Tomasz Wróbel"},
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_a_wrapped_json_export_is_read_as_its_list_of_records(tmp_path: Path) -> None:
    """``{"tickets": [...], "count": 11, ...}``: the list's records, whatever the window,
    the same as the in-memory reader's and the plain array's; the member and the count of
    the object's other members are what the table keeps of the wrapper."""
    array = _tickets(tmp_path / "tickets.json")
    records = json.loads(array.read_text(encoding="utf-8"))
    (tmp_path / "wrapped").mkdir()
    src = _wrapped(tmp_path / "wrapped" / "tickets.json", records)
    for block in (3, 64, 1 << 20):
        found: list[tuple[str, int]] = []
        got = [r for batch, _ in json_records(src, 4, block, wrapper=found) for r in batch]
        assert got == records and found == [("tickets", 3)]
    whole = read_table(src, json_key_kind)
    split = split_table(src, tmp_path / "work", 4, json_key_kind)
    assert whole.wrapper == split.table.wrapper == ("tickets", 3)
    assert _concat(split.parts).equals(read_table(array, json_key_kind).df)


def test_a_wrapped_json_export_is_written_back_in_its_wrapper_alone(tmp_path: Path) -> None:
    """Written back (a partition at a time, or whole: the same bytes), the records stand
    in their member of an object that holds nothing else: the count, the paging cursor and
    the requester's name are not published (``prepare.wrapper_notes`` says so)."""
    from anonymizers.partitioned.prepare import wrapper_notes

    (tmp_path / "in").mkdir()
    array = _tickets(tmp_path / "tickets.json")
    src = _wrapped(tmp_path / "in" / "tickets.json", json.loads(array.read_text("utf-8")))
    split = split_table(src, tmp_path / "work", 4, json_key_kind)
    whole = read_table(src, json_key_kind)
    assemble(split.table, split.parts, tmp_path / "partitioned.json")
    write_table(whole, whole.df, tmp_path / "whole.json")
    written = (tmp_path / "partitioned.json").read_bytes()
    assert written == (tmp_path / "whole.json").read_bytes()
    plain = read_table(array, json_key_kind)
    write_table(plain, plain.df, tmp_path / "plain.json")
    assert json.loads(written) == {"tickets": json.loads((tmp_path / "plain.json").read_text())}
    assert wrapper_notes([split.table]) == [
        "tickets.json: its table is the list of records inside its JSON object; the "
        "object's 3 other member(s) are not published"
    ]
    assemble(split.table, [], tmp_path / "none.json")
    assert json.loads((tmp_path / "none.json").read_text()) == {"tickets": []}


@pytest.mark.parametrize(
    ("member", "why"),
    [("ingrid.lindqvist@example.se", "named like data"), ("70012", "named like data")],
)
def test_a_wrapper_member_named_like_data_is_refused(tmp_path: Path, member: str, why: str) -> None:
    """The member's name is written back as it is: one that is a customer's e-mail or a
    number (a map of one key) would publish it, so such a file is refused, by name of
    neither."""
    src = _wrapped(tmp_path / "tickets.json", [{"ticket_id": "HD-1"}], member)
    for read in (read_table, lambda p, k: split_table(p, tmp_path / "work", 2, k)):
        with pytest.raises(InputError, match=why) as err:
            read(src, json_key_kind)
        assert member not in str(err.value)


def test_json_lines_are_read_a_block_at_a_time(tmp_path: Path) -> None:
    src = _tickets(tmp_path / "tickets.jsonl")
    lines = src.read_text(encoding="utf-8").splitlines()
    for block in (5, 1 << 20):
        batches = list(jsonl_records(src, 4, block))
        assert [len(records) for records, _ in batches] == [4, 4, 3]
        assert [r for records, _ in batches for r in records] == [json.loads(x) for x in lines]
        assert batches[-1][1][-1] == "line 11"


@pytest.mark.parametrize(
    "content",
    [
        b'[{"ticket_id": "HD-1", "requester": "Tomasz Wr\xc3\xb3bel"},\n {"ticket_id": "HD-2",}]',
        b'[{"ticket_id": "HD-1"}, {"requester": "Tomasz Wr\xc3\xb3bel"}] trailing',
        b'[{"ticket_id": "HD-1"},\n  {"requester": "Tomasz Wr\xc3\xb3bel\n',
        b'[{"ticket_id": "HD-1"}, {"requester": "Tomasz Wr\xb3bel"}, {"x" 1}]',
        b'[{"ticket_id": "HD-1"}, 42, {"requester": "Amara Okafor"} {]',
        b'{"ticket_id": "HD-1", "requester": "Tomasz Wr\xc3\xb3bel"}',
        b'{"tickets": [{"ticket_id": "HD-1"}], "count": 1, "archive": [{"ticket_id": "HD-0"}]}',
        b'{"exported_by": "Tomasz Wr\xc3\xb3bel", "tickets": [{"ticket_id": "HD-1"}, 7]}',
        b'{"tickets": [{"ticket_id": "HD-1"}], "count": 1} {',
        b'{"ticket_id": "HD-1"}\n{"requester": "Tomasz Wr\xc3\xb3bel"\n\x00',
    ],
)
def test_a_broken_json_file_gets_the_in_memory_readers_message(
    tmp_path: Path, content: bytes
) -> None:
    """Same message, same place (line and column in the whole file), same order of
    checks (bytes that are not UTF-8 first), whatever the window."""
    src = tmp_path / ("tickets.jsonl" if b"\n{" in content else "tickets.json")
    src.write_bytes(content)
    with pytest.raises(InputError) as expected:
        read_table(src)
    for block in (4, 1 << 20):
        with pytest.raises(InputError) as err:
            read = jsonl_records if src.suffix == ".jsonl" else json_records
            list(read(src, 2, block))
            split_table(src, tmp_path / "work", 2)
        assert str(err.value) == str(expected.value)
        assert "\n" not in str(err.value) and "Wr" not in str(err.value)


def test_a_csv_column_of_json_documents_gets_the_same_leaves_in_every_partition(
    tmp_path: Path,
) -> None:
    """A PostgreSQL ``jsonb`` column dumped to CSV: its keys, the last one seen only in
    the last row, are leaf columns of every partition, as in memory; written back, the
    cells are the in-memory writer's."""
    rows = [
        f'P-{7001 + i},"{{""recipient"": ""{name}"", ""city"": ""Gdańsk""}}"'
        for i, (name, _) in enumerate(REQUESTERS)
    ]
    rows.append('P-7099,"{""recipient"": ""Luis Ortega"", ""iban"": ""DE89370400440532013000""}"')
    src = tmp_path / "payments.csv"
    src.write_text("payment_id,shipping\n" + "\n".join(rows) + "\n", encoding="utf-8")
    whole = read_table(src, json_key_kind)
    split = split_table(src, tmp_path / "work", 2, json_key_kind)
    assert [c.leaves for c in split.table.json_text] == [
        ("shipping.recipient", "shipping.city", "shipping.iban")
    ]
    assert _concat(split.parts).equals(whole.df)
    assemble(split.table, split.parts, tmp_path / "partitioned.csv")
    write_table(whole, whole.df, tmp_path / "whole.csv")
    assert (tmp_path / "partitioned.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()


def test_a_json_text_column_the_policy_rules_on_stays_one_column(tmp_path: Path) -> None:
    src = _tickets(tmp_path / "tickets.jsonl")
    ruled = lambda table, column: column == "channel"  # noqa: E731
    split = split_table(src, tmp_path / "work", 4, json_key_kind, ruled)
    assert split.table.json_text == [] and "channel.via" not in split.table.df.columns
    assert _concat(split.parts).equals(read_table(src, json_key_kind, ruled).df)


@pytest.mark.parametrize("name", ["tickets.jsonl", "tickets.json"])
def test_partitions_emptied_by_opt_outs_leave_no_trace_in_the_json(
    tmp_path: Path, name: str
) -> None:
    """Opted-out subjects can empty a partition (or all): the file is still the one
    ``write_table`` writes for the rows kept."""
    src = _tickets(tmp_path / name)
    split = split_table(src, tmp_path / "work", 4, json_key_kind)
    for keep in ([False, True, False], [False, False, False]):
        parts = []
        for i, (part, kept) in enumerate(zip(split.parts, keep, strict=True)):
            df = pl.read_parquet(part)
            parts.append(tmp_path / f"out-{i}.parquet")
            (df if kept else df.clear()).write_parquet(parts[-1])
        assemble(split.table, parts, tmp_path / f"partitioned-{name}")
        whole = read_table(src, json_key_kind)
        write_table(whole, _concat(parts), tmp_path / f"whole-{name}")
        assert (tmp_path / f"partitioned-{name}").read_bytes() == (
            tmp_path / f"whole-{name}"
        ).read_bytes()


def test_only_a_small_export_runs_without_worker_processes(tmp_path: Path) -> None:
    """Every export is partitioned (one engine); one under ``IN_PROCESS_BYTES`` in all
    runs its passes in the flow's process, a larger one on the workers."""
    from anonymizers.io.partitions import IN_PROCESS_BYTES, in_process

    small = tmp_path / "employees.csv"
    small.write_bytes(b"employee_id,full_name\n1,Ana Souza\n")
    assert in_process([small])
    large = tmp_path / "tickets.jsonl"
    with large.open("wb") as fh:
        fh.truncate(IN_PROCESS_BYTES)  # sparse: only the size matters here
    assert not in_process([large])
    assert not in_process([small, large])


def test_an_assembled_parquet_file_has_the_same_bytes_for_any_partitioning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row groups are cut every ``PARQUET_ROW_GROUP`` rows from the table's start, not at
    partition ends (set small here so that partitions cross group boundaries)."""
    import anonymizers.io.partitions as partitions

    monkeypatch.setattr(partitions, "PARQUET_ROW_GROUP", 7)
    path = tmp_path / "orders.parquet"
    pl.DataFrame({
        "order_id": [f"ORD-{10_400 + i}" for i in range(50)],
        "customer": [REQUESTERS[i % len(REQUESTERS)][0] for i in range(50)],
        "total": [19.99 + i for i in range(50)],
    }).write_parquet(path)  # fmt: skip
    written = set()
    for rows in (1, 4, 7, 13, 50):
        split = split_table(path, tmp_path / f"work-{rows}", rows=rows)
        out = tmp_path / f"out-{rows}.parquet"
        assemble(split.table, split.parts, out)
        assert pl.read_parquet(out).equals(pl.read_parquet(path))
        written.add(out.read_bytes())
    assert len(written) == 1
    assert pq.ParquetFile(out).metadata.num_row_groups == 8  # 50 rows in groups of 7
