"""Names the name list vouches for, grown over initials and unknown surnames."""

from __future__ import annotations

from anonymizers.detect.text import TextDetector
from tests.helpers.detection import NAME, PLACE, covered_as, found


def test_known_name_grows_over_unknown_surname_and_initial(detector: TextDetector) -> None:
    text = "The parcel was signed for by Helga W Brzęczyszczykiewicz at the front desk."
    assert covered_as(detector, text, "Helga W Brzęczyszczykiewicz", NAME)


def test_name_next_to_street_word_is_not_a_person(detector: TextDetector) -> None:
    text = "Our warehouse moved to Via Marco 12 last spring."
    [spans] = detector.detect([text])
    assert not any(s.entity in NAME and "Marco" in text[s.start : s.end] for s in spans)


def test_middle_initial_and_family_possessive_names(detector: TextDetector) -> None:
    text = "pls refund it to sofia k lindgren, she paid for it"
    assert found(detector, text).get("sofia k lindgren") in NAME
    text = "Agent: Can I help?\nCaller: I'm Ingrid's husband, calling for her."
    got = found(detector, text)
    assert got.get("Ingrid") in NAME
    assert not any(v in PLACE for v in got.values())
