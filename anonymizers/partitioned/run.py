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
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from anonymizers.governance.govern import GovernanceReport, k_anonymity_check
from anonymizers.governance.subject_index import INDEX_FILE, append_records
from anonymizers.io.partitions import SplitTable, assemble
from anonymizers.partitioned.apply_pass import Applied, TextPart, apply_partition, from_table_start
from anonymizers.partitioned.checkpoints import Checkpoints
from anonymizers.partitioned.checks import leak_check, leak_findings, structure_check
from anonymizers.partitioned.collector import heap_frozen
from anonymizers.partitioned.draw_pass import draw_fakes, redraw_partition
from anonymizers.partitioned.fairness import fairness_report, names_after
from anonymizers.partitioned.gate import add_gate_checks
from anonymizers.partitioned.govern import Governance, decide
from anonymizers.partitioned.initials import partition_share, teach_bundle_initials
from anonymizers.partitioned.kept_targets import held_of_entity, kept_targets
from anonymizers.partitioned.memory import MemoryLog
from anonymizers.partitioned.passes import (
    Collected,
    Optouts,
    collect_partition,
    norm_digests,
    spread_named,
    store_name_sets,
)
from anonymizers.partitioned.residual_pass import residual_slice, settled_residual
from anonymizers.partitioned.review_list import ReviewList
from anonymizers.partitioned.risk import (
    cascade_partition,
    count_partition,
    note_lost,
    reduce_risk,
    suppress_partition,
)
from anonymizers.partitioned.settle import Buckets, distinct, groups, read_buckets
from anonymizers.partitioned.settle_pass import settle_entity
from anonymizers.partitioned.shared import OnDisk, load_shared, on_disk
from anonymizers.partitioned.store_files import moved_values
from anonymizers.partitioned.target_index import TargetWriter
from anonymizers.partitioned.text import (
    SLICE_CHARS,
    Detected,
    Spread,
    detect_partition,
    join_slices,
    known_input,
    merge_detected,
    merge_held,
    text_decisions,
)
from anonymizers.partitioned.text_checks import (
    GlobalTargets,
    TextChecked,
    TextShared,
    add_text_checks,
    global_targets,
    residual_share,
    structured_targets,
)
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
#: The functions behind each pass name (what a worker runs).
PASSES: dict[str, Callable[..., Any]] = {
    "collect": collect_partition,
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
}


#: Seconds between a pass's progress lines at most: a 5 GiB export's passes take tens of
#: minutes each, and a nightly log that says nothing for half an hour looks like a hang.
PROGRESS_EVERY_S = 60.0


def _progress(
    name: str, results: Iterable[Any], total: int, say: Callable[[str], None],
    unit: str = "partitions",
) -> Iterator[Any]:  # fmt: skip
    """``results`` passed through, with a line of counts (never values) now and then, and
    the time the pass has left at the rate it has gone so far; at its end, a line of the
    peak memory before and during the pass (``memory.py``)."""
    global _memory
    if _memory is None:
        _memory = MemoryLog()
    before = _memory.take()
    start = last = time.monotonic()
    noted = False
    for done, result in enumerate(results, 1):
        if done == total:  # said before the last result: a caller may stop at it
            say(_memory.note(name, before, _memory.take()))
            noted = True
        yield result
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY_S and done < total:
            left = (now - start) / done * (total - done)
            say(f"  {name}: {done:,} of {total:,} {unit} ({now - start:,.0f} s, "
                f"about {left:,.0f} s left)")  # fmt: skip
            last = now
    if not noted:
        say(_memory.note(name, before, _memory.take()))


#: Peaks of this process and its workers since the last pass (``_progress``).
_memory: MemoryLog | None = None


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


