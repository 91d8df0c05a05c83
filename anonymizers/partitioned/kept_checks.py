"""The leak hunt in the columns the plan keeps: every real value of the bundle searched in
each output string column the other checks do not search (kept and policy-kept columns,
technical text, columns the plan does not name), per partition, judged over the whole
column.

The keyed digest check (``checks.leak_check``) compares a replaced column with its own
entity's real values, and the text check (``text_checks.check_text``) searches free text;
a ``notes`` or ``status`` column the plan keeps holding a customer's e-mail from another
table was searched by neither. Here it is, with the same targets on disk
(``target_index``: a partition reads back those its texts can hold) and the same
decisions as the in-memory gate (``verify/leaks.py``: a category many rows hold, a whole
town or first name, a shape, a kept value echoing its own row's person above chance).

Two of those decisions count over the whole column, so a partition cannot make them
alone: how many rows hold a value (a category from ``category_min_rows`` up) and whether
a column's echoes of its rows' own persons are above chance. Each partition therefore
judges every hit both ways (fewer rows than the threshold, and as many), counts its rows
and its echoes, and ``merged_kept_check`` decides with the column's sums; the share of a
table's rows that hold a value by chance is read by the parent on an even sample of the
whole table (``chance_sample``), as in memory. Results do not depend on partitioning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl

from anonymizers.detect.known import ID_LIKE
from anonymizers.detect.known_ids import distinctive
from anonymizers.io.tables import Table
from anonymizers.partitioned.text_checks import GlobalTargets
from anonymizers.plan.columns import Plan
from anonymizers.plan.hints import named_in
from anonymizers.transform.apply import Context, TableResult
from anonymizers.verify.clearance import (
    ALONE_HARMLESS,
    WHOLE_ALONE,
    chance_echoes,
    echoes,
    echoes_by_chance,
    own_values,
    thing_column,
)
from anonymizers.verify.columns import (
    OutputColumn,
    column_kinds,
    distinct_texts,
    output_columns,
    whole_fake_columns,
)
from anonymizers.verify.leaks import OwnPersonalValues, decide, searcher, text_hits, value_rows
from anonymizers.verify.outcome import MAX_FINDINGS, Check

#: The columns of a group of hits (one per column, entity, value and decisions in a
#: partition).
_GROUP = ("table", "column", "entity", "value")
#: A group's decisions: a value's texts that got the same ones are one group.
_DECIDED = ("reason", "detail", "reason_many", "detail_many", "number", "chance")
#: A group's columns of few distinct words, sent to the parent as categories.
_WORDS = ("table", "column", "entity", "reason", "detail", "reason_many", "detail_many")


@dataclass
class KeptChecked:
    """One partition's hunt in its kept columns: per hit (column, text, entity, value) its
    rows, the decision with few and with many rows holding the value, its echoes of the
    row's own person, and the first rows of each (rows within the partition)."""

    #: (table, column) searched, with the cells searched
    cells: dict[tuple[str, str], int] = field(default_factory=dict)
    #: _GROUP + n, reason/detail (few rows), reason_many/detail_many, number
    #: (``short_numbers``), echo_n,
    #: rows (first non-echo rows), echo_rows (first echo rows)
    hits: pl.DataFrame | None = None
    #: the targets searched (the whole bundle's count)
    values_searched: int = 0
    #: the partition's input rows (its rows in the table's own-data sample)
    rows: int = 0

    def offset(self, rows: int) -> KeptChecked:
        """The same, rows counted from the table's start."""
        if self.hits is None:
            return self
        moved = self.hits.with_columns(
            pl.col("rows").list.eval(pl.element() + rows),
            pl.col("echo_rows").list.eval(pl.element() + rows),
        )
        return KeptChecked(self.cells, moved, self.values_searched, self.rows)


def kept_columns(
    table: Table, result: TableResult, plan: Plan, searched: set[str]
) -> list[OutputColumn]:
    """The output columns of ``table`` no other check searches for real values: not a
    whole-fake column, not a free-text column the text check searched (``searched``)."""
    whole = whole_fake_columns([table], plan)
    return [
        c for c in output_columns([table], {table.name: result}, whole)
        if not c.whole and c.name not in searched
    ]  # fmt: skip


