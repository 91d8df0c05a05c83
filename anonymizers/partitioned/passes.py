"""Partitioned runs: one bundle faked part by part, consistently, in bounded memory.

The in-memory path holds one map per entity over every distinct value. Here no map is
held: a fake is a pure function of (key, entity, normalised value, attempt), so every
partition recomputes it, and only the *exceptions* (values whose attempt-0 fake collides
with another value's fake or equals a real value) must be known to every partition.

1. ``collect_partition`` (per partition, on workers): the distinct values of each faked
   entity go to a value store (Parquet, in the run's work folder) with a keyed 64-bit
   digest of their normalised form; the name parts they hold are returned.
2. The parent fills the name-part registry in one sorted order (``Pseudonymizer.
   preregister``), so parallel partitions fake names exactly alike.
3. ``draw_fakes`` (per store file, on workers): attempt-0 fakes → digests of the fakes.
4. ``settle`` (parent, numpy, one entity at a time): a fake equal to a real value, or
   shared by two values, loses (the smallest value digest keeps a shared fake); losers
   re-draw at attempt + 1 against every fake already placed, until none is left.
5. ``apply_partition`` (per partition, on workers): fakes with the settled attempts,
   written per partition; the digests of every output cell come back for the leak check.
6. ``checks.leak_check``: output digests against the real-value digests, entity by entity.

Free text adds passes between 1 and 3 (``partitioned/text.py``): its spans' values join
the value store, so a name gets the same fake in a column and in a text; with free text,
a fake that holds a real value of the bundle as a whole word loses in settling too (the
in-memory path's ``scrub_fakes``).

Memory: one partition per worker, and in the parent two 8-byte digests per distinct
value of the largest entity (with free text, each process also holds the bundle's
distinct known values once). Dates are shifted and quasi-identifiers generalised in the
apply pass (``partitioned/govern.py``); suppression below k merges group counts after it
(``partitioned/risk.py``).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from anonymizers.errors import PolicyError
from anonymizers.governance.govern import date_shift_columns
from anonymizers.governance.optouts import as_text, split_rows
from anonymizers.governance.risk import generalise
from anonymizers.governance.subject_index import record, records
from anonymizers.governance.subjects import normalise_id
from anonymizers.io.tables import Table
from anonymizers.partitioned.digests import digest64, norm_digests
from anonymizers.partitioned.fairness import names_partition
from anonymizers.partitioned.govern import Governance, govern_partition
from anonymizers.partitioned.join_checks import join_digests
from anonymizers.partitioned.kept_checks import KeptChecked, check_kept
from anonymizers.partitioned.redraw import LeakyCheck, TakenDigests, redraw_past_taken
from anonymizers.partitioned.schema import schema_problems
from anonymizers.partitioned.settle import (
    distinct,
    member,
    round_attempts,
    save_drawn,
    save_redraw,
)
from anonymizers.partitioned.shared import OnDisk
from anonymizers.partitioned.text import (
    Detected,
    KnownInput,
    Spread,
    SpreadInput,
    final_spans,
    named_ids,
    spread_partition,
    text_decisions,
    warm_detector,
)
from anonymizers.partitioned.text_addresses import (
    compose_text_addresses,
)
from anonymizers.partitioned.text_checks import (
    GlobalTargets,
    TextChecked,
    TextShared,
    check_text,
    leaky_fakes,
    review_items,
)
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.draw import ALNUM
from anonymizers.pseudonymise.name_pools import drawable_words, name_part_words
from anonymizers.pseudonymise.normalise import (
    DIGIT_ENTITIES,
    NAME_ENTITIES,
    normalise,
    normalise_many,
)
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import (
    UNMAPPED,
    Context,
    TableResult,
    cell_texts,
    replacements_for,
    string_values,
    transform_table,
)
from anonymizers.transform.consistency import place_counts
from anonymizers.verify.outcome import MAX_FINDINGS
from anonymizers.verify.sweep import sweep_tables


def faked_entities(plan: Plan, policy: Policy) -> dict[str, list[tuple[str, str]]]:
    """entity → (table, column) of every column whose values must be settled or checked."""
    out: dict[str, list[tuple[str, str]]] = {}
    for table, decisions in plan.tables.items():
        for dec in decisions:
            if dec.kind == "entity" and dec.entity and dec.operator not in UNMAPPED:
                out.setdefault(dec.entity, []).append((table, dec.column))
    return out


def refuse_unsupported(plan: Plan, policy: Policy, tables: Sequence[Table]) -> None:
    """What the engine cannot do, said before any work starts: a frozen plan that shifts
    a date column the policy's ``date_shift`` does not name would have no subject offset
    to shift it by."""
    reasons = []
    shifted = date_shift_columns(tables, policy)
    if any(
        d.operator == "shift" and d.column not in shifted.get(table, ())
        for table, decisions in plan.tables.items()
        for d in decisions
    ):
        reasons.append("date shifting of columns the policy's date_shift does not name")
    if reasons:
        raise PolicyError(
            "the plan asks for "
            + "; ".join(dict.fromkeys(reasons))
            + "; name them in the policy's date_shift.columns or plan again"
        )


@dataclass
class Optouts:
    """Opted-out ids and the columns that hold them, decided once in the parent; and the
    table's subject columns, whose values each partition adds to the subject index."""

    wanted: frozenset[str] = frozenset()
    id_columns: tuple[str, ...] = ()
    #: columns that reference a subject of the same table (manager_id): cleared, kept
    self_refs: tuple[str, ...] = ()
    #: the table's own subject columns (``governance/subject_columns.py``)
    index_columns: tuple[str, ...] = ()
    #: index records (16 hex digits) of forgotten subjects: excluded like opted-out ids
    forgotten: frozenset[str] = frozenset()

    def split(self, df: pl.DataFrame, key: bytes = b"") -> tuple[pl.DataFrame, pl.DataFrame]:
        """(kept rows, removed rows) of one partition; ``key`` (the pseudonymisation key)
        tells the forgotten subjects' ids."""
        wanted = self.wanted
        if self.forgotten and self.id_columns:
            wanted = wanted | self._forgotten_here(df, key)
        return split_rows(df, self.id_columns, self.self_refs, wanted)

    def _forgotten_here(self, df: pl.DataFrame, key: bytes) -> frozenset[str]:
        """The ids in this partition's id columns whose record was forgotten (a keyed
        digest per distinct id: only when something was ever forgotten)."""
        ids: set[str] = set()
        for c in (*self.id_columns, *self.self_refs):
            ids.update(as_text(df[c]).drop_nulls().unique().to_list())
        return frozenset(normalise_id(i) for i in ids if f"{record(key, i):016x}" in self.forgotten)


