"""The apply pass: a partition's fakes with their settled attempts, written, digested
and checked.

``apply_partition`` reads the partition, fakes every column and text with the settled
fakes (``store_files.settled_attempts``), applies governance, writes the output and
returns what the parent's checks merge (``Applied``): output digests for the leak check,
the pattern sweep, the text checks, the subject index records and the gate's share
(``gate_partition``: kept columns, schema, joins).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from anonymizers.governance.optouts import as_text
from anonymizers.governance.risk import generalise
from anonymizers.governance.subject_index import records
from anonymizers.io.tables import Table
from anonymizers.partitioned.digests import norm_digests
from anonymizers.partitioned.fairness import names_partition
from anonymizers.partitioned.govern import Governance, govern_partition
from anonymizers.partitioned.join_checks import join_digests
from anonymizers.partitioned.kept_checks import KeptChecked, check_kept
from anonymizers.partitioned.passes import (
    Optouts,
    distinct_strings,
    faked_entities,
    ready_pseudonymizer,
)
from anonymizers.partitioned.review_list import ReviewShare
from anonymizers.partitioned.schema import schema_problems
from anonymizers.partitioned.settle import (
    distinct,
)
from anonymizers.partitioned.shared import OnDisk
from anonymizers.partitioned.store_files import fake_file, round_fakes, settled_attempts
from anonymizers.partitioned.text import (
    Detected,
    Spread,
    final_spans,
    text_decisions,
)
from anonymizers.partitioned.text_addresses import (
    compose_text_addresses,
)
from anonymizers.partitioned.text_checks import (
    GlobalTargets,
    TextChecked,
    TextShared,
    check_text,
    review_items,
)
from anonymizers.partitioned.thing_names import person_fakes, replace_thing_names, thing_columns
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.normalise import (
    normalise,
)
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import (
    UNMAPPED,
    Context,
    TableResult,
    cell_texts,
    replacements_for,
    transform_table,
)
from anonymizers.verify.outcome import MAX_FINDINGS
from anonymizers.verify.sweep import sweep_tables


@dataclass
class Applied:
    rows: int
    removed: int
    counts: dict[tuple[str, str, str], int]
    #: (table, column, entity) → .npy file of the distinct output cell digests
    out_digests: dict[tuple[str, str, str], Path] = field(default_factory=dict)
    #: the pattern sweep of this partition's output: matches, and the unexplained ones
    #: (type, place, keyed digest; rows counted within the partition)
    #: the partition's pattern sweep: its counts, unexplained matches and cleared ones
    sweep_counts: dict[str, int] = field(default_factory=dict)
    sweep_findings: list[dict] = field(default_factory=list)
    sweep_cleared: list[dict] = field(default_factory=list)
    #: .npy of the sorted subject index records of this partition's kept rows
    subjects: Path | None = None
    #: the text checks of a partition with free text, and its spans listed for review
    text: TextChecked | None = None
    #: rows dropped after the apply pass by k-anonymity suppression (``partitioned/risk.py``)
    suppressed: int = 0
    #: faked name column → its names before and after (``partitioned/fairness.py``)
    fairness: dict[str, tuple[dict, dict]] = field(default_factory=dict)
    #: the real values hunted in its kept columns (``kept_checks.py``)
    kept: KeptChecked | None = None
    #: column → its join digest files (``join_checks.join_digests``)
    joins: dict[str, tuple[str, Path, Path, Path, int]] = field(default_factory=dict)
    #: its output columns and types against its input's (``schema.schema_problems``)
    schema: list[tuple[str, str | None, str]] = field(default_factory=list)


def from_table_start(by_table: dict[str, list[Applied]], pick: Callable[[Applied], Any]) -> list:
    """Each partition's share of a check (``pick``: its ``TextChecked`` or ``KeptChecked``,
    or None), with its rows counted from its table's start (``offset``)."""
    out: list = []
    for parts in by_table.values():
        offset = 0
        for a in parts:
            if (share := pick(a)) is not None:
                out.append(share.offset(offset))
            offset += a.rows
    return out


