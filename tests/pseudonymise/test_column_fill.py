"""Column-wise fills read the bytes a value's ``Draw`` reads: a column of streets, towns,
ids and SSNs faked at once gives, value for value, what each value gets alone."""

from __future__ import annotations

import hashlib
import random

import numpy as np
import pytest

from anonymizers.pseudonymise.column_fill import (
    COLUMN_FROM,
    Avoided,
    Streams,
    fill_chars,
    fill_template,
    fresh_seeds,
)
from anonymizers.pseudonymise.draw import Draw, chars
from anonymizers.pseudonymise.faker_formats import template
from anonymizers.pseudonymise.keyed import KeyedHash
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = b"column-fill-test-key-0042"
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL")
#: Real name parts of a staff of several countries: many are words of Faker's street and
#: town lists, which a fill must pass over as ``Template.fill`` does.
RESERVED = ["Müller", "Schmidt", "Rossi", "Bianchi", "García", "Martin", "Bernard", "Jansen",
            "de Vries", "Smith", "Johnson", "Williams", "Brown", "Taylor", "Jones", "Davies",
            "Evans", "Wilson", "Thomas", "Roberts", "Fischer", "Weber", "Romano", "Dubois",
            "Lefebvre", "Moreau", "Fernández", "López", "Martínez", "Bakker", "Visser", "12",
            "7", "100"]  # fmt: skip


def _seeds(n: int, salt: bytes = b"") -> list[bytes]:
    return [hashlib.sha256(salt + b"%d" % i).digest() for i in range(n)]


def test_streams_read_what_each_draw_reads_past_its_refills() -> None:
    seeds = _seeds(300)
    st = Streams(seeds)
    draws = [Draw(s) for s in seeds]
    rows = np.arange(len(seeds))
    rng = random.Random(5)
    for _ in range(40):  # well past the 32 seed bytes: several refills
        k = rng.choice([2, 7, 26, 255, 256, 257, 1000, 16559, 10**9])
        got = st.below(rows, k).tolist()
        assert got == [d.below(k) for d in draws]
        n = rng.randint(1, 12)
        assert st.take(rows, n).tolist() == [list(d.take(n)) for d in draws]


def test_a_few_rows_read_on_while_the_others_wait() -> None:
    seeds = _seeds(50)
    st = Streams(seeds)
    some = np.arange(0, 50, 3)
    for _ in range(30):
        st.take(some, 3)
    draws = [Draw(s) for s in seeds]
    for i in some.tolist():
        for _ in range(30):
            draws[i].take(3)
    assert st.below(np.arange(50), 97).tolist() == [d.below(97) for d in draws]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("token", ["street_address", "city"])
def test_a_template_fills_a_column_as_it_fills_each_value(locale: str, token: str) -> None:
    """With the reserved words of a registry (``ReservedWords``: a held word is picked
    again from the list less those words), word for word."""
    pz = Pseudonymizer(KEY)
    pz.reserve_name_parts(RESERVED)
    avoid = pz._names.avoid
    seeds = _seeds(3000, locale.encode())
    t = template(locale, token)
    bad = np.zeros(len(seeds), dtype=bool)
    made = fill_template(t, Streams(seeds), np.arange(len(seeds)),
                         Avoided(pz._names.reserved), bad)  # fmt: skip
    expected = [t.fill(Draw(s), avoid) for s in seeds]
    kept = [i for i in range(len(seeds)) if not bad[i]]
    assert len(kept) >= len(seeds) * 0.99  # rows left to the value-by-value path: few
    assert [made[i] for i in kept] == [expected[i] for i in kept]
    plain = fill_template(t, Streams(seeds), np.arange(len(seeds)), Avoided(), bad)
    assert plain.tolist() == [t.fill(Draw(s)) for s in seeds]


