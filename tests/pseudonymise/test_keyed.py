"""The one keyed derivation: its framing, its pinned outputs, and the v1 pieces kept."""

from __future__ import annotations

import hashlib
import hmac
import json

from anonymizers.certify import keys
from anonymizers.certify.encryption import data_key_id
from anonymizers.certify.manifest import SCHEMA_PATH
from anonymizers.pseudonymise.keyed import (
    DERIVATION,
    KeyedHash,
    derive,
    frame,
    key_fingerprint,
    seed,
    seed_key,
    subject_digest_v1,
)
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = b"northwind-hr-export-pseudonym-key-2025"


def test_derive_is_hmac_sha256_of_the_frame() -> None:
    msg = frame("fake", "EMAIL_ADDRESS", "ana.souza@example.org", 0)
    assert msg == b"safeset\x00fake\x0013:EMAIL_ADDRESS,21:ana.souza@example.org,1:0,"
    assert (
        derive(KEY, "fake", "EMAIL_ADDRESS", "ana.souza@example.org", 0)
        == hmac.new(KEY, msg, hashlib.sha256).digest()
    )


def test_a_seed_is_keyed_blake2b_under_a_derived_key() -> None:
    sub = derive(KEY, "seed-key", "fake", "PERSON")
    assert seed_key(KEY, "fake", "PERSON") == sub
    expected = hashlib.blake2b(b"14:Zo\xc3\xab O'Connell,1:3,", key=sub, digest_size=32).digest()
    assert seed(sub, "Zoë O'Connell", 3) == expected
    assert KeyedHash(KEY).seed("fake", "PERSON", "Zoë O'Connell", 3) == expected
    # Purposes, entities, attempts and keys each give other seeds.
    others = {
        KeyedHash(KEY).seed("part", "PERSON", "Zoë O'Connell", 3),
        KeyedHash(KEY).seed("fake", "FIRST_NAME", "Zoë O'Connell", 3),
        KeyedHash(KEY).seed("fake", "PERSON", "Zoë O'Connell", 4),
        KeyedHash(b"another-key").seed("fake", "PERSON", "Zoë O'Connell", 3),
    }
    assert len(others) == 4 and expected not in others


def test_a_seeder_gives_the_seeds_of_one_value_at_any_attempt() -> None:
    """``seeder`` hashes the value's framing once: the same bytes as ``seed``."""
    keyed = KeyedHash(KEY)
    at = keyed.seeder("part", "last", "ó súilleabháin")
    for attempt in (0, 1, 9, 10, 31, 32, 160):
        assert at(attempt) == keyed.seed("part", "last", "ó súilleabháin", attempt)
    assert at(3) != keyed.seeder("part", "first", "ó súilleabháin")(3)


def test_frame_never_lets_parts_run_into_each_other() -> None:
    """The v1 digest framing (``digest`` + entity + value) gave PERSON + "Al" and
    PERSONA + "l" the same input; lengths make every split distinct."""
    splits = [("PERSON", "Al"), ("PERSONA", "l"), ("PERSONAl",), ("PERSON", "A", "l")]
    assert len({frame("digest", *s) for s in splits}) == len(splits)
    assert frame("date-shift", "e-1") != frame("subject", "e-1")  # purposes apart
    assert frame("x", "\x00", "a") != frame("x", "", "\x00a")  # NUL inside a value


def test_pinned_v2_outputs() -> None:
    """Changing the framing changes every fake: it needs a new DERIVATION name, and these
    pins fail first."""
    assert DERIVATION == "safeset-keyed/2"
    assert derive(KEY, "subject", "c-10482").hex() == (
        "46e0e8264e85bcb793f42f2227ba1ab336b8a426bf6756fb4788e1844337a4be"
    )


def test_pinned_v1_pieces_are_unchanged() -> None:
    """What earlier runs recorded must keep meaning the same: their subject digests and
    the key ids in their manifests."""
    assert (
        subject_digest_v1(KEY, "c-10482")
        == hmac.new(KEY, b"subject\x00c-10482", hashlib.sha256).hexdigest()
    )
    assert (
        keys.pseudonym_key_id(KEY)
        == (hmac.new(KEY, b"safeset key id", hashlib.sha256).hexdigest()[:16])
    )
    assert (
        data_key_id(KEY) == hmac.new(KEY, b"safeset data key id", hashlib.sha256).hexdigest()[:16]
    )
    assert key_fingerprint(KEY, b"safeset key id") == keys.pseudonym_key_id(KEY)


def test_manifest_schema_names_this_derivation() -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    deid = schema["properties"]["deidentification"]["properties"]["derivation"]
    assert deid["const"] == DERIVATION
    # the inline form of older runs (the index file form is subject_index.ALGORITHM)
    inline = schema["properties"]["subject_index"]["oneOf"][0]
    assert inline["properties"]["algorithm"]["enum"] == ["hmac-sha256", DERIVATION]


def test_pinned_v2_fakes_and_digest() -> None:
    """The fakes a key gives under ``DERIVATION``: a re-run with the same key must give
    these bytes, and a change of framing must come with a new DERIVATION name."""
    pz = Pseudonymizer(KEY, "en_US")
    assert pz.fake("EMAIL_ADDRESS", "ana.souza@example.org") == "angela.welch@example.org"
    assert pz.fake("PHONE_NUMBER", "(415) 555-0187") == "(215) 403-7504"
    assert pz.fake("PERSON", "Marisol Okafor") == "Kaitlyn Zuniga"
    assert pz.fake("CREDIT_CARD", "4111 1111 1111 1111") == "4023 9431 3336 5169"
    assert pz.digest("EMAIL_ADDRESS", "ana.souza@example.org") == "hmac-sha256:5e4e04ba3f6610db"
    expected = derive(KEY, "digest", "EMAIL_ADDRESS", "ana.souza@example.org").hex()[:16]
    assert pz.digest("EMAIL_ADDRESS", " Ana.Souza@Example.org ") == "hmac-sha256:" + expected
