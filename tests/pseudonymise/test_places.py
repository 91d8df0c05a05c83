"""Place fakes: in the locale of their records' country, and never failing on a locale."""

from __future__ import annotations

from faker import Faker

from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = b"test-pseudonymisation-key-0042"


def _cities(locale: str) -> set[str]:
    fk = Faker(locale)
    fk.seed_instance(0)
    return {fk.city() for _ in range(3000)}


def test_a_town_follows_the_locale_of_its_records() -> None:
    pz = Pseudonymizer(KEY)
    towns = ["Uppsala", "Lund", "Malmö", "Kiruna"]
    pz.set_locales("LOCATION", {normalise("LOCATION", t): "sv_SE" for t in towns})
    mapping = pz.build_map("LOCATION", [*towns, "Springfield"])
    swedish = _cities("sv_SE")
    assert all(mapping[t] in swedish for t in towns)
    assert mapping["Springfield"] not in swedish or mapping["Springfield"] in _cities("en_US")


def test_the_locale_hint_keeps_the_map_a_function_of_the_value() -> None:
    def fakes() -> dict[str, str]:
        pz = Pseudonymizer(KEY)
        pz.set_locales("ADDRESS", {normalise("ADDRESS", "12 Rue Victor Hugo"): "fr_FR"})
        return pz.build_map("ADDRESS", ["12 Rue Victor Hugo", "12 rue victor hugo"])

    first = fakes()
    assert first == fakes()
    assert first["12 rue victor hugo"] == first["12 Rue Victor Hugo"].lower()


def test_units_and_countries_outside_en_us_do_not_fail() -> None:
    # Faker has secondary_address for en_US only; "Flat 4" must not raise elsewhere.
    for locale in ("en_IE", "de_DE", "fr_FR", "xx_YY"):
        pz = Pseudonymizer(KEY, locale)
        fake = pz.fake("ADDRESS", "18 Pembroke Road, Flat 4, Dublin 4, Ireland")
        street, unit, town, country = fake.split(", ")
        assert (unit.startswith("Flat ") or locale == "xx_YY") and country == "Ireland"
        assert "Pembroke" not in street and town != "Dublin 4"
        assert pz.fake("LOCATION", "Dublin")
