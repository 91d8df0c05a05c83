"""Partitioned runs: one bundle faked part by part, consistently, in bounded memory.

No map of every distinct value to its fake is held: a fake is a pure function of (key,
entity, normalised value, attempt), so every partition recomputes it, and only the
*exceptions* (values whose attempt-0 fake collides with another value's fake or equals a
real value) must be known to every partition.

1. ``collect_partition`` (per partition, on workers): the distinct values of each faked
   entity go to a value store (Parquet, in the run's work folder) with a keyed 64-bit
   digest of their normalised form; the name parts they hold are returned.
2. The parent fills the name-part registry in one sorted order (``Pseudonymizer.
   preregister``), so parallel partitions fake names exactly alike.
3. ``draw_pass.draw_fakes`` (per store file, on workers): attempt-0 fakes → digests of
   the fakes.
4. ``settle`` (parent, numpy, one entity at a time): a fake equal to a real value, or
   shared by two values, loses (the smallest value digest keeps a shared fake); losers
   re-draw at attempt + 1 against every fake already placed, until none is left.
5. ``apply_pass.apply_partition`` (per partition, on workers): fakes with the settled
   attempts, written per partition; the digests of every output cell come back for the leak check.
6. ``checks.leak_check``: output digests against the real-value digests, entity by entity.

Free text adds passes between 1 and 3 (``partitioned/text.py``): its spans' values join
the value store, so a name gets the same fake in a column and in a text; with free text,
a fake that holds a real value of the bundle as a whole word loses in settling too.

Memory: one partition per worker, and in the parent two 8-byte digests per distinct
value of the largest entity (with free text, each process also holds the bundle's
distinct known values once). Dates are shifted and quasi-identifiers generalised in the
apply pass (``partitioned/govern.py``); suppression below k merges group counts after it
(``partitioned/risk.py``).
"""

from __future__ import annotations

import pickle
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from anonymizers.errors import PolicyError
from anonymizers.governance.govern import date_shift_columns
from anonymizers.governance.optouts import as_text, split_rows
from anonymizers.governance.subject_index import record
from anonymizers.governance.subjects import normalise_id
from anonymizers.io.tables import Table
from anonymizers.partitioned.categories import partition_categories
from anonymizers.partitioned.digests import norm_digests
from anonymizers.partitioned.initials import partition_share
from anonymizers.partitioned.kept_targets import partition_kept_words
from anonymizers.partitioned.text import (
    PIECES_PER_SLICE,
    SLICE_CHARS,
    Detected,
    KnownInput,
    Spread,
    SpreadInput,
    named_ids,
    spread_partition,
    text_cuts,
    text_decisions,
    warm_detector,
)
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.draw import ALNUM
from anonymizers.pseudonymise.name_pools import drawable_words, name_part_words
from anonymizers.pseudonymise.normalise import (
    DIGIT_ENTITIES,
    NAME_ENTITIES,
    normalise,
)
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import (
    UNMAPPED,
    string_values,
)
from anonymizers.transform.consistency import place_counts


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
    #: the detect pass's row slices of the kept rows, if the table has text (``text_cuts``)
    cuts: list[tuple[int, int]] | None = None
    #: the characters of text each of ``cuts`` holds (None: a run kept from before they
    #: were counted, whose cuts are whole slices)
    cut_chars: list[int] | None = None
    #: Parquet of its full names' share of the bundle's initials (``initials_share``)
    initials: Path | None = None
    #: rows per value of its kept categories, in a bundle with free text
    #: (``categories.partition_categories``)
    categories: Counter[str] | None = None
    #: Parquet of the keys of its kept cells' words, in a bundle without free text
    #: (``kept_targets.partition_kept_words``)
    kept_words: Path | None = None

    def name_sets(self) -> tuple[set[str], set[tuple[str, str]]]:
        if self.names is None:
            return set(), set()
        return pickle.loads(self.names.read_bytes())

    def named_ids(self) -> set[str]:
        return pickle.loads(self.ids.read_bytes()) if self.ids else set()


def distinct_strings(df: pl.DataFrame, columns: Iterable[str]) -> list[str]:
    series = [string_values(df[c]) for c in columns if c in df.columns]
    if not series:
        return []
    return pl.concat(series).unique().sort().to_list()