def test_ids_of_one_shape_are_replaced_as_chars_replaces_each() -> None:
    rng = random.Random(9)
    seeds = _seeds(500)
    shapes = ["CUS-########", "AB0-#####zZ9", "########", "x#-#0#0", "Ab ## cd"]
    for shape in shapes:
        texts = ["".join(str(rng.randrange(10)) if c == "#" else c for c in shape)
                 for _ in seeds]  # fmt: skip
        got = fill_chars(texts, Streams(seeds), np.arange(len(seeds)))
        assert got == [chars(t, Draw(s)) for t, s in zip(texts, seeds, strict=True)], shape
    hexes = [f"{rng.getrandbits(128):032x}" for _ in seeds]
    hexes = [h[:8].upper() + "-" + h[8:] for h in hexes]
    got = fill_chars(hexes, Streams(seeds), np.arange(len(seeds)), hexmode=True)
    assert got == [chars(t, Draw(s), True) for t, s in zip(hexes, seeds, strict=True)]
    assert fill_chars(["Zürich-12", "Zurich-12"], Streams(seeds[:2]), np.arange(2)) is None
    assert fill_chars(["AB-12", "AB-123"], Streams(seeds[:2]), np.arange(2)) is None


def test_only_unread_draws_are_filled_column_wise() -> None:
    draws = [Draw(s) for s in _seeds(3)]
    assert fresh_seeds(draws) == _seeds(3)
    draws[1].below(7)
    assert fresh_seeds(draws) is None


