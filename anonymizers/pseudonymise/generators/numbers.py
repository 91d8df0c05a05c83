"""Card, social security and bank account numbers: valid in form, never real.

A card keeps its network digit, length and layout with a correct Luhn digit; an SSN takes
the never-issued 9xx area; an IBAN keeps its country, length and spacing with correct
mod-97 check digits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from anonymizers.pseudonymise.column_fill import (
    Streams,
    column_seeds,
    digit_strings,
    or_chars,
    or_fake_one,
)
from anonymizers.pseudonymise.draw import LOWER, Draw, apply_case, chars, pour_digits
from anonymizers.pseudonymise.generators.base import Generator
from anonymizers.pseudonymise.generators.ids import fake_id

_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{1,30}")
#: A digit doubled, as Luhn counts it: its digit sum (8 → 16 → 7).
_LUHN_DOUBLE = str.maketrans("0123456789", "0246813579")
#: IBAN check digits count letters as numbers: A → 10 … Z → 35.
IBAN_NUMBERS = {ord(c): str(10 + i) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}


def luhn_check_digit(body: str) -> str:
    """The digit that makes ``body`` + it pass the Luhn check."""
    doubled = body[::-1][0::2].translate(_LUHN_DOUBLE)
    total = sum(map(int, doubled)) + sum(map(int, body[::-1][1::2]))
    return str((10 - total % 10) % 10)


def luhn_check_digits(bodies: Sequence[str]) -> list[str]:
    """``luhn_check_digit`` of each of ``bodies``, all of one length, column-wise: a
    column of a million cards spent ~3 s in the digit-by-digit sums."""
    if not bodies:
        return []
    digits = np.frombuffer("".join(bodies).encode("ascii"), dtype=np.uint8)
    rev = (digits.reshape(len(bodies), -1) - 48)[:, ::-1].astype(np.int64)
    doubled = rev[:, 0::2] * 2
    total = (doubled - 9 * (doubled > 9)).sum(axis=1) + rev[:, 1::2].sum(axis=1)
    return [chr(48 + c) for c in ((10 - total % 10) % 10).tolist()]


class CreditCard(Generator):
    entities = ("CREDIT_CARD",)

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        if len(norm) < 2:
            return chars(core, d)
        body = norm[0] + d.digits(len(norm) - 2)
        return pour_digits(core, body + luhn_check_digit(body))

    def fake_many(
        self, cores: Sequence[str], norms: Sequence[str], draws: Sequence[Draw],
        attempts: Sequence[int],
    ) -> list[str]:  # fmt: skip
        """Cards of one length drawn column-wise, the same draws as ``fake_one``'s."""
        seeds = column_seeds(draws)
        if seeds is None:
            return super().fake_many(cores, norms, draws, attempts)
        by_length: dict[int, list[int]] = {}
        for i, n in enumerate(norms):
            if len(n) >= 2:
                by_length.setdefault(len(n), []).append(i)
        st = Streams(seeds)
        out: list[str | None] = [None] * len(cores)
        for length, rows in by_length.items():
            drawn = digit_strings(st, np.asarray(rows, dtype=np.int64), length - 2)
            bodies = [norms[i][0] + digits for i, digits in zip(rows, drawn, strict=True)]
            checks = luhn_check_digits(bodies)
            for i, body, check in zip(rows, bodies, checks, strict=True):
                out[i] = pour_digits(cores[i], body + check)
        return or_chars(out, cores, draws)


class UsSsn(Generator):
    entities = ("US_SSN",)

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        """Area 9xx is never issued by the SSA: a fake SSN can never be a real one."""
        if len(norm) != 9:
            return chars(core, d)
        digits = f"9{d.below(100):02d}{1 + d.below(99):02d}{1 + d.below(9999):04d}"
        return pour_digits(core, digits)

    def fake_many(
        self, cores: Sequence[str], norms: Sequence[str], draws: Sequence[Draw],
        attempts: Sequence[int],
    ) -> list[str]:  # fmt: skip
        """SSNs of nine digits drawn column-wise, the same draws as ``fake_one``'s."""
        seeds = column_seeds(draws)
        if seeds is None:
            return super().fake_many(cores, norms, draws, attempts)
        rows = np.asarray([i for i, n in enumerate(norms) if len(n) == 9], dtype=np.int64)
        st = Streams(seeds)
        area = st.below(rows, 100).tolist()
        group = (1 + st.below(rows, 99)).tolist()
        serial = (1 + st.below(rows, 9999)).tolist()
        out = [None] * len(cores)
        for i, a, g, s in zip(rows.tolist(), area, group, serial, strict=True):
            out[i] = pour_digits(cores[i], f"9{a:02d}{g:02d}{s:04d}")
        return or_chars(out, cores, draws)


class IbanCode(Generator):
    entities = ("IBAN_CODE",)

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        if not _IBAN.fullmatch(norm):
            return fake_id(core, norm, d, attempt)
        country, bban = norm[:2], norm[4:]
        if bban.isdigit():  # most countries (DE, IT's tail, …): one draw for all digits
            new_bban = d.digits(len(bban))
        else:
            new_bban = "".join(
                str(d.below(10)) if c.isdigit() else LOWER[d.below(26)].upper() for c in bban
            )
        return _iban(core, norm, country, new_bban)

    def fake_many(
        self, cores: Sequence[str], norms: Sequence[str], draws: Sequence[Draw],
        attempts: Sequence[int],
    ) -> list[str]:  # fmt: skip
        """IBANs whose account part is all digits, of one length, drawn column-wise
        (``column_fill``), the same draws as ``fake_one``'s; the rest value by value."""
        seeds = column_seeds(draws)
        if seeds is None:
            return super().fake_many(cores, norms, draws, attempts)
        by_length: dict[int, list[int]] = {}
        for i, norm in enumerate(norms):
            if _IBAN.fullmatch(norm) and norm[4:].isdigit():
                by_length.setdefault(len(norm) - 4, []).append(i)
        st = Streams(seeds)
        out: list[str | None] = [None] * len(cores)
        for length, rows in by_length.items():
            drawn = digit_strings(st, np.asarray(rows, dtype=np.int64), length)
            for i, bban in zip(rows, drawn, strict=True):
                out[i] = _iban(cores[i], norms[i], norms[i][:2], bban)
        return or_fake_one(out, self.fake_one, cores, norms, draws, attempts)


def _iban(core: str, norm: str, country: str, bban: str) -> str:
    """The IBAN of ``country`` and account part ``bban`` with its check digits, written as
    ``core`` was (its spaces and case)."""
    numeric = (bban + country + "00").translate(IBAN_NUMBERS)
    compact = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    if core == norm:  # already compact and upper-case: nothing to pour back
        return compact
    it = iter(compact)
    return "".join(c if c.isspace() else apply_case(c, next(it)) for c in core)
