"""Fakes of national ids: the same scheme and layout, passing the same checks."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.national_ids import schemes_of
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = b"national-id-test-key-0123456789ab"

VALUES = ["12345678Z", "X1234567L", "123456789", "111222333", "86095742719",
          "RSSMRA85T10A562S", "811218-9876", "44051401359", "1234567T", "211062-5629",
          "2 84 05 75 123 456 72", "85.07.30-033.28", "131052-308T", "756.9217.0769.85",
          "AB 12 34 56 C", "943 476 5919"]  # fmt: skip


@pytest.mark.parametrize("value", VALUES)
def test_fake_passes_the_same_checks_in_the_same_layout(value: str) -> None:
    pz = Pseudonymizer(KEY)
    fake = pz.fake("NATIONAL_ID", value)
    assert fake != value
    assert len(fake) == len(value)
    assert [c.isdigit() for c in fake] == [c.isdigit() for c in value]
    wanted = {s.name for s in schemes_of(value)}
    assert wanted <= {s.name for s in schemes_of(fake)}
    assert pz.fake("NATIONAL_ID", value) == fake  # keyed: the same every time


def test_a_value_of_no_scheme_is_faked_as_an_id() -> None:
    fake = Pseudonymizer(KEY).fake("NATIONAL_ID", "REF-20931")
    assert fake.startswith("REF-") and fake != "REF-20931"


def test_map_never_gives_a_real_value() -> None:
    values = VALUES[:6]
    mapping = Pseudonymizer(KEY).build_map("NATIONAL_ID", values)
    assert not set(mapping.values()) & set(values)