def apply_partition(
    part: Path,
    table: str,
    plan: Plan,
    policy: Policy,
    key: bytes,
    registry: tuple,
    optouts: Optouts,
    out_part: Path,
    digest_dir: Path,
    store: dict[str, Path],
    text: TextPart | None = None,
    gov: Governance | None = None,
    targets: OnDisk | None = None,
    names_moved: OnDisk | tuple[np.ndarray, np.ndarray] | None = None,
) -> Applied:
    """Pass 3 on one partition: replace, shift dates and generalise (``gov``), write, and
    digest what was written; with free text, its spans replaced too and the output text
    checked (``text``). A person's whole name in a kept column of firms gets that person's
    fake (``names_moved``: the names settling moved, ``thing_names.py``). Its kept columns
    are searched for real values (the text check's targets, else ``targets``), and its
    schema and join digests made (``gate.py``)."""
    df = pl.read_parquet(part)
    kept, removed = optouts.split(df, key)
    pz = ready_pseudonymizer(key, policy, registry)
    ctx = Context(pz, policy)
    decisions = plan.tables[table]
    wanted: dict[str, set[str]] = {
        entity: set(distinct_strings(kept, [c for t, c in places if t == table]))
        for entity, places in faked_entities(plan, policy).items()
    }
    shared: TextShared | None = text.shared.load() if text is not None else None
    if text is not None and shared is not None:
        ctx.spans = final_spans(kept, table, plan, text.detected, text.spread, shared.rejected)
        for (tname, column), rows in ctx.spans.items():
            for cell, found in zip(cell_texts(kept[column]), rows, strict=True):
                for sp in found:
                    wanted.setdefault(sp.entity, set()).add((cell or "")[sp.start : sp.end])
                    if sp.stands_for:
                        wanted[sp.entity].add(sp.stands_for)
                    place = (tname, column, sp.entity)
                    ctx.counts[place] = ctx.counts.get(place, 0) + 1
    files = {e: [f for f in (store.get(e), text.spread.store.get(e) if text else None) if f]
             for e in wanted}  # fmt: skip
    for entity, values in wanted.items():
        op = policy.operator_for(entity)
        if op != "fake" or not values:
            ctx.maps[entity] = replacements_for(ctx, entity, op, sorted(values))
            continue
        mapping = _settled_fakes(pz, entity, files[entity])
        # In any order: the maps are looked up, never walked in order (a sort of each
        # partition's values was ~2.5 CPU s on a million employees). The store holds the
        # partition's values, so the map mostly is the one wanted: compared at C speed.
        if mapping.keys() != values:
            mapping = {v: mapping[v] for v in values if v in mapping}
        ctx.maps[entity] = mapping
    if text is not None and shared is not None:
        moved = text.moved.load() if text.moved is not None else {}
        compose_text_addresses(ctx, wanted, shared.known, shared.targets, moved, norm_digests)
    part_table = Table(table, part, "parquet", kept, "", 0)
    result = transform_table(part_table, plan, ctx)
    hunted = shared.targets if shared is not None else targets
    if isinstance(hunted, OnDisk):
        hunted = hunted.load()
    if names_moved is not None and hunted is not None and (things := thing_columns(plan, table)):
        # A firm named after a person of the bundle (``thing_names.py``).
        moved = names_moved.load() if isinstance(names_moved, OnDisk) else names_moved
        fake = person_fakes(pz, key, moved)
        result.df, changed = replace_thing_names(result.df, things, hunted, fake)
        for column, n in changed.items():
            ctx.counts[(table, column, "PERSON")] = ctx.counts.get((table, column, "PERSON"), 0) + n
    result.df = govern_partition(result.df, kept, table, gov, policy, key)
    out_part.parent.mkdir(parents=True, exist_ok=True)
    result.df.write_parquet(out_part, compression="lz4", statistics=False)
    applied = Applied(result.df.height, removed.height, dict(ctx.counts))
    applied.fairness = names_partition(kept, result.df, table, plan, policy)
    if text is not None and shared is not None:
        # The residual sample is drawn here, scanned by the residual pass (``run.py``).
        sample = digest_dir.parent / "residual" / f"{table}-{part.stem}.pickle"
        applied.text = check_text(
            ctx, part_table, result, plan, shared.targets, shared.known,
            text.sample_rows, f"{table}-{part.stem}", defer=sample,
        )  # fmt: skip
        applied.text.spans_review = ReviewShare.of(review_items(ctx, kept, ctx.spans))
    searched = {d.column for d in text_decisions(plan, table)} if applied.text else set()
    gate_partition(applied, ctx, part_table, result, plan, gov, digest_dir.parent, part.stem,
                   hunted, searched)  # fmt: skip
    # The plan was made from the first partition: an identifier pattern in a column it
    # left alone, further on, is what this sweep is for.
    pages = shared.shared_pages if shared is not None else None
    swept, found, cleared = sweep_tables(ctx, [part_table], {table: result}, plan, pages)
    applied.sweep_counts = dict(swept.counts)
    applied.sweep_findings = found[:MAX_FINDINGS]
    applied.sweep_cleared = cleared[:MAX_FINDINGS]
    if optouts.index_columns:
        ids = pl.concat([as_text(kept[c]) for c in optouts.index_columns]).drop_nulls().unique()
        applied.subjects = digest_dir.parent / "subjects" / f"{table}-{part.stem}.npy"
        applied.subjects.parent.mkdir(parents=True, exist_ok=True)
        np.save(applied.subjects, records(key, ids.to_list()))
    for dec in decisions:
        if dec.kind != "entity" or not dec.entity or dec.column not in result.df.columns:
            continue
        if dec.operator in UNMAPPED:
            continue
        cells = distinct_strings(result.df, [dec.column])
        dest = digest_dir / dec.entity / f"{table}-{dec.column}-{part.stem}.npy"
        dest.parent.mkdir(parents=True, exist_ok=True)
        np.save(dest, distinct(norm_digests(key, dec.entity, cells)))
        applied.out_digests[(table, dec.column, dec.entity)] = dest
    return applied


