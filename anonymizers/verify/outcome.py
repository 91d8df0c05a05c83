"""A check's outcome and a run's verification: what the gate hands to certification.

Three-valued on purpose: a check with nothing to measure is ``not_applicable``, never a
pass, and only a failed *gating* check rejects a run. The wording of what each check
measured lives in ``describe.py``; findings and cleared hits carry type, place and a
keyed digest, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from anonymizers.verify.describe import FAIL, NOT_APPLICABLE, PASS, describe

MAX_FINDINGS = 200


@dataclass
class Check:
    """One check's outcome. ``passed``: it found no problem; ``applicable``: it had
    something to measure. A check with nothing to measure (no replaced cell, no table
    with quasi-identifiers) is ``not_applicable``: never reported as a pass, never a
    reason to reject. ``measured`` and ``reason`` (no values) default to the standard
    wording of ``describe.py`` for the check's name."""

    name: str
    passed: bool
    counts: dict[str, int] = field(default_factory=dict)
    #: gating checks reject the run when they fail; estimates only report.
    gating: bool = True
    applicable: bool = True
    measured: str = ""
    reason: str = ""

    @property
    def status(self) -> str:
        """pass, fail or not_applicable (a problem found is a fail, measured or not)."""
        if not self.passed:
            return FAIL
        return PASS if self.applicable else NOT_APPLICABLE

    @property
    def rejects(self) -> bool:
        """Only a failed gating check rejects a run."""
        return self.gating and self.status == FAIL

    def manifest_entry(self) -> dict:
        measured, reason = describe(self.name, self.status, self.counts)
        return {
            "name": self.name,
            # Kept from the two-valued manifests: true only for a real pass.
            "passed": self.status == PASS,
            "status": self.status,
            "gating": self.gating,
            "measured": self.measured or measured,
            "reason": self.reason or reason,
            "counts": dict(self.counts),
        }


@dataclass
class Verification:
    checks: list[Check]
    findings: list[dict]
    review: list[dict]
    #: hits that did not reject, each with its reason (type, place, digest; never a value)
    cleared: list[dict] = field(default_factory=list)

    @property
    def failed(self) -> list[Check]:
        """The gating checks that failed: what rejects the run."""
        return [c for c in self.checks if c.rejects]

    @property
    def passed(self) -> bool:
        return not self.failed
