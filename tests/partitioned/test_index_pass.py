"""The structured values' indexes written on the workers, a chunk of values a task, are
the indexes one process writes: the same known values found in every text, and the
leak check's targets row for row (their numbers apart), with the same whole-bundle facts
(id count, distinctive cores, keys)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from anonymizers.detect.known import ID_LIKE
from anonymizers.partitioned import index_pass
from anonymizers.partitioned.known_index import write_known_index
from anonymizers.partitioned.target_index import FORM_KEYS, ID_LOOKUPS, TargetIndex, TargetWriter
from anonymizers.policy import Policy
from tests.helpers.known_bundle import known_bundle

#: A value detection found in a text, added to the targets after the structured part.
DETECTED = {"PERSON": ["Mirela Dobrescu", "Kwame Mensah"]}


def _store(values: dict[str, set[str]], folder: Path) -> dict[str, list[Path]]:
    """The value store as the collect pass leaves it: each partition's file sorted, a
    value in more than one partition."""
    files: dict[str, list[Path]] = {}
    for entity, vals in values.items():
        ordered = sorted(vals)
        files[entity] = []
        for k, part in enumerate((ordered[::2], ordered[1::2] + ordered[: len(ordered) // 3])):
            path = folder / entity / f"part-{k}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pl.DataFrame({"value": sorted(part)}, schema={"value": pl.String}).write_parquet(path)
            files[entity].append(path)
    return files


def _one_process(values: dict[str, set[str]], policy: Policy, folder: Path) -> TargetIndex:
    """The targets as one writer adds them: each entity's values, then every id."""
    writer = TargetWriter(folder, policy.verification.min_leak_length)
    searched = {}
    for entity, vals in values.items():
        ordered = pl.Series(sorted(vals), dtype=pl.String)
        searched[entity] = ordered.filter(ordered.str.contains(r"[^\W_]")).to_list()
    for entity in sorted(values):
        writer.add("structured", entity, searched[entity])
    writer.add_ids((v, e) for e in sorted(ID_LIKE) if e in values for v in searched[e])
    for entity, found in DETECTED.items():
        writer.add("detected", entity, found)
    return writer.close()


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("index-pass")
    values, named, texts = known_bundle(root / "export")
    values = {e: v for e, v in values.items() if v}
    policy = Policy()
    files = _store(values, root / "store")
    text_dir = root / "text"
    cut = index_pass.value_chunks(files, text_dir / "value-chunks", size=250)
    index_pass.start_indexes(text_dir)
    tasks = index_pass.index_tasks(cut, size=600)
    assert 1 < len(tasks) < len(cut.chunks)  # small chunks share a task
    for task in tasks:
        index_pass.index_chunks(task, policy, text_dir)
    known, writer = index_pass.finish_indexes(cut, named, policy, text_dir)
    for entity, found in DETECTED.items():
        writer.add("detected", entity, found)
    targets = writer.close()
    return values, named, texts, policy, root, cut, known, targets


def test_the_values_are_cut_into_chunks_of_one_entity_each(indexes) -> None:
    values, *_, cut, _known, _targets = indexes
    assert len(cut.chunks) > len(values)  # some entity takes several chunks
    for entity, vals in values.items():
        mine = [c for c in cut.chunks if c.entity == entity]
        read = [v for c in mine for v in pl.read_parquet(c.file)["value"].to_list()]
        assert read == sorted(vals)  # distinct, in order, once
    assert cut.structured["PERSON"] == values["PERSON"]


def test_the_known_index_finds_what_one_process_finds(indexes) -> None:
    values, named, texts, policy, root, _cut, known, _targets = indexes
    whole = write_known_index(
        ((e, iter(sorted(values[e]))) for e in sorted(values)),
        named, policy.detection.min_known_length, root / "one-process",
    )  # fmt: skip
    assert (known.counted, known.size) == (whole.counted, whole.size)
    found = 0
    for start in range(0, len(texts), 40):
        part = texts[start : start + 40]
        ours, theirs = known.known_for(part), whole.known_for(part)
        assert len(ours) == len(theirs)
        for text in part:
            expected = theirs.find(text)
            assert ours.find(text) == expected, text
            found += len(expected)
    assert found > 500


def _rows(folder: Path) -> pl.DataFrame:
    """The index's rows in order, their numbers replaced by their ranks."""
    rows = pl.read_parquet(sorted(folder.glob("*.parquet")))
    return (
        rows.with_columns(pl.col("seq").rank("dense")).sort("seq", "kind", "form", "h").drop("seq")
    )


def test_the_targets_are_those_one_process_writes(indexes) -> None:
    values, _named, texts, policy, root, _cut, _known, targets = indexes
    whole = _one_process(values, policy, root / "one-process-targets")
    ours, theirs = _rows(targets.folder), _rows(whole.folder)
    assert ours.height > 1_000 and ours.equals(theirs)
    assert {k: v for k, v in vars(targets).items() if k != "folder"} == {
        k: v for k, v in vars(whole).items() if k != "folder"
    }
    for name in (FORM_KEYS, ID_LOOKUPS):
        assert np.array_equal(np.load(targets.folder / name), np.load(whole.folder / name))
    ours_found = targets.subset(texts[:60]).targets
    theirs_found = whole.subset(texts[:60]).targets
    assert ours_found.by_entity == theirs_found.by_entity
    assert (
        "Kwame Mensah" in targets.subset(["Kwame Mensah called twice"]).targets.by_entity["PERSON"]
    )
