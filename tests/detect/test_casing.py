"""Letter case: the re-capitalised copy NER reads, and the case a name rule accepts."""

from __future__ import annotations

from anonymizers.detect.casing import case_ok, case_variant


def test_capitals_and_lower_case_lines_get_names_capitalised_at_the_same_offsets() -> None:
    text = "CALL PETER WALSH\nthe parcel is with ingrid"
    variant = case_variant(text)
    assert variant is not None and len(variant) == len(text)
    assert variant.split("\n")[0] == "call Peter Walsh"  # an everyday word stays a word
    assert variant.endswith("Ingrid")


def test_mixed_case_lines_only_lose_their_long_capitals() -> None:
    assert case_variant("a year in HAUGESUND, paid in USD") == "a year in Haugesund, paid in USD"
    assert case_variant("Hello Peter, see you soon.") is None


def test_case_ok_takes_capitals_or_a_line_all_in_lower_case() -> None:
    assert case_ok(["Sofia", "Lindgren"], "Ask Sofia Lindgren.", 4)
    assert case_ok(["sofia"], "refund it to sofia k lindgren", 13)
    assert not case_ok(["sofia"], "Refund it to sofia.", 13)
