"""The access log: who pulled which certified dataset, when, and where to.

The company policy promises that every use of customer data is logged for audit. Dev
teams get data only through ``safeset pull``, which appends one line per attempt to
``<out>/access.jsonl`` — refusals too, since a refused pull of a revoked dataset is
exactly what an auditor wants to see. The log uses the run ledger's hash chain
(``ledger.append_chained``), so an edited, removed or reordered line is caught by the
same rule and the same coreutils loop documented for the ledger.

A line records the operating-system user and host (the accountable person and machine),
the dataset, run id and dataset root (what exactly was taken), the destination and the
outcome. A pull made with a team identity (certify/recipients.py) also records the
identity's fingerprint (sha256 of its public key, recomputable from the policy) and, when
it was granted, the team the *signed manifest* grants it as: not a name the puller typed.
Never data values.
"""

from __future__ import annotations

import getpass
import socket
from pathlib import Path
from typing import Any

from anonymizers.certify import ledger
from anonymizers.errors import SafesetError

ACCESS_LOG = "access.jsonl"
EVENTS = ("pull", "pull-refused")
_REQUIRED = ("event", "dataset", "destination")


def who() -> dict[str, str]:
    """The accountable user and machine; ``unknown`` rather than failing a pull."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return {"user": user, "host": socket.gethostname() or "unknown"}


def log_access(out_root: Path, entry: dict[str, Any]) -> dict[str, Any]:
    """Append one access record (user and host added); returns it as written."""
    missing = [k for k in _REQUIRED if not entry.get(k)]
    if missing:
        raise ValueError(f"access log entry lacks {missing}")
    if entry["event"] not in EVENTS:
        raise ValueError(f"access log event must be one of {EVENTS}")
    record = {**who(), **entry}
    try:
        return ledger.append_chained(out_root / ACCESS_LOG, record, "safeset access verify")
    except OSError as exc:  # a read-only or full output root: one line, exit 2
        raise SafesetError(
            f"{out_root / ACCESS_LOG}: cannot write the access log ({exc.strerror or exc}); "
            "data is handed out only when the access is logged"
        ) from None


def read_access_log(path: Path) -> list[dict[str, Any]]:
    """Every record in order (same strict reading as the ledger)."""
    return ledger.read_records(path)


def verify_access_log(path: Path) -> list[str]:
    """Every chain problem and every malformed record; empty means intact."""
    problems, records = ledger.chain_problems(ledger.read_chain(path, "access log"))
    for n, rec in records:
        if rec.get("event") not in EVENTS:
            problems.append(f"line {n}: unknown event {str(rec.get('event'))[:20]!r}")
        for field in ("user", "host", "time", *_REQUIRED):
            if not rec.get(field):
                problems.append(f"line {n}: lacks {field}")
    return sorted(problems, key=lambda p: int(p.split(":", 1)[0].split()[1]))
