"""The fast context enhancer must score exactly as Presidio's own."""

from __future__ import annotations

import pytest
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from anonymizers.detect.nlp import build_analyzer
from anonymizers.policy import Policy

pytestmark = pytest.mark.model  # loads the spaCy model

# Phones, cards and e-mails are found by safeset's own patterns (``nlp.SWEPT_ENTITIES``);
# the Presidio recognisers left that use context words are the US licence and ITIN ones.
TEXTS = [
    "Driver license: D1234567, issued in Ohio; my taxpayer ITIN is 912-70-1234.",
    "Code D1234567 on the box, form ref 912 70 1234 attached.",
    "Agent: Verified.\nCustomer: 912-73-4567 is the number on the account.",
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
    licences = [s for found in reference for _s, _e, ent, s in found if ent == "US_DRIVER_LICENSE"]
    # Both branches are exercised: 'license' before the number boosts it; 'Code' does not.
    assert len(set(licences)) == 2 and min(licences) < max(licences)
