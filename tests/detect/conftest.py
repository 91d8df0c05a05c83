"""One default policy and one detector for the detection tests (the analyzer loads once)."""

from __future__ import annotations

import pytest

from anonymizers.detect.nlp import build_analyzer
from anonymizers.detect.text import TextDetector
from anonymizers.policy import Policy


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy()


@pytest.fixture(scope="module")
def detector(policy: Policy) -> TextDetector:
    return TextDetector(policy)


@pytest.fixture(scope="module")
def nlp(policy: Policy):  # type: ignore[no-untyped-def]
    """The spaCy pipeline the analyzer loaded (the taggers' tests run it bare)."""
    return build_analyzer(policy).nlp_engine.get_nlp(policy.language)  # type: ignore[attr-defined]
