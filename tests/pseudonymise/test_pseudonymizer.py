"""Keyed pseudonyms: consistency, format keeping and the build_map guarantees."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import random
import re
from datetime import date

import polars as pl
import pytest
from faker.providers.person.en_US import Provider as EnUsNames

from anonymizers.pseudonymise.draw import pour_digits
from anonymizers.pseudonymise.generators.network import IPV4
from anonymizers.pseudonymise.generators.numbers import (
    IBAN_NUMBERS,
    luhn_check_digit,
    luhn_check_digits,
)
from anonymizers.pseudonymise.keyed import frame
from anonymizers.pseudonymise.normalise import normalise, normalise_many
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = b"test-pseudonymisation-key-0042"
OTHER_KEY = b"another-key-for-a-different-run"

SAMPLES: list[tuple[str, str]] = [
    ("PERSON", "Maria Garcia"),
    ("PERSON", "Dr. Aiyana Whitehorse"),
    ("FIRST_NAME", "Kenji"),
    ("LAST_NAME", "Lindqvist"),
    ("EMAIL_ADDRESS", "d.vasquez.lindqvist@fjordmail.no"),
    ("EMAIL_ADDRESS", "support@northwind-traders.com"),
    ("PHONE_NUMBER", "+1 (406) 555-0187"),
    ("PHONE_NUMBER", "+44 20 7946 0018"),
    ("CREDIT_CARD", "4111 1111 1111 1111"),
    ("US_SSN", "536-22-8741"),
    ("IBAN_CODE", "DE89 3704 0044 0532 0130 00"),
    ("IP_ADDRESS", "203.0.113.57"),
    ("IP_ADDRESS", "2001:db8:85a3::8a2e:370:7334"),
    ("ID", "EMP-004512"),
    ("ID", "880231"),
    ("DATE_OF_BIRTH", "1987-03-14"),
    ("DATE", "11/30/2023"),
    ("LOCATION", "Bozeman"),
    ("ADDRESS", "1742 Evergreen Terrace, Springfield, OR 97403"),
    ("ZIP_CODE", "59715"),
    ("URL", "https://crm.northwind-traders.com/customers/maria-garcia"),
    ("ORGANIZATION", "Northwind Traders"),
    ("US_DRIVER_LICENSE", "WDL4K7Q92B"),
    ("US_PASSPORT", "C03005988"),
    ("US_BANK_NUMBER", "000123456789"),
]


@pytest.fixture
def pz() -> Pseudonymizer:
    return Pseudonymizer(KEY)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _iban_ok(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _skeleton(value: str) -> str:
    """Character classes: 9 digit, a lower, A upper, other characters as they are."""
    return re.sub(r"[a-z]", "a", re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", value)))


EMAIL_RX = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


# -- keying -------------------------------------------------------------------------------


def test_same_key_gives_same_fakes_in_fresh_instances() -> None:
    first = [Pseudonymizer(KEY).fake(e, v) for e, v in SAMPLES]
    second = [Pseudonymizer(KEY).fake(e, v) for e, v in SAMPLES]
    assert first == second


def test_a_different_key_gives_different_fakes() -> None:
    a, b = Pseudonymizer(KEY), Pseudonymizer(OTHER_KEY)
    differ = [e for e, v in SAMPLES if a.fake(e, v) != b.fake(e, v)]
    assert len(differ) >= len(SAMPLES) - 1


def test_fake_never_returns_the_input(pz: Pseudonymizer) -> None:
    for entity, value in SAMPLES:
        for attempt in range(3):
            out = pz.fake(entity, value, attempt)
            assert normalise(entity, out) != normalise(entity, value), (entity, attempt)


def test_attempts_redraw(pz: Pseudonymizer) -> None:
    for entity in ("ID", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "DATE"):
        value = next(v for e, v in SAMPLES if e == entity)
        fakes = {pz.fake(entity, value, attempt) for attempt in range(5)}
        assert len(fakes) >= 4, entity


def test_digest_is_keyed_and_hides_the_value() -> None:
    value = "d.vasquez.lindqvist@fjordmail.no"
    d1 = Pseudonymizer(KEY).digest("EMAIL_ADDRESS", value)
    d2 = Pseudonymizer(OTHER_KEY).digest("EMAIL_ADDRESS", value)
    assert re.fullmatch(r"hmac-sha256:[0-9a-f]{16}", d1)
    assert d1 != d2
    assert "vasquez" not in d1 and "fjordmail" not in d1
    # ENGINE.md: HMAC(key, frame("digest", entity, normalised value)), first 16 hex.
    expected = hmac.new(KEY, frame("digest", "EMAIL_ADDRESS", value), hashlib.sha256)
    assert d1 == "hmac-sha256:" + expected.hexdigest()[:16]
    # Formatting variants of one value share a digest; the digest is not the fake's seed.
    assert Pseudonymizer(KEY).digest("EMAIL_ADDRESS", "  D.Vasquez.Lindqvist@FjordMail.no ") == d1
    assert Pseudonymizer(KEY).digest("PHONE_NUMBER", "+1 (406) 555-0187") == Pseudonymizer(
        KEY
    ).digest("PHONE_NUMBER", "+14065550187")


def test_normalise_rules() -> None:
    assert normalise("PHONE_NUMBER", " +1 (406) 555-0187 ") == "14065550187"
    assert normalise("CREDIT_CARD", "4111-1111-1111-1111") == "4111111111111111"
    assert normalise("US_SSN", "536 22 8741") == "536228741"
    assert normalise("EMAIL_ADDRESS", " Maria.Garcia@ACME.com") == "maria.garcia@acme.com"
    assert normalise("EMAIL_ADDRESS", "Maria.Garcia%40acme.com") == "maria.garcia@acme.com"
    assert normalise("IBAN_CODE", "de89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert normalise("PERSON", "  MARIA   Garcia ") == "maria garcia"
    assert normalise("DATE", "03/14/1987") == normalise("DATE", "1987-03-14")


# -- names ----------------------------------------------------------------------------------


def test_a_display_names_pronouns_and_emoji_are_kept(pz: Pseudonymizer) -> None:
    # The social probe: "Dennis 🌈 (he/him)" was faked "Jake 🌈 (ferrell/rice)".
    first = pz.fake("FIRST_NAME", "Dennis")
    assert pz.fake("PERSON", "Dennis 🌈 (he/him)") == f"{first} 🌈 (he/him)"
    assert pz.fake("PERSON", "Ruth Adeyemi she/they").endswith(" she/they")
    assert "Hera" not in pz.fake("PERSON", "Hera Smith")  # a name is no pronoun


def test_name_parts_are_consistent_everywhere(pz: Pseudonymizer) -> None:
    first = pz.fake("FIRST_NAME", "Maria")
    last = pz.fake("LAST_NAME", "Garcia")
    assert pz.fake("PERSON", "Maria Garcia") == f"{first} {last}"
    assert pz.fake("PERSON", "Ms. Garcia") == f"Ms. {last}"
    assert pz.fake("PERSON", "Garcia, Maria") == f"{last}, {first}"
    assert (
        pz.fake("PERSON", "Maria Elena Garcia")
        == f"{first} {pz.fake_name_part('Elena', 'first')} {last}"
    )
    assert pz.fake_name_part("Maria", "first") == first
    assert pz.fake("EMAIL_ADDRESS", "maria.garcia@acme.com") == (
        f"{first.lower()}.{last.lower()}@acme.com"
    )
    assert pz.fake("PERSON", "Maria Garcia Jr.") == f"{first} {last} Jr."


def test_a_mac_address_fake_stays_hexadecimal(pz: Pseudonymizer) -> None:
    fake = pz.fake("ID", "4f:99:00:d6:60:f3")
    assert re.fullmatch(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}", fake)
    assert fake != "4f:99:00:d6:60:f3"


def test_a_firm_of_surnames_keeps_its_conjunctions(pz: Pseudonymizer) -> None:
    # A name column holding firms ("Butler, Coleman and Thompson", "Meier und Söhne"):
    # the joining word stays a word, it does not become a first name.
    fake = pz.fake("PERSON", "Butler, Coleman and Thompson")
    assert fake.split()[2] == "and"
    assert fake != "Butler, Coleman and Thompson"
    assert pz.fake("PERSON", "Slater and Sons").split()[1] == "and"
    assert pz.fake("PERSON", "Dupont et Fils").split()[1] == "et"


def test_name_fakes_look_real_and_keep_apparent_gender(pz: Pseudonymizer) -> None:
    real_first = set(EnUsNames.first_names)
    real_last = set(EnUsNames.last_names)
    female = [n for n in EnUsNames.first_names_female if n not in EnUsNames.first_names_male]
    for name in female[:40]:
        assert pz.fake("FIRST_NAME", name) in EnUsNames.first_names_female
    assert pz.fake("FIRST_NAME", "Kenji") in real_first
    assert pz.fake("LAST_NAME", "Lindqvist") in real_last


def test_name_case_pattern_is_kept(pz: Pseudonymizer) -> None:
    title = pz.fake("PERSON", "Maria Garcia")
    assert pz.fake("PERSON", "MARIA GARCIA") == title.upper()
    assert pz.fake("PERSON", "maria garcia") == title.lower()
    assert title.istitle()
    assert pz.fake("PERSON", "Ludwig van Beethoven").split()[1] == "van"
    # "O'Brien" and "OBrien" are one surname (keyed without the apostrophe): one fake.
    assert pz.fake("PERSON", "Siobhan O'Brien") == pz.fake("PERSON", "Siobhan OBrien")


def test_distinct_name_parts_never_share_a_fake(pz: Pseudonymizer) -> None:
    names = list(EnUsNames.first_names)[:300]
    pz.reserve_name_parts(names)
    fakes = [pz.fake("FIRST_NAME", n) for n in names]
    assert len({f.casefold() for f in fakes}) == len(names)
    assert not {f.casefold() for f in fakes} & {n.casefold() for n in names}


# -- formats --------------------------------------------------------------------------------


def test_email_format(pz: Pseudonymizer) -> None:
    for value in ("d.vasquez.lindqvist@fjordmail.no", "support@northwind-traders.com",
                  "J.Smith+invoices@Example.co.uk", "kenji_77@mail.example.jp"):  # fmt: skip
        out = pz.fake("EMAIL_ADDRESS", value)
        assert EMAIL_RX.fullmatch(out), out
        assert out.split("@")[1] == value.split("@")[1]
        assert ".." not in out


def test_phone_keeps_punctuation_and_country_code(pz: Pseudonymizer) -> None:
    for value in ("+1 (406) 555-0187", "+44 20 7946 0018", "(212) 555-0143", "020 7946 0018"):
        out = pz.fake("PHONE_NUMBER", value)
        assert _skeleton(out) == _skeleton(value)
        assert normalise("PHONE_NUMBER", out) != normalise("PHONE_NUMBER", value)
    assert pz.fake("PHONE_NUMBER", "+44 20 7946 0018").startswith("+44 ")
    assert pz.fake("PHONE_NUMBER", "+1 (406) 555-0187").startswith("+1 (")


def test_credit_card_is_luhn_valid_with_same_network_and_layout(pz: Pseudonymizer) -> None:
    for value in ("4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"):
        out = pz.fake("CREDIT_CARD", value)
        digits = normalise("CREDIT_CARD", out)
        assert _skeleton(out) == _skeleton(value)
        assert digits[0] == value[0] and _luhn_ok(digits)


def test_ssn_uses_the_never_issued_9xx_area(pz: Pseudonymizer) -> None:
    for value in ("536-22-8741", "078051120", "219 09 9999"):
        out = pz.fake("US_SSN", value)
        digits = normalise("US_SSN", out)
        assert _skeleton(out) == _skeleton(value)
        assert digits[0] == "9" and digits[3:5] != "00" and digits[5:] != "0000"


def test_iban_keeps_country_length_spacing_and_is_mod97_valid(pz: Pseudonymizer) -> None:
    for value in (
        "DE89 3704 0044 0532 0130 00",
        "GB29NWBK60161331926819",
        "FR1420041010050500013M02606",
    ):
        out = pz.fake("IBAN_CODE", value)
        assert _skeleton(out) == _skeleton(value)
        assert out[:2] == value[:2] and _iban_ok(out)


def test_ip_addresses_stay_valid_and_in_their_class(pz: Pseudonymizer) -> None:
    v4 = ipaddress.ip_address(pz.fake("IP_ADDRESS", "203.0.113.57"))
    assert v4.version == 4 and not v4.is_private
    assert all(0 < int(o) < 255 for o in str(v4).split("."))
    private = ipaddress.ip_address(pz.fake("IP_ADDRESS", "192.168.14.201"))
    assert private.is_private and str(private).startswith("192.168.")
    v6 = ipaddress.ip_address(pz.fake("IP_ADDRESS", "2001:db8:85a3::8a2e:370:7334"))
    assert v6.version == 6


def test_ids_keep_classes_prefix_and_integer_length(pz: Pseudonymizer) -> None:
    for value in ("EMP-004512", "ORD2024113", "TCK-88213-b", "Cust_7781Xq"):
        out = pz.fake("ID", value)
        assert _skeleton(out) == _skeleton(value)
    assert pz.fake("ID", "EMP-004512").startswith("EMP-")
    assert pz.fake("ID", "ORD2024113").startswith("ORD")
    for value in ("880231", "7", "4021"):
        out = pz.fake("ID", value)
        assert out.isdigit() and len(out) == len(value) and out[0] != "0"


def test_dates_shift_within_a_year_and_keep_format(pz: Pseudonymizer) -> None:
    iso = pz.fake("DATE_OF_BIRTH", "1987-03-14")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso)
    # A birth date moves by more than a year (its year always changes), at most ~5 years.
    assert 366 <= abs((date.fromisoformat(iso) - date(1987, 3, 14)).days) <= 366 + 4 * 365
    assert date.fromisoformat(iso).year != 1987
    event = pz.fake("DATE", "1987-03-14")
    assert 1 <= abs((date.fromisoformat(event) - date(1987, 3, 14)).days) <= 365
    us = pz.fake("DATE", "11/30/2023")
    m, d, y = map(int, us.split("/"))
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", us)
    assert 1 <= abs((date(y, m, d) - date(2023, 11, 30)).days) <= 365
    eu = pz.fake("DATE", "30.11.2023")
    d2, m2, y2 = map(int, eu.split("."))
    assert date(y2, m2, d2) == date(y, m, d)  # same date, same shift, own format
    stamp = pz.fake("DATE", "2023-11-30T08:15:00Z")
    assert stamp.endswith("T08:15:00Z")
    assert pz.fake("DATE", "Q3 FY24") != "Q3 FY24"


def test_places_addresses_orgs_and_urls_look_real(pz: Pseudonymizer) -> None:
    city = pz.fake("LOCATION", "Bozeman")
    assert city and city[0].isupper() and not any(c.isdigit() for c in city)
    assert pz.fake("LOCATION", "BOZEMAN").isupper()
    address = pz.fake("ADDRESS", "1742 Evergreen Terrace, Springfield, OR 97403")
    assert re.fullmatch(r"\d+ .+, .+, [A-Z]{2} \d{5}", address), address
    assert re.fullmatch(r"\d{5}-\d{4}", pz.fake("ZIP_CODE", "59715-2281"))
    org = pz.fake("ORGANIZATION", "Northwind Traders")
    assert org and org != "Northwind Traders"
    url = pz.fake("URL", "https://crm.northwind-traders.com/customers/maria-garcia?tab=notes")
    assert url.startswith("https://") and ".com/" in url and "?tab=" in url
    assert "northwind" not in url and "garcia" not in url


# -- build_map ------------------------------------------------------------------------------


def test_build_map_on_a_dense_id_domain_is_injective_and_avoids_real_values() -> None:
    rng = random.Random(20240611)
    ids = [f"{n:04d}" for n in rng.sample(range(10_000), 5_000)]
    reserved = [f"{n:04d}" for n in range(0, 10_000, 7)]
    mapping = Pseudonymizer(KEY).build_map("ID", ids, reserved)
    fakes = list(mapping.values())
    assert set(mapping) == set(ids)
    assert len(set(fakes)) == len(ids)
    assert not set(fakes) & (set(ids) | set(reserved))
    assert all(f.isdigit() for f in fakes)
    # Same-length fakes fill most of the free 4-digit slots before any fake grows a digit.
    free = 10_000 - len(set(ids) | set(reserved))
    assert sum(len(f) == 4 for f in fakes) >= 0.85 * free
    assert Pseudonymizer(KEY).build_map("ID", list(reversed(ids)), reserved) == mapping


def test_build_map_integer_ids_stay_integers_without_collisions() -> None:
    rng = random.Random(7)
    ids = [str(n) for n in rng.sample(range(1000, 10_000), 5_000)]
    mapping = Pseudonymizer(KEY).build_map("ID", ids)
    fakes = list(mapping.values())
    assert len(set(fakes)) == len(ids) and not set(fakes) & set(ids)
    assert all(f.isdigit() and f[0] != "0" and len(f) >= 4 for f in fakes)


def test_build_map_names_exhausting_the_locale_pool_stay_unique_and_unreal() -> None:
    names = list(EnUsNames.first_names)
    mapping = Pseudonymizer(KEY).build_map("FIRST_NAME", names)
    folded = {f.casefold() for f in mapping.values()}
    assert len(folded) == len(names)
    assert not folded & {n.casefold() for n in names}
    assert all(f.isalpha() and f[0].isupper() for f in mapping.values())


def test_build_map_keeps_each_variants_own_format(pz: Pseudonymizer) -> None:
    people = ["Maria Garcia", "MARIA GARCIA", "Kenji Watanabe", "Siobhan O'Brien"]
    mapping = pz.build_map("PERSON", people, reserved=["Aiyana Whitehorse"])
    assert mapping["MARIA GARCIA"] == mapping["Maria Garcia"].upper()
    assert len({normalise("PERSON", f) for f in mapping.values()}) == 3
    assert mapping["Maria Garcia"] == pz.fake("PERSON", "Maria Garcia")
    phones = ["+1 (406) 555-0187", "+14065550187", "406.555.0187"]
    pmap = pz.build_map("PHONE_NUMBER", phones)
    assert normalise("PHONE_NUMBER", pmap["+1 (406) 555-0187"]) == normalise(
        "PHONE_NUMBER", pmap["+14065550187"]
    )
    assert all(_skeleton(pmap[p]) == _skeleton(p) for p in phones)


def test_build_map_dense_birth_dates_never_land_on_a_real_date() -> None:
    start = date(1990, 1, 1).toordinal()
    dates = [date.fromordinal(start + i).isoformat() for i in range(1500)]
    mapping = Pseudonymizer(KEY).build_map("DATE_OF_BIRTH", dates)
    fakes = list(mapping.values())
    assert len(set(fakes)) == len(dates) and not set(fakes) & set(dates)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", f) for f in fakes)


def test_faker_built_fakes_avoid_real_name_parts() -> None:
    pz = Pseudonymizer(KEY)
    rng = random.Random(3)  # a bundle of a few hundred people: a fifth of Faker's names
    real = rng.sample(list(EnUsNames.first_names), 150) + rng.sample(
        list(EnUsNames.last_names), 200
    )
    pz.reserve_name_parts(real)
    folded = {n.casefold() for n in real}
    places = ["Bozeman", "Missoula", "Billings", "Helena", "Kalispell", "Great Falls"]
    for entity, value in [("LOCATION", v) for v in places] + [
        ("ADDRESS", "1742 Evergreen Terrace, Springfield, OR 97403"),
        ("ORGANIZATION", "Northwind Traders"),
    ]:
        words = set(re.findall(r"[^\W\d_]+", pz.fake(entity, value).casefold()))
        assert not words & folded, entity


def test_placeholders_in_digit_columns_are_left_alone() -> None:
    """'N/A' in a phone, card or SSN column has no digit to replace; every fake would equal
    it after normalising, so it must come back as it is (this once looped forever)."""
    pz = Pseudonymizer(b"nightly-export-key-0123456789abcdef", "en_US")
    for entity in ("PHONE_NUMBER", "CREDIT_CARD", "US_SSN"):
        mapping = pz.build_map(entity, ["N/A", "unknown", "+1 415 555 0134"])
        assert mapping["N/A"] == "N/A" and mapping["unknown"] == "unknown"
        assert mapping["+1 415 555 0134"] != "+1 415 555 0134"


@pytest.mark.parametrize(
    ("entity", "whole", "written"),
    [
        ("ID", "853817", "853817.0"),
        ("PHONE_NUMBER", "447702656985", "447702656985.0"),
        ("ZIP_CODE", "10115", " 10115.00"),
    ],
)
def test_a_whole_number_a_float_column_wrote_shares_the_numbers_fake(
    pz: Pseudonymizer, entity: str, whole: str, written: str
) -> None:
    """pandas writes an integer column with a missing value as float64: the customers
    table's "853817.0" is the orders table's 853817, and their fakes must join."""
    assert normalise(entity, written) == normalise(entity, whole)
    fake = pz.fake(entity, whole)
    assert pz.fake(entity, written) == written.replace(whole, fake)  # its ".0" kept
    mapping = pz.build_map(entity, [whole, written])
    assert mapping[written] == written.replace(whole, mapping[whole])
    assert "." not in mapping[whole]


def test_a_fraction_is_no_whole_number() -> None:
    assert normalise("ID", "853817.5") != normalise("ID", "853817")
    assert normalise("GEO_COORDINATE", "44.0") == "44"  # a coordinate's own decimal form


def test_normalise_many_equals_normalise_value_by_value() -> None:
    """build_map keys whole columns at once: the column-wise form must be the same key
    the per-value function gives, for ASCII, accents, odd spaces and separators alike."""
    rnd = random.Random(20)
    alphabet = " \t\n\x0b\x0c\r\x1c\x1f-+.@_aAzZ09éßİı٣\u00a0\u2003\u0301"
    values = [
        " +1 (406) 555-0187 ", "de89 3704 0044 0532 0130 00", " Maria.Garcia@ACME.com",
        "maria%40acme.com",
        "  MARIA   Garcia ", "Straße", "İlkay Ölçer", "03/14/1987", "N/A", "",
        "1975-08-25", "1975-8-25", "2023-02-30", "0000-01-01", "1975-08-25 ", "1975-08-25T10",
        "١٩٧٥-٠٨-٢٥", "1975-08-25\n", "14.03.1987",
        "853817.0", " 447702656985.0\t", "-12.000", "853817.01", "0.0", "853817.", ".0",
        *("".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12))) for _ in range(3000)),
        *(f"{rnd.randint(0, 9999):04d}-{rnd.randint(0, 19):02d}-{rnd.randint(0, 39):02d}"
          for _ in range(3000)),
    ]  # fmt: skip
    for entity in ("PHONE_NUMBER", "US_SSN", "IBAN_CODE", "EMAIL_ADDRESS", "PERSON", "ID",
                   "DATE", "DATE_OF_BIRTH", "ZIP_CODE", "NATIONAL_ID"):  # fmt: skip
        got = normalise_many(entity, pl.Series(values)).to_list()
        assert got == [normalise(entity, v) for v in values], entity


def test_fast_digit_helpers_equal_their_plain_definitions() -> None:
    """The hot-path helpers (format per template shape, translate tables, an IPv4 regex)
    must give what their one-line definitions give, or every fake would change."""
    rnd = random.Random(11)

    def luhn(body: str) -> str:
        total = 0
        for i, c in enumerate(reversed(body)):
            n = int(c) * (2 if i % 2 == 0 else 1)
            total += n - 9 if n > 9 else n
        return str((10 - total % 10) % 10)

    def pour(template: str, digits: str) -> str:
        it = iter(digits)
        return "".join(next(it) if c in "0123456789" else c for c in template)

    for _ in range(3000):
        body = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 19)))
        assert luhn_check_digit(body) == luhn(body)
    for length in (1, 2, 15, 18):  # a column of bodies of one length at once
        bodies = ["".join(rnd.choice("0123456789") for _ in range(length)) for _ in range(500)]
        assert luhn_check_digits(bodies) == [luhn(b) for b in bodies]
        template = "".join(rnd.choice("0123456789-() +{}.x") for _ in range(rnd.randint(1, 15)))
        digits = "".join(rnd.choice("0123456789") for c in template if c in "0123456789")
        assert pour_digits(template, digits) == pour(template, digits)
        code = "".join(rnd.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(9))
        assert code.translate(IBAN_NUMBERS) == "".join(str(int(c, 36)) for c in code)
        octets = [
            rnd.choice(["0", "00", "01", "9", "99", "199", "249", "255", "256"]) for _ in "abcd"
        ]
        address = ".".join(octets)
        try:
            is_v4 = isinstance(ipaddress.ip_address(address), ipaddress.IPv4Address)
        except ValueError:
            is_v4 = False
        assert bool(IPV4.fullmatch(address)) is is_v4, address


@pytest.mark.timeout(60)
def test_more_one_character_surnames_than_letters_still_map_one_to_one() -> None:
    """One-character parts fake as one letter; 28 Chinese surnames cannot fit in 26, and
    build_map used to re-draw for ever instead of drawing whole name parts."""
    surnames = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯")
    mapping = Pseudonymizer(KEY).build_map("LAST_NAME", surnames)
    assert len({v.casefold() for v in mapping.values()}) == len(surnames) == 28
    assert not set(mapping.values()) & set(surnames)


@pytest.mark.timeout(60)
def test_a_value_of_numeric_symbols_only_still_gets_a_fake() -> None:
    """'½' and 'Ⅻ' are word characters but neither digits nor letters: left as they were,
    every re-draw gave the value back and fake() never returned."""
    pz = Pseudonymizer(KEY)
    for entity in ("ID", "ZIP_CODE", "EMAIL_ADDRESS"):
        mapping = pz.build_map(entity, ["½", "Ⅻ", "3½"])
        assert mapping["½"] != "½" and mapping["Ⅻ"] != "Ⅻ" and "½" not in mapping["3½"]
        assert len(set(mapping.values())) == 3


PART_VALUES = {
    "PERSON": ["Maria Garcia", "MARIA GARCIA", "Dr. Tomás Ó Súilleabháin", "T. Ó Súilleabháin",
               "Garcia, Maria", "Raf van de Biezenbos", "Anne Marie Smith-Jones", "John Smith Jr",
               "O'Connell", "Chidinma Okafor", "王 小明", "Björn Håkansson", "  Li Wei ",
               "Maria M. Garcia", "Ana Y. Garcia-Lopez", "G. Garcia-Lopez", "Jean-Pierre B. C. Dupont",
               "Ivo D. Smith Jr", "Ana M. van Berg"],
    "EMAIL_ADDRESS": ["maria.garcia12@gmx.net", "Maria.Garcia7@GMX.net", "2cool4u@hodgson-bakery.co.uk",
                      "j.smith+news@smith-farms.co.uk", "a1b23@example.org", "anna_lee-2@x.io",
                      "OKAFOR@yahoo.com", "-@-.-", "j dot doe at example dot org", "li.wei@163.com",
                      "zoë.müller@web.de", "bob.o'neil@aol.com", "maria..garcia@x.com"],
}  # fmt: skip


@pytest.mark.parametrize("entity", sorted(PART_VALUES))
@pytest.mark.parametrize("mix", [False, True])
def test_part_requests_are_the_parts_faking_registers(entity: str, mix: bool) -> None:
    """What ``part_requests`` reports (asked once per distinct piece: an address's local
    part and domain, a plain name's words) is what faking each value registers."""
    values = PART_VALUES[entity]
    asked = Pseudonymizer(KEY, keep_locale_mix=mix)
    faked = Pseudonymizer(KEY, keep_locale_mix=mix)
    for pz in (asked, faked):
        pz.reserve_name_parts(["smith", "garcia"])
        pz.learn_full_names(PART_VALUES["PERSON"])
    requests = asked.part_requests(entity, values)
    for v in values:
        faked.fake(entity, v)
    # An initial's question ("initial", "t suilleabhain") is recorded beside the first name
    # it stands for: a worker that knows no initials yet asks it all the same.
    questions = {r for r in requests if r[0] == "initial"}
    assert requests - questions == set(faked.registry()[0])
    assert not asked.registry()[0]  # asking registers nothing