@dataclass
class Collected:
    """What pass 1 returns: small on purpose. Prefect keeps every task's result for the
    whole flow run (to link it to later tasks), so the name sets go to a file."""

    rows: int
    removed: int
    store: dict[str, Path]
    #: pickle of (reserved name words, (role, part) requests)
    names: Path | None = None
    #: pickle of the ids this partition's texts name (``text.named_ids``)
    ids: Path | None = None
    #: Parquet of rows per place and locale (``consistency.place_counts``)
    places: Path | None = None

    def name_sets(self) -> tuple[set[str], set[tuple[str, str]]]:
        if self.names is None:
            return set(), set()
        return pickle.loads(self.names.read_bytes())

    def named_ids(self) -> set[str]:
        return pickle.loads(self.ids.read_bytes()) if self.ids else set()


def _distinct(df: pl.DataFrame, columns: Iterable[str]) -> list[str]:
    series = [string_values(df[c]) for c in columns if c in df.columns]
    if not series:
        return []
    return pl.concat(series).unique().sort().to_list()


def replaceable(entity: str, values: list[str]) -> list[str]:
    """The values a fake replaces: "---", or "N/A" in a phone column, has no letter or
    digit to replace, keeps its own spelling as its fake, and so could never settle (its
    fake is a real value): such a cell is left as written, and is no real value."""
    digits = entity in DIGIT_ENTITIES
    return [v for v in values
            if ALNUM.search(v) and not (digits and not normalise(entity, v))]  # fmt: skip


def _new_pseudonymizer(key: bytes, policy: Policy) -> Pseudonymizer:
    return Pseudonymizer(
        key,
        policy.locale,
        keep_gender=policy.fakes.keep_gender,
        keep_locale_mix=policy.fakes.keep_locale_mix,
    )


def ready_pseudonymizer(key: bytes, policy: Policy, registry: tuple) -> Pseudonymizer:
    """A pseudonymizer that fakes as the run's does: ``registry`` is the run's name-part
    registry, place locales, the words only real places gave and the initials of the
    bundle's full names (``run.py`` fills them before any fake is drawn)."""
    names, locales, places, initials = registry
    pz = _new_pseudonymizer(key, policy)
    pz.load_registry(names)
    pz.load_place_words(places)
    pz.load_initials(initials)
    for entity, hints in locales.items():
        pz.set_locales(entity, hints)
    return pz


