"""The value store's key: a keyed 64-bit digest of a value's normalised form."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import polars as pl

from anonymizers.pseudonymise.keyed import derive
from anonymizers.pseudonymise.normalise import normalise, normalise_many


def digest64(key: bytes, entity: str, norms: Sequence[str]) -> np.ndarray:
    """Keyed 64-bit digests of normalised values: equal values, equal digests; without
    the key they say nothing. Collisions of distinct values (about n²/2⁶⁵) only cause a
    needless re-draw, never a missed conflict."""
    sub = derive(key, "partition-digest", entity)
    # A keyed BLAKE2b state copied per value: the same digest as a new keyed one, without
    # hashing the key block again for each of millions of values.
    copy = hashlib.blake2b(digest_size=8, key=sub).copy

    def one(n: str) -> bytes:
        h = copy()
        h.update(n.encode())
        return h.digest()

    return np.frombuffer(b"".join(map(one, norms)), dtype="<u8").astype(np.uint64)


def norm_digests(key: bytes, entity: str, values: Sequence[str]) -> np.ndarray:
    """``digest64`` of each value's normalised form: the value store's key. Normalised
    column-wise (``normalise_many``: the same forms, value by value)."""
    if not isinstance(values, pl.Series) and len(values) < 64:
        return digest64(key, entity, [normalise(entity, v) for v in values])
    norms = normalise_many(entity, pl.Series(values, dtype=pl.String))
    return digest64(key, entity, norms.to_list())
