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
from anonymizers.detect.known_ids import MIN_CORE
from anonymizers.io.partitions import SplitTable
from anonymizers.io.tables import Table
from anonymizers.partitioned.known_index import bucketed, digest_expr, digest_of
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


def _first_word(expr: pl.Expr) -> pl.Expr:
    """The first of ``_lower_words``."""
    return expr.str.to_lowercase().str.replace_all("\u0307", "").str.extract(f"({_WORD})")


def _word_keys(frame: pl.DataFrame, form: pl.Expr) -> pl.DataFrame:
    """(i, w, h, pair, triple) per word of each row's ``form``: the word, its digest, and
    the keys of it and the next word, and of it and the next two (words of a whole-word
    hit follow each other in the text); null where the row has no such next words. Keys,
    not joined strings: a million values' pairs and triples built as strings and joined
    as strings were most of this pass. Keys of the index's digest (``known_index``): two
    word runs that share a key only make a value held that is not (a needless target)."""
    h, next1, next2 = pl.col("h"), pl.col("h").shift(-1), pl.col("h").shift(-2)
    same = pl.col("i")
    return (
        frame.select("i", w=_lower_words(form))
        .explode("w")
        .drop_nulls("w")
        .with_columns(h=digest_of("w"))
        .with_columns(
            pair=pl.when(same == same.shift(-1)).then(digest_expr(pl.struct(a=h, b=next1))),
            triple=pl.when(same == same.shift(-2)).then(
                digest_expr(pl.struct(a=h, b=next1, c=next2))
            ),
        )
    )


def _words(texts: pl.Series) -> pl.DataFrame:
    """The keys (``k``) of the distinct lower-cased words of ``texts`` and of the pairs and
    triples of words that follow each other in one of them (``_word_keys``)."""
    frame = pl.DataFrame({"t": texts}, schema={"t": pl.String}).with_row_index("i")
    rows = _word_keys(frame, pl.col("t"))
    return pl.concat([
        rows.select(k="h"), rows.select(k="pair").drop_nulls(), rows.select(k="triple").drop_nulls()
    ]).unique()  # fmt: skip


def partition_kept_words(df: pl.DataFrame, table: Table, plan: Plan) -> pl.DataFrame:
    """``_words`` of the input cells of one partition's columns that ``kept_checks.check_kept``
    searches (not a whole-fake column), read from ``df``: its share of ``kept_words``,
    made by the collect pass on the worker that has the partition in memory."""
    whole = whole_fake_columns([table], plan)
    df = df.select([c for c in df.columns if (table.name, c) not in whole])
    table = dataclasses.replace(table, df=df)
    texts = [
        distinct_texts(col.texts)
        for col in output_columns([table], {table.name: TableResult(df, {}, [])}, whole)
    ]
    if not texts:
        return pl.DataFrame(schema={"k": pl.UInt64})
    return _words(pl.concat(texts).unique())


def kept_words(
    splits: Sequence[SplitTable], plan: Plan, shares: Sequence[Path | None]
) -> pl.DataFrame:
    """Every word, and pair and triple of words that follow each other, of the input cells of
    the columns ``kept_checks.check_kept`` searches, over every partition, as keys: a
    value with a word or a pair of words none of them holds cannot be found there as
    whole words (``kept_targets``). ``shares``: each partition's, made by the collect pass
    (``partition_kept_words``); one missing (a partition collected by an earlier version
    and kept by a resumed run) is made here."""
    files: list[Path] = []
    made: list[pl.DataFrame] = []
    parts = [(s, part) for s in splits for part in s.parts]
    for (s, part), share in zip(parts, shares, strict=True):
        if share is not None and share.exists():
            files.append(share)
            continue
        names = pq.read_schema(part).names
        whole = whole_fake_columns([s.table], plan)
        df = pl.read_parquet(part, columns=[c for c in names if (s.table.name, c) not in whole])
        made = [pl.concat([*made, partition_kept_words(df, s.table, plan)]).unique()]
    frames = [pl.scan_parquet(files)] if files else []
    frames += [m.lazy() for m in made]
    if not frames:
        return pl.DataFrame(schema={"k": pl.UInt64})
    return pl.concat(frames).unique().collect(engine="streaming")


