"""Keyed, consistent, format-keeping fakes.

Every fake is drawn from randomness seeded by ``HMAC-SHA256(key, entity ‖ normalise(value))``
rather than from a globally seeded Faker: a global seed gives the same *sequence*, so a
value's fake would depend on what came before it. Seeding per value gives the same
*mapping* in every table, in free text and in every run that uses the same key.

Names map part by part through one registry per Pseudonymizer, so "John Smith", "John",
"Mr. Smith" and ``john.smith@…`` stay consistent, and two different real parts never share
a fake part. ``build_map`` adds the guarantees the verification relies on: the mapping is
injective and no fake equals a real value, resolved by deterministic re-draws.
"""

from __future__ import annotations

import hashlib
import importlib
import ipaddress
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Literal

import polars as pl
from faker import Faker

from anonymizers.pseudonymise.keyed import derive, derive_after, frame
from anonymizers.pseudonymise.locales import MIX_LOCALES, listed_names

Role = Literal["first", "last"]
Gender = Literal["female", "male"]
NAME_ENTITIES = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME"})
#: Compared by their digits only (normalise drops the rest).
DIGIT_ENTITIES = frozenset({"PHONE_NUMBER", "CREDIT_CARD", "US_SSN"})
_DATE_ENTITIES = frozenset({"DATE", "DATE_OF_BIRTH"})
#: Faker builds towns, streets and companies from person names ("Port Kevin", "Huffman
#: Trafficway"): such a fake must not contain a real name part as a word, or it reads as a
#: leak of that person.
_WORDY = frozenset({"LOCATION", "ADDRESS", "ORGANIZATION"})

