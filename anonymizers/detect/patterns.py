"""High-precision patterns with validity checks, for whole values and for output sweeps.

Two callers need a detector that almost never fires by accident: column classification
(is *this whole value* an email, a card number, ...?) and verification's sweep over the
output (is anything identifier-shaped left that we did not issue?). NER is too noisy for
either, so these are plain regexes plus checksums (Luhn, IBAN mod-97) and structural rules
(SSN ranges, IP octets). Dates, times and short ids must not look like phone numbers, so
the phone pattern wants at least ten digits or an explicit ``+country`` prefix.

The sweep reports SSNs in the 9xx area by default: our own fake SSNs use that range (it is
never issued to people), and the sweep must see them to check they are fakes we issued.
"""

from __future__ import annotations

import ipaddress
import re

import polars as pl

from anonymizers.detect.scripts import SPACED_WORD

# --- validators ---------------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    """Luhn checksum of a digit string (separators ignored); False for non-digits."""
    ds = [c for c in digits if not c.isspace() and c != "-"]
    if not ds or not all(c.isdigit() for c in ds):
        return False
    total = 0
    for i, c in enumerate(reversed(ds)):
        d = ord(c) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


#: Country code → IBAN length (ISO 13616 registry, the commonly used subset and more).
_IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
    "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    # Joined the registry since 2020 (SWIFT IBAN Registry).
    "BI": 27, "DJ": 27, "FK": 18, "HN": 28, "LY": 25, "MN": 20, "NI": 28, "OM": 23,
    "RU": 33, "SD": 18, "SO": 23, "YE": 30,
}  # fmt: skip


def iban_ok(s: str) -> bool:
    """IBAN mod-97 check (ISO 13616) with a registered country and its length: one
    random code in 97 passes mod-97 alone, and a parcel's tracking number "CP18485531
    5007" is no account of a country "CP"."""
    iban = re.sub(r"[\s-]", "", s).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    if len(iban) != _IBAN_LENGTHS.get(iban[:2], -1):
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def ssn_ok(s: str, allow_9xx: bool = False) -> bool:
    """SSA rules: area not 000/666 (nor 9xx unless allowed), group not 00, serial not 0000."""
    digits = re.sub(r"\D", "", s)
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or group == "00" or serial == "0000":
        return False
    return allow_9xx or area[0] != "9"


def _ip_ok(s: str) -> bool:
    try:
        ipaddress.ip_address(s)
    except ValueError:
        return False
    return True


# --- patterns -----------------------------------------------------------------------