def _freeze_long_lived() -> None:
    """Move what a worker keeps for its whole life (imported modules, Prefect's models,
    the shared plan and registry) out of the collector's sight, once per newly loaded
    shared value. A full collection in a Prefect worker walks a great many such objects,
    and a pass ends with one per partition: on the many short calls of a settling round
    that walk, not the work, would be the cost. Only what exists now is frozen; a pass's
    own garbage, cycles included, is still collected. Each new freeze first thaws the last
    one, so a long-lived Dask worker that has dropped an earlier run's shared values still
    frees them: nothing stays frozen for good. (A Dask worker with several threads may
    freeze another thread's pass in flight with the rest: its garbage then waits for the
    next thaw, the next newly loaded shared value.)"""
    global _frozen_shared
    shared = load_shared.cache_info().misses  # grows with every newly loaded shared value
    if shared != _frozen_shared:
        gc.unfreeze()
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
    counts = {"columns": 0, "matches": 0, "unexplained": 0, "cleared": 0}
    for parts in by_table.values():
        offset = 0
        columns = 0
        for a in parts:
            for name in ("matches", "unexplained", "cleared"):
                counts[name] += a.sweep_counts.get(name, 0)
            columns = max(columns, a.sweep_counts.get("columns", 0))
            findings += [{**f, "row": f["row"] + offset} for f in a.sweep_findings]
            cleared += [{**f, "row": f["row"] + offset} for f in a.sweep_cleared]
            offset += a.rows
        counts["columns"] += columns  # the table's swept columns, once, not per partition
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
        for c in _progress("collect", run_many("collect", calls), len(calls), say):
            words, parts = c.name_sets()
            reserved |= words
            requests |= parts
            collected.append(c)
    text = None
    if any(text_decisions(plan, s.table.name) for s in splits):
        with timed("detect"):
            text = _text_passes(splits, plan, policy, key, optouts, work, collected, shared_plan,
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
    teach_bundle_initials(pz, _initials_shares(splits, plan, collected, text, work))
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
        _settle_all(stores, policy, key, shared_registry, work, run_many, say, targets,
                    checkpoints)  # fmt: skip
        if text is not None:
            pieces = {e: [st[e] for st in stores if e in st] for e in ADDRESS_PIECES}
            text.moved = on_disk(work, "moved", {e: moved_values(f) for e, f in pieces.items()})
    by_table: dict[str, list[Applied]] = {}
    out_parts: dict[str, list[Path]] = {}
    quoted: dict[str, int] = {}
    with timed("transform"):
        # The kept-column hunt's targets (``kept_checks.py``): the text check's, else
        # every structured value (a partition without text has no ``TextShared``).
        found = (
            text.targets if text is not None
            else kept_targets([c.store for c in collected], splits, plan, policy, work, run_many)
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
                 optouts[s.table.name], o, work / "digests", st, tp, gov, hunted)
                for p, o, st, tp in zip(s.parts, out_parts[s.table.name], stores, parts,
                                        strict=True)
            ]  # fmt: skip
        if checkpoints is not None and checkpoints.marked("risk-started"):
            # Suppression rewrites the output partitions in place: a run that died in it
            # writes them afresh.
            checkpoints.forget("apply")
            checkpoints.forget("risk-started")
        applied: list[Applied] = list(_progress("apply", run_many("apply", calls), len(calls), say))
        _residual_pass(applied, policy, key, run_many, say)
        if checkpoints is not None and gov.quasi_identifiers:
            checkpoints.mark("risk-started")

        def tracked(name: str, calls: list[tuple]) -> Iterator[Any]:
            return _progress(name, run_many(name, calls), len(calls), say)

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
            quoted[s.table.name] = assemble(
                s.table, out_parts[s.table.name], data_dir / s.table.path.name,
                formulas=policy.output.neutralise_formulas,
            )  # fmt: skip
            rows = sum(a.rows for a in by_table[s.table.name])
            say(f"  transformed {s.table.name}: {rows:,} rows")
    say("  verifying output independently")
    with timed("verify"):
        digests: dict[tuple[str, str, str], list[Path]] = defaultdict(list)
        for a in applied:
            for place, path in a.out_digests.items():
                digests[place].append(path)
        leak, where = leak_check(lambda e: Buckets(work / "real" / e), digests)
        findings = leak_findings(key, pz, where, out_parts) if where else []
        largest = max((a.rows + a.removed for a in applied), default=0)
        sizes = {"partitions": len(applied), "largest_partition_rows": largest}
        sweep, swept, cleared = _sweep_results(by_table)
        findings += swept
        checks = [
            leak,
            sweep,
            structure_check([s.table for s in splits], by_table),
            Check("partitions", True, sizes, gating=False),
        ]
        review: list[dict] = []
        checked = _text_checked(by_table)
        if text is not None:
            review = add_text_checks(checks, findings, cleared, checked, policy)

        def frames(table: str) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
            split = next(s for s in splits if s.table.name == table)
            for part, out in zip(split.parts, out_parts[table], strict=True):
                kept, _ = optouts[table].split(pl.read_parquet(part), key)
                yield kept, pl.read_parquet(out)

        add_gate_checks(checks, findings, cleared, by_table, [s.table for s in splits], plan,
                        policy, pz, frames)  # fmt: skip
        if k_check := k_anonymity_check(governed, policy):
            checks.append(k_check)
    if _memory is not None:
        say(_memory.note_here("verify"))
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


