"""A partition's known values read back from the on-disk index find exactly the spans the
whole bundle's ``KnownValues`` finds in its texts: names in nine locales (particles,
apostrophes, hyphens, accents written without), phones in other formats, ids by their
cores, named ids; over texts of several languages and partitions of any size."""

from __future__ import annotations

import re

import polars as pl
import pytest

from anonymizers.detect.known import KnownValues
from anonymizers.partitioned import known_index
from anonymizers.partitioned.known_index import sorted_distinct, write_known_index
from anonymizers.policy import Policy
from anonymizers.verify.targets import folded_words
from tests.helpers.known_bundle import known_bundle


def _whole(values: dict[str, set[str]], named: set[str], policy: Policy) -> KnownValues:
    """The whole bundle's matcher in memory: entities and values sorted, then named ids."""
    known = KnownValues(policy)
    for entity in sorted(values):
        for value in sorted(values[entity]):
            known.add(entity, value)
    for value in sorted(named):
        known.add_named_id(value)
    return known


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("bundle")
    values, named, texts = known_bundle(root / "export")
    policy = Policy()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(known_index, "CHUNK", 300)  # many files, read back as one index
        index = write_known_index(
            ((e, iter(sorted(values[e]))) for e in sorted(values)),
            named, policy.detection.min_known_length, root / "index",
        )  # fmt: skip
    assert len(list((root / "index").glob("*.parquet"))) > 3
    return values, named, texts, _whole(values, named, policy), index


@pytest.mark.parametrize("size", [3, 10_000])
def test_a_partition_finds_the_spans_the_whole_bundle_finds(bundle, size: int) -> None:
    _values, _named, texts, whole, index = bundle
    found = 0
    smaller = 0
    for start in range(0, len(texts), size):
        part = texts[start : start + size]
        known = index.known_for(part)
        smaller += len(known) < len(whole)
        for text in part:
            expected = whole.find(text)
            assert known.find(text) == expected, text
            found += len(expected)
    assert found > 500  # names, phones, ids and their cores: the test has something to find
    if size < len(texts):
        assert smaller  # and a partition reads back fewer values than the bundle holds


def test_phones_ids_and_named_ids_are_found_through_the_index(bundle) -> None:
    _values, _named, texts, whole, index = bundle
    entities = {sp.entity for t in texts for sp in index.known_for([t]).find(t)}
    assert {"PHONE_NUMBER", "US_BANK_NUMBER", "ID", "PERSON", "LAST_NAME"} <= entities
    core = next(t for t in texts if t.startswith("acc "))
    assert any(sp.stands_for for sp in index.known_for([core]).find(core))
    assert whole.find(core) == index.known_for([core]).find(core)


def test_the_folded_words_of_the_structured_values_are_asked_from_the_index(bundle) -> None:
    values, _named, texts, _whole_known, index = bundle
    every = folded_words(values)
    asked = {w.casefold() for t in texts for w in re.findall(r"[^\W_]+", t)} | set(list(every)[:50])
    assert index.words_among(asked) == asked & every


def test_the_store_files_values_are_merged_in_sorted_order_once_each(tmp_path) -> None:
    parts = [["Ærø", "Zoë", "Ängelholm", "Émile"], ["Zoë", "Ögmundur", "Åsa"], ["Émile", "Łukasz"]]
    files = []
    for i, values in enumerate(parts):
        files.append(tmp_path / f"p{i}.parquet")
        pl.DataFrame({"value": sorted(set(values))}).write_parquet(files[-1])
    merged = list(sorted_distinct(files, batch=2))
    assert merged == sorted({v for p in parts for v in p})
    assert merged == pl.Series([v for p in parts for v in p]).unique().sort().to_list()
