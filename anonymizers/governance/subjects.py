"""Data subjects: keyed subject digests for deletion requests, and the opt-out list.

A deletion request names a subject (a customer id, an employee id). To find every dataset
built from that subject without keeping a list of raw ids next to the data, each run
carries a *keyed* index (``subject_index.py``; older manifests list the digests inline,
``subject_index`` here): HMAC-SHA256 under the pseudonymisation key of each normalised
id. Whoever holds the key can test membership; nobody else learns anything
(an unkeyed hash of an id is reversible by enumeration, ids being short and structured).

Ids are normalised (surrounding space stripped, case folded) so that ``" c-10482 "`` in a
deletion request matches ``C-10482`` in an export. The prefix ``subject\\x00`` separates
these digests from every other use of the same key (fakes, key ids).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from anonymizers.certify.keys import pseudonym_key_id
from anonymizers.errors import InputError
from anonymizers.policy import Policy, SubjectsConfig
from anonymizers.pseudonymise.keyed import DERIVATION, SUBJECT_V1, derive, subject_digest_v1

#: Newline-separated subject ids that `safeset run` also excludes. `forget --rebuild` uses
#: it: a process's environment is private to its user, its command line is not.
EXCLUDE_SUBJECTS_ENV = "SAFESET_EXCLUDE_SUBJECTS"


def excluded_from_env() -> list[str]:
    """The subject ids in ``$SAFESET_EXCLUDE_SUBJECTS``, one per line, blanks skipped."""
    return [s for s in os.environ.get(EXCLUDE_SUBJECTS_ENV, "").splitlines() if s.strip()]


def normalise_id(subject_id: str) -> str:
    """The form that is digested and compared: exports and requests differ in case and
    padding more often than in substance."""
    return str(subject_id).strip().casefold()


def subject_digest(key: bytes, subject_id: str, algorithm: str = DERIVATION) -> str:
    """Hex keyed digest of the normalised id, as the ``algorithm`` of an index made it."""
    if algorithm == SUBJECT_V1:
        return subject_digest_v1(key, normalise_id(subject_id))
    return derive(key, "subject", normalise_id(subject_id)).hex()


def subject_index(key: bytes, ids: Iterable[str]) -> dict[str, Any]:
    """The manifest's ``subject_index``: sorted unique digests and their count, never an id.
    Empty ids (blank cells) are not subjects and are skipped."""
    digests = sorted({subject_digest(key, i) for i in ids if i is not None and normalise_id(i)})
    return {
        "algorithm": DERIVATION,
        "key_id": pseudonym_key_id(key),
        "count": len(digests),
        "digests": digests,
    }


def index_contains(index: Any, key: bytes, subject_id: str) -> bool | None:
    """True/False if ``index`` (a manifest's ``subject_index``) was made with ``key`` and
    does/does not hold the subject; None if it cannot be checked (no index, other key)."""
    if not isinstance(index, dict) or index.get("key_id") != pseudonym_key_id(key):
        return None
    digests, algorithm = index.get("digests"), index.get("algorithm")
    if not isinstance(digests, list) or algorithm not in (DERIVATION, SUBJECT_V1):
        return None
    return subject_digest(key, subject_id, algorithm) in set(digests)


def _read_opt_out_file(path: Path) -> set[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: opt-out file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: opt-out file is unreadable ({type(exc).__name__})") from None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return set()
    if path.suffix.lower() == ".csv" or "," in lines[0]:
        # A CSV export of a consent table: header row, ids in the first column.
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines))))
        except csv.Error:
            raise InputError(f"{path}: opt-out file is not valid CSV") from None
        ids = [row[0] for row in rows[1:] if row and row[0].strip()]
    else:
        ids = lines
    return {normalise_id(i) for i in ids if normalise_id(i)}


def load_opt_outs(cfg: SubjectsConfig) -> set[str]:
    """Normalised ids of every opted-out subject, from the file and the inline list.

    Compare against ``normalise_id(value)``; an unreadable file is an error, never an
    empty list (silently ignoring opt-outs would break the promise to the customer)."""
    found = {normalise_id(i) for i in cfg.opt_out_ids if normalise_id(i)}
    if cfg.opt_out_file is not None:
        found |= _read_opt_out_file(Path(cfg.opt_out_file).expanduser())
    return found


def opted_out(policy: Policy, extra: Sequence[str] = ()) -> set[str]:
    """The policy's opted-out ids, plus ``extra`` and those in $SAFESET_EXCLUDE_SUBJECTS."""
    ids = [*extra, *excluded_from_env()]
    return load_opt_outs(policy.subjects) | {normalise_id(s) for s in ids if s.strip()}
