"""Identifiers and anything without a format of its own: the character classes kept.

Every other generator falls back to ``fake_id`` for a value that is not in its format (an
"e-mail" without an @, a date that is not one), and an entity no generator is registered
for is faked as an identifier.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from anonymizers.pseudonymise.column_fill import Streams, column_seeds, fill_chars
from anonymizers.pseudonymise.draw import ALNUM, Draw, chars
from anonymizers.pseudonymise.generators.base import Generator

_ID_PREFIX = re.compile(r"[A-Za-z]+[-_/.#: ]?")
#: Hexadecimal with its separators: a UUID's hyphens, a MAC address's colons.
_HEX = re.compile(r"[0-9a-fA-F:-]+")


def _id_parts(core: str) -> tuple[str, str, bool]:
    """(prefix kept, the rest to replace, whether the rest is hexadecimal) of an id."""
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
    return prefix, rest, hexmode


def fake_id(core: str, norm: str, d: Draw, attempt: int) -> str:
    """Character classes kept; a letter prefix ("EMP-") kept when digits carry the
    identity. Past 64 re-draws the value grows by a character per 64, so a dense
    domain (every 4-digit id is real) still yields unique, unreal fakes."""
    prefix, rest, hexmode = _id_parts(core)
    out = chars(rest, d, hexmode)
    if attempt >= 64:
        k = next(i for i, c in enumerate(out) if c.isalnum())
        extra = chars(out[k] * (1 + (attempt - 64) // 64), d, hexmode)
        out = out[:k] + extra + out[k:]
    return prefix + out


def fake_ids(
    cores: Sequence[str], norms: Sequence[str], draws: Sequence[Draw], attempts: Sequence[int]
) -> list[str]:
    """``fake_id`` of a column: the ASCII ids of one length and kind, before any grows,
    replaced column-wise (``column_fill.fill_chars``), the others one by one."""
    out: list[str | None] = [None] * len(cores)
    seeds = column_seeds(draws)
    if seeds is not None:
        groups: dict[tuple[int, bool], list[int]] = defaultdict(list)
        parts = [_id_parts(c) for c in cores]
        for i, ((_, rest, hexmode), a) in enumerate(zip(parts, attempts, strict=True)):
            if a < 64:
                groups[(len(rest), hexmode)].append(i)
        streams = Streams(seeds)
        for (_, hexmode), rows in groups.items():
            made = fill_chars([parts[i][1] for i in rows], streams,
                              np.asarray(rows, dtype=np.int64), hexmode)  # fmt: skip
            if made is not None:
                for i, fake in zip(rows, made, strict=True):
                    out[i] = parts[i][0] + fake
    return [
        f if f is not None else fake_id(c, n, d, a)
        for f, c, n, d, a in zip(out, cores, norms, draws, attempts, strict=True)
    ]


class Identifier(Generator):
    """Ids, zip codes, licence, passport and account numbers: their shape is the format."""

    entities = ("ID", "ZIP_CODE", "US_DRIVER_LICENSE", "US_PASSPORT", "US_BANK_NUMBER")
    fake_one = staticmethod(fake_id)

    def fake_many(
        self, cores: Sequence[str], norms: Sequence[str], draws: Sequence[Draw],
        attempts: Sequence[int],
    ) -> list[str]:  # fmt: skip
        return fake_ids(cores, norms, draws, attempts)
