"""The values a support text mentions, drawn from Faker's locale providers, written the
many ways people and mail programs write them.

One ``Subject`` is one person of one locale: names, e-mail, handle, phones, address,
birth date and the ids a customer quotes (national id, IBAN, card, IP, account number).
A ``Style`` picks how a mention is written (lower case, capitals, title and initials,
"Last, First", a national or an international phone form, an address on one line or as
a block). National ids are valid by their check digits (python-stdnum validates them),
cards by Luhn, IBANs by mod-97.
"""

# ruff: noqa: E501 (value tables stay one row a line)

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker
from stdnum.de import idnr
from stdnum.dk import cpr
from stdnum.iban import is_valid as iban_valid
from stdnum.ie import pps
from stdnum.pt import nif

#: Language → the locales its writers and customers come from.
LOCALES: dict[str, tuple[str, ...]] = {
    "en": ("en_GB", "en_US", "en_IE"),
    "de": ("de_DE", "de_AT", "de_CH"),
    "fr": ("fr_FR", "fr_CH"),
    "es": ("es_ES", "es_MX"),
    "it": ("it_IT",),
    "nl": ("nl_NL", "nl_BE"),
    "pt": ("pt_PT", "pt_BR"),
    "pl": ("pl_PL",),
    "sv": ("sv_SE",),
    "da": ("da_DK",),
}
LANGUAGES = tuple(LOCALES)

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "da": "januar februar marts april maj juni juli august september oktober november december",
}
WEEKDAYS = {
    "en": "Mon Tue Wed Thu Fri",
    "de": "Mo. Di. Mi. Do. Fr.",
    "fr": "lun. mar. mer. jeu. ven.",
    "es": "lun mar mié jue vie",
    "it": "lun mar mer gio ven",
    "nl": "ma di wo do vr",
    "pt": "seg ter qua qui sex",
    "pl": "pon. wt. śr. czw. pt.",
    "sv": "mån tis ons tors fre",
    "da": "man. tir. ons. tor. fre.",
}
#: Titles written before a name (non-personal), by language and sex.
TITLES = {
    "en": (("Mr", "Mr.", "Dr", "Dr."), ("Mrs", "Ms", "Miss", "Dr.", "Mrs.")),
    "de": (("Herr", "Hr.", "Herr Dr.", "Dr."), ("Frau", "Fr.", "Frau Dr.", "Dr.")),
    "fr": (("M.", "Monsieur", "Dr"), ("Mme", "Madame", "Mlle", "Dr")),
    "es": (("Sr.", "D.", "don", "Dr."), ("Sra.", "Dña.", "doña", "Dra.")),
    "it": (("Sig.", "sig.", "Dott.", "Ing."), ("Sig.ra", "sig.ra", "Dott.ssa", "Avv.")),
    "nl": (("dhr.", "meneer", "Dhr."), ("mevr.", "mevrouw", "Mw.")),
    "pt": (("Sr.", "Dr.", "sr."), ("Sra.", "Dra.", "D.")),
    "pl": (("Pan", "pan", "dr"), ("Pani", "pani", "dr")),
    "sv": (("herr",), ("fru",)),
    "da": (("hr.",), ("fru",)),
}
#: Country calling code and national number shapes (``#`` a digit) by locale.
PHONES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    # locale: (code, national forms with trunk 0, international forms without it)
    "en_GB": (
        "44",
        ("07### ######", "07### ### ###", "020 #### ####", "01### ######", "0161 ### ####"),
        ("7### ######", "20 #### ####", "(0)20 #### ####", "7#########"),
    ),
    "en_US": (
        "1",
        ("(###) ###-####", "###-###-####", "###.###.####"),
        ("###-###-####", "### ### ####"),
    ),
    "en_IE": ("353", ("08# ### ####", "01 ### ####", "08#-#######"), ("8# ### ####", "1 ### ####")),
    "de_DE": (
        "49",
        ("0151 ########", "0176/########", "030 ########", "089-#######", "0221 / ### ## ##"),
        ("151 ########", "30 ########", "(0)89 #######"),
    ),
    "de_AT": ("43", ("0664 #######", "01 ### ## ##", "0316/######"), ("664 #######", "1 ### ####")),
    "de_CH": (
        "41",
        ("079 ### ## ##", "044 ### ## ##", "076 ### ## ##"),
        ("79 ### ## ##", "44 ### ## ##"),
    ),
    "fr_FR": (
        "33",
        ("06 ## ## ## ##", "07.##.##.##.##", "01 ## ## ## ##", "06########"),
        ("6 ## ## ## ##", "(0)1 ## ## ## ##", "7########"),
    ),
    "fr_CH": ("41", ("079 ### ## ##", "022 ### ## ##"), ("79 ### ## ##", "22 ### ## ##")),
    "es_ES": (
        "34",
        ("6## ### ###", "6## ## ## ##", "91 ### ## ##", "6########"),
        ("6## ### ###", "9## ## ## ##"),
    ),
    "es_MX": ("52", ("55 #### ####", "33 #### ####"), ("1 55 #### ####", "55 #### ####")),
    "it_IT": (
        "39",
        ("3## ### ####", "3## #######", "02 #### ####", "06 ########"),
        ("3## ### ####", "02 ########"),
    ),
    "nl_NL": (
        "31",
        ("06-########", "06 ## ## ## ##", "020-#######", "010 ### ####"),
        ("6 ########", "(0)6 ## ## ## ##", "20 ### ####"),
    ),
    "nl_BE": (
        "32",
        ("04## ## ## ##", "02 ### ## ##", "09/### ## ##"),
        ("4## ## ## ##", "2 ### ## ##"),
    ),
    "pt_PT": ("351", ("9## ### ###", "21# ### ###", "9########"), ("9## ### ###", "21# ### ###")),
    "pt_BR": (
        "55",
        ("(11) 9####-####", "(21) 9####-####", "11 9########"),
        ("11 9####-####", "21 9#### ####"),
    ),
    "pl_PL": ("48", ("5## ### ###", "6##-###-###", "22 ### ## ##"), ("5## ### ###", "6########")),
    "sv_SE": (
        "46",
        ("07#-### ## ##", "08-### ### ##", "070 ### ## ##"),
        ("7# ### ## ##", "8 ### ### ##"),
    ),
    "da_DK": ("45", ("## ## ## ##", "########", "#### ####"), ("## ## ## ##", "#### ####")),
}
US_STATES = tuple(
    [
        "AL",
        "AZ",
        "CA",
        "CO",
        "FL",
        "GA",
        "IL",
        "MA",
        "MI",
        "MN",
        "NC",
        "NJ",
        "NY",
        "OH",
        "OR",
        "PA",
        "TX",
        "VA",
        "WA",
        "WI",
    ]
)


