"""Every value safeset derives from the pseudonymisation key, through one framing.

Fakes' seeds, keyed digests in reports, subject digests for deletion requests, date
offsets, the ``hash`` operator and the partition digests all come from
``derive(key, purpose, *parts)``: HMAC-SHA256 over a labelled message in which each part
is a netstring (``<length>:<bytes>,``). The purpose keeps the streams apart (a date
offset never equals a fake's seed), and the lengths make the message unambiguous whatever
bytes a value holds, so two different (purpose, parts) never share an input.

``DERIVATION`` names this scheme in the manifest. Runs made before it used ad-hoc
framings (``v1``, no name in the manifest); the only v1 derivation still computed is the
subject digest, so a deletion request can be checked against an older run's index.
Key ids (``key_fingerprint``) are outside the scheme on purpose: they name a key, and an
earlier manifest's key id must keep naming the same key.
"""

from __future__ import annotations

import hmac

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


def derive_after(key: bytes, head: bytes, text: str, number: int) -> bytes:
    """``derive(key, purpose, *fixed, text, number)`` given ``head = frame(purpose, *fixed)``:
    the hot path of every fake (one call per value), which frames its fixed parts once."""
    t = text.encode("utf-8")
    n = b"%d" % number
    return hmac.digest(key, b"%s%d:%s,%d:%s," % (head, len(t), t, len(n), n), "sha256")


class KeyedHash:
    """One key's derivations, for the Pseudonymizer: ``seed`` is ``derive(key, purpose,
    entity, norm, attempt)`` with the framed (purpose, entity) kept, since it is the same
    for every value of a column."""

    __slots__ = ("_heads", "key")

    def __init__(self, key: bytes) -> None:
        self.key = key
        self._heads: dict[tuple[str, str], bytes] = {}

    def seed(self, purpose: str, entity: str, norm: str, attempt: int) -> bytes:
        head = self._heads.get((purpose, entity))
        if head is None:
            head = self._heads[(purpose, entity)] = frame(purpose, entity)
        return derive_after(self.key, head, norm, attempt)

    def derive(self, purpose: str, *parts: Part) -> bytes:
        return derive(self.key, purpose, *parts)


def key_fingerprint(key: bytes, label: bytes) -> str:
    """A key's public name (16 hex digits): HMAC of a fixed label, so it says nothing of
    the key and is stable across derivation versions."""
    return hmac.digest(key, label, "sha256").hex()[:16]


def subject_digest_v1(key: bytes, normalised_id: str) -> str:
    """The subject digest of runs made before ``DERIVATION`` (their ``subject_index``)."""
    return hmac.digest(key, b"subject\x00" + normalised_id.encode("utf-8"), "sha256").hex()
