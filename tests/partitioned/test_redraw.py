"""Settling's re-draws past taken fakes: a dense column of birth dates settles in a few
rounds, its fakes injective and never a real date, the same bytes however it is split."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from anonymizers.io.partitions import split_table
from anonymizers.partitioned import in_order, redraw, settle_pass
from anonymizers.partitioned.digests import digest64
from anonymizers.partitioned.optouts import optouts_for
from anonymizers.partitioned.redraw import LeakyCheck, RoundDraws, TakenDigests
from anonymizers.partitioned.run import run_stream
from anonymizers.partitioned.settle import Buckets, save_redraw, settle
from anonymizers.partitioned.target_index import TargetWriter
from anonymizers.partitioned.text_checks import GlobalTargets, leaky_fakes
from anonymizers.plan.columns import make_plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = bytes(range(32))


def _taken(folder: Path, days: list[date]) -> TakenDigests:
    digests = np.sort(digest64(KEY, "DATE_OF_BIRTH", [d.isoformat() for d in days]))
    Buckets(folder).save("real", range(64), digests)
    return TakenDigests(folder, KEY, "DATE_OF_BIRTH")


def test_taken_days_are_told_by_digest_as_a_set_of_days_would(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    start = date(1979, 11, 20)
    days = sorted({start + timedelta(int(k)) for k in rng.integers(0, 900, 800)})
    taken = _taken(tmp_path, days)
    held = set(days)
    for _ in range(300):
        a = start + timedelta(int(rng.integers(-30, 930)))
        b = a + timedelta(int(rng.integers(0, 40)))
        whole = all(a + timedelta(k) in held for k in range((b - a).days + 1))
        assert taken.all_days_taken(a, b) == whole
        assert (a.isoformat() in taken) == (a in held)
        assert taken.day_taken(b.toordinal()) == (b in held)
    assert "1979-11-20 at noon" not in taken  # not a day: by its own digest


def test_a_round_file_carries_each_values_attempt(tmp_path: Path) -> None:
    """Round files with a third row: the attempt each value was drawn at, not the round's
    number, is the one settling reports (and the apply pass fakes with)."""
    h = np.array([5, 6, 7], dtype=np.uint64)
    drawn_real = tmp_path / "p.real.npy"
    pairs = save_redraw(tmp_path / "p.pairs.npy", h, np.array([9, 9, 11], dtype=np.uint64))
    np.save(drawn_real, h)

    def redraw(pending: np.ndarray, round_number: int) -> list[Path]:
        fh = pending * np.uint64(1000) + np.uint64(round_number)
        at = np.full(pending.size, 40 + round_number, dtype=np.int64)
        return [save_redraw(tmp_path / f"r{round_number}.npy", pending, fh, at)]

    found = settle([(pairs, drawn_real)], redraw, Buckets(tmp_path / "b"))
    assert found.keys.tolist() == [6]
    assert found.attempts.tolist() == [41]


def _policy() -> Policy:
    return Policy.model_validate(
        {
            "columns": {
                "staff_id": {"kind": "entity", "entity": "ID"},
                "birth_date": {"kind": "entity", "entity": "DATE_OF_BIRTH"},
            }
        }
    )


def _staff(path: Path, rows: int = 3000) -> Path:
    """Birth dates on most days of five years: a fake that is nobody's real birth
    date lies years away, dozens of attempts for most values."""
    rng = np.random.default_rng(11)
    first = date(1984, 3, 1)
    pl.DataFrame(
        {
            "staff_id": [f"ST-{40_000 + i}" for i in range(rows)],
            "birth_date": [(first + timedelta(int(k))).isoformat()
                           for k in rng.integers(0, 1826, rows)],
        }
    ).write_csv(path)  # fmt: skip
    return path


def _run(src: Path, work: Path, rows: int) -> bytes:
    """The staff file through a partitioned run of ``rows``-row partitions: its output."""
    split = split_table(src, work, rows)
    plan = make_plan([split.table], _policy(), None)
    optouts = optouts_for([split], _policy(), set(), work)
    result = run_stream([split], plan, _policy(), KEY, optouts, work, work / "data")
    assert result.verification.passed
    return (work / "data" / src.name).read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("on_workers", [True, False])
def test_dense_birth_dates_settle_in_few_rounds_alike_for_any_partitioning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_workers: bool
) -> None:
    """Re-drawn on the workers (each value alone, past the fakes taken before the round)
    or here in one order (``in_order.py``): few rounds, the same bytes for any split."""
    if on_workers:
        monkeypatch.setattr(settle_pass, "WORKER_REDRAW", 1)
    src = _staff(tmp_path / "staff.csv")
    rounds: list[int] = []
    real_settle = settle_pass.settle

    def counting(drawn, redraw, buckets):  # type: ignore[no-untyped-def]
        def counted(pending: np.ndarray, attempt: int) -> list[Path]:
            rounds.append(attempt)
            return redraw(pending, attempt)

        return real_settle(drawn, counted, buckets)

    monkeypatch.setattr(settle_pass, "settle", counting)
    outputs = []
    for rows in (700, 5000):
        outputs.append(_run(src, tmp_path / f"w{rows}", rows))
    assert outputs[0] == outputs[1]
    before = pl.read_csv(src, infer_schema=False)
    after = pl.read_csv(tmp_path / "w700" / "data" / src.name, infer_schema=False)
    assert after["birth_date"].n_unique() == before["birth_date"].n_unique()
    assert not set(after["birth_date"]) & set(before["birth_date"])
    # One attempt per round took 16 rounds here; drawing past taken days, 3; in one
    # order, 1.
    assert max(rounds) <= (8 if on_workers else 1)


@pytest.mark.parametrize("on_workers", [True, False])
def test_ids_numbered_from_one_settle_past_the_lengths_they_fill_alike_for_any_partitioning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_workers: bool
) -> None:
    """A primary key numbered 1 to 3,000 fills every number of three digits and fewer:
    its ids of up to three digits can only take a fake of four. Settling skips the
    lengths that are spent (``Identifier.skip_taken``) instead of drawing 64 fakes at each
    (100,000 such ids took 64 s), with the same bytes for any split."""
    from anonymizers.pseudonymise.generators import ids

    if on_workers:
        monkeypatch.setattr(settle_pass, "WORKER_REDRAW", 1)
    drawn: list[int] = []
    real_fake_ids = ids.fake_ids

    def counting(cores, norms, draws, attempts):  # type: ignore[no-untyped-def]
        drawn.append(len(cores))
        return real_fake_ids(cores, norms, draws, attempts)

    monkeypatch.setattr(ids, "fake_ids", counting)
    src = tmp_path / "customers.csv"
    pl.DataFrame({"staff_id": [str(n) for n in range(1, 3001)]}).write_csv(src)
    outputs = [_run(src, tmp_path / f"w{rows}", rows) for rows in (700, 5000)]
    assert outputs[0] == outputs[1]
    after = pl.read_csv(tmp_path / "w700" / "data" / src.name, infer_schema=False)["staff_id"]
    assert after.n_unique() == 3000 and not set(after) & {str(n) for n in range(1, 3001)}
    assert after.str.contains(r"^[1-9]\d{3}$").all()  # integers of the first free length
    # Two runs' first draws, then few re-draws each: 64 a length drew ~70,000 per run.
    assert sum(drawn) <= 2 * 5 * 3000


def test_the_leak_test_of_a_round_answers_each_fake_as_alone_reading_the_index_once(
    tmp_path: Path,
) -> None:
    """``LeakyCheck`` keeps its answers: a batch tested ahead (``prefetch``) answers the
    round's asks value by value as ``leaky_fakes`` answers each fake alone, with no read
    of the target index per ask; past ``rounds`` attempts a fake is never held."""
    writer = TargetWriter(tmp_path / "index", Policy().verification.min_leak_length)
    writer.add("structured", "LAST_NAME", ["Ingrid", "Victor", "Aoife"])
    writer.add("structured", "ADDRESS", ["Skolvägen 8", "12 Rue des Lilas"])
    targets = GlobalTargets(writer.close())
    fakes = ["Victor Ridge 12", "Maple Court 4", "Ingridsvägen 3", "10 Skolvägen 8",
             "Aoife Byrne", "Rue des Lilas", "4 Maple Court"]  # fmt: skip
    alone = [bool(leaky_fakes(targets, Policy(), [f])[0]) for f in fakes]
    assert alone == [True, False, False, True, True, False, False]
    check = LeakyCheck(targets, Policy(), rounds=3)
    reads = []
    test = check._test
    check._test = lambda *args: reads.append(args) or test(*args)  # type: ignore[method-assign]
    check.prefetch(fakes)
    asked = [bool(check([f], np.array([1]))[0]) for f in fakes]
    assert asked == alone
    assert len(reads) == 1
    assert check(fakes, np.full(len(fakes), 3)).tolist() == [False] * len(fakes)


@pytest.mark.parametrize("entity", ["DATE_OF_BIRTH", "ID"])
def test_a_round_in_order_drawn_at_once_is_the_round_drawn_value_by_value(
    tmp_path: Path, entity: str
) -> None:
    """``in_order``: the losers' first untaken fakes drawn for the whole round at once,
    then placed in order (a value whose fake an earlier one took drawing on alone), give
    the attempts and fakes the round drawn value by value gives. Dense birth dates: most
    losers land on the same few free days, so most draw on."""
    rng = np.random.default_rng(4)
    first = date(1984, 3, 1)
    if entity == "DATE_OF_BIRTH":
        real = sorted({first + timedelta(int(k)) for k in rng.integers(0, 1826, 1600)})
        forms = [d.isoformat() for d in real]
        values = [forms[int(k)] for k in rng.choice(len(forms), 400, replace=False)]
    else:  # four-digit ids, most of them real
        forms = sorted({f"ST-{int(k):04d}" for k in rng.integers(0, 10_000, 8000)})
        values = [forms[int(k)] for k in rng.choice(len(forms), 400, replace=False)]
        forms = [v.lower() for v in forms]
    starts = rng.integers(0, 3, len(values)).astype(np.int64)
    results = []
    for k, way in enumerate((in_order._one_by_one, in_order._past_earlier)):
        folder = tmp_path / f"taken{k}"
        Buckets(folder).save("real", range(64), np.sort(digest64(KEY, entity, forms)))
        taken = TakenDigests(folder, KEY, entity)
        pz = Pseudonymizer(KEY)
        if way is in_order._one_by_one:
            fh, at = way(pz, entity, KEY, Policy(), (), values, starts, taken, None)
        else:
            fh, at = way(pz, entity, KEY, values, starts, taken, None)
        results.append((fh.tolist(), at.tolist()))
    assert results[0] == results[1]
    assert len(set(results[0][0])) == len(values)  # the round's fakes never collide
    assert max(results[0][1]) > 3  # values drew past taken fakes


@pytest.mark.slow
def test_fakes_a_round_in_order_saved_are_those_the_apply_pass_would_draw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A round in one order saves every spelling's fake at its settled attempt for each
    partition holding it (``in_order._spelled``), and the apply pass takes them instead
    of drawing them again: the same output as a run whose apply pass draws them. Birth
    dates written two ways ("1984-03-05", "05.03.1984") are spellings of one value."""
    src = _staff(tmp_path / "staff.csv", rows=2000)
    frame = pl.read_csv(src, infer_schema=False)
    odd = pl.int_range(pl.len()) % 3 == 0
    dotted = pl.col("birth_date").str.strptime(pl.Date).dt.strftime("%d.%m.%Y")
    frame.with_columns(birth_date=pl.when(odd).then(dotted).otherwise("birth_date")).write_csv(src)
    outputs, saved = [], []
    for spelled in (True, False):
        if not spelled:
            monkeypatch.setattr(in_order, "_spelled", lambda *args: None)
        work = tmp_path / f"w{spelled}"
        outputs.append(_run(src, work, 500))
        saved.append(
            len(list((work / "values" / "DATE_OF_BIRTH").glob("*.redraw-*.fakes.parquet")))
        )
    assert outputs[0] == outputs[1]
    assert saved[0] > saved[1]  # the in-order rounds saved theirs