def collect_partition(
    part: Path,
    table: str,
    plan: Plan,
    policy: Policy,
    key: bytes,
    optouts: Optouts,
    store: Path,
    country: str | None = None,
) -> Collected:
    """Pass 1 on one partition: distinct values per entity to the store (opted-out rows'
    too: they are real values a fake must never equal), the name parts seen, and the
    rows per place and locale (``country``: the table's country column)."""
    if any(text_decisions(plan, t) for t in plan.tables):
        warm_detector(policy)  # on a worker: the model loads while the parent merges
    df = pl.read_parquet(part)
    removed = optouts.split(df, key)[1]
    pz = _new_pseudonymizer(key, policy)
    files: dict[str, Path] = {}
    reserved: set[str] = set()
    requests: set[tuple[str, str]] = set()
    for entity, places in faked_entities(plan, policy).items():
        values = replaceable(entity, _distinct(df, [c for t, c in places if t == table]))
        if not values:
            continue
        dest = store / entity / f"{table}-{part.stem}.parquet"
        dest.parent.mkdir(parents=True, exist_ok=True)
        pl.DataFrame(
            {"value": values, "h": norm_digests(key, entity, values)},
            schema={"value": pl.String, "h": pl.UInt64},
        ).write_parquet(dest, compression="lz4", statistics=False)
        files[entity] = dest
        words, parts = name_sets(pz, policy, entity, values)
        reserved |= words
        requests |= parts
    names = store / f"names-{table}-{part.stem}.pickle"
    names.parent.mkdir(parents=True, exist_ok=True)
    names.write_bytes(pickle.dumps((reserved, requests), protocol=pickle.HIGHEST_PROTOCOL))
    collected = Collected(df.height, removed.height, files, names)
    if country is not None:
        collected.places = store / f"places-{table}-{part.stem}.parquet"
        place_counts(df, table, plan, country).write_parquet(collected.places)
    if text_decisions(plan, table):
        ids = named_ids(df, table, plan, policy)
        collected.ids = store / f"ids-{table}-{part.stem}.pickle"
        collected.ids.write_bytes(pickle.dumps(ids, protocol=pickle.HIGHEST_PROTOCOL))
    return collected


def name_sets(
    pz: Pseudonymizer, policy: Policy, entity: str, values: list[str]
) -> tuple[set[str], set[tuple[str, str]]]:
    """The name words a name or e-mail column holds (never drawn as a fake part) and the
    (role, part) requests its fakes will make of the registry: filled before any fake is
    drawn, so that every partition fakes names alike."""
    if policy.operator_for(entity) != "fake" or not values:
        return set(), set()
    if entity in NAME_ENTITIES:
        texts = [v.casefold() for v in values]
    elif entity == "EMAIL_ADDRESS":
        texts = [v.lower().partition("@")[0] for v in values]
    else:
        return set(), set()
    requests = pz.part_requests(entity, values) | pz.label_requests(entity, values)
    return name_part_words(texts) & drawable_words(policy.locale), requests


def spread_named(
    part: Path,
    table: str,
    plan: Plan,
    policy: Policy,
    key: bytes,
    optouts: Optouts,
    known: KnownInput,
    search: SpreadInput,
    detected: Detected,
    work: Path,
    store: Path,
    digest: object,
) -> Spread:
    """The spread pass (``text.spread_partition``) and, on the same worker, the name sets
    of the text values it stored, as the collect pass gives the columns' (``name_sets``;
    a recording registers nothing, so any process works them out alike): the parent
    folds them in instead of working them out alone while the workers wait."""
    spread = spread_partition(part, table, plan, policy, key, optouts, known, search,
                              detected, work, store, digest)  # fmt: skip
    if spread.store:
        pz = _new_pseudonymizer(key, policy)
        reserved: set[str] = set()
        requests: set[tuple[str, str]] = set()
        for entity, path in sorted(spread.store.items()):
            values = pl.read_parquet(path, columns=["value"])["value"].to_list()
            words, parts = name_sets(pz, policy, entity, values)
            reserved |= words
            requests |= parts
        spread.names = store / f"names-text-{table}-{part.stem}.pickle"
        spread.names.write_bytes(
            pickle.dumps((reserved, requests), protocol=pickle.HIGHEST_PROTOCOL)
        )
    return spread


def fake_file(store_file: Path) -> Path:
    return store_file.with_suffix(".fakes.parquet")


