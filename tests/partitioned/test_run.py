"""The worker side of the partitioned passes: what a worker keeps and what it frees."""

from __future__ import annotations

import gc
import json
import multiprocessing
import weakref
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from anonymizers.io.partitions import split_table
from anonymizers.partitioned import run as stream_run
from anonymizers.partitioned.optouts import optouts_for
from anonymizers.partitioned.passes import refuse_unsupported
from anonymizers.partitioned.run import run_stream
from anonymizers.partitioned.shared import load_shared
from anonymizers.plan.columns import make_plan
from anonymizers.plan.names import json_key_kind
from anonymizers.policy import Policy


class _GeneratorTable:
    """Like a pseudonymizer's Faker: garbage only the cycle collector frees."""

    def __init__(self) -> None:
        self.table = {"self": self}


_MADE: list[weakref.ref] = []


def _cyclic_pass() -> int:
    table = _GeneratorTable()
    _MADE.append(weakref.ref(table))
    return len(table.table)


def _in_a_worker() -> tuple[int, int, int]:
    """Three passes in a fresh process that carries Prefect, as a flow's worker does."""
    import prefect  # noqa: F401  (a worker's long-lived objects)

    stream_run.PASSES["cyclic"] = _cyclic_pass
    for _ in range(3):
        stream_run.run_pass("cyclic", ())
    alive = sum(ref() is not None for ref in _MADE)
    return gc.get_freeze_count(), alive, len(_MADE)


def test_a_worker_frees_each_pass_garbage_but_stops_walking_its_modules() -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        frozen, alive, made = pool.submit(_in_a_worker).result()
    assert made == 3
    assert alive == 0  # cycles made after the freeze are still collected
    # Prefect's and the engine's objects: no longer walked by every pass's collection
    assert frozen > 50_000


def _uses_shared(table: _GeneratorTable) -> int:
    return len(table.table)