def _held(values: Sequence[str] | pl.Series, words: pl.DataFrame, entity: str) -> list[str]:
    """The values a text of ``words`` can hold as whole words: every word of one of their
    forms, and every pair and triple of them that follow each other, is among them (a
    value of four words or more, an IP address, has each run of three in some one cell,
    not only each pair, which numbers and dates of other cells hold by chance; lower-cased, or
    upper-cased first: "STRASSE" for "Straße"); an id also when a word of it with a digit
    is (its core alone: "10041" of "C-10041")."""
    frame = pl.DataFrame({"value": values}, schema={"value": pl.String}).with_row_index("i")
    known = words["k"].implode()
    other = (
        pl.col("value").str.to_uppercase().str.to_lowercase() != pl.col("value").str.to_lowercase()
    )
    kept = []
    for form, rows in (
        (pl.col("value"), frame),
        (pl.col("value").str.to_uppercase(), frame.filter(other)),
    ):
        # Unless an id's core (any of its words) may do, its first word must be held: a
        # column-wise test before any value is cut into words.
        if entity not in ID_LIKE:
            first = _first_word(form)
            rows = rows.filter(first.is_not_null() & digest_expr(first).is_in(known))
        cut = _word_keys(rows, form).with_columns(
            word=pl.col("h").is_in(known),
            run=(pl.col("pair").is_null() | pl.col("pair").is_in(known))
            & (pl.col("triple").is_null() | pl.col("triple").is_in(known)),
        )
        found = cut.group_by("i").agg(
            every=(pl.col("word") & pl.col("run")).all(),
            core=(pl.col("word") & pl.col("w").str.contains(r"\d")).any(),
        )
        if entity in ID_LIKE:
            kept.append(found.filter(pl.col("core")).select("i"))
        kept.append(found.filter(pl.col("every")).select("i"))
    return frame.join(pl.concat(kept).unique(), on="i", how="semi").sort("i")["value"].to_list()


#: An id's core of digits as ``known_ids.split_id`` cuts it: after a letter prefix of up
#: to eight (and a separator), or the whole value ("ACC-553120", "C00001234", "48213").
_DIGIT_CORE = r"^(?:\p{L}{1,8}[-_/.#: ]?)?(\d+)$"


def held_of_entity(
    entity: str, paths: list[Path], words_file: Path
) -> tuple[int, list[str], tuple[tuple[int, int], ...]]:
    """One entity's share of ``kept_targets``, a task on a worker: the count of its
    distinct values in the bundle (with a letter or digit, as the leak check's targets
    count them), those a kept cell can hold (``_held``), sorted, and for an id its
    distinct cores of digits by their length (``TargetIndex.numbers``: how often a count
    meets an id by chance is reckoned with all the ids, not only those the kept cells
    hold). The values are read a hash bucket at a time by polars
    (``known_index.bucketed``), not merged in order in Python: the held ones are few, and
    sorted at the end (on a million employees the ordered merge was half of the pass, ~4
    of ~8 CPU s)."""
    words = pl.read_parquet(words_file)
    total, held = 0, []
    lengths: dict[int, int] = {}
    value = pl.col("value")
    for bucket in bucketed(paths, value.str.contains(r"[^\W_]"), ["value"], value.unique()):
        total += bucket.height
        if words.height:
            held += _held(bucket["value"], words, entity)
        if entity in ID_LIKE:
            cores = bucket["value"].str.strip_chars().str.extract(_DIGIT_CORE).drop_nulls()
            for length, n in cores.unique().str.len_chars().value_counts().iter_rows():
                if length >= MIN_CORE:
                    lengths[length] = lengths.get(length, 0) + n
    return total, sorted(held), tuple(sorted(lengths.items()))


def kept_calls(
    stores: Sequence[dict[str, Path]], splits: Sequence[SplitTable], plan: Plan, work: Path,
    shares: Sequence[Path | None],
) -> list[tuple]:  # fmt: skip
    """The ``kept-held`` tasks of ``kept_targets``, an entity each: ``(entity, its value
    store files, the kept words file)``. (Run beside the settle tasks, to fill the worker
    they leave idle, a million employees took 5 s longer: both are memory-bound.)"""
    structured: dict[str, list[Path]] = {}
    for store in stores:
        for entity, path in store.items():
            structured.setdefault(entity, []).append(path)
    words_file = work / TEXT_DIR / "kept-words.parquet"
    words_file.parent.mkdir(parents=True, exist_ok=True)
    kept_words(splits, plan, shares).write_parquet(words_file)
    return [(entity, structured[entity], words_file) for entity in sorted(structured)]


def kept_index(
    entities: Sequence[str], results: Iterable[tuple[int, list[str]]], policy: Policy, work: Path
) -> GlobalTargets:
    """The kept-column hunt's targets from each entity's ``held_of_entity``, indexed."""
    writer_ids: list[tuple[str, str]] = []
    total = ids = 0
    numbers: dict[int, int] = {}
    writer = TargetWriter(work / TEXT_DIR / "target-index", policy.verification.min_leak_length)
    for entity, (count, held, lengths) in zip(entities, results, strict=True):
        total += count
        writer.add("structured", entity, held)
        if entity in ID_LIKE:
            ids += count
            writer_ids += [(v, entity) for v in held]
            for length, n in lengths:
                numbers[length] = numbers.get(length, 0) + n
    writer.ids_counted = ids
    writer.ids_numbers = numbers
    writer.add_ids(sorted(writer_ids, key=lambda p: (p[1], p[0])))
    return GlobalTargets(writer.close(), values=total)


def kept_targets(
    stores: Sequence[dict[str, Path]], splits: Sequence[SplitTable], plan: Plan,
    policy: Policy, work: Path, run_many: Callable[[str, list[tuple]], Iterable[Any]],
    shares: Sequence[Path | None],
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
    calls = kept_calls(stores, splits, plan, work, shares)
    return kept_index([c[0] for c in calls], run_many("kept-held", calls), policy, work)
