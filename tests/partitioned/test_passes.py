"""The partitioned engine: fakes settled across partitions are injective, never a real
value, the same for a value wherever it appears, and independent of the partitioning."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from anonymizers.errors import PolicyError
from anonymizers.io.partitions import split_table
from anonymizers.partitioned import progress, settle_pass
from anonymizers.partitioned import run as stream_run
from anonymizers.partitioned.checks import leak_check
from anonymizers.partitioned.digests import digest64
from anonymizers.partitioned.draw_pass import redraw_partition
from anonymizers.partitioned.optouts import optouts_for
from anonymizers.partitioned.passes import (
    name_sets,
    ready_pseudonymizer,
    refuse_unsupported,
    replaceable,
)
from anonymizers.partitioned.run import run_pass, run_stream
from anonymizers.partitioned.settle import Buckets, save_drawn, settle
from anonymizers.partitioned.store_files import round_fakes, settled_attempts
from anonymizers.plan.columns import Plan, make_plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

# Multi-partition runs of every pass: seconds each, so out of the fast loop.
pytestmark = pytest.mark.slow

KEY = bytes(range(32))
FIRST = ["Ingrid", "Tomasz", "Amara", "Luis", "Mei", "Jonas", "Priya", "Chidi", "Ana"]
LAST = ["Lindqvist", "Wróbel", "Okafor", "Ortega", "Tanaka", "Berg", "Raman", "Eze"]


def _policy(**extra: object) -> Policy:
    return Policy.model_validate(
        {
            "columns": {
                "account": {"kind": "entity", "entity": "ID"},
                "full_name": {"kind": "entity", "entity": "PERSON"},
                "first_name": {"kind": "entity", "entity": "FIRST_NAME"},
                "email": {"kind": "entity", "entity": "EMAIL_ADDRESS"},
                "plan": {"kind": "safe"},
            },
            **extra,
        }
    )


def _export(path: Path, rows: int = 90) -> Path:
    """Two-digit account numbers: 90 values in a space of 100, so attempt-0 fakes
    collide with each other and with real accounts, and settling has work to do."""
    first = [FIRST[i % len(FIRST)] for i in range(rows)]
    last = [LAST[(i * 5) % len(LAST)] for i in range(rows)]
    pl.DataFrame(
        {
            "account": [f"{10 + i}" for i in range(rows)],
            "full_name": [f"{f} {s}" for f, s in zip(first, last, strict=True)],
            "first_name": first,
            "email": [f"{f.lower()}.{s.lower()}{i % 3}@example.org"
                      for i, (f, s) in enumerate(zip(first, last, strict=True))],
            "plan": ["basic", "pro", "basic"] * (rows // 3),
        }
    ).write_csv(path)  # fmt: skip
    return path


def _run(src: Path, work: Path, rows: int, policy: Policy, opted: set[str] = frozenset()):
    split = split_table(src, work, rows)
    plan = make_plan([split.table], policy, None)
    refuse_unsupported(plan, policy, [split.table])
    out = work / "data"
    result = run_stream([split], plan, policy, KEY, optouts_for([split], policy, set(opted), work),
                        work, out)  # fmt: skip
    return result, out / src.name


def test_partitioned_fakes_are_injective_and_never_real(tmp_path: Path) -> None:
    src = _export(tmp_path / "accounts.csv")
    result, out = _run(src, tmp_path / "w", rows=13, policy=_policy())
    assert result.verification.passed
    before = pl.read_csv(src, infer_schema=False)
    after = pl.read_csv(out, infer_schema=False)
    assert after.height == before.height
    for column in ("account", "full_name", "email"):
        assert after[column].n_unique() == before[column].n_unique()  # injective
        assert not set(after[column]) & set(before[column])  # no fake is a real value
    assert after["plan"].equals(before["plan"])
    # The same first name has the same fake in every partition and in the full names.
    pairs = pl.DataFrame({"real": before["first_name"], "fake": after["first_name"]}).unique()
    assert pairs.height == before["first_name"].n_unique()
    assert all(
        full.split(" ")[0] == first
        for full, first in zip(after["full_name"], after["first_name"], strict=True)
    )


def test_output_does_not_depend_on_the_partitioning(tmp_path: Path) -> None:
    src = _export(tmp_path / "accounts.csv")
    outputs = [
        _run(src, tmp_path / f"w{rows}", rows=rows, policy=_policy())[1].read_bytes()
        for rows in (7, 30, 1000)
    ]
    assert outputs[0] == outputs[1] == outputs[2]


def test_losers_redrawn_on_the_workers_settle_alike_for_any_partitioning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many losers (a dense id column) are re-drawn partition by partition by the
    entity's settle task on a worker, few in one order (``in_order.py``): that way too,
    the output depends on the data only, and settles."""
    src = _export(tmp_path / "accounts.csv")
    passes: list[str] = []
    redrawn: list[Path] = []

    def recording(name: str, calls: list[tuple]):
        passes.append(name)
        return stream_run.run_locally(name, calls)

    def partition_round(store_file: Path, *args):  # type: ignore[no-untyped-def]
        redrawn.append(store_file)
        return redraw_partition(store_file, *args)

    monkeypatch.setattr(settle_pass, "WORKER_REDRAW", 1)
    monkeypatch.setattr(settle_pass, "redraw_partition", partition_round)
    outputs = []
    for rows in (13, 30):
        work = tmp_path / f"workers{rows}"
        split = split_table(src, work, rows)
        plan = make_plan([split.table], _policy(), None)
        optouts = optouts_for([split], _policy(), set(), work)
        result = run_stream([split], plan, _policy(), KEY, optouts, work, work / "data",
                            run_many=recording)  # fmt: skip
        assert "settle" in passes and redrawn and result.verification.passed
        outputs.append((work / "data" / src.name).read_bytes())
    assert outputs[0] == outputs[1]


