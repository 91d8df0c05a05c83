"""flows/sanitize.py's detection chunks: bounded in texts and in characters, in order."""

from __future__ import annotations

from flows.sanitize import text_chunks


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