def replaceable(entity: str, values: list[str], columns: Iterable[str] = ()) -> list[str]:
    """The values a fake replaces. Left as written, and no real value:
    - "---", or "N/A" in a phone column: no letter or digit to replace, so its fake would
      keep its spelling and could never settle (its fake is a real value);
    - an IP address column's cell without a digit ("unknown", a label);
    - a cell that spells the name of one of its ``columns`` ("IP Address" in
      ``IPAddress``): the column's label, from a second header row (a survey tool's
      export writes one or two: question texts, import ids) or from a header repeated
      where two files were joined. Faked, the header rows came out garbled; kept as
      targets, a Qualtrics export's "IP Address" label met every response whose
      ``Status`` is "IP Address" and the gate rejected the run on 1,500 leaks."""
    digits = entity in DIGIT_ENTITIES
    labels = {k for c in columns if (k := _label_key(c))}
    return [v for v in values
            if ALNUM.search(v) and not (digits and not normalise(entity, v))
            and not (entity == "IP_ADDRESS" and not _DIGIT.search(v))
            and not (labels and _label_key(v) in labels)]  # fmt: skip


_DIGIT = re.compile(r"\d")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def _label_key(name: str) -> str:
    """A column name's letters and digits, case-folded: "Recipient Last Name" and
    ``RecipientLastName`` alike."""
    return _NOT_LETTER_OR_DIGIT.sub("", name).casefold()


def new_pseudonymizer(key: bytes, policy: Policy) -> Pseudonymizer:
    """The run's pseudonymizer before its registry is loaded: what its generators are."""
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
    pz = new_pseudonymizer(key, policy)
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
    with_text = any(text_decisions(plan, t) for t in plan.tables)
    if with_text:
        warm_detector(policy)  # on a worker: the model loads while the parent merges
    df = pl.read_parquet(part)
    kept, removed = optouts.split(df, key)
    pz = new_pseudonymizer(key, policy)
    files: dict[str, Path] = {}
    reserved: set[str] = set()
    requests: set[tuple[str, str]] = set()
    for entity, places in faked_entities(plan, policy).items():
        columns = [c for t, c in places if t == table]
        values = replaceable(entity, distinct_strings(df, columns), columns)
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
    collected.initials = partition_share(
        files, df, table, plan, store / f"initials-{table}-{part.stem}.parquet"
    )
    if with_text:
        collected.categories = partition_categories(df, table, plan)
    if not with_text:
        # The kept-column hunt's words (``kept_targets``), made while the partition is here.
        collected.kept_words = store / f"kept-words-{table}-{part.stem}.parquet"
        words = partition_kept_words(df, Table(table, part, "parquet", df, "", 0), plan)
        words.write_parquet(collected.kept_words)
    if country is not None:
        collected.places = store / f"places-{table}-{part.stem}.parquet"
        place_counts(df, table, plan, country).write_parquet(collected.places)
    if decisions := text_decisions(plan, table):
        # Pieces of a slice, each with its size: the detect pass joins them into slices,
        # small ones at its end (``text_run.detect_slices``).
        sized = text_cuts(kept, decisions, SLICE_CHARS // PIECES_PER_SLICE)
        collected.cuts = [(lo, hi) for lo, hi, _ in sized]
        collected.cut_chars = [n for _, _, n in sized]
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


def store_name_sets(
    pz: Pseudonymizer, policy: Policy, store: dict[str, Path]
) -> tuple[set[str], set[tuple[str, str]]]:
    """``name_sets`` of every value of a partition's text value store, entity by entity."""
    reserved: set[str] = set()
    requests: set[tuple[str, str]] = set()
    for entity, path in sorted(store.items()):
        values = pl.read_parquet(path, columns=["value"])["value"].to_list()
        words, parts = name_sets(pz, policy, entity, values)
        reserved |= words
        requests |= parts
    return reserved, requests


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
        reserved, requests = store_name_sets(new_pseudonymizer(key, policy), policy, spread.store)
        spread.names = store / f"names-text-{table}-{part.stem}.pickle"
        spread.names.write_bytes(
            pickle.dumps((reserved, requests), protocol=pickle.HIGHEST_PROTOCOL)
        )
        spread.initials = partition_share(
            spread.store, None, table, plan, store / f"initials-text-{table}-{part.stem}.parquet"
        )
    return spread
