"""The free-text passes of a run, between the collect pass and settling (detect, then
spread, with the merges between them in the parent), and the residual scan after the
apply pass: what ``run.run_stream`` does only for a bundle with free text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anonymizers.io.partitions import SplitTable
from anonymizers.partitioned.apply_pass import Applied, TextPart, from_table_start
from anonymizers.partitioned.categories import bundle_categories
from anonymizers.partitioned.digests import norm_digests
from anonymizers.partitioned.index_pass import index_bundle
from anonymizers.partitioned.passes import Collected, Optouts
from anonymizers.partitioned.progress import progress
from anonymizers.partitioned.residual_pass import settled_residual
from anonymizers.partitioned.shared import OnDisk, on_disk
from anonymizers.partitioned.text import (
    SLICE_CHARS,
    TEXT_DIR,
    Detected,
    KnownInput,
    Spread,
    join_slices,
    merge_detected,
    merge_held,
    text_decisions,
)
from anonymizers.partitioned.text_checks import (
    GlobalTargets,
    TextChecked,
    TextShared,
    global_targets,
    residual_share,
)
from anonymizers.plan.columns import Plan
from anonymizers.policy import Policy

RunMany = Callable[[str, list[tuple]], Iterable[Any]]


@dataclass
class TextRun:
    """The text passes' results: per partition (in the order of the collect pass) its
    detected spans and candidates, and what the apply tasks share."""

    detected: list[Detected]
    spreads: list[Spread]
    targets: GlobalTargets
    shared: OnDisk
    #: rows of the tables with free text (the residual sample is shared out by rows)
    rows: int
    sample_rows: int
    #: after settling: the street, town and postcode values it moved (``text.Moved``)
    moved: OnDisk | None = None

    def part(self, i: int, rows: int) -> TextPart | None:
        if self.detected[i].spans is None:
            return None
        share = residual_share(self.sample_rows, rows, self.rows)
        return TextPart(self.detected[i], self.spreads[i], self.shared, share, self.moved)


def text_passes(
    splits: Sequence[SplitTable],
    plan: Plan,
    policy: Policy,
    key: bytes,
    optouts: dict[str, Optouts],
    work: Path,
    collected: list[Collected],
    shared_plan: OnDisk,
    run_many: RunMany,
    say: Callable[[str], None],
) -> TextRun:
    """Detection and spreading over every partition (``partitioned/text.py``), with the
    merges between them in this process."""
    structured: dict[str, list[Path]] = defaultdict(list)
    ids: set[str] = set()
    for c in collected:
        for entity, path in c.store.items():
            structured[entity].append(path)
        ids |= c.named_ids()
    # The structured values' indexes (known values, leak-check targets), a chunk of
    # values a task on the workers.
    index, writer, values = index_bundle(structured, ids, policy, work / TEXT_DIR, run_many, say)
    known = KnownInput(index, values)
    known.categories = bundle_categories(
        (c.categories for c in collected if c.categories), policy.verification.category_min_rows
    )
    shared_known = on_disk(work, "known", known)
    parts = [(p, s.table.name) for s in splits for p in s.parts]
    # A partition's text goes out in slices of like cost (``detect_slices``): the workers
    # then share out even a bundle of one partition (spans are the same: ``join_slices``).
    sized = detect_slices([_pieces(c, policy) for c in collected])
    slices = [[(lo, hi) for lo, hi, _ in cuts] for cuts in sized]
    # A partition of a table without text is no task: its detection and spreading find
    # nothing (``Detected()``, ``Spread()``), and a task's bookkeeping costs its worker
    # ~0.2 s (one of 14 detect tasks and 3 spread tasks on the mixed bench's export).
    texts = [bool(text_decisions(plan, t)) for _, t in parts]
    calls = [
        (p, t, shared_plan, policy, key, optouts[t], shared_known, work, rows)
        for (p, t), cuts, text in zip(parts, slices, texts, strict=True) if text
        for rows in cuts
    ]  # fmt: skip
    say(f"  detect: text in {len(calls):,} slice(s) of up to {SLICE_CHARS:,} characters, "
        "each distinct text read once")  # fmt: skip
    # The slices of partition ``owner[k]``, sent in ``order``; a partition is joined once
    # its slices are all in, while the workers detect the rest.
    owner = [i for i, (cuts, text) in enumerate(zip(slices, texts, strict=True)) if text
             for _ in cuts]  # fmt: skip
    order = longest_first([n for cuts, text in zip(sized, texts, strict=True) if text
                           for _, _, n in cuts])  # fmt: skip
    results: dict[int, Detected] = {}
    detected = [Detected() for _ in parts]
    left = Counter(owner)
    found = progress("detect", run_many("detect", [calls[k] for k in order]), len(calls), say)
    for k, result in zip(order, found, strict=True):
        results[k] = result
        i = owner[k]
        left[i] -= 1
        if not left[i]:
            mine = sorted(j for j in results if owner[j] == i)  # in row order
            detected[i] = join_slices([results.pop(j) for j in mine], parts[i][0], work)
    guessed, search = merge_detected(detected, policy, work)
    extra = on_disk(work, "guesses", search)
    calls = [
        (p, t, shared_plan, policy, key, optouts[t], shared_known, extra, d, work,
         work / "values", norm_digests)
        for (p, t), d in zip(parts, detected, strict=True) if d.spans is not None
    ]  # fmt: skip
    done = iter(progress("spread", run_many("spread", calls), len(calls), say))
    spreads = [next(done) if d.spans is not None else Spread() for d in detected]
    rejected = guessed.rejected(merge_held(spreads))
    targets = global_targets(writer, spreads, rejected)
    shared = on_disk(work, "text", TextShared(known, rejected, targets, search.shared))
    rows = sum(c.rows for c, d in zip(collected, detected, strict=True) if d.spans is not None)
    sample = policy.verification.residual_sample_rows
    return TextRun(detected, spreads, targets, shared, rows, sample)


def last_slices_last(owner: Sequence[int]) -> list[int]:
    """The order to send the residual pass's slices in (``owner[k]``: slice k's
    partition; a partition's slices in row order): each partition's last slice, the rest
    of its sample and often a fraction of a full one, after every full one. Sent in row
    order, a full slice went last and kept one worker busy after the other had finished
    (the mixed bench's 5 slices: 1.2 s of one idle core, 0.4 s in this order): longest
    first, without the slices' sizes to hand."""
    last = {i: k for k, i in enumerate(owner)}  # a partition's last slice wins
    ends = set(last.values())
    return [k for k in range(len(owner)) if k not in ends] + sorted(ends)


#: The end of the detect pass's text, in whole slices' worth, that goes out in pieces
#: (``detect_slices``).
TAIL_SLICES = 2


def detect_slices(pieces: Sequence[list[tuple[int, int, int]]]) -> list[list[tuple[int, int, int]]]:
    """Each partition's detect slices, (first row, past-last row, cost), from its pieces
    (``text.text_cuts``, in row order): consecutive pieces joined up to ``SLICE_CHARS``
    characters' worth, except the last ``TAIL_SLICES`` slices'
    worth of the pass's text, left in pieces. Sent longest first (``longest_first``),
    those pieces end the pass: a full slice sent last kept one worker busy for seconds
    after the other had finished (the mixed bench's 13 slices: 2.6 s of one idle core).
    The slices depend on the data only."""
    total = sum(n for part in pieces for _, _, n in part)
    tail_from = total - TAIL_SLICES * SLICE_CHARS
    seen = 0
    out: list[list[tuple[int, int, int]]] = []
    for part in pieces:
        joined: list[tuple[int, int, int]] = []
        for lo, hi, n in part:
            if joined and seen < tail_from:
                a, b, held = joined[-1]
                if held + n <= SLICE_CHARS and b == lo:
                    joined[-1] = (a, hi, held + n)
                    seen += n
                    continue
            joined.append((lo, hi, n))
            seen += n
        out.append(joined)
    return out


def longest_first(sizes: Sequence[int]) -> list[int]:
    """Indices of ``sizes``, largest first (ties in order): the order to send slices in."""
    return sorted(range(len(sizes)), key=lambda k: -sizes[k])


def _pieces(c: Collected, policy: Policy) -> list[tuple[int, int, int]]:
    """A partition's pieces of text with their sizes; a partition collected without them
    (a table without text, a collect pass kept from an interrupted run) has its cuts, or
    slices of ``nlp.chunk_size`` kept rows, each counted a whole slice."""
    if c.cuts is not None and c.cut_chars is not None:
        return [(lo, hi, n) for (lo, hi), n in zip(c.cuts, c.cut_chars, strict=True)] or [(0, 0, 0)]
    if c.cuts is not None:
        return [(lo, hi, SLICE_CHARS) for lo, hi in c.cuts or [(0, 0)]]
    kept, step = c.rows - c.removed, max(1, policy.nlp.chunk_size)
    cuts = [(lo, min(lo + step, kept)) for lo in range(0, kept, step)] or [(0, 0)]
    return [(lo, hi, SLICE_CHARS) for lo, hi in cuts]


def residual_pass(
    applied: list[Applied],
    policy: Policy,
    key: bytes,
    run_many: RunMany,
    say: Callable[[str], None],
) -> None:
    """The residual scan of every partition's sample, drawn by its apply task, in slices
    on the workers (``residual_pass.py``), put back into each partition's text checks."""
    pending = [a.text for a in applied if a.text is not None and a.text.pending is not None]
    calls = [(tc.pending.file, lo, hi, policy, key) for tc in pending if tc.pending
             for lo, hi in tc.pending.cuts]  # fmt: skip
    owner = [i for i, tc in enumerate(pending) if tc.pending for _ in tc.pending.cuts]
    order = last_slices_last(owner)
    sent = [calls[k] for k in order]
    found = dict(zip(order, progress("residual", run_many("residual", sent), len(sent), say)
                     if sent else (), strict=True))  # fmt: skip
    done = iter(found[k] for k in range(len(calls)))
    for tc in pending:
        if tc.pending is None:
            continue
        flags = [next(done) for _ in tc.pending.cuts]
        tc.residual, tc.review = settled_residual(tc.pending, flags, policy.verification)
        tc.pending = None


def text_checked(by_table: dict[str, list[Applied]]) -> list[TextChecked]:
    """Each partition's text checks, rows counted from its table's start."""
    return from_table_start(by_table, lambda a: a.text)