def draw_fakes(
    store: dict[str, Path],
    policy: Policy,
    key: bytes,
    registry: tuple,
    targets: GlobalTargets | None = None,
) -> dict[str, tuple[Path, Path]]:
    """Pass 2 on one partition's store files: per entity, (value digest, attempt-0 fake
    digest) pairs and the real-value digests, saved for bucket-wise settling (entities
    not faked get their real digests only: the leak check needs them)."""
    out: dict[str, tuple[Path, Path]] = {}
    pz = ready_pseudonymizer(key, policy, registry)
    for entity, path in sorted(store.items()):
        frame = pl.read_parquet(path)
        if policy.operator_for(entity) == "fake":
            h, fh, fakes = _draw(frame, entity, pz, key, 0, targets, policy)
            # Kept for the apply pass: only re-drawn values are faked a second time.
            frame.with_columns(pl.Series("fake", fakes, dtype=pl.String)).write_parquet(
                fake_file(path), compression="lz4", statistics=False
            )
        else:
            h, fh = frame["h"].to_numpy().astype(np.uint64), None
        out[entity] = save_drawn(path, h, fh)
    return out


def _fake_digests(
    frame: pl.DataFrame,
    entity: str,
    policy: Policy,
    key: bytes,
    registry: tuple,
    attempt: int,
    targets: GlobalTargets | None,
) -> tuple[np.ndarray, np.ndarray]:
    pz = ready_pseudonymizer(key, policy, registry)
    h, fh, _ = _draw(frame, entity, pz, key, attempt, targets, policy)
    return h, fh


#: Attempts after which a fake holding a real word is kept (``scrub_fakes``'s rounds).
SCRUB_ROUNDS = 32


