"""A worker's fakes of recurring values: looked up in later partitions, never different
from drawing them again, and not kept for an entity whose values do not recur."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from anonymizers.partitioned import draw_pass
from anonymizers.partitioned.digests import digest64
from anonymizers.partitioned.fake_memo import FakeMemo
from anonymizers.policy import Policy
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = bytes(range(32))


def _counting(values: list[str], asked: list[str]):  # type: ignore[no-untyped-def]
    def draw(rows: list[int]) -> list[tuple[str, str, int]]:
        asked.extend(values[i] for i in rows)
        return [(f"fake of {values[i]}", values[i].lower(), len(values[i])) for i in rows]

    return draw


def test_recurring_values_are_drawn_once_and_others_dropped_after_one_partition() -> None:
    memo = FakeMemo()
    run = ("/work/run-1/values", KEY)
    days = [["1984-03-05", "1979-11-20", "1991-07-14"], ["1979-11-20", "1991-07-14", "2001-01-02"]]
    asked: list[str] = []
    got = [memo.draw(run, "DATE_OF_BIRTH", p, _counting(p, asked)) for p in days]
    assert asked == ["1984-03-05", "1979-11-20", "1991-07-14", "2001-01-02"]
    assert [d[0] for d in got[1]] == ["fake of 1979-11-20", "fake of 1991-07-14",
                                      "fake of 2001-01-02"]  # fmt: skip
    # Staff ids never recur: the second partition finds none kept, and the entity is
    # dropped (its kept values freed), every value drawn from then on.
    ids = [["EMP-0000001", "EMP-0000002"], ["EMP-0000003", "EMP-0000004"], ["EMP-0000001"]]
    asked = []
    for p in ids:
        memo.draw(run, "ID", p, _counting(p, asked))
    assert asked == ["EMP-0000001", "EMP-0000002", "EMP-0000003", "EMP-0000004", "EMP-0000001"]
    assert "ID" in memo.off and "ID" not in memo.kept
    # Another run forgets this one's fakes.
    asked = []
    memo.draw(("/work/run-2/values", KEY), "DATE_OF_BIRTH", days[0], _counting(days[0], asked))
    assert asked == days[0]


def _store(folder: Path, name: str, values: list[str]) -> Path:
    path = folder / "values" / "DATE_OF_BIRTH" / f"staff-{name}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    norms = [normalise("DATE_OF_BIRTH", v) for v in values]
    pl.DataFrame(
        {"value": values, "h": digest64(KEY, "DATE_OF_BIRTH", norms)},
        schema_overrides={"h": pl.UInt64},
    ).write_parquet(path)
    return path


def test_the_draw_pass_gives_the_same_fakes_with_kept_ones(tmp_path: Path) -> None:
    """Two partitions sharing most of their birth dates (in two spellings): the second's
    fakes with the first's kept are those a fresh worker draws."""
    first = ["1984-03-05", "05.03.1984", "1979-11-20", "1991-07-14", "1966-02-28"]
    second = ["1979-11-20", "05.03.1984", "1991-07-14", "2001-01-02", "1966-02-28"]
    pz = Pseudonymizer(KEY)
    registry = (pz.registry(), {}, pz.place_words(), pz.initials())
    stores = [_store(tmp_path, k, v) for k, v in (("000000", first), ("000001", second))]
    draw_pass._memo.forget()
    for path in stores:
        draw_pass.draw_fakes({"DATE_OF_BIRTH": path}, Policy(), KEY, registry)
    warm = pl.read_parquet(draw_pass.fake_file(stores[1]))
    assert len(draw_pass._memo.kept["DATE_OF_BIRTH"]) == 6  # the second drew one only
    draw_pass._memo.forget()
    draw_pass.draw_fakes({"DATE_OF_BIRTH": stores[1]}, Policy(), KEY, registry)
    cold = pl.read_parquet(draw_pass.fake_file(stores[1]))
    assert warm.equals(cold)
