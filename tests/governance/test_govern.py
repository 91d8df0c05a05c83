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