def test_opted_out_rows_are_dropped_and_their_values_never_reused(tmp_path: Path) -> None:
    src = _export(tmp_path / "accounts.csv")
    policy = _policy(subjects={"id_columns": ["accounts.account"]})
    result, out = _run(src, tmp_path / "w", rows=20, policy=policy, opted={"42", "77"})
    after = pl.read_csv(out, infer_schema=False)
    assert after.height == 88 and result.exclusions[0]["rows_excluded"] == 2
    assert not {"42", "77"} & set(after["account"])
    assert result.verification.passed


def test_self_references_are_found_across_partitions_as_in_one(tmp_path: Path) -> None:
    """manager_id points at employees of other partitions: the whole table in one
    partition and over 7-row partitions must agree, and the opted-out manager's id is
    cleared wherever it is referenced."""
    n = 60
    frame = pl.DataFrame(
        {
            "employee_id": [f"E{1000 + i}" for i in range(n)],
            # Every manager is a later employee: no partition holds its rows' managers.
            "manager_id": [f"E{1000 + (i + 17) % n}" if i % 4 else None for i in range(n)],
            # Mostly employee ids, but one is not: not a reference.
            "buddy_id": [f"E{1000 + (i * 7) % n}" for i in range(n - 1)] + ["X9"],
            "desk": [f"D{i % 9}" for i in range(n)],
        }
    )
    src = tmp_path / "staff.csv"
    frame.write_csv(src)
    policy = Policy.model_validate({"subjects": {"id_columns": ["staff.employee_id"]}})
    # The references the whole table (one partition) shows, found again over partitions.
    one = split_table(src, tmp_path / "one", 1_000_000)
    whole = list(optouts_for([one], policy, {"E1020"}, tmp_path / "one")["staff"].self_refs)
    split = split_table(src, tmp_path / "w", 7)
    found = optouts_for([split], policy, {"E1020"}, tmp_path / "w")["staff"]
    assert list(found.self_refs) == whole == ["manager_id"]
    kept, removed = found.split(pl.concat([pl.read_parquet(p) for p in split.parts]))
    assert removed["employee_id"].to_list() == ["E1020"]
    assert "E1020" not in kept["manager_id"].to_list()
    # E1003's manager was E1020: the reference is cleared, E1003 stays.
    assert kept.filter(pl.col("employee_id") == "E1003")["manager_id"].to_list() == [None]
    assert not (tmp_path / "w" / "references").exists()  # its scratch hashes are gone


