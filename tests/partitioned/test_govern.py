"""Encryption at rest, date shifting and k-anonymity in partitioned runs: the same data,
blocks and checks whatever the partitioning (each compared with the run of the same
bundle in one partition, as a small export runs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from anonymizers.certify import encryption as crypto
from anonymizers.errors import PolicyError
from anonymizers.governance.govern import mark_date_shift
from anonymizers.io import partitions
from anonymizers.io.partitions import split_table
from anonymizers.io.tables import read_table
from anonymizers.partitioned import risk as partitioned_risk
from anonymizers.partitioned.optouts import optouts_for
from anonymizers.partitioned.passes import refuse_unsupported
from anonymizers.partitioned.run import StreamResult, run_stream
from anonymizers.plan.columns import make_plan
from anonymizers.policy import Policy
from tests.helpers.hr_export import COLUMNS, DATES, RISK, hr_export, hr_policy

# Multi-partition runs of every pass: seconds each, so out of the fast loop.
pytestmark = pytest.mark.slow

KEY = bytes(range(32))
#: Rows per partition above any bundle here: each table one partition.
WHOLE = 1_000_000


def _partitioned(srcs: list[Path], work: Path, rows: int, policy: Policy) -> StreamResult:
    splits = [split_table(p, work, rows) for p in srcs]
    tables = [s.table for s in splits]
    plan = mark_date_shift(make_plan(tables, policy, None), tables, policy)
    refuse_unsupported(plan, policy, tables)
    optouts = optouts_for(splits, policy, set(), work)
    return run_stream(splits, plan, policy, KEY, optouts, work, work / "data")


def _read(path: Path) -> pl.DataFrame:
    frame = (
        pl.read_csv(path, infer_schema=False) if path.suffix == ".csv" else pl.read_parquet(path)
    )
    return frame.select(pl.all().cast(pl.String))


def _outputs(data: Path, srcs: list[Path]) -> list[object]:
    """What must not depend on the partitioning: a CSV's bytes, a Parquet file's data
    (its row groups are the partitions)."""
    return [(data / p.name).read_bytes() if p.suffix == ".csv" else pl.read_parquet(data / p.name)
            for p in srcs]  # fmt: skip


def _same(a: list[object], b: list[object]) -> bool:
    return all(
        x.equals(y) if isinstance(x, pl.DataFrame) else x == y for x, y in zip(a, b, strict=True)
    )


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(pl.all().cast(pl.String)).fill_null("")


def test_encrypted_partitioned_output_decrypts_to_the_unencrypted_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Row groups of a partition's size, so that the output has several to rewrite.
    monkeypatch.setattr(partitions, "PARQUET_ROW_GROUP", 40)
    srcs = hr_export(tmp_path / "export")
    _partitioned(srcs, tmp_path / "run", 40, hr_policy())
    data = tmp_path / "run" / "data"
    plain = tmp_path / "plain"
    shutil.copytree(data, plain)
    key = crypto.new_data_key()
    entry = crypto.encrypt_run_data(tmp_path / "run", key)
    # The manifest block: CSV in the envelope, Parquet modular.
    assert {f["path"]: f["method"] for f in entry["files"]} == {
        "data/employees.csv.enc": "file-envelope",
        "data/tickets.parquet": "parquet-modular",
    }
    assert entry["key_id"] == crypto.data_key_id(key) and entry["algorithm"] == "AES-256-GCM"
    assert b"northwind.example" not in (data / "employees.csv.enc").read_bytes()
    back = tmp_path / "back"
    back.mkdir()
    csv = crypto.decrypt_file(data / "employees.csv.enc", key, back)
    assert csv.read_bytes() == (plain / "employees.csv").read_bytes()
    table = crypto.decrypt_file(data / "tickets.parquet", key, back)
    assert pq.read_table(table).equals(pq.read_table(plain / "tickets.parquet"))
    # Rewritten a row group at a time, never read whole.
    groups = pq.ParquetFile(plain / "tickets.parquet").num_row_groups
    assert groups == 7 and pq.ParquetFile(table).num_row_groups == groups


def test_dates_shift_alike_whatever_the_partitioning(tmp_path: Path) -> None:
    srcs = hr_export(tmp_path / "export")
    policy = hr_policy(date_shift=DATES)
    whole = _partitioned(srcs, tmp_path / "whole", WHOLE, policy)
    assert whole.governance.fairness["columns"]  # full_name is faked
    assert set(whole.blocks()) == {"date_shift", "fairness"}
    outputs = [_outputs(tmp_path / "whole" / "data", srcs)]
    result = _partitioned(srcs, tmp_path / "w17", 17, policy)
    assert result.verification.passed and whole.verification.passed
    assert result.blocks() == whole.blocks()
    outputs.append(_outputs(tmp_path / "w17" / "data", srcs))
    for src, column in ((srcs[0], "hire_date"), (srcs[1], "opened_at")):
        shifted = _read(tmp_path / "w17" / "data" / src.name)[column].fill_null("")
        assert (
            shifted.to_list()
            == _read(tmp_path / "whole" / "data" / src.name)[column].fill_null("").to_list()
        )
        before = _plain(read_table(src).df)[column]
        moved = (shifted != before) & (before != "")
        assert moved.sum() == (before != "").sum()  # every date moved, blanks stay blank
    assert _same(outputs[0], outputs[1])
    # A subject's dates move together: one offset per employee, in both tables.
    data = tmp_path / "w17" / "data"
    tickets = pl.read_parquet(data / "tickets.parquet")
    real = pl.read_parquet(srcs[1])
    offsets = (tickets["opened_at"] - real["opened_at"]).dt.total_days()
    per_subject = pl.DataFrame({"who": real["employee_id"], "days": offsets}).unique()
    assert per_subject.height == real["employee_id"].n_unique()


def test_k_anonymity_suppresses_the_same_rows_whatever_the_partitioning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcs = hr_export(tmp_path / "export")
    policy = hr_policy(date_shift=DATES, risk=RISK)
    whole = _partitioned(srcs, tmp_path / "whole", WHOLE, policy)
    report = whole.governance
    assert report.suppressed["employees"] and report.suppressed.get("tickets")  # cascaded
    results = {src.stem: _read(tmp_path / "whole" / "data" / src.name) for src in srcs}
    # Staff whose manager was suppressed keep their row; the reference is cleared.
    assert results["employees"]["manager_id"].null_count() > 1
    whole_check = next(c for c in whole.verification.checks if c.name == "k_anonymity")
    assert not whole_check.rejects
    outputs = [_outputs(tmp_path / "whole" / "data", srcs)]
    for rows, merged in ((17, 16), (40, partitioned_risk.MERGE_ROWS)):
        # Group counts merged in runs of about 16 group rows, then in one run.
        monkeypatch.setattr(partitioned_risk, "MERGE_ROWS", merged)
        work = tmp_path / f"w{rows}"
        result = _partitioned(srcs, work, rows, policy)
        assert result.verification.passed
        assert result.blocks()["risk"] == report.risk
        # Names measured after suppression, by a pass over the output's name column.
        assert result.blocks()["fairness"] == report.fairness
        assert result.governance.suppressed == report.suppressed
        k_check = next(c for c in result.verification.checks if c.name == "k_anonymity")
        assert k_check.manifest_entry() == whole_check.manifest_entry()
        assert result.out_rows == {n: r.height for n, r in results.items()}
        assert [e for e in result.exclusions if e["reason"] == "k-anonymity suppression"] == [
            {"table": t, "rows_excluded": n, "reason": "k-anonymity suppression"}
            for t, n in sorted(report.suppressed.items())
        ]
        structure = next(c for c in result.verification.checks if c.name == "structure")
        assert structure.passed
        for src in srcs:
            out = _read(work / "data" / src.name)
            kept = [c for c in out.columns if COLUMNS[c]["kind"] == "safe"]
            assert out.select(kept).fill_null("").equals(_plain(results[src.stem]).select(kept))
            # Ids are fakes; references to suppressed rows are cleared in the same places.
            ids = [c for c in out.columns if COLUMNS[c]["kind"] == "entity"]
            nulls = [pl.col(c).is_null() for c in ids]
            assert out.select(nulls).equals(results[src.stem].select(nulls))
        outputs.append(_outputs(work / "data", srcs))
    assert _same(outputs[0], outputs[1]) and _same(outputs[0], outputs[2])


def test_k_is_measured_without_suppression_and_fails_the_run(tmp_path: Path) -> None:
    srcs = hr_export(tmp_path / "export", staff=60, tickets=30)
    policy = hr_policy(risk={**RISK, "suppress_below_k": False})
    report = _partitioned(srcs, tmp_path / "whole", WHOLE, policy).governance
    result = _partitioned(srcs, tmp_path / "w", 13, policy)
    assert result.blocks()["risk"] == report.risk and report.risk["tables"][0]["groups_below_k"]
    assert not result.governance.meets_k and not result.verification.passed
    assert result.out_rows == {"employees": 60, "tickets": 30}
    # Quasi-identifiers of a table this bundle does not have: k not measured.
    elsewhere = hr_policy(risk={**RISK, "quasi_identifiers": {"payroll": ["postcode"]}})
    result = _partitioned(srcs, tmp_path / "w2", 13, elsewhere)
    assert result.blocks()["risk"] == {"k_required": 3, "tables": []}
    k_check = next(c for c in result.verification.checks if c.name == "k_anonymity")
    assert k_check.status == "not_applicable" and result.verification.passed


def test_what_policy_cannot_be_honoured_fails_before_any_pass(tmp_path: Path) -> None:
    srcs = hr_export(tmp_path / "export", staff=30, tickets=20)
    # Tickets point at employees, but no subject column is named: whose dates are they?
    policy = Policy.model_validate({"columns": COLUMNS, "date_shift": DATES})
    with pytest.raises(PolicyError, match="date_shift: table 'employees' has no subject"):
        _partitioned(srcs, tmp_path / "w", 10, policy)
    bad = hr_policy(risk={**RISK, "quasi_identifiers": {"employees": ["postcode", "zip"]}})
    with pytest.raises(PolicyError, match="not in the table: zip"):
        _partitioned(srcs, tmp_path / "w2", 10, bad)
    assert not (tmp_path / "w2" / "out").exists()


def test_a_suppressed_report_takes_only_its_own_references(tmp_path: Path) -> None:
    """Ingrid (E7, alone in her postcode) is suppressed; her manager (E4) manages no one
    else and keeps his own id; her leave request goes, his stays; over
    partitions of two rows, as in one partition."""
    (tmp_path / "export").mkdir()
    pl.DataFrame(
        {
            "employee_id": ["E1", "E2", "E3", "E4", "E5", "E6", "E7"],
            "manager_id": [None, "E1", "E1", "E1", "E2", "E2", "E4"],
            "postcode": ["SW1A", "SW1A", "SW1A", "M1", "M1", "M1", "LS6"],
        }
    ).write_csv(tmp_path / "export" / "staff.csv")
    pl.DataFrame({"ticket_id": ["L1", "L2", "L3"], "employee_id": ["E7", "E4", "E2"]}).write_csv(
        tmp_path / "export" / "leave.csv"
    )
    srcs = [tmp_path / "export" / "staff.csv", tmp_path / "export" / "leave.csv"]
    risk = {"k": 3, "suppress_below_k": True, "quasi_identifiers": {"staff": ["postcode"]}}
    policy = Policy.model_validate(
        {"columns": COLUMNS, "subjects": {"id_columns": ["staff.employee_id"]}, "risk": risk}
    )
    whole = _partitioned(srcs, tmp_path / "whole", WHOLE, policy)
    result = _partitioned(srcs, tmp_path / "w", 2, policy)
    for work in ("whole", "w"):
        staff = _read(tmp_path / work / "data" / "staff.csv")
        assert staff["employee_id"].null_count() == 0 and staff.height == 6
        assert staff["manager_id"].null_count() == 1
        leave = _read(tmp_path / work / "data" / "leave.csv")
        assert leave["ticket_id"].to_list() == ["L2", "L3"]
    assert result.governance.suppressed == whole.governance.suppressed == {"staff": 1, "leave": 1}
    for name in ("staff.csv", "leave.csv"):
        assert (tmp_path / "w" / "data" / name).read_bytes() == (
            tmp_path / "whole" / "data" / name
        ).read_bytes()


def test_the_governance_passes_report_progress_in_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from anonymizers.partitioned import progress

    monkeypatch.setattr(progress, "PROGRESS_EVERY_S", 0.0)
    srcs = hr_export(tmp_path / "export", staff=60, tickets=40)
    policy = hr_policy(risk=RISK)
    splits = [split_table(p, tmp_path / "w", 10) for p in srcs]
    plan = make_plan([s.table for s in splits], policy, None)
    lines: list[str] = []
    run_stream(splits, plan, policy, KEY, optouts_for(splits, policy, set(), tmp_path / "w"),
               tmp_path / "w", tmp_path / "w" / "data", say=lines.append)  # fmt: skip
    said = [x.split(" (")[0] for x in lines]
    for name, total in (("count", 6), ("suppress", 6), ("cascade", 4), ("names", 6)):
        assert f"  {name}: 1 of {total} partitions" in said
    names = pl.read_csv(srcs[0])["full_name"].to_list()
    assert not any(n in x for n in names for x in lines)


def test_buckets_are_merged_in_runs_of_bounded_size() -> None:
    import numpy as np

    rows = np.array([5, 0, 7, 9, 0, 0, 30, 2, 0], dtype=np.int64)
    assert partitioned_risk.runs(rows, 12) == [range(0, 3), range(3, 6), range(6, 7), range(7, 9)]
    assert partitioned_risk.runs(rows, 100) == [range(0, 9)]
    assert partitioned_risk.runs(np.zeros(4, dtype=np.int64), 10) == []
