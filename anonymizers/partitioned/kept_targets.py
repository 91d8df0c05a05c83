"""The targets of the kept-column hunt in a run without free text (``kept_checks.py``).

A run with free text has the whole bundle's targets indexed on disk for its text check
(``text_checks.global_targets``), and its kept columns are searched with them. A run
without has none, and indexing every structured value of a million-row table, a Python
row per word of each value, cost more than the rest of the run. Only values a kept cell
can hold as whole words are indexed here: every word of the value, and each pair and
triple of its words that follow each other, must be words (pairs, triples) of some kept
input cell. The
count of values searched and the judgement of which id cores are distinctive stay the
whole bundle's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from anonymizers.detect.known import ID_LIKE
from anonymizers.io.partitions import SplitTable
from anonymizers.partitioned.known_index import bucketed
from anonymizers.partitioned.target_index import TargetWriter
from anonymizers.partitioned.text import TEXT_DIR
from anonymizers.partitioned.text_checks import GlobalTargets
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy
from anonymizers.transform.apply import TableResult
from anonymizers.verify.columns import distinct_texts, output_columns, whole_fake_columns

#: A word as the whole-word search cuts it (``whole_words``): letters, digits, underscores.
_WORD = r"[\p{L}\p{N}_]+"


def _lower_words(expr: pl.Expr) -> pl.Expr:
    """The words of each text, lower-cased (without the dot lowering "İ" leaves)."""
    return expr.str.to_lowercase().str.replace_all("\u0307", "").str.extract_all(_WORD)


def _word_rows(frame: pl.DataFrame, form: pl.Expr) -> pl.DataFrame:
    """(i, w, pair, triple) per word of each row's ``form``: the word, it and the next
    word joined, and it and the next two (words of a whole-word hit follow each other in
    the text); null where the row has no such next words."""
    sep = pl.lit("\x1f")
    return (
        frame.select("i", w=_lower_words(form))
        .explode("w")
        .drop_nulls("w")
        .with_columns(
            pair=pl.when(pl.col("i") == pl.col("i").shift(-1)).then(
                pl.col("w") + sep + pl.col("w").shift(-1)
            ),
            triple=pl.when(pl.col("i") == pl.col("i").shift(-2)).then(
                pl.col("w") + sep + pl.col("w").shift(-1) + sep + pl.col("w").shift(-2)
            ),
        )
    )


def _words(texts: pl.Series) -> pl.DataFrame:
    """The distinct lower-cased words of ``texts`` (``w``), and the pairs and triples of
    words that follow each other in one of them, in one column ``k``."""
    frame = pl.DataFrame({"t": texts}).with_row_index("i")
    rows = _word_rows(frame, pl.col("t"))
    return pl.concat([
        rows.select(k="w"), rows.select(k="pair").drop_nulls(), rows.select(k="triple").drop_nulls()
    ]).unique()  # fmt: skip


def kept_words(splits: Sequence[SplitTable], plan: Plan) -> pl.DataFrame:
    """Every word, and pair and triple of words that follow each other, of the input cells of the
    columns ``kept_checks.check_kept`` searches, over every partition (one at a time in memory): a
    value with a word or a pair of words none of them holds cannot be found there as
    whole words (``kept_targets``)."""
    found: list[pl.DataFrame] = []
    for s in splits:
        whole = whole_fake_columns([s.table], plan)
        for part in s.parts:
            names = pq.read_schema(part).names
            df = pl.read_parquet(part, columns=[c for c in names if (s.table.name, c) not in whole])
            table = dataclasses.replace(s.table, df=df)
            for col in output_columns([table], {s.table.name: TableResult(df, {}, [])}, whole):
                found.append(_words(distinct_texts(col.texts)))
            found = [pl.concat(found).unique()] if found else []
    return found[0] if found else pl.DataFrame(schema={"k": pl.String})


def _held(values: Sequence[str] | pl.Series, words: pl.DataFrame, entity: str) -> list[str]:
    """The values a text of ``words`` can hold as whole words: every word of one of their
    forms, and every pair and triple of them that follow each other, is among them (a
    value of four words or more, an IP address, has each run of three in some one cell,
    not only each pair, which numbers and dates of other cells hold by chance; lower-cased, or
    upper-cased first: "STRASSE" for "Straße"); an id also when a word of it with a digit
    is (its core alone: "10041" of "C-10041")."""
    frame = pl.DataFrame({"value": values}, schema={"value": pl.String}).with_row_index("i")
    known = words.with_columns(held=pl.lit(True))
    other = (
        pl.col("value").str.to_uppercase().str.to_lowercase() != pl.col("value").str.to_lowercase()
    )
    kept = []
    for form, rows in (
        (pl.col("value"), frame),
        (pl.col("value").str.to_uppercase(), frame.filter(other)),
    ):
        # Words first (one join): most values have a word no kept cell holds, and only
        # the values whose every word is held are cut into pairs and triples. Unless an id's
        # core (any of its words) may do, its first word must be held: a column-wise test
        # before any value is cut into words.
        if entity not in ID_LIKE:
            first = form.str.to_lowercase().str.replace_all("\u0307", "").str.extract(f"({_WORD})")
            rows = rows.filter(first.is_in(words["k"].implode()).fill_null(False))
        cut = (
            rows.select("i", w=_lower_words(form))
            .explode("w")
            .drop_nulls("w")
            .join(known.rename({"k": "w"}), on="w", how="left")
        )
        held = pl.col("held").fill_null(False)
        found = cut.group_by("i").agg(
            every=held.all(), core=(held & pl.col("w").str.contains(r"\d")).any()
        )
        if entity in ID_LIKE:
            kept.append(found.filter(pl.col("core")).select("i"))
        every = rows.join(found.filter(pl.col("every")).select("i"), on="i", how="semi")
        whole = _word_rows(every, form)
        paired = whole.join(
            known.rename({"k": "pair", "held": "paired"}), on="pair", how="left"
        ).join(known.rename({"k": "triple", "held": "tripled"}), on="triple", how="left")
        ok = paired.group_by("i").agg(
            ok=(
                (pl.col("pair").is_null() | pl.col("paired").fill_null(False))
                & (pl.col("triple").is_null() | pl.col("tripled").fill_null(False))
            ).all()
        )
        kept.append(ok.filter(pl.col("ok")).select("i"))
    return frame.join(pl.concat(kept).unique(), on="i", how="semi").sort("i")["value"].to_list()


def held_of_entity(entity: str, paths: list[Path], words_file: Path) -> tuple[int, list[str]]:
    """One entity's share of ``kept_targets``, a task on a worker: the count of its
    distinct values in the bundle (with a letter or digit, as ``sorted_values`` counts
    them), and those a kept cell can hold (``_held``), sorted. The values are read a
    hash bucket at a time by polars (``known_index.bucketed``), not merged in order in
    Python: the held ones are few, and sorted at the end (on a million employees the
    ordered merge was half of the pass, ~4 of ~8 CPU s)."""
    words = pl.read_parquet(words_file)
    total, held = 0, []
    value = pl.col("value")
    for bucket in bucketed(paths, value.str.contains(r"[^\W_]"), ["value"], value.unique()):
        total += bucket.height
        if words.height:
            held += _held(bucket["value"], words, entity)
    return total, sorted(held)


def kept_calls(
    stores: Sequence[dict[str, Path]], splits: Sequence[SplitTable], plan: Plan, work: Path
) -> list[tuple]:
    """The ``kept-held`` tasks of ``kept_targets``, an entity each: ``(entity, its value
    store files, the kept words file)``. (Run beside the settle tasks, to fill the worker
    they leave idle, a million employees took 5 s longer: both are memory-bound.)"""
    structured: dict[str, list[Path]] = {}
    for store in stores:
        for entity, path in store.items():
            structured.setdefault(entity, []).append(path)
    words_file = work / TEXT_DIR / "kept-words.parquet"
    words_file.parent.mkdir(parents=True, exist_ok=True)
    kept_words(splits, plan).write_parquet(words_file)
    return [(entity, structured[entity], words_file) for entity in sorted(structured)]


def kept_index(
    entities: Sequence[str], results: Iterable[tuple[int, list[str]]], policy: Policy, work: Path
) -> GlobalTargets:
    """The kept-column hunt's targets from each entity's ``held_of_entity``, indexed."""
    writer_ids: list[tuple[str, str]] = []
    total = ids = 0
    writer = TargetWriter(work / TEXT_DIR / "target-index", policy.verification.min_leak_length)
    for entity, (count, held) in zip(entities, results, strict=True):
        total += count
        writer.add("structured", entity, held)
        if entity in ID_LIKE:
            ids += count
            writer_ids += [(v, entity) for v in held]
    writer.ids_counted = ids
    writer.add_ids(sorted(writer_ids, key=lambda p: (p[1], p[0])))
    return GlobalTargets(writer.close(), values=total)


def kept_targets(
    stores: Sequence[dict[str, Path]], splits: Sequence[SplitTable], plan: Plan,
    policy: Policy, work: Path, run_many: Callable[[str, list[tuple]], Iterable[Any]],
) -> GlobalTargets:  # fmt: skip
    """The targets of a run without free text (whose text check built none): every
    structured real value and id of the bundle, indexed on disk as the text check's
    (``text_checks.global_targets``), but only those whose words, and pairs and triples of
    words, are all in the kept input cells (``kept_words``; ``_held``): indexing every value of
    a million-row table cost more than the rest of its run, and a value with a word that
    no kept cell holds is never a whole-word hit there. Each entity's values are read and
    sifted by a task (``held_of_entity``, pass ``kept-held``) on the workers.
    The distinctive id cores are judged among all the bundle's ids, and the count of
    values searched is the bundle's. (An id's core written in another form, "553 120"
    for "ACC-553120", is found only when a word of the id is a word of a kept cell.)"""
    calls = kept_calls(stores, splits, plan, work)
    return kept_index([c[0] for c in calls], run_many("kept-held", calls), policy, work)
