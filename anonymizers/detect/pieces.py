"""Texts of any length, detected in bounded pieces that overlap.

Why: spaCy refuses a text over its ``max_length`` (1,000,000 characters), and its time and
memory grow with the document, so one free-text cell holding a whole mailbox export ended
a run in an internal failure, and a 50 MB cell ran for many minutes inside one task with
no sign of life. A long text is therefore cut into pieces of ``PIECE_CHARS`` that overlap
by ``OVERLAP_CHARS``; the pieces go through the same detection as any other text (and,
being many texts, through the flow's chunked tasks and their progress lines), and their
spans are shifted back into the whole text.

Each piece *owns* the stretch from the middle of the overlap with the piece before to the
middle of the overlap with the piece after; a span is kept from the piece that owns its
start. A name or an e-mail that a cut goes through is whole in the neighbouring piece,
which owns it: any span shorter than half the overlap (500 characters; an address is a
few dozen) is found as in one pass. Texts up to ``PIECE_CHARS`` are not touched:
the usual cell takes the usual path, at the usual speed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from anonymizers.detect.spans import Span, fold_overlaps

#: Longest text detected in one pass: 50 times below spaCy's limit, a second or two of
#: work, and past any support comment or e-mail (measured: detection costs the same per
#: character in pieces of 10,000 to 100,000 characters; below that the overlap shows).
PIECE_CHARS = 20_000
#: Characters two neighbouring pieces share; a span shorter than half of it is never cut.
OVERLAP_CHARS = 1_000

#: Spans for many texts, in order (``TextDetector.detect`` or a parallel equivalent).
Detect = Callable[[list[str]], list[list[Span]]]


@dataclass(frozen=True)
class Piece:
    """One piece of a text: where it starts, and the stretch of the text it owns."""

    start: int
    end: int
    own_from: int
    own_to: int


def cut(length: int, size: int = PIECE_CHARS, overlap: int = OVERLAP_CHARS) -> list[Piece]:
    """The pieces of a text of ``length`` characters (one piece if it fits in ``size``)."""
    if overlap * 2 > size:
        raise ValueError("overlap must be at most half the piece size")
    if length <= size:
        return [Piece(0, length, 0, length)]
    pieces: list[Piece] = []
    start, own_from = 0, 0
    while True:
        end = min(length, start + size)
        if end == length:
            pieces.append(Piece(start, end, own_from, length))
            return pieces
        own_to = end - overlap // 2
        pieces.append(Piece(start, end, own_from, own_to))
        start, own_from = end - overlap, own_to


def detect_in_pieces(
    detect: Detect,
    texts: Sequence[str],
    size: int = PIECE_CHARS,
    overlap: int = OVERLAP_CHARS,
) -> list[list[Span]]:
    """``detect`` over ``texts``, with every text longer than ``size`` cut into pieces.

    When no text is long, this is one call of ``detect`` on the texts as they are. Else
    the short texts and the pieces of the long ones go to ``detect`` in one list, so a
    parallel ``detect`` spreads the pieces over its workers like any other texts."""
    if not any(len(t) > size for t in texts):
        return detect(list(texts))
    batch: list[str] = []
    #: per input text: (index of its first entry in batch, its pieces or None if whole)
    where: list[tuple[int, list[Piece] | None]] = []
    for text in texts:
        if len(text) <= size:
            where.append((len(batch), None))
            batch.append(text)
            continue
        pieces = cut(len(text), size, overlap)
        where.append((len(batch), pieces))
        batch.extend(text[p.start : p.end] for p in pieces)
    found = detect(batch)
    out: list[list[Span]] = []
    for first, pieces in where:
        if pieces is None:
            out.append(found[first])
            continue
        spans = [
            s._replace(start=s.start + p.start, end=s.end + p.start)
            for p, piece_spans in zip(pieces, found[first : first + len(pieces)], strict=True)
            for s in piece_spans
            if p.own_from <= s.start + p.start < p.own_to
        ]
        out.append(fold_overlaps(spans))
    return out
