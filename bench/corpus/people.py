"""Data subjects of one bundle: names, addresses, phones and ids of their own country.

Names, streets, postcodes, cities and phones come from Faker's locale providers; national
ids are valid by their check digits (python-stdnum computes or validates them). A share
of each bundle's people come from other countries, as any European customer base has.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker
from stdnum import luhn
from stdnum.de import idnr
from stdnum.es import dni
from stdnum.fr import nir
from stdnum.iso7064 import mod_11_10
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pt import nif
from stdnum.se import personnummer

LOCALES = {
    "en": "en_GB",
    "fr": "fr_FR",
    "de": "de_DE",
    "es": "es_ES",
    "it": "it_IT",
    "pt": "pt_PT",
    "nl": "nl_NL",
    "sv": "sv_SE",
}
#: Customers from elsewhere, mixed into every bundle.
MIGRANT_LOCALES = ("pl_PL", "tr_TR", "en_IE", "ro_RO", "en_US")
COUNTRY = {
    "en_GB": ("GB", "United Kingdom"),
    "fr_FR": ("FR", "France"),
    "de_DE": ("DE", "Germany"),
    "es_ES": ("ES", "Spain"),
    "it_IT": ("IT", "Italy"),
    "pt_PT": ("PT", "Portugal"),
    "nl_NL": ("NL", "Netherlands"),
    "sv_SE": ("SE", "Sweden"),
    "pl_PL": ("PL", "Poland"),
    "tr_TR": ("TR", "Turkey"),
    "en_IE": ("IE", "Ireland"),
    "ro_RO": ("RO", "Romania"),
    "en_US": ("US", "United States"),
}
MAIL_DOMAINS = {
    "en": ("gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"),
    "fr": ("orange.fr", "free.fr", "gmail.com", "laposte.net"),
    "de": ("web.de", "gmx.de", "t-online.de", "gmail.com"),
    "es": ("gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"),
    "it": ("libero.it", "virgilio.it", "gmail.com", "tiscali.it"),
    "pt": ("sapo.pt", "gmail.com", "netcabo.pt", "hotmail.com"),
    "nl": ("ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl"),
    "sv": ("telia.com", "gmail.com", "hotmail.se", "bredband.net"),
}
TLD = {
    "en": "co.uk",
    "fr": "fr",
    "de": "de",
    "es": "es",
    "it": "it",
    "pt": "pt",
    "nl": "nl",
    "sv": "se",
}
TRADES = ("farms", "bakery", "garage", "design", "consulting", "transport", "dental")


def ascii_fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).replace("ß", "ss")


@dataclass
class Person:
    first: str
    last: str
    email: str
    phone: str
    street: str
    postcode: str
    city: str
    country_code: str
    country: str
    dob: date
    national_id: str
    id_kind: str
    locale: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def national_id(locale: str, fake: Faker, rng: random.Random, dob: date) -> tuple[str, str]:
    """A check-digit-valid national id of the locale's country, and what it is."""
    if locale == "en_GB":
        first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
        second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
        digits = "".join(rng.choice("0123456789") for _ in range(6))
        return (
            f"{first}{second} {digits[:2]} {digits[2:4]} {digits[4:]} {rng.choice('ABCD')}",
            "nino",
        )
    if locale == "fr_FR":
        body = (
            f"{rng.choice('12')}{dob.year % 100:02d}{dob.month:02d}"
            f"{rng.randint(1, 95):02d}{rng.randint(1, 990):03d}{rng.randint(1, 999):03d}"
        )
        number = body + nir.calc_check_digits(body)
        return nir.format(number), "insee"
    if locale == "de_DE":
        while True:
            digits = [rng.choice("123456789")] + [rng.choice("0123456789") for _ in range(9)]
            body = "".join(digits)
            number = body + mod_11_10.calc_check_digit(body)
            if idnr.is_valid(number):
                return idnr.format(number), "steuer_id"
    if locale == "es_ES":
        body = f"{rng.randint(10_000_000, 99_999_999)}"
        return body + dni.calc_check_digit(body), "dni"
    if locale == "it_IT":
        for _ in range(50):
            value = fake.ssn()
            if codicefiscale.is_valid(value):
                return value, "codice_fiscale"
    if locale == "pt_PT":
        body = f"{rng.choice('12')}{rng.randint(0, 9_999_999):07d}"
        return body + nif.calc_check_digit(body), "nif"
    if locale == "nl_NL":
        while True:
            value = f"{rng.randint(10_000_000, 999_999_999):09d}"
            if bsn.is_valid(value):
                return value, "bsn"
    if locale == "sv_SE":
        body = f"{dob.year % 100:02d}{dob.month:02d}{dob.day:02d}{rng.randint(0, 999):03d}"
        value = f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"
        if personnummer.is_valid(value):
            return value, "personnummer"
    # US SSN (and the fallbacks above): area 001-665, never 000 group or 0000 serial.
    return (f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}", "ssn")


class People:
    """Seeded source of people for one bundle whose customers mostly live in ``lang``."""

    def __init__(self, lang: str, seed: int) -> None:
        self.lang = lang
        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        self.seed = seed

    def faker(self, locale: str) -> Faker:
        if locale not in self.fakers:
            f = Faker(locale)
            f.seed_instance(self.seed + len(self.fakers) * 7919)
            self.fakers[locale] = f
        return self.fakers[locale]

    def person(self, home: bool | None = None) -> Person:
        rng = self.rng
        if home is None:
            home = rng.random() < 0.85
        locale = LOCALES[self.lang] if home else rng.choice(MIGRANT_LOCALES)
        f = self.faker(locale)
        first, last = f.first_name(), f.last_name()
        dob = date(1940, 1, 1) + timedelta(days=rng.randint(0, 64 * 365))
        nid, kind = national_id(locale, f, rng, dob)
        code, country = COUNTRY[locale]
        street = " ".join(f.street_address().split())  # en_GB puts a flat on its own line
        return Person(
            first,
            last,
            self.email(first, last),
            f.phone_number(),
            street,
            f.postcode().strip(),
            f.city().strip(),
            code,
            country,
            dob,
            nid,
            kind,
            locale,
        )

    def email(self, first: str, last: str) -> str:
        rng = self.rng
        a, b = ascii_fold(first).lower().replace(" ", ""), ascii_fold(last).lower()
        b = "".join(c for c in b if c.isalnum())
        a = "".join(c for c in a if c.isalnum() or c == "-")
        if rng.random() < 0.15:  # the surname in the domain: a sole trader's own address
            return f"{a}@{b}-{rng.choice(TRADES)}.{TLD[self.lang]}"
        local = rng.choice((f"{a}.{b}", f"{a[0]}{b}", f"{a}{b}{rng.randint(1, 99)}", f"{a}_{b}"))
        return f"{local}@{rng.choice(MAIL_DOMAINS[self.lang])}"

    def relative(self, of: Person) -> Person:
        """Someone who appears only in the text (a partner, neighbour or colleague)."""
        p = self.person(home=True)
        if self.rng.random() < 0.5:  # family: same surname half of the time
            p.last = of.last
        return p
