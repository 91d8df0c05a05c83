"""Reading a detector's output in tests: values found, values covered, clean span lists."""

from __future__ import annotations

from itertools import pairwise

from anonymizers.detect.spans import Span
from anonymizers.detect.text import TextDetector

NAME = {"PERSON", "FIRST_NAME", "LAST_NAME"}
PLACE = {"LOCATION", "ADDRESS"}


def found(detector: TextDetector, text: str) -> dict[str, str]:
    """Detected value → entity for one text."""
    [spans] = detector.detect([text])
    return {text[s.start : s.end]: s.entity for s in spans}


def covered_as(detector: TextDetector, text: str, value: str, entities: set[str]) -> bool:
    """True when a span of one of ``entities`` covers ``value`` in ``text``."""
    [spans] = detector.detect([text])
    start = text.index(value)
    end = start + len(value)
    return any(s.start <= start and end <= s.end and s.entity in entities for s in spans)


def covers(text: str, got: dict[str, str], value: str, entities: set[str]) -> bool:
    """True when one detected span holds ``value`` with one of ``entities``."""
    return any(value in k and v in entities for k, v in got.items())


def assert_clean(spans: list[Span]) -> None:
    """Sorted and non-overlapping, as ``TextDetector.detect`` promises."""
    assert spans == sorted(spans)
    for a, b in pairwise(spans):
        assert a.end <= b.start
