"""The fast context enhancer must score exactly as Presidio's own."""

from __future__ import annotations

from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from anonymizers.detect import build_analyzer
from anonymizers.policy import Policy

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
    assert any(len(r) for r in reference)  # the texts do carry context-boosted hits
