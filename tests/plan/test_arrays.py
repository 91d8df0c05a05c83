"""Array literals of CSV dumps read as their elements."""

from __future__ import annotations

from anonymizers.plan.arrays import array_elements


def test_array_elements_reads_postgres_and_json_arrays_only() -> None:
    assert array_elements(['{"Oak Desk","Bike X"}', "{red,blue,NULL}"]) == [
        "Oak Desk",
        "Bike X",
        "red",
        "blue",
    ]
    assert array_elements(['["Sofa \\"Luna\\""]']) == ['Sofa \\"Luna\\"']
    assert array_elements(['{"customer": "Ann"}', '{"customer": "Bo"}']) is None
    assert array_elements(["Please call me back", "{x}"]) is None
