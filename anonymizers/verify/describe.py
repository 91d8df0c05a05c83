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
        "original value of its entity",
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
    what = "hit(s)" if name == "leak_check" else "pattern match(es)"
    why = f" ({reasons})" if reasons else ""
    return WORDING[name].measured, (
        f"no leak: {cleared:,} {what} found, each cleared with its reason{why}; "
        "they are listed under Cleared"
    )


def describe(name: str, status: str, counts: dict[str, int]) -> tuple[str, str]:
    """(what was measured, why the check has this status): the standard wording."""
    if name == "structure":
        return _structure(counts, status)
    if name in ("leak_check", "pattern_sweep") and (said := _cleared(name, counts, status)):
        return said
    wording = WORDING.get(name)
    if wording is None:
        default = Wording("", "no problem found", "problems found (see Findings)")
        return "", default.reason(status)
    return wording.measured, wording.reason(status)
