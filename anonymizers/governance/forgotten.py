"""The subjects a deletion request named, kept so that no later run brings them back.

A revocation takes a published dataset out of use, but tonight's export still holds the
subject: without a memory of the request, the next run would publish them again.
``forget`` appends the subject's index record (``subject_index.record``: the first 8
bytes of its keyed digest, never the id) to ``OUT/forgotten.jsonl``, a hash-chained log
in the ledger's format; every run on that output root reads it and excludes the rows of
every subject whose record it lists, as an opt-out, child rows included.

The log is checked before it is used: a broken chain (a line removed would bring a
subject back) stops the run. Records made under another pseudonymisation key cannot be
matched (a rotated key); the run says how many it skipped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from anonymizers.certify import ledger
from anonymizers.certify.keys import pseudonym_key_id
from anonymizers.errors import SafesetError
from anonymizers.governance.subject_index import RECORD, record, records, write_index

FORGOTTEN = "forgotten.jsonl"
#: Newline-separated records (16 hex digits) a run also excludes: a rebuild passes the
#: opt-outs of the run it replaces this way (``OPTOUTS_FILE`` of its folder), since an
#: ``--exclude-subject`` given to that run is in no policy.
EXCLUDE_RECORDS_ENV = "SAFESET_EXCLUDE_RECORDS"
#: The records of the subjects a run excluded (opt-outs, forgotten), in its folder.
OPTOUTS_FILE = "optouts.idx"


class ForgottenLogError(SafesetError):
    """The log of forgotten subjects is damaged: a run must not guess who is in it."""


def remember(out_root: Path, key: bytes, subject_id: str, reason: str = "deletion request") -> bool:
    """Add the subject to the log (once); True if it was not there yet."""
    ref = f"{record(key, subject_id):016x}"
    kid = pseudonym_key_id(key)
    if ref in records_for(out_root, kid):
        return False
    ledger.append_chained(
        Path(out_root) / FORGOTTEN,
        {"event": "forget", "record": ref, "key_id": kid, "reason": reason},
        "safeset ledger verify",
    )
    return True


def _entries(out_root: Path) -> list[dict[str, Any]]:
    path = Path(out_root) / FORGOTTEN
    if not path.is_file():
        return []
    problems, numbered = ledger.chain_problems(ledger.read_chain(path, "forgotten-subjects log"))
    if problems:
        raise ForgottenLogError(
            f"{path}: the log of forgotten subjects is damaged ({problems[0]}); "
            "a run cannot tell whom to leave out: restore it from a backup"
        )
    return [rec for _n, rec in numbered if rec.get("event") == "forget"]


def records_for(out_root: Path, key_id: str) -> set[str]:
    """The forgotten records (16 hex digits) made under the key ``key_id``."""
    return {str(r["record"]) for r in _entries(out_root) if r.get("key_id") == key_id}


def other_keys(out_root: Path, key_id: str) -> int:
    """How many forgotten records were made under another key (cannot be matched)."""
    return sum(1 for r in _entries(out_root) if r.get("key_id") != key_id)


def excluded_records() -> set[str]:
    """The records in ``$SAFESET_EXCLUDE_RECORDS`` (malformed lines are an error: an
    opt-out silently dropped would break a promise)."""
    found = set()
    for line in os.environ.get(EXCLUDE_RECORDS_ENV, "").split():
        if len(line) != 16 or any(c not in "0123456789abcdef" for c in line):
            raise SafesetError(f"${EXCLUDE_RECORDS_ENV}: not a subject record (16 hex digits)")
        found.add(line)
    return found


def excluded_by(key: bytes, out_root: Path) -> set[str]:
    """Every record a run on ``out_root`` excludes besides its opt-out ids: the forgotten
    subjects made under this key and those of ``$SAFESET_EXCLUDE_RECORDS``."""
    return records_for(out_root, pseudonym_key_id(key)) | excluded_records()


def save_excluded(run_dir: Path, key: bytes, opted: set[str], extra: set[str]) -> None:
    """Write the records of the subjects this run excluded (``opted``: normalised ids;
    ``extra``: records) to ``OPTOUTS_FILE``, signed with the folder: a rebuild of the run
    leaves the same subjects out. Nothing is written when nobody was excluded."""
    numbers = {int(r, 16) for r in extra} | set(records(key, opted).tolist())
    if numbers:
        write_index(run_dir / OPTOUTS_FILE, np.array(sorted(numbers), dtype=np.uint64))


def saved_excluded(run_dir: Path) -> list[str]:
    """The records a run folder's ``OPTOUTS_FILE`` lists (none: no file)."""
    path = run_dir / OPTOUTS_FILE
    if not path.is_file():
        return []
    return [f"{int(n):016x}" for n in np.fromfile(path, dtype=RECORD)]
