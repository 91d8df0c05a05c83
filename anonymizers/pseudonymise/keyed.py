"""Every value safeset derives from the pseudonymisation key, through one framing.

Fakes' seeds, keyed digests in reports, subject digests for deletion requests, date
offsets, the ``hash`` operator and the partition digests all come from
``derive(key, purpose, *parts)``: HMAC-SHA256 over a labelled message in which each part
is a netstring (``<length>:<bytes>,``). A fake's per-value seed, the one derivation made
millions of times, is keyed BLAKE2b under a key ``derive`` makes per (purpose, entity).
The purpose keeps the streams apart (a date offset never equals a fake's seed), and the
lengths make the message unambiguous whatever bytes a value holds, so two different
(purpose, parts) never share an input.

``DERIVATION`` names this scheme in the manifest. Runs made before it used ad-hoc
framings (``v1``, no name in the manifest); the only v1 derivation still computed is the
subject digest, so a deletion request can be checked against an older run's index.
Key ids (``key_fingerprint``) are outside the scheme on purpose: they name a key, and an
earlier manifest's key id must keep naming the same key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from typing import Any

#: Recorded as ``deidentification.derivation`` and ``subject_index.algorithm``.
DERIVATION = "safeset-keyed/2"
#: ``subject_index.algorithm`` of runs made before ``DERIVATION``.
SUBJECT_V1 = "hmac-sha256"

_PREFIX = b"safeset\x00"

Part = str | bytes | int


def _bytes(part: Part) -> bytes:
    if isinstance(part, bytes):
        return part
    if isinstance(part, str):
        return part.encode("utf-8")
    return b"%d" % part


def frame(purpose: str, *parts: Part) -> bytes:
    """The message ``derive`` authenticates (exposed for tests and auditors)."""
    body = b"".join(b"%d:%s," % (len(b), b) for b in map(_bytes, parts))
    return _PREFIX + purpose.encode("ascii") + b"\x00" + body


def derive(key: bytes, purpose: str, *parts: Part) -> bytes:
    """HMAC-SHA256 of the framed message: 32 bytes, unpredictable without the key."""
    return hmac.digest(key, frame(purpose, *parts), "sha256")


def seed_key(key: bytes, purpose: str, entity: str) -> bytes:
    """The key of one (purpose, entity)'s per-value seeds, derived like everything else."""
    return derive(key, "seed-key", purpose, entity)


def seed(subkey: bytes, text: str, number: int) -> bytes:
    """One value's seed: keyed BLAKE2b (a MAC by design, RFC 7693) of the value and its
    attempt as netstrings, under ``seed_key``; 32 bytes. The hot path of every fake, one
    call per value, where HMAC would pay its two extra hash passes each time."""
    t = text.encode("utf-8")
    n = b"%d" % number
    msg = b"%d:%s,%d:%s," % (len(t), t, len(n), n)
    return hashlib.blake2b(msg, key=subkey, digest_size=32).digest()


class KeyedHash:
    """One key's derivations, for the Pseudonymizer: ``seed`` under each (purpose,
    entity)'s ``seed_key``, derived once, and ``derive`` with the key held. Each subkey's
    keyed BLAKE2b state is kept and copied per value: the same digest as ``seed`` hashing
    the key block again, at a fifth of the cost (the hot path of every fake)."""

    __slots__ = ("_states", "_subkeys", "key")

    def __init__(self, key: bytes) -> None:
        self.key = key
        self._subkeys: dict[tuple[str, str], bytes] = {}
        self._states: dict[tuple[str, str], Callable[[], Any]] = {}

    def _copier(self, purpose: str, entity: str) -> Callable[[], Any]:
        copy = self._states.get((purpose, entity))
        if copy is None:
            sub = self._subkeys.get((purpose, entity))
            if sub is None:
                sub = self._subkeys[(purpose, entity)] = seed_key(self.key, purpose, entity)
            copy = hashlib.blake2b(digest_size=32, key=sub).copy
            self._states[(purpose, entity)] = copy
        return copy

    def seed(self, purpose: str, entity: str, norm: str, attempt: int) -> bytes:
        h = self._copier(purpose, entity)()
        t = norm.encode("utf-8")
        n = b"%d" % attempt
        h.update(b"%d:%s,%d:%s," % (len(t), t, len(n), n))
        return h.digest()

    def seeder(self, purpose: str, entity: str, norm: str) -> Callable[[int], bytes]:
        """``seed`` of ``norm`` at any attempt, its framing hashed once: the attempts of
        one value (a name part drawn until its fake is free)."""
        t = norm.encode("utf-8")
        head = self._copier(purpose, entity)()
        head.update(b"%d:%s," % (len(t), t))
        copy = head.copy

        def at(attempt: int) -> bytes:
            h = copy()
            n = b"%d" % attempt
            h.update(b"%d:%s," % (len(n), n))
            return h.digest()

        return at

    def seeds(
        self, purpose: str, entity: str, norms: Sequence[str], attempts: Sequence[int]
    ) -> list[bytes]:
        """``seed`` of each (norm, attempt) pair, for a column."""
        copy = self._copier(purpose, entity)
        out: list[bytes] = []
        add = out.append
        for norm, attempt in zip(norms, attempts, strict=True):
            h = copy()
            t = norm.encode("utf-8")
            n = b"%d" % attempt
            h.update(b"%d:%s,%d:%s," % (len(t), t, len(n), n))
            add(h.digest())
        return out

    def derive(self, purpose: str, *parts: Part) -> bytes:
        return derive(self.key, purpose, *parts)


def key_fingerprint(key: bytes, label: bytes) -> str:
    """A key's public name (16 hex digits): HMAC of a fixed label, so it says nothing of
    the key and is stable across derivation versions."""
    return hmac.digest(key, label, "sha256").hex()[:16]


def subject_digest_v1(key: bytes, normalised_id: str) -> str:
    """The subject digest of runs made before ``DERIVATION`` (their ``subject_index``)."""
    return hmac.digest(key, b"subject\x00" + normalised_id.encode("utf-8"), "sha256").hex()