def check_kept(
    ctx: Context,
    table: Table,
    result: TableResult,
    plan: Plan,
    targets: GlobalTargets,
    searched: set[str],
) -> KeptChecked:
    """The hunt in one partition's kept columns (``kept_columns``), each hit judged both
    ways for the merge (``merged_kept_check``)."""
    columns = kept_columns(table, result, plan, searched)
    out = KeptChecked(rows=table.df.height)
    if not columns:
        return out
    texts = [distinct_texts(c.texts) for c in columns]
    out.cells = {(c.table, c.name): int(c.texts.drop_nulls().len()) for c in columns}
    out.values_searched = targets.size
    # Only the texts that may hold a target are read back and searched (``may_hold``:
    # exact); the others hold none. A million contacts' kept cells (timestamps, amounts,
    # firms) read back and searched whole cost ~1.5 s a partition, and held nothing.
    # Each text once over the columns: a wide table's counts, amounts and timestamps
    # share most of their numbers.
    every = pl.concat(texts).unique()
    maybe = every.filter(pl.Series(targets.may_hold(every.to_list()), dtype=pl.Boolean))
    if not maybe.len():
        return out
    searched_in = [d.filter(d.is_in(maybe.implode())) for d in texts]
    held = maybe.to_list()
    share = targets.subset(held)
    if not share.matcher.size:
        return out
    search = searcher(share.matcher, share.targets.id_forms)
    found = share.matcher.each(search, searched_in)
    if not any(hits.height for hits in found):
        return out
    if len(held) < every.len():  # the clearance's name words, of every text (``thing_column``)
        share = targets.subset(held, named=every.to_list())
    t = share.targets
    min_rows = ctx.policy.verification.category_min_rows
    kinds = column_kinds(plan)
    own = OwnPersonalValues([table], {table.name: result}, plan)
    frames = []
    for col, distinct, found_in, hits in zip(columns, texts, searched_in, found, strict=True):
        if not hits.height:
            continue
        kind = kinds.get((col.table, col.name), "text")
        hits = text_hits(col, found_in, hits, search)
        hits = hits.join(value_rows(hits), on=["entity", "value"], how="left")
        things = thing_column(distinct.to_list(), share.names)
        named = named_in(col.table, col.name)
        few = decide(kind, hits, min_rows, t.unconfirmed, share.names, t.guess_only, named,
                     things)  # fmt: skip
        many = decide(kind, hits.with_columns(vrows=pl.max_horizontal("vrows", pl.lit(min_rows))),
                      min_rows, t.unconfirmed, share.names, t.guess_only, named,
                      things)  # fmt: skip
        number = short_numbers(few, targets.index.counted)
        chance = pl.select(
            pl.when(number).then(targets.index.chances(few["value"])).otherwise(0.0)
        ).to_series()
        judged = few.with_columns(
            reason_many=many["reason"], detail_many=many["detail"], number=number,
            chance=chance,
        )  # fmt: skip
        frames.append(_grouped(col.table, col.name, col.texts, judged, own))
    if frames:
        out.hits = pl.concat(frames)
    return out


#: The share of a kept column's cells that may equal a short numeric id by chance.
NUMBER_SHARE = 0.01


def short_numbers(hits: pl.DataFrame, ids: int) -> pl.Series:
    """Which hits are a bare-number id too short to tell from any number among the
    bundle's ``ids`` (``known_ids.distinctive``), as a whole cell or a group of digits in
    one: 7000123, a subscriber's number among 20,000 numbered from 7,000,000, is also a
    byte count, and a four-digit plate is the middle of a police report's "175/8435/26"."""
    is_id = pl.col("entity").is_in(list(ID_LIKE))
    values = hits.filter(is_id)["value"].unique().to_list()  # each value once
    short = [v for v in values if v.isdigit() and not distinctive(v, ids)]
    return hits.select(is_id & pl.col("value").is_in(short)).to_series().rename("number")


def numbers_by_chance(col: pl.DataFrame, cells: int) -> pl.DataFrame:
    """A kept column whose cells hold short numeric ids in ``NUMBER_SHARE`` of its
    ``cells`` or fewer, or in no more than twice the share of numbers of their length
    that are ids (``TargetIndex.chance``: a card's last four digits meet row ids 0 to
    1,499 in 5% of rows), holds counts, amounts or codes that meet the ids' range by
    chance (a kept reference to the ids, a "referred_by" of customer numbers, holds them
    in most of its filled cells and stays a leak)."""
    chance = pl.col("number") & pl.col("reason").is_null()
    numbers = col.filter(chance)
    observed = int(numbers["n"].sum()) if numbers.height else 0
    share = max(NUMBER_SHARE, 2 * float(numbers["chance"].max() or 0.0)) if observed else 0.0
    if not observed or observed > share * cells:
        return col
    detail = (
        f"{observed} of {cells} cells ({observed / cells:.2%}) hold one of the bundle's "
        "numeric ids too short to tell from any number: counts, amounts or codes, not "
        "references"
    )
    return col.with_columns(
        reason=pl.when(chance).then(pl.lit("coincidence")).otherwise("reason"),
        detail=pl.when(chance).then(pl.lit(detail)).otherwise("detail"),
    )


