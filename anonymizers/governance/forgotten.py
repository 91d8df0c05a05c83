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

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from anonymizers.certify import ledger
from anonymizers.certify.keys import pseudonym_key_id
from anonymizers.errors import SafesetError
from anonymizers.governance.subject_columns import SubjectColumns
from anonymizers.governance.subject_index import record
from anonymizers.governance.subjects import normalise_id
from anonymizers.io.tables import Table

FORGOTTEN = "forgotten.jsonl"


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


def forgotten_ids(
    out_root: Path, key: bytes, tables: Sequence[Table], found: SubjectColumns
) -> set[str]:
    """The normalised ids, among the bundle's subject columns, of forgotten subjects:
    added to the run's opt-outs. Empty when nothing was ever forgotten (no digest is
    computed then)."""
    wanted = records_for(out_root, pseudonym_key_id(key))
    if not wanted or not found.columns:
        return set()
    by_name = {t.name: t.df for t in tables}
    values: set[str] = set()
    for table, column in found.columns:
        if table in by_name and column in by_name[table].columns:
            series = by_name[table][column].drop_nulls().cast(pl.String).unique()
            values.update(normalise_id(v) for v in series.to_list())
    values.discard("")
    return {v for v in values if f"{record(key, v):016x}" in wanted}
