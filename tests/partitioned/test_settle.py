"""Bucket-wise settling: after it, every value's fake is its own and none is real."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from anonymizers.errors import PolicyError
from anonymizers.partitioned import settle as settle_module
from anonymizers.partitioned.settle import (
    Buckets,
    distinct,
    losers,
    save_drawn,
    save_redraw,
    settle,
)

U = np.uint64


def _fake(h: np.ndarray, attempt: int, space: int) -> np.ndarray:
    """A deterministic stand-in for 'the digest of value h's fake at this attempt' in
    a small fake space spread over every bucket, so collisions are certain."""
    mixed = (h.astype(object) * 0x9E3779B97F4A7C15 + attempt * 0xBF58476D1CE4E5B9) % (2**64)
    return (np.array(mixed.tolist(), dtype=U) % U(space)) * U((2**64 - 1) // space)


def _redraw(folder: Path, fake):  # type: ignore[no-untyped-def]
    """A re-draw as the workers do it: this round's rows to a file sorted by fake digest,
    split in two files (two partitions) so a round is read from several."""

    def redraw(h: np.ndarray, attempt: int) -> list[Path]:
        halves = np.array_split(h, 2)
        return [save_redraw(folder / f"r{attempt}-{i}.npy", x, fake(x, attempt))
                for i, x in enumerate(halves)]  # fmt: skip

    return redraw


def test_a_shared_fake_stays_with_the_smaller_value_and_a_real_one_goes() -> None:
    h = np.array([1, 2, 3, 4], dtype=U)
    fh = np.array([10, 10, 3, 20], dtype=U)  # 1 and 2 share 10; 3's fake is the real 3
    assert losers(h, fh, np.unique(h)).tolist() == [2, 3]


@pytest.mark.parametrize("parts", [1, 3, 7])
def test_settled_fakes_are_distinct_and_never_real(tmp_path: Path, parts: int) -> None:
    rng = np.random.default_rng(7)
    values = np.unique(rng.integers(0, 2**63, 3000, dtype=np.int64).astype(U))
    space = 20_000  # ~3000 values in 20,000 fakes: hundreds of collisions and real hits
    real_in_space = _fake(values[:1500], 999, space)  # some real values look like fakes
    everything = np.unique(np.concatenate([values, real_in_space]))
    drawn = []
    for i, chunk in enumerate(np.array_split(everything, parts)):
        drawn.append(save_drawn(tmp_path / f"p{i}", chunk, _fake(chunk, 0, space)))
    exceptions = settle(drawn, _redraw(tmp_path, lambda h, a: _fake(h, a, space)),
                        Buckets(tmp_path / "b"))  # fmt: skip
    assert exceptions  # the space made collisions certain
    attempts = exceptions.attempts_for(everything)
    pairs = zip(everything, attempts, strict=True)
    final = np.array([_fake(np.array([v], U), int(a), space)[0] for v, a in pairs], dtype=U)
    assert np.unique(final).size == everything.size  # injective
    assert not np.isin(final, everything).any()  # never a real value


def test_the_same_data_settles_the_same_whatever_the_partitioning(tmp_path: Path) -> None:
    values = np.arange(1, 400, dtype=U) * U(0x100000001B3)
    results = []
    for parts in (1, 5):
        folder = tmp_path / str(parts)
        folder.mkdir()
        drawn = [
            save_drawn(folder / f"p{i}", chunk, _fake(chunk, 0, 600))
            for i, chunk in enumerate(np.array_split(values, parts))
        ]
        redraw = _redraw(folder, lambda h, a: _fake(h, a, 600))
        results.append(settle(drawn, redraw, Buckets(folder / "b")))
    assert len(results[0]) > 0
    assert results[0].keys.tolist() == results[1].keys.tolist()
    assert results[0].attempts.tolist() == results[1].attempts.tolist()


@pytest.mark.parametrize("group_rows", [50, 700])
def test_steps_of_many_buckets_settle_as_one_bucket_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group_rows: int
) -> None:
    """However many buckets a step reads together, the same losers and the same
    attempts: a step is only a way to read the files, never part of the rule."""
    rng = np.random.default_rng(11)
    values = np.unique(rng.integers(0, 2**63, 2500, dtype=np.int64).astype(U))
    results = []
    for rows in (1, group_rows):  # 1: a step per bucket, as before steps existed
        monkeypatch.setattr(settle_module, "GROUP_ROWS", rows)
        folder = tmp_path / str(rows)
        folder.mkdir()
        drawn = [
            save_drawn(folder / f"p{i}", chunk, _fake(chunk, 0, 9_000))
            for i, chunk in enumerate(np.array_split(values, 4))
        ]
        assert len(settle_module.groups([p for p, _ in drawn])) == min(64, -(-2500 // rows))
        redraw = _redraw(folder, lambda h, a: _fake(h, a, 9_000))
        results.append(settle(drawn, redraw, Buckets(folder / "b")))
    assert len(results[0]) > 100
    assert results[0].keys.tolist() == results[1].keys.tolist()
    assert results[0].attempts.tolist() == results[1].attempts.tolist()


def test_a_space_too_small_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every round up to the limit is settled: a lower limit, the same error (1,024 rounds
    # took 30 s of the suite).
    monkeypatch.setattr(settle_module, "MAX_ROUNDS", 16)
    values = np.arange(1, 50, dtype=U)
    drawn = [save_drawn(tmp_path / "p", values, np.full(values.size, 7, U))]
    with pytest.raises(PolicyError, match="too small"):
        settle(
            drawn, _redraw(tmp_path, lambda h, a: np.full(h.size, 7, U)), Buckets(tmp_path / "b")
        )


def test_distinct_is_numpys_unique_without_its_hash_table() -> None:
    rng = np.random.default_rng(7)
    parts = [rng.integers(0, 5_000, n, dtype=np.uint64) for n in (0, 1, 900, 4_000)]
    kept = [p.copy() for p in parts]
    assert np.array_equal(distinct(*parts), np.unique(np.concatenate(parts)))
    assert all(np.array_equal(p, k) for p, k in zip(parts, kept, strict=True))  # untouched
    one = parts[3]
    assert np.array_equal(distinct(one), np.unique(one))
    assert np.array_equal(one, kept[3])  # a single array is copied, not sorted in place
    assert distinct().size == 0 and distinct(parts[0]).dtype == np.uint64


def test_a_step_counts_every_digest_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entity that is not faked has empty pair files and all its digests in the real
    files; a round's few losers load their buckets' real and placed digests whole."""
    monkeypatch.setattr(settle_module, "GROUP_ROWS", 100)
    values = np.arange(1, 1001, dtype=U) * U(0x9E3779B97F4A7C15 // 1000)
    pairs, real = save_drawn(tmp_path / "p", values, None)
    assert len(settle_module.groups([pairs])) == 1  # nothing to read in the pairs
    assert len(settle_module.groups([pairs, real])) == 10
    buckets = Buckets(tmp_path / "b")
    buckets.save("real", range(64), values)
    assert buckets.held("real") == 1000
    assert len(settle_module.groups([], held=buckets.held("real"))) == 10
    assert np.array_equal(buckets.real(range(64)), values)  # split and joined back
