"""Joins checked, not trusted: every output value that joined a row in the input still
joins the same row in the output, over every partition in bounded memory.

Keyed fakes keep joins by construction (a value has one fake wherever it is); this
check does not rely on it. As the in-memory gate did (``verify/structure.py`` before
issue 23), a join is found from the data: a column of an identifier the plan replaces
consistently (fake, hash) or keeps, whose every value is a value of another column of
the same entity whose values are unique (``orders.customer_id`` → ``customers.
customer_id``, ``employees.manager_id`` → ``employees.employee_id``). For each column,
each partition writes sorted 64-bit digests of its distinct input values, of its
distinct (input, output) pairs and of its distinct outputs (``join_digests``, in the
apply pass); the parent then tests, a run of buckets at a time (``settle.groups``):

- the parent column's input values are unique and, when a column joins it, its outputs
  as many (no two rows of it share an output);
- the child's input values all lie in the parent's (the join, as found in the input);
- each (input, output) pair of the child is a pair of the parent: the child row's
  output names the output row its input named.

Digests are of the values' text (trimmed) and stay in the run's work folder; a finding
names the child's table, column and row and the keyed digest of its input value.
Counts are of distinct values, so they do not depend on partitioning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from anonymizers.governance.optouts import as_text
from anonymizers.partitioned.arrays import load_array
from anonymizers.partitioned.settle import (
    GROUP_ROWS,
    distinct,
    groups,
    member,
    read_buckets,
    saved_rows,
)
from anonymizers.plan.columns import Plan
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.verify.outcome import MAX_FINDINGS, Check

#: Operators that keep a value's joins (one output per input value).
JOINING = ("fake", "hash", "keep")
#: Any fixed seed: the digests are compared within one run and never leave its work folder.
_SEED = 0x10145
#: The output text of a cell the transform emptied: it joins nothing.
_GONE = "\x00"


@dataclass
class JoinFiles:
    """One column's digest files over the partitions, and its non-null input cells."""

    entity: str
    ins: list[Path] = field(default_factory=list)
    pairs: list[Path] = field(default_factory=list)
    outs: list[Path] = field(default_factory=list)
    cells: int = 0


def join_columns(plan: Plan, table: str, columns: Sequence[str]) -> dict[str, str]:
    """column → entity of the columns of ``table`` that can join: an entity the plan
    replaces consistently or keeps."""
    return {
        d.column: d.entity for d in plan.tables.get(table, [])
        if d.kind == "entity" and d.entity and d.operator in JOINING and d.column in columns
    }  # fmt: skip


def _texts(inp: pl.Series, out: pl.Series) -> tuple[pl.Series, pl.Series] | None:
    """Input and output cells as text, one per id (a list cell's items), input nulls
    dropped; None when a list cell holds another number of items out than in."""
    if isinstance(inp.dtype, pl.List | pl.Array) or isinstance(out.dtype, pl.List | pl.Array):
        if not (isinstance(inp.dtype, pl.List) and isinstance(out.dtype, pl.List)):
            return None
        if not (inp.list.len().fill_null(0) == out.list.len().fill_null(0)).all():
            return None
        inp, out = inp.explode(), out.explode()
    a, b = as_text(inp), as_text(out).fill_null(_GONE)
    keep = a.is_not_null()
    return a.filter(keep), b.filter(keep)


def pair_digests(a: pl.Series, b: pl.Series) -> np.ndarray:
    """A digest per (input, output) cell."""
    joined = pl.select(pl.concat_str([a, b], separator="\x1f")).to_series()
    return joined.hash(_SEED).to_numpy()


def join_digests(
    inp: pl.DataFrame, out: pl.DataFrame, table: str, plan: Plan, dest: Path
) -> dict[str, tuple[str, Path, Path, Path, int]]:
    """One partition's digest files of each column that can join (``join_columns``):
    column → (entity, inputs, pairs, outputs, non-null input cells). ``inp`` and ``out``
    are its input rows (opted-out rows removed) and the output rows made from them."""
    found: dict[str, tuple[str, Path, Path, Path, int]] = {}
    if inp.height != out.height:
        return found
    dest.mkdir(parents=True, exist_ok=True)
    for column, entity in join_columns(plan, table, out.columns).items():
        if column not in inp.columns:
            continue
        texts = _texts(inp[column], out[column])
        if texts is None:
            continue
        a, b = texts
        paths = tuple(dest / f"{table}-{column}-{kind}.npy" for kind in ("in", "pair", "out"))
        np.save(paths[0], distinct(a.hash(_SEED).to_numpy()))
        np.save(paths[1], distinct(pair_digests(a, b)))
        np.save(paths[2], distinct(b.hash(_SEED).to_numpy()))
        found[column] = (entity, *paths, a.len())  # type: ignore[assignment]
    return found


def gather(
    parts: Sequence[dict[str, tuple[str, Path, Path, Path, int]]], tables: Sequence[str]
) -> dict[tuple[str, str], JoinFiles]:
    """The partitions' files per (table, column); ``tables[i]``: partition i's table."""
    out: dict[tuple[str, str], JoinFiles] = {}
    for table, found in zip(tables, parts, strict=True):
        for column, (entity, ins, pairs, outs, cells) in found.items():
            f = out.setdefault((table, column), JoinFiles(entity))
            f.ins.append(ins)
            f.pairs.append(pairs)
            f.outs.append(outs)
            f.cells += cells
    return out


#: Digests ``_Digests`` keeps in memory over all columns (8 bytes each: 32 MB).
KEPT_DIGESTS = GROUP_ROWS


