"""The residual scan: NER over a sample of the output text, an estimate of what detection
may have missed, with its method, sample and confidence stated. Not a gate unless the
policy sets a limit: NER flags ordinary words too."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from anonymizers.detect.masking import masked_context
from anonymizers.detect.spans import Span
from anonymizers.detect.text import TextDetector
from anonymizers.policy import VerificationConfig
from anonymizers.transform.apply import Context, DetectFn
from anonymizers.verify.columns import OutputColumn, inside
from anonymizers.verify.outcome import Check


def _residual_cells(columns: list[OutputColumn]) -> list[tuple[OutputColumn, int, str]]:
    """The residual scan's population: output text cells that had replacements, then
    other texts longer than ``RESIDUAL_MIN_CHARS`` (outside whole-fake columns)."""
    replaced, long = [], []
    for col in columns:
        if col.whole:
            continue
        for row, text in enumerate(col.texts.to_list()):
            if not text:
                continue
            if col.region(row):
                replaced.append((col, row, text))
            elif len(text) > RESIDUAL_MIN_CHARS:
                long.append((col, row, text))
    return replaced + long


def _explained(regions: list[tuple[int, int]], text: str, start: int, end: int) -> bool:
    """An NER span is explained by the replacements when it overlaps one and what it holds
    outside them is only lower-case words, spaces and punctuation: NER reading a fake
    whole ('<first> <last>', '<street>, <city> instead'). A span that reaches a capital
    or a digit outside every replacement may hold a missed identifier: unexplained."""
    if inside(regions, start, end):
        return True
    chars = list(text[start:end])
    overlaps = False
    for a, b in regions:
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            overlaps = True
            chars[lo - start : hi - start] = " " * (hi - lo)
    if not overlaps:
        return False
    # A capital or a caseless letter first (names, places, scripts without case), or a
    # digit anywhere, may be (part of) an identifier.
    rest = _words("".join(chars))
    return not any(not w[0].islower() or any(c.isdigit() for c in w) for w in rest)


def _words(text: str) -> list[str]:
    """Letter-or-digit runs of ``text`` (a possessive's ``s`` included)."""
    return re.findall(r"[^\W_]+", text)


#: A text without a replacement this long or shorter is not re-scanned (codes, labels).
RESIDUAL_MIN_CHARS = 30


#: The residual scan's confidence: a one-sided bound at this level.
RESIDUAL_CONFIDENCE = 0.95


@dataclass(frozen=True)
class ResidualCell:
    """One sampled output text cell: where it is, its text, and where its replacements
    sit (what ``_explained`` puts an NER span down to)."""

    table: str
    column: str
    row: int
    text: str
    regions: list[tuple[int, int]]


def residual_sample(
    columns: list[OutputColumn], sample_rows: int, seed: str
) -> tuple[int, list[ResidualCell]]:
    """The residual scan's population size and its random sample of ``sample_rows``
    cells (all of them when there are no more), drawn under ``seed``."""
    population = _residual_cells(columns)
    text_cells = population
    if sample_rows and len(population) > sample_rows:
        text_cells = random.Random(seed).sample(population, sample_rows)
    cells = [ResidualCell(c.table, c.name, row, text, c.region(row)) for c, row, text in text_cells]
    return len(population), cells


def residual_flags(
    cells: Sequence[ResidualCell],
    found: Sequence[list[Span]],
    threshold: float,
    digest: Callable[[str, str], str],
) -> tuple[int, int, list[dict]]:
    """The sampled ``cells`` NER and the rules ``found`` something unexplained in, with
    ``found`` their spans: the cells flagged, the spans flagged, and the first five
    flagged spans of each cell for review (``digest``: the run's keyed digest)."""
    review: list[dict] = []
    flagged = spans_flagged = 0
    for cell, spans in zip(cells, found, strict=True):
        text = cell.text
        unexplained = [
            s for s in spans
            if s.score >= threshold and not _explained(cell.regions, text, s.start, s.end)
        ]  # fmt: skip
        flagged += bool(unexplained)
        spans_flagged += len(unexplained)
        for s in unexplained[:5]:
            review.append(
                {
                    "entity": s.entity,
                    "table": cell.table,
                    "column": cell.column,
                    "row": cell.row,
                    "score": round(s.score, 3),
                    # The output's own text, the flagged span and every other span NER
                    # found in it hidden: the place in the data, never the value.
                    "context": masked_context(text, s, spans),
                    "detail": "residual scan: possible unreplaced identifier",
                    "digest": digest(s.entity, text[s.start : s.end]),
                }
            )
    return flagged, spans_flagged, review


def residual_scan(
    ctx: Context,
    columns: list[OutputColumn],
    detector: TextDetector | DetectFn,
    sample_rows: int,
    seed: str,
) -> tuple[Check, list[dict]]:
    """NER over a random sample of output text: an estimate of the share of text cells
    holding a possible unreplaced identifier, with a one-sided 95% Wilson upper bound.

    What is counted: sampled cells with an NER span (score at least
    ``verification.residual_threshold``) that ``_explained`` does not put down to the
    cell's replacements (NER reading a fake, or two adjacent ones, whole). NER
    flags non-personal words too, so the share is an upper estimate of what was missed,
    for review, not a measurement of leaks: the check gates only when the policy sets
    ``verification.residual_limit_per_10000`` (the bound above it rejects the run). The
    flagged spans go to human review. ``detector`` may be a function that spreads the
    texts over worker processes (the flow's chunked tasks); a partitioned run draws the
    sample (``residual_sample``) and flags its cells (``residual_flags``) in slices on
    its workers instead (``partitioned/text_checks.py``)."""
    cfg = ctx.policy.verification
    detect = detector.detect if isinstance(detector, TextDetector) else detector
    population, cells = residual_sample(columns, sample_rows, seed)
    found = detect([c.text for c in cells]) if cells else []
    flagged, spans_flagged, review = residual_flags(
        cells, found, cfg.residual_threshold, ctx.pseudonymizer.digest
    )
    return residual_verdict(population, len(cells), flagged, spans_flagged, cfg), review


def residual_verdict(
    population: int, n: int, flagged: int, spans: int, cfg: VerificationConfig
) -> Check:
    """The residual scan's counts, method and verdict (gating only under a policy limit)."""
    limit = cfg.residual_limit_per_10000
    counts = {
        "cells_in_scope": population,
        "cells_scanned": n,
        "cells_flagged": flagged,
        "spans_flagged": spans,
        "confidence_percent": round(RESIDUAL_CONFIDENCE * 100),
    }
    measured = (
        f"NER re-scan of a random sample of {n:,} of {population:,} output text cells "
        f"(cells with replacements, and other texts over {RESIDUAL_MIN_CHARS} characters); "
        f"counted: cells with an NER span scoring at least {cfg.residual_threshold} that "
        "reaches outside the replacement regions by a capitalised word or a digit (possible "
        "unreplaced identifiers, NER false positives included); one-sided 95% upper bound "
        "on their share (Wilson score; the rule of three when none is flagged)"
    )
    if limit is not None:
        counts["limit_per_10000"] = limit
    if n == 0:
        return Check("residual_scan", True, counts, gating=limit is not None, applicable=False,
                     measured=measured, reason="no output text cell to re-scan")  # fmt: skip
    upper = math.ceil(upper_bound(flagged, n, RESIDUAL_CONFIDENCE) * 10000)
    counts["flagged_per_10000"] = round(flagged * 10000 / n)
    counts["upper_bound_per_10000"] = upper
    estimate = (
        f"{flagged:,} of {n:,} sampled cells flagged ({counts['flagged_per_10000']:,} per "
        f"10,000; at most {upper:,} per 10,000 at 95% confidence)"
    )
    if limit is None:
        reason = (
            f"estimate for review, not a gate: {estimate}; the flagged spans are listed for review"
        )
        return Check("residual_scan", True, counts, gating=False, measured=measured, reason=reason)
    within = upper <= limit
    reason = (
        f"{estimate}: {'within' if within else 'above'} the policy limit of {limit:,} per 10,000"
    )
    return Check("residual_scan", within, counts, measured=measured, reason=reason)


def upper_bound(k: int, n: int, conf: float = 0.95) -> float:
    """One-sided upper confidence bound of a binomial rate (Wilson score, continuity-free)."""
    if n == 0:
        return 1.0
    if k == 0:
        return min(1.0, -math.log(1 - conf) / n)
    z = 1.6448536269514722
    p = k / n
    denom = 1 + z * z / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return min(1.0, (centre + margin) / denom)