def _staff_column(entity: str, rng: random.Random, n: int) -> list[str]:
    if entity == "ADDRESS":
        streets = ["Hauptstraße", "Via Roma", "Rue de la Paix", "Calle Mayor", "Kerkstraat",
                   "Maple Avenue", "High Street", "Bahnhofstraße", "Corso Italia"]  # fmt: skip
        out = [f"{rng.choice(streets)} {rng.randint(1, 240)}" for _ in range(n)]
        # One-cell addresses of several segments, as exports write them (filled segment by
        # segment for the whole column): towns, postcodes, numbers, countries, units.
        tails = [", 28013 Madrid", "\n20121 Milano", ", 1012 AB Amsterdam, Netherlands",
                 ", Flat 4, Leeds", ", 114 55, Stockholm", ", 230, Centro\nSão Paulo / SP",
                 ", 10115 Berlin, Germany", ", Springfield, IL 62704", ", ٣٤٥, Madrid",
                 ", United Kingdom", ",  Lyon", ", 70702-217, Recife"]  # fmt: skip
        out += [f"{rng.choice(streets)} {rng.randint(1, 240)}{rng.choice(tails)}"
                for _ in range(n)]  # fmt: skip
        return [*out, "1742 Evergreen Terrace, Springfield, OR 97403", "Flat 4\nHigh Street",
                "  12 high street  ", "MAPLE AVENUE 7"]  # fmt: skip
    if entity == "LOCATION":
        towns = ["Bozeman", "Lyon", "Torino", "Utrecht", "Sevilla", "Leeds", "Germany", "Texas"]
        return [f"{rng.choice(towns)}{'' if k % 3 else ' Nord'}" for k in range(n)]
    if entity in ("ID", "ZIP_CODE"):
        return ([f"EMP-{rng.randrange(10**7):07d}" for _ in range(n)]
                + [f"{rng.randrange(10**5):05d}" for _ in range(n)]
                + ["SW1A 1AA", "550e8400-e29b-41d4-a716-446655440000", "Zürich-8001", "---",
                   "0", "ab12"])  # fmt: skip
    if entity == "PHONE_NUMBER":
        return ([f"{rng.randint(201, 989)}-{rng.randint(200, 999)}-{rng.randrange(10**4):04d}"
                 for _ in range(n)]
                + [f"+{rng.choice(['1', '44', '353', '49'])} {rng.randrange(10**9):09d}"
                   for _ in range(n)]
                + [f"0{rng.randrange(10**8):08d}" for _ in range(n)]
                + ["+1 (406) 555-0187", "14065550187", "030 1234567", "12", "+44 12"])  # fmt: skip
    if entity == "IP_ADDRESS":
        firsts = [10, 127, 172, 192, 169, 8, 203, 255]
        return ([f"{rng.choice(firsts)}.{rng.choice([16, 20, 31, 168, 254, 3])}."
                 f"{rng.randrange(256)}.{rng.randrange(256)}" for _ in range(n)]
                + ["2001:db8::1", "010.1.2.3", "not an ip", "172.15.0.1"])  # fmt: skip
    if entity == "IBAN_CODE":
        # German and Italian (digits and a letter in the account part), spaced and compact,
        # upper and lower case, and a value that is no IBAN
        return ([f"DE{rng.randrange(100):02d} {rng.randrange(10**4):04d} "
                 f"{rng.randrange(10**4):04d} {rng.randrange(10**4):04d} "
                 f"{rng.randrange(10**4):04d} {rng.randrange(100):02d}" for _ in range(n)]
                + [f"de{rng.randrange(100):02d}{rng.randrange(10**18):018d}" for _ in range(n)]
                + [f"IT{rng.randrange(100):02d}X{rng.randrange(10**10):010d}"
                   f"{rng.randrange(10**12):012d}" for _ in range(n // 4)]
                + ["NL91ABNA0417164300", "GB33 BUKB 2020 1555 5555 55", "not an iban"])  # fmt: skip
    if entity == "CREDIT_CARD":
        return ([" ".join(f"{rng.randrange(10**4):04d}" for _ in range(4)) for _ in range(n)]
                + [f"3{rng.randrange(10**14):014d}" for _ in range(n)]
                + ["5500-0000-0000-0004", "7"])  # fmt: skip
    return [f"{rng.randrange(1000):03d}-{rng.randrange(100):02d}-{rng.randrange(10**4):04d}"
            for _ in range(n)] + ["536228741", "12-34"]  # fmt: skip


@pytest.mark.parametrize(
    "entity",
    [
        "ADDRESS",
        "LOCATION",
        "ID",
        "ZIP_CODE",
        "US_SSN",
        "PHONE_NUMBER",
        "CREDIT_CARD",
        "IBAN_CODE",
        "IP_ADDRESS",
    ],
)
def test_a_generator_fakes_a_column_as_it_fakes_each_value(entity: str) -> None:
    """Each generator's ``fake_many`` against its ``fake_one``, values of several locales
    (``set_locales``), at early and late attempts (towns leave their locale from 16, ids
    grow from 64), with a registry's reserved words."""
    rng = random.Random(entity)
    pz = Pseudonymizer(KEY)
    pz.reserve_name_parts(RESERVED)
    # (a value with no letter or digit never reaches a generator: ``Pseudonymizer``)
    values = [v for v in _staff_column(entity, rng, 400) if v != "---"]
    norms = [normalise(entity, v) for v in values]
    pz.set_locales(entity, {n: rng.choice(LOCALES) for n in norms})
    gen = pz._generator(entity)
    keyed = KeyedHash(KEY)
    cores = [v.strip() for v in values]
    for attempt in (0, 3, 17, 40, 70):
        attempts = [attempt + (k % 3) for k in range(len(values))]
        seeds = keyed.seeds("fake", entity, norms, attempts)
        assert len(values) >= COLUMN_FROM
        made = gen.fake_many(cores, norms, [Draw(s) for s in seeds], attempts)
        one = [gen.fake_one(c, n, Draw(s), a)
               for c, n, s, a in zip(cores, norms, seeds, attempts, strict=True)]  # fmt: skip
        assert made == one, (entity, attempt)


@pytest.mark.parametrize("entity", ["ADDRESS", "LOCATION", "ID", "US_SSN", "PHONE_NUMBER"])
def test_a_pseudonymizer_column_is_its_values_faked_alone(entity: str) -> None:
    """``Pseudonymizer.fake_many`` (column fills, normal forms column-wise, blocks of
    thousands) against ``fake_attempt`` value by value: fakes and normal forms."""
    rng = random.Random(entity + "pz")
    one, column = Pseudonymizer(KEY), Pseudonymizer(KEY)
    for pz in (one, column):
        pz.reserve_name_parts(RESERVED)
    values = _staff_column(entity, rng, 5000)
    norms = [normalise(entity, v) for v in values]
    attempts = [rng.choice([0, 0, 0, 1, 20, 33]) for _ in values]
    expected = [one.fake_attempt(entity, v, n, a)
                for v, n, a in zip(values, norms, attempts, strict=True)]  # fmt: skip
    fakes, fnorms = column.fake_many(entity, values, norms, attempts)
    assert list(zip(fakes, fnorms, strict=True)) == expected
