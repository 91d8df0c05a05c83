"""The log of forgotten subjects: a record per request (never the id), read back under the
right key only, and a damaged log stops the run instead of letting a subject back in."""

from __future__ import annotations

import secrets
from pathlib import Path

import polars as pl
import pytest

from anonymizers.governance import forgotten
from anonymizers.partitioned.passes import Optouts

KEY = secrets.token_bytes(32)


def test_forgotten_subjects_are_found_again_by_their_record(tmp_path: Path) -> None:
    assert forgotten.remember(tmp_path, KEY, "CUS-004417") is True
    assert forgotten.remember(tmp_path, KEY, " cus-004417") is False  # once per subject
    # searched with its prefix: bare digits turn up by chance in the file's hex digests
    assert "cus-004417" not in (tmp_path / forgotten.FORGOTTEN).read_text().lower()
    # A partition of the run drops the forgotten subject's row (``Optouts.split``, given
    # the records the run excludes under its key) and none under another key.
    df = pl.DataFrame({"customer_id": ["CUS-004417", "CUS-004418"]})
    records = frozenset(forgotten.excluded_by(KEY, tmp_path))
    kept, removed = Optouts(id_columns=("customer_id",), forgotten=records).split(df, KEY)
    assert removed["customer_id"].to_list() == ["CUS-004417"]
    assert kept["customer_id"].to_list() == ["CUS-004418"]
    other = secrets.token_bytes(32)
    assert forgotten.excluded_by(other, tmp_path) == set()
    assert forgotten.other_keys(tmp_path, "0" * 16) == 1


def test_a_damaged_log_stops_the_run(tmp_path: Path) -> None:
    forgotten.remember(tmp_path, KEY, "CUS-1")
    forgotten.remember(tmp_path, KEY, "CUS-2")
    log = tmp_path / forgotten.FORGOTTEN
    log.write_text(log.read_text().splitlines(keepends=True)[1])  # the first request removed
    with pytest.raises(forgotten.ForgottenLogError, match="damaged"):
        forgotten.records_for(tmp_path, "0" * 16)