# An e-mail or a phone may touch a character of a script written without spaces
# ("連絡先は25-9610-3296へ"): only a spaced script's letter or digit glues it to a word.
#: The local part may hold the letters of any script written with spaces (RFC 6531:
#: "ilona.süßebier@web.de"; read as ASCII, the address was missed and its known surname
#: replaced inside it alone).
_EMAIL = re.compile(
    rf"(?<![.+-])(?<!{SPACED_WORD})"
    rf"(?!_){SPACED_WORD}(?:{SPACED_WORD}|[.%+-]){{0,63}}"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    rf"[A-Za-z]{{2,24}}(?!-)(?!{SPACED_WORD})"
)
#: An e-mail address in a URL's query string, its "@" percent-encoded
#: ("?email=jane.doe%40example.org"): a log line or a tracking link holds it so, where
#: neither the plain pattern nor a whole-word search for the address finds it.
_EMAIL_ENCODED = re.compile(
    rf"(?<![.+-])(?<!{SPACED_WORD})"
    r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}%40(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    rf"[A-Za-z]{{2,24}}(?!-)(?!{SPACED_WORD})"
)
_URL = re.compile(
    r"(?<![\w@])(?:(?:https?|ftp)://[^\s<>\"'`]+|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"(?:/[^\s<>\"'`]*)?)",
    re.IGNORECASE,
)
_SSN = re.compile(r"(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])")
#: A card's digits stand apart from Latin letters: "1Z9846810553419467", a parcel's
#: tracking number, holds sixteen digits that pass Luhn one time in ten.
_CARD = re.compile(r"(?<![A-Za-z\d-])\d(?:[ -]?\d){12,18}(?![A-Za-z\d-])")
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?(?![A-Za-z0-9])"
)
#: An IBAN typed in lower case ("gb42nawi0445…" in a chat): only a registered country's
#: code and length count, besides the mod-97 check.
_IBAN_LOWER = re.compile(
    r"(?<![A-Za-z0-9])[a-z]{2}\d{2}(?:[ ]?[a-z0-9]{4}){2,7}(?:[ ]?[a-z0-9]{1,4})?(?![A-Za-z0-9])"
)
_IPV4 = re.compile(
    r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]\d)"
)
_IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{0,4}(?:::?[0-9A-Fa-f]{1,4})*(?![\w:])"
    r"|(?<![\w:])::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}(?![\w:])"
)
# Phones: +CC form, or a North-American/international grouping with >= 10 digits. A
# phone stays on its line: a signature's phone and the street number on the next line
# ("☎ 436-187-644" / "006 Pollard Lane") are no eleven-digit phone.
_SPACE = r"[^\S\r\n\v\f\x1c-\x1e\x85\u2028\u2029]"
_SW = SPACED_WORD
# An extension after the number ("271.800.3485x98549", "555-0134 ext. 12"): part of it.
_EXTENSION = rf"{_SPACE}?(?:x|ext\.?|extn\.?){_SPACE}?\d{{1,5}}"
_EXT = f"(?:{_EXTENSION})?"
_PHONE = re.compile(
    rf"(?<![+])(?<!{_SW})(?:\+\d{{1,3}}(?:{_SPACE}|[.-])?)?(?:\(\d{{1,4}}\)(?:{_SPACE}|[.-])?)?"
    rf"\d{{2,4}}(?:(?:{_SPACE}|[.-])\d{{2,4}}){{1,4}}{_EXT}(?!{_SW})"
    rf"|(?<![+])(?<!{_SW})\+\d{{7,15}}(?!{_SW})"
    rf"|(?<![+])(?<!{_SW})(?:\(\d{{3}}\){_SPACE}?|\d{{3}}[.-])\d{{3}}[.-]\d{{4}}{_EXT}(?!{_SW})"
    rf"|(?<![+.-])(?<!{_SW})\d{{10,11}}(?![.-])(?!{_SW})"
)
_DATEISH = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


_EXT_TAIL = re.compile(f"{_EXTENSION}$")


def _phone_ok(s: str) -> bool:
    s = _EXT_TAIL.sub("", s)  # the number's digits are counted without its extension
    digits = re.sub(r"\D", "", s)
    if _DATEISH.match(s.strip()):
        return False
    if s.lstrip().startswith("+"):
        return 8 <= len(digits) <= 15
    if not 10 <= len(digits) <= 13:
        return False
    # A card-like run of 13+ digits with no grouping is not a phone.
    return not (len(digits) >= 12 and " " not in s and "-" not in s and "(" not in s)


def _card_ok(s: str) -> bool:
    """Luhn over 13 to 19 digits, of no single digit; and not led by a 0, which no card
    network issues (ISO/IEC 7812's industry digit 0): "001-562-273-8779" is an American
    phone dialled from abroad, one in ten of which passes Luhn."""
    digits = re.sub(r"\D", "", s)
    return 13 <= len(digits) <= 19 and digits[0] != "0" and luhn_ok(digits) and len(set(digits)) > 1


#: Issuer prefixes and lengths of the main card networks (Amex, Visa, Mastercard,
#: Discover, JCB, Diners), after ISO/IEC 7812 and the networks' published ranges.
_CARD_IIN = re.compile(
    r"3[47]\d{13}|4\d{15}|(?:5[1-5]\d\d|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)\d{12}"
    r"|(?:6011|65\d\d|64[4-9]\d)\d{12}|35(?:2[89]|[3-8]\d)\d{12}|3(?:0[0-5]|[68]\d)\d{11}"
)


def is_card_number(s: str) -> bool:
    """A number a card network issues: a known issuer prefix and length, and Luhn. A bare
    national id of the same length that also reads as one is left to the card pattern."""
    digits = re.sub(r"\D", "", s)
    return bool(_CARD_IIN.fullmatch(digits)) and luhn_ok(digits)


# --- public API ---------------------------------------------------------------------