def _initials_shares(
    splits: Sequence[SplitTable],
    plan: Plan,
    collected: list[Collected],
    text: TextRun | None,
    work: Path,
) -> list[Path]:
    """Every partition's share of the bundle's initials (``initials.py``), worked out on
    the workers; here only for a pass kept from an interrupted run made before them."""
    parts = [(p, s.table.name) for s in splits for p in s.parts]
    shares: list[Path] = []
    for c, (p, t) in zip(collected, parts, strict=True):
        dest = work / "values" / f"initials-{t}-{p.stem}.parquet"
        shares.append(c.initials or partition_share(c.store, pl.read_parquet(p), t, plan, dest))
    for spread, (p, t) in zip(text.spreads if text else [], parts, strict=bool(text)):
        if spread.store:
            dest = work / "values" / f"initials-text-{t}-{p.stem}.parquet"
            shares.append(spread.initials or partition_share(spread.store, None, t, plan, dest))
    return shares


def _residual_pass(
    applied: list[Applied],
    policy: Policy,
    key: bytes,
    run_many: RunMany,
    say: Callable[[str], None],
) -> None:
    """The residual scan of every partition's sample, drawn by its apply task, in slices
    on the workers (``residual_pass.py``), put back into each partition's text checks."""
    pending = [a.text for a in applied if a.text is not None and a.text.pending is not None]
    calls = [(tc.pending.file, lo, hi, policy, key) for tc in pending if tc.pending
             for lo, hi in tc.pending.cuts]  # fmt: skip
    done = iter(_progress("residual", run_many("residual", calls), len(calls), say)
                if calls else ())  # fmt: skip
    for tc in pending:
        if tc.pending is None:
            continue
        flags = [next(done) for _ in tc.pending.cuts]
        tc.residual, tc.review = settled_residual(tc.pending, flags, policy.verification)
        tc.pending = None


def _text_checked(by_table: dict[str, list[Applied]]) -> list[TextChecked]:
    """Each partition's text checks, rows counted from its table's start."""
    return from_table_start(by_table, lambda a: a.text)


@dataclass
class TextRun:
    """The text passes' results: per partition (in the order of the collect pass) its
    detected spans and candidates, and what the apply tasks share."""

    detected: list[Detected]
    spreads: list[Spread]
    targets: GlobalTargets
    shared: OnDisk
    #: rows of the tables with free text (the residual sample is shared out by rows)
    rows: int
    sample_rows: int
    #: after settling: the street, town and postcode values it moved (``text.Moved``)
    moved: OnDisk | None = None

    def part(self, i: int, rows: int) -> TextPart | None:
        if self.detected[i].spans is None:
            return None
        share = residual_share(self.sample_rows, rows, self.rows)
        return TextPart(self.detected[i], self.spreads[i], self.shared, share, self.moved)