def test_identifiers_the_first_partition_did_not_show_are_caught(tmp_path: Path) -> None:
    """The plan sees the first partition only: a column that looks like plain codes there
    and carries e-mail addresses further on must fail the run, not pass it."""
    src = _export(tmp_path / "accounts.csv")
    frame = pl.read_csv(src, infer_schema=False)
    refs = [f"REF-{i:04d}" for i in range(60)] + [
        f"{f.lower()}{i}@mailbox.example.net" for i, f in enumerate(frame["first_name"][60:])
    ]
    frame.with_columns(pl.Series("contact_ref", refs)).write_csv(src)
    policy = _policy()
    result, _ = _run(src, tmp_path / "w", rows=13, policy=policy)
    sweep = next(c for c in result.verification.checks if c.name == "pattern_sweep")
    assert not result.verification.passed and not sweep.passed
    assert sweep.counts["unexplained"] == 30
    rows = sorted(f["row"] for f in result.verification.findings if f["check"] == "pattern_sweep")
    assert rows == list(range(60, 90))  # counted from the table's start, not the partition's
    written = repr(result.verification.findings)
    assert "@" not in written and "mailbox" not in written  # type, place and digest only


def test_the_leak_check_catches_a_real_value_in_the_output(tmp_path: Path) -> None:
    real = digest64(KEY, "ID", [str(10 + i) for i in range(90)])
    buckets = Buckets(tmp_path / "real")
    fakes = digest64(KEY, "ID", [f"F{i}" for i in range(90)])
    # Nothing collides: settling just writes the real-value buckets the check reads.
    assert (
        settle([save_drawn(tmp_path / "p0", real, fakes)], lambda h, a: (h, h), buckets).keys.size
        == 0
    )
    cells = tmp_path / "cells.npy"
    np.save(cells, np.unique(np.concatenate([real[:5], digest64(KEY, "ID", ["x1", "x2"])])))
    check, where = leak_check(lambda e: buckets, {("accounts", "account", "ID"): [cells]})
    assert not check.passed
    assert check.counts == {"cells_checked": 7, "leaks": 5}
    assert where[0][:3] == ("accounts", "account", "ID")
    # As a pass on worker processes (one task per entity): the same check and digests.
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn")) as pool:

        def on_workers(name: str, calls: list[tuple]):  # type: ignore[no-untyped-def]
            return pool.map(run_pass, [name] * len(calls), calls)

        apart, where_apart = leak_check(
            lambda e: buckets, {("accounts", "account", "ID"): [cells]}, on_workers
        )
    assert (apart.passed, apart.counts) == (check.passed, check.counts)
    assert where_apart[0][3].tolist() == where[0][3].tolist()


def test_what_needs_the_whole_bundle_is_refused_in_one_line(tmp_path: Path) -> None:
    src = _export(tmp_path / "accounts.csv")
    split = split_table(src, tmp_path / "w", 30)
    policy = _policy(risk={"k": 3, "quasi_identifiers": {"accounts": ["plan"]}})
    plan = make_plan([split.table], policy, None)
    refuse_unsupported(plan, policy, [split.table])  # k-anonymity: partitioned/risk.py
    # A frozen plan that shifts a column the policy's date_shift does not name.
    shifted = [replace(d, operator="shift") if d.column == "plan" else d
               for d in plan.tables["accounts"]]  # fmt: skip
    with pytest.raises(PolicyError) as err:
        refuse_unsupported(Plan({"accounts": shifted}, plan.files), policy, [split.table])
    assert "date shifting" in str(err.value) and "\n" not in str(err.value)


