"""A rejected run in a few lines: which checks failed and where the findings are.

The person whose nightly job was just rejected reads this on stderr before opening any
report: the failed checks with their counts, then the places (table and column) with
the most findings, each with how many and of which entity types and checks. Places and
types only: a finding's digest is for the report, and a value is never here.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from anonymizers.verify.outcome import Verification

#: Lines about places at most: the whole summary stays around ten lines.
MAX_PLACES = 6


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in counts.items())


def rejection_summary(verification: Verification, places: int = MAX_PLACES) -> list[str]:
    """Lines for stderr: each failed gating check, then the top places of its findings."""
    failed = verification.failed
    if not failed:
        return []
    lines = [f"failed check: {c.name} ({_counts(c.counts)})" for c in failed]
    by_place: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    checks: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in verification.findings:
        place = (str(f.get("table") or "?"), str(f.get("column") or "(table)"))
        by_place[place][str(f.get("entity") or "structure")] += 1
        checks[place].add(str(f.get("check")))
    ranked = sorted(by_place.items(), key=lambda kv: (-kv[1].total(), kv[0]))
    for (table, column), entities in ranked[:places]:
        types = ", ".join(f"{e} {n:,}" for e, n in entities.most_common())
        lines.append(f"  {table}.{column}: {entities.total():,} finding(s): {types} "
                     f"[{', '.join(sorted(checks[(table, column)]))}]")  # fmt: skip
    if len(ranked) > places:
        rest = sum(c.total() for _, c in ranked[places:])
        lines.append(f"  and {rest:,} finding(s) in {len(ranked) - places} more place(s)")
    return lines
