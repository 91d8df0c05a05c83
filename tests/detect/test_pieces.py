"""Long texts in overlapping pieces: every piece bounded, spans across a cut found once."""

from __future__ import annotations

import itertools
import random

import pytest

from anonymizers.detect.pieces import OVERLAP_CHARS, PIECE_CHARS, cut, detect_in_pieces
from anonymizers.detect.text import TextDetector

_PROSE = (
    "the parcel arrived two days late and the box was damaged so the customer asked "
    "whether a partial refund or a replacement would be quicker for the team to arrange"
)
_FILLER = _PROSE.split()


def _filler(chars: int, seed: int) -> str:
    """Support-ticket prose without identifiers, in sentences of twelve words."""
    rng = random.Random(seed)
    sentences: list[str] = []
    size = 0
    while size < chars:
        words = [rng.choice(_FILLER) for _ in range(12)]
        sentences.append(" ".join(words).capitalize() + ".")
        size += len(sentences[-1]) + 1
    return " ".join(sentences)[:chars]


def test_a_short_text_is_one_piece() -> None:
    assert len(cut(PIECE_CHARS)) == 1


@pytest.mark.parametrize("length", [PIECE_CHARS + 1, 350_000, 5_000_001])
def test_pieces_are_bounded_overlap_and_own_every_character_once(length: int) -> None:
    pieces = cut(length)
    assert all(p.end - p.start <= PIECE_CHARS for p in pieces)
    assert pieces[0].start == 0 and pieces[-1].end == length
    for before, after in itertools.pairwise(pieces):
        assert before.end - after.start == OVERLAP_CHARS
        assert before.own_to == after.own_from  # owned stretches tile the text
        # What a piece owns is at least half an overlap away from its cut edges.
        assert before.end - before.own_to >= OVERLAP_CHARS // 2
        assert after.own_from - after.start >= OVERLAP_CHARS // 2
    assert pieces[0].own_from == 0 and pieces[-1].own_to == length


def test_short_texts_take_the_usual_path_untouched() -> None:
    calls: list[list[str]] = []

    def detect(texts: list[str]) -> list[list]:
        calls.append(texts)
        return [[] for _ in texts]

    texts = ["Hi, this is Lena Fischer", "call me back"]
    detect_in_pieces(detect, texts)
    assert calls == [texts]


@pytest.mark.model
def test_names_and_emails_across_every_cut_are_found_whole(detector: TextDetector) -> None:
    """Spans placed exactly across a cut and across an ownership boundary: each found
    once, whole, in place (small pieces, so the real detector runs in seconds)."""
    size, overlap = 3_000, 300
    length = 7_500
    text = list(_filler(length, seed=7))
    pieces = cut(length, size, overlap)
    placed = {
        "marguerite.okonkwo@example.org": pieces[0].end,  # the first cut goes through it
        "Ingrid Halvorsen": pieces[1].own_from,  # an ownership boundary inside it
        "ravi.menon@example.co.uk": pieces[-1].start,  # the last cut
    }
    for value, at in placed.items():
        snippet = f" Write to {value} now. "
        text[at - 16 : at - 16 + len(snippet)] = snippet  # the value starts 6 before
    whole = "".join(text)
    for value, at in placed.items():
        assert whole.index(value) < at < whole.index(value) + len(value)
    [spans] = detect_in_pieces(detector.detect, [whole], size, overlap)
    got = [whole[s.start : s.end] for s in spans]
    for value in placed:
        assert got.count(value) == 1, value
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


@pytest.mark.model
def test_a_text_over_the_models_limit_is_detected(detector: TextDetector) -> None:
    """spaCy refuses a text over its max_length (E088: the internal failure of a cell over
    1,000,000 characters); with the limit lowered to one piece, a text three pieces long
    still goes through, and the e-mails in each piece are found."""
    nlp = detector.analyzer.nlp_engine.nlp[detector.policy.language]
    mails = [f"agent{i}.support@example.org" for i in range(3)]
    whole = "".join(
        _filler(PIECE_CHARS - 60, seed=i) + f". Please write to {m} today. "
        for i, m in enumerate(mails)
    )
    assert len(whole) > 2 * PIECE_CHARS
    saved = nlp.max_length
    nlp.max_length = PIECE_CHARS
    try:
        with pytest.raises(ValueError, match="E088"):
            nlp(whole)
        [spans] = detector.detect([whole])
    finally:
        nlp.max_length = saved
    got = {whole[s.start : s.end] for s in spans if s.entity == "EMAIL_ADDRESS"}
    assert got == set(mails)
