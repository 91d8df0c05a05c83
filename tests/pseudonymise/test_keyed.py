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
    derive,
    derive_after,
    frame,
    key_fingerprint,
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


def test_the_hot_path_derives_the_same_bytes() -> None:
    for text, number in (("ana.souza@example.org", 0), ("", 12), ("Zoë O'Connell", 3)):
        assert derive_after(KEY, frame("fake", "PERSON"), text, number) == derive(
            KEY, "fake", "PERSON", text, number
        )


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
    algorithms = schema["properties"]["subject_index"]["properties"]["algorithm"]["enum"]
    assert algorithms == ["hmac-sha256", DERIVATION]


def test_pinned_v2_fakes_and_digest() -> None:
    """The fakes a key gives under ``DERIVATION``: a re-run with the same key must give
    these bytes, and a change of framing must come with a new DERIVATION name."""
    pz = Pseudonymizer(KEY, "en_US")
    assert pz.fake("EMAIL_ADDRESS", "ana.souza@example.org") == "gabrielle.hines@example.org"
    assert pz.fake("PHONE_NUMBER", "(415) 555-0187") == "(624) 789-5760"
    assert pz.fake("PERSON", "Marisol Okafor") == "Gabriella Church"
    assert pz.fake("CREDIT_CARD", "4111 1111 1111 1111") == "4258 9578 2884 8012"
    assert pz.digest("EMAIL_ADDRESS", "ana.souza@example.org") == "hmac-sha256:5e4e04ba3f6610db"
    expected = derive(KEY, "digest", "EMAIL_ADDRESS", "ana.souza@example.org").hex()[:16]
    assert pz.digest("EMAIL_ADDRESS", " Ana.Souza@Example.org ") == "hmac-sha256:" + expected
