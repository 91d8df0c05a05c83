"""A point written as latitude and longitude in a text ("the app showed 52.37403,
4.88969", a map link's "@-33.86882,151.20929,15z").

A pickup, a delivery stop or a phone's position written to four decimals or more is a
door to within ten metres: a person's whereabouts, with no name needed. Only a *pair* is
read, each number with three decimals or more (one of them four: an app drops a trailing
zero) and inside its range, and not one of a list of three numbers or more: prices and
versions have fewer decimals, and a vector of measurements is a list.
"""

from __future__ import annotations

import re

from anonymizers.detect.recognizers import RawSpan

_PAIR = re.compile(
    r"(?<![\w.,-])(?<!\d,\s)(?P<lat>[+-]?\d{1,2}\.\d{3,})\s*[,;/ ]\s*(?P<lng>[+-]?\d{1,3}\.\d{3,})"
    # A map link's zoom ("...,15z") may follow; another number may not.
    r"(?!\w|\.\d)(?!\s*[,;]\s*[+-]?\d(?![\d.]*z))"
)


def coordinate_pairs(text: str) -> list[RawSpan]:
    """Each number of a latitude-longitude pair, as a GEO_COORDINATE span of its own (each
    is moved on its own, as a coordinate column's value is)."""
    out: list[RawSpan] = []
    for m in _PAIR.finditer(text):
        # An app rounds a trailing zero away ("20.638, 66.8277"): one of the pair has
        # four decimals or more.
        precise = max(len(m["lat"].split(".")[1]), len(m["lng"].split(".")[1])) >= 4
        if precise and abs(float(m["lat"])) <= 90 and abs(float(m["lng"])) <= 180:
            out.append((m.start("lat"), m.end("lat"), "GEO_COORDINATE", 0.85))
            out.append((m.start("lng"), m.end("lng"), "GEO_COORDINATE", 0.85))
    return out