def _draw(
    frame: pl.DataFrame,
    entity: str,
    pz: Pseudonymizer,
    key: bytes,
    attempt: int,
    targets: GlobalTargets | None = None,
    policy: Policy | None = None,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(value digests, fake digests, fakes) of a store frame at one attempt. With
    ``targets`` (a run with free text), a fake holding a real value as a whole word gets
    its own value's digest as fake digest: a fake equal to a real value, which settling
    re-draws, up to ``SCRUB_ROUNDS`` attempts."""
    values = frame["value"].to_list()
    norms = normalise_many(entity, frame["value"]).to_list()  # (``normalise``'s forms)
    fakes, fake_norms = pz.fake_many(entity, values, norms, [attempt] * len(values))
    fh = digest64(key, entity, fake_norms)
    h = frame["h"].to_numpy().astype(np.uint64)
    if targets is not None and policy is not None and attempt < SCRUB_ROUNDS:
        leaky = leaky_fakes(targets, policy, fakes)
        fh[leaky] = h[leaky]
    return h, fh, fakes


#: A partition's re-draw file of one settling round, next to its value store file.
_REDRAW = ".redraw-{}.npy"


def redraw_file(store_file: Path, attempt: int | str) -> Path:
    return store_file.with_suffix(_REDRAW.format(attempt))


def _redraw_files(store_file: Path) -> list[tuple[int, Path]]:
    """(attempt, file) of every round that re-drew values of this partition, in order."""
    found = store_file.parent.glob(redraw_file(store_file, "*").name)
    return sorted((int(f.suffixes[-2].removeprefix(".redraw-")), f) for f in found)


def settled_attempts(
    store_file: Path, digests: np.ndarray, before: int | None = None
) -> np.ndarray:
    """Each value's settled attempt (0 unless settling moved it), from this partition's
    own re-draw files: a value is re-drawn every round until its fake stands, so its
    attempt is the one the last round that re-drew it gave it. The apply pass then needs
    no copy of the whole entity's exceptions in every worker (10M values of a dense id
    column: 100 MB or more per process). ``before``: only the rounds before that one."""
    out = np.zeros(digests.size, dtype=np.int64)
    for attempt, path in _redraw_files(store_file):
        if before is not None and attempt >= before:
            break
        rows = np.load(path)
        at = round_attempts(rows, attempt)
        order = np.argsort(rows[0])
        keys = rows[0][order]
        pos = np.minimum(np.searchsorted(keys, digests), max(keys.size - 1, 0))
        hit = keys[pos] == digests if keys.size else np.zeros(digests.size, dtype=bool)
        out[hit] = at[order][pos[hit]]
    return out


def moved_values(store_files: Sequence[Path]) -> tuple[np.ndarray, np.ndarray]:
    """(sorted digests, settled attempts) of every value settling moved, over the given
    store files: what a worker needs to fake a value held in another partition."""
    found: list[np.ndarray] = []
    rounds: list[np.ndarray] = []
    for path in store_files:
        for attempt, f in _redraw_files(path):
            rows = np.load(f)
            found.append(rows[0])
            rounds.append(round_attempts(rows, attempt))
    if not found:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    h, a = np.concatenate(found), np.concatenate(rounds)
    order = np.lexsort((a, h))  # by digest, then attempt: the last of a digest is its latest
    # (a value's attempts only grow from round to round)
    h, a = h[order], a[order]
    last = np.append(h[1:] != h[:-1], True)
    return h[last], a[last]


def redraw_partition(
    store_file: Path,
    entity: str,
    losers_file: Path,
    policy: Policy,
    key: bytes,
    registry: tuple,
    attempt: int,
    targets: GlobalTargets | None = None,
    taken: Path | None = None,
) -> Path | None:
    """The settling losers among this partition's values, re-drawn in round ``attempt``:
    the same per-value work as the draw pass, so it runs on the workers too. A dense id
    column (33M ``CUS-########`` ids in a space of 10^8) sends millions of values here in
    the first round; the parent only ever sees their digests. The file stays: the apply
    pass reads each value's final attempt from it (``settled_attempts``). ``taken``: the
    entity's settling buckets; each loser then draws on past the fakes already taken
    (``partitioned/redraw.py``), else it draws at the round's number."""
    h = pl.read_parquet(store_file, columns=["h"])["h"].to_numpy().astype(np.uint64)
    known = np.load(losers_file, mmap_mode="r")
    hit = member(known, h)
    del known
    if not hit.any():
        return None
    frame = pl.read_parquet(store_file).filter(pl.Series(hit))
    if taken is None:
        nh, nfh = _fake_digests(frame, entity, policy, key, registry, attempt, targets)
        return save_redraw(redraw_file(store_file, attempt), nh, nfh)
    start = settled_attempts(store_file, h[hit], before=attempt) + 1
    pz = ready_pseudonymizer(key, policy, registry)
    leaky = LeakyCheck(targets, policy, SCRUB_ROUNDS) if targets is not None else None
    nh, nfh, at = redraw_past_taken(
        frame, entity, pz, key, start, TakenDigests(taken, key, entity), leaky
    )
    return save_redraw(redraw_file(store_file, attempt), nh, nfh, at)


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
) -> Applied:
    """Pass 3 on one partition: replace, shift dates and generalise (``gov``), write, and
    digest what was written; with free text, its spans replaced too and the output text
    checked (``text``). Its kept columns are searched for real values (the text check's
    targets, else ``targets``), and its schema and join digests made (``gate.py``)."""
    df = pl.read_parquet(part)
    kept, removed = optouts.split(df, key)
    pz = ready_pseudonymizer(key, policy, registry)
    ctx = Context(pz, policy)
    decisions = plan.tables[table]
    wanted: dict[str, set[str]] = {
        entity: set(_distinct(kept, [c for t, c in places if t == table]))
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
        ctx.maps[entity] = {v: mapping[v] for v in sorted(values) if v in mapping}
    if text is not None and shared is not None:
        moved = text.moved.load() if text.moved is not None else {}
        compose_text_addresses(ctx, wanted, shared.known, shared.targets, moved, norm_digests)
    part_table = Table(table, part, "parquet", kept, "", 0)
    result = transform_table(part_table, plan, ctx)
    result.df = govern_partition(result.df, kept, table, gov, policy, key)
    out_part.parent.mkdir(parents=True, exist_ok=True)
    result.df.write_parquet(out_part, compression="lz4", statistics=False)
    applied = Applied(result.df.height, removed.height, dict(ctx.counts))
    applied.fairness = names_partition(kept, result.df, table, plan, policy)
    if text is not None and shared is not None:
        applied.text = check_text(
            ctx, part_table, result, plan, shared.targets, shared.known,
            text.sample_rows, f"{table}-{part.stem}",
        )  # fmt: skip
        applied.text.spans_review = review_items(ctx, kept, ctx.spans)
    searched = {d.column for d in text_decisions(plan, table)} if applied.text else set()
    gate_partition(applied, ctx, part_table, result, plan, gov, digest_dir.parent, part.stem,
                   shared.targets if shared is not None else targets, searched)  # fmt: skip
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
        cells = _distinct(result.df, [dec.column])
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
    and the few values settling moved to a later attempt faked again."""
    mapping: dict[str, str] = {}
    for path in files:
        drawn = pl.read_parquet(fake_file(path))
        attempts = settled_attempts(path, drawn["h"].to_numpy().astype(np.uint64))
        mapping.update(zip(drawn["value"], drawn["fake"], strict=True))
        moved = np.flatnonzero(attempts)
        if moved.size:
            again = drawn["value"].gather(moved).to_list()
            norms = [normalise(entity, v) for v in again]
            fakes, _ = pz.fake_many(entity, again, norms, attempts[moved].tolist())
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
