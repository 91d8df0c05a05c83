"""Dates, shifted by a keyed number of days in the format they were written in."""

from __future__ import annotations

from datetime import timedelta

from anonymizers.pseudonymise.draw import Draw
from anonymizers.pseudonymise.generators.base import Generator
from anonymizers.pseudonymise.generators.ids import fake_id
from anonymizers.pseudonymise.normalise import parse_date


class DateShift(Generator):
    entities = ("DATE", "DATE_OF_BIRTH")

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        """Shift by a keyed ±1..365 days (never 0) keeping the format; the range widens
        by a year per 32 re-draws so a dense set of real dates can still be avoided."""
        parsed = parse_date(core)
        if parsed is None:
            return fake_id(core, norm, d, attempt)
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
