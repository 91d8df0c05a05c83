"""The value store's key: a keyed 64-bit digest of a value's normalised form."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from anonymizers.pseudonymise.keyed import derive
from anonymizers.pseudonymise.normalise import normalise


def digest64(key: bytes, entity: str, norms: Sequence[str]) -> np.ndarray:
    """Keyed 64-bit digests of normalised values: equal values, equal digests; without
    the key they say nothing. Collisions of distinct values (about n²/2⁶⁵) only cause a
    needless re-draw, never a missed conflict."""
    sub = derive(key, "partition-digest", entity)
    raw = b"".join(hashlib.blake2b(n.encode(), digest_size=8, key=sub).digest() for n in norms)
    return np.frombuffer(raw, dtype="<u8").astype(np.uint64)


def norm_digests(key: bytes, entity: str, values: Sequence[str]) -> np.ndarray:
    """``digest64`` of each value's normalised form: the value store's key."""
    return digest64(key, entity, [normalise(entity, v) for v in values])
