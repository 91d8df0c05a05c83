"""Addresses only a partition's texts hold, rebuilt from the fakes of the pieces the
tables know (street, town, postcode), as the in-memory path does: the pieces lie in any
partition, so their fakes are computed where needed, at the attempt settling gave them.
"""

from __future__ import annotations

import numpy as np

from anonymizers.partitioned.text import KnownInput
from anonymizers.partitioned.text_checks import GlobalTargets
from anonymizers.policy import Policy
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.transform.apply import (
    Context,
    scrub_rebuilt,
)
from anonymizers.transform.consistency import (
    LOCAL_ENTITIES,
    Pieces,
    address_pieces,
    compose_addresses,
)

_pieces: dict[int, tuple[KnownInput, Pieces]] = {}


def _pieces_for(known: KnownInput, policy: Policy) -> Pieces:
    """The bundle's address pieces, made once per worker."""
    held = _pieces.get(id(known))
    if held is None or held[0] is not known:
        _pieces.clear()
        min_length = policy.detection.min_known_length
        held = (known, address_pieces(known.structured, set(known.structured), min_length))
        _pieces[id(known)] = held
    return held[1]


#: Per entity, (sorted digests, settled attempts) of the values settling moved.
Moved = dict[str, tuple[np.ndarray, np.ndarray]]


def compose_text_addresses(
    ctx: Context,
    wanted: dict[str, set[str]],
    known: KnownInput,
    targets: GlobalTargets,
    moved: Moved,
    digest: object,
) -> None:
    """Addresses only this partition's texts hold, rebuilt from the fakes of the street,
    town and postcode the tables know (``consistency.compose_addresses``), as in memory:
    the pieces' fakes are computed here, at the attempt settling gave them (``moved``),
    wherever in the bundle they lie; a rebuilt fake that holds a real value is drawn
    whole again (``apply.scrub_rebuilt``)."""
    policy, pz = ctx.policy, ctx.pseudonymizer
    mentioned = {
        e: {v for v in wanted.get(e, ()) if v not in known.structured.get(e, ())}
        for e in LOCAL_ENTITIES
        if policy.operator_for(e) == "fake"
    }
    mentioned = {e: v for e, v in mentioned.items() if v}
    if not mentioned:
        return
    pieces = _pieces_for(known, policy)
    by_entity: dict[str, list[str]] = {}
    for entity, original in sorted(pieces.found(v for vs in mentioned.values() for v in vs)):
        by_entity.setdefault(entity, []).append(original)
    for entity, originals in by_entity.items():
        h = digest(pz.key, entity, originals)  # type: ignore[operator]
        digests, attempts = moved.get(entity, (np.empty(0, np.uint64), np.empty(0, np.int64)))
        at = np.zeros(len(originals), dtype=np.int64)
        if digests.size:
            pos = np.minimum(np.searchsorted(digests, h), digests.size - 1)
            hit = digests[pos] == h
            at[hit] = attempts[pos[hit]]
        norms = [normalise(entity, o) for o in originals]
        fakes, _ = pz.fake_many(entity, originals, norms, at.tolist())
        ctx.maps.setdefault(entity, {}).update(zip(originals, fakes, strict=True))
    for entity in mentioned:
        ctx.maps.setdefault(entity, {})
    min_length = policy.detection.min_known_length
    rebuilt = compose_addresses(pz, ctx.maps, known.structured, mentioned, min_length, pieces)
    scrub_rebuilt(ctx, rebuilt, matcher=targets.matcher())  # type: ignore[arg-type]
