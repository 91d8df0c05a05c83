"""One default policy and one detector for the detection tests (the analyzer loads once)."""

from __future__ import annotations

import pytest

from anonymizers.detect.text import TextDetector
from anonymizers.policy import Policy


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy()


@pytest.fixture(scope="module")
def detector(policy: Policy) -> TextDetector:
    return TextDetector(policy)
