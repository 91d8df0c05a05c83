"""The passes of a partitioned run, in order, on any executor.

``passes.py``, ``draw_pass.py`` and ``apply_pass.py`` hold what one pass does to one
partition; this module runs the passes over every partition and does the parent's share
(the name registry, the settling, the leak check). ``run_many(pass_name, calls)`` runs
one pass's calls and yields their results in order: a plain loop in tests, Prefect tasks
on processes or Dask in the flow, so the engine never imports Prefect.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from anonymizers.governance.govern import GovernanceReport, k_anonymity_check
from anonymizers.governance.subject_index import INDEX_FILE, append_records
from anonymizers.io.partitions import SplitTable, assemble
from anonymizers.partitioned.apply_pass import Applied, apply_partition
from anonymizers.partitioned.assemble_ahead import AssembleAhead
from anonymizers.partitioned.checkpoints import Checkpoints
from anonymizers.partitioned.checks import (
    leak_check,
    leak_entity,
    leak_findings,
    structure_check,
)
from anonymizers.partitioned.collector import heap_frozen
from anonymizers.partitioned.draw_pass import draw_fakes, redraw_partition
from anonymizers.partitioned.fairness import fairness_report, names_after
from anonymizers.partitioned.gate import gate_results, place_gate_checks
from anonymizers.partitioned.govern import Governance, decide
from anonymizers.partitioned.index_pass import index_chunks
from anonymizers.partitioned.initials import bundle_shares, teach_bundle_initials
from anonymizers.partitioned.kept_targets import held_of_entity, kept_targets
from anonymizers.partitioned.passes import (
    Collected,
    Optouts,
    collect_partition,
    spread_named,
    store_name_sets,
)
from anonymizers.partitioned.progress import memory_here, progress
from anonymizers.partitioned.residual_pass import residual_slice
from anonymizers.partitioned.review_list import ReviewList
from anonymizers.partitioned.risk import (
    cascade_partition,
    count_partition,
    note_lost,
    reduce_risk,
    suppress_partition,
)
from anonymizers.partitioned.settle import Buckets, distinct, groups, read_buckets
from anonymizers.partitioned.settle_pass import draw_and_settle, settle_entity
from anonymizers.partitioned.shared import OnDisk, load_shared, on_disk
from anonymizers.partitioned.store_files import moved_values
from anonymizers.partitioned.text import (
    detect_partition,
    text_decisions,
)
from anonymizers.partitioned.text_checks import (
    add_text_checks,
)
from anonymizers.partitioned.text_run import residual_pass, text_checked, text_passes
from anonymizers.partitioned.thing_names import thing_columns
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.countries import country_columns
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import PLACE_ENTITIES, Context
from anonymizers.transform.consistency import (
    ADDRESS_PIECES,
    best_locales,
)
from anonymizers.verify.outcome import MAX_FINDINGS, Check, Verification

RunMany = Callable[[str, list[tuple]], Iterable[Any]]
#: Output digests (8 bytes a distinct cell) from which the leak check runs on the workers:
#: about a million cells, ~1 s of the parent's; below, in the parent (a pass costs ~0.4 s
#: of tasks on the mixed bench's 8,000 rows, whose check took 0.1 s).
LEAK_ON_WORKERS_BYTES = 8 << 20
#: The functions behind each pass name (what a worker runs).
PASSES: dict[str, Callable[..., Any]] = {
    "collect": collect_partition,
    "index": index_chunks,
    "detect": detect_partition,
    "spread": spread_named,
    "draw": draw_fakes,
    "apply": apply_partition,
    "redraw": redraw_partition,
    "settle": settle_entity,
    "count": count_partition,
    "suppress": suppress_partition,
    "cascade": cascade_partition,
    "names": names_after,
    "kept-held": held_of_entity,
    "residual": residual_slice,
    "leak": leak_entity,
}


def run_pass(name: str, args: tuple, tidy: bool = True) -> Any:
    """One pass on one partition. A pass leaves reference cycles behind (a pseudonymizer's
    Faker, once it has faked a place or a company): collected here (``tidy``, on a
    worker), or a long-lived worker grows by a partition's worth of garbage per task. A
    full collection costs tens of milliseconds in a large process, too much for the many
    tiny calls of a local loop."""
    loaded = tuple(a.load() if isinstance(a, OnDisk) else a for a in args)
    # A worker process only: with the threads runner these calls run in the flow's own
    # process (and an embedding application's), whose collector stays whole.
    if tidy and multiprocessing.parent_process() is not None:
        _freeze_long_lived()
    try:
        return PASSES[name](*loaded)
    finally:
        if tidy:
            gc.collect()
            _trim()


_frozen_shared = -1
#: Objects frozen just after the last full thaw: the frozen set may grow to twice this
#: before the next thaw (``_freeze_long_lived``).
_thawed_at = 0


def _freeze_long_lived() -> None:
    """Move what a worker keeps for its whole life (imported modules, Prefect's models,
    the shared plan and registry) out of the collector's sight, once per newly loaded
    shared value. A full collection in a Prefect worker walks a great many such objects,
    and a pass ends with one per partition: on the many short calls of a settling round
    that walk, not the work, would be the cost. Only what exists now is frozen; a pass's
    own garbage, cycles included, is still collected.

    A newly loaded value is frozen on top of what is frozen already: a collection of the
    young objects, then a freeze (~1 ms). Thawing everything to collect it whole walks the
    model and the libraries again (~0.2 s a time, a dozen times a run on the mixed bench:
    2.5 CPU s), so it waits until the frozen set has doubled since the last thaw. Frozen
    objects are still freed when their last reference goes; only a cycle among dropped
    ones waits for that thaw, so a long-lived Dask worker that drops an earlier run's
    shared values frees them by the time it holds twice its first set, never later. (A
    Dask worker with several threads may freeze another thread's pass in flight with the
    rest: its garbage then waits for the next thaw.)"""
    global _frozen_shared, _thawed_at
    shared = load_shared.cache_info().misses  # grows with every newly loaded shared value
    if shared == _frozen_shared:
        return
    if gc.get_freeze_count() >= 2 * _thawed_at:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _thawed_at = gc.get_freeze_count()
    else:
        gc.collect()
        gc.freeze()
    _frozen_shared = shared


def _trim() -> None:
    """Hand freed heap back to the system (glibc keeps it otherwise): a worker's memory
    then follows its current partition, not the largest one it ever held."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def run_locally(name: str, calls: list[tuple]) -> Iterator[Any]:
    """The plainest executor: one call after another, in this process."""
    for args in calls:
        yield run_pass(name, args, tidy=False)


