"""Place fakes: in the locale of their records' country, and never failing on a locale."""

from __future__ import annotations

import importlib
import re

from faker import Faker
from faker.generator import Generator as FakerGenerator

from anonymizers.pseudonymise.faker_formats import template
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
        # (a French street may hold a comma of its own: "22, rue Royer")
        street, unit, town, country = fake.rsplit(", ", 3)
        assert (unit.startswith("Flat ") or locale == "xx_YY") and country == "Ireland"
        assert "Pembroke" not in street and town != "Dublin 4"
        assert pz.fake("LOCATION", "Dublin")


def _addresses(n: int) -> list[str]:
    streets = ("Pembroke Road", "Maple Avenue", "Harbor Street", "Lindenallee", "Rue Oberkampf")
    return [f"{10 + i // 5} {streets[i % 5]}, Apt {i % 7 + 1}, Springfield, IL 627{i % 90:02d}"
            for i in range(n)]  # fmt: skip


def test_address_fakes_are_a_function_of_key_and_value() -> None:
    values = _addresses(300)
    one = Pseudonymizer(KEY).build_map("ADDRESS", values)
    two = Pseudonymizer(KEY).build_map("ADDRESS", list(reversed(values)))
    assert one == two
    assert len({normalise("ADDRESS", f) for f in one.values()}) == len(values)
    assert not {normalise("ADDRESS", v) for v in values} & {
        normalise("ADDRESS", f) for f in one.values()
    }
    # Each segment faked by its kind: a street, a unit, a town, a state and zip code.
    for fake in one.values():
        street, unit, _town, state_zip = fake.rsplit(", ", 3)
        assert street[0].isdigit() and unit.split()[0] in ("Apt.", "Suite")
        assert re.fullmatch(r"[A-Z]{2} \d{5}", state_zip)


def test_address_and_town_fakes_hold_no_real_name_part() -> None:
    pz = Pseudonymizer(KEY)
    person = importlib.import_module("faker.providers.person.en_US").Provider
    firsts = sorted(person.first_names)[:400]
    pz.reserve_name_parts(n.lower() for n in firsts)
    reserved = {n.lower() for n in firsts}
    fakes = [*pz.build_map("ADDRESS", _addresses(200)).values(),
             *pz.build_map("LOCATION", ["Springfield", "Lund", "Reno", "Dayton"]).values()]  # fmt: skip
    words = {w.lower() for f in fakes for w in re.findall(r"[^\W\d_]+", f)}
    assert not words & reserved


def test_german_and_french_streets_look_local() -> None:
    values = ["Hauptstraße 5", "Lindenallee 12", "Am Markt 3", "Rue Oberkampf 8"]
    de = Pseudonymizer(KEY)
    de.set_locales("ADDRESS", {normalise("ADDRESS", v): "de_DE" for v in values})
    for fake in de.build_map("ADDRESS", values).values():
        # Faker's German formats: the house number after the street ("Kuschplatz 13").
        assert re.fullmatch(r"\D+ \d+(?:[/-]\d+)?", fake), fake
    fr = Pseudonymizer(KEY)
    fr.set_locales("ADDRESS", {normalise("ADDRESS", v): "fr_FR" for v in values})
    prefixes = {p.lower() for p in importlib.import_module(
        "faker.providers.address.fr_FR").Provider.street_prefixes}  # fmt: skip
    for fake in fr.build_map("ADDRESS", values).values():
        assert set(fake.lower().replace(",", " ").split()) & prefixes, fake


