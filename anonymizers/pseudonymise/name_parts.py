"""The name-part registry: one fake per real name part, and never one fake for two.

Names map part by part, so "John Smith", "John", "Mr. Smith" and ``john.smith@…`` stay
one fake person. A part's fake is drawn from keyed randomness, but two real parts can
draw the same fake, and a fake can be somebody's real name: the registry settles both,
first come, first served, and remembers the answer. Its state is what a worker needs to
fake names exactly as the process that filled it (``state`` / ``load``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from anonymizers.detect.spelling import fold_word, in_style
from anonymizers.pseudonymise.draw import LOWER, Draw, apply_case, ascii_fold
from anonymizers.pseudonymise.keyed import KeyedHash
from anonymizers.pseudonymise.locales import MIX_LOCALES
from anonymizers.pseudonymise.name_pools import (
    Gender,
    Role,
    extended,
    foreign_gender,
    gender_of,
    locale_pool,
    name_locales,
    name_part_words,
    pools,
)

#: (part map, fakes used per role, reserved words): pickled for workers, so plain types.
RegistryState = tuple[dict[tuple[str, str], str], dict[str, set[str]], set[str]]


#: A one-letter part (an initial) fakes as one letter, 26 of them: a column with more
#: distinct initials than that cannot map them one to one, so past this many attempts
#: such a part draws a whole name part instead, as a spent id domain grows (a column of
#: 26 or fewer needs that many attempts with a probability of about 1e-9). A one-character
#: part of an uncased script (the surnames 王, 李, 김) is no initial: it draws a name.
INITIAL_ATTEMPTS = 512


class NameParts:
    """The registry of one Pseudonymizer. Not thread-safe, like its owner."""

    def __init__(
        self, keyed: KeyedHash, locale: str, *, keep_gender: bool, keep_locale_mix: bool
    ) -> None:
        self._keyed = keyed
        self.pools = pools(locale)
        self.keep_gender = keep_gender
        self.keep_locale_mix = keep_locale_mix
        self._foreign: dict[str, Gender] = (
            foreign_gender(self.pools.locale, MIX_LOCALES) if keep_gender else {}
        )
        # Folded spelling → the listed spelling, so "Zoe" keyed as "zoe" still finds the
        # gender and locale lists' "zoë" (the lists are case folded, not accent folded).
        self._listed: dict[str, str] = {}
        lists = (self.pools.first_set, self.pools.last_set, self._foreign)
        for listed in lists:
            for n in listed:
                f = fold_word(n)
                if f != n and not any(f in other for other in lists):
                    self._listed.setdefault(f, n)
        self._map: dict[tuple[str, str], str] = {}
        self._used: dict[str, set[str]] = {"first": set(), "last": set()}
        self.reserved: set[str] = set()
        #: Reserved words only places gave (``reserve_places``), no name.
        self.places: set[str] = set()
        self._recorded: set[tuple[str, str]] | None = None
        #: a stand-in fake per part asked for while recording (one draw per part)
        self._stand_ins: dict[tuple[str, str], str] = {}
        #: (folded surname, initial) → the one folded first name the bundle pairs them
        #: with ("" when several): ``initial_of``'s answers.
        self._initials: dict[tuple[str, str], str] = {}
        #: id(word list) → (list, reserved set, its size, the list less reserved words).
        self.spared: dict[int, tuple] = {}
        #: (part as written, role) → its attempt-0 fake as ``part`` writes it: a
        #: registered part's fake never changes, so a column's repeated parts (every
        #: Maria of a staff, a name in the full name and in two e-mails) look it up once.
        self._written: dict[tuple[str, str], str] = {}
        self._ascii: dict[tuple[str, str], str] = {}

    # -- state ----------------------------------------------------------------------------

    def reserve(self, parts: Iterable[str]) -> None:
        """Real name parts seen anywhere in the bundle: never issued as a fake part."""
        words = name_part_words(parts)
        self.reserved |= words
        self.places -= words

    @property
    def avoid(self) -> ReservedWords:
        """The reserved words as ``Template.fill`` avoids them."""
        return ReservedWords(self)

    def reserve_places(self, words: Iterable[str], wholes: Iterable[str]) -> None:
        """Real places: ``words`` (values of one word, "Fischer") reserved as name parts
        are, ``wholes`` ("Le Gall", a postcode) folded whole, so no list pick or digit
        pattern gives one. Unless a name holds it too, a place's word is no name part in
        an e-mail domain (``is_name_part``): paris.fr stays paris.fr."""
        new = (name_part_words(words) | {fold_word(v.strip()) for v in wholes}) - self.reserved
        self.reserved |= new
        self.places |= new

    def is_name_part(self, word: str) -> bool:
        """A reserved word some name of the bundle holds (not only a place)."""
        return word in self.reserved and word not in self.places

    def state(self) -> RegistryState:
        """The live state (not a copy): what a worker loads to fake as this registry does."""
        return self._map, self._used, self.reserved

    def load(self, state: RegistryState) -> None:
        part_map, used, reserved = state
        self._map = dict(part_map)
        self._written = {}
        self._ascii = {}
        self._used = {role: set(v) for role, v in used.items()}
        self.reserved = set(reserved)
        self.places = set()

    @contextmanager
    def recording(self) -> Iterator[set[tuple[str, str]]]:
        """The (role, part) pairs that would be registered inside the block: none is (the
        fakes drawn inside the block are stand-ins), so record before registering."""
        seen: set[tuple[str, str]] = set()
        self._recorded = seen
        try:
            yield seen
        finally:
            self._recorded = None
            self._stand_ins = {}

    def preregister(self, requests: Iterable[tuple[str, str]]) -> None:
        """Fill the registry in sorted (role, part) order: the same map whatever the
        partitioning, the worker count or the order partitions finish in."""
        free = FreeMembers(self)
        for role, norm in sorted(set(requests)):
            if (role, norm) not in self._map:
                self._register(role, norm, free)  # type: ignore[arg-type]

    # -- faking one part ------------------------------------------------------------------

    def part(self, part: str, role: Role, attempt: int) -> str:
        """The fake of one name part, in its case and style (no accents where the part had
        none). Keyed on the part's fold, so "Björn", "BJORN" and "bjorn" share a fake. At
        attempt 0 the registry's (the same wherever the part appears); a re-draw draws
        past the registry, avoiding only reserved words and the part itself."""
        if attempt == 0 and (done := self._written.get((part, role))) is not None:
            return done
        norm = fold_word(part)
        # An initial is a letter of a cased script; one CJK character (王, 李) is a whole
        # surname and draws a whole fake surname.
        if len(norm) == 1 and norm.upper() != norm and attempt < INITIAL_ATTEMPTS:
            d = Draw(self._keyed.seed("initial", role, norm, attempt))
            letter = LOWER[d.below(26)]
            return letter if part.islower() else letter.upper()
        if attempt == 0:
            fake = self._map.get((role, norm)) or self._register(role, norm)
            if self._recorded is None:  # (a stand-in while recording is no fake)
                written = self._written[(part, role)] = apply_case(part, in_style(part, fake))
                return written
        else:
            a = attempt
            while (f := fold_word(fake := self._draw(role, norm, a))) in self.reserved or (
                f == norm
            ):
                a += 1
        return apply_case(part, in_style(part, fake))

    def ascii_part(self, part: str, role: Role) -> str:
        """The attempt-0 fake of ``part`` in ASCII letters and digits only, in the case of
        ``part`` (an e-mail's local part: "josé" → "marta"); "" if nothing is left of it.
        Cached like ``part``, outside recording."""
        done = self._ascii.get((part, role))
        if done is not None:
            return done
        fake = ascii_fold(self.part(part, role, 0))
        out = apply_case(part, fake) if fake else ""
        if self._recorded is None:
            self._ascii[(part, role)] = out
        return out

    def pair_initial(self, last: str, first: str) -> None:
        """Remember that the bundle holds ``first`` ``last`` (both folded)."""
        slot = (last, first[0])
        self._initials[slot] = first if self._initials.get(slot, first) == first else ""

    def initial_of(self, letter: str, last: str) -> str | None:
        """The initial of the fake of the one first name the bundle gives ``last`` with
        that initial ("T." beside "Ó Súilleabháin" → the initial of Tomás's fake), else
        None (unknown or ambiguous: the initial is drawn on its own)."""
        if self._recorded is not None:
            # The question itself is recorded: a worker recording a partition's requests
            # knows no initials yet, and ``preregister`` answers it once the bundle's are.
            self._recorded.add(("initial", f"{letter} {last}"))
        first = self._initials.get((last, letter))
        if not first:
            return None
        fake = self._map.get(("first", first)) or self._register("first", first)
        return in_style(letter, fake)[:1]

    def initial_first(self, piece: str) -> str | None:
        """The folded first name a recorded ("initial", "letter surname") question stands
        for (``initial_of``), else None."""
        letter, _, last = piece.partition(" ")
        return self._initials.get((last, letter)) or None

    def is_first(self, norm: str) -> bool:
        """A lone word is a first name if the locale lists it as one; keeping the locale mix,
        also if another locale does ("Chidinma") and it is not a local surname."""
        norm = self._listed.get(norm, norm)
        if norm in self.pools.first_set:
            return True
        return (
            self.keep_locale_mix
            and norm not in self.pools.last_set
            and norm in name_locales("first", MIX_LOCALES)
        )

    def _register(self, role: Role, norm: str, free: FreeMembers | None = None) -> str:
        if self._recorded is not None:
            # Recording (``Pseudonymizer.part_requests``): which parts are asked for is
            # all that counts, their fakes are settled later in one sorted order
            # (``preregister``). A draw stands in, and nothing is registered: registering
            # draws again and again as a partition's parts fill the lists.
            self._recorded.add((role, norm))
            stand_in = self._stand_ins.get((role, norm))
            if stand_in is None:
                stand_in = self._stand_ins[(role, norm)] = self._draw(role, norm, 0)
            return stand_in
        used = self._used[role]
        # In ``preregister`` the list tiers go the quick way (``_list_tiers``), elsewhere
        # (``initial_of``, ``part``) each attempt is drawn: the same fakes.
        found = None if free is None else self._list_tiers(role, norm, free)
        if found is not None:
            cand, c = found
        else:
            a = 0 if free is None else 32
            while True:
                cand = self._draw(role, norm, a)
                c = fold_word(cand)
                if c != norm and c not in used and c not in self.reserved:
                    break
                a += 1
        self._map[(role, norm)] = cand
        used.add(c)
        if free is not None:
            free.take(role, c)
        return cand

    def _list_tiers(self, role: Role, norm: str, free: FreeMembers) -> tuple[str, str] | None:
        """Attempts 0 to 31 of ``_register`` (the list tiers) as ``_draw`` picks them, the
        fake and its fold, else None (the search goes on with the blends). A tier whose
        list has no member left (all used or reserved) fails all its 16 draws: ``free``
        knows, and the search starts at the next tier's first attempt, where drawing each
        would have come to the same fake. Each list and its folds are looked up once per
        tier, not per draw, and the part's seeds share its framing (``seeder``)."""
        used, reserved = self._used[role], self.reserved
        seed = self._keyed.seeder("part", role, norm)
        for start in (0, 16):
            pool, folds, left = free.of(role, self._pool(role, norm, start))
            if not left or (len(left) == 1 and norm in left):
                continue
            k = len(pool)
            for a in range(start, start + 16):
                i = Draw(seed(a)).below(k)  # (``Draw.pick``)
                c = folds[i]
                if c != norm and c not in used and c not in reserved:
                    return pool[i], c
        return None

    def _draw(self, role: Role, norm: str, attempt: int) -> str:
        """Tiered pools: the locale's list (first names keep apparent gender), then many
        locales' lists, then blends of two real names, which never run out."""
        d = Draw(self._keyed.seed("part", role, norm, attempt))
        if attempt < 32:
            return d.pick(self._pool(role, norm, attempt))
        pool = extended(role)
        pieces = [d.pick(pool) for _ in range(2 + (attempt - 32) // 128)]
        head = pieces[0][: 2 + d.below(3)]
        return head + "".join(x[-(2 + d.below(3)) :].lower() for x in pieces[1:])

    def _pool(self, role: Role, norm: str, attempt: int) -> tuple[str, ...]:
        """The list attempt ``attempt`` (< 32) of ``_draw`` picks from: one per tier."""
        if attempt >= 16:
            return extended(role)
        p = self.pools
        listed = self._listed.get(norm, norm)
        if self.keep_locale_mix and (mixed := self._mix_pool(role, listed)):
            return mixed
        if role == "last":
            return p.last
        gender = gender_of(p, self._foreign, listed) if self.keep_gender else None
        if gender and (p.female if gender == "female" else p.male):
            return p.female if gender == "female" else p.male
        return p.first

    def _mix_pool(self, role: Role, norm: str) -> tuple[str, ...]:
        """The other locale a name part belongs to decides its pool; the part alone decides
        (not the rest of the PERSON), so a part maps the same wherever it appears."""
        owner = name_locales(role, MIX_LOCALES).get(norm)
        if owner is None:  # no list knows it: the configured locale, as without the option
            return ()
        own = self.pools.locale
        by_gender = self.keep_gender and role == "first"
        gender = gender_of(self.pools, self._foreign, norm) if by_gender else None
        # A name several locales share gets one of the configured locale's shared names,
        # and one only the configured locale lists gets another such: drawing either from
        # the whole list would turn shared names into local ones and shift the mix.
        target, shared = (own, True) if owner == "" else (owner, False)
        return locale_pool(own, MIX_LOCALES, target, shared, role, gender, by_gender)


class FreeMembers:
    """While ``preregister`` fills the registry: per (role, list) a part's tier picks
    from, the folds of the members still free (no fake of the role uses one, no real part
    reserves one). The used and reserved sets only grow while it runs, and only through
    the registrations it is told of (``take``), so a list found spent stays spent, and a
    tier of a spent list can be skipped without changing a fake (``_list_tiers``)."""

    __slots__ = ("_free", "_names", "_of_role")

    def __init__(self, names: NameParts) -> None:
        self._names = names
        #: (role, id(list)) → (the list, kept alive so its id stays its own; its folds;
        #: the folds still free)
        self._free: dict[tuple[str, int], tuple[tuple[str, ...], tuple[str, ...], set[str]]] = {}
        self._of_role: dict[str, list[set[str]]] = {}

    def of(
        self, role: Role, pool: tuple[str, ...]
    ) -> tuple[tuple[str, ...], tuple[str, ...], set[str]]:
        """``pool``, its members' folds (in its order) and the folds still free."""
        hit = self._free.get((role, id(pool)))
        if hit is None:
            names = self._names
            folds = tuple(map(fold_word, pool))
            left = set(folds) - names._used[role] - names.reserved
            hit = self._free[(role, id(pool))] = (pool, folds, left)
            self._of_role.setdefault(role, []).append(left)
        return hit

    def take(self, role: Role, fold: str) -> None:
        """A fake of ``role`` registered, folded ``fold``: no longer free in any list."""
        for left in self._of_role.get(role, ()):
            left.discard(fold)


class ReservedWords:
    """A registry's reserved words for ``Template.fill``: membership, and a word list less
    the words it holds (cached per list until the reserved set changes)."""

    __slots__ = ("_names",)

    def __init__(self, names: NameParts) -> None:
        self._names = names

    def __contains__(self, word: object) -> bool:
        return word in self._names.reserved

    def __len__(self) -> int:
        return len(self._names.reserved)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names.reserved)

    def spare(self, words: tuple[str, ...]) -> tuple[str, ...]:
        names = self._names
        reserved = names.reserved
        hit = names.spared.get(id(words))
        if hit is None or hit[0] is not words or hit[1] is not reserved or hit[2] != len(reserved):
            from anonymizers.pseudonymise.faker_formats import spare_words

            hit = (words, reserved, len(reserved), spare_words(words, reserved))
            names.spared[id(words)] = hit
        return hit[3]
