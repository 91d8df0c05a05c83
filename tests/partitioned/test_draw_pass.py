"""The draw pass: a fake is tested for real words (and re-drawn if it holds one) only
where a text takes it, the only place the text leak check reads it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from anonymizers.partitioned import draw_pass
from anonymizers.partitioned.digests import digest64
from anonymizers.partitioned.target_index import TargetWriter
from anonymizers.partitioned.text_checks import GlobalTargets
from anonymizers.policy import Policy
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = bytes(range(32))
EMAILS = ["ines.moreau@laposte.net", "kwame.mensah@gmail.com", "h.tanaka@outlook.jp",
          "olga.petrova@yandex.ru", "liam.byrne@eircom.net", "ana.souza@uol.com.br"]  # fmt: skip


def test_only_a_fake_a_text_takes_is_tested_for_real_words(tmp_path: Path) -> None:
    norms = [normalise("EMAIL_ADDRESS", v) for v in EMAILS]
    frame = pl.DataFrame(
        {"value": EMAILS, "h": digest64(KEY, "EMAIL_ADDRESS", norms)},
        schema_overrides={"h": pl.UInt64},
    )
    pz = Pseudonymizer(KEY)
    h, fh, fakes = draw_pass._draw(frame, "EMAIL_ADDRESS", pz, KEY, 0)
    assert not (fh == h).any()
    # Every fake made a real value of the bundle: each one holds a real value.
    writer = TargetWriter(tmp_path / "targets", Policy().verification.min_leak_length)
    writer.add("structured", "EMAIL_ADDRESS", sorted(fakes))
    index = writer.close()
    # Texts take the fakes of the first and the fourth customers' e-mails only.
    in_text = tmp_path / "in-text"
    in_text.mkdir()
    np.save(in_text / "EMAIL_ADDRESS.npy", np.sort(h[[0, 3]]))
    targets = GlobalTargets(index, written_in_text=in_text)
    h2, fh2, fakes2 = draw_pass._draw(frame, "EMAIL_ADDRESS", pz, KEY, 0, targets, Policy())
    assert fakes2 == fakes
    # A leaky fake's digest is its value's own, which settling re-draws.
    assert (fh2 == h2).tolist() == [True, False, False, True, False, False]
    assert (fh2[[1, 2, 4, 5]] == fh[[1, 2, 4, 5]]).all()
    # With no record of what texts take, every fake is tested.
    _, fh3, _ = draw_pass._draw(frame, "EMAIL_ADDRESS", pz, KEY, 0, GlobalTargets(index), Policy())
    assert (fh3 == h).all()
    # An entity no text holds: none.
    assert not GlobalTargets(index, written_in_text=in_text).in_text("PERSON", h).any()
