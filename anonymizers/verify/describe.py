"""What each check measured and why it came out as it did, in words an auditor reads next
to its counts.

A check's counts say how much it looked at; these sentences say *what* it looked at and
why it passed, failed or had nothing to measure. They are written once per check name,
here, so a check built anywhere (the in-memory checks, the partitioned path's, the
governance ones) reads the same in the manifest, the report and the Prefect UI. A check
that has something more precise to say sets its own ``measured`` / ``reason``. No
sentence ever carries a value: names of checks and counts only.
"""

from __future__ import annotations

from dataclasses import dataclass

PASS = "pass"
FAIL = "fail"
NOT_APPLICABLE = "not_applicable"
STATUSES = (PASS, FAIL, NOT_APPLICABLE)


@dataclass(frozen=True)
class Wording:
    measured: str
    passed: str
    failed: str
    not_applicable: str = "nothing to measure"

    def reason(self, status: str) -> str:
        return {PASS: self.passed, FAIL: self.failed}.get(status, self.not_applicable)


WORDING: dict[str, Wording] = {
    "leak_check": Wording(
        "every output text cell, searched as whole words for the real values verification "
        "built from the input and the plan (replaced columns, patterns in the input text, "
        "detected spans)",
        "no original value was found in the output",
        "original values were found in the output (see Findings)",
        "no replaced value to search for",
    ),
    "leak": Wording(
        "the keyed digest of every replaced output cell against the digests of every "
        "original value of its entity (a replaced cell left as it was is one: this is the "
        "unchanged-cell check too)",
        "no output cell equals an original value",
        "output cells equal an original value (see Findings)",
        "no replaced cell to compare",
    ),
    "replaced_cells_changed": Wording(
        "every non-empty cell of a replaced column against its input cell",
        "every replaced cell differs from its input cell",
        "replaced cells are equal to their input cell (see Findings)",
        "no column was replaced, so there was no cell to compare",
    ),
    "pattern_sweep": Wording(
        "output text outside whole-fake columns, swept with high-precision identifier patterns",
        "every pattern match is a fake the run issued or lies inside a replacement",
        "pattern matches that no replacement explains (see Findings)",
        "no output text to sweep",
    ),
    "partitions": Wording(
        "the partitions the export was processed in (information, not a check)",
        "recorded for information",
        "recorded for information",
    ),
}


def _structure(counts: dict[str, int], status: str) -> tuple[str, str]:
    """The in-memory structure check (schema, types, joins) or the partitioned one (rows)."""
    if "foreign_keys_checked" not in counts:
        measured = "rows in against rows out plus rows excluded, table by table"
        return measured, (
            "every input row is in the output or counted as excluded"
            if status == PASS
            else "row counts do not add up (see Findings)"
        )
    tables, joins = counts.get("tables", 0), counts["foreign_keys_checked"]
    measured = (
        f"row counts, columns and column types of {tables} table(s), and the joins of "
        "id columns whose values all lie in another table's unique id column"
    )
    if status == FAIL:
        return measured, "rows, columns, types or joins changed (see Findings)"
    if status == NOT_APPLICABLE:
        return measured, "no table to compare"
    kept = "row counts, columns and types kept"
    if joins:
        return measured, f"{kept}; all {joins} foreign key(s) still join"
    return measured, f"{kept}; no foreign key between tables, so no join was checked"


def _kept(counts: dict[str, int], status: str) -> tuple[str, str]:
    """The hunt in the columns no other check searches (``partitioned/kept_checks.py``)."""
    measured = (
        f"{counts.get('cells_searched', 0):,} cell(s) of {counts.get('columns', 0)} output "
        "column(s) no other check searches (kept columns, technical text, columns the plan "
        f"does not name), searched as whole words for {counts.get('values_searched', 0):,} "
        "real value(s) of the bundle; each hit judged over its whole column"
    )
    if status == NOT_APPLICABLE:
        return measured, "no kept output column, or no real value to search for"
    if status == FAIL:
        return measured, "real values were found in kept columns (see Findings)"
    if said := _cleared("kept_columns_leak_check", counts, status):
        return measured, said[1]
    return measured, "no real value was found in a kept column"


def _schema(counts: dict[str, int], status: str) -> tuple[str, str]:
    measured = (
        f"the columns and column types of {counts.get('tables', 0)} table(s) "
        f"({counts.get('columns', 0)} input columns) in every partition, against the "
        "input's"
    )
    if status == NOT_APPLICABLE:
        return measured, "no table to compare"
    if status == FAIL:
        return (
            measured,
            f"{counts.get('problems', 0)} column(s) lost, added, moved or retyped (see Findings)",
        )
    return measured, (
        "every output column is its input column, in order, with its type (hash and mask "
        "write text, generalisation its own types)"
    )


def _joins(counts: dict[str, int], status: str) -> tuple[str, str]:
    joins, values = counts.get("joins_checked", 0), counts.get("values_checked", 0)
    measured = (
        f"{joins} join(s) found in the input among {counts.get('columns', 0)} id-like "
        "column(s) (a column whose every value is a value of another column of its entity "
        f"with unique values), {values:,} distinct joining value(s): each child's (input, "
        "output) pair against its parent's, by digest"
    )
    if status == NOT_APPLICABLE:
        return measured, "no column's values all lie in another unique column: no join to check"
    if status == FAIL:
        return measured, (
            f"{counts.get('values_broken', 0):,} joining value(s) no longer join the same row, "
            f"{counts.get('parents_merged', 0)} parent column(s) with shared outputs (see Findings)"
        )
    return (
        measured,
        f"every output value that joined a row still joins the same row ({joins} join(s))",
    )


def _cleared(name: str, counts: dict[str, int], status: str) -> tuple[str, str] | None:
    """A pass with hits that were all cleared says so: a reader must not take it for a
    check that found nothing."""
    cleared = counts.get("cleared", 0)
    if status != PASS or not cleared:
        return None
    reasons = ", ".join(
        f"{k.removeprefix('cleared_').replace('_', ' ')} {v:,}"
        for k, v in sorted(counts.items())
        if k.startswith("cleared_") and v
    )
    what = "pattern match(es)" if name == "pattern_sweep" else "hit(s)"
    why = f" ({reasons})" if reasons else ""
    return WORDING.get(name, Wording("", "", "")).measured, (
        f"no leak: {cleared:,} {what} found, each cleared with its reason{why}; "
        "they are listed under Cleared"
    )


def describe(name: str, status: str, counts: dict[str, int]) -> tuple[str, str]:
    """(what was measured, why the check has this status): the standard wording."""
    if name == "pattern_sweep" and (stamps := counts.get("timestamp_cells", 0)):
        measured, reason = _describe(name, status, counts)
        return measured, (
            f"{reason}; {stamps:,} cells that are wholly a date and time were counted, not "
            "swept: a pattern matches only inside one"
        )
    return _describe(name, status, counts)


def _describe(name: str, status: str, counts: dict[str, int]) -> tuple[str, str]:
    if name == "structure":
        return _structure(counts, status)
    if name in _SAID:
        return _SAID[name](counts, status)
    if name in ("leak_check", "pattern_sweep") and (said := _cleared(name, counts, status)):
        return said
    wording = WORDING.get(name)
    if wording is None:
        default = Wording("", "no problem found", "problems found (see Findings)")
        return "", default.reason(status)
    return wording.measured, wording.reason(status)


#: Checks whose sentences carry their counts.
_SAID = {"kept_columns_leak_check": _kept, "schema": _schema, "joins": _joins}