def match_entity(value: str) -> str | None:
    """The entity type when the *whole* value is one identifier, else None."""
    v = value.strip()
    if not v or len(v) > 320:
        return None
    if _EMAIL.fullmatch(v):
        return "EMAIL_ADDRESS"
    if _URL.fullmatch(v):
        return "URL"
    if (_IPV4.fullmatch(v) or ":" in v) and _ip_ok(v):
        return "IP_ADDRESS"
    if _SSN.fullmatch(v) and ssn_ok(v):
        return "US_SSN"
    if _IBAN.fullmatch(v.upper()) and iban_ok(v):
        return "IBAN_CODE"
    if _CARD.fullmatch(v) and _card_ok(v):
        return "CREDIT_CARD"
    if any(c.isdigit() for c in v) and _telling_national_id(v):
        return "NATIONAL_ID"
    if _PHONE.fullmatch(v) and _phone_ok(v):
        return "PHONE_NUMBER"
    return None


def _telling_national_id(value: str) -> bool:
    # Imported here: the national-id schemes use this module's SSN rules.
    from anonymizers.detect.recognizers.national_ids import telling_national_id

    return telling_national_id(value)


#: What any match ``sweep`` keeps needs, in one Rust regex (no look-arounds): an "@", a
#: ":" (IPv6), "://" or "www." (URLs), four dotted numbers (IPv4), an SSN's or an IBAN's
#: shape; a phone or a card needs eight digits or more (``_phone_ok``, ``_card_ok``).
_MIGHT_MATCH = (
    r"[@:]|%40|(?i:www\.)|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|\d{3}[- ]\d{2}[- ]\d{4}"
    r"|[A-Za-z]{2}\d{2} ?[A-Za-z0-9]{4}"
)


def might_match(texts: pl.Series) -> pl.Series:
    """Which of ``texts`` ``sweep`` could find anything in: a necessary condition checked
    for a whole column at once, so that the Python sweep reads only those (a kept column
    of amounts, dates or codes is mostly texts no identifier pattern can match)."""
    return texts.str.contains(_MIGHT_MATCH) | (texts.str.count_matches(r"\d") >= 8)


def sweep(
    text: str, include_invalid_ssn: bool = True, urls: bool = True
) -> list[tuple[int, int, str]]:
    """Every identifier-shaped match in ``text``: sorted, non-overlapping (first, longest wins).

    ``include_invalid_ssn`` keeps 9xx-area SSNs (our fakes) in the results; structurally
    impossible ones (000, 666, group 00, serial 0000) are never reported. ``urls=False``
    for technical text (log lines, page addresses): a URL there is the system's address,
    not a person's, and what is personal inside one (an e-mail, an IP) is matched alone.
    """
    found: list[tuple[int, int, str]] = []

    def add(pattern: re.Pattern[str], entity: str, ok) -> None:  # type: ignore[no-untyped-def]
        for m in pattern.finditer(text):
            if ok(m.group(0)):
                found.append((m.start(), m.end(), entity))

    add(_EMAIL, "EMAIL_ADDRESS", lambda s: True)
    add(_EMAIL_ENCODED, "EMAIL_ADDRESS", lambda s: True)
    if urls:
        add(_URL, "URL", lambda s: True)
    add(_IPV4, "IP_ADDRESS", _ip_ok)
    add(_IPV6, "IP_ADDRESS", lambda s: s.count(":") >= 2 and _ip_ok(s))
    add(_SSN, "US_SSN", lambda s: ssn_ok(s, allow_9xx=include_invalid_ssn))
    add(_IBAN, "IBAN_CODE", iban_ok)
    add(_IBAN_LOWER, "IBAN_CODE", lambda s: s[:2].upper() in _IBAN_LENGTHS and iban_ok(s))
    add(_CARD, "CREDIT_CARD", _card_ok)
    add(_PHONE, "PHONE_NUMBER", _phone_ok)
    # Earlier patterns are more specific: keep the first-added on ties, longest otherwise.
    priority = {e: i for i, e in enumerate(
        ["EMAIL_ADDRESS", "URL", "IP_ADDRESS", "US_SSN", "IBAN_CODE", "CREDIT_CARD", "PHONE_NUMBER"]
    )}  # fmt: skip
    found.sort(key=lambda t: (-(t[1] - t[0]), priority[t[2]], t[0]))
    kept: list[tuple[int, int, str]] = []
    for start, end, entity in found:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, entity))
    return sorted(kept)