def _sweep_results(
    by_table: dict[str, list[Applied]],
) -> tuple[Check, list[dict], list[dict]]:
    """The partitions' pattern sweeps as one check, rows counted from the table's start.
    Returns the check, the unexplained matches and the cleared ones."""
    findings: list[dict] = []
    cleared: list[dict] = []
    counts = {"columns": 0, "matches": 0, "unexplained": 0, "cleared": 0, "timestamp_cells": 0}
    for parts in by_table.values():
        offset = 0
        columns = 0
        for a in parts:
            for name in ("matches", "unexplained", "cleared", "timestamp_cells"):
                counts[name] += a.sweep_counts.get(name, 0)
            columns = max(columns, a.sweep_counts.get("columns", 0))
            findings += [{**f, "row": f["row"] + offset} for f in a.sweep_findings]
            cleared += [{**f, "row": f["row"] + offset} for f in a.sweep_cleared]
            offset += a.rows
        counts["columns"] += columns  # the table's swept columns, once, not per partition
    if not counts["timestamp_cells"]:
        del counts["timestamp_cells"]
    check = Check(
        "pattern_sweep", not counts["unexplained"], counts, applicable=counts["columns"] > 0
    )
    return check, findings[:MAX_FINDINGS], cleared[:MAX_FINDINGS]


