"""Output files written while the apply pass runs: the same bytes as written afterwards,
waiting for each partition in turn, and no thread left behind by a failed run."""

from __future__ import annotations

import threading
from pathlib import Path

import polars as pl
import pytest

from anonymizers.io.partitions import assemble, split_table
from anonymizers.partitioned.assemble_ahead import AssembleAhead

CSV = (
    "customer_id;full_name;notes\n"
    'C-0001;Ingrid Lindqvist;"called twice;\nasked for a refund"\n'
    'C-0002;Tomasz Wróbel;=HYPERLINK("http://example.com")\n'
    'C-0003;Amara Okafor;"prefers e-mail"\n'
    "C-0004;Luis Ortega;\n"
    'C-0005;Mei Tanaka;"VIP; ""gold"" tier"\n'
    "C-0006;Jonas Berg;renewed\n"
    "C-0007;Priya Raman;+44 20 7946 0958\n"
)


def _splits(tmp_path: Path):  # type: ignore[no-untyped-def]
    customers = tmp_path / "customers.csv"
    customers.write_text(CSV, encoding="utf-8")
    orders = tmp_path / "orders.jsonl"
    pl.DataFrame({"order_id": ["O-1", "O-2", "O-3"], "customer_id": ["C-0001", "C-0003", "C-0003"]}
                 ).write_ndjson(orders)  # fmt: skip
    return [split_table(src, tmp_path / "work", rows=2) for src in (customers, orders)]


def test_files_written_ahead_are_those_written_afterwards(tmp_path: Path) -> None:
    splits = _splits(tmp_path)
    out_parts = {s.table.name: s.parts for s in splits}
    ahead = AssembleAhead(splits, out_parts, tmp_path / "ahead", formulas=True)
    total = sum(len(s.parts) for s in splits)
    for k in range(total - 1):
        ahead.applied(k)
    # The last partition is not applied yet: the last table's file is not finished.
    assert ahead._thread.is_alive()
    ahead.applied(total - 1)
    quoted = ahead.result()
    for s in splits:
        after = tmp_path / "after" / s.table.path.name
        n = assemble(s.table, s.parts, after, formulas=True)
        assert (tmp_path / "ahead" / s.table.path.name).read_bytes() == after.read_bytes()
        assert quoted[s.table.name] == n
    assert quoted["customers"] == 1  # the formula (a phone number is no formula)


def test_a_failed_run_stops_the_thread_and_an_error_reaches_the_run(tmp_path: Path) -> None:
    splits = _splits(tmp_path)
    out_parts = {s.table.name: s.parts for s in splits}
    ahead = AssembleAhead(splits, out_parts, tmp_path / "ahead", formulas=False)
    ahead.applied(0)
    ahead.stop()
    assert not ahead._thread.is_alive()
    assert ahead.result() == {}
    # A partition that cannot be read fails the run where it waits for the files.
    out_parts["customers"] = [tmp_path / "missing.parquet", *splits[0].parts[1:]]
    broken = AssembleAhead(splits, out_parts, tmp_path / "broken", formulas=False)
    for k in range(sum(len(s.parts) for s in splits)):
        broken.applied(k)
    with pytest.raises(FileNotFoundError):
        broken.result()
    assert not any(t.name == "assemble-ahead" and t.is_alive() for t in threading.enumerate())
