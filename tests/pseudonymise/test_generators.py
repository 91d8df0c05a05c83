"""The generator registry and the column interface: one generator per entity, found by
name, and a column faked at once gives what the values faked one by one give."""

from __future__ import annotations

import random

import pytest

from anonymizers.policy import KNOWN_ENTITIES
from anonymizers.pseudonymise.draw import Draw
from anonymizers.pseudonymise.generators.base import Generator, GeneratorContext
from anonymizers.pseudonymise.generators.ids import Identifier
from anonymizers.pseudonymise.generators.names import PersonName
from anonymizers.pseudonymise.generators.registry import GENERATORS, GeneratorRegistry
from anonymizers.pseudonymise.keyed import KeyedHash
from anonymizers.pseudonymise.name_parts import NameParts
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = b"test-pseudonymisation-key-0042"

COLUMNS: dict[str, list[str]] = {
    "PERSON": ["Maria Garcia", "Dr. Aiyana Whitehorse", "Garcia, Maria", "J. Smith", "Maria",
               "Ludwig van Beethoven", "Anne-Marie O'Neil Jr.", "MARIA GARCIA", "  kenji sato "],
    "FIRST_NAME": ["Maria", "Kenji", "Chidinma", "Giuseppe", "J", "Anne Marie", "maria"],
    "LAST_NAME": ["Garcia", "Smith-Jones", "van der Berg", "O'Brien", "Lindqvist"],
    "EMAIL_ADDRESS": ["maria.garcia@acme.com", "mgarcia12@x.org", "support@northwind.com",
                      "Kenji.Sato+news@mail.jp", "x@y", "a.b@c.de"],
    "PHONE_NUMBER": ["+1 (406) 555-0187", "+44 20 7946 0018", "030 1234567", "N/A", "12"],
    "CREDIT_CARD": ["4111 1111 1111 1111", "5500-0000-0000-0004", "7"],
    "US_SSN": ["536-22-8741", "536228741", "12-34"],
    "IBAN_CODE": ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "XX"],
    "IP_ADDRESS": ["203.0.113.57", "10.0.0.1", "2001:db8::1", "not an ip"],
    "DATE": ["1987-03-14", "11/30/2023", "30.11.2023", "March 1987"],
    "DATE_OF_BIRTH": ["1987-03-14", "2/3/1990"],
    "LOCATION": ["Bozeman", "Germany", "California"],
    "ADDRESS": ["1742 Evergreen Terrace, Springfield, OR 97403"],
    "ORGANIZATION": ["Northwind Traders", "ACME"],
    "URL": ["https://crm.northwind.com/customers/maria-garcia", "example.com/a.pdf"],
    "ID": ["EMP-004512", "880231", "0", "---", "550e8400-e29b-41d4-a716-446655440000"],
    "ZIP_CODE": ["59715", "SW1A 1AA"],
    "SOME_NEW_ENTITY": ["AB-1234"],
}  # fmt: skip


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


def _column(rng: random.Random) -> list[tuple[str, str, int]]:
    rows = []
    for entity, values in COLUMNS.items():
        for value in values:
            for attempt in (0, 1, 2, 33, 70, 520):
                rows.append((entity, value, attempt))
    rng.shuffle(rows)
    return rows


@pytest.mark.parametrize("options", [{}, {"keep_gender": False, "keep_locale_mix": True}])
def test_a_column_fakes_as_its_values_do_one_by_one(options: dict[str, bool]) -> None:
    """Same fakes, same normalised fakes and the same name-part registry afterwards, with
    re-draws, late attempts and grown ids (attempt 520) in the column."""
    rows = _column(random.Random(7))
    reserved = ["Bozeman", "Garcia", "Springfield"]
    one, column = Pseudonymizer(KEY, **options), Pseudonymizer(KEY, **options)
    one.reserve_name_parts(reserved)
    column.reserve_name_parts(reserved)
    for entity in COLUMNS:
        picked = [(v, a) for e, v, a in rows if e == entity]
        values = [v for v, _ in picked]
        norms = [normalise(entity, v) for v in values]
        attempts = [a for _, a in picked]
        expected = [
            one.fake_attempt(entity, v, n, a)
            for v, n, a in zip(values, norms, attempts, strict=True)
        ]
        fakes, fake_norms = column.fake_many(entity, values, norms, attempts)
        assert list(zip(fakes, fake_norms, strict=True)) == expected, entity
    assert column.registry() == one.registry()