def digits(rng: random.Random, form: str) -> str:
    return "".join(str(rng.randint(0, 9)) if c == "#" else c for c in form)


def luhn_complete(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


def iban_complete(country: str, bban: str) -> str:
    """The IBAN of a country's account number: its two mod-97 check digits computed."""
    moved = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in moved))
    return f"{country}{98 - number % 97:02d}{bban}"


def _until(rng: random.Random, make, valid) -> str:  # type: ignore[no-untyped-def]
    while True:
        v = make()
        if valid(v):
            return v


@dataclass
class Subject:
    """One person of one locale and everything a support text may say about them."""

    locale: str
    female: bool
    first: str
    last: str
    email: str
    handle: str
    street: str
    postcode: str
    city: str
    region: str
    born: date
    iban: str
    natid: str
    natid_word: str


class Values:
    """Draws subjects and writes their values for one language, seeded."""

    def __init__(self, lang: str, rng: random.Random) -> None:
        self.lang = lang
        self.rng = rng
        self.fakers = {loc: Faker(loc) for loc in LOCALES[lang]}
        for i, f in enumerate(self.fakers.values()):
            f.seed_instance(rng.getrandbits(32) + i)

    # --- subjects -------------------------------------------------------------------

    def subject(self) -> Subject:
        rng = self.rng
        locs = LOCALES[self.lang]
        locale = locs[0] if rng.random() < 0.6 else rng.choice(locs)
        f = self.fakers[locale]
        female = rng.random() < 0.5
        first = f.first_name_female() if female else f.first_name_male()
        last = f.last_name()
        born = date(1940, 1, 1) + timedelta(days=rng.randint(0, 365 * 64))
        street = f.street_address().replace("\n", " ")
        postcode = self._postcode(f, locale)
        city = f.city()
        region = rng.choice(US_STATES) if locale == "en_US" else ""
        return Subject(
            locale,
            female,
            first,
            last,
            self._email(f, first, last),
            self._handle(first, last, born),
            street,
            postcode,
            city,
            region,
            born,
            self._iban(f, locale),
            *self._natid(f, locale, born, female),
        )

    def _postcode(self, f: Faker, locale: str) -> str:
        if locale == "nl_NL" and self.rng.random() < 0.5:
            pc = f.postcode()
            return f"{pc[:4]} {pc[4:]}" if " " not in pc else pc
        if locale == "sv_SE":
            pc = f.postcode().replace(" ", "")
            return f"{pc[:3]} {pc[3:]}"
        return f.postcode()

    def _ascii(self, s: str) -> str:
        import unicodedata

        s = s.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("ł", "l")
        s = unicodedata.normalize("NFKD", s)
        return "".join(c for c in s if c.isascii() and (c.isalnum() or c in ".-_"))

    def _email(self, f: Faker, first: str, last: str) -> str:
        a, b = self._ascii(first.lower().split()[0]), self._ascii(last.lower().replace(" ", ""))
        local = self.rng.choice(
            (f"{a}.{b}", f"{a[0]}{b}", f"{a}{b}{self.rng.randint(1, 99)}", f"{b}.{a}", f"{a}_{b}")
        )
        domain = f.free_email_domain() if self.rng.random() < 0.6 else f.domain_name()
        return f"{local}@{domain}"

    def _handle(self, first: str, last: str, born: date) -> str:
        a, b = self._ascii(first.lower().split()[0]), self._ascii(last.lower().replace(" ", ""))
        return self.rng.choice(
            (f"{a[0]}{b}", f"{a}.{b[0]}", f"{a}_{b}", f"{a}{born.year % 100:02d}", f"{b}{a[0]}")
        )

    def _iban(self, f: Faker, locale: str) -> str:
        """An IBAN of the locale's country (Spain's for Mexico, Britain's for the US: a
        customer there pays from a European account), valid by mod-97."""
        country = {"US": "GB", "MX": "ES"}.get(locale[-2:], locale[-2:])
        iban = f.iban()
        if not (iban.startswith(country) and iban_valid(iban)):
            bank = "".join(self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
            lead = bank if country in ("GB", "IE", "NL") else ""
            size = {"GB": 22, "IE": 22, "NL": 18, "ES": 24, "SE": 24, "BR": 29}.get(country, 24)
            while True:
                bban = lead + digits(self.rng, "#" * (size - 4 - len(lead)))
                if country == "BR":
                    bban = bban[:-2] + "C1"
                iban = iban_complete(country, bban)
                if iban_valid(iban):
                    break
        if self.rng.random() < 0.5:
            return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        return iban

    def _natid(self, f: Faker, locale: str, born: date, female: bool) -> tuple[str, str]:
        rng = self.rng
        if locale == "en_GB":
            letters = "ABCEGHJKLMNPRSTWXYZ"
            v = (
                rng.choice(letters)
                + rng.choice(letters.replace("O", ""))
                + digits(rng, " ## ## ## ")
                + rng.choice("ABCD")
            )
            return v, "NI number"
        if locale == "en_US":
            return f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}", "SSN"
        if locale == "en_IE":
            return _until(
                rng, lambda: digits(rng, "#######") + rng.choice("ABCDEFGHW"), pps.is_valid
            ), "PPS"
        if locale == "de_DE":
            return _until(rng, lambda: digits(rng, "###########"), idnr.is_valid), "Steuer-ID"
        if locale in ("de_CH", "fr_CH"):
            return f.ssn(), "AHV-Nr." if locale == "de_CH" else "n° AVS"
        if locale == "de_AT":
            return f.ssn(), "SV-Nummer"
        if locale == "fr_FR":
            from stdnum.fr import nir

            v = _until(rng, f.ssn, nir.is_valid)
            return v, "n° de sécu"
        if locale in ("es_ES", "es_MX"):
            n = rng.randint(10_000_000, 99_999_999)
            return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}", "DNI"
        if locale == "it_IT":
            return f.ssn(), "codice fiscale"
        if locale == "nl_NL":
            return f.ssn(), "BSN"
        if locale == "nl_BE":
            return f.ssn(), "rijksregisternummer"
        if locale == "pt_PT":
            return _until(
                rng, lambda: rng.choice("12") + digits(rng, "########"), nif.is_valid
            ), "NIF"
        if locale == "pt_BR":
            return f.cpf(), "CPF"
        if locale == "pl_PL":
            return f.pesel(), "PESEL"
        if locale == "sv_SE":
            return f.ssn(), "personnummer"
        if locale == "da_DK":
            v = _until(
                rng,
                lambda: born.strftime("%d%m%y") + "-" + digits(rng, "####"),
                cpr.is_valid,
            )
            return v, "CPR-nr."
        return f.ssn(), "ID"

    # --- how a mention is written -----------------------------------------------------

    def title(self, s: Subject) -> str:
        return self.rng.choice(TITLES[self.lang][1 if s.female else 0])

    def phone(self, s: Subject) -> str:
        rng = self.rng
        code, national, intl = PHONES[s.locale]
        r = rng.random()
        if r < 0.15:
            return self.fakers[s.locale].phone_number()
        if r < 0.55:
            return digits(rng, rng.choice(national))
        prefix = rng.choice((f"+{code} ", f"+{code} ", f"00{code} ", f"+{code}-"))
        return prefix + digits(rng, rng.choice(intl))

    def dob(self, s: Subject) -> str:
        d, rng = s.born, self.rng
        month = MONTHS[self.lang].split()[d.month - 1]
        forms = [
            f"{d.day:02d}/{d.month:02d}/{d.year}",
            f"{d.day:02d}.{d.month:02d}.{d.year}",
            f"{d.day}.{d.month}.{d.year}",
            f"{d.year}-{d.month:02d}-{d.day:02d}",
            f"{d.day:02d}-{d.month:02d}-{d.year}",
            f"{d.day}/{d.month}/{d.year % 100:02d}",
        ]
        if self.lang == "en":
            forms += [
                f"{d.day} {month} {d.year}",
                f"{month} {d.day}, {d.year}",
                f"{d.day} {month[:3]} {d.year}",
            ]
            if s.locale == "en_US":
                forms += [f"{d.month:02d}/{d.day:02d}/{d.year}"] * 2
        elif self.lang in ("es", "pt"):
            forms += [f"{d.day} de {month} de {d.year}"]
        elif self.lang in ("de", "da"):
            forms += [f"{d.day}. {month} {d.year}"]
        else:
            forms += [f"{d.day} {month} {d.year}"]
        return rng.choice(forms)

    def card(self) -> str:
        rng = self.rng
        prefix, length = rng.choice((("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("37", 15)))
        n = luhn_complete(rng, prefix, length)
        if length == 15:
            return rng.choice((n, f"{n[:4]} {n[4:10]} {n[10:]}"))
        sep = rng.choice((" ", " ", "-", ""))
        return sep.join(n[i : i + 4] for i in range(0, 16, 4))

    def ip(self) -> str:
        f = next(iter(self.fakers.values()))
        return f.ipv4_public() if self.rng.random() < 0.85 else f.ipv6()

    def account(self) -> str:
        rng = self.rng
        return rng.choice(
            (
                digits(rng, "########"),
                digits(rng, "K-#######"),
                digits(rng, "CUST-######"),
                digits(rng, "######"),
                digits(rng, "AC######"),
                digits(rng, "##-#####-#"),
            )
        )

    def order(self) -> str:
        rng = self.rng
        return rng.choice(
            (
                digits(rng, "#########"),
                digits(rng, "ORD-######"),
                digits(rng, "#4####"),
                digits(rng, "SO-######"),
            )
        )

    def company(self, s: Subject) -> str:
        return self.fakers[s.locale].company()

    def job(self, s: Subject) -> str:
        return self.fakers[s.locale].job()

    def clock(self) -> str:
        return f"{self.rng.randint(7, 19):02d}:{self.rng.randint(0, 59):02d}"

    def day_month(self) -> tuple[str, str, int]:
        """A weekday, a day and a month name of a recent date (non-personal)."""
        wd = self.rng.choice(WEEKDAYS[self.lang].split())
        month = self.rng.choice(MONTHS[self.lang].split())
        return wd, month, self.rng.randint(1, 28)