def test_no_faker_call_per_value(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pz = Pseudonymizer(KEY)
    hints = {normalise("ADDRESS", v): "de_DE" for v in _addresses(40)[::2]}
    pz.set_locales("ADDRESS", hints)
    pz.set_locales("LOCATION", {"lund": "sv_SE"})
    pz.build_map("ADDRESS", _addresses(40))  # compiles the locales' formats, once
    pz.build_map("LOCATION", ["Lund", "Reno"])
    calls = {"n": 0}
    real_parse, real_format = FakerGenerator.parse, FakerGenerator.format

    def parse(self, text):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return real_parse(self, text)

    def format_(self, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return real_format(self, name, *args, **kwargs)

    monkeypatch.setattr(FakerGenerator, "parse", parse)
    monkeypatch.setattr(FakerGenerator, "format", format_)
    seeds = {"n": 0}
    real_seed = Faker.seed_instance

    def seed_instance(self, seed=None):  # type: ignore[no-untyped-def]
        seeds["n"] += 1
        return real_seed(self, seed)

    monkeypatch.setattr(Faker, "seed_instance", seed_instance)
    fresh = Pseudonymizer(b"another-key-for-the-same-addresses")
    fresh.set_locales("ADDRESS", hints)
    made = fresh.build_map("ADDRESS", _addresses(400))
    towns = fresh.build_map("LOCATION", [f"Town {i}" for i in range(200)])
    assert len(made) == 400 and len(towns) == 200
    assert calls["n"] == 0 and seeds["n"] == 0


def _town_list(locale: str) -> tuple[str, ...]:
    (towns,) = template(locale, "city").alternatives[0]  # a plain list for es_ES
    assert isinstance(towns, tuple)
    return towns


def test_every_town_of_a_short_list_still_gets_a_town() -> None:
    # A bundle holding all 52 towns Faker lists for Spain: their fakes come from the
    # towns of the other Spanish-speaking locales, not from ids grown out of the letters.
    spain = list(_town_list("es_ES"))
    pz = Pseudonymizer(KEY)
    pz.set_locales("LOCATION", {normalise("LOCATION", t): "es_ES" for t in spain})
    mapping = pz.build_map("LOCATION", spain)
    assert not set(mapping.values()) & set(spain)
    word = r"[^\W\d_][^\W\d_A-Z]*\.?"  # "Villa", "de", "Mt.": no capital inside a word
    for fake in mapping.values():
        assert re.fullmatch(rf"{word}(?:[ '-]+{word})*", fake), fake


def test_reserved_places_are_picked_by_no_street_town_or_house_number() -> None:
    # France has towns named after families (Fischer, Lambert, Le Gall), and Faker's
    # French streets are made of the same surnames; a house number can be a postcode.
    fr_last = [n for n in _last_names("fr_FR") if n.isalpha()][:300]
    towns = [*fr_last, "Le Gall", "Da Silva", "Dos Santos", "Saint-Malo"]
    postcodes = [f"{n:05d}" for n in range(10000, 99999, 37)]
    reserved = {t.casefold() for t in towns} | set(postcodes)

    def held(pz: Pseudonymizer) -> int:
        streets = [f"{k} rue des Lilas" for k in range(300)]
        pz.set_locales("ADDRESS", {normalise("ADDRESS", s): "fr_FR" for s in streets[:150]})
        fakes = pz.build_map("ADDRESS", streets).values()
        return sum(
            1
            for f in fakes
            for n in range(1, 4)
            for k in range(len(f.split()) - n + 1)
            if " ".join(f.split()[k : k + n]).strip(",").casefold() in reserved
        )

    assert held(Pseudonymizer(KEY)) > 10  # the fakes the scrub would have re-drawn
    pz = Pseudonymizer(KEY)
    pz.reserve_places([*towns, *postcodes])
    assert held(pz) == 0


def _last_names(locale: str) -> tuple[str, ...]:
    return tuple(importlib.import_module(f"faker.providers.person.{locale}").Provider.last_names)


def test_a_town_in_an_e_mail_domain_stays_unless_a_name_holds_it() -> None:
    pz = Pseudonymizer(KEY)
    pz.reserve_places(["Kaiserslautern", "Wuppertal"])
    assert pz.fake("EMAIL_ADDRESS", "info@kaiserslautern.de").endswith("@kaiserslautern.de")
    assert pz.fake("EMAIL_ADDRESS", "info@wuppertal-bau.de").endswith("@wuppertal-bau.de")
    pz.reserve_name_parts(["Jonas Wuppertal"])  # now a name of the bundle: his business
    assert not pz.fake("EMAIL_ADDRESS", "info@wuppertal-bau.de").endswith("@wuppertal-bau.de")


def test_streets_of_a_locale_whose_surnames_the_bundle_holds_all_still_hold_none() -> None:
    # A clientele drawn from Faker's own Brazilian lists reserves every surname a
    # Brazilian street or town is made of: the fake takes a surname of another locale's
    # list, drawn once, rather than being re-drawn whole until it gives up with a real one.
    person = importlib.import_module("faker.providers.person.pt_BR").Provider
    surnames = {n.lower() for n in person.last_names}
    values = [f"Rua {s}, {10 + k}, Centro, 70702-2{k % 90:02d} Brasília / DF"
              for k, s in enumerate(sorted(person.last_names)[:60])]  # fmt: skip
    pz = Pseudonymizer(KEY, "pt_BR")
    pz.reserve_name_parts(surnames)
    generator = pz._generator("ADDRESS")  # counting its draws
    drawn = 0
    fake_one = generator.fake_one

    def counted(*args):  # type: ignore[no-untyped-def]
        nonlocal drawn
        drawn += 1
        return fake_one(*args)

    generator.fake_one = counted  # type: ignore[method-assign]
    fakes = pz.build_map("ADDRESS", values)
    words = {w for f in fakes.values() for w in re.findall(r"[^\W\d_]+", f.lower()) if len(w) > 2}
    assert not words & surnames, words & surnames
    assert drawn <= 2 * len(values)  # no value re-drawn for a real surname


def test_a_postcode_found_alone_is_faked_as_a_postcode_of_its_shape() -> None:
    # The issue-tracker probe: "Postcode: 01929" in a description, found as an address,
    # became "02186 BROOKE BRIDGE SUITE 754".
    codes = ["01929", "SW1A 1AA", "M1 1AE", "1012 AB", "00-950", "114 55", "90210-1234"]
    mapping = Pseudonymizer(KEY).build_map("ADDRESS", [*codes, "12 Elm Street"])
    for code in codes:
        fake = mapping[code]
        assert fake != code and len(fake) == len(code)
        assert [c.isdigit() for c in fake] == [c.isdigit() for c in code]
        assert [c.isalpha() for c in fake] == [c.isalpha() for c in code]
    assert " " in mapping["12 Elm Street"] and not mapping["12 Elm Street"][-1].isdigit()
    one = Pseudonymizer(KEY)
    assert all(one.fake("ADDRESS", c) == mapping[c] for c in codes)


def test_an_address_s_postcode_segment_is_faked_as_a_postcode() -> None:
    # The sports-club probe: "97 Lydia Forge, Turnerland, SW6R 7BP" became "..., Port
    # Johnathan, Lake Alvinmouth", its postcode a town.
    values = [f"{10 + i} Lydia Forge, Turnerland, SW{i % 9 + 1}R 7BP" for i in range(40)]
    mapping = Pseudonymizer(KEY, "en_GB").build_map("ADDRESS", values)
    for value in values:
        code = mapping[value].rsplit(", ", 1)[1]
        assert re.fullmatch(r"[A-Z]{2}\d[A-Z] \d[A-Z]{2}", code), mapping[value]


def test_a_town_found_as_an_address_is_faked_as_a_town() -> None:
    # The European feedback probe: "negozio di Comano" became "negozio di 7322 Shawna Rue".
    towns = ["Comano", "Norrköping", "Palizzi Marina"]
    streets = ["Via Roma", "Bahnhofstraße", "Kerkstraat", "Main Street", "12 Elm Street"]
    mapping = Pseudonymizer(KEY).build_map("ADDRESS", [*towns, *streets])
    assert not any(c.isdigit() for t in towns for c in mapping[t])
    assert all(any(c.isdigit() for c in mapping[s]) for s in streets)