def test_long_passes_report_counts_and_never_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A nightly 5 GiB run spends half an hour in one pass: it says how far it is, in
    partitions, and nothing of the data."""
    monkeypatch.setattr(progress, "PROGRESS_EVERY_S", 0.0)
    src = _export(tmp_path / "accounts.csv")
    split = split_table(src, tmp_path / "w", 13)
    plan = make_plan([split.table], _policy(), None)
    lines: list[str] = []
    run_stream([split], plan, _policy(), KEY, optouts_for([split], _policy(), set(), tmp_path),
               tmp_path / "w", tmp_path / "w" / "data", say=lines.append)  # fmt: skip
    total = len(split.parts)
    for name in ("collect", "draw", "apply"):
        assert f"  {name}: 1 of {total} partitions" in [x.split(" (")[0] for x in lines]
    assert any(x.startswith("  settle: 1 of ") and " entities (" in x for x in lines)
    assert all(x.endswith(" s left)") for x in lines if " partitions (" in x)
    before = pl.read_csv(src, infer_schema=False)
    # Names and e-mails (the two-digit accounts cannot be told from a count here).
    real = {w for col in ("full_name", "email") for v in before[col] for w in [v, *v.split()]}
    words = {w.strip("(),:") for x in lines for w in x.split()}
    assert lines and not words & real


def test_cells_with_nothing_to_replace_stay_and_settle(tmp_path: Path) -> None:
    """ "---" in an id column, "N/A" in a phone column: no letter or digit to fake, so
    left as written, and no real value (settling once re-drew them for 1,024 rounds and
    gave up: their only fake is themselves)."""
    src = tmp_path / "accounts.csv"
    pl.DataFrame(
        {"account": ["ACC-1001", "---", "ACC-1002", "ACC-1003"],
         "phone": ["555-0101", "N/A", "555-0102", "---"]}
    ).write_csv(src)  # fmt: skip
    policy = Policy.model_validate(
        {"columns": {"account": {"kind": "entity", "entity": "ID"},
                     "phone": {"kind": "entity", "entity": "PHONE_NUMBER"}}}
    )  # fmt: skip
    result, out = _run(src, tmp_path / "w", rows=2, policy=policy)
    assert result.verification.passed
    after = pl.read_csv(out, infer_schema=False)
    assert after["account"][1] == "---" and after["phone"].to_list()[1:4:2] == ["N/A", "---"]
    assert after["account"][0] != "ACC-1001"


def test_name_sets_are_alike_whichever_process_works_them_out() -> None:
    """The spread pass works out its text values' name sets on the worker, each with a
    fresh pseudonymizer (``spread_named``), where the parent worked out every
    partition's in turn with its own: a recording registers nothing, so both give the
    same sets."""
    policy = _policy()
    stores = {
        "PERSON": ["Ingrid Lindqvist", "Tomasz Wróbel", "Amara Okafor", "Mei Tanaka"],
        "FIRST_NAME": ["Chidi", "Beatriz", "Henrik", "Ingrid"],
        "EMAIL_ADDRESS": ["sofia.marchetti@example.org", "k.mensah@example.net"],
    }
    parent = Pseudonymizer(KEY, policy.locale)
    in_turn = [name_sets(parent, policy, e, v) for e, v in stores.items()]
    alone = [name_sets(Pseudonymizer(KEY, policy.locale), policy, e, v)
             for e, v in stores.items()]  # fmt: skip
    assert in_turn == alone
    assert any(parts for _, parts in alone)


def test_a_moved_value_takes_the_fake_its_last_round_drew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rounds re-drawn partition by partition keep their fakes (``save_round_fakes``), and
    the apply pass takes them instead of drawing again: each is the fake the value gets
    alone at its settled attempt."""
    monkeypatch.setattr(settle_pass, "WORKER_REDRAW", 1)  # every round partition by partition
    src = _export(tmp_path / "accounts.csv")
    work = tmp_path / "w"
    split = split_table(src, work, 30)
    plan = make_plan([split.table], _policy(), None)
    optouts = optouts_for([split], _policy(), set(), work)
    assert run_stream(
        [split], plan, _policy(), KEY, optouts, work, work / "data"
    ).verification.passed
    checked = 0
    for store in sorted((work / "values").glob("*/accounts-*[0-9].parquet")):
        frame = pl.read_parquet(store)
        h = frame["h"].to_numpy().astype(np.uint64)
        attempts = settled_attempts(store, h)
        moved = np.flatnonzero(attempts)
        if not moved.size:
            continue
        values = frame["value"].gather(moved)
        kept = round_fakes(store, values, h[moved])
        assert all(f is not None for f in kept)  # every round saved its fakes
        registry = pickle.loads((work / "registry.pickle").read_bytes())
        alone = ready_pseudonymizer(KEY, _policy(), registry)
        entity = store.parent.name
        again, _ = alone.fake_many(entity, values.to_list(),
                                   [normalise(entity, v) for v in values.to_list()],
                                   attempts[moved].tolist())  # fmt: skip
        assert kept == again
        checked += moved.size
    assert checked  # the two-digit accounts moved


