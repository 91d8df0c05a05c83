"""The context a reviewer sees around a flagged span: its neighbourhood, with the span
itself and every other identifier in reach hidden as ``[ENTITY]``.

One function for every list of review items (detections in the review band, the residual
scan's unexplained spans), so a reviewer can act on each item the same way: enough words
around it to find the place in the data, never the value.
"""

from __future__ import annotations

from collections.abc import Sequence

from anonymizers.detect.spans import Span


def masked_context(text: str, span: Span, spans: Sequence[Span], width: int = 30) -> str:
    """Up to ``width`` characters either side of ``span``, with ``span`` and every other
    span of ``spans`` in the window hidden as [ENTITY] (a span cut by the window's edge is
    hidden whole). Line breaks become spaces: one item, one line."""
    lo, hi = max(0, span.start - width), min(len(text), span.end + width)
    hidden = sorted(spans if span in spans else [*spans, span], key=lambda s: s.start)
    out, pos = [], lo
    for other in hidden:
        if other.end <= pos or other.start >= hi:
            continue  # outside the window, or already hidden by an overlapping span
        out.append(text[pos : max(pos, other.start)])
        out.append(f"[{other.entity}]")
        pos = other.end
    out.append(text[pos:hi] if pos < hi else "")
    return ("…" + "".join(out) + "…").replace("\n", " ")
