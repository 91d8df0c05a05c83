"""Text-only addresses in a partitioned run are rebuilt from the fakes of the pieces the
tables know, at the attempt settling gave each piece, wherever in the bundle it lies."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from anonymizers.partitioned.digests import norm_digests
from anonymizers.partitioned.known_index import KnownIndex
from anonymizers.partitioned.target_index import TargetWriter
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


def _compose(moved: dict, folder: Path) -> dict[str, dict[str, str]]:
    policy = Policy()
    pz = Pseudonymizer(KEY, policy.locale)
    ctx = Context(pz, policy)
    known = KnownInput(KnownIndex(folder / "known", 3, 0, 0), STRUCTURED)
    writer = TargetWriter(folder / "targets", policy.verification.min_leak_length)
    for entity, values in sorted(STRUCTURED.items()):
        writer.add("structured", entity, sorted(values))
    targets = GlobalTargets(writer.close())
    compose_text_addresses(ctx, {"ADDRESS": {MENTION}}, known, targets, moved, norm_digests)
    return ctx.maps


def test_a_text_only_address_is_built_from_its_pieces_fakes(tmp_path: Path) -> None:
    maps = _compose({}, tmp_path)
    pz = Pseudonymizer(KEY, Policy().locale)
    fake = maps["ADDRESS"][MENTION]
    assert pz.fake("ADDRESS", "Storgatan 14") in fake
    assert pz.fake("LOCATION", "Trelleborg") in fake
    assert "Storgatan" not in fake and "Trelleborg" not in fake


def test_a_piece_settling_moved_is_faked_at_its_settled_attempt(tmp_path: Path) -> None:
    h = norm_digests(KEY, "LOCATION", ["Trelleborg"])
    maps = _compose({"LOCATION": (np.sort(h), np.array([3], dtype=np.int64))}, tmp_path)
    pz = Pseudonymizer(KEY, Policy().locale)
    fake = maps["ADDRESS"][MENTION]
    assert pz.fake("LOCATION", "Trelleborg", 3) in fake
    assert pz.fake("LOCATION", "Trelleborg", 0) not in fake