def test_typed_float_coordinates_are_moved_and_read_back_as_no_real_point(tmp_path: Path) -> None:
    """A Parquet of delivery stops with float ``lat``/``lon``: every point is moved, the
    column stays a float column, no fake reads back as another stop's real point (trailing
    zeros lost in the float), and the output is the same for any partitioning."""
    rng = np.random.default_rng(12)
    n = 400
    # Points on a grid of 0.0001 degrees: neighbours are real points a fake could land on.
    src = tmp_path / "stops.parquet"
    pl.DataFrame(
        {
            "stop": [f"S{i}" for i in range(n)],
            "lat": np.round(52.3 + rng.integers(0, 300, n) / 10_000, 4),
            "lon": np.round(4.8 + rng.integers(0, 300, n) / 10_000, 4),
        }
    ).write_parquet(src)
    outputs = []
    for rows in (60, 1000):
        work = tmp_path / f"w{rows}"
        result, out = _run(src, work, rows=rows, policy=Policy())
        assert result.verification.passed
        outputs.append(out.read_bytes())
    before, after = pl.read_parquet(src), pl.read_parquet(tmp_path / "w60" / "data" / src.name)
    assert after.schema == before.schema
    for column in ("lat", "lon"):
        # A first draw moves 1 to 3 km; on this dense grid some land on a real point and
        # are drawn again, a step further out each time.
        moved = (after[column] - before[column]).abs()
        assert moved.min() >= 0.0099 and (moved <= 0.0301).mean() > 0.5
        assert not set(after[column].to_list()) & set(before[column].to_list())
    assert outputs[0] == outputs[1]


def test_a_columns_label_an_ip_without_digits_or_a_placeholder_is_left_as_written() -> None:
    """A survey tool writes a second header row ("IP Address" under ``IPAddress``); files
    joined with ``cat`` repeat the header. A label is no value: not faked, not hunted."""
    ips = ["IP Address", "unknown", "203.0.113.57", "2001:db8::8a2e:370:7334", "---"]
    assert replaceable("IP_ADDRESS", ips, ["IPAddress"]) == ["203.0.113.57",
                                                             "2001:db8::8a2e:370:7334"]  # fmt: skip
    names = ["Recipient Last Name", "Okafor", "Last Name"]
    assert replaceable("LAST_NAME", names, ["RecipientLastName"]) == ["Okafor", "Last Name"]
    assert replaceable("EMAIL_ADDRESS", ["email", "ada@example.org"], ["email"]) == [
        "ada@example.org"
    ]
    assert replaceable("PHONE_NUMBER", ["N/A", "+44 20 7946 0958"]) == ["+44 20 7946 0958"]
