"""What a run shows in the Prefect UI: column decisions and check counts, never values."""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from anonymizers.verify.checks import Verification


def publish_artifacts(predicate: dict, verification: Verification) -> None:
    """Summaries in the Prefect UI: decisions and check counts, never values."""
    rows = [
        {k: str(v) for k, v in col.items() if k in ("table", "column", "kind", "entity",
                                                     "operator", "technique")}
        for col in predicate["columns"]
    ]  # fmt: skip
    create_table_artifact(key="column-decisions", table=rows, description="safeset column plan")
    lines = [f"# safeset run `{predicate['run']['id']}`", "",
             f"**Status: {predicate['status']}** — dataset `{predicate['run']['dataset']}`", "",
             "| check | passed | counts |", "|---|---|---|"]  # fmt: skip
    for c in predicate["checks"]:
        counts = ", ".join(f"{k}={v}" for k, v in c["counts"].items())
        lines.append(f"| {c['name']} | {c['passed']} | {counts} |")
    lines.append("")
    lines.append(
        f"Findings: {len(verification.findings)} (type, place and keyed digest in report.md)"
    )
    create_markdown_artifact(key="run-summary", markdown="\n".join(lines))
