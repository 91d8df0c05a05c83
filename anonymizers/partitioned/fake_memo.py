"""The attempt-0 fakes a worker drew in earlier partitions of the run, for values that
recur partition after partition.

A million employees' birth dates are ~16,000 days, and each of the 20 partitions holds
~14,000 of them: the draw pass drew each day's fake in every partition (as it did each
postcode and each town). A fake of a generator that reads nothing drawn before it
(``Pseudonymizer.ordered`` false) is a pure function of the run's key, registry and the
value, so a worker keeps those it drew and looks them up in its next partitions. An
entity whose values do not recur (ids, e-mails: a partition finds few of its values
kept) is dropped after one partition, and each entity keeps ``MAX_VALUES`` at most: the
memory stays a few MB per worker whatever the export.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

#: Values kept per entity, at most.
MAX_VALUES = 32_768
#: Below this share of a partition's values found kept, an entity is not kept any more.
MIN_FOUND = 0.25

#: (fake, normalised fake, fake digest) of one value.
Drawn = tuple[str, str, int]


class FakeMemo:
    """One worker process's kept fakes, for one run at a time (``run``: what makes the
    run's fakes, its work folder and key; a new run forgets the last one's)."""

    def __init__(self) -> None:
        self.run: Hashable = None
        self.kept: dict[str, dict[str, Drawn]] = {}
        self.off: set[str] = set()

    def draw(
        self,
        run: Hashable,
        entity: str,
        values: Sequence[str],
        draw: Callable[[list[int]], list[Drawn]],
    ) -> list[Drawn]:
        """Each value's ``Drawn``: the kept ones looked up, the others from ``draw`` (given
        their positions in ``values``, it returns theirs in that order) and kept."""
        if run != self.run:
            self.run, self.kept, self.off = run, {}, set()
        if entity in self.off:
            return draw(list(range(len(values))))
        kept = self.kept.setdefault(entity, {})
        found = [kept.get(v) for v in values]
        missing = [i for i, d in enumerate(found) if d is None]
        if kept and values and (len(values) - len(missing)) / len(values) < MIN_FOUND:
            self.off.add(entity)  # its values do not recur: not worth the memory
            del self.kept[entity]
            kept = {}
        for i, d in zip(missing, draw(missing), strict=True):
            found[i] = d
            if len(kept) < MAX_VALUES and entity not in self.off:
                kept[values[i]] = d
        return found  # type: ignore[return-value]

    def forget(self) -> None:
        self.__init__()  # type: ignore[misc]