def _text_passes(
    splits: Sequence[SplitTable],
    plan: Plan,
    policy: Policy,
    key: bytes,
    optouts: dict[str, Optouts],
    work: Path,
    collected: list[Collected],
    shared_plan: OnDisk,
    run_many: RunMany,
    say: Callable[[str], None],
) -> TextRun:
    """Detection and spreading over every partition (``partitioned/text.py``), with the
    merges between them in this process."""
    structured: dict[str, list[Path]] = defaultdict(list)
    ids: set[str] = set()
    for c in collected:
        for entity, path in c.store.items():
            structured[entity].append(path)
        ids |= c.named_ids()
    known = known_input(structured, ids, plan, policy, work)
    shared_known = on_disk(work, "known", known)
    parts = [(p, s.table.name) for s in splits for p in s.parts]
    # A partition's text goes out in slices of like text (``text.text_cuts``: at most
    # ``nlp.chunk_size`` rows): the workers then share out even a bundle of one partition
    # (spans are the same: ``join_slices``).
    slices = [(c.cuts or [(0, 0)]) if c.cuts is not None else _row_cuts(c, policy)
              for c in collected]  # fmt: skip
    # A partition of a table without text is no task: its detection and spreading find
    # nothing (``Detected()``, ``Spread()``), and a task's bookkeeping costs its worker
    # ~0.2 s (one of 14 detect tasks and 3 spread tasks on the mixed bench's export).
    texts = [bool(text_decisions(plan, t)) for _, t in parts]
    calls = [
        (p, t, shared_plan, policy, key, optouts[t], shared_known, work, rows)
        for (p, t), cuts, text in zip(parts, slices, texts, strict=True) if text
        for rows in cuts
    ]  # fmt: skip
    say(f"  detect: text in {len(calls):,} slice(s) of up to {policy.nlp.chunk_size:,} rows "
        f"or {SLICE_CHARS:,} characters")  # fmt: skip
    written: list[TargetWriter] = []

    def then_targets(results: Iterable[Detected], n: int) -> Iterator[Detected]:
        """The ``n`` detect results; once all but the last are in, the structured part
        of the leak check's targets is written (``structured_targets``): a worker has no
        slice left to detect by then, and the parent's work takes its core rather than
        waiting for the pass to end (0.3-0.4 s of CPU on the mixed bench's export)."""
        for i, result in enumerate(results, 1):
            yield result
            if i == n - 1:
                written.append(structured_targets(structured, policy, work))

    done = iter(then_targets(_progress("detect", run_many("detect", calls), len(calls), say),
                             len(calls)))  # fmt: skip
    detected = [
        join_slices([next(done) for _ in cuts], p, work) if text else Detected()
        for (p, _t), cuts, text in zip(parts, slices, texts, strict=True)
    ]
    guessed, search = merge_detected(detected, policy, work)
    extra = on_disk(work, "guesses", search)
    calls = [
        (p, t, shared_plan, policy, key, optouts[t], shared_known, extra, d, work,
         work / "values", norm_digests)
        for (p, t), d in zip(parts, detected, strict=True) if d.spans is not None
    ]  # fmt: skip
    done = iter(_progress("spread", run_many("spread", calls), len(calls), say))
    spreads = [next(done) if d.spans is not None else Spread() for d in detected]
    rejected = guessed.rejected(merge_held(spreads))
    targets = global_targets(structured, spreads, policy, work, rejected,
                             written[0] if written else None)  # fmt: skip
    shared = on_disk(work, "text", TextShared(known, rejected, targets, search.shared))
    rows = sum(c.rows for c, d in zip(collected, detected, strict=True) if d.spans is not None)
    sample = policy.verification.residual_sample_rows
    return TextRun(detected, spreads, targets, shared, rows, sample)


def _row_cuts(c: Collected, policy: Policy) -> list[tuple[int, int]]:
    """Slices of ``nlp.chunk_size`` kept rows: a partition collected without its cuts
    (a table without text, or a collect pass kept from an interrupted run)."""
    kept, step = c.rows - c.removed, max(1, policy.nlp.chunk_size)
    return [(lo, min(lo + step, kept)) for lo in range(0, kept, step)] or [(0, 0)]


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


def _settle_all(
    stores: list[dict[str, Path]],
    policy: Policy,
    key: bytes,
    registry: OnDisk,
    work: Path,
    run_many: RunMany,
    say: Callable[[str], None],
    targets: OnDisk | None = None,
    checkpoints: Checkpoints | None = None,
) -> None:
    """Attempt-0 fakes on the workers (a task per partition), then each entity settled
    on the workers (a task per entity, ``settle_pass.py``), the real-value digests kept
    on disk for the leak check."""
    store_files: dict[str, list[Path]] = defaultdict(list)
    for store in stores:
        for entity, path in store.items():
            store_files[entity].append(path)
    drawn: dict[str, list[tuple[Path, Path]]] = defaultdict(list)
    # A partition with no value to fake or check is no task (it would draw nothing).
    calls = [(store, policy, key, registry, targets) for store in stores if store]
    for result in _progress("draw", run_many("draw", calls), len(calls), say):
        for entity, paths in result.items():
            drawn[entity].append(paths)
    # Settled before the run was interrupted: its files are all there.
    todo = [e for e in sorted(drawn) if not (checkpoints and checkpoints.marked(f"settled-{e}"))]
    # The largest first, so that the workers finish together.
    size = {e: sum(f.stat().st_size for f in store_files[e]) for e in todo}
    order = sorted(todo, key=lambda e: (-size[e], e))
    calls = [(e, drawn[e], store_files[e], policy, key, registry, work, targets) for e in order]
    settled = _progress("settle", run_many("settle", calls), len(calls), say, "entities")
    for entity, moved in zip(order, settled, strict=True):
        if checkpoints is not None:
            checkpoints.mark(f"settled-{entity}")
        if policy.operator_for(entity) == "fake":
            say(f"  {entity}: {moved:,} fake(s) re-drawn to settle collisions")
