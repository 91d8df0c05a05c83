"""govern: the k-anonymity gate measures something, or says it had nothing to measure."""

from __future__ import annotations

import polars as pl

from anonymizers.governance.govern import GovernanceReport, k_anonymity_check
from anonymizers.governance.risk import assess
from anonymizers.policy import Policy

QIS = ["postcode", "birth_year", "gender"]
#: Customers after generalisation: postcode district, birth year, gender.
CUSTOMERS = pl.DataFrame(
    {
        "postcode": ["SW1A", "SW1A", "SW1A", "M1", "M1", "M1", "LS6"],
        "birth_year": [1984, 1984, 1984, 1990, 1990, 1990, 1971],
        "gender": ["F", "F", "F", "M", "M", "M", "F"],
    }
)


def _policy(k: int | None) -> Policy:
    return Policy(risk={"k": k, "quasi_identifiers": {"customers": QIS}})


def _report(df: pl.DataFrame, k: int) -> GovernanceReport:
    measured = assess(df, QIS, None, k)
    return GovernanceReport(risk={"k_required": k, "tables": [{"table": "customers",
                                                              **measured}]})  # fmt: skip


def test_no_k_in_the_policy_is_no_check() -> None:
    assert k_anonymity_check(GovernanceReport(), _policy(None)) is None


def test_no_table_measured_is_not_applicable_never_a_pass() -> None:
    for report in (GovernanceReport(), GovernanceReport(risk={"k_required": 3, "tables": []})):
        check = k_anonymity_check(report, _policy(3))
        assert check is not None and check.status == "not_applicable" and not check.rejects
        assert check.counts == {"k_required": 3, "tables": 0, "tables_below_k": 0}
        assert "so k was not measured" in check.reason


def test_a_lone_row_fails_k_and_rejects() -> None:
    check = k_anonymity_check(_report(CUSTOMERS, 3), _policy(3))
    assert check is not None and check.rejects
    assert check.counts == {"k_required": 3, "tables": 1, "tables_below_k": 1, "smallest_group": 1}
    assert check.reason == "1 table(s) have groups of fewer than 3 rows"


def test_every_group_large_enough_passes_and_says_why() -> None:
    check = k_anonymity_check(_report(CUSTOMERS.head(6), 3), _policy(3))
    assert check is not None and check.status == "pass"
    assert check.counts["smallest_group"] == 3
    assert check.reason == "every group holds at least 3 rows"
    assert "after generalisation and suppression" in check.manifest_entry()["measured"]


def test_suppressing_a_report_keeps_the_manager_whole() -> None:
    """Ingrid (alone in her postcode) is suppressed; her manager Tomasz manages no one
    else. Tomasz stays, with his own id: only references to Ingrid are cleared, and only
    rows pointing at Ingrid go from other tables."""
    from pathlib import Path

    from anonymizers.governance.govern import apply_risk
    from anonymizers.io.tables import Table
    from anonymizers.plan.columns import ColumnDecision, Plan
    from anonymizers.transform.apply import TableResult

    staff = pl.DataFrame(
        {
            "employee_id": ["E1", "E2", "E3", "E4", "E5", "E6", "E7"],
            "manager_id": [None, "E1", "E1", "E1", "E2", "E2", "E4"],
            "postcode": ["SW1A", "SW1A", "SW1A", "M1", "M1", "M1", "LS6"],
        }
    )
    leave = pl.DataFrame({"request": ["L1", "L2", "L3"], "employee_id": ["E7", "E4", "E2"]})

    def decisions(table: str, columns: dict[str, str | None]) -> list[ColumnDecision]:
        return [ColumnDecision(table, c, "str", "entity" if e else "safe", e, "keep", "policy")
                for c, e in columns.items()]  # fmt: skip

    plan = Plan({"staff": decisions("staff", {"employee_id": "ID", "manager_id": "ID",
                                              "postcode": None}),
                 "leave": decisions("leave", {"request": None, "employee_id": "ID"})}, {})  # fmt: skip
    tables = [Table("staff", Path("staff.csv"), "csv", staff, "", 0),
              Table("leave", Path("leave.csv"), "csv", leave, "", 0)]  # fmt: skip
    results = {t.name: TableResult(t.df, {}, []) for t in tables}
    policy = Policy(risk={"k": 3, "suppress_below_k": True,
                          "quasi_identifiers": {"staff": ["postcode"]}})  # fmt: skip
    report = GovernanceReport()
    apply_risk(tables, results, plan, policy, report)
    kept = results["staff"].df
    assert kept["employee_id"].to_list() == ["E1", "E2", "E3", "E4", "E5", "E6"]
    assert kept["manager_id"].to_list() == [None, "E1", "E1", "E1", "E2", "E2"]
    assert results["leave"].df["request"].to_list() == ["L2", "L3"]
    assert report.suppressed == {"staff": 1, "leave": 1}