@pytest.mark.slow
def test_a_round_re_draws_a_value_held_by_many_partitions_once_with_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Birth dates recur in every partition of a large table: a round on the workers
    draws each once for all the partitions its task re-draws (``RoundDraws``), and the
    output is the one each partition drawing its own gives."""
    monkeypatch.setattr(settle_pass, "WORKER_REDRAW", 1)
    src = _staff(tmp_path / "staff.csv", rows=2400)
    drawn: list[int] = []
    real_first_untaken = redraw.first_untaken

    def counting(pz, entity, key, values, *args, **kwargs):  # type: ignore[no-untyped-def]
        if entity == "DATE_OF_BIRTH":
            drawn.append(len(values))
        return real_first_untaken(pz, entity, key, values, *args, **kwargs)

    monkeypatch.setattr(redraw, "first_untaken", counting)
    outputs, counts = [], []
    for shared in (True, False):
        if not shared:
            monkeypatch.setattr(settle_pass, "RoundDraws", lambda *args: None)
        drawn.clear()
        outputs.append(_run(src, tmp_path / f"w{shared}", 400))
        counts.append(sum(drawn))
    assert outputs[0] == outputs[1]
    # Six partitions of 400 rows over 1,826 days: a loser is in two of them on average.
    assert 0 < counts[0] < counts[1] * 0.7


def test_a_round_keeps_no_draws_of_values_that_do_not_recur(tmp_path: Path) -> None:
    """A dense id's losers are each in one partition: once a partition finds none of its
    values kept, the round keeps nothing more (its memory stays that of one partition)."""
    shared = RoundDraws(_taken(tmp_path, [date(1990, 1, 1)]), None)
    shared.add([("CUS-1", 3), ("CUS-2", 1)], [11, 12], [3, 1], ["CUS-7", "CUS-8"], recurred=0)
    assert shared.get(("CUS-1", 3)) == (11, 3, "CUS-7")
    assert shared.get(("CUS-1", 4)) is None  # another starting attempt draws otherwise
    shared.add([("CUS-3", 2)], [13], [2], ["CUS-9"], recurred=0)
    assert shared.get(("CUS-1", 3)) is None and shared.get(("CUS-3", 2)) is None
    shared.add([("CUS-4", 0)], [14], [0], ["CUS-5"], recurred=1)
    assert shared.get(("CUS-4", 0)) is None