def test_a_long_column_is_faked_block_by_block_in_order() -> None:
    """More values than one block: the registry fills in column order all the same."""
    rng = random.Random(3)
    first, last = ["Maria", "Kenji", "Ana", "Olu", "Lena"], ["Garcia", "Sato", "Okafor", "Berg"]
    names = [f"{rng.choice(first)}{i} {rng.choice(last)}{i % 37}" for i in range(1500)]
    norms = [normalise("PERSON", v) for v in names]
    one, column = Pseudonymizer(KEY), Pseudonymizer(KEY)
    expected = [one.fake_attempt("PERSON", v, n, 0)[0] for v, n in zip(names, norms, strict=True)]
    assert column.fake_many("PERSON", names, norms, [0] * len(names))[0] == expected
    assert column.registry() == one.registry()


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


class _Stubborn(Generator):
    """A generator that only ever gives the value back."""

    entities = ("STUBBORN",)

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        return core


def test_a_generator_that_keeps_giving_the_value_back_is_given_up_on() -> None:
    """After 64 re-draws the value's letters and digits are replaced as they are, alone
    or in a column."""
    registry = GeneratorRegistry([_Stubborn])
    values = ["AB-12", "xy 9", " Q7 ", "AB-12"]
    norms = [normalise("STUBBORN", v) for v in values]
    one = Pseudonymizer(KEY, generators=registry)
    expected = [one.fake_attempt("STUBBORN", v, n, 3) for v, n in zip(values, norms, strict=True)]
    fakes, fake_norms = Pseudonymizer(KEY, generators=registry).fake_many(
        "STUBBORN", values, norms, [3] * len(values)
    )
    assert list(zip(fakes, fake_norms, strict=True)) == expected
    assert [len(f) for f in fakes] == [len(v) for v in values] and fakes[2][0] == " "
    assert fakes[0] == fakes[3] != values[0]


@pytest.mark.parametrize(
    "value",
    ["04-09-1972", "4/9/72", "2nd of June 1990", "12. März 1980", "3 de marzo de 1985",
     "3 de março de 1985", "12 maart 1980", "June 2, 1990"],
)  # fmt: skip
def test_birth_date_in_any_spelling_stays_a_date_in_that_spelling(value: str) -> None:
    from anonymizers.detect.calendar_dates import read_date
    from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

    fake = Pseudonymizer(b"dob-key-0123456789abcdef").fake("DATE_OF_BIRTH", value)
    before, after = read_date(value), read_date(fake)
    assert before is not None and after is not None and fake != value
    assert after.form == before.form and after.template == before.template
    # A month word two languages share ("marzo") keeps its month, so the shift may fall
    # under a year; the year still changes (the year alone narrows a person down).
    assert after.sep == before.sep and 0 < abs((after.day - before.day).days) <= 366 + 5 * 365
    assert after.day.year != before.day.year


@pytest.mark.parametrize(
    ("value", "spelling"),
    [
        ("j dot doe at example dot org", (" dot ", " at ")),
        ("jdoe [at] example [dot] org", (" [at] ", " [dot] ")),
        ("jdoe(at)example.org", ("(at)",)),
        ("anna punkt schmidt ät web punkt de", (" punkt ", " ät ")),
    ],
)
def test_obfuscated_email_fake_is_spelled_the_same_way(value: str, spelling: tuple) -> None:
    from anonymizers.detect.recognizers.obfuscated import read_email

    fake = Pseudonymizer(b"email-key-0123456789abcdef").fake("EMAIL_ADDRESS", value)
    form, new = read_email(value), read_email(fake)
    assert form is not None and new is not None
    assert all(s in fake for s in spelling)
    assert new.domain == form.domain and new.local != form.local


def test_a_name_part_in_an_email_domain_is_faked_like_the_name() -> None:
    pz = Pseudonymizer(b"domain-key-0123456789abcdef")
    pz.reserve_name_parts(["John", "Smith", "Ferreira"])
    fake_smith = pz.fake("LAST_NAME", "Smith").lower()
    a = pz.fake("EMAIL_ADDRESS", "john@smith-farms.co.uk")
    b = pz.fake("EMAIL_ADDRESS", "info@Smith-Farms.co.uk")
    assert a.endswith(f"@{fake_smith}-farms.co.uk")
    assert b.lower().endswith(f"@{fake_smith}-farms.co.uk")
    assert "smith" not in a.lower() + b.lower()
    assert pz.fake("EMAIL_ADDRESS", "luis@ferreira.pt").endswith(".pt")
    assert "ferreira" not in pz.fake("EMAIL_ADDRESS", "luis@ferreira.pt")
    # Mail providers and domains without a name part stay.
    assert pz.fake("EMAIL_ADDRESS", "j.smith@gmail.com").endswith("@gmail.com")
    assert pz.fake("EMAIL_ADDRESS", "ann@northwind-logistics.com").endswith(
        "@northwind-logistics.com"
    )
    # A surname of the public lists in a domain is faked too, though no table holds it:
    # the family firm of a relative only a ticket's text names.
    for email, owner in (("william@hodgson-bakery.co.uk", "hodgson"),
                         ("m.rossi@studio-bianchi.it", "bianchi")):  # fmt: skip
        fake = pz.fake("EMAIL_ADDRESS", email)
        assert owner not in fake and fake.endswith(email[email.rindex(".") :])


