"""Initials in a partitioned run: which first name goes with a surname the bundle also
writes with an initial only ("T. Ó Súilleabháin"), taught from every partition's names
before any fake is drawn, as ``build_maps`` teaches it in memory.

A million-row staff table holds a quarter of a million names with a middle initial, so
the per-name work runs on the workers: each partition's collect (and spread) pass saves
its share (``initials_share``): per full name, the surname the bundle is searched by,
the (surname, first name) pair it can teach and whether it holds an initial. The parent
only joins the shares (``teach_bundle_initials``). The first name an initial stands for
is asked for by the recorded ("initial", …) question among the part requests, answered
at ``preregister`` once the initials are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from anonymizers.io.partitions import SplitTable
from anonymizers.io.tables import Table
from anonymizers.partitioned.text import Spread
from anonymizers.plan.columns import Plan
from anonymizers.pseudonymise.generators.names import initial_pair
from anonymizers.pseudonymise.normalise import normalise_many
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.consistency import INITIAL, row_names

if TYPE_CHECKING:  # (the collect pass saves these shares: passes.py imports this module)
    from anonymizers.partitioned.passes import Collected

_SHARE = {"key": pl.String, "last": pl.String, "first": pl.String, "initialled": pl.Boolean}


def initials_share(persons: pl.Series, rows: pl.Series, dest: Path) -> Path:
    """One partition's share, saved to ``dest``: its full names (``persons``, and
    ``rows``: the "First Last" of its first and last name columns, ``row_names``) with
    the surname each is searched by (the last word of its normal form), the pair it
    teaches (``initial_pair``) and whether it holds an initial."""
    names = [persons.cast(pl.String), rows.cast(pl.String)]
    values = pl.concat(names).drop_nulls().unique().sort()
    pairs = [initial_pair(v) for v in values.to_list()]
    share = pl.DataFrame(
        {
            "key": normalise_many("PERSON", values).str.extract(r"(\S+)\s*$"),
            "last": [p[0] if p else None for p in pairs],
            "first": [p[1] if p else None for p in pairs],
            "initialled": values.str.contains(INITIAL.pattern).fill_null(False),
        },
        schema=_SHARE,
    ).filter(pl.col("initialled") | pl.col("last").is_not_null())
    dest.parent.mkdir(parents=True, exist_ok=True)
    share.write_parquet(dest, compression="lz4", statistics=False)
    return dest


def teach_bundle_initials(pz: Pseudonymizer, shares: Sequence[Path]) -> None:
    """Teach the pseudonymizer, from every partition's share, the first name the bundle
    pairs with each surname by initial, as ``consistency.teach_initials`` does: only the
    names whose surname some name with an initial has count, and a surname given two
    first names of one initial pairs none ("")."""
    if not shares:
        return
    every = pl.concat([pl.scan_parquet(f) for f in shares])
    wanted = every.filter(pl.col("initialled")).select(pl.col("key").drop_nulls().unique())
    slots = (
        every.filter(pl.col("last").is_not_null())
        .join(wanted, on="key", how="semi")
        .select("last", "first")
        .unique()
        .group_by("last", pl.col("first").str.slice(0, 1).alias("letter"))
        .agg(pl.col("first").min(), pl.col("first").n_unique().alias("n"))
        .sort("last", "letter")
        .collect()
    )
    if not slots.height:
        return
    firsts = [f if n == 1 else "" for f, n in zip(slots["first"], slots["n"], strict=True)]
    pz.load_initials(dict(zip(zip(slots["last"], slots["letter"], strict=True), firsts,
                              strict=True)))  # fmt: skip


def partition_share(
    store: dict[str, Path], df: pl.DataFrame | None, table: str, plan: Plan, dest: Path
) -> Path:
    """``initials_share`` of a partition's value store (its full names) and, with its
    rows ``df``, the names of its first and last name columns."""
    persons = (
        pl.read_parquet(store["PERSON"], columns=["value"])["value"]
        if "PERSON" in store
        else pl.Series([], dtype=pl.String)
    )
    rows = (
        row_names([Table(table, dest, "parquet", df, "", 0)], plan)
        if df is not None
        else pl.Series([], dtype=pl.String)
    )
    return initials_share(persons, rows, dest)


def bundle_shares(
    splits: Sequence[SplitTable],
    plan: Plan,
    collected: Sequence[Collected],
    spreads: Sequence[Spread] | None,
    work: Path,
) -> list[Path]:
    """Every partition's share of the bundle's initials (``initials.py``), worked out on
    the workers; here only for a pass kept from an interrupted run made before them."""
    parts = [(p, s.table.name) for s in splits for p in s.parts]
    shares: list[Path] = []
    for c, (p, t) in zip(collected, parts, strict=True):
        dest = work / "values" / f"initials-{t}-{p.stem}.parquet"
        shares.append(c.initials or partition_share(c.store, pl.read_parquet(p), t, plan, dest))
    for spread, (p, t) in zip(spreads or [], parts, strict=spreads is not None):
        if spread.store:
            dest = work / "values" / f"initials-text-{t}-{p.stem}.parquet"
            shares.append(spread.initials or partition_share(spread.store, None, t, plan, dest))
    return shares