def _maybe_echo(reason: str, entity: str) -> pl.Expr:
    """Cleared hits the echo rule looks at: not a place or first name alone, unless it is
    cleared as one (``leaks.leak_check``)."""
    return pl.col(reason).is_not_null() & (
        ~pl.col(entity).is_in(list(ALONE_HARMLESS)) | pl.col(reason).is_in(list(WHOLE_ALONE))
    )


def _grouped(
    table: str,
    column: str,
    texts: pl.Series,
    judged: pl.DataFrame,
    own: OwnPersonalValues,
) -> pl.DataFrame:
    """Per (text, entity, value) hit of a column: its rows, echoes and decisions."""
    rows = (
        pl.DataFrame({"t": texts}).with_row_index("row")
        .join(judged.drop("len", "shape"), on="t", how="inner")
        .sort("row", "entity", "value")
    )  # fmt: skip
    maybe = rows.select(_maybe_echo("reason", "entity") | _maybe_echo("reason_many", "entity"))
    echo = [False] * rows.height
    if table in own and maybe.to_series().any():
        idx = maybe.to_series().arg_true().to_list()
        picked = rows[idx]
        said = echoes(own[table], picked["row"].to_list(), picked["value"].to_list(),
                      picked["entity"].to_list())  # fmt: skip
        for i, e in zip(idx, said, strict=True):
            echo[i] = e
    rows = rows.with_columns(echo=pl.Series(echo, dtype=pl.Boolean))
    # A value's texts that got the same decisions are one group: the parent counts and
    # lists them the same (a timestamp's day "12" in 30,000 cells of one partition).
    grouped = (
        rows.group_by("entity", "value", *_DECIDED, maintain_order=True)
        .agg(
            pl.len().alias("n"),
            pl.col("echo").sum().alias("echo_n"),
            pl.col("row").filter(~pl.col("echo")).head(MAX_FINDINGS).alias("rows"),
            pl.col("row").filter(pl.col("echo")).head(MAX_FINDINGS).alias("echo_rows"),
        )
        .with_columns(table=pl.lit(table), column=pl.lit(column))
    )
    # No digest here: the parent keys only the hits it lists (``_listed``), a few hundred
    # of what can be millions (a wide table's counts among ids numbered from 1); the
    # repeated words as categories, which the parent holds for every partition at once.
    return grouped.with_columns(
        pl.col(*_WORDS).cast(pl.Categorical),
        n=pl.col("n").cast(pl.Int64), echo_n=pl.col("echo_n").cast(pl.Int64),
        rows=pl.col("rows").cast(pl.List(pl.Int64)),
        echo_rows=pl.col("echo_rows").cast(pl.List(pl.Int64)),
    ).select(*_GROUP, "n", "reason", "detail", "reason_many", "detail_many",
             "number", "chance", "echo_n", "rows", "echo_rows")  # fmt: skip


