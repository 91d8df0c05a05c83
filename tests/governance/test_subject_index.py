"""The subject index file: sorted fixed-width keyed records, found by bisection, refused
(None: cannot be checked) when its key or its bytes are not the manifest's."""

from __future__ import annotations

import secrets
from pathlib import Path

import numpy as np
import pytest

from anonymizers.governance import subject_index as si
from anonymizers.governance.subject_columns import SubjectColumns
from anonymizers.governance.subjects import subject_digest
from anonymizers.partitioned.run import merge_records

KEY = secrets.token_bytes(32)
IDS = [f"CUS-{n:06d}" for n in range(0, 3000, 3)]


@pytest.fixture
def run_dir(tmp_path: Path) -> tuple[Path, dict]:
    """The index as a run writes it: each partition's sorted records of its subject
    columns (the apply pass), merged into one file (``run.merge_records``)."""
    found = SubjectColumns((("customers", "customer_id"), ("customers", "email")), "plan")
    emails = [f"c{n}@kpnmail.nl" for n in range(len(IDS))]
    parts = []
    for i, start in enumerate(range(0, len(IDS), 400)):  # three partitions
        part = tmp_path / "work" / f"customers-{i}.npy"
        part.parent.mkdir(parents=True, exist_ok=True)
        np.save(part, si.records(KEY, IDS[start : start + 400] + emails[start : start + 400]))
        parts.append(part)
    folder = tmp_path / "run"
    count = merge_records(parts, folder / si.INDEX_FILE)
    return folder, si.manifest_entry(KEY, folder, count, found)


def test_every_subject_is_found_and_no_other(run_dir: tuple[Path, dict]) -> None:
    folder, entry = run_dir
    assert entry["count"] == 2 * len(IDS) and entry["columns"] == [
        "customers.customer_id",
        "customers.email",
    ]
    assert (folder / si.INDEX_FILE).stat().st_size == 8 * entry["count"]
    on_disk = np.fromfile(folder / si.INDEX_FILE, dtype=si.RECORD)
    assert (np.diff(on_disk.astype(np.uint64)) > 0).all()  # sorted, no repeats
    for subject in (IDS[0], IDS[-1], " cus-000300 ", "c17@kpnmail.nl"):
        assert si.lookup(folder, entry, KEY, subject) is True
    for other in ("CUS-000001", "CUS-999999", "someone@else.org"):
        assert si.lookup(folder, entry, KEY, other) is False
    # The record is the start of the subject's keyed digest: the reference forget prints.
    assert f"{si.record(KEY, IDS[5]):016x}" == subject_digest(KEY, IDS[5])[:16]
    assert entry["false_positive_rate"] == pytest.approx(entry["count"] / 2**64)
    raw = (folder / si.INDEX_FILE).read_bytes()
    assert b"CUS" not in raw and b"kpnmail" not in raw


def test_an_index_that_cannot_be_trusted_is_uncheckable(run_dir: tuple[Path, dict]) -> None:
    folder, entry = run_dir
    assert si.lookup(folder, entry, secrets.token_bytes(32), IDS[0]) is None  # another key
    data = bytearray((folder / si.INDEX_FILE).read_bytes())
    data[:8] = bytes(8)
    (folder / si.INDEX_FILE).write_bytes(bytes(data))
    # Not the bytes the manifest names: it may still add a hit, never say "not here".
    assert si.lookup(folder, entry, KEY, "CUS-999999") is None
    assert si.lookup(folder, entry, KEY, IDS[-1]) is True
    (folder / si.INDEX_FILE).unlink()
    assert si.lookup(folder, entry, KEY, IDS[0]) is None
    assert (
        si.lookup(folder, si.no_index(SubjectColumns((), "none", "no people")), KEY, IDS[0]) is None
    )


def test_records_match_one_by_one() -> None:
    fast = si.records(KEY, [*IDS[:50], None, "", IDS[0].lower()])
    assert fast.tolist() == sorted({si.record(KEY, i) for i in IDS[:50]})


def test_records_match_one_by_one_under_a_key_longer_than_a_hash_block() -> None:
    long_key = bytes(range(100))  # hashed first, as HMAC does a key over 64 bytes
    assert si.records(long_key, IDS[:20]).tolist() == sorted(
        {si.record(long_key, i) for i in IDS[:20]}
    )
