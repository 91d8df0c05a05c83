"""kept_checks: the engine hunts real values in the columns the plan keeps, decides each
hit as the in-memory gate did, over the whole column, whatever the partitioning.

Problems are planted in the output of the session's engine run of the small HR bundle
(tests/helpers/northwind.py) and the engine's checks run again (``engine_run.recheck``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from anonymizers.partitioned.kept_checks import _listed, numbers_by_chance, short_numbers
from anonymizers.partitioned.text_checks import GlobalTargets
from anonymizers.verify.outcome import MAX_FINDINGS, Check, Verification
from tests.helpers.engine_run import EngineRun, by_name, plant, recheck, split

KEPT = "kept_columns_leak_check"


@pytest.fixture
def run(northwind_run: EngineRun) -> EngineRun:
    return northwind_run.copy()


def fill(run: EngineRun, table: str, col: str, values: list[str]) -> None:
    for row, value in enumerate(values):
        plant(run, table, col, row, value)


def leaks_in(v: Verification, column: str) -> list[tuple[str, str, int]]:
    return sorted(
        (f["table"], f["column"], f["row"])
        for f in v.findings
        if f["check"] == "leak" and f["column"] == column
    )


def test_the_clean_run_searched_its_kept_columns_and_says_so(run: EngineRun) -> None:
    kept = by_name(run.verification)[KEPT]
    assert kept.status == "pass" and kept.gating
    # employees.department (5), survey.score (5), tickets.priority (3)
    assert kept.counts["columns"] == 3 and kept.counts["cells_searched"] == 13
    assert kept.counts["values_searched"] >= 30 and kept.counts["leaks"] == 0
    entry = kept.manifest_entry()
    assert "13 cell(s) of 3 output column(s)" in entry["measured"]
    assert "no real value was found in a kept column" in entry["reason"]


def test_a_kept_column_holding_another_tables_email_rejects(run: EngineRun) -> None:
    email = run.inp("employees")["email"][3]
    plant(run, "tickets", "priority", 1, email)
    v = recheck(run)
    kept = by_name(v)[KEPT]
    assert not kept.passed and kept.rejects and not v.passed
    [finding] = [f for f in v.findings if f["check"] == "leak"]
    assert (finding["table"], finding["column"], finding["row"]) == ("tickets", "priority", 1)
    assert finding["entity"] == "EMAIL_ADDRESS"
    assert finding["digest"].startswith("hmac-sha256:")
    assert email not in json.dumps([v.findings, v.cleared, [c.manifest_entry() for c in v.checks]])


def test_a_kept_category_that_shares_a_surname_is_cleared_as_in_memory(run: EngineRun) -> None:
    fill(run, "tickets", "priority", ["Okafor Express"] * 3)
    kept = by_name(recheck(run))[KEPT]
    assert kept.passed and kept.counts["cleared_category"] == 3, kept.counts
    assert "category 3" in kept.manifest_entry()["reason"]


def test_the_same_surname_in_one_kept_row_only_is_a_leak(run: EngineRun) -> None:
    plant(run, "tickets", "priority", 1, "call Mrs Okafor")  # a title: this names her
    v = recheck(run)
    assert not by_name(v)[KEPT].passed
    assert leaks_in(v, "priority") == [("tickets", "priority", 1)]


def test_a_kept_column_built_from_each_rows_own_surname_is_a_leak(run: EngineRun) -> None:
    surnames = run.inp("employees")["last_name"].to_list()
    fill(run, "employees", "department", [f"{s} Team" for s in surnames])
    v = recheck(run)
    assert not by_name(v)[KEPT].passed
    assert leaks_in(v, "department") == [("employees", "department", i) for i in range(5)]


def test_one_echo_in_a_category_is_a_coincidence_with_its_figures(run: EngineRun) -> None:
    # Five rows hold "Okafor Team"; one is Okafor's own row (index 2): as often as chance.
    fill(run, "employees", "department", ["Okafor Team"] * 5)
    v = recheck(run)
    kept = by_name(v)[KEPT]
    assert kept.passed and kept.counts["cleared_coincidence"] == 1, kept.counts
    assert kept.counts["cleared_category"] == 4
    [echo] = [c for c in v.cleared if c.get("cleared") == "coincidence"]
    assert (echo["table"], echo["row"]) == ("employees", 2)
    assert "1 of 5" in echo["detail"] and "1.0 expected by chance" in echo["detail"]
    assert "okafor" not in json.dumps(v.cleared).lower()


def _outcome(v: Verification) -> tuple:
    checks = {c.name: c for c in v.checks}
    kept: Check = checks[KEPT]
    places = sorted(
        (f["check"], f["table"], f["column"], f["row"], f.get("cleared"), f["digest"])
        for f in [*v.findings, *v.cleared]
        if f["check"] in ("leak", "join")
    )
    return kept.status, kept.counts, checks["joins"].status, checks["joins"].counts, places


@pytest.mark.parametrize(
    "planted",
    ["echo_in_category", "own_surnames", "category_of_three"],
)
def test_the_verdict_and_counts_do_not_depend_on_partitioning(
    northwind_run: EngineRun, planted: str
) -> None:
    """Partitions of 1 row, 2 rows and the whole table: the same decisions, counts and
    places (the category count and the echo rule are the whole column's)."""
    outcomes = []
    for rows in (1, 2, 5):
        run = northwind_run.copy()
        surnames = run.inp("employees")["last_name"].to_list()
        values = {
            "echo_in_category": ["Okafor Team"] * 5,
            "own_surnames": [f"{s} Team" for s in surnames],
            "category_of_three": ["Halvorsen Freight"] * 3 + ["Finance"] * 2,
        }[planted]
        fill(run, "employees", "department", values)
        split(run, "employees", rows)
        assert len(run.parts["employees"]) == -(-5 // rows)
        outcomes.append(_outcome(recheck(run)))
    assert outcomes[0] == outcomes[1] == outcomes[2]
    assert outcomes[0][1]["hits"] >= 3


def _number_hits(values: list[str], n: list[int], chance: float = 0.0) -> pl.DataFrame:
    """Hits of a kept column of counts, each a whole cell equal to an id of ``values``;
    ``chance``: the share of numbers of their length that are ids."""
    hits = pl.DataFrame({"t": values, "entity": ["ID"] * len(values), "value": values})
    return hits.with_columns(
        number=short_numbers(hits, 20_000), n=pl.Series(n, dtype=pl.Int64),
        reason=pl.lit(None, pl.String), detail=pl.lit(None, pl.String),
        chance=pl.lit(chance, pl.Float64),
    )  # fmt: skip


def test_byte_counts_that_meet_short_numeric_ids_by_chance_are_cleared_with_figures() -> None:
    # The telecom probe: 20,000 subscribers numbered from 7,000,000; 80,000 records' byte
    # counts of 0 to 10,000,000 hit about 160 of them, as chance has it (0.2%).
    hits = _number_hits(["7000123", "7019876"], [100, 60])
    assert hits["number"].to_list() == [True, True]
    judged = numbers_by_chance(hits, 80_000)
    assert judged["reason"].to_list() == ["coincidence", "coincidence"]
    assert "160 of 80000 cells (0.20%) hold" in judged["detail"][0]
    # A kept reference to the subscribers (most cells an id) stays a leak.
    assert numbers_by_chance(hits, 2_000)["reason"].to_list() == [None, None]


def test_a_short_numeric_id_inside_a_longer_kept_code_counts_as_a_number_too() -> None:
    # The claims probe: a four-digit plate "8435" in a police report's "175/8435/26".
    hits = _number_hits(["8435"], [4]).with_columns(t=pl.lit("175/8435/26"))
    hits = hits.with_columns(number=short_numbers(hits, 10_000))
    assert numbers_by_chance(hits, 8_000)["reason"].to_list() == ["coincidence"]


def test_a_long_or_lettered_id_in_a_kept_cell_is_never_a_number_by_chance() -> None:
    # Nine digits among 20,000 ids, or an id with letters: not met by chance.
    hits = _number_hits(["387126041", "C-40003668"], [1, 1])
    assert hits["number"].to_list() == [False, False]
    assert numbers_by_chance(hits, 80_000)["reason"].to_list() == [None, None]


def test_card_endings_that_meet_row_ids_as_often_as_chance_has_it_are_cleared(
    tmp_path: Path,
) -> None:
    """Row ids 0 to 1,499 are 5% of the four-digit strings: a kept `last4` of 1,500 card
    endings met them in 62 cells (4.1%), above the flat 1% and no more than chance, and
    the run was rejected. The share of numbers of a length that are ids sets the bar;
    a column that holds ids in most of its cells stays a leak."""
    from anonymizers.partitioned.target_index import TargetWriter

    writer = TargetWriter(tmp_path / "targets", 3)
    writer.add_ids([(str(i), "ID") for i in range(1500)])
    index = writer.close()
    assert index.chances(pl.Series(["1234", "12345"])).to_list() == pytest.approx([0.05, 0.0])
    chance = index.chances(pl.Series(["1234"]))[0]
    hits = _number_hits(["1234", "1087", "1499"], [20, 21, 21], chance)
    assert numbers_by_chance(hits, 1_500)["reason"].to_list() == ["coincidence"] * 3
    assert numbers_by_chance(hits, 400)["reason"].to_list() == [None] * 3


@pytest.mark.parametrize(
    "planted",
    ["another_tables_email", "own_surnames", "category_of_three", "echo_in_category"],
)
def test_the_texts_may_hold_leaves_out_change_no_decision(
    run: EngineRun, planted: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the kept texts ``may_hold`` keeps are read back and searched: the outcome is
    the one every text searched gives (the clearance's name words still the column's)."""
    surnames = run.inp("employees")["last_name"].to_list()
    values = {
        "another_tables_email": ["Finance", run.inp("employees")["email"][3], "Legal"],
        "own_surnames": [f"{s} Team" for s in surnames],
        "category_of_three": ["Halvorsen Freight"] * 3 + ["Finance"] * 2,
        "echo_in_category": ["Okafor Team"] * 5,
    }[planted]
    fill(run, "employees", "department", values)
    real = GlobalTargets.may_hold
    left_out: list[int] = []

    def counted(self: GlobalTargets, texts: list[str]) -> np.ndarray:
        maybe = real(self, texts)
        left_out.append(int((~maybe).sum()))
        return maybe

    monkeypatch.setattr(GlobalTargets, "may_hold", counted)
    narrowed = _outcome(recheck(run))
    assert sum(left_out) > 0  # some kept texts were left out, so this compares something
    monkeypatch.setattr(GlobalTargets, "may_hold", lambda _self, texts: np.ones(len(texts), bool))
    assert narrowed == _outcome(recheck(run))
    assert narrowed[1]["hits"] >= 1


def _listed_row_by_row(hits: pl.DataFrame, digest) -> tuple[list, list, dict]:
    """The listing's definition, a hit group at a time: each group's rows split by the
    echo rule, counted by decision, every row listed, then sorted and cut."""
    findings: list[dict] = []
    cleared: list[dict] = []
    reasons: dict[str, int] = {}
    for row in hits.iter_rows(named=True):
        d = digest(row["entity"], row["value"])
        echo_n = row["echo_n"]
        plain = (row["reason"], row["detail"], row["n"] - echo_n, row["rows"])
        echoed = (row["echo_reason"], row["echo_detail"], echo_n, row["echo_rows"])
        if not echo_n:
            plain = (row["reason"], row["detail"], row["n"], row["rows"] + row["echo_rows"])
        for reason, detail, n, rows in (plain, echoed):
            if not n:
                continue
            reasons[reason or "leak"] = reasons.get(reason or "leak", 0) + n
            for r in rows:
                entry = {"check": "leak", "entity": row["entity"], "table": row["table"],
                         "column": row["column"], "row": r, "digest": d}  # fmt: skip
                if reason is not None:
                    entry |= {"cleared": reason, "detail": detail}
                (findings if reason is None else cleared).append(entry)
    order = ("table", "column", "row", "entity", "digest")
    findings.sort(key=lambda f: tuple(f[k] for k in order))
    cleared.sort(key=lambda f: tuple(f[k] for k in order))
    return findings[:MAX_FINDINGS], cleared[:MAX_FINDINGS], reasons


def test_the_listing_is_the_first_rows_of_all_and_keys_only_those() -> None:
    """Hits listed column-wise are those a row-by-row listing gives (the first
    ``MAX_FINDINGS`` by table, column, row, entity and digest; two values of one cell
    ordered by digest), and only the listed rows' values are keyed."""
    rng = np.random.default_rng(3)
    groups = 900
    reasons = [None, "coincidence", "category"]
    rows = [sorted(rng.choice(400, size=int(rng.integers(0, 4)), replace=False).tolist())
            for _ in range(groups)]  # fmt: skip
    echo_rows = [sorted(rng.choice(400, size=int(rng.integers(0, 3)), replace=False).tolist())
                 for _ in range(groups)]  # fmt: skip
    echo_n = [len(e) if rng.random() < 0.5 else 0 for e in echo_rows]
    hits = pl.DataFrame({
        "table": [f"t{k % 2}" for k in range(groups)],
        "column": [f"c{k % 3}" for k in range(groups)],
        "entity": ["ID" if k % 4 else "PHONE_NUMBER" for k in range(groups)],
        "value": [str(10_000 + k % 450) for k in range(groups)],
        "reason": [reasons[k % 3] for k in range(groups)],
        "detail": [None if k % 3 == 0 else f"detail {k % 3}" for k in range(groups)],
        "n": [len(r) + len(e) for r, e in zip(rows, echo_rows, strict=True)],
        "echo_n": echo_n,
        "echo_reason": [None if k % 5 == 0 else "coincidence" for k in range(groups)],
        "echo_detail": ["echoes" for _ in range(groups)],
        "rows": pl.Series(rows, dtype=pl.List(pl.Int64)),
        "echo_rows": pl.Series(echo_rows, dtype=pl.List(pl.Int64)),
    })  # fmt: skip
    keyed: list[tuple[str, str]] = []

    def digest(entity: str, value: str) -> str:
        keyed.append((entity, value))
        return f"hmac-sha256:{hash((entity, value, 'k')) & 0xFFFF:04x}"

    assert _listed(hits, digest) == _listed_row_by_row(hits, digest)
    listed = len(keyed) - groups  # the reference keyed every group
    assert 0 < listed <= 2 * MAX_FINDINGS + 10