@dataclass
class StreamResult:
    verification: Verification
    ctx: Context
    out_rows: dict[str, int]
    exclusions: list[dict] = field(default_factory=list)
    #: records written to the run's subject index (None: no subject columns, no index)
    subjects: int | None = None
    #: table → CSV/TSV cells written with a quote before a formula (io/formulas.py)
    quoted: dict[str, int] = field(default_factory=dict)
    #: date shifts, k-anonymity and the name mix: ``date_shift``, ``risk``, ``fairness``
    governance: GovernanceReport = field(default_factory=GovernanceReport)

    def blocks(self) -> dict:
        """The manifest blocks of date shifting, k-anonymity and fairness, as in memory."""
        g = self.governance
        return {name: getattr(g, name) for name in ("date_shift", "risk", "fairness")
                if getattr(g, name) is not None}  # fmt: skip


@heap_frozen
def run_stream(
    splits: Sequence[SplitTable],
    plan: Plan,
    policy: Policy,
    key: bytes,
    optouts: dict[str, Optouts],
    work: Path,
    data_dir: Path,
    run_many: RunMany = run_locally,
    say: Callable[[str], None] = lambda _: None,
    stage: Callable[[str], Any] | None = None,
    governance: Governance | None = None,
    checkpoints: Checkpoints | None = None,
) -> StreamResult:
    """Every pass over every partition; the output files end up in ``data_dir``.
    ``governance``: date shifts and generalisation decided beforehand (``prepare``),
    else decided here. With ``checkpoints``, each finished partition of a pass is kept,
    and kept ones are read back instead of run again (a resumed run)."""
    from contextlib import nullcontext

    timed = stage or (lambda _name: nullcontext())
    if checkpoints is not None:
        run_many = checkpoints.wrap(run_many)
    pz = Pseudonymizer(key, policy.locale, keep_gender=policy.fakes.keep_gender,
                       keep_locale_mix=policy.fakes.keep_locale_mix)  # fmt: skip
    store = work / "values"
    shared_plan = on_disk(work, "plan", plan)
    gov = governance if governance is not None else decide(splits, plan, policy, work)
    with timed("collect"):
        # A table's country column is decided once, from its first rows (as its plan).
        country = {s.table.name: next(iter(country_columns(s.table.df)), None) for s in splits}
        calls = [
            (p, s.table.name, shared_plan, policy, key, optouts[s.table.name], store,
             country[s.table.name])
            for s in splits
            for p in s.parts
        ]  # fmt: skip
        # Folded as they arrive: hundreds of partitions' name sets would not fit at once.
        reserved: set[str] = set()
        requests: set[tuple[str, str]] = set()
        collected: list[Collected] = []
        for c in progress("collect", run_many("collect", calls), len(calls), say):
            words, parts = c.name_sets()
            reserved |= words
            requests |= parts
            collected.append(c)
    text = None
    if any(text_decisions(plan, s.table.name) for s in splits):
        with timed("detect"):
            text = text_passes(splits, plan, policy, key, optouts, work, collected, shared_plan,
                                run_many, say)  # fmt: skip
            for spread in text.spreads:
                if spread.names is not None:  # worked out on the worker (``spread_named``)
                    words, parts = pickle.loads(spread.names.read_bytes())
                else:  # a spread kept from an interrupted run before ``spread_named``
                    words, parts = store_name_sets(pz, policy, spread.store)
                reserved |= words
                requests |= parts
    pz.reserve_name_parts(reserved)
    # Nor a real town, company or postcode (as in memory: ``apply.build_maps``).
    stores = [c.store for c in collected] + ([s.store for s in text.spreads] if text else [])
    for entity in PLACE_ENTITIES:
        files = [st[entity] for st in stores if entity in st]
        pz.reserve_places(pl.concat([pl.read_parquet(f, columns=["value"])["value"]
                                     for f in files]).unique().sort() if files else [])  # fmt: skip
    spreads = text.spreads if text else None
    teach_bundle_initials(pz, bundle_shares(splits, plan, collected, spreads, work))
    pz.preregister(requests)  # (answers the initials' questions among them: ``initials.py``)
    del reserved, requests
    places = [pl.read_parquet(c.places) for c in collected if c.places is not None]
    locales = best_locales(places)
    for entity, hints in locales.items():
        pz.set_locales(entity, hints)
    state = (pz.registry(), locales, pz.place_words(), pz.initials())
    shared_registry = on_disk(work, "registry", state)
    with timed("map"):
        stores = [c.store for c in collected]
        if text is not None:
            stores += [s.store for s in text.spreads if s.store]
        targets = on_disk(work, "targets", text.targets) if text is not None else None
        draw_and_settle(stores, policy, key, shared_registry, work, run_many, say, targets,
                    checkpoints)  # fmt: skip
        if text is not None:
            pieces = {e: [st[e] for st in stores if e in st] for e in ADDRESS_PIECES}
            text.moved = on_disk(work, "moved", {e: moved_values(f) for e, f in pieces.items()})
        # Whole names in a kept column of firms get their person's fake (``thing_names``).
        names_moved = None
        if policy.operator_for("PERSON") == "fake" and any(
            thing_columns(plan, s.table.name) for s in splits
        ):
            person = [st["PERSON"] for st in stores if "PERSON" in st]
            names_moved = on_disk(work, "names-moved", moved_values(person)) if person else None
    by_table: dict[str, list[Applied]] = {}
    out_parts: dict[str, list[Path]] = {}
    quoted: dict[str, int] = {}
    with timed("transform"):
        # The kept-column hunt's targets (``kept_checks.py``): the text check's, else
        # every structured value (a partition without text has no ``TextShared``).
        found = (
            text.targets if text is not None
            else kept_targets([c.store for c in collected], splits, plan, policy, work, run_many,
                              [c.kept_words for c in collected])
        )  # fmt: skip
        hunted = on_disk(work, "kept-targets", found)
        calls = []
        for s in splits:
            out_parts[s.table.name] = [work / "out" / s.table.name / p.name for p in s.parts]
            first = len(calls)
            stores = [c.store for c in collected[first : first + len(s.parts)]]
            parts = [text.part(first + i, c.rows) if text else None
                     for i, c in enumerate(collected[first : first + len(s.parts)])]  # fmt: skip
            calls += [
                (p, s.table.name, shared_plan, policy, key, shared_registry,
                 optouts[s.table.name], o, work / "digests", st, tp, gov, hunted, names_moved)
                for p, o, st, tp in zip(s.parts, out_parts[s.table.name], stores, parts,
                                        strict=True)
            ]  # fmt: skip
        if checkpoints is not None and checkpoints.marked("risk-started"):
            # Suppression rewrites the output partitions in place: a run that died in it
            # writes them afresh.
            checkpoints.forget("apply")
            checkpoints.forget("risk-started")
        # Nothing rewrites an output partition after this pass unless k-anonymity may
        # suppress rows: the output files are then written as the partitions come in.
        formulas = policy.output.neutralise_formulas
        ahead = (
            None if policy.risk.quasi_identifiers
            else AssembleAhead(splits, out_parts, data_dir, formulas)
        )  # fmt: skip
        applied: list[Applied] = []
        try:
            for a in progress("apply", run_many("apply", calls), len(calls), say):
                applied.append(a)
                if ahead is not None:
                    ahead.applied(len(applied) - 1)
        except BaseException:
            if ahead is not None:
                ahead.stop()
            raise
        residual_pass(applied, policy, key, run_many, say)
        if checkpoints is not None and gov.quasi_identifiers:
            checkpoints.mark("risk-started")

        def tracked(name: str, calls: list[tuple]) -> Iterator[Any]:
            return progress(name, run_many(name, calls), len(calls), say)

        governed, lost = reduce_risk(splits, out_parts, gov, policy, work, tracked)
        note_lost(splits, applied, lost)
        measured = [a.fairness for a in applied]
        governed.fairness = fairness_report(
            splits, measured, lost, out_parts, plan, policy, tracked
        )
        i = 0
        for s in splits:
            by_table[s.table.name] = applied[i : i + len(s.parts)]
            i += len(s.parts)
            if ahead is None:
                quoted[s.table.name] = assemble(
                    s.table, out_parts[s.table.name], data_dir / s.table.path.name, formulas
                )
            rows = sum(a.rows for a in by_table[s.table.name])
            say(f"  transformed {s.table.name}: {rows:,} rows")
        if ahead is not None:
            quoted = ahead.result()
    say("  verifying output independently")
    with timed("verify"):
        digests: dict[tuple[str, str, str], list[Path]] = defaultdict(list)
        for a in applied:
            for place, path in a.out_digests.items():
                digests[place].append(path)

        def frames(table: str) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
            split = next(s for s in splits if s.table.name == table)
            for part, out in zip(split.parts, out_parts[table], strict=True):
                kept, _ = optouts[table].split(pl.read_parquet(part), key)
                yield kept, pl.read_parquet(out)

        tables = [s.table for s in splits]
        # The gate's merges in a thread of this process while the workers run the leak
        # check (polars and numpy leave the interpreter to the other thread).
        with ThreadPoolExecutor(max_workers=1) as beside:
            gate = beside.submit(gate_results, by_table, tables, plan, policy, pz, frames)
            # A small export's check is quicker here than as tasks (a task's own cost).
            size = sum(p.stat().st_size for paths in digests.values() for p in paths)
            apart = run_many if size >= LEAK_ON_WORKERS_BYTES else None
            leak, where = leak_check(lambda e: Buckets(work / "real" / e), digests, apart)
            gated = gate.result()
        findings = leak_findings(key, pz, where, out_parts) if where else []
        largest = max((a.rows + a.removed for a in applied), default=0)
        sizes = {"partitions": len(applied), "largest_partition_rows": largest}
        sweep, swept, cleared = _sweep_results(by_table)
        findings += swept
        checks = [
            leak,
            sweep,
            structure_check(tables, by_table),
            Check("partitions", True, sizes, gating=False),
        ]
        review: list[dict] = []
        checked = text_checked(by_table)
        if text is not None:
            review = add_text_checks(checks, findings, cleared, checked, policy)
        place_gate_checks(checks, findings, cleared, gated)
        if k_check := k_anonymity_check(governed, policy):
            checks.append(k_check)
    if (line := memory_here("verify")) is not None:
        say(line)
    ctx = Context(pz, policy)
    listed = ReviewList().add(tc.spans_review for tc in checked)
    ctx.review, ctx.review_left_out = listed.items, listed.left_out()
    for a in applied:
        for place, n in a.counts.items():
            ctx.counts[place] = ctx.counts.get(place, 0) + n
    exclusions = [
        {"table": name, "rows_excluded": sum(a.removed for a in parts), "reason": "opt-out"}
        for name, parts in by_table.items()
        if (optouts[name].wanted or optouts[name].forgotten) and optouts[name].id_columns
    ] + [
        {"table": t, "rows_excluded": n, "reason": "k-anonymity suppression"}
        for t, n in sorted(governed.suppressed.items()) if n
    ]  # fmt: skip
    index_files = [a.subjects for a in applied if a.subjects is not None]
    indexed = any(o.index_columns for o in optouts.values())
    count = merge_records(index_files, data_dir.parent / INDEX_FILE) if indexed else None
    return StreamResult(
        Verification(checks, findings, review, cleared=cleared),
        ctx,
        {name: sum(a.rows for a in parts) for name, parts in by_table.items()},
        exclusions,
        count,
        quoted,
        governed,
    )


def merge_records(files: Sequence[Path], dest: Path) -> int:
    """The partitions' sorted subject records as one sorted index file without repeats,
    written run of buckets by run of buckets: memory holds one run (``settle.groups``),
    never the index. Returns the records written."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with dest.open("wb") as handle:
        for g in groups(list(files)) if files else []:
            count += append_records(handle, distinct(*[read_buckets(f, g) for f in files]))
    dest.chmod(0o644)
    return count
