"""The log of forgotten subjects: a record per request (never the id), read back under the
right key only, and a damaged log stops the run instead of letting a subject back in."""

from __future__ import annotations

import secrets
from pathlib import Path

import polars as pl
import pytest

from anonymizers.governance import forgotten
from anonymizers.governance.subject_columns import SubjectColumns
from anonymizers.io.tables import Table

KEY = secrets.token_bytes(32)


def test_forgotten_subjects_are_found_again_by_their_record(tmp_path: Path) -> None:
    assert forgotten.remember(tmp_path, KEY, "CUS-004417") is True
    assert forgotten.remember(tmp_path, KEY, " cus-004417") is False  # once per subject
    assert "004417" not in (tmp_path / forgotten.FORGOTTEN).read_text()
    table = Table("customers", Path("customers.csv"), "csv",
                  pl.DataFrame({"customer_id": ["CUS-004417", "CUS-004418"]}), "", 0)  # fmt: skip
    found = SubjectColumns((("customers", "customer_id"),), "plan")
    assert forgotten.forgotten_ids(tmp_path, KEY, [table], found) == {"cus-004417"}
    other = secrets.token_bytes(32)
    assert forgotten.forgotten_ids(tmp_path, other, [table], found) == set()
    assert forgotten.other_keys(tmp_path, "0" * 16) == 1


def test_a_damaged_log_stops_the_run(tmp_path: Path) -> None:
    forgotten.remember(tmp_path, KEY, "CUS-1")
    forgotten.remember(tmp_path, KEY, "CUS-2")
    log = tmp_path / forgotten.FORGOTTEN
    log.write_text(log.read_text().splitlines(keepends=True)[1])  # the first request removed
    with pytest.raises(forgotten.ForgottenLogError, match="damaged"):
        forgotten.records_for(tmp_path, "0" * 16)
