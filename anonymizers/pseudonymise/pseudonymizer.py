"""Keyed, consistent, format-keeping fakes.

Every fake is drawn from randomness seeded by ``HMAC-SHA256(key, entity ‖ normalise(value))``
rather than from a globally seeded Faker: a global seed gives the same *sequence*, so a
value's fake would depend on what came before it. Seeding per value gives the same
*mapping* in every table, in free text and in every run that uses the same key.

The formats live in one generator per entity (``generators/``); this class keys them,
re-draws a fake that equals its value, and runs the name-part registry they share, so
"John Smith", "John", "Mr. Smith" and ``john.smith@…`` stay consistent and two different
real parts never share a fake part. ``build_map`` adds the guarantees the verification
relies on: the mapping is injective and no fake equals a real value, resolved by
deterministic re-draws.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

import polars as pl

from anonymizers.detect.spelling import NAME_JOINERS
from anonymizers.pseudonymise.bundle_names import BundleNames
from anonymizers.pseudonymise.draw import ALNUM, NO_DRAW, Draw, chars, pour_digits
from anonymizers.pseudonymise.generators.base import Generator, GeneratorContext
from anonymizers.pseudonymise.generators.ids import fake_id
from anonymizers.pseudonymise.generators.registry import GENERATORS, GeneratorRegistry
from anonymizers.pseudonymise.keyed import KeyedHash
from anonymizers.pseudonymise.name_parts import NameParts
from anonymizers.pseudonymise.name_pools import LETTER_RUN
from anonymizers.pseudonymise.normalise import (
    DATE_ENTITIES,
    DIGIT_ENTITIES,
    NAME_ENTITIES,
    normalise,
    normalise_many,
    whole_number,
)
from anonymizers.pseudonymise.taken import Taken, TakenForms

#: Re-draws after which a generator that keeps giving the value back is given up on:
#: the value's letters and digits are replaced as they are.
_GIVE_UP = 64
#: Re-draws after which a ``wordy`` fake may hold a real name part.
_WORDY_TRIES = 32
#: The attempt from which a small domain counts as spent (names excepted): the value is
#: faked as an id at attempt − ``_GROW_SHIFT``, past ``fake_id``'s own 64, so it grows by
#: a character per 64 attempts.
_GROW_FROM = 512
_GROW_SHIFT = 448
#: Values faked per round trip through a generator: a block's draws are alive at once,
#: and a column-wise generator (``column_fill``) pays numpy's per-call cost once per
#: block. Only a value's first round registers name parts, so the size changes no fake.
_BLOCK = 4096


class Pseudonymizer(BundleNames):
    """Consistent fakes under one secret key. Not thread-safe: the name-part registry is
    per instance (one instance per bundle, in one process)."""

    def __init__(
        self,
        key: bytes,
        locale: str = "en_US",
        *,
        keep_gender: bool = True,
        keep_locale_mix: bool = False,
        generators: GeneratorRegistry = GENERATORS,
    ) -> None:
        """``keep_gender``: a first name's fake has its apparent gender (from the locale's
        lists, else the other ``MIX_LOCALES`` lists). ``keep_locale_mix``: a name owned by
        one other locale's lists gets its fake from that locale's lists, so a fairness test
        on the output still sees Yoruba, Italian or German names where the input had them.
        ``generators``: which generator fakes which entity."""
        if not key:
            raise ValueError("the pseudonymisation key must not be empty")
        self.key = key
        self.locale = locale
        self.keep_gender = keep_gender
        self.keep_locale_mix = keep_locale_mix
        self._keyed = KeyedHash(key)
        self._names = NameParts(
            self._keyed, locale, keep_gender=keep_gender, keep_locale_mix=keep_locale_mix
        )
        self._ctx = GeneratorContext(locale, self._names)
        self._registry = generators
        self._generators: dict[str, Generator] = {}

    def _generator(self, entity: str) -> Generator:
        gen = self._generators.get(entity)
        if gen is None:
            gen = self._generators[entity] = self._registry.get(entity)(self._ctx)
        return gen

    def digest(self, entity: str, value: str) -> str:
        """A keyed reference to a value for reports and findings: linkable by the key
        holder, meaningless without it, and never the value or an unkeyed hash."""
        mac = self._keyed.derive("digest", entity, normalise(entity, value))
        return "hmac-sha256:" + mac.hex()[:16]

    # -- fakes ---------------------------------------------------------------------------

    def fake(self, entity: str, value: str, attempt: int = 0) -> str:
        """The fake for ``value``; never the value itself (after normalise). A value with
        no letter or digit has nothing to replace and comes back unchanged."""
        return self.fake_attempt(entity, value, normalise(entity, value), attempt)[0]

    def fake_attempt(self, entity: str, value: str, norm: str, attempt: int) -> tuple[str, str]:
        """(fake, normalised fake): build_map needs both, normalising once. One value's
        ``fake_many``, without the column's bookkeeping."""
        core = _core(entity, value)
        # Nothing to replace: no letter or digit ("---"), or a phone, card or SSN cell with
        # no digit at all ("N/A", "unknown"), which every fake would equal after normalise.
        if not ALNUM.search(core) or (entity in DIGIT_ENTITIES and not norm):
            return value, norm
        gen = self._generators.get(entity) or self._generator(entity)
        keyed = gen.keyed
        a = attempt
        while a < attempt + _GIVE_UP:
            d = Draw(self._keyed.seed("fake", entity, norm, a)) if keyed else NO_DRAW
            if keyed and a >= _GROW_FROM:  # a small domain is spent: grow the value
                out = fake_id(core, norm, d, a - _GROW_SHIFT)
            else:
                out = gen.fake_one(core, norm, d, a)
            out_norm = normalise(entity, out)
            if out_norm != norm and (
                not gen.wordy or self._clear(out_norm, a - attempt, gen.plain_words(norm))
            ):
                return (out if len(core) == len(value) else _rewrap(value, core, out)), out_norm
            a += 1
        return self._give_up(gen, entity, value, core, norm, attempt)

    def fake_many(
        self,
        entity: str,
        values: Sequence[str],
        norms: Sequence[str],
        attempts: Sequence[int],
    ) -> tuple[list[str], list[str]]:
        """(fakes, normalised fakes) of a column of values, each at its own attempt: each
        value's the same as ``fake_attempt`` gives it alone.

        The generator fakes the column round by round: a fake equal to its value (or, for
        a ``wordy`` entity, holding a reserved name part) is drawn again at the next
        attempt in the next round. Only a value's first round can register name parts
        (later rounds look up the same parts), so the registry fills in column order, as
        it does value by value."""
        if not len(values) == len(norms) == len(attempts):
            raise ValueError("values, norms and attempts must be columns of one length")
        gen = self._generator(entity)
        fakes, fnorms = list(values), list(norms)
        cores = [_core(entity, v) for v in values]
        digits_only = entity in DIGIT_ENTITIES
        # Nothing to replace: no letter or digit ("---"), or a phone, card or SSN cell with
        # no digit at all ("N/A", "unknown"), which every fake would equal after normalise.
        todo = [
            i for i, c in enumerate(cores) if ALNUM.search(c) and not (digits_only and not norms[i])
        ]
        # Block by block, in order: a block's draws are alive at once, a column's need not be.
        for b in range(0, len(todo), _BLOCK):
            block = todo[b : b + _BLOCK]
            self._fake_block(gen, entity, values, cores, norms, attempts, block, (fakes, fnorms))
        return fakes, fnorms

    def _fake_block(
        self,
        gen: Generator,
        entity: str,
        values: Sequence[str],
        cores: list[str],
        norms: Sequence[str],
        attempts: Sequence[int],
        todo: list[int],
        out: tuple[list[str], list[str]],
    ) -> None:
        fakes, fnorms = out
        wordy = gen.wordy
        for redraws in range(_GIVE_UP):
            if not todo:
                return
            these = [norms[i] for i in todo]
            made = self._round(
                gen, entity, [cores[i] for i in todo], these, [attempts[i] + redraws for i in todo]
            )
            later: list[int] = []
            fnorms_made = _normalised(entity, made)
            for i, norm, fake, fnorm in zip(todo, these, made, fnorms_made, strict=True):
                if fnorm != norm and (
                    not wordy or self._clear(fnorm, redraws, gen.plain_words(norm))
                ):
                    value, core = values[i], cores[i]
                    fakes[i] = fake if len(core) == len(value) else _rewrap(value, core, fake)
                    fnorms[i] = fnorm
                else:
                    later.append(i)
            todo = later
        # Every value left gives up in this same round: each finishes alone, in column
        # order, as it would value by value (a name's draw here is shared state).
        for i in todo:
            fakes[i], fnorms[i] = self._give_up(
                gen, entity, values[i], cores[i], norms[i], attempts[i]
            )

    def _round(
        self, gen: Generator, entity: str, cores: list[str], norms: list[str], attempts: list[int]
    ) -> list[str]:
        """One round's fakes, each value at its own attempt."""
        if not gen.keyed:
            return gen.fake_many(cores, norms, [NO_DRAW] * len(cores), attempts)
        draws = list(map(Draw, self._keyed.seeds("fake", entity, norms, attempts)))
        if max(attempts) < _GROW_FROM:
            return gen.fake_many(cores, norms, draws, attempts)
        # A small domain is spent: such a value grows, one more character per 64 attempts.
        made = [""] * len(cores)
        plain = [k for k, a in enumerate(attempts) if a < _GROW_FROM]
        for k, a in enumerate(attempts):
            if a >= _GROW_FROM:
                made[k] = fake_id(cores[k], norms[k], draws[k], a - _GROW_SHIFT)
        fakes = gen.fake_many(
            [cores[k] for k in plain],
            [norms[k] for k in plain],
            [draws[k] for k in plain],
            [attempts[k] for k in plain],
        )
        for k, fake in zip(plain, fakes, strict=True):
            made[k] = fake
        return made

    def _clear(self, fnorm: str, redraws: int, plain: frozenset[str] = frozenset()) -> bool:
        """A ``wordy`` fake holds no reserved name part as a word, or has tried enough.
        Particles and initials ("de", "van", "C.") are no name on their own, and the
        format's own words (``plain``) are in every fake of it."""
        if redraws >= _WORDY_TRIES:
            return True
        reserved = self._names.reserved
        return not any(
            w in reserved and len(w) > 1 and w not in NAME_JOINERS and w not in plain
            for w in LETTER_RUN.findall(fnorm)
        )

    def _give_up(
        self, gen: Generator, entity: str, value: str, core: str, norm: str, attempt: int
    ) -> tuple[str, str]:
        """The generator keeps giving the value back: its letters and digits replaced as
        they are, re-drawn until they differ."""
        a = attempt + _GIVE_UP
        while True:
            d = Draw(self._keyed.seed("fake", entity, norm, a)) if gen.keyed else NO_DRAW
            fake = chars(core, d)
            fnorm = normalise(entity, fake)
            if fnorm != norm and (
                not gen.wordy or self._clear(fnorm, a - attempt, gen.plain_words(norm))
            ):
                return _rewrap(value, core, fake), fnorm
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
        # Sorted pairs: a group (the values of one normalised form) is a run of rows, and
        # its first value, the smallest, is the one whose draw settles the group.
        heads = [k for k in range(len(norms)) if k == 0 or norms[k] != norms[k - 1]]
        first: tuple[list[str], list[str]] | None = None
        if not self._generator(entity).ordered:
            # Fakes that depend on nothing faked before: every group's first draw in one
            # column; the loop below re-draws only the collisions.
            first = self.fake_many(
                entity, [vals[k] for k in heads], [norms[k] for k in heads], [0] * len(heads)
            )
        taken = Taken(forbidden)
        skip = self._generator(entity).skip_taken
        seed = self._keyed.seed
        out: dict[str, str] = {}
        digits = entity in DIGIT_ENTITIES
        group = None
        fake = fnorm = ""
        attempt = 0
        h = 0
        for value, norm in zip(vals, norms, strict=True):
            if norm != group:
                group, attempt = norm, 0
                if first is not None:
                    fake, fnorm = first[0][h], first[1][h]
                else:
                    fake, fnorm = self.fake_attempt(entity, value, norm, 0)
                h += 1
                # (fake == value: nothing to replace, e.g. "---")
                while not (fake == value or fnorm not in taken):
                    # Attempts that could only give a taken fake are not drawn at all.
                    core = _core(entity, value)
                    attempt = skip(core, norm, attempt + 1, taken, _GROW_FROM,
                                   lambda a, n=norm: Draw(seed("fake", entity, n, a)))  # fmt: skip
                    fake, fnorm = self.fake_attempt(entity, value, norm, attempt)
                taken.add(fnorm)
                out[value] = fake
                continue
            f, fn = self.fake_attempt(entity, value, norm, attempt)
            if fn != fnorm:
                if digits:  # the group's digits in this value's own shape
                    core = _core(entity, value)
                    f = _rewrap(value, core, pour_digits(core, fnorm))
                else:
                    f = fake
            out[value] = f
        return out

    def skip_taken(
        self,
        entity: str,
        values: Sequence[str],
        norms: Sequence[str],
        attempts: Sequence[int],
        taken: TakenForms,
    ) -> list[int]:
        """Each value's first attempt from its own in ``attempts`` on whose fake may be
        untaken: ``build_map``'s skip (a birth date's shifts that can only land on real
        birth dates are not drawn), for a caller that keeps the taken forms itself (a
        partitioned run's re-draws, ``partitioned/redraw.py``)."""
        if not self.skips_taken(entity):
            return list(attempts)  # the default skips nothing: no call per value
        gen = self._generator(entity)
        seeder = self._keyed.seeder  # a value's framing hashed once, for all its attempts
        return [
            gen.skip_taken(_core(entity, v), n, a, taken, _GROW_FROM,
                           lambda x, at=seeder("fake", entity, n): Draw(at(x)))
            for v, n, a in zip(values, norms, attempts, strict=True)
        ]  # fmt: skip

    def ordered(self, entity: str) -> bool:
        """Whether ``entity``'s fakes depend on what was faked before (``Generator.
        ordered``: the name-part registry, first come, first served)."""
        return self._generator(entity).ordered

    def skips_taken(self, entity: str) -> bool:
        """Whether ``entity``'s generator skips attempts whose fake is taken itself
        (``Generator.skip_taken``: dates)."""
        return type(self._generator(entity)).skip_taken is not Generator.skip_taken

    def set_locales(self, entity: str, locales: Mapping[str, str]) -> None:
        """Normalised value → Faker locale for ``entity``'s fakes (a street or town of a
        record whose country column says Ireland gets an Irish one). Values without one
        keep the Pseudonymizer's locale; a fake stays a function of the key, the value
        and this hint, so a bundle faked twice gives the same fakes. The mapping is
        shared, never changed (a million addresses' hints, set again by every task of a
        partitioned run: a copy each cost ~30 ms)."""
        self._generator(entity).locales = locales

    def locales(self, entity: str) -> dict[str, str]:
        """The locale hints ``set_locales`` gave ``entity`` (a copy)."""
        return dict(self._generator(entity).locales)


#: Fakes from which a round's are normalised column-wise (``normalise_many``).
_NORMALISE_MANY_FROM = 64


def _normalised(entity: str, fakes: list[str]) -> list[str]:
    """``normalise`` of each fake: column-wise for many (the same forms, value by value)."""
    if len(fakes) < _NORMALISE_MANY_FROM or entity in DATE_ENTITIES:
        return [normalise(entity, f) for f in fakes]
    return normalise_many(entity, pl.Series(fakes, dtype=pl.String)).to_list()


def _core(entity: str, value: str) -> str:
    """What a fake replaces in a value: the value without its surrounding space, and
    without the ".0" a float column writes after a whole number (``whole_number``)."""
    return whole_number(entity, value.strip())


def _rewrap(value: str, core: str, fake: str) -> str:
    """The fake of ``core`` in what surrounds it in the value: its leading and trailing
    space, and the ".0" a float column writes after a whole number (``whole_number``)."""
    if len(core) == len(value):
        return fake
    lead = value[: len(value) - len(value.lstrip())]
    return lead + fake + value[len(lead) + len(core) :]
