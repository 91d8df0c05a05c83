"""The masked context of a review item: the place in the text, never the value."""

from __future__ import annotations

from anonymizers.detect.masking import masked_context
from anonymizers.detect.spans import Span

TEXT = "Spoke with Marisol Etxeberria today, she wants a callback on 0161 496 0731 tomorrow."


def _span(value: str, entity: str, score: float = 0.6) -> Span:
    start = TEXT.index(value)
    return Span(start, start + len(value), entity, score, "ner")


def test_the_flagged_span_and_its_neighbours_are_hidden() -> None:
    name, phone = _span("Marisol Etxeberria", "PERSON"), _span("0161 496 0731", "PHONE_NUMBER")
    context = masked_context(TEXT, name, [name, phone], width=80)
    assert context == ("…Spoke with [PERSON] today, she wants a callback on "
                       "[PHONE_NUMBER] tomorrow.…")  # fmt: skip


def test_a_span_not_among_the_others_is_hidden_too() -> None:
    """The residual scan flags one span of the output and passes the others it found."""
    name, phone = _span("Marisol Etxeberria", "PERSON"), _span("0161 496 0731", "PHONE_NUMBER")
    context = masked_context(TEXT, phone, [name], width=40)
    assert "0161" not in context and "[PHONE_NUMBER]" in context
    assert "Etxeberria" not in context  # cut by the window's edge: hidden whole
