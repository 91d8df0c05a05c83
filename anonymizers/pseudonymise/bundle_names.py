"""What a pseudonymizer learns from the whole bundle before it fakes anything: the name-part
registry (parts seen, reserved, registered in one sorted order), the places and initials
it must fake alike on every worker, and the requests a partitioned run collects first.

A mixin of ``Pseudonymizer``, kept apart because it is the state a partitioned run ships
to its workers (``registry``, ``place_words``, ``initials``), not the drawing of fakes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from anonymizers.detect.spelling import fold_word
from anonymizers.pseudonymise.draw import ALNUM
from anonymizers.pseudonymise.generators.base import Generator
from anonymizers.pseudonymise.generators.contact import label_requests
from anonymizers.pseudonymise.generators.names import fake_name, learn_initials
from anonymizers.pseudonymise.name_parts import NameParts, RegistryState
from anonymizers.pseudonymise.name_pools import LETTER_RUN, Role
from anonymizers.pseudonymise.normalise import normalise


class BundleNames:
    """The bundle's names, places and initials, as ``Pseudonymizer`` keeps them."""

    _names: NameParts

    def _generator(self, entity: str) -> Generator:
        raise NotImplementedError  # the pseudonymizer's

    def fake_attempt(self, entity: str, value: str, norm: str, attempt: int) -> tuple[str, str]:
        raise NotImplementedError  # the pseudonymizer's

    def learn_full_names(self, values: Iterable[str]) -> None:
        """Full names of the bundle: "T. Ó Súilleabháin" then gets the initial of the fake
        of the one first name the bundle gives that surname with a T."""
        learn_initials(self._names, values)

    # -- the name-part registry ---------------------------------------------------------

    def reserve_name_parts(self, parts: Iterable[str]) -> None:
        """Real name parts seen anywhere in the bundle: never issued as a fake part, so a
        fake "Maria" cannot be mistaken for (or flagged as a leak of) a real Maria."""
        self._names.reserve(parts)

    def reserve_places(self, values: Iterable[str]) -> None:
        """Real towns, companies and postcodes: no word or number a place's fake picks from
        Faker's lists and patterns is one, so the scrub has nothing to re-draw. A value of
        one word is reserved as a name part too (France has towns called Fischer), but an
        e-mail domain naming it stays as it is."""
        one, whole = [], []
        for v in values:
            (one if LETTER_RUN.fullmatch(v.strip()) else whole).append(v)
        self._names.reserve_places(one, whole)

    def place_words(self) -> frozenset[str]:
        """The reserved words only places gave (``reserve_places``): with ``registry``,
        what a partitioned run's worker needs to fake as this instance does."""
        return frozenset(self._names.places)

    def load_place_words(self, words: Iterable[str]) -> None:
        self._names.places = set(words)

    def initials(self) -> dict[tuple[str, str], str]:
        """What ``learn_full_names`` taught: (folded surname, initial) → first name. With
        ``registry``, what a partitioned run's worker needs to fake initials alike."""
        return dict(self._names._initials)

    def load_initials(self, initials: dict[tuple[str, str], str]) -> None:
        self._names._initials = dict(initials)

    def part_requests(self, entity: str, values: Iterable[str]) -> set[tuple[str, str]]:
        """The (role, part) pairs that faking ``values`` registers. The registry is first
        come, first served, so partitions faked in parallel would each fill it in their
        own order: a partitioned run collects these first and registers them in one
        sorted order (``preregister``) before any partition is faked."""
        gen = self._generator(entity)
        pieces: set[tuple[str, str]] = set()
        with self._names.recording() as seen:
            for v in gen.column_requests(list(values)):
                core = v.strip()
                keys = gen.request_keys(core) if ALNUM.search(core) else None
                if keys is None:
                    self.fake_attempt(entity, v, normalise(entity, v), 0)
                else:
                    pieces.update(keys)
            for kind, piece in sorted(pieces):  # each distinct piece once
                gen.ask(kind, piece)
        return seen

    def label_requests(self, entity: str, values: Sequence[str]) -> set[tuple[str, str]]:
        """("label", piece) for each domain label piece of the e-mail addresses among
        ``values`` that faking may map as a surname. Whether it does depends on the
        name parts of the whole bundle (a "lee-bakery.com" of a bundle with a Lee), known
        only once every partition is collected: ``preregister`` then registers those
        that are, so no worker registers one in its own order."""
        return label_requests(values) if entity == "EMAIL_ADDRESS" else set()

    def preregister(self, requests: Iterable[tuple[str, str]]) -> None:
        """Fill the registry in sorted (role, part) order: the same map whatever the
        partitioning, the worker count or the order partitions finish in. A domain label
        (``label_requests``) that holds a name part of the bundle is registered as a
        surname, as faking its addresses would ask."""
        parts: set[tuple[str, str]] = set()
        for role, part in requests:
            if role == "initial":
                if first := self._names.initial_first(part):
                    parts.add(("first", first))
            elif role != "label":
                parts.add((role, part))
            elif self._names.is_name_part(part.casefold()):
                parts.add(("last", fold_word(part)))
        self._names.preregister(parts)

    def registry(self) -> RegistryState:
        """The name-part state a worker needs to fake exactly as this instance does."""
        return self._names.state()

    def load_registry(self, state: RegistryState) -> None:
        self._names.load(state)

    def fake_name_part(self, part: str, role: Role) -> str:
        """The fake of one name part in one role; the same wherever the part appears."""
        if len(LETTER_RUN.findall(part)) != 1:
            return fake_name(self._names, part, 0, role)
        return LETTER_RUN.sub(lambda m: self._names.part(m.group(), role, 0), part)
