"""Array literals in CSV dumps: a list column written as one string.

PostgreSQL's COPY writes an array column as ``{"Oak Desk","Bike X"}`` (``{red,blue}``
when no element needs quotes), and many exporters write JSON arrays (``["Oak Desk"]``).
Read as text, such a cell is one long string: an order's items would look like free text
to column planning, and a product list like a sentence to the leak check. Their
elements are the values; this module reads them out of a sample.
"""

from __future__ import annotations

import re

#: A PostgreSQL array literal ('{"Oak Desk","Bike X"}', '{red,blue}') or a JSON array of
#: strings ('["Oak Desk", "Bike X"]'), as CSV dumps write list columns.
_ARRAY_LITERAL = re.compile(r'^\s*(?:\{(?!\s*"[^"]*"\s*:)(.*)\}|\[\s*(".*")?\s*\])\s*$', re.S)
_ARRAY_ITEM = re.compile(r'"((?:[^"\\]|\\.)*)"|([^,{}\[\]"]+)')


def array_elements(sample: list[str], share: float = 0.8) -> list[str] | None:
    """The elements of the sampled values when at least ``share`` of them are array
    literals, else None."""
    values = [v for v in sample if v.strip()]
    matches = [m for v in values if (m := _ARRAY_LITERAL.match(v))]
    if not values or len(matches) < share * len(values):
        return None
    out: list[str] = []
    for m in matches:
        body = m.group(1) if m.group(1) is not None else (m.group(2) or "")
        for item in _ARRAY_ITEM.finditer(body):
            value = (item.group(1) if item.group(1) is not None else item.group(2)).strip()
            if value and value.upper() != "NULL":
                out.append(value)
    return out
