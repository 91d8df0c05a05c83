"""Rows in, out and excluded per table: the console, the Prefect summary and the report."""

from __future__ import annotations

from pathlib import Path

from anonymizers.certify.report import write_report
from anonymizers.certify.row_counts import row_accounts, row_lines

#: The issue's run: k-anonymity suppressed 17 of 35 customers, 2 opted out before that.
PREDICATE = {
    "status": "CERTIFIED",
    "run": {"id": "run-1", "dataset": "crm"},
    "inputs": [
        {"name": "customers.csv", "rows": 35},
        {"name": "tickets.jsonl", "rows": 120},
    ],
    "outputs": {
        "files": [
            {"path": "data/customers.csv", "rows": 16},
            {"path": "data/tickets.jsonl.enc", "rows": 120},
        ]
    },
    "exclusions": [
        {"table": "customers", "rows_excluded": 2, "reason": "opt-out"},
        {"table": "tickets", "rows_excluded": 0, "reason": "opt-out"},
        {"table": "customers", "rows_excluded": 17, "reason": "k-anonymity suppression"},
    ],
}


def test_rows_in_out_and_excluded_per_table() -> None:
    accounts = row_accounts(PREDICATE)
    assert accounts == [
        {"table": "customers", "rows_in": 35, "rows_out": 16,
         "excluded": {"opt-out": 2, "k-anonymity suppression": 17}},
        {"table": "tickets", "rows_in": 120, "rows_out": 120, "excluded": {}},
    ]  # fmt: skip
    assert row_lines(PREDICATE) == [
        "customers: 35 rows in, 16 out (19 excluded: 2 opt-out, 17 k-anonymity suppression)",
        "tickets: 120 rows in, 120 out",
    ]


def test_the_report_shows_the_console_counts(tmp_path: Path) -> None:
    md, _ = write_report(tmp_path, PREDICATE, [], [])
    text = md.read_text()
    assert "## Rows" in text
    row = next(line for line in text.splitlines() if "`customers`" in line and "| 35 |" in line)
    assert "| 16 |" in row and "2 opt-out, 17 k-anonymity suppression" in row
