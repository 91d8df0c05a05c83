"""What a run shows in the Prefect UI: column decisions and check results, never values."""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from anonymizers.certify.manifest import check_status
from anonymizers.certify.row_counts import excluded_text, row_accounts
from anonymizers.verify.outcome import Verification
from anonymizers.verify.summary import rejection_summary


def _cell(text: object) -> str:
    """One Markdown table cell: names from the export cannot break the table."""
    return " ".join(str(text).split()).replace("|", "\\|")


def publish_artifacts(predicate: dict, verification: Verification) -> None:
    """Summaries in the Prefect UI: decisions, each check's status (pass, fail or not
    applicable), what it measured and why, and for a rejected run where the findings
    are; never values."""
    rows = [
        {k: str(v) for k, v in col.items() if k in ("table", "column", "kind", "entity",
                                                     "operator", "technique")}
        for col in predicate["columns"]
    ]  # fmt: skip
    create_table_artifact(key="column-decisions", table=rows, description="safeset column plan")
    lines = [f"# safeset run `{predicate['run']['id']}`", "",
             f"**Status: {predicate['status']}** — dataset `{_cell(predicate['run']['dataset'])}`",
             "", "| check | status | gate | measured | counts | reason |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    for c in predicate["checks"]:
        counts = ", ".join(f"{k}={v}" for k, v in c["counts"].items())
        gate = "no" if c.get("gating") is False else "yes"
        cells = [c["name"], check_status(c), gate, c.get("measured", ""), counts,
                 c.get("reason", "")]  # fmt: skip
        lines.append("| " + " | ".join(_cell(x) for x in cells) + " |")
    lines += ["", "| table | rows in | rows out | excluded |", "|---|---|---|---|"]
    for a in row_accounts(predicate):
        cells = [a["table"], a["rows_in"], a["rows_out"], excluded_text(a["excluded"])]
        lines.append("| " + " | ".join(_cell(x) for x in cells) + " |")
    lines.append("")
    lines.append(
        f"Findings: {len(verification.findings)} (type, place and keyed digest in report.md)"
    )
    if summary := rejection_summary(verification):
        lines += ["", "## Why the run was rejected", ""]
        lines += [f"- {_cell(line.strip())}" for line in summary]
    create_markdown_artifact(key="run-summary", markdown="\n".join(lines))
