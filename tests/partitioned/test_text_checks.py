"""The text checks of a partitioned run: partitions' counts merged into one check, rows
counted from the table's start, and the fakes settling must re-draw found by the same
matcher as the leak check."""

from __future__ import annotations

from pathlib import Path

from anonymizers.partitioned.target_index import TargetWriter
from anonymizers.partitioned.text_checks import (
    GlobalTargets,
    TextChecked,
    leaky_fakes,
    merged_leak_check,
    merged_residual,
    residual_share,
)
from anonymizers.policy import Policy
from anonymizers.verify.residual import residual_verdict


def _part(leaks: int, hits: int, rows: list[int], scanned: int, flagged: int) -> TextChecked:
    findings = [{"check": "leak", "entity": "PERSON", "table": "tickets", "column": "body",
                 "row": r, "digest": "ab12"} for r in rows]  # fmt: skip
    return TextChecked(
        leak_counts={"values_searched": 1200, "hits": hits, "leaks": leaks,
                     "cleared": hits - leaks},
        findings=findings,
        residual={"cells_in_scope": 500, "cells_scanned": scanned, "cells_flagged": flagged,
                  "spans_flagged": flagged},
    )  # fmt: skip


def test_leak_counts_add_up_and_rows_count_from_the_table_start() -> None:
    parts = [_part(0, 4, [], 50, 1).offset(0), _part(2, 3, [7, 40], 50, 0).offset(1000)]
    check, findings, cleared = merged_leak_check(parts)
    assert not check.passed and check.applicable
    assert check.counts == {"values_searched": 1200, "hits": 7, "leaks": 2, "cleared": 5}
    assert [f["row"] for f in findings] == [1007, 1040]
    assert cleared == []


def test_a_leak_check_that_searched_nothing_is_not_applicable() -> None:
    check, _, _ = merged_leak_check([])
    assert check.status == "not_applicable"


def test_the_residual_estimate_is_made_once_over_every_sampled_cell() -> None:
    policy = Policy()
    check, _ = merged_residual([_part(0, 0, [], 120, 3), _part(0, 0, [], 80, 1)], policy)
    whole = residual_verdict(1000, 200, 4, 4, policy.verification)
    assert check.counts == whole.counts and check.name == "residual_scan"
    assert check.counts["cells_scanned"] == 200


def test_each_partition_scans_its_share_of_the_sample_and_none_scans_nothing() -> None:
    rows = [50_000, 50_000, 12_345, 3]
    shares = [residual_share(2000, r, sum(rows)) for r in rows]
    assert sum(shares) >= 2000 and min(shares) == 1
    assert shares[0] == shares[1] > shares[2]


def test_a_fake_holding_a_real_name_as_a_word_is_found(tmp_path: Path) -> None:
    writer = TargetWriter(tmp_path, Policy().verification.min_leak_length)
    writer.add("structured", "FIRST_NAME", ["Ingrid", "Victor"])
    writer.add("structured", "ADDRESS", ["Skolvägen 8"])
    targets = GlobalTargets(writer.close())
    fakes = ["Victor Ridge 12", "Maple Court 4", "Ingridsvägen 3", "10 Skolvägen 8"]
    assert leaky_fakes(targets, Policy(), fakes).tolist() == [True, False, False, True]