class _Digests:
    """Each column's distinct digests, read whole and kept while they are few.

    The check pairs every unique parent with every child of its entity: an export of
    many small files (a chat tool's file per channel and day) has hundreds of id columns
    and tens of thousands of pairs, each of which would read both columns' files again
    (verification was 18 s of a 2,150-row run of 82 files). Columns read whole are kept
    up to ``KEPT_DIGESTS`` digests in all; a larger one is read a run of buckets at a time as
    before, so memory stays bounded whatever the export's size."""

    def __init__(self) -> None:
        self.budget = KEPT_DIGESTS
        self.kept: dict[tuple[Path, ...], np.ndarray | None] = {}

    def whole(self, files: list[Path]) -> np.ndarray | None:
        key = tuple(files)
        if key not in self.kept:
            rows = sum(saved_rows(f) for f in files)
            if rows > self.budget:
                self.kept[key] = None
            else:
                self.kept[key] = distinct(*[load_array(f) for f in files])
                self.budget -= rows
        return self.kept[key]

    def count(self, files: list[Path]) -> int:
        """Distinct digests over the files."""
        if (whole := self.whole(files)) is not None:
            return int(whole.size)
        return sum(int(distinct(*[read_buckets(f, g) for f in files]).size) for g in groups(files))

    def missing(self, child: list[Path], parent: list[Path], stop: bool) -> list[np.ndarray]:
        """The child's distinct digests that are not the parent's, a run of buckets at a
        time when either is not kept (``stop``: at the first one, for the subset test)."""
        mine, known = self.whole(child), self.whole(parent)
        if mine is not None and known is not None:
            gone = mine[~member(known, mine)]
            return [gone] if gone.size else []
        out: list[np.ndarray] = []
        for g in groups([*child, *parent]):
            known_g = distinct(*[read_buckets(f, g) for f in parent])
            mine_g = distinct(*[read_buckets(f, g) for f in child])
            gone = mine_g[~member(known_g, mine_g)]
            if gone.size:
                out.append(gone)
                if stop:
                    break
        return out


@dataclass
class Broken:
    """A join whose child pairs are not all its parent's: their digests, for findings."""

    child: tuple[str, str]
    parent: tuple[str, str]
    entity: str
    pairs: np.ndarray


def join_check(files: dict[tuple[str, str], JoinFiles]) -> tuple[Check, list[Broken], list[dict]]:
    """The joins found in the input, each checked in the output. Returns the check, the
    broken joins and findings that need no row (a parent column whose outputs merged)."""
    digests = _Digests()
    unique: dict[tuple[str, str], int] = {}
    for place, f in sorted(files.items()):
        n = digests.count(f.ins)
        if n and n == f.cells:
            unique[place] = n
    joins = values = broken_values = 0
    broken: list[Broken] = []
    merged: list[dict] = []
    for parent, n in unique.items():
        p = files[parent]
        joined = False
        for child, c in sorted(files.items()):
            if child == parent or c.entity != p.entity or not c.cells:
                continue
            if digests.missing(c.ins, p.ins, stop=True):
                continue  # not a join in the input
            joined = True
            joins += 1
            values += digests.count(c.ins)
            gone = digests.missing(c.pairs, p.pairs, stop=False)
            if gone:
                bad = np.concatenate(gone)
                broken_values += int(bad.size)
                broken.append(Broken(child, parent, c.entity, bad))
        # A parent that two rows' outputs share: a child's output would join both. (Only
        # a joined one: two values that normalise alike share a fake by design.)
        if joined and (outs := digests.count(p.outs)) != n:
            merged.append({"check": "join", "entity": p.entity, "table": parent[0],
                           "column": parent[1], "row": None, "digest": "",
                           "detail": f"{n - outs} output value(s) shared by two rows"})  # fmt: skip
    counts = {"columns": len(files), "joins_checked": joins, "values_checked": values,
              "values_broken": broken_values, "parents_merged": len(merged)}  # fmt: skip
    check = Check("joins", not broken and not merged, counts, applicable=joins > 0)
    return check, broken, merged


#: ``frames(table)``: each partition's (input rows kept, output rows) in order.
Frames = Callable[[str], Iterator[tuple[pl.DataFrame, pl.DataFrame]]]


def join_findings(broken: Sequence[Broken], frames: Frames, pz: Pseudonymizer) -> list[dict]:
    """Each child row whose join broke: table, column, row and the keyed digest of its
    input value (a second pass over the child's partitions: a failed run only)."""
    findings: list[dict] = []
    for b in broken:
        table, column = b.child
        detail = f"no longer joins {b.parent[0]}.{b.parent[1]}"
        offset = 0
        for inp, out in frames(table):
            if inp.height != out.height or isinstance(inp[column].dtype, pl.List):
                findings.append({"check": "join", "entity": b.entity, "table": table,
                                 "column": column, "row": None, "digest": "",
                                 "detail": detail})  # fmt: skip
            else:
                a = as_text(inp[column])
                pairs = pair_digests(a, as_text(out[column]).fill_null(_GONE))
                bad = np.isin(pairs, b.pairs) & a.is_not_null().to_numpy()
                for i in np.flatnonzero(bad)[:MAX_FINDINGS].tolist():
                    findings.append({"check": "join", "entity": b.entity, "table": table,
                                     "column": column, "row": offset + i,
                                     "digest": pz.digest(b.entity, str(a[i])),
                                     "detail": detail})  # fmt: skip
            offset += out.height
            if len(findings) >= MAX_FINDINGS:
                return findings
    return findings
