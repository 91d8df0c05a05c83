"""The name-part registry: ``preregister`` skips the tiers whose lists are spent, and
settles every part exactly as drawing each attempt in turn does."""

from __future__ import annotations

from collections.abc import Callable

from anonymizers.detect.spelling import fold_word
from anonymizers.pseudonymise.keyed import KeyedHash
from anonymizers.pseudonymise.name_parts import NameParts
from anonymizers.pseudonymise.name_pools import extended

KEY = b"test-pseudonymisation-key-0042"


class Counted(KeyedHash):
    """A key that counts the seeds it gives (each draw of a fake part reads one)."""

    draws = 0

    def seed(self, purpose: str, entity: str, norm: str, attempt: int) -> bytes:
        self.draws += 1
        return super().seed(purpose, entity, norm, attempt)

    def seeder(self, purpose: str, entity: str, norm: str) -> Callable[[int], bytes]:
        at = super().seeder(purpose, entity, norm)

        def counted(attempt: int) -> bytes:
            self.draws += 1
            return at(attempt)

        return counted


def crowded() -> tuple[NameParts, list[str]]:
    """An en_NG registry (20 local surnames) in a bundle that holds every surname of the
    extended list and a few local ones: 80 distinct surnames of the bundle ask for a fake,
    so the local list runs out part-way through and the extended one has nothing to give."""
    names = NameParts(Counted(KEY), "en_NG", keep_gender=True, keep_locale_mix=False)
    local = {fold_word(n) for n in names.pools.last}
    bundle = sorted({fold_word(n) for n in extended("last")} - local)
    names.reserve(bundle + sorted(local - {"ibrahim"})[::6])  # (and 4 local surnames)
    return names, bundle[::90][:80]


def draws(names: NameParts) -> int:
    return names._keyed.draws  # type: ignore[attr-defined]


def one_at_a_time(names: NameParts, parts: list[str]) -> None:
    """The sorted loop ``preregister`` ran before the skip: every attempt drawn."""
    for norm in sorted(set(parts)):
        names._register("last", norm)


def test_preregister_gives_the_registry_of_one_attempt_at_a_time() -> None:
    fast, parts = crowded()
    fast.preregister(("last", p) for p in parts)
    slow, _ = crowded()
    one_at_a_time(slow, parts)
    assert list(fast._map.items()) == list(slow._map.items())
    assert fast._used == slow._used
    local = {fold_word(n) for n in fast.pools.last}
    fakes = {fold_word(f) for f in fast._map.values()}
    # Most local surnames were issued before the list ran out, the rest are blends...
    assert len(fakes & local) >= 12
    assert len(fakes - local) >= 50
    # ...and the spent tiers were skipped, not drawn 16 times each.
    assert draws(fast) < draws(slow) / 4


def test_a_part_that_is_its_lists_last_free_member_skips_it() -> None:
    """Its own fold is never its fake: a list whose only free member is the part itself
    is spent for it, as drawing it 16 times finds."""
    fast, _ = crowded()
    fast.reserve(n for n in fast.pools.last if n != "Ibrahim")
    fast.preregister([("last", "ibrahim")])  # (local, and the one free extended surname)
    slow, _ = crowded()
    slow.reserve(n for n in slow.pools.last if n != "Ibrahim")
    one_at_a_time(slow, ["ibrahim"])
    assert fast._map == slow._map
    assert fold_word(fast._map[("last", "ibrahim")]) not in set(map(fold_word, extended("last")))
    assert draws(fast) == 1 and draws(slow) == 33


def test_a_part_never_draws_itself_from_its_list() -> None:
    """With the part and one other local surname free, the part gets the other one
    (unless its 16 draws from the 20 miss it), however often they fall on itself."""
    local = [fold_word(n) for n in crowded()[0].pools.last]
    fakes: dict[tuple[str, str], str] = {}
    for part in local[:3]:
        for other in local:
            if other == part:
                continue
            fast, slow = crowded()[0], crowded()[0]
            for names in (fast, slow):
                names.reserve(n for n in local if n not in (part, other))
                names.reserved -= {part, other}  # (crowded reserves a few local ones)
            fast.preregister([("last", part)])
            one_at_a_time(slow, [part])
            assert fast._map == slow._map
            fakes[(part, other)] = fold_word(fast._map[("last", part)])
    assert all(fake != part for (part, _), fake in fakes.items())
    assert sum(fake == other for (_, other), fake in fakes.items()) >= len(fakes) / 2


def test_register_outside_preregister_is_the_same_fake() -> None:
    """``initial_of`` and ``part`` register one part at a time, with no skip: the same
    fake as ``preregister`` gives it in the same state."""
    a, parts = crowded()
    b, _ = crowded()
    a.preregister([("last", parts[0])])
    assert b._register("last", parts[0]) == a._map[("last", parts[0])]
