"""The report's placed items: findings, cleared hits and items for human review, each
with type, place and keyed digest, never a value, and how to record review decisions."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from anonymizers.certify.report_parts import Section, counts_text, text_of
from anonymizers.verify.outcome import MAX_FINDINGS

DECISIONS_FILE = "review_decisions.yaml"


def _row_key(item: dict[str, Any]) -> tuple[str, str, str, int, str]:
    row = item.get("row")
    return (
        str(item.get("check", "")),
        str(item.get("table")),
        str(item.get("column")),
        row if isinstance(row, int) else -1,
        str(item.get("digest")),
    )


def _placed(
    title: str,
    intro: str,
    items: list[dict[str, Any]],
    fields: tuple[str, ...],
    tally_by: str,
    empty: str,
) -> Section:
    """A table of placed items (type, place, keyed digest, never a value) with their
    count per ``tally_by`` under the introduction: findings and cleared hits alike."""
    tally = Counter(str(item.get(tally_by)) for item in items)
    return Section(
        title,
        paragraphs=[intro]
        + ([", ".join(f"{k}: {v}" for k, v in sorted(tally.items()))] if items else []),
        headers=list(fields),
        rows=[[text_of(item.get(k)) for k in fields] for item in sorted(items, key=_row_key)],
        code_columns=frozenset({0, 2, 3, 5}),
        empty=empty,
    )


def findings_section(findings: list[dict[str, Any]]) -> Section:
    intro = (
        "Each finding shows where an identifier was found and its keyed digest "
        "(HMAC with the pseudonymisation key), never the value. The same value has the "
        "same digest in every run made with the same key."
    )
    return _placed("Findings", intro, findings, _FINDING_FIELDS, "check", "No findings.")


def cleared_section(cleared: list[dict[str, Any]]) -> Section:
    intro = (
        "Hits of the leak check and the pattern sweep that are not leaks, each with the "
        "reason it was cleared (a part of a timestamp, a kept column's category, an "
        "unconfirmed NER guess, ...). The check's counts hold every one; this list "
        f"shows up to {MAX_FINDINGS} per check."
    )
    return _placed(
        "Cleared hits", intro, cleared, _CLEARED_FIELDS, "cleared", "No hit was cleared."
    )


#: The columns of the cleared-hits table.
_CLEARED_FIELDS = ("check", "entity", "table", "column", "row", "digest", "cleared", "detail")

#: The columns of the findings and review tables: each is the item's key of that name.
_FINDING_FIELDS = ("check", "entity", "table", "column", "row", "digest", "detail")
_REVIEW_FIELDS = ("entity", "table", "column", "row", "score", "context", "digest", "detail")


def review_count(items: list[dict], left_out: dict[str, int]) -> str:
    if not left_out:
        return str(len(items))
    return f"{len(items):,} listed of {len(items) + sum(left_out.values()):,}"


def review_sections(items: list[dict[str, Any]], left_out: dict[str, int]) -> list[Section]:
    paragraphs = [
        "Detections with a score in the review band, and identifiers the residual scan "
        "could not explain. The context is masked: the flagged text itself is never shown."
    ]
    if left_out:
        by_entity = counts_text(dict(sorted(left_out.items())))
        paragraphs.append(
            f"Only the first items in table and row order are listed; "
            f"{sum(left_out.values()):,} more are counted ({by_entity}). A decided digest "
            "is no longer for review, so the next run lists the next items."
        )
    table = Section(
        "Items for human review",
        paragraphs=paragraphs,
        headers=list(_REVIEW_FIELDS),
        rows=[[text_of(i.get(k)) for k in _REVIEW_FIELDS] for i in sorted(items, key=_row_key)],
        code_columns=frozenset({1, 2, 6}),
        empty="Nothing needs review.",
    )
    if not items:
        return [table]
    example = sorted(items, key=_row_key)[:2]
    code = "\n".join(
        f"- digest: {json.dumps(text_of(i.get('digest')))}\n  decision: {d}"
        for i, d in zip(example, ("accept", "reject"), strict=False)
    )
    how = Section(
        "How to record review decisions",
        level=3,
        paragraphs=[
            f"Look at each item in the source data (the row and column above), then list your "
            f"decisions in a file named {DECISIONS_FILE}: a YAML list of entries with the "
            "item's digest and a decision.",
            "accept: the flagged text is personal data and must be replaced (a replaced item "
            "stays replaced; an unreplaced one must be fixed, e.g. with a deny_list entry). "
            "reject: a false positive; the text is not personal data.",
            "Keep the file next to your policy (point detection.review_decisions at it), not "
            "in this run folder: the run folder is signed, and any extra file in it makes "
            "safeset verify fail. The next run applies it. Digests are keyed "
            "and stable, so a decision applies to the same value in later runs made with the "
            "same key.",
        ],
        code=code,
    )
    return [table, how]
