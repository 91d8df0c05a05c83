"""Column names and JSON keys that are data: found before anything is written.

A column name is copied into the plan, the manifest, the reports and the lineage, none
of which is faked or checked as data. So a name must never be a personal value. An
export that uses values as names (a CSV header that is an e-mail address, a record key
that is a phone number) is refused in one line naming the file, the column's position
and the kind of value (never the value). Inside JSON records, objects keyed by such
values are read as maps instead (``io/json_keys.py``), with ``json_key_kind`` deciding.

What counts as a value: a whole identifier the pattern rules recognise (e-mail, phone,
card, IBAN, IP, SSN, national id, URL: ``detect/patterns.py``), a person's name (two to
four capitalised words, each in the public name lists, none an everyday word:
``detect/lexicon.py``); for JSON keys also an id-like code (``ACC-553120``, ``1002``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from anonymizers.detect.lexicon import name_gazetteer, name_words_only
from anonymizers.detect.patterns import match_entity
from anonymizers.errors import InputError
from anonymizers.io.tables import Table, data_columns

_KINDS = {
    "EMAIL_ADDRESS": "an e-mail address",
    "PHONE_NUMBER": "a phone number",
    "CREDIT_CARD": "a card number",
    "IBAN_CODE": "an IBAN",
    "IP_ADDRESS": "an IP address",
    "US_SSN": "a social security number",
    "NATIONAL_ID": "a national id",
    "URL": "a URL",
}
#: An id-like code: a short letter prefix and a long number (``ACC-553120``, ``C-10293``).
_ID_SHAPE = re.compile(r"^[A-Za-z]{0,5}[-_#: ]?\d{5,}$")


def personal_kind(text: str) -> str | None:
    """The kind of personal value ``text`` is as a whole ("an e-mail address"), or None."""
    entity = match_entity(text)
    if entity:
        return _KINDS.get(entity, "an identifier")
    value = text.strip()
    if _name_shaped(value) and name_words_only(value):
        words = name_gazetteer()
        if all(w.lower().strip(".") in words for w in value.split() if len(w.rstrip(".")) > 1):
            return "a person's name"
    return None


def _name_shaped(value: str) -> bool:
    """Two to four capitalised words of letters (hyphens, apostrophes, an initial's dot)."""
    words = value.split()
    return 2 <= len(words) <= 4 and all(
        w[0].isupper()
        and w.replace("-", "").replace("'", "").replace("’", "").rstrip(".").isalpha()
        for w in words
    )


def json_key_kind(key: str) -> str | None:
    """Is a JSON object key data? ``personal_kind``, or an id-like code."""
    if _ID_SHAPE.match(key.strip()):
        return "an identifier"
    return personal_kind(key)


def _parts(column: str) -> list[str]:
    """Every run of a flattened name's fields: ``by.a@b.org`` → ``by``, ``a@b``, ``org``,
    ``by.a@b``, ``a@b.org``, … (a key may hold dots, so a value may span fields)."""
    fields = [p for p in re.split(r"\[\]|\{\}", column) for p in p.split(".")]
    return [".".join(fields[i:j]) for i in range(len(fields))
            for j in range(i + 1, len(fields) + 1) if fields[i] and fields[j - 1]]  # fmt: skip


def check_column_names(tables: Sequence[Table]) -> None:
    """Refuse a table whose column names (or nested field names) are personal values."""
    for table in tables:
        for position, column in enumerate(data_columns(table.df), 1):
            for part in _parts(table.original_names.get(column, column)):
                kind = personal_kind(part)
                if kind:
                    raise InputError(
                        f"{table.path}: column {position} has a name (or field name) that "
                        f"looks like {kind}; personal data cannot be a column name: rename "
                        "it, or nest such values under a field so they are read as a map"
                    )