_WS = re.compile(r"\s+")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"\S+")
_SIMPLE_NAME = re.compile(r"[^\W\d_]{2,}(?: [^\W\d_]{2,}){1,3}")
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_NONZERO = "123456789"
_HEXDIGITS = "0123456789abcdef"
_ALNUM = re.compile(r"[^\W_]")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "la", "le", "da", "di", "du", "dos",
     "das", "bin", "ibn", "al", "el", "ter", "ten"}
)  # fmt: skip
#: Latin-script locales whose name lists widen the pool once the locale's own is used up.
_EXTENDED_LOCALES = (
    "en_US", "en_GB", "en_IE", "en_NZ", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL",
    "pt_PT", "sv_SE", "da_DK", "no_NO", "fi_FI", "cs_CZ", "hu_HU", "ro_RO",
)  # fmt: skip
_DATE_FORMS = (
    ("ymd", re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(.*)", re.S)),
    ("mdy", re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(.*)", re.S)),
    ("dmy", re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(.*)", re.S)),
)
_EMAIL = re.compile(r"([^@\s]+)@([^@\s]+\.[^@\s]+)")
_EMAIL_PIECE = re.compile(r"([A-Za-z]*)(\d*)")
_EMAIL_SEP = re.compile(r"([._-])")
#: Dotted IPv4 as ipaddress accepts it: four decimal octets, none with a leading zero.
_IPV4 = re.compile(
    r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
)
_ID_PREFIX = re.compile(r"[A-Za-z]+[-_/.#: ]?")
_HEX = re.compile(r"[0-9a-fA-F-]+")
_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{1,30}")
_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)?(?P<user>[^@/\s]+@)?(?P<host>[^/:?#\s]+)"
    r"(?P<port>:\d+)?(?P<rest>[/?#].*)?",
    re.S,
)
_URL_PIECE = re.compile(r"[^/?#&=;.]+|[/?#&=;.]")
_URL_SEPARATORS = frozenset("/?#&=;.")
#: Country codes of two digits (ITU E.164); 1 and 7 are one digit, anything else three.
_CC2 = frozenset(
    str(n)
    for n in (20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52,
              53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92,
              93, 94, 95, 98)
)  # fmt: skip
_PUBLIC_FIRST_OCTETS = tuple(o for o in range(11, 224) if o not in (100, 127, 169, 172, 192))


_NON_DIGITS = re.compile(r"[^0-9]+")


def normalise(entity: str, value: str) -> str:
    """The form a value is keyed on, so formatting variants of one value share a fake."""
    v = value.strip()
    if entity in DIGIT_ENTITIES:
        return v if v.isascii() and v.isdigit() else _NON_DIGITS.sub("", v)
    if entity == "IBAN_CODE":
        return "".join(v.split()).upper()
    if entity == "EMAIL_ADDRESS":
        return v.lower()
    if entity in _DATE_ENTITIES and (parsed := _parse_date(v)):
        return parsed[0].isoformat() + " ".join(parsed[1].casefold().split())
    return " ".join(v.casefold().split())


#: ASCII without the separators \x1c-\x1f, which Python's str.split takes for spaces
#: and polars does not: the values ``normalise_many`` computes column-wise.
_PLAIN_ASCII = r"^[\t\n\x0b\x0c\r\x20-\x7e]*$"
_ASCII_SPACE = " \t\n\x0b\x0c\r"


def normalise_many(entity: str, values: pl.Series) -> pl.Series:
    """``normalise`` for a whole column: polars expressions for plain-ASCII values, the
    Python function for the rest (dates, accents), so the result is the same value by
    value. Keying millions of values one Python call at a time was a fifth of mapping."""
    values = values.cast(pl.String)
    if entity in _DATE_ENTITIES:
        return pl.Series([normalise(entity, v) for v in values.to_list()], dtype=pl.String)
    col = pl.col("v")
    if entity in DIGIT_ENTITIES:
        fast = col.str.replace_all("[^0-9]+", "")
    elif entity == "IBAN_CODE":
        fast = col.str.replace_all(f"[{_ASCII_SPACE}]+", "").str.to_uppercase()
    elif entity == "EMAIL_ADDRESS":
        fast = col.str.strip_chars(_ASCII_SPACE).str.to_lowercase()
    else:
        fast = (
            col.str.to_lowercase().str.replace_all(f"[{_ASCII_SPACE}]+", " ").str.strip_chars(" ")
        )
    out = pl.DataFrame({"v": values}).select(fast).to_series()
    other = (~values.str.contains(_PLAIN_ASCII)).fill_null(False).arg_true()
    if other.len():
        out = out.scatter(other, [normalise(entity, v) for v in values.gather(other).to_list()])
    return out


def _parse_date(v: str) -> tuple[date, str, str, tuple[str, ...]] | None:
    for form, rx in _DATE_FORMS:
        if m := rx.fullmatch(v):
            a, b, c, rest = m.groups()
            y, mo, d = {"ymd": (a, b, c), "mdy": (c, a, b), "dmy": (c, b, a)}[form]
            try:
                return date(int(y), int(mo), int(d)), rest, form, (a, b, c)
            except ValueError:
                return None
    return None


class _Draw:
    """Many small random choices from one keyed digest, without seeding a PRNG per value
    (seeding costs more than the whole fake for short values). One byte per small choice:
    the slight modulo bias does not matter, the secrecy comes from the key, not from
    perfect uniformity."""

    __slots__ = ("_buf", "_i", "_refills", "_seed")

    def __init__(self, seed: bytes) -> None:
        self._seed = seed
        self._buf = seed
        self._i = 0
        self._refills = 0

    def take(self, n: int) -> bytes:
        while self._i + n > len(self._buf):
            self._refills += 1
            more = hashlib.sha256(self._seed + self._refills.to_bytes(4, "big")).digest()
            self._buf = self._buf[self._i :] + more
            self._i = 0
        out = self._buf[self._i : self._i + n]
        self._i += n
        return out

    def below(self, k: int) -> int:
        if k <= 256:
            return self.take(1)[0] % k
        return int.from_bytes(self.take((k.bit_length() + 7) // 8 + 8), "big") % k

    def pick(self, seq: tuple[str, ...]) -> str:
        return seq[self.below(len(seq))]

    def digits(self, n: int) -> str:
        """``n`` decimal digits from one big draw (72 spare bits keep the bias negligible):
        one modulo instead of ``n`` byte draws, the hot path of cards, phones and IBANs."""
        if n <= 0:
            return ""
        return f"{int.from_bytes(self.take(n // 2 + 9), 'big') % 10**n:0{n}d}"


_NO_DRAW = _Draw(b"")


def _names(locale: str, attr: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in listed_names(locale, attr) if n.isalpha()))


@dataclass(frozen=True)
class _Pools:
    locale: str
    first: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]
    first_set: frozenset[str]
    last_set: frozenset[str]
    female_set: frozenset[str]
    male_set: frozenset[str]


@cache
def _pools(locale: str) -> _Pools:
    loc = locale if _names(locale, "last_names") else "en_US"
    female, male = _names(loc, "first_names_female"), _names(loc, "first_names_male")
    first = _names(loc, "first_names") or tuple(dict.fromkeys(female + male))
    last = _names(loc, "last_names")

    def fold(names: tuple[str, ...]) -> frozenset[str]:
        return frozenset(n.casefold() for n in names)

    return _Pools(loc, first, female, male, last, fold(first), fold(last), fold(female), fold(male))


@cache
def _extended(role: Role) -> tuple[str, ...]:
    """Latin-script names of many locales: the second tier once the locale's pool is spent."""
    attr = "first_names" if role == "first" else "last_names"
    names = (n for loc in _EXTENDED_LOCALES for n in _names(loc, attr))
    return tuple(dict.fromkeys(n for n in names if len(n) > 2 and _ascii(n) == n))


@cache
def drawable_words(locale: str) -> frozenset[str]:
    """Every letter run a fake name part can be drawn from (the locale's lists, the
    extended lists, the other locales' lists for a kept locale mix). Reserving a word
    outside it changes no fake, so a partitioned run reserves only words inside it: an
    e-mail local part like "mariagarcia" is one more word per customer, and millions of
    them would not fit in memory (blends, drawn after 32 attempts, are not covered)."""
    names = [*_pools(locale).first, *_pools(locale).last, *_extended("first"), *_extended("last")]
    words = name_part_words(names)
    for role in ("first", "last"):
        words |= name_part_words(_name_locales(role, MIX_LOCALES))
    return frozenset(words)


def _listed(locale: str, attr: str) -> frozenset[str]:
    """Every name a locale lists (folded), as ``bias`` counts them: the lookups must agree
    with the fairness report, so multi-word entries count here though they are never drawn."""
    return frozenset(n.casefold() for n in listed_names(locale, attr))


@cache
def _foreign_gender(own: str, others: tuple[str, ...]) -> dict[str, Gender]:
    """Apparent gender of first names ``own``'s lists do not know ("Giuseppe", "Chidinma"
    under en_US), by the same rule as ``bias.name_distribution``: the other locales listing
    the name must agree, any disagreement leaves it unknown. Built once per locale set."""
    mine = _listed(own, "first_names_female") | _listed(own, "first_names_male")
    seen: dict[str, set[Gender]] = {}
    for loc in dict.fromkeys(others):
        if loc == own:
            continue
        for attr, gender in (("first_names_female", "female"), ("first_names_male", "male")):
            for n in _listed(loc, attr) - mine:
                seen.setdefault(n, set()).add(gender)  # type: ignore[arg-type]
    return {n: next(iter(g)) for n, g in seen.items() if len(g) == 1}


@cache
def _name_locales(role: Role, locales: tuple[str, ...]) -> dict[str, str]:
    """Folded name → the one locale of ``locales`` listing it, "" when several do (as the
    report's locale mix counts it): only a name owned by one locale says where it is from."""
    attrs = (
        ("first_names", "first_names_female", "first_names_male")
        if role == "first"
        else ("last_names",)
    )
    out: dict[str, str] = {}
    for loc in dict.fromkeys(locales):
        for n in frozenset().union(*(_listed(loc, a) for a in attrs)):
            out[n] = loc if out.get(n, loc) == loc else ""
    return out


@cache
def _locale_pool(
    own: str,
    locales: tuple[str, ...],
    target: str,
    shared: bool,
    role: Role,
    gender: Gender | None,
    by_gender: bool,
) -> tuple[str, ...]:
    """The fakes for a name recognised as ``target``'s: names only ``target`` lists (or,
    when ``shared``, ``target``'s names that several locales list), so the fake counts for
    the same locale as the input. Of the same apparent gender when ``by_gender`` (a name
    of unknown gender gets one of unknown gender where there are any). Empty when there
    are none: the caller then falls back to the configured locale's whole lists."""
    attrs = (
        ("first_names", "first_names_female", "first_names_male")
        if role == "first"
        else ("last_names",)
    )
    owner = _name_locales(role, locales)
    want = "" if shared else target
    names = tuple(
        dict.fromkeys(
            n for a in attrs for n in _names(target, a) if owner.get(n.casefold()) == want
        )
    )
    if not by_gender:
        return names
    pools = _pools(own)
    foreign = _foreign_gender(own, locales)
    same = tuple(n for n in names if _gender_of(pools, foreign, n.casefold()) == gender)
    return same or (names if gender is None else ())


def _gender_of(p: _Pools, foreign: dict[str, Gender], norm: str) -> Gender | None:
    """The own locale's lists decide; the other locales only for names those do not know."""
    female, male = norm in p.female_set, norm in p.male_set
    if female or male:
        return None if female == male else "female" if female else "male"
    return foreign.get(norm)


def _ascii(text: str) -> str:
    if text.isascii() and text.isalnum():
        return text  # the common case, and what the folding below would give
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded if c.isalnum())


def _apply_case(original: str, fake: str) -> str:
    if original.isupper() and sum(c.isalpha() for c in original) > 1:
        return fake.upper()
    if original.islower():
        return fake.lower()
    return fake


def _chars(text: str, d: _Draw, hexmode: bool = False) -> str:
    """Replace letters and digits keeping class and case; a digit run that starts
    non-zero keeps starting non-zero, so integers keep their length."""
    if not text:
        return ""  # (taking no bytes leaves the draw as it is)
    out: list[str] = []
    prev_digit = False
    for c, b in zip(text, d.take(len(text)), strict=True):
        if hexmode and c.isalnum():
            ch = _HEXDIGITS[b & 15]
            out.append(ch.upper() if c.isupper() else ch)
        elif c.isdigit():
            out.append(_NONZERO[b % 9] if not prev_digit and c != "0" else _DIGITS[b % 10])
            prev_digit = True
            continue
        elif c.isalpha():
            ch = _LOWER[b % 26]
            out.append(ch.upper() if c.isupper() else ch)
        else:
            out.append(c)
        prev_digit = False
    return "".join(out)


#: Every ASCII digit → "\0", so templates of one shape ("ddd-ddd-dddd") share a key.
_TO_SLOT = str.maketrans("0123456789", "\0" * 10)
_SHAPES: dict[str, str] = {}


def _pour_digits(template: str, digits: str) -> str:
    """Put ``digits`` into the digit positions of ``template``, keeping everything else.
    Templates of one shape share a format string: phones and SSNs come in a few shapes,
    and formatting beats a generator over every character."""
    if template.isdigit():
        return digits
    shape = template.translate(_TO_SLOT)
    if (fmt := _SHAPES.get(shape)) is None:
        fmt = shape.replace("{", "{{").replace("}", "}}").replace("\0", "{}")
        if len(_SHAPES) < 4096:
            _SHAPES[shape] = fmt
    return fmt.format(*digits)


#: A digit doubled, as Luhn counts it: its digit sum (8 → 16 → 7).
_LUHN_DOUBLE = str.maketrans("0123456789", "0246813579")


def _luhn_check_digit(body: str) -> str:
    doubled = body[::-1][0::2].translate(_LUHN_DOUBLE)
    total = sum(map(int, doubled)) + sum(map(int, body[::-1][1::2]))
    return str((10 - total % 10) % 10)


#: IBAN check digits count letters as numbers: A → 10 … Z → 35.
_IBAN_NUMBERS = {ord(c): str(10 + i) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}


def name_part_words(parts: Iterable[str]) -> set[str]:
    """The case-folded letter runs of name parts: what ``reserve_name_parts`` reserves."""
    out: set[str] = set()
    for p in parts:
        out.update(_LETTER_RUN.findall(p.casefold()))
    return out


class Pseudonymizer:
    """Consistent fakes under one secret key. Not thread-safe: the name-part registry is
    per instance (one instance per bundle, in one process)."""

    def __init__(
        self,
        key: bytes,
        locale: str = "en_US",
        *,
        keep_gender: bool = True,
        keep_locale_mix: bool = False,
    ) -> None:
        """``keep_gender``: a first name's fake has its apparent gender (from the locale's
        lists, else the other ``MIX_LOCALES`` lists). ``keep_locale_mix``: a name owned by
        one other locale's lists gets its fake from that locale's lists, so a fairness test
        on the output still sees Yoruba, Italian or German names where the input had them."""
        if not key:
            raise ValueError("the pseudonymisation key must not be empty")
        self.key = key
        self.locale = locale
        self.keep_gender = keep_gender
        self.keep_locale_mix = keep_locale_mix
        self._heads: dict[tuple[str, str], bytes] = {}  # framed (purpose, entity) per seed
        self._pools = _pools(locale)
        self._foreign = _foreign_gender(self._pools.locale, MIX_LOCALES) if keep_gender else {}
        self._faker: Faker | None = None
        self._part_map: dict[tuple[str, str], str] = {}
        self._part_used: dict[str, set[str]] = {"first": set(), "last": set()}
        self._reserved_parts: set[str] = set()
        self._generators: dict[str, Callable[[str, str, _Draw, int], str]] = {
            "PERSON": lambda c, n, d, a: self._fake_name(c, a, None),
            "FIRST_NAME": lambda c, n, d, a: self._fake_name(c, a, "first"),
            "LAST_NAME": lambda c, n, d, a: self._fake_name(c, a, "last"),
            "EMAIL_ADDRESS": self._fake_email,
            "PHONE_NUMBER": self._fake_phone,
            "CREDIT_CARD": self._fake_card,
            "US_SSN": self._fake_ssn,
            "IBAN_CODE": self._fake_iban,
            "IP_ADDRESS": self._fake_ip,
            "DATE": self._fake_date,
            "DATE_OF_BIRTH": self._fake_date,
            "LOCATION": self._fake_location,
            "ADDRESS": self._fake_address,
            "ZIP_CODE": self._fake_id,
            "URL": self._fake_url,
            "ORGANIZATION": lambda c, n, d, a: _apply_case(c, self._faker_for(d).company()),
        }

    # -- keyed randomness -------------------------------------------------------------

    def _seed(self, purpose: str, entity: str, norm: str, attempt: int) -> bytes:
        head = self._heads.get((purpose, entity))
        if head is None:
            head = self._heads[(purpose, entity)] = frame(purpose, entity)
        return derive_after(self.key, head, norm, attempt)

    def digest(self, entity: str, value: str) -> str:
        """A keyed reference to a value for reports and findings: linkable by the key
        holder, meaningless without it, and never the value or an unkeyed hash."""
        mac = derive(self.key, "digest", entity, normalise(entity, value))
        return "hmac-sha256:" + mac.hex()[:16]

    # -- public API --------------------------------------------------------------------

    def fake(self, entity: str, value: str, attempt: int = 0) -> str:
        """The fake for ``value``; never the value itself (after normalise). A value with
        no letter or digit has nothing to replace and comes back unchanged."""
        return self.fake_attempt(entity, value, normalise(entity, value), attempt)[0]

    def fake_attempt(self, entity: str, value: str, norm: str, attempt: int) -> tuple[str, str]:
        """(fake, normalised fake): build_map needs both, normalising once."""
        core = value.strip()
        # Nothing to replace: no letter or digit ("---"), or a phone, card or SSN cell with
        # no digit at all ("N/A", "unknown"), which every fake would equal after normalise.
        if not _ALNUM.search(core) or (entity in DIGIT_ENTITIES and not norm):
            return value, norm
        if len(core) == len(value):
            lead = trail = ""
        else:
            lead, trail = value[: len(value) - len(value.lstrip())], value[len(value.rstrip()) :]
        gen = self._generators.get(entity, self._fake_id)
        a = attempt
        while True:
            # Names draw per part (their own seeds): skip the whole-value HMAC for them.
            d = _NO_DRAW if entity in NAME_ENTITIES else _Draw(self._seed("fake", entity, norm, a))
            if a >= attempt + 64:  # the generator keeps giving the value back
                out = _chars(core, d)
            elif a >= 512 and entity not in NAME_ENTITIES:  # a small domain is spent: grow
                out = self._fake_id(core, norm, d, a - 448)  # one more character per 64
            else:
                out = gen(core, norm, d, a)
            out_norm = normalise(entity, out)
            if out_norm != norm and (
                entity not in _WORDY
                or a >= attempt + 32
                or self._reserved_parts.isdisjoint(_LETTER_RUN.findall(out_norm))
            ):
                return lead + out + trail, out_norm
            a += 1

    def build_map(
        self, entity: str, values: Iterable[str], reserved: Collection[str] = ()
    ) -> dict[str, str]:
        """Every distinct value → its fake: injective after normalise, and no fake equals
        a value of ``values`` or ``reserved``. Values are resolved in sorted order so the
        re-draws that settle collisions are the same in every run on the same input."""
        unique = pl.Series(list(values) if not isinstance(values, pl.Series) else values,
                           dtype=pl.String).drop_nulls().unique()  # fmt: skip
        # Sorted by normalised form, then value: the order settling re-draws in.
        pairs = pl.DataFrame({"v": unique, "n": normalise_many(entity, unique)}).sort("n", "v")
        vals, norms = pairs["v"].to_list(), pairs["n"].to_list()
        forbidden = set(norms)
        forbidden.update(normalise(entity, r) for r in reserved)
        if entity in NAME_ENTITIES or entity == "EMAIL_ADDRESS":
            texts = [*dict.fromkeys(norms), *(r.lower() for r in reserved)]
            if entity == "EMAIL_ADDRESS":
                texts = [t.partition("@")[0] for t in texts]
            self.reserve_name_parts(texts)
        used: set[str] = set()
        out: dict[str, str] = {}
        digits = entity in DIGIT_ENTITIES
        # Sorted pairs: a group (the values of one normalised form) is a run of rows, and
        # its first value, the smallest, is the one whose draw settles the group.
        group = None
        fake = fnorm = ""
        attempt = 0
        for value, norm in zip(vals, norms, strict=True):
            if norm != group:
                group, attempt = norm, 0
                while True:
                    fake, fnorm = self.fake_attempt(entity, value, norm, attempt)
                    if fake == value or (fnorm not in forbidden and fnorm not in used):
                        break  # (fake == value: nothing to replace, e.g. "---")
                    attempt += 1
                used.add(fnorm)
                out[value] = fake
                continue
            f, fn = self.fake_attempt(entity, value, norm, attempt)
            if fn != fnorm:
                f = _pour_digits(value, fnorm) if digits else fake
            out[value] = f
        return out

    def reserve_name_parts(self, parts: Iterable[str]) -> None:
        """Real name parts seen anywhere in the bundle: never issued as a fake part, so a
        fake "Maria" cannot be mistaken for (or flagged as a leak of) a real Maria."""
        self._reserved_parts |= name_part_words(parts)

    # -- the name-part registry across partitions ----------------------------------------

    def part_requests(self, entity: str, values: Iterable[str]) -> set[tuple[str, str]]:
        """The (role, part) pairs that faking ``values`` registers. The registry is first
        come, first served, so partitions faked in parallel would each fill it in their
        own order: a partitioned run collects these first and registers them in one
        sorted order (``preregister``) before any partition is faked."""
        seen: set[tuple[str, str]] = set()
        register = self._register

        def record(role: Role, norm: str) -> str:
            seen.add((role, norm))
            return register(role, norm)

        self._register = record  # type: ignore[method-assign]
        try:
            for v in values:
                self.fake_attempt(entity, v, normalise(entity, v), 0)
        finally:
            del self._register
        return seen

    def preregister(self, requests: Iterable[tuple[str, str]]) -> None:
        """Fill the registry in sorted (role, part) order: the same map whatever the
        partitioning, the worker count or the order partitions finish in."""
        for role, norm in sorted(set(requests)):
            if (role, norm) not in self._part_map:
                self._register(role, norm)  # type: ignore[arg-type]

    def registry(self) -> tuple[dict, dict, set]:
        """The name-part state a worker needs to fake exactly as this instance does."""
        return self._part_map, self._part_used, self._reserved_parts

    def load_registry(self, state: tuple[dict, dict, set]) -> None:
        part_map, used, reserved = state
        self._part_map = dict(part_map)
        self._part_used = {role: set(v) for role, v in used.items()}
        self._reserved_parts = set(reserved)

    def fake_name_part(self, part: str, role: Role) -> str:
        """The fake of one name part in one role; the same wherever the part appears."""
        if len(_LETTER_RUN.findall(part)) != 1:
            return self._fake_name(part, 0, role)
        return _LETTER_RUN.sub(lambda m: self._part(m.group(), role, 0), part)

    # -- names ---------------------------------------------------------------------------

    def _part(self, part: str, role: Role, attempt: int) -> str:
        norm = part.casefold()
        if len(norm) == 1:
            d = _Draw(self._seed("initial", role, norm, attempt))
            letter = _LOWER[d.below(26)]
            return letter if part.islower() else letter.upper()
        if attempt == 0:
            fake = self._part_map.get((role, norm)) or self._register(role, norm)
        else:
            a = attempt
            while (fake := self._draw_part(role, norm, a)).casefold() in self._reserved_parts or (
                fake.casefold() == norm
            ):
                a += 1
        return _apply_case(part, fake)

    def _register(self, role: Role, norm: str) -> str:
        used = self._part_used[role]
        a = 0
        while True:
            cand = self._draw_part(role, norm, a)
            c = cand.casefold()
            if c != norm and c not in used and c not in self._reserved_parts:
                break
            a += 1
        self._part_map[(role, norm)] = cand
        used.add(c)
        return cand

    def _draw_part(self, role: Role, norm: str, attempt: int) -> str:
        """Tiered pools: the locale's list (first names keep apparent gender), then many
        locales' lists, then blends of two real names, which never run out."""
        d = _Draw(self._seed("part", role, norm, attempt))
        p = self._pools
        if attempt < 16:
            if self.keep_locale_mix and (mixed := self._mix_pool(role, norm)):
                return d.pick(mixed)
            if role == "last":
                return d.pick(p.last)
            gender = _gender_of(p, self._foreign, norm) if self.keep_gender else None
            if gender and (p.female if gender == "female" else p.male):
                return d.pick(p.female if gender == "female" else p.male)
            return d.pick(p.first)
        pool = _extended(role)
        if attempt < 32:
            return d.pick(pool)
        pieces = [d.pick(pool) for _ in range(2 + (attempt - 32) // 128)]
        head = pieces[0][: 2 + d.below(3)]
        return head + "".join(x[-(2 + d.below(3)) :].lower() for x in pieces[1:])

    def _is_first(self, norm: str) -> bool:
        """A lone word is a first name if the locale lists it as one; keeping the locale mix,
        also if another locale does ("Chidinma") and it is not a local surname."""
        if norm in self._pools.first_set:
            return True
        return (
            self.keep_locale_mix
            and norm not in self._pools.last_set
            and norm in _name_locales("first", MIX_LOCALES)
        )

    def _mix_pool(self, role: Role, norm: str) -> tuple[str, ...]:
        """The other locale a name part belongs to decides its pool; the part alone decides
        (not the rest of the PERSON), so a part maps the same wherever it appears."""
        owner = _name_locales(role, MIX_LOCALES).get(norm)
        if owner is None:  # no list knows it: the configured locale, as without the option
            return ()
        own = self._pools.locale
        by_gender = self.keep_gender and role == "first"
        gender = _gender_of(self._pools, self._foreign, norm) if by_gender else None
        # A name several locales share gets one of the configured locale's shared names,
        # and one only the configured locale lists gets another such: drawing either from
        # the whole list would turn shared names into local ones and shift the mix.
        target, shared = (own, True) if owner == "" else (owner, False)
        return _locale_pool(own, MIX_LOCALES, target, shared, role, gender, by_gender)

    def _fake_name(self, value: str, attempt: int, forced: Role | None) -> str:
        if forced is None and _SIMPLE_NAME.fullmatch(value):  # fast path: "Maria Garcia"
            words = value.split(" ")
            folded = [w.casefold() for w in words]
            if (
                folded[0] not in _TITLES
                and folded[-1] not in _SUFFIXES
                and _PARTICLES.isdisjoint(folded[1:-1])
            ):
                *firsts, last = words
                return " ".join(
                    [
                        *(self._part(w, "first", attempt) for w in firsts),
                        self._part(last, "last", attempt),
                    ]
                )
        words = [[m.start(), m.group()] for m in _WORD.finditer(value)]
        cores = [w.rstrip(",.;:") for _, w in words]
        i, j = 0, len(words)
        if forced is None:
            while i < j - 1 and cores[i].casefold() in _TITLES:
                i += 1
            while j > i + 1 and cores[j - 1].casefold() in _SUFFIXES:
                j -= 1
        n = j - i
        comma = next((k for k in range(i, j - 1) if words[k][1][len(cores[k]) :][:1] == ","), None)
        roles: list[Role]
        if forced:
            roles = [forced] * n
        elif comma is not None:
            roles = ["last"] * (comma - i + 1) + ["first"] * (j - comma - 1)
        elif n == 1:
            roles = ["first" if i == 0 and self._is_first(cores[i].casefold()) else "last"]
        else:
            roles = ["first"] * (n - 1) + ["last"]
        if forced:
            particle_span = range(i, j - 1)
        elif comma is not None:
            particle_span = [*range(i, comma), *range(comma + 1, j - 1)]
        else:
            particle_span = range(i + 1, j - 1)
        out: list[str] = []
        pos = 0
        for k in range(i, j):
            start, core = words[k][0], cores[k]
            if k in particle_span and core.casefold() in _PARTICLES:
                continue  # "van", "de la": kept as written, like titles and suffixes
            out.append(value[pos:start])
            out.append(self._map_word(core, roles[k - i], attempt))
            pos = start + len(core)
        out.append(value[pos:])
        return "".join(out)

    def _map_word(self, word: str, role: Role, attempt: int) -> str:
        out: list[str] = []
        pos = 0
        for m in _LETTER_RUN.finditer(word):
            run, end = m.group(), m.end()
            particle = len(run) <= 2 and word[end : end + 1] in ("'", "’") and end + 1 < len(word)
            out.append(word[pos : m.start()])
            out.append(run if particle else self._part(run, role, attempt))
            pos = end
        out.append(word[pos:])
        return "".join(out)

    # -- other entities --------------------------------------------------------------------

    def _fake_email(self, core: str, norm: str, d: _Draw, attempt: int) -> str:
        m = _EMAIL.fullmatch(core)
        if not m:
            return self._fake_id(core, norm, d, attempt)
        local, domain = m.groups()
        base, plus, tag = local.partition("+")
        named = self._email_names(base, d, attempt)
        new_base = named if named is not None else _chars(base, d)
        if named is None and attempt >= 32:
            new_base += str(d.below(10 ** (1 + (attempt - 32) // 32)))
        return new_base + plus + _chars(tag, d) + "@" + domain

    def _email_names(self, base: str, d: _Draw, attempt: int) -> str | None:
        """Name-like local parts map through the name registry (maria.garcia →
        <fake first>.<fake last>), consistent with the PERSON fake of "Maria Garcia"."""
        pieces = _EMAIL_SEP.split(base)
        words = pieces[0::2]
        matches = [_EMAIL_PIECE.fullmatch(w) for w in words]
        if not all(matches) or not all(words):
            return None
        letters = [m.group(1) for m in matches if m]
        if not any(len(x) >= 2 for x in letters):
            return None
        roles: list[Role]
        if len(words) == 1:
            n = letters[0].casefold()
            if n in self._pools.first_set:
                roles = ["first"]
            elif n in self._pools.last_set:
                roles = ["last"]
            else:
                return None
        else:
            last = max(k for k, x in enumerate(letters) if len(x) >= 2)
            roles = ["last" if k == last else "first" for k in range(len(words))]
        out: list[str] = []
        for k, (m, role) in enumerate(zip(matches, roles, strict=True)):
            assert m is not None
            name, digits = m.groups()
            fake = _ascii(self._part(name, role, 0)) if name else ""
            if name and not fake:
                return None
            out.append(_apply_case(name, fake) + _chars(digits, d))
            if k < len(words) - 1:
                out.append(pieces[2 * k + 1])
        if attempt:
            out.append(str(d.below(10 ** (1 + (attempt - 1) // 16))))
        return "".join(out)

    def _fake_phone(self, core: str, norm: str, d: _Draw, attempt: int) -> str:
        keep = 0
        if core.startswith("+"):
            keep = 1 if norm[:1] in "17" else 2 if norm[:2] in _CC2 else 3
        elif len(norm) == 11 and norm.startswith("1"):
            keep = 1
        if len(norm) - keep < 3:
            keep = 0
        national = norm[keep:]
        nanp = len(national) == 10 and norm[:keep] in ("", "1")
        # A national number keeps a leading 0 (trunk prefix) or starts 2-9; NANP
        # exchanges (4th digit) start 2-9 too.
        if not national:
            return core
        new = ("0" if national[0] == "0" else "23456789"[d.below(8)]) + d.digits(len(national) - 1)
        if nanp:
            new = new[:3] + "23456789"[d.below(8)] + new[4:]
        return _pour_digits(core, norm[:keep] + new)

    def _fake_card(self, core: str, norm: str, d: _Draw, attempt: int) -> str:
        if len(norm) < 2:
            return _chars(core, d)
        body = norm[0] + d.digits(len(norm) - 2)
        return _pour_digits(core, body + _luhn_check_digit(body))

    def _fake_ssn(self, core: str, norm: str, d: _Draw, attempt: int) -> str:
        """Area 9xx is never issued by the SSA: a fake SSN can never be a real one."""
        if len(norm) != 9:
            return _chars(core, d)
        digits = f"9{d.below(100):02d}{1 + d.below(99):02d}{1 + d.below(9999):04d}"
        return _pour_digits(core, digits)

    def _fake_iban(self, core: str, norm: str, d: _Draw, attempt: int) -> str:
        if not _IBAN.fullmatch(norm):
            return self._fake_id(core, norm, d, attempt)
        country, bban = norm[:2], norm[4:]
        if bban.isdigit():  # most countries (DE, IT's tail, …): one draw for all digits
            new_bban = d.digits(len(bban))
        else:
            new_bban = "".join(
                str(d.below(10)) if c.isdigit() else _LOWER[d.below(26)].upper() for c in bban
            )
        numeric = (new_bban + country + "00").translate(_IBAN_NUMBERS)
        compact = f"{country}{98 - int(numeric) % 97:02d}{new_bban}"
        if core == norm:  # already compact and upper-case: nothing to pour back
            return compact
        it = iter(compact)
        return "".join(c if c.isspace() else _apply_case(c, next(it)) for c in core)

    def _fake_ip(self, core: str, norm: str, d: _Draw, attempt: int) -> str:
        if _IPV4.fullmatch(core):  # most addresses: no need to build an ipaddress object
            ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None = None
        else:
            try:
                ip = ipaddress.ip_address(core)
            except ValueError:
                return self._fake_id(core, norm, d, attempt)
        if ip is None or isinstance(ip, ipaddress.IPv4Address):
            o = [int(x) for x in (core if ip is None else str(ip)).split(".")]
            rand = [1 + d.below(254) for _ in range(4)]
            if o[0] in (10, 127):
                head = [o[0]]
            elif o[0] == 172 and 16 <= o[1] <= 31:
                head = [172, 16 + d.below(16)]
            elif (o[0], o[1]) in ((192, 168), (169, 254)):
                head = o[:2]
            else:
                head = [_PUBLIC_FIRST_OCTETS[d.below(len(_PUBLIC_FIRST_OCTETS))]]
            return ".".join(str(x) for x in [*head, *rand[len(head) :]])
        first = int(ip) >> 112
        new = ipaddress.IPv6Address((first << 112) | d.below(1 << 112))
        text = new.exploded if "::" not in core and core.count(":") == 7 else new.compressed
        return text.upper() if any(c.isupper() for c in core) else text

    def _fake_date(self, core: str, norm: str, d: _Draw, attempt: int) -> str:
        """Shift by a keyed ±1..365 days (never 0) keeping the format; the range widens
        by a year per 32 re-draws so a dense set of real dates can still be avoided."""
        parsed = _parse_date(core)
        if parsed is None:
            return self._fake_id(core, norm, d, attempt)
        day, rest, form, fields = parsed
        tier = attempt // 32
        shift = 1 + 365 * tier + d.below(365)
        try:
            new = day + timedelta(days=shift if d.below(2) else -shift)
        except OverflowError:
            new = day - timedelta(days=shift)
        parts = {"ymd": (new.year, new.month, new.day), "mdy": (new.month, new.day, new.year),
                 "dmy": (new.day, new.month, new.year)}[form]  # fmt: skip
        sep = {"ymd": "-", "mdy": "/", "dmy": "."}[form]
        return sep.join(f"{v:0{len(f)}d}" for v, f in zip(parts, fields, strict=True)) + rest

    def _fake_id(self, core: str, norm: str, d: _Draw, attempt: int) -> str:
        """Character classes kept; a letter prefix ("EMP-") kept when digits carry the
        identity. Past 64 re-draws the value grows by a character per 64, so a dense
        domain (every 4-digit id is real) still yields unique, unreal fakes."""
        prefix = ""
        m = _ID_PREFIX.match(core)
        if m and sum(map(str.isdigit, core)) >= 3:
            prefix = m.group()
        rest = core[len(prefix) :]
        if not _ALNUM.search(rest):
            prefix, rest = "", core
        hexmode = (
            len(rest) >= 16
            and bool(_HEX.fullmatch(rest))
            and any(map(str.isdigit, rest))
            and any(map(str.isalpha, rest))
        )
        out = _chars(rest, d, hexmode)
        if attempt >= 64:
            k = next(i for i, c in enumerate(out) if c.isalnum())
            extra = _chars(out[k] * (1 + (attempt - 64) // 64), d, hexmode)
            out = out[:k] + extra + out[k:]
        return prefix + out

    def _fake_location(self, core: str, norm: str, d: _Draw, attempt: int) -> str:
        for names, folded in _address_lists(self.locale) if attempt < 32 else ():
            if norm in folded:  # past 32 re-draws the short lists may be spent: a town
                return _apply_case(core, d.pick(names))
        return _apply_case(core, self._faker_for(d).city())

    def _fake_address(self, core: str, norm: str, d: _Draw, attempt: int) -> str:
        fk = self._faker_for(d)
        pieces = re.split(r"(,\s*|\n)", core)
        out: list[str] = []
        for k, seg in enumerate(pieces):
            if k % 2:
                out.append(seg)
            elif k == 0:
                out.append(fk.street_address())
            elif m := re.fullmatch(r"([A-Z]{2})(\s+)(\d{5}(?:-\d{4})?)", seg):
                state = fk.state_abbr() if hasattr(fk, "state_abbr") else _chars(m[1], d)
                out.append(state + m[2] + _chars(m[3], d))
            elif re.fullmatch(r"[\d -]+", seg):
                out.append(_chars(seg, d))
            elif seg.casefold() in {"usa", "us", "united states", "united states of america"}:
                out.append(seg)
            elif seg.casefold().startswith(("apt", "suite", "unit", "#")):
                out.append(fk.secondary_address())
            else:
                out.append(fk.city())
        return _apply_case(core, "".join(out))

    def _fake_url(self, core: str, norm: str, d: _Draw, attempt: int) -> str:
        m = _URL.fullmatch(core)
        if not m or (not m["scheme"] and "." not in m["host"]):
            return self._fake_id(core, norm, d, attempt)
        host = m["host"]
        labels = host.split(".")
        if _is_ip(host):
            host = self._fake_ip(host, host.casefold(), d, attempt)
        else:
            keep = {len(labels) - 1}
            if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org"):
                keep.add(len(labels) - 2)
            host = ".".join(
                x if k in keep or x.lower() == "www" else _chars(x, d) for k, x in enumerate(labels)
            )
        rest = m["rest"] or ""
        pieces = _URL_PIECE.findall(rest)
        out: list[str] = []
        for k, piece in enumerate(pieces):
            after = pieces[k + 1] if k + 1 < len(pieces) else ""
            is_ext = k > 0 and pieces[k - 1] == "." and after in ("", "?", "#") and len(piece) <= 5
            keep = piece in _URL_SEPARATORS or is_ext or after == "="
            out.append(piece if keep else _chars(piece, d))
        user = _chars(m["user"], d) if m["user"] else ""
        return (m["scheme"] or "") + user + host + (m["port"] or "") + "".join(out)

    def _faker_for(self, d: _Draw) -> Faker:
        """One cached Faker re-seeded per value: a new instance per value costs ~1 ms."""
        if self._faker is None:
            self._faker = Faker(self.locale)
        self._faker.seed_instance(d.below(1 << 62))
        return self._faker


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


@cache
def _address_lists(locale: str) -> tuple[tuple[tuple[str, ...], frozenset[str]], ...]:
    """Countries and states of the locale: a real place name that is a country (or a
    state) gets another one, not an invented town."""
    try:
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
    except ImportError:
        provider = importlib.import_module("faker.providers.address.en_US").Provider
    lists = []
    for attr in ("countries", "states", "states_abbr"):
        names = tuple(x for x in getattr(provider, attr, ()) if isinstance(x, str))
        lists.append((names, frozenset(n.casefold() for n in names)))
    return tuple(lists)
