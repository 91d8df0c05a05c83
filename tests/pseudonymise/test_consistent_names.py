"""One person, one fake: a name keeps its fake across case, accents, transliteration,
apostrophes, particles and initials, in the style of each occurrence."""

from __future__ import annotations

import pytest

from anonymizers.detect.spelling import fold
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = b"test-pseudonymisation-key-0042"


@pytest.fixture
def pz() -> Pseudonymizer:
    return Pseudonymizer(KEY)


@pytest.mark.parametrize(
    "forms",
    [
        ("Björn Håkansson", "BJORN HAKANSSON", "bjorn hakansson", "Bjoern Haakansson"),
        ("Zoë O'Connell", "Zoe OConnell", "zoe oconnell"),
        ("Anna Müller", "ANNA MUELLER", "Anna Muller"),
        ("Łukasz Wróbel", "LUKASZ WROBEL"),
    ],
)
def test_spellings_of_one_person_get_one_fake_person(
    pz: Pseudonymizer, forms: tuple[str, ...]
) -> None:
    mapping = pz.build_map("PERSON", forms)
    assert len({fold(mapping[f]) for f in forms}) == 1
    for form in forms:
        fake = mapping[form]
        assert fold(fake) != fold(form)
        if form.isupper():
            assert fake.isupper()
        if form.isascii():
            assert fake.isascii()  # no accents where the original had none


def test_the_same_parts_in_other_columns_follow_the_full_name(pz: Pseudonymizer) -> None:
    full = pz.build_map("PERSON", ["Zoë O'Connell"])["Zoë O'Connell"]
    first, last = full.split(" ")
    assert pz.build_map("FIRST_NAME", ["ZOE"])["ZOE"] == first.upper()
    assert pz.build_map("LAST_NAME", ["OConnell"])["OConnell"] == last
    email = pz.build_map("EMAIL_ADDRESS", ["zoe.oconnell@example.ie"])["zoe.oconnell@example.ie"]
    assert email.split("@")[0] == fold(f"{first}.{last}")


def test_particles_are_kept_and_an_initial_follows_the_first_name(pz: Pseudonymizer) -> None:
    pz.learn_full_names(["Tomás Ó Súilleabháin", "Aoife Ní Bhriain"])
    mapping = pz.build_map(
        "PERSON", ["Tomás Ó Súilleabháin", "T. Ó Súilleabháin", "TOMAS O SUILLEABHAIN"]
    )
    first, particle, last = mapping["Tomás Ó Súilleabháin"].split(" ")
    assert particle == "Ó"
    assert mapping["T. Ó Súilleabháin"] == f"{first[0]}. Ó {last}"
    assert fold(mapping["TOMAS O SUILLEABHAIN"]) == fold(f"{first} O {last}")
    # The surname faked alone keeps its particle and its fake.
    assert pz.build_map("LAST_NAME", ["Ó Súilleabháin"])["Ó Súilleabháin"] == f"Ó {last}"
    assert pz.build_map("LAST_NAME", ["Ní Bhriain"])["Ní Bhriain"].startswith("Ní ")


def test_an_initial_two_first_names_share_is_drawn_on_its_own(pz: Pseudonymizer) -> None:
    pz.learn_full_names(["Tomás Berg", "Theo Berg"])
    fake = pz.fake("PERSON", "T. Berg")
    assert fake.endswith(pz.fake("LAST_NAME", "Berg")) and fake[1] == "."


def test_one_character_cjk_surnames_get_whole_names(pz: Pseudonymizer) -> None:
    mapping = pz.build_map("LAST_NAME", ["王", "李", "张", "김"])
    assert all(len(fake) > 1 for fake in mapping.values())
    assert len(set(mapping.values())) == 4


def test_apparent_gender_is_kept_for_accented_and_plain_spellings(pz: Pseudonymizer) -> None:
    from faker.providers.person.en_US import Provider as EnUs

    for name in ("Zoë", "Zoe", "ZOE"):
        assert pz.fake("FIRST_NAME", name).capitalize() in EnUs.first_names_female
    for name in ("Björn", "BJORN", "José", "Jose"):
        assert pz.fake("FIRST_NAME", name).capitalize() in EnUs.first_names_male
