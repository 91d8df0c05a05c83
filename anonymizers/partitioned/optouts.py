"""Opt-outs and references in a partitioned run, found over every partition.

Who opted out, and which columns hold their ids: a subject table's own subject columns,
every column of any table whose values all lie in a subject column (child rows go with
their subject) and references within a table (manager_id → employee_id), tested over
all partitions in bounded memory by sorted hashes on disk, bucket by bucket.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl

from anonymizers.governance.optouts import as_text, same_rows, subject_columns
from anonymizers.governance.subject_columns import SubjectColumns
from anonymizers.governance.subject_index import record
from anonymizers.governance.subjects import normalise_id
from anonymizers.io.partitions import SplitTable
from anonymizers.io.tables import data_columns, discard
from anonymizers.partitioned.passes import Optouts
from anonymizers.partitioned.settle import distinct, groups, member, read_buckets
from anonymizers.policy import Policy


def optouts_for(
    splits: Sequence[SplitTable],
    policy: Policy,
    opted: set[str],
    work: Path,
    found: SubjectColumns | None = None,
    forgotten: frozenset[str] = frozenset(),
    key: bytes = b"",
) -> dict[str, Optouts]:
    """Per table: the opted-out ids, the columns that hold them (its own subject columns
    and, as in memory, every column of any table whose values all lie in a subject
    column: child rows go with their subject), the columns that reference a subject of
    the same table (manager_id → employee_id), and the forgotten subjects' records;
    references are found from the values of every partition. ``found``: the run's subject
    columns (default: the policy's); they also feed each partition's subject index."""
    tables = [s.table for s in splits]
    wanted = frozenset(s.strip().casefold() for s in opted if s and s.strip())
    parents = list(found.columns) if found is not None else subject_columns(tables, policy)
    out = {t.name: Optouts() for t in tables}
    for tname, col in parents:
        o = out[tname]
        out[tname] = Optouts(index_columns=(*o.index_columns, col))
    if not (wanted or forgotten) or not parents:
        return out
    by_name = {s.table.name: s for s in splits}
    wanted = _same_rows(by_name, parents, wanted, key, forgotten)
    ids: dict[str, list[str]] = {t.name: [] for t in tables}
    refs: dict[str, list[str]] = {t.name: [] for t in tables}
    for tname, col in parents:
        ids[tname].append(col)
        for s in splits:
            found_refs = references(by_name[tname], col, s, work / "references")
            if s.table.name == tname:
                refs[tname] += found_refs
            else:
                ids[s.table.name] += [c for c in found_refs if c not in ids[s.table.name]]
    for name, o in out.items():
        out[name] = Optouts(
            wanted, tuple(ids[name]), tuple(refs[name]), o.index_columns,
            forgotten if ids[name] else frozenset(),
        )  # fmt: skip
    return out


def _same_rows(
    by_name: dict[str, SplitTable], parents: Sequence[tuple[str, str]], wanted: frozenset[str],
    key: bytes, forgotten: frozenset[str],
) -> frozenset[str]:  # fmt: skip
    """``wanted`` and the other subject ids of every row it or ``forgotten`` names, over
    every partition of the subject tables: a subject asked for by e-mail is also their
    customer id, which is what their child rows in other tables refer to."""
    columns: dict[str, list[str]] = {}
    for tname, col in parents:
        columns.setdefault(tname, []).append(col)
    out = set(wanted)
    for tname, cols in columns.items():
        for part in by_name[tname].parts:
            frame = pl.read_parquet(part, columns=cols)
            hit = set(wanted)
            if forgotten:
                values = {v for c in cols for v in as_text(frame[c]).drop_nulls().to_list()}
                hit |= {normalise_id(v) for v in values if f"{record(key, v):016x}" in forgotten}
            out |= same_rows(frame, cols, hit) if len(cols) > 1 else hit
    return frozenset(out)


def self_references(split: SplitTable, parent: str, scratch: Path) -> tuple[str, ...]:
    """The columns of one table whose every value is a value of ``parent``."""
    return references(split, parent, split, scratch)


def references(
    parent_split: SplitTable, parent: str, split: SplitTable, scratch: Path
) -> tuple[str, ...]:
    """The columns of ``split`` whose every value is a value of ``parent`` (a column of
    ``parent_split``, which may be the same table): the test ``optouts.child_links`` runs
    on whole tables, here over every partition in bounded memory. Each partition's
    distinct values of each column become sorted 64-bit hashes on disk; the subset test
    then runs bucket by bucket, dropping a column at its first value that is not a
    parent value (most columns go in the first bucket)."""
    df = split.table.df
    same = parent_split is split
    candidates = [
        c for c in data_columns(df)
        if not (same and c == parent) and (df[c].dtype == pl.String or df[c].dtype.is_integer())
    ]  # fmt: skip
    if not candidates:
        return ()
    files: dict[str, list[Path]] = {c: [] for c in candidates}
    parent_files: list[Path] = []
    parent_seen = False
    seen: set[str] = set()
    scratch.mkdir(parents=True, exist_ok=True)

    def save(values: pl.Series, name: str) -> Path:
        dest = scratch / name
        np.save(dest, distinct(values.hash(seed=_HASH_SEED).to_numpy()))
        return dest

    for i, part in enumerate(parent_split.parts):
        column = as_text(pl.read_parquet(part, columns=[parent])[parent]).drop_nulls().unique()
        parent_seen = parent_seen or column.len() > 0
        parent_files.append(save(column, f"parent-{i:05d}.npy"))
    for i, part in enumerate(split.parts):
        frame = pl.read_parquet(part, columns=candidates)
        for j, col in enumerate(candidates):
            values = as_text(frame[col]).drop_nulls().unique()
            if values.len():
                seen.add(col)
            files[col].append(save(values, f"{split.table.name}-{i:05d}-{j}.npy"))
    alive = [c for c in candidates if c in seen] if parent_seen else []
    for g in groups([*parent_files, *(f for fs in files.values() for f in fs)]):
        if not alive:
            break
        known = distinct(*[read_buckets(f, g) for f in parent_files])
        alive = [
            c for c in alive
            if all(member(known, read_buckets(f, g)).all() for f in files[c])
        ]  # fmt: skip
    discard(scratch)
    return tuple(alive)


#: Any fixed seed: the hashes are compared within one run and never leave its work folder.
_HASH_SEED = 0x5AFE5E7