_LOCALES = ("de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "en_GB", "en_US", "sv_SE")


def _staff(rows: int) -> tuple[dict[str, list[str]], dict[str, str]]:
    """A multi-locale staff as an HR export holds it: entity → values, and each address
    and town's locale (its records' country)."""
    from faker import Faker

    from anonymizers.pseudonymise.faker_formats import steady

    out: dict[str, list[str]] = {e: [] for e in ("PERSON", "FIRST_NAME", "LAST_NAME",
        "EMAIL_ADDRESS", "ADDRESS", "LOCATION", "ZIP_CODE", "DATE_OF_BIRTH", "DATE",
        "US_SSN", "PHONE_NUMBER", "ID")}  # fmt: skip
    where: dict[str, str] = {}
    fakers = {loc: steady(Faker(loc)) for loc in _LOCALES}
    for k in range(rows):
        loc = _LOCALES[k % len(_LOCALES)]
        fk = fakers[loc]
        fk.seed_instance(k)
        first, last = fk.first_name(), fk.last_name()
        out["PERSON"].append(f"{first} {last}")
        out["FIRST_NAME"].append(first)
        out["LAST_NAME"].append(last)
        out["EMAIL_ADDRESS"].append(f"{first}.{last}{k % 90}@example.org".lower())
        street, town = fk.street_address(), fk.city()
        out["ADDRESS"].append(street)
        out["LOCATION"].append(town)
        where[normalise("ADDRESS", street)] = where[normalise("LOCATION", town)] = loc
        out["ZIP_CODE"].append(fk.postcode())
        day = fk.date_of_birth(minimum_age=18, maximum_age=70)
        out["DATE_OF_BIRTH"].append(day.isoformat() if k % 3 else day.strftime("%d.%m.%Y"))
        out["DATE"].append(f"{day.month}/{day.day}/{day.year}")
        out["US_SSN"].append(fk.bothify("###-##-####"))
        out["PHONE_NUMBER"].append(fk.phone_number())
        out["ID"].append(f"EMP-{k:07d}")
    return out, where


def test_a_staff_column_fakes_as_its_values_do_one_by_one() -> None:
    """Realistic multi-locale values, with the bundle's names, towns and postcodes reserved
    and each place in its country's locale: a column gives every value the fake (and the
    normalised fake) that value gets alone, at any attempt, and leaves the same registry."""
    staff, where = _staff(160)

    def prepared() -> Pseudonymizer:
        pz = Pseudonymizer(KEY, keep_locale_mix=True)
        pz.reserve_name_parts([p for v in staff["PERSON"] for p in v.split()])
        for entity in ("LOCATION", "ZIP_CODE"):
            pz.reserve_places(staff[entity])
        for entity in ("ADDRESS", "LOCATION"):
            pz.set_locales(entity, where)
        return pz

    one, column = prepared(), prepared()
    rng = random.Random(5)
    for entity, values in staff.items():
        attempts = [rng.choice((0, 0, 0, 1, 17, 40, 70, 520)) for _ in values]
        norms = [normalise(entity, v) for v in values]
        expected = [
            one.fake_attempt(entity, v, n, a)
            for v, n, a in zip(values, norms, attempts, strict=True)
        ]
        fakes, fake_norms = column.fake_many(entity, values, norms, attempts)
        assert list(zip(fakes, fake_norms, strict=True)) == expected, entity
        assert [one.fake(entity, v, a) for v, a in zip(values, attempts, strict=True)] == fakes
    assert column.registry() == one.registry()


ODD_NAMES = ["Dr. Tomás Ó Súilleabháin", "T. Ó Súilleabháin", "Garcia, Maria",
             "Raf van de Biezenbos", "John Smith Jr", "Mr Straßer Weiß", "Anna Maria Li",
             "  Li Wei ", "MARIA GARCIA", "O'Connell Kane", "Jo Ann Lee Kim Park",
             "Ǆemal Ǉubić", "Ana De La Cruz", "Jan von Weiß"]  # fmt: skip


def _full_names(n: int) -> list[str]:
    """Full names of several locales, and the spellings the general path reads."""
    from faker import Faker

    rng = random.Random(11)
    fakers = [Faker(loc) for loc in ("en_US", "de_DE", "it_IT", "es_ES", "pl_PL", "fi_FI")]
    for i, fk in enumerate(fakers):
        fk.seed_instance(40 + i)
    names = [rng.choice(fakers).name() for _ in range(n)]
    return names + ODD_NAMES


@pytest.mark.parametrize("mix", [False, True])
def test_person_column_requests_are_those_asked_value_by_value(monkeypatch, mix: bool) -> None:
    """Plain names read column-wise ask the registry for the same parts as name by name."""
    from anonymizers.pseudonymise.generators import names as names_module

    values = _full_names(300)
    column = Pseudonymizer(KEY, keep_locale_mix=mix).part_requests("PERSON", values)
    monkeypatch.setattr(names_module, "_COLUMN_FROM", 10**9)
    one_by_one = Pseudonymizer(KEY, keep_locale_mix=mix).part_requests("PERSON", values)
    assert column == one_by_one
    assert ("first", "tomas") in column or ("first", "tomás") in column


@pytest.mark.parametrize("mix", [False, True])
def test_names_with_initials_ask_what_faking_them_asks(monkeypatch, mix: bool) -> None:
    """Names with middle initials and double-barrelled surnames, as a large staff writes
    them, asked by their words and initials (``request_keys``) ask for the same parts as
    the names faked one by one, with the bundle's pairs of initials and first names."""
    from anonymizers.pseudonymise.generators import names as names_module

    rng = random.Random(5)
    firsts = ["Maria", "Jean-Pierre", "Ana", "Ivo", "Yara", "Tomás", "Olu", "Björn"]
    lasts = ["Garcia", "Dupont", "Smith", "Okafor", "Håkansson", "Rossi", "de Vries", "Berg"]
    values = []
    for _ in range(400):
        middle = " ".join(f"{rng.choice('ABCDMOTYZ')}." for _ in range(rng.randint(0, 2)))
        last = rng.choice(lasts) + (f"-{rng.choice(lasts)}" if rng.random() < 0.3 else "")
        values.append(" ".join(w for w in (rng.choice(firsts), middle, last) if w))
    values += ["A. Garcia", "Maria Y. Rossi", "Dr Ana B. Smith", "Ana B. Smith Jr", "Ana b. Smith"]
    taught = [f"{f} {la}" for f in firsts for la in lasts[:4]] + ["Zelda Okafor"]

    def requests() -> set[tuple[str, str]]:
        pz = Pseudonymizer(KEY, keep_locale_mix=mix)
        pz.learn_full_names(taught)
        return pz.part_requests("PERSON", values)

    keyed = requests()
    monkeypatch.setattr(names_module, "_initialled_keys", lambda core: None)
    assert keyed == requests()
    assert ("first", "maria") in keyed
    assert ("first", "zelda") in keyed  # only as the first name of "Z. Okafor"


def test_an_id_skips_the_lengths_the_taken_forms_have_spent_and_no_other() -> None:
    """Ids 1 to 99,999 spend every number of five digits and fewer: the next attempt of
    any of them is the first of six digits (64). Where a length has room (a 40% taken
    space of "CUS-" and four digits) nothing is skipped; the answer is the shape's, the
    same for every value of it."""
    from anonymizers.pseudonymise.generators.ids import GROW_EVERY, Identifier, fake_id
    from anonymizers.pseudonymise.taken import Taken

    ids = Identifier.__new__(Identifier)
    numbered = Taken({str(n) for n in range(1, 100_000)})
    assert ids.skip_taken("12345", "12345", 1, numbered, 512, None) == GROW_EVERY
    assert ids.skip_taken("7", "7", 1, numbered, 512, None) == 5 * GROW_EVERY
    assert ids.skip_taken("7", "7", 1, numbered, 200, None) == 200  # never past ``until``
    assert len(fake_id("7", "7", Draw(b"k" * 32), 5 * GROW_EVERY)) == 6
    some = Taken(
        {f"cus-{n:04d}" for n in range(0, 10_000, 5)}
        | {f"cus-{n:04d}" for n in range(1, 10_000, 5)}
    )
    assert ids.skip_taken("CUS-0042", "cus-0042", 3, some, 512, None) == 3
    spent = Taken({f"cus-{n:04d}" for n in range(10_000)})
    assert ids.skip_taken("CUS-0042", "cus-0042", 3, spent, 512, None) == GROW_EVERY
    assert ids.skip_taken("CUS-9917", "cus-9917", 3, spent, 512, None) == GROW_EVERY
