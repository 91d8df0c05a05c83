"""Text-only addresses in a partitioned run are rebuilt from the fakes of the pieces the
tables know, at the attempt settling gave each piece, wherever in the bundle it lies."""

from __future__ import annotations

import numpy as np

from anonymizers.detect.known import KnownValues
from anonymizers.partitioned.digests import norm_digests
from anonymizers.partitioned.text import KnownInput
from anonymizers.partitioned.text_addresses import compose_text_addresses
from anonymizers.partitioned.text_checks import GlobalTargets
from anonymizers.policy import Policy
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.apply import Context

KEY = bytes(range(32))
STRUCTURED = {
    "ADDRESS": {"Skolvägen 8", "Storgatan 14"},
    "LOCATION": {"Trelleborg", "Gävle"},
    "ZIP_CODE": {"231 42", "802 55"},
}
#: Only a ticket holds this address; its street and town are other customers' (tables).
MENTION = "Storgatan 14, 231 42 Trelleborg"


def _compose(moved: dict) -> dict[str, dict[str, str]]:
    policy = Policy()
    pz = Pseudonymizer(KEY, policy.locale)
    ctx = Context(pz, policy)
    known = KnownInput(KnownValues(policy), STRUCTURED)
    targets = GlobalTargets(STRUCTURED, {}, {}, {})
    compose_text_addresses(ctx, {"ADDRESS": {MENTION}}, known, targets, moved, norm_digests)
    return ctx.maps


def test_a_text_only_address_is_built_from_its_pieces_fakes() -> None:
    maps = _compose({})
    pz = Pseudonymizer(KEY, Policy().locale)
    fake = maps["ADDRESS"][MENTION]
    assert pz.fake("ADDRESS", "Storgatan 14") in fake
    assert pz.fake("LOCATION", "Trelleborg") in fake
    assert "Storgatan" not in fake and "Trelleborg" not in fake


def test_a_piece_settling_moved_is_faked_at_its_settled_attempt() -> None:
    h = norm_digests(KEY, "LOCATION", ["Trelleborg"])
    maps = _compose({"LOCATION": (np.sort(h), np.array([3], dtype=np.int64))})
    pz = Pseudonymizer(KEY, Policy().locale)
    fake = maps["ADDRESS"][MENTION]
    assert pz.fake("LOCATION", "Trelleborg", 3) in fake
    assert pz.fake("LOCATION", "Trelleborg", 0) not in fake
