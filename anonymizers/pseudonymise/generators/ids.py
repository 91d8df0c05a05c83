"""Identifiers and anything without a format of its own: the character classes kept.

Every other generator falls back to ``fake_id`` for a value that is not in its format (an
"e-mail" without an @, a date that is not one), and an entity no generator is registered
for is faked as an identifier.
"""

from __future__ import annotations

import re

from anonymizers.pseudonymise.draw import ALNUM, Draw, chars
from anonymizers.pseudonymise.generators.base import Generator

_ID_PREFIX = re.compile(r"[A-Za-z]+[-_/.#: ]?")
_HEX = re.compile(r"[0-9a-fA-F-]+")


def fake_id(core: str, norm: str, d: Draw, attempt: int) -> str:
    """Character classes kept; a letter prefix ("EMP-") kept when digits carry the
    identity. Past 64 re-draws the value grows by a character per 64, so a dense
    domain (every 4-digit id is real) still yields unique, unreal fakes."""
    prefix = ""
    m = _ID_PREFIX.match(core)
    if m and sum(map(str.isdigit, core)) >= 3:
        prefix = m.group()
    rest = core[len(prefix) :]
    if not ALNUM.search(rest):
        prefix, rest = "", core
    hexmode = (
        len(rest) >= 16
        and bool(_HEX.fullmatch(rest))
        and any(map(str.isdigit, rest))
        and any(map(str.isalpha, rest))
    )
    out = chars(rest, d, hexmode)
    if attempt >= 64:
        k = next(i for i, c in enumerate(out) if c.isalnum())
        extra = chars(out[k] * (1 + (attempt - 64) // 64), d, hexmode)
        out = out[:k] + extra + out[k:]
    return prefix + out


class Identifier(Generator):
    """Ids, zip codes, licence, passport and account numbers: their shape is the format."""

    entities = ("ID", "ZIP_CODE", "US_DRIVER_LICENSE", "US_PASSPORT", "US_BANK_NUMBER")
    fake_one = staticmethod(fake_id)
