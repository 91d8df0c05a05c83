"""Which real values the kept-column hunt indexes in a run without free text: those a kept
cell could hold as whole words."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from anonymizers.partitioned import known_index
from anonymizers.partitioned.kept_targets import (
    _held,
    _words,
    held_of_entity,
    kept_words,
    partition_kept_words,
)
from anonymizers.partitioned.prepare import prepare
from anonymizers.policy import Policy
from bench.generate import structured_frame

# Kept cells of a customer export: amounts, dates, plan names and one support note.
KEPT = pl.Series([
    "82.43", "43.20", "204.7", "2024-11-24", "2019-08-31", "enterprise", "plus", "552.04",
    "blocked 186.208.208.110 after repeated failed logins",
])  # fmt: skip


def test_an_address_whose_pairs_lie_in_different_cells_is_not_indexed() -> None:
    # Each pair of 82.43.204.7 is an amount somewhere ("82.43", "43.20" no, ...): a
    # value of four words needs each run of three in one cell.
    words = _words(pl.Series([*KEPT, "43.204"]))
    assert _held(["82.43.204.7"], words, "IP_ADDRESS") == []


def test_an_address_a_kept_note_holds_is_indexed() -> None:
    assert _held(["186.208.208.110", "91.12.7.1"], _words(KEPT), "IP_ADDRESS") == [
        "186.208.208.110"
    ]


def test_values_of_one_and_two_words_are_indexed_when_the_cells_hold_them() -> None:
    words = _words(pl.Series(["Renewal handled by Gaspar Langevoort", "Mira"]))
    held = _held(["Gaspar Langevoort", "Langevoort Gaspar", "Mira", "Tove"], words, "PERSON")
    assert held == ["Gaspar Langevoort", "Mira"]


def test_the_first_word_sift_keeps_upper_cased_forms_and_id_cores() -> None:
    """Only values whose first word some kept cell holds are cut into words (a column-wise
    sift), in each form: "Straße" is held by a cell that writes "STRASSE"; an id is still
    held by its core, whatever its first word."""
    words = _words(pl.Series(["Delivery to HAUPTSTRASSE 12 failed", "ticket ACC-553120 closed"]))
    assert _held(["Hauptstraße 12", "Hauptstraße 14", "Am Markt 12"], words, "ADDRESS") == [
        "Hauptstraße 12"
    ]
    assert _held(["CUS-553120", "CUS-553121"], words, "ID") == ["CUS-553120"]


def test_an_entitys_values_are_counted_once_and_held_ones_sorted_in_any_bucketing(
    tmp_path: Path, monkeypatch
) -> None:
    """``held_of_entity`` over partitions that share values: each distinct value with a
    letter or digit counted once (a value in three partitions too, "---" not at all), the
    held ones sorted, the same whether polars reads them in one bucket or in many."""
    words_file = tmp_path / "words.parquet"
    _words(pl.Series(["Renewal handled by Gaspar Langevoort", "Mira", "Tove Lind"])).write_parquet(
        words_file
    )
    parts = [
        ["Aino Virtanen", "Gaspar Langevoort", "Tove Lind", "---"],
        ["Mira", "Tove Lind", "Zofia Nowak"],
        ["Aino Virtanen", "Gaspar Langevoort", "Mira", "Olu Adeyemi"],
    ]
    paths = []
    for k, values in enumerate(parts):
        paths.append(tmp_path / f"part-{k}.parquet")
        pl.DataFrame({"value": sorted(values)}).write_parquet(paths[-1])
    whole = held_of_entity("PERSON", paths, words_file)
    assert whole == (6, ["Gaspar Langevoort", "Mira", "Tove Lind"], ())
    monkeypatch.setattr(known_index, "BUCKET_ROWS", 2)  # five buckets
    assert held_of_entity("PERSON", paths, words_file) == whole


@pytest.mark.model  # plans the export
def test_the_partitions_word_shares_merge_to_the_words_made_from_the_partitions(
    tmp_path: Path,
) -> None:
    """The collect pass makes each partition's kept words (``partition_kept_words``);
    merged, they are the words of every kept cell, and a share a resumed run lacks (a
    partition collected by an earlier version) is made from its partition instead."""
    src = tmp_path / "export" / "customers.csv"
    src.parent.mkdir()
    structured_frame(250).write_csv(src)
    prepared = prepare([src], tmp_path / "work", 100, Policy(), None, None, set())
    (split,) = prepared.splits
    shares = []
    for k, part in enumerate(split.parts):
        df = pl.read_parquet(part)
        shares.append(tmp_path / f"share-{k}.parquet")
        partition_kept_words(df, split.table, prepared.plan).write_parquet(shares[-1])
    made = kept_words(prepared.splits, prepared.plan, [None] * len(shares))
    assert made.height > 10 and made.schema == pl.Schema({"k": pl.UInt64})
    merged = kept_words(prepared.splits, prepared.plan, shares)
    mixed = kept_words(prepared.splits, prepared.plan, [shares[0], None, shares[2]])
    assert sorted(merged["k"]) == sorted(made["k"]) == sorted(mixed["k"])
    # A plan name is a kept cell's word; a customer's e-mail is in no kept cell.
    first = pl.read_csv(src).row(0, named=True)
    held = set(made["k"].to_list())
    assert set(_words(pl.Series([first["plan"]]))["k"].to_list()) <= held
    assert not set(_words(pl.Series([first["email"]]))["k"].to_list()) <= held


def test_an_ids_cores_of_digits_are_counted_by_length_whether_held_or_not(
    tmp_path: Path,
) -> None:
    """A telecom's call records numbered 1 to 30,000 beside a kept ``duration_s`` of 0 to
    3,600 (session 49): the durations hold 2,600 of the 9,000 four-digit record ids, and
    the chance that a four-digit count is an id was reckoned with those alone (0.26, not
    0.9), so the gate rejected every duration. Each length's distinct cores are counted
    over every id (a prefix cut as ``split_id`` cuts it; fewer than four digits are none)."""
    words_file = tmp_path / "words.parquet"
    _words(pl.Series([str(d) for d in range(0, 3601, 7)])).write_parquet(words_file)
    ids = [str(i) for i in range(1, 30_001)] + ["C00001234", "ACC-553120", "12-3456789"]
    paths = [tmp_path / "ids-0.parquet", tmp_path / "ids-1.parquet"]
    pl.DataFrame({"value": sorted(ids[:15_000])}).write_parquet(paths[0])
    pl.DataFrame({"value": sorted(ids[15_000:])}).write_parquet(paths[1])
    total, held, lengths = held_of_entity("ID", paths, words_file)
    assert total == 30_003 and 0 < len(held) < 600
    assert dict(lengths) == {4: 9_000, 5: 20_001, 6: 1, 8: 1}
    assert held_of_entity("PERSON", paths, words_file)[2] == ()
