"""The generator registry: one generator per entity, found by name."""

from __future__ import annotations

import pytest

from anonymizers.policy import KNOWN_ENTITIES
from anonymizers.pseudonymise.draw import Draw, KeyedHash
from anonymizers.pseudonymise.generators.base import Generator, GeneratorContext
from anonymizers.pseudonymise.generators.ids import Identifier
from anonymizers.pseudonymise.generators.names import PersonName
from anonymizers.pseudonymise.generators.registry import GENERATORS, GeneratorRegistry
from anonymizers.pseudonymise.name_parts import NameParts
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = b"test-pseudonymisation-key-0042"


def test_every_known_entity_has_its_generator() -> None:
    registered = set(GENERATORS.entities())
    assert set(KNOWN_ENTITIES) <= registered
    for entity in KNOWN_ENTITIES:
        assert entity in GENERATORS.get(entity).entities
    assert GENERATORS.get("SOME_NEW_ENTITY") is Identifier  # the fallback: an id's shape


def test_an_entity_is_faked_one_way_only() -> None:
    class Other(PersonName):
        entities = ("PERSON",)

    registry = GENERATORS.copy()
    with pytest.raises(ValueError, match="PERSON"):
        registry.add(Other)
    registry.remove("PERSON")
    registry.add(Other)
    assert registry.get("PERSON") is Other and GENERATORS.get("PERSON") is PersonName
    with pytest.raises(KeyError):
        registry.remove("NOT_REGISTERED")


class _Shouting(Generator):
    """A generator that gives the value back at its first attempt: the caller re-draws."""

    entities = ("SHOUT",)

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        return core.upper() if attempt == 0 else f"{core.upper()}-{d.below(1000)}"


def test_a_new_generator_is_one_class_and_gets_the_redraw_rules() -> None:
    registry = GeneratorRegistry([_Shouting])
    pz = Pseudonymizer(KEY, generators=registry)
    fake = pz.fake("SHOUT", " hello ")
    assert fake.startswith(" HELLO-") and fake.endswith(" ")  # attempt 0 equalled the value
    assert pz.fake("SHOUT", "hello") == fake.strip()  # keyed: the same value, the same fake
    assert pz.build_map("SHOUT", ["hello", "HELLO"]) == {"HELLO": fake.strip(),
                                                         "hello": fake.strip()}  # fmt: skip
    assert pz.fake("ID", "EMP-004512") != "EMP-004512"  # registry default: an id


def test_the_default_column_is_the_one_value_fake_in_a_loop() -> None:
    names = NameParts(KeyedHash(KEY), "en_US", keep_gender=True, keep_locale_mix=False)
    gen = Identifier(GeneratorContext("en_US", names))
    cores, norms = ["EMP-004512", "880231", "AB-12"], ["emp-004512", "880231", "ab-12"]
    made = gen.fake_many(cores, norms, [Draw(bytes([i]) * 32) for i in range(3)], [0, 0, 70])
    again = [Draw(bytes([i]) * 32) for i in range(3)]
    expected = [
        gen.fake_one(c, n, d, a) for c, n, d, a in zip(cores, norms, again, [0, 0, 70], strict=True)
    ]
    assert made == expected
