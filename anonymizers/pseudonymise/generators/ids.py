"""Identifiers and anything without a format of its own: the character classes kept.

Every other generator falls back to ``fake_id`` for a value that is not in its format (an
"e-mail" without an @, a date that is not one), and an entity no generator is registered
for is faked as an identifier.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from anonymizers.pseudonymise.column_fill import Streams, column_seeds, fill_chars
from anonymizers.pseudonymise.draw import ALNUM, Draw, char_classes, chars
from anonymizers.pseudonymise.generators.base import DrawAt, Generator
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.taken import TakenForms

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


#: Attempts an id is drawn at each length: past 64 re-draws the value grows by a
#: character per 64, so a dense domain (every 4-digit id is real) still yields unique,
#: unreal fakes.
GROW_EVERY = 64
#: Fakes of one shape and length drawn to tell whether that space is spent (all taken):
#: then settling skips to the next length (``Identifier.skip_taken``).
SPENT_SAMPLES = 48


def fake_id(core: str, norm: str, d: Draw, attempt: int) -> str:
    """Character classes kept; a letter prefix ("EMP-") kept when digits carry the
    identity; grown by a character per ``GROW_EVERY`` attempts past the first."""
    prefix, rest, hexmode = _id_parts(core)
    return _drawn(prefix, rest, hexmode, d, attempt)


def _drawn(prefix: str, rest: str, hexmode: bool, d: Draw, attempt: int) -> str:
    out = chars(rest, d, hexmode)
    if attempt >= GROW_EVERY:
        k = next(i for i, c in enumerate(out) if c.isalnum())
        extra = chars(out[k] * (attempt // GROW_EVERY), d, hexmode)
        out = out[:k] + extra + out[k:]
    return prefix + out


def _spent(prefix: str, rest: str, hexmode: bool, level: int, taken: TakenForms) -> bool:
    """Whether the fakes of this shape at this length are all taken, as ``SPENT_SAMPLES``
    of them drawn from the shape alone say (the same samples for every value of it, in
    any partition): ids numbered 1 to 100,000 fill every number of five digits and
    fewer, and each of their fakes took 64 draws a length (64 s for 100,000 rows)."""
    return taken.all_taken(_samples(prefix, char_classes(rest), hexmode, level))


@lru_cache(maxsize=4096)  # a shape is asked only when its fakes collide: few shapes
def _samples(prefix: str, shape: str, hexmode: bool, level: int) -> tuple[str, ...]:
    """``SPENT_SAMPLES`` fakes of the shape at this length, normalised (unkeyed: they are
    only looked up among the taken forms, never written)."""
    return tuple(
        normalise("ID", _drawn(prefix, shape, hexmode, Draw(hashlib.sha256(
            f"{prefix}\0{shape}\0{hexmode}\0{j}".encode()).digest()), level * GROW_EVERY))
        for j in range(SPENT_SAMPLES)
    )  # fmt: skip


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

    def skip_taken(
        self, core: str, norm: str, attempt: int, taken: TakenForms, until: int, draw: DrawAt
    ) -> int:
        """Past every length whose space the real values and the fakes placed so far have
        spent (``_spent``): its draws could only collide."""
        prefix, rest, hexmode = _id_parts(core.strip())
        if not ALNUM.search(rest):
            return attempt
        while attempt < until and _spent(prefix, rest, hexmode, attempt // GROW_EVERY, taken):
            attempt = GROW_EVERY * (attempt // GROW_EVERY + 1)
        return min(attempt, until)

    def fake_many(
        self, cores: Sequence[str], norms: Sequence[str], draws: Sequence[Draw],
        attempts: Sequence[int],
    ) -> list[str]:  # fmt: skip
        return fake_ids(cores, norms, draws, attempts)
