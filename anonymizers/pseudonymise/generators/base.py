"""What a fake generator is: a column of unique values in, a column of fakes out.

A generator knows one entity's format (a phone's digit layout, an IBAN's check digits, a
name's parts) and nothing about keys, re-draws or collisions: the ``Pseudonymizer`` gives
it each value's keyed ``Draw`` and attempt, checks what comes back, and asks again at the
next attempt where it must. Faking a whole column per call lets an entity's generator do
its work column-wise; the default is the one-value ``fake_one`` in a loop.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

from faker import Faker

from anonymizers.pseudonymise.column_fill import Avoided
from anonymizers.pseudonymise.draw import Draw
from anonymizers.pseudonymise.name_parts import NameParts
from anonymizers.pseudonymise.taken import TakenForms

#: A value's keyed draw at an attempt (what ``fake_one`` gets at that attempt).
DrawAt = Callable[[int], Draw]


class GeneratorContext:
    """What the generators of one Pseudonymizer share: the locale, the name-part
    registry and one Faker per locale."""

    def __init__(self, locale: str, names: NameParts) -> None:
        self.locale = locale
        self.names = names
        self._fakers: dict[str, Faker] = {}
        #: the reserved words' masks of Faker's word lists, for column-wise fills
        self.avoided = Avoided()

    def faker_for(self, d: Draw, locale: str | None = None) -> Faker:
        """One cached Faker per locale re-seeded per value: a new instance per value costs
        ~1 ms. A locale Faker does not know falls back to en_US (never an error)."""
        loc = locale or self.locale
        fk = self._fakers.get(loc)
        if fk is None:
            try:
                fk = Faker(loc)
            except AttributeError:  # Faker's way of saying "no such locale"
                fk = self._fakers.get("en_US") or Faker("en_US")
            self._fakers[loc] = fk
        fk.seed_instance(d.below(1 << 62))
        return fk


class Generator(ABC):
    """The fakes of one entity (or of a few that share a format: DATE and DATE_OF_BIRTH).

    ``fake_many`` receives stripped values (``cores``) with their normalised forms, keyed
    draws and attempts, all of one length, and returns one fake per value in that order.
    A fake may equal its value or collide with another's: the caller re-draws those.
    """

    #: The entity names this generator is registered under.
    entities: ClassVar[tuple[str, ...]] = ()
    #: Whether the fake reads the keyed draw of the whole value. Name generators key
    #: each part themselves (so one part fakes alike in every value): they get no value
    #: draw, and a name is never grown into an id when a small domain is spent.
    keyed: ClassVar[bool] = True
    #: Whether a fake depends on what was faked before (the name-part registry is first
    #: come, first served): a column of such an entity is faked value by value, in order.
    ordered: ClassVar[bool] = False
    #: Faker builds towns, streets and companies from person names ("Port Kevin",
    #: "Huffman Trafficway"): such a fake must not contain a real name part as a word, or
    #: it reads as a leak of that person, so the caller re-draws it (up to 32 times).
    wordy: ClassVar[bool] = False

    def __init__(self, ctx: GeneratorContext) -> None:
        self.ctx = ctx
        #: Normalised value → the Faker locale of the records it comes from (a country
        #: column's), for generators whose fakes are local (streets, towns); the
        #: Pseudonymizer's ``set_locales`` fills it, the context's locale otherwise.
        self.locales: Mapping[str, str] = {}

    def locale_of(self, norm: str) -> str:
        return self.locales.get(norm) or self.ctx.locale

    @abstractmethod
    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        """The fake of one stripped value."""

    def plain_words(self, norm: str) -> frozenset[str]:
        """Words a ``wordy`` fake of ``norm`` may hold though they are reserved: its
        format's own ("Puerta" in a Spanish address), written in every fake of it."""
        return frozenset()

    def skip_taken(
        self, core: str, norm: str, attempt: int, taken: TakenForms, until: int, draw: DrawAt
    ) -> int:
        """The first attempt from ``attempt`` on whose fake may be untaken. A generator that
        knows what its attempts can reach, at less cost than the fake, skips those whose
        fake would be taken (a date shifted into a span of real dates), reading each
        attempt's draw from ``draw``; attempts from ``until`` on are not the generator's own
        and are never skipped. By default none is skipped."""
        return attempt

    def request_keys(self, core: str) -> tuple[tuple[str, str], ...] | None:
        """(kind, piece) pairs of ``core`` that alone decide which name parts faking it
        asks the registry for (``ask``), so a column's requests are asked once per
        distinct piece; None: fake the value to find out (the default)."""
        return None

    def column_requests(self, values: Sequence[str]) -> Sequence[str]:
        """Ask the registry, column-wise, what faking those of ``values`` this generator
        reads as a column asks; returns the others, for ``request_keys`` value by value.
        By default none is read as a column."""
        return values

    def ask(self, kind: str, piece: str) -> None:
        """Ask the registry what faking one piece of ``request_keys`` asks."""
        raise NotImplementedError

    def fake_many(
        self,
        cores: Sequence[str],
        norms: Sequence[str],
        draws: Sequence[Draw],
        attempts: Sequence[int],
    ) -> list[str]:
        """The fakes of a column, in order: ``fake_one`` value by value unless a generator
        knows better."""
        one = self.fake_one
        return [one(c, n, d, a) for c, n, d, a in zip(cores, norms, draws, attempts, strict=True)]
