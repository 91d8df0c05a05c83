"""A pass's progress lines: counts, time left and a memory line, never a value."""

from __future__ import annotations

import pytest

from anonymizers.partitioned import progress


def test_each_pass_ends_with_a_memory_line_even_if_its_reader_stops_at_the_last() -> None:
    lines: list[str] = []
    results = progress.progress("detect", iter([1, 2, 3]), 3, lines.append)
    got = [next(results) for _ in range(3)]  # as ``text_passes`` reads: never past the last
    assert got == [1, 2, 3]
    assert [x for x in lines if x.startswith("safeset: memory detect peak MB: flow ")]


def test_a_long_pass_says_how_far_it_is_in_its_own_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "PROGRESS_EVERY_S", 0.0)
    lines: list[str] = []
    values = ["Maria Garcia", "Tomás Ó Súilleabháin", "Aoife Ní Bhriain", "Kjell Berg"]
    assert list(progress.progress("settle", iter(values), 4, lines.append, "entities")) == values
    counted = [x for x in lines if " of 4 entities (" in x]
    assert [x.split(" (")[0] for x in counted] == [
        f"  settle: {n} of 4 entities" for n in (1, 2, 3)
    ]
    assert all(x.endswith(" s left)") for x in counted)
    assert not any(v in x for v in values for x in lines)  # counts, never values