def gate_partition(
    applied: Applied, ctx: Context, table: Table, result: TableResult, plan: Plan,
    gov: Governance | None, work: Path, stem: str,
    targets: GlobalTargets | OnDisk | None, searched: set[str],
) -> None:  # fmt: skip
    """The partition's share of the gate's checks beyond the transform (``gate.py``):
    its kept columns hunted for real values, its schema compared, its join digests."""
    if isinstance(targets, OnDisk):
        targets = targets.load()
    if targets is not None:
        applied.kept = check_kept(ctx, table, result, plan, targets, searched)
    rules = gov.generalise.get(table.name) if gov is not None else None
    expected = dict(generalise(table.df.clear(), rules, gov.as_of).schema) if rules else None
    applied.schema = schema_problems(table.df, result.df, result.dropped_columns, table.name,
                                     plan, expected)  # fmt: skip
    applied.joins = join_digests(table.df, result.df, table.name, plan,
                                 work / "joins" / f"{table.name}-{stem}")  # fmt: skip


def _settled_fakes(pz: Pseudonymizer, entity: str, files: list[Path]) -> dict[str, str]:
    """Value → fake of the store files of one partition: the draw pass's attempt-0 fakes,
    and for a value settling moved to a later attempt, the fake its last round drew (or,
    where that round kept none, drawn again at that attempt)."""
    mapping: dict[str, str] = {}
    for path in files:
        drawn = pl.read_parquet(fake_file(path))
        attempts = settled_attempts(path, drawn["h"].to_numpy().astype(np.uint64))
        mapping.update(zip(drawn["value"].to_list(), drawn["fake"].to_list(), strict=True))
        moved = np.flatnonzero(attempts)
        if moved.size:
            values = drawn["value"].gather(moved)
            known = round_fakes(path, values, drawn["h"].to_numpy().astype(np.uint64)[moved])
            values = values.to_list()
            mapping.update((v, f) for v, f in zip(values, known, strict=True) if f is not None)
            left = [k for k, f in enumerate(known) if f is None]
            again = [values[k] for k in left]
            norms = [normalise(entity, v) for v in again]
            fakes, _ = pz.fake_many(entity, again, norms, attempts[moved][left].tolist())
            mapping.update(zip(again, fakes, strict=True))
    return mapping


@dataclass
class TextPart:
    """A partition's share of the free-text work in the apply pass: its spans and
    candidates (``text.Detected``, ``text.Spread``), what every partition shares, and
    its share of the residual sample."""

    detected: Detected
    spread: Spread
    #: the run's ``TextShared``
    shared: OnDisk
    sample_rows: int
    #: the run's ``text.Moved`` of street, town and postcode values
    moved: OnDisk | None = None
