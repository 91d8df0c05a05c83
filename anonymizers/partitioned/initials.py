"""Initials in a partitioned run: which first name goes with a surname the bundle also
writes with an initial only ("T. Ó Súilleabháin"), taught from every partition's names
before any fake is drawn, as ``build_maps`` teaches it in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl

from anonymizers.io.partitions import SplitTable
from anonymizers.io.tables import Table
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.normalise import NAME_ENTITIES, normalise_many
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.consistency import INITIAL, row_names, teach_initials


def teach_bundle_initials(
    pz: Pseudonymizer,
    policy: Policy,
    plan: Plan,
    splits: Sequence[SplitTable],
    stores: list[dict[str, Path]],
) -> set[tuple[str, str]]:
    """Teach the pseudonymizer, as ``build_maps`` does in memory, which first name goes
    with a surname that also appears with an initial only ("T. Ó Súilleabháin"), from
    the bundle's full names (columns and texts) and first and last name columns (every
    partition's rows). Only names with a wanted surname are held, a partition at a time,
    and nothing is read again when no name holds an initial (the usual bundle). Returns
    the part requests of the names with an initial, made again once their initials are
    known."""
    initialled = {e: _holding(stores, e, INITIAL.pattern) for e in NAME_ENTITIES}
    if not any(initialled.values()):
        return set()
    wanted = set(_surnames(pl.Series(initialled["PERSON"], dtype=pl.String)).to_list())
    for pairs in _row_pairs(splits, plan):
        with_initial = pairs.filter(pairs.str.contains(INITIAL.pattern))
        wanted |= set(_surnames(with_initial).to_list())
    persons = [v for f in _files(stores, "PERSON") for v in _with_surname(_values(f), wanted)]
    pairs = [_with_surname(p, wanted) for p in _row_pairs(splits, plan)]
    row_pairs = pl.concat(pairs).unique().sort() if pairs else pl.Series([], dtype=pl.String)
    teach_initials(pz, sorted(set(persons)), row_pairs)
    if not pz.initials():
        return set()
    requests: set[tuple[str, str]] = set()
    for entity, values in initialled.items():
        if values and policy.operator_for(entity) == "fake":
            requests |= pz.part_requests(entity, values)
    return requests


def _files(stores: list[dict[str, Path]], entity: str) -> list[Path]:
    return [st[entity] for st in stores if entity in st]


def _values(path: Path) -> pl.Series:
    return pl.read_parquet(path, columns=["value"])["value"]


def _holding(stores: list[dict[str, Path]], entity: str, pattern: str) -> list[str]:
    """The distinct values of ``entity`` in the value stores that match ``pattern``."""
    found: set[str] = set()
    for f in _files(stores, entity):
        values = _values(f)
        found.update(values.filter(values.str.contains(pattern)).to_list())
    return sorted(found)


def _surnames(names: pl.Series) -> pl.Series:
    """The last word of each name, normalised as ``teach_initials`` compares them."""
    return normalise_many("PERSON", names).str.extract(r"(\S+)\s*$").drop_nulls()


def _with_surname(names: pl.Series, wanted: set[str]) -> pl.Series:
    if not wanted or not names.len():
        return names.head(0)
    surnames = normalise_many("PERSON", names).str.extract(r"(\S+)\s*$")
    return names.filter(surnames.is_in(sorted(wanted)).fill_null(False))


def _row_pairs(splits: Sequence[SplitTable], plan: Plan) -> Iterator[pl.Series]:
    """Each partition's "First Last" of its first and last name columns (``row_names``),
    reading only those two columns."""
    for s in splits:
        decisions = [d for d in plan.tables[s.table.name] if d.kind == "entity"]
        names = [d.column for d in decisions if d.entity in ("FIRST_NAME", "LAST_NAME")]
        if len(names) < 2:
            continue  # no first and last name columns: no row names
        for part in s.parts:
            frame = pl.read_parquet(part, columns=names)
            yield row_names([Table(s.table.name, part, "parquet", frame, "", 0)], plan)
