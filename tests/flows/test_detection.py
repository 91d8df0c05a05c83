"""flows/detection.py: detection chunks, bounded in texts and characters, in order, even."""

from __future__ import annotations

import pytest

from flows.detection import text_chunks


def test_chunks_close_at_the_text_count() -> None:
    texts = [f"ticket {i}: please call me back" for i in range(9)]
    assert [len(c) for c in text_chunks(texts, 4)] == [4, 4, 1]


def test_pieces_of_a_long_cell_spread_over_chunks_by_characters() -> None:
    pieces = ["x" * 20_000] * 120 + ["short note"]
    chunks = text_chunks(pieces, 400, chars=500_000)
    assert [len(c) for c in chunks] == [25, 25, 25, 25, 21]
    assert [t for c in chunks for t in c] == pieces  # order kept


def test_a_text_longer_than_the_budget_is_a_chunk_of_its_own() -> None:
    texts = ["a" * 10, "b" * 50, "c" * 10]
    assert text_chunks(texts, 400, chars=20) == [["a" * 10], ["b" * 50], ["c" * 10]]


def test_chunks_come_in_a_multiple_of_the_workers_with_even_work() -> None:
    # Long chats first, short comments after: 400 texts a chunk gave 3 heavy chunks and a
    # light one, so one of two workers ended alone on the last.
    texts = [f"agent: hello Mr Okafor, ticket {i} " + "x" * 300 for i in range(900)]
    texts += [f"comment {i}: fine" for i in range(700)]
    chunks = text_chunks(texts, 400, parts=2)
    assert [t for c in chunks for t in c] == texts  # order kept
    assert len(chunks) % 2 == 0 and all(len(c) <= 400 for c in chunks)
    work = [sum(len(t) + 100 for t in c) for c in chunks]
    assert max(work) < 1.3 * min(work)
    assert text_chunks(texts[:300], 400, parts=2) == [texts[:300]]  # one chunk: run locally


def test_texts_of_one_chunk_go_to_every_warm_worker() -> None:
    """The residual scan's sample fits one chunk, but the workers that detected the
    export are up: it is cut for all of them instead of running in the flow's process."""
    texts = [f"Ticket {i}: Ms Adeyemi asked about invoice {i}" for i in range(300)]
    chunks = text_chunks(texts, 400, parts=2, spread=True)
    assert len(chunks) == 2 and [t for c in chunks for t in c] == texts
    assert text_chunks(texts[:1], 400, parts=2, spread=True) == [texts[:1]]


@pytest.mark.model
def test_spans_do_not_depend_on_the_chunks() -> None:
    """Why the chunks may follow the worker count: each text's spans are its own."""
    from anonymizers.detect.text import TextDetector
    from anonymizers.policy import Policy

    texts = [
        "Hi, this is Ingrid Falk from Malmö, my number is 0701-234 567.",
        "Paolo Rossi wrote from Via Roma 12, 20121 Milano about order 55120.",
        "THANKS DOLORES, I'LL CALL BACK FROM BOSTON TOMORROW",
        "agent: Good morning Mr Okonkwo! customer: hi, it's about my refund",
        "Please email j dot doe at example dot org or call (416) 555-0199.",
        "Björn Håkansson moved to Göteborg; his sister Annika stayed in Lund.",
        "no names here, just a note about the printer on floor 3",
    ] * 3
    detector = TextDetector(Policy())
    whole = detector.detect(texts)
    for parts in (2, 3):
        chunks = text_chunks(texts, 4, parts=parts)
        assert [s for c in chunks for s in detector.detect(c)] == whole
