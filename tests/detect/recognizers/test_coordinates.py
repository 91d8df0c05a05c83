"""A latitude-longitude pair in a text: each number found, and nothing else with decimals."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.coordinates import coordinate_pairs


def _found(text: str) -> list[str]:
    return [text[s:e] for s, e, _entity, _score in coordinate_pairs(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("app showed -5.17331, 66.1245.", ["-5.17331", "66.1245"]),
        ("I'm at 40.7128,-74.0060 now", ["40.7128", "-74.0060"]),
        ("Standort 52.37403 4.88969 (Handy)", ["52.37403", "4.88969"]),
        ("maps.example/@-33.86882,151.20929,15z", ["-33.86882", "151.20929"]),
        ("lat/long: 51.5074/-0.1278", ["51.5074", "-0.1278"]),
        # A trailing zero dropped by the app: one of the pair has four decimals.
        ("app showed 20.638, 66.8277.", ["20.638", "66.8277"]),
        ("three decimals each 12.500, 13.750", []),
        # Prices and versions have fewer decimals; a list of three is a vector.
        ("refund 12.99, 13.49 and 4.50", []),
        ("weights 0.1234, 0.5678, 0.9123", []),
        ("embedding [0.1234, 0.5678, 0.9123, 0.1111]", []),
        # Out of range: no point on Earth.
        ("ratio 123.4567, 12.3456", []),
        ("v2.10.1234, 1.2345", []),
    ],
)
def test_pairs_of_precise_numbers_in_range_are_coordinates(text: str, found: list[str]) -> None:
    assert _found(text) == found