def chance_sample(
    frames: Sequence[pl.DataFrame], columns: list[str], total: int, naming: list[str]
) -> pl.Series:
    """Each row's own personal data (``own_values``) on an even sample of a table's rows,
    by its row in the whole table: the same sample however it was partitioned
    (``clearance.chance_echoes`` reads at most ``CHANCE_SAMPLE`` rows of it)."""
    from anonymizers.verify.clearance import CHANCE_SAMPLE

    step = max(1, total // CHANCE_SAMPLE)
    out: list[pl.Series] = []
    offset = 0
    for df in frames:
        first = (-offset) % step
        if first < df.height:
            own = own_values(df, [c for c in columns if c in df.columns], naming)
            out.append(own.gather_every(step, first))
        offset += df.height
    return pl.concat(out) if out else pl.Series([], dtype=pl.String)


#: ``sample(table)``: the table's own-data sample (``chance_sample``).
Sample = Callable[[str], pl.Series]


#: ``digest(entity, value)``: a hit's keyed digest (``Pseudonymizer.digest``).
Digest = Callable[[str, str], str]


def merged_kept_check(
    parts: Sequence[KeptChecked], min_rows: int, sample: Sample, digest: Digest
) -> tuple[Check, list[dict], list[dict]]:
    """The partitions' hunts as one check, decided with the whole column's counts: the
    rows holding each value, and the column's echoes against chance (``sample``).
    Returns the check, the leaks and the cleared hits (type, place, ``digest``)."""
    cells: dict[tuple[str, str], int] = {}
    searched = 0
    frames = []
    for p in parts:
        for place, n in p.cells.items():
            cells[place] = cells.get(place, 0) + n
        searched = max(searched, p.values_searched)
        if p.hits is not None and p.hits.height:
            frames.append(p.hits)
    counts = {"columns": len(cells), "cells_searched": sum(cells.values()),
              "values_searched": searched, "hits": 0, "leaks": 0, "cleared": 0}  # fmt: skip
    findings: list[dict] = []
    cleared: list[dict] = []
    if frames:
        hits = _decided(_merged(frames), min_rows)
        judged = [
            numbers_by_chance(_echo_rule(col, str(table), sample), cells[(table, column)])
            for (table, column), col in hits.group_by("table", "column", maintain_order=True)
        ]
        findings, cleared, reasons = _listed(pl.concat(judged, how="diagonal_relaxed"), digest)
        counts["hits"] = int(hits["n"].sum())
        counts["leaks"] = reasons.pop("leak", 0)
        counts["cleared"] = counts["hits"] - counts["leaks"]
        counts |= {f"cleared_{r.replace(' ', '_')}": n for r, n in sorted(reasons.items())}
    check = Check(
        "kept_columns_leak_check", not counts["leaks"], counts,
        applicable=counts["cells_searched"] > 0 and searched > 0,
    )  # fmt: skip
    return check, findings, cleared


def _merged(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """The partitions' hit groups, one per column, value and decisions over the whole
    table: counts summed, the first ``MAX_FINDINGS`` rows of each kind kept (partitions
    come in table order, so these are the first of all). A wide table's counts put the
    same numbers in every partition: a million rows' 13 million groups are ~1.3 million."""
    return (
        pl.concat(frames)
        .group_by(*_GROUP, *_DECIDED, maintain_order=True)
        .agg(
            pl.col("n", "echo_n").sum(),
            pl.col("rows").list.explode(keep_nulls=False, empty_as_null=False).head(MAX_FINDINGS),
            pl.col("echo_rows")
            .list.explode(keep_nulls=False, empty_as_null=False)
            .head(MAX_FINDINGS),
        )
        .with_columns(pl.col(*_WORDS).cast(pl.String))
    )


def _decided(hits: pl.DataFrame, min_rows: int) -> pl.DataFrame:
    """Each hit's decision with the rows of the whole column holding its value."""
    total = hits.group_by("table", "column", "entity", "value").agg(pl.col("n").sum().alias("all"))
    hits = hits.join(total, on=["table", "column", "entity", "value"], how="left")
    many = pl.col("all") >= min_rows
    held = pl.col("detail_many").str.replace(r"held by \d+ rows", "held by " + "{n}" + " rows")
    return hits.with_columns(
        reason=pl.when(many).then("reason_many").otherwise("reason"),
        detail=pl.when(many).then(held).otherwise("detail"),
    ).with_columns(
        detail=pl.col("detail").str.replace("{n}", pl.col("all").cast(pl.String), literal=True)
    )


def _echo_rule(col: pl.DataFrame, table: str, sample: Sample) -> pl.DataFrame:
    """A column's cleared hits that echo their own row's person: a leak when the column's
    echoes are above chance, else cleared as a coincidence, with the figures."""
    maybe = col.filter(_maybe_echo("reason", "entity"))
    observed = int(maybe["echo_n"].sum()) if maybe.height else 0
    col = col.with_columns(echo_reason=pl.lit(None, pl.String), echo_detail=pl.lit(None, pl.String))
    if not observed:
        # No echo the rule looks at: every row keeps its hit's own decision (``_listed``).
        return col.with_columns(echo_n=pl.lit(0, pl.Int64))
    counted = maybe.group_by("value", "entity").agg(pl.col("n").sum()).sort("value", "entity")
    expected = chance_echoes(sample(table), counted["value"].to_list(),
                             counted["entity"].to_list(), counted["n"].to_list())  # fmt: skip
    hits = int(counted["n"].sum())
    figures = (
        f"{observed} of {hits} cleared hits of this column are in their "
        f"own row's personal data; {expected:.1f} expected by chance"
    )
    chance = echoes_by_chance(observed, expected, hits)
    return col.with_columns(
        echo_reason=pl.lit("coincidence" if chance else None, pl.String),
        echo_detail=pl.lit(figures if chance else f"the row's own personal data ({figures})"),
        echo_n=pl.when(_maybe_echo("reason", "entity")).then("echo_n").otherwise(0),
    )


#: The order findings and cleared hits are listed in.
_ORDER = ("table", "column", "row", "entity", "digest")


def _listed(hits: pl.DataFrame, digest: Digest) -> tuple[list[dict], list[dict], dict[str, int]]:
    """The hits' rows counted by decision (``"leak"`` for a leak) and the first
    ``MAX_FINDINGS`` leaks and cleared rows listed (type, place, digest), each group's rows
    split into those the echo rule judged and the rest. Column-wise: a wide table's counts
    among ids numbered from 1 are a hit in nearly every cell, millions of them."""
    echoed = pl.col("echo_n") > 0
    place = ("table", "column", "entity", "value")
    plain = hits.select(
        *place, "reason", "detail",
        n=pl.when(echoed).then(pl.col("n") - pl.col("echo_n")).otherwise("n"),
        # Rows the echo rule did not look at keep the hit's own decision.
        rows=pl.when(echoed).then("rows").otherwise(
            pl.concat_list("rows", pl.col("echo_rows").fill_null(pl.lit([], pl.List(pl.Int64))))
        ),
    )  # fmt: skip
    echo = hits.filter(echoed).select(
        *place, reason="echo_reason", detail="echo_detail", n="echo_n", rows="echo_rows"
    )
    both = pl.concat([plain, echo], how="vertical_relaxed").filter(pl.col("n") > 0)
    tally = both.group_by(reason=pl.col("reason").fill_null("leak")).agg(pl.col("n").sum())
    reasons = {str(r): int(n) for r, n in tally.iter_rows()}
    leaks = _first_rows(both.filter(pl.col("reason").is_null()), digest)
    findings = [
        {"check": "leak", "entity": e, "table": t, "column": c, "row": r, "digest": d}
        for t, c, r, e, d in leaks.select(_ORDER).iter_rows()
    ]
    kept = _first_rows(both.filter(pl.col("reason").is_not_null()), digest)
    cleared = [
        {"check": "leak", "entity": e, "table": t, "column": c, "row": r, "digest": d,
         "cleared": why, "detail": detail}
        for t, c, r, e, d, why, detail in kept.select(*_ORDER, "reason", "detail").iter_rows()
    ]  # fmt: skip
    return findings, cleared, reasons


def _first_rows(groups: pl.DataFrame, digest: Digest) -> pl.DataFrame:
    """The first ``MAX_FINDINGS`` rows of these hit ``groups`` in ``_ORDER``, with their
    digests: only the rows placed among the first (and any that tie with the last of them
    but for the digest) are keyed. Exploded as (group, row) numbers alone."""
    groups = groups.with_row_index("g")
    rows = (
        groups.select("g", "rows").explode("rows").drop_nulls("rows")
        .join(groups.select("g", "table", "column", "entity"), on="g")
        .rename({"rows": "row"})
    )  # fmt: skip
    ranked = rows.sort("table", "column", "row", "entity").head(MAX_FINDINGS)
    if ranked.height:  # the rows that tie with the last one but for the digest
        last = ranked.row(-1, named=True)
        same = [pl.col(k) == last[k] for k in ("table", "column", "row", "entity")]
        ranked = pl.concat([ranked, rows.filter(*same)]).unique(maintain_order=True)
    listed = ranked.join(groups.drop("rows"), on=["g", "table", "column", "entity"])
    keyed = [digest(e, v) for e, v in listed.select("entity", "value").iter_rows()]
    return (
        listed.with_columns(digest=pl.Series(keyed, dtype=pl.String))
        .sort(_ORDER)
        .head(MAX_FINDINGS)
    )


def detail_rows(detail: str) -> int | None:
    """The row count a category's detail states (for tests)."""
    found = re.search(r"held by (\d+) rows", detail or "")
    return int(found.group(1)) if found else None
