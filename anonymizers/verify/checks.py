"""Independent checks before anything is certified, run together.

The transform trusts its own detection; these checks do not. They look at the output
only, with other means: an exact search for every real value (``leaks.py``, its targets
built from the input by ``targets.py``), a pattern sweep for identifiers the detector may
have missed (``sweep.py``), an NER re-scan of a sample for a residual estimate
(``residual.py``), and structural checks (``structure.py``). Findings carry type, place
and a keyed digest, never the value; hits that are not leaks are cleared with a reason
(``clearance.py``) and listed.
"""

from __future__ import annotations

from collections.abc import Sequence

from anonymizers.detect.text import TextDetector
from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.io.tables import Table
from anonymizers.plan.columns import Plan
from anonymizers.transform.apply import Context, DetectFn, TableResult
from anonymizers.verify.columns import (
    column_kinds,
    human_text_columns,
    output_columns,
    whole_fake_columns,
)
from anonymizers.verify.leaks import OwnPersonalValues, leak_check
from anonymizers.verify.outcome import MAX_FINDINGS, Check, Verification
from anonymizers.verify.residual import residual_scan
from anonymizers.verify.structure import structure_check, unchanged_cells_check
from anonymizers.verify.sweep import pattern_sweep
from anonymizers.verify.targets import build_targets


def run_checks(
    tables: Sequence[Table],
    results: dict[str, TableResult],
    plan: Plan,
    ctx: Context,
    detector: TextDetector | DetectFn | None,
    seed: str,
    suppressed: dict[str, int] | None = None,
    removed: Sequence[Table] = (),
) -> Verification:
    """All checks; only a gating check that fails rejects the run (``Verification.passed``).
    The leak check's targets are built here from the input (``tables``, the opted-out rows
    ``removed``) and the plan, not taken from the transform (``verify/targets.py``)."""
    cfg = ctx.policy.verification
    columns = output_columns(tables, results, whole_fake_columns(tables, plan))
    kinds = column_kinds(plan)
    targets = build_targets(tables, plan, ctx.spans, removed)
    matcher = LeakMatcher(targets.by_entity, cfg.min_leak_length)
    own = OwnPersonalValues(tables, results, plan)
    leak, leaks, leak_cleared = leak_check(
        ctx, columns, matcher, kinds, own, cfg.category_min_rows, targets.unconfirmed,
        targets.name_words(), targets.guess_only, targets.id_forms,
    )  # fmt: skip
    leak.counts |= {f"targets_{k}": v for k, v in targets.sources.items()}
    sweep, swept, sweep_cleared = pattern_sweep(ctx, columns, kinds, cfg.category_min_rows)
    checks: list[Check] = []
    findings: list[dict] = []
    review: list[dict] = []
    for check, found in (
        (leak, leaks),
        unchanged_cells_check(tables, results, plan),
        (sweep, swept),
        structure_check(tables, results, plan, suppressed),
    ):
        checks.append(check)
        findings.extend(found[:MAX_FINDINGS])
    if detector is not None:
        human = human_text_columns(tables, results, plan)
        check, review = residual_scan(ctx, human, detector, cfg.residual_sample_rows, seed)
        checks.append(check)
    return Verification(checks, findings, review, cleared=[*leak_cleared, *sweep_cleared])