def _an_earlier_run_dropped(folder: str) -> tuple[bool, bool]:
    """A long-lived Dask worker: a run's shared value (frozen with the rest) is dropped
    from the cache; later runs' values, each the size of a plan, are frozen on top until
    the frozen set has doubled, and that load thaws, collects and freezes again.
    Returns (the small value's load kept the freeze, the dropped value was freed)."""
    stream_run.PASSES["uses"] = _uses_shared
    first = stream_run.on_disk(Path(folder), "first", _GeneratorTable())
    stream_run.run_pass("uses", (first,))
    earlier = weakref.ref(first.load())
    thawed_at = stream_run._thawed_at
    small = stream_run.on_disk(Path(folder), "small", _GeneratorTable())
    stream_run.run_pass("uses", (small,))
    kept_freeze = stream_run._thawed_at == thawed_at
    for i in range(load_shared.cache_info().maxsize or 8):  # later runs evict it
        value = _GeneratorTable()
        value.table["rows"] = [[row] for row in range(thawed_at // 4)]
        later = stream_run.on_disk(Path(folder), f"later-{i}", value)
        stream_run.run_pass("uses", (later,))
    return kept_freeze, earlier() is None


def test_a_long_lived_worker_still_frees_what_it_froze_once_dropped(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        kept_freeze, freed = pool.submit(_an_earlier_run_dropped, str(tmp_path)).result()
    assert kept_freeze  # a new value alone does not walk the whole process again
    assert freed  # by the time the frozen set has doubled, the dropped cycle is gone


def test_the_parent_leaves_the_collector_alone() -> None:
    """The local loop, and the threads runner's tasks (tidy, but in the flow process)."""
    stream_run.PASSES["cyclic"] = _cyclic_pass
    try:
        before = gc.get_freeze_count()
        list(stream_run.run_locally("cyclic", [(), ()]))
        stream_run.run_pass("cyclic", ())
        # At most ``before``: a freeze would add what the runs made, while another
        # thread may free a frozen object meanwhile.
        assert gc.get_freeze_count() <= before
    finally:
        del stream_run.PASSES["cyclic"]


# --- opt-outs across tables and the subject index, over partitions ------------------


def _crm(folder: Path) -> tuple[Path, Path]:
    """Customers and their orders, in CSV files split into small partitions."""
    import polars as pl

    names = ["Ingrid Lindqvist", "Tomasz Wróbel", "Amara Okafor", "Luis Ortega", "Mei Tanaka",
             "Jonas Berg", "Priya Raman", "Chidi Eze", "Ana Sousa", "Leon Varga"]  # fmt: skip
    customers = pl.DataFrame({
        "customer_id": [f"C-{7000 + 31 * i}" for i in range(len(names))],
        "full_name": names,
        "email": [f"{n.split()[0].lower()}.{i}@post.example.net" for i, n in enumerate(names)],
        "segment": ["retail", "business"] * (len(names) // 2),
    })  # fmt: skip
    orders = pl.DataFrame({
        "order_id": [f"O-{500 + i}" for i in range(40)],
        "customer_id": [customers["customer_id"][(i * 3) % len(names)] for i in range(40)],
        "total": [f"{9 + i}.90" for i in range(40)],
    })  # fmt: skip
    folder.mkdir()
    customers.write_csv(folder / "customers.csv")
    orders.write_csv(folder / "orders.csv")
    return folder / "customers.csv", folder / "orders.csv"


def test_opt_outs_reach_child_tables_and_the_index_holds_the_rest(tmp_path: Path) -> None:
    """A subject named by e-mail under the default policy: their customer row and every
    order that refers to their id go, over partitions of 4 and 7 rows, as in memory; the
    merged subject index holds every other customer's id and e-mail, and not theirs."""
    import polars as pl

    from anonymizers.governance import subject_index
    from anonymizers.governance.subject_columns import find_subject_columns
    from anonymizers.io.partitions import split_table
    from anonymizers.plan.columns import make_plan
    from anonymizers.policy import Policy

    key = bytes(range(32))
    src = _crm(tmp_path / "export")
    splits = [split_table(src[0], tmp_path / "w", 4), split_table(src[1], tmp_path / "w", 7)]
    policy = Policy()
    tables = [s.table for s in splits]
    plan = make_plan(tables, policy, None)
    found = find_subject_columns(tables, policy, plan)
    assert found.labels() == ["customers.customer_id", "customers.email"]
    customers = pl.read_csv(src[0])
    gone = customers.row(3, named=True)
    forgotten = frozenset({f"{subject_index.record(key, gone['email']):016x}"})
    optouts = optouts_for(splits, policy, set(), tmp_path / "w", found, forgotten, key)
    assert optouts["orders"].id_columns == ("customer_id",)
    data = tmp_path / "staging" / "data"
    result = stream_run.run_stream(splits, plan, policy, key, optouts, tmp_path / "w", data)
    assert result.verification.passed
    orders_in = pl.read_csv(src[1])
    mine = orders_in.filter(pl.col("customer_id") == gone["customer_id"]).height
    assert mine and {e["table"]: e["rows_excluded"] for e in result.exclusions} == {
        "customers": 1, "orders": mine}  # fmt: skip
    assert pl.read_csv(data / "orders.csv").height == orders_in.height - mine
    index = tmp_path / "staging" / subject_index.INDEX_FILE
    assert result.subjects == 2 * (customers.height - 1) == index.stat().st_size // 8
    entry = subject_index.manifest_entry(key, tmp_path / "staging", result.subjects, found)
    for row in customers.iter_rows(named=True):
        for value in (row["customer_id"], row["email"]):
            held = subject_index.lookup(tmp_path / "staging", entry, key, value)
            assert held is (row["customer_id"] != gone["customer_id"])


HELPDESK_PEOPLE = [
    ("Ingrid Lindqvist", "ingrid.lindqvist@example.se"),
    ("Tomasz Wróbel", "t.wrobel@example.pl"),
    ("Amara Okafor", "amara.okafor@example.ng"),
    ("Mei Tanaka", "mei.tanaka@example.jp"),
    ("Luis Ortega", "luis.ortega@example.mx"),
]
HELPDESK_TEXTS = [
    "Hi, this is {name}. My parcel never arrived, please write to {email}.",
    "{name} called about a refund; the agent promised a reply by Friday.",
    "Printer offline again, reboot fixed it.",
]


def _helpdesk(path: Path, rows: int = 24) -> Path:
    """A helpdesk export as JSON Lines: a requester object, tags, the conversation's
    senders (a list of objects), watchers keyed by e-mail, channel metadata kept as a JSON
    text, a free-text description; the satisfaction score only late tickets have."""
    lines = []
    for i in range(rows):
        name, email = HELPDESK_PEOPLE[i % len(HELPDESK_PEOPLE)]
        ticket = {
            "ticket_id": f"HD-{20417 + i}",
            "requester": {"name": name, "email": email},
            "tags": ["refund", "vip"][: 1 + i % 2],
            "messages": [{"from": name}, {"from": "Margaret Holloway"}][: 1 + i % 2],
            "cc": {email: "watcher"},  # a key that is data: read as a map
            "channel": json.dumps({"via": ["email", "chat"][i % 2], "queue": "billing"}),
            "description": HELPDESK_TEXTS[i % len(HELPDESK_TEXTS)].format(name=name, email=email),
            "status": ["open", "closed", "pending"][i % 3],
        }
        if i >= rows - 3:
            ticket["satisfaction"] = 4.5
        lines.append(json.dumps(ticket, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


#: The helpdesk export's policy: the requester faked, the description free text.
HELPDESK_POLICY = Policy.model_validate(
    {
        "columns": {
            "requester.name": {"kind": "entity", "entity": "PERSON"},
            "requester.email": {"kind": "entity", "entity": "EMAIL_ADDRESS"},
            "description": {"kind": "free_text"},
            "status": {"kind": "safe"},
        }
    }
)


@pytest.mark.slow
@pytest.mark.model
def test_a_json_lines_helpdesk_export_runs_partitioned_whatever_the_partitioning(
    tmp_path: Path,
) -> None:
    """JSON Lines with nested objects, lists of objects, a map, a JSON text column and
    free text go through the partitioned passes; 5-row and 1,000-row partitions give the
    same bytes, and no name or e-mail is left anywhere in the output."""
    policy = HELPDESK_POLICY
    src = _helpdesk(tmp_path / "tickets.jsonl")
    outputs = {}
    for rows in (5, 1000):
        work = tmp_path / f"w{rows}"
        split = split_table(src, work, rows, json_key_kind)
        plan = make_plan([split.table], policy, None)
        refuse_unsupported(plan, policy, [split.table])
        optouts = optouts_for([split], policy, set(), work)
        result = run_stream([split], plan, policy, bytes(range(32)), optouts, work, work / "out")
        assert result.verification.passed, result.verification.checks
        outputs[rows] = (work / "out" / src.name).read_bytes()
    assert outputs[5] == outputs[1000]
    text = outputs[5].decode("utf-8")
    real = {w for name, email in HELPDESK_PEOPLE for w in (*name.split(), email)}
    real |= {"Margaret", "Holloway"}
    assert not {w for w in real if w in text}
    out = [json.loads(line) for line in text.splitlines()]
    assert len(out) == 24 and out[-1]["satisfaction"] == 4.5 and out[0]["satisfaction"] is None
    assert json.loads(out[0]["channel"]) == {"via": "email", "queue": "billing"}
    assert out[1]["messages"][0]["from"] == out[1]["requester"]["name"]  # one fake, everywhere
    assert list(out[0]["cc"]) == [out[0]["requester"]["email"]]


@pytest.mark.model
def test_a_table_without_text_sends_no_task_to_the_text_passes(tmp_path: Path) -> None:
    """A helpdesk export beside an orders table: the detect and spread passes get the
    tickets' partitions only (each task costs a worker its bookkeeping), the other passes
    every partition, and the residual scan its slices; the run is verified as before."""
    from collections import defaultdict

    policy = HELPDESK_POLICY
    work = tmp_path / "w"
    tickets = _helpdesk(tmp_path / "tickets.jsonl")
    _, orders = _crm(tmp_path / "export")
    splits = [split_table(tickets, work, 10, json_key_kind), split_table(orders, work, 15)]
    tables = [s.table for s in splits]
    plan = make_plan(tables, policy, None)
    refuse_unsupported(plan, policy, tables)
    seen: dict[str, list] = defaultdict(list)

    def recording(name: str, calls: list[tuple]):  # type: ignore[no-untyped-def]
        seen[name] += [c[1] for c in calls]
        yield from stream_run.run_locally(name, calls)

    optouts = optouts_for(splits, policy, set(), work)
    result = run_stream(splits, plan, policy, bytes(range(32)), optouts, work, work / "out",
                        run_many=recording)  # fmt: skip
    assert result.verification.passed, result.verification.checks
    assert seen["collect"].count("orders") == seen["apply"].count("orders") == 3
    assert seen["detect"] and set(seen["detect"]) == {"tickets"}
    assert seen["spread"] == ["tickets"] * 3
    residual = {c.name: c.counts for c in result.verification.checks}["residual_scan"]
    assert len(seen["residual"]) >= 1 and residual["cells_scanned"] > 0
