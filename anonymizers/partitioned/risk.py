"""k-anonymity and l-diversity in a partitioned run: group counts merged across partitions.

A group (the rows sharing every quasi-identifier) spans partitions, so no partition can
tell alone whether its rows are below k. Each partition counts its groups (and, for
l-diversity, its distinct (group, sensitive value) pairs) after generalisation, into one
file of the run's work folder sorted by a bucket of a hash of the group (64 buckets), and
returns how many of its group rows fall in each bucket; the parent merges the counts a
run of buckets at a time (runs of ``MERGE_ROWS`` group rows or so in memory: a table of
few groups is one run, read once), measures
k and l as ``governance.risk.assess`` does on a whole table, and writes for each
partition the groups it must drop. A pass then drops them, and, as in memory
(``governance.govern._cascade``), the ids of rows that are gone are cleared where the
table references them and the rows of other tables that point at them go too. Tables
are taken in bundle order, as in memory, so a table is counted after the rows an earlier
table's suppression took from it.

Groups are compared by their text form (a null is a value of its own, as in a group-by)
and bucketed by a hash; ids by a 64-bit hash of their text (a collision between a gone
id and a kept one, about n²/2⁶⁵, would keep a reference that should go).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from anonymizers.governance.govern import GovernanceReport
from anonymizers.io.partitions import SplitTable
from anonymizers.partitioned.apply_pass import Applied
from anonymizers.partitioned.arrays import load_array
from anonymizers.partitioned.govern import Governance
from anonymizers.partitioned.settle import distinct, groups, member, read_buckets
from anonymizers.policy import Policy

#: Group rows one merge step reads at most, about (a run of buckets of every partition's
#: counts; one bucket may hold more).
MERGE_ROWS = 250_000
#: Buckets of a group's hash (its top bits): 33M distinct groups are ~0.5M per bucket.
BUCKETS = 64
_BUCKET_SHIFT = 64 - 6
#: A null quasi-identifier in the text form groups are compared in.
_NULL = "\x00"
#: Any fixed seed: hashes are compared within one run and never leave its work folder.
_SEED = 0x6B_A11_0

RunMany = Callable[[str, list[tuple]], Iterable[Any]]


def _as_keys(df: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    return df.select([pl.col(c).cast(pl.String).fill_null(_NULL) for c in columns])


def _id_hashes(series: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """(hash of each cell's text, whether the cell holds a value)."""
    text = series.cast(pl.String)
    return text.hash(seed=_SEED).to_numpy(), text.is_not_null().to_numpy()


def _replace(path: Path, df: pl.DataFrame) -> None:
    tmp = path.with_suffix(".tmp")
    df.write_parquet(tmp, compression="lz4", statistics=False)
    tmp.replace(path)


def count_partition(
    out_part: Path, qis: Sequence[str], sensitive: str | None, dest: Path
) -> np.ndarray:
    """One partition's rows per group (per group and sensitive value, for l), to
    ``dest/<partition>.parquet`` sorted by bucket. Returns its group rows per bucket."""
    cols = [*qis, *([sensitive] if sensitive and sensitive not in qis else [])]
    keys = _as_keys(pl.read_parquet(out_part, columns=cols), cols)
    bucket = (
        (pl.struct(list(qis)).hash(_SEED) // (1 << _BUCKET_SHIFT)).cast(pl.UInt8).alias("__bucket")
    )
    counted = keys.with_columns(bucket).group_by(["__bucket", *cols]).agg(pl.len().alias("__n"))
    counted = counted.sort("__bucket")
    dest.mkdir(parents=True, exist_ok=True)
    # Row groups with statistics: a merge step reads the row groups of its buckets only.
    counted.write_parquet(dest / f"{out_part.stem}.parquet", statistics=True,
                          row_group_size=16_384)  # fmt: skip
    return np.bincount(counted["__bucket"].to_numpy(), minlength=BUCKETS)


def runs(rows: np.ndarray, limit: int) -> list[range]:
    """All buckets in runs of neighbours holding at most ``limit`` group rows (a bucket
    alone may hold more); none when no bucket holds a row."""
    out: list[range] = []
    start, held = 0, 0
    for b, n in enumerate(rows.tolist()):
        if held and held + n > limit:
            out.append(range(start, b))
            start, held = b, 0
        held += n
    if held:
        out.append(range(start, len(rows)))
    return out


@dataclass
class _Measure:
    """``risk.assess``'s counts, accumulated over buckets of groups."""

    qis: list[str]
    sensitive: str | None
    k: int | None
    rows: int = 0
    groups: int = 0
    smallest: int | None = None
    unique: int = 0
    below_groups: int = 0
    below_rows: int = 0
    least_l: int | None = None
    l1: int = 0

    def add(self, sizes: pl.Series, ls: pl.Series | None) -> None:
        if not sizes.len():
            return
        self.rows += int(sizes.sum())
        self.groups += sizes.len()
        low = int(sizes.min())  # type: ignore[arg-type]
        self.smallest = low if self.smallest is None else min(self.smallest, low)
        self.unique += int((sizes == 1).sum())
        if self.k is not None:
            below = sizes.filter(sizes < self.k)
            self.below_groups += below.len()
            self.below_rows += int(below.sum()) if below.len() else 0
        if ls is not None:
            least = int(ls.min())  # type: ignore[arg-type]
            self.least_l = least if self.least_l is None else min(self.least_l, least)
            self.l1 += int((ls == 1).sum())

    def result(self) -> dict:
        n = self.rows
        out: dict = {"rows": n, "quasi_identifiers": self.qis, "groups": self.groups,
                     "k_achieved": self.smallest if n else None,
                     "unique_rows": self.unique if n else 0}  # fmt: skip
        if self.k is not None:
            out |= {
                "k": self.k,
                "groups_below_k": self.below_groups,
                "rows_below_k": self.below_rows,
                "share_below_k": round(self.below_rows / n, 6) if n else 0.0,
                "meets_k": self.below_rows == 0,
            }
        if self.sensitive:
            out |= {
                "sensitive": self.sensitive,
                "l_diversity": self.least_l if n else None,
                "groups_l1": self.l1 if n else 0,
            }
        return out


def merge_counts(
    folder: Path, qis: Sequence[str], sensitive: str | None, k: int | None, suppress: bool,
    rows_per_bucket: np.ndarray,
) -> tuple[dict, int, dict[str, list[Path]]]:  # fmt: skip
    """The partitions' counts (``count_partition``'s files in ``folder``, holding
    ``rows_per_bucket`` group rows in all) merged a run of buckets at a time: the measures
    of ``risk.assess`` after suppression, the rows suppressed, and per partition (its
    file stem) the files of the groups it must drop (``folder/drop``)."""
    qis = list(qis)
    pairs = bool(sensitive) and sensitive not in qis
    cols = [*qis, *([sensitive] if pairs else [])]
    measure = _Measure(qis, sensitive, k)
    suppressed = 0
    drops: dict[str, list[Path]] = {}
    files = sorted(folder.glob("*.parquet"))
    for i, run in enumerate(runs(rows_per_bucket, MERGE_ROWS)):
        inside = pl.col("__bucket").is_between(run.start, run.stop - 1)
        frames = [
            pl.scan_parquet(f).filter(inside).drop("__bucket")
            .with_columns(pl.lit(f.stem).alias("__part")).collect()
            for f in files
        ]  # fmt: skip
        rows = pl.concat(frames)
        if pairs:
            found = rows.group_by(cols).agg(pl.col("__n").sum())
            found = found.group_by(qis).agg(pl.col("__n").sum().alias("size"), pl.len().alias("l"))
        else:
            found = rows.group_by(qis).agg(pl.col("__n").sum().alias("size"))
            found = found.with_columns(pl.lit(1, pl.UInt32).alias("l"))
        if suppress and k:
            below = found.filter(pl.col("size") < k)
            suppressed += int(below["size"].sum()) if below.height else 0
            if below.height:
                hit = rows.select("__part", *qis).unique().join(below.select(qis), on=qis)
                for (part,), frame in hit.partition_by("__part", as_dict=True).items():
                    dest = folder / "drop" / f"{part}-{i:03d}.parquet"
                    dest.parent.mkdir(exist_ok=True)
                    frame.drop("__part").write_parquet(dest)
                    drops.setdefault(str(part), []).append(dest)
            found = found.filter(pl.col("size") >= k)
        measure.add(found["size"], found["l"] if sensitive else None)
    return measure.result(), suppressed, drops


@dataclass
class Suppressed:
    """What the suppress pass did to one partition: rows dropped, and per ID column the
    hashes of its ids in dropped and in kept rows (sorted .npy files)."""

    rows: int
    ids: dict[str, tuple[Path, Path]]


def suppress_partition(
    out_part: Path, drops: Sequence[Path], qis: Sequence[str], id_columns: Sequence[str],
    ids_dir: Path,
) -> Suppressed:  # fmt: skip
    """Drop the rows of this partition's groups below k (``merge_counts``), in place,
    keeping row order; hash the ids of the dropped and of the kept rows."""
    df = pl.read_parquet(out_part)
    hit = np.zeros(df.height, dtype=bool)
    if drops:
        drop = pl.concat([pl.read_parquet(f) for f in drops]).with_columns(
            pl.lit(True).alias("__hit")
        )
        joined = _as_keys(df, qis).join(drop, on=list(qis), how="left", maintain_order="left")
        hit = joined["__hit"].is_not_null().to_numpy()
    mask = pl.Series(hit)
    kept, removed = df.filter(~mask), df.filter(mask)
    if removed.height:
        _replace(out_part, kept)
    ids: dict[str, tuple[Path, Path]] = {}
    ids_dir.mkdir(parents=True, exist_ok=True)
    for i, col in enumerate(id_columns):
        saved = []
        for name, frame in (("removed", removed), ("kept", kept)):
            h, present = _id_hashes(frame[col])
            dest = ids_dir / f"{out_part.stem}-{i}-{name}.npy"
            np.save(dest, distinct(h[present]))
            saved.append(dest)
        ids[col] = (saved[0], saved[1])
    return Suppressed(removed.height, ids)


def gone_ids(found: Sequence[Suppressed], dest: Path) -> Path | None:
    """Ids of dropped rows that no kept row of the table holds any more, column by
    column (as ``_cascade`` in memory), bucket by bucket: a sorted .npy, or None."""
    columns = {c for s in found for c in s.ids}
    out: list[np.ndarray] = []
    for col in sorted(columns):
        removed = [s.ids[col][0] for s in found if col in s.ids]
        kept = [s.ids[col][1] for s in found if col in s.ids]
        for g in groups([*removed, *kept]):
            gone = distinct(*[read_buckets(f, g) for f in removed])
            held = distinct(*[read_buckets(f, g) for f in kept])
            out.append(gone[~member(held, gone)])
    ids = distinct(*out) if out else np.empty(0, dtype=np.uint64)
    if not ids.size:
        return None
    np.save(dest, ids)
    return dest


def cascade_partition(out_part: Path, gone_file: Path, id_columns: Sequence[str], own: bool) -> int:
    """In the suppressed table (``own``), ids of gone rows cleared where they are
    referenced; in any other table, its rows that hold one dropped. Returns rows dropped."""
    gone = load_array(gone_file, mmap_mode="r")
    df = pl.read_parquet(out_part)
    hits = {}
    for col in id_columns:
        h, present = _id_hashes(df[col])
        hits[col] = member(gone, h) & present
    del gone
    if own:
        changed = [c for c, hit in hits.items() if hit.any()]
        if changed:
            cleared = [
                pl.when(pl.Series(hits[c])).then(None).otherwise(pl.col(c)).alias(c)
                for c in changed
            ]
            _replace(out_part, df.with_columns(cleared))
        return 0
    any_hit = np.logical_or.reduce(list(hits.values())) if hits else np.zeros(df.height, bool)
    n = int(any_hit.sum())
    if n:
        _replace(out_part, df.filter(~pl.Series(any_hit)))
    return n


def note_lost(
    splits: Sequence[SplitTable], applied: Sequence[Applied], lost: dict[str, list[int]]
) -> None:
    """The rows suppression took, counted on the partitions' ``Applied`` (in the order
    of ``splits``): what was written is what is left."""
    i = 0
    for s in splits:
        for j, n in enumerate(lost.get(s.table.name, [])):
            applied[i + j].rows -= n
            applied[i + j].suppressed += n
        i += len(s.parts)


def reduce_risk(
    splits: Sequence[SplitTable],
    out_parts: dict[str, list[Path]],
    gov: Governance,
    policy: Policy,
    work: Path,
    run_many: RunMany,
) -> tuple[GovernanceReport, dict[str, list[int]]]:
    """Measure k / l on every table with quasi-identifiers, suppressing below k when the
    policy says so, table by table in bundle order as in memory. Returns the report (its
    ``risk`` block, the rows suppressed per table, whether k is met) and the rows each
    output partition lost, per table."""
    cfg = policy.risk
    report = GovernanceReport(date_shift=gov.date_shift_block(policy))
    lost = {name: [0] * len(parts) for name, parts in out_parts.items()}
    if not cfg.quasi_identifiers:  # as in memory: none listed, no risk block
        return report, lost
    per_table = []
    for s in splits:
        name = s.table.name
        qis = gov.quasi_identifiers.get(name)
        if not qis:
            continue
        sensitive = cfg.sensitive_attribute.get(name)
        folder = work / "groups" / name
        calls = [(p, qis, sensitive, folder) for p in out_parts[name]]
        per_bucket = sum(run_many("count", calls), np.zeros(BUCKETS, dtype=np.int64))
        suppress = bool(cfg.k and cfg.suppress_below_k)
        measured, suppressed, drops = merge_counts(
            folder, qis, sensitive, cfg.k, suppress, per_bucket
        )
        if suppress:
            report.suppressed[name] = report.suppressed.get(name, 0) + suppressed
        if suppressed:
            _suppress(name, out_parts, drops, qis, gov, work, run_many, report, lost)
        if cfg.k and not measured.get("meets_k", True):
            report.meets_k = False
        per_table.append({"table": name, "generalised": sorted(gov.generalise.get(name, {})),
                          "rows_suppressed": suppressed, **measured})  # fmt: skip
    report.risk = {"k_required": cfg.k, "tables": per_table}
    return report, lost


def _suppress(
    name: str, out_parts: dict[str, list[Path]], drops: dict[str, list[Path]],
    qis: Sequence[str], gov: Governance, work: Path, run_many: RunMany,
    report: GovernanceReport, lost: dict[str, list[int]],
) -> None:  # fmt: skip
    """One table's suppression, then its cascade over the bundle."""
    ids = gov.identity.get(name, ())
    ids_dir = work / "groups" / "ids" / name
    calls = [(p, drops.get(p.stem, []), qis, ids, ids_dir) for p in out_parts[name]]
    found: list[Suppressed] = list(run_many("suppress", calls))
    lost[name] = [n + f.rows for n, f in zip(lost[name], found, strict=True)]
    gone = gone_ids(found, work / "groups" / f"gone-{name}.npy") if ids else None
    if gone is None:
        return
    for other, parts in out_parts.items():
        cols = gov.ids.get(other, ())
        if not cols:
            continue
        calls = [(p, gone, cols, other == name) for p in parts]
        dropped = list(run_many("cascade", calls))
        lost[other] = [n + d for n, d in zip(lost[other], dropped, strict=True)]
        if sum(dropped):
            report.suppressed[other] = report.suppressed.get(other, 0) + sum(dropped)
