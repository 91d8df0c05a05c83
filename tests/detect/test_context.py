"""The fast context enhancer must score exactly as Presidio's own."""

from __future__ import annotations

import pytest
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from anonymizers.detect.nlp import build_analyzer
from anonymizers.policy import Policy

pytestmark = pytest.mark.model  # loads the spaCy model

TEXTS = [
    "Please call my mobile 415-555-0134 after five, or the office phone 212 555 0199.",
    "Card number 4111 1111 1111 1111 expires next month; my email is ana.ruiz@example.org.",
    "Agent: Verified.\nCustomer: 894-640-2272 is the number on the account.",
]


def _scored(analyzer, text: str) -> list[tuple[int, int, str, float]]:
    found = analyzer.analyze(text=text, language="en", score_threshold=0.0)
    return sorted((r.start, r.end, r.entity_type, round(r.score, 6)) for r in found)


def test_scores_equal_presidio_enhancer() -> None:
    analyzer = build_analyzer(Policy())
    fast = [_scored(analyzer, t) for t in TEXTS]
    own = analyzer.context_aware_enhancer
    try:
        analyzer.context_aware_enhancer = LemmaContextAwareEnhancer()
        reference = [_scored(analyzer, t) for t in TEXTS]
    finally:
        analyzer.context_aware_enhancer = own
    assert fast == reference
    phones = [score for found in reference for _s, _e, ent, score in found if ent == "PHONE_NUMBER"]
    # Both branches are exercised: 'mobile'/'phone' before a number boosts it, while the
    # last text's context words come after the number, outside the enhancer's window.
    assert any(score > PhoneRecognizer.SCORE for score in phones)
    assert any(score == PhoneRecognizer.SCORE for score in phones)
