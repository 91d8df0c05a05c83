"""The residual pass: the residual NER re-scan of a partitioned run's output text, a
slice of the sample at a time on the workers.

The apply pass draws each partition's share of the sample (``text_checks.check_text``)
and writes it to the work folder; this pass scans it in slices of like size, and the
parent adds up each partition's slices (``settle_residual``): the same counts and review
items as one scan of the partition's whole sample, since a text's spans do not depend
on the texts detected with it. Scanned in the apply task, the sample of the partition
with the longest texts (chat transcripts) kept one worker busy for seconds after the
others had finished theirs.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from anonymizers.partitioned.text import SLICE_CHARS, detector_for
from anonymizers.policy import Policy, VerificationConfig
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.verify.residual import ResidualCell, residual_flags, residual_verdict


@dataclass
class ResidualPending:
    """A partition's residual sample, drawn in the apply pass and written to ``file``;
    the residual pass scans it a slice (``cuts``) at a time on the workers."""

    file: Path
    #: the output text cells the sample was drawn from
    population: int
    #: (first, past-last) sampled cell of each slice, in sample order
    cuts: list[tuple[int, int]]


#: Characters of sampled text a residual slice holds at most (past its first cell): half
#: a detection slice (``text.SLICE_CHARS``), about 1.5 s of NER on one core. The run's
#: thousand-odd sampled cells (~190,000 characters on the mixed bench's export) make a few
#: slices per worker, and each slice is a task whose bookkeeping costs its worker ~0.2 s.
RESIDUAL_SLICE_CHARS = SLICE_CHARS // 2


def residual_cuts(
    cells: Sequence[ResidualCell], chars: int = RESIDUAL_SLICE_CHARS
) -> list[tuple[int, int]]:
    """Slices of consecutive sampled cells of at most ``chars`` characters of text each
    (a longer cell alone)."""
    cuts: list[tuple[int, int]] = []
    lo = size = 0
    for i, cell in enumerate(cells):
        if i > lo and size + len(cell.text) > chars:
            cuts.append((lo, i))
            lo, size = i, 0
        size += len(cell.text)
    if lo < len(cells):
        cuts.append((lo, len(cells)))
    return cuts


def residual_slice(
    file: Path, lo: int, hi: int, policy: Policy, key: bytes
) -> tuple[int, int, list[dict]]:
    """The residual pass on one slice of a partition's sample (``ResidualPending``):
    NER and the rules over its cells, without known values (they are real), and
    what ``residual_flags`` makes of their spans."""
    cells: list[ResidualCell] = pickle.loads(file.read_bytes())[lo:hi]
    found = detector_for(policy, None).detect([c.text for c in cells]) if cells else []
    pz: Pseudonymizer | None = None

    def digest(entity: str, value: str) -> str:
        nonlocal pz
        if pz is None:  # only a flagged span needs one
            pz = Pseudonymizer(key, policy.locale)
        return pz.digest(entity, value)

    return residual_flags(cells, found, policy.verification.residual_threshold, digest)


def settled_residual(
    pending: ResidualPending,
    flags: Sequence[tuple[int, int, list[dict]]],
    cfg: VerificationConfig,
) -> tuple[dict[str, int], list[dict]]:
    """A partition's residual scan from its slices' ``residual_slice`` results, in
    order: the same counts and review items as one scan of its whole sample."""
    scanned = pending.cuts[-1][1] if pending.cuts else 0
    flagged = sum(f[0] for f in flags)
    spans = sum(f[1] for f in flags)
    check = residual_verdict(pending.population, scanned, flagged, spans, cfg)
    return dict(check.counts), [item for f in flags for item in f[2]]
