"""Who, when, with what: the facts of a run that go into the manifest.

Collected once per run. Nothing here reads data; the only data-derived facts in the
manifest are digests, counts and column names, assembled by ``build_predicate``.
"""

from __future__ import annotations

import getpass
import importlib.metadata as md
import os
import platform
import socket
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from anonymizers.io.tables import Table
from anonymizers.plan.columns import Plan
from anonymizers.pseudonymise.keyed import DERIVATION

#: Packages whose versions decide what a run does; pinned in requirements/runtime.lock.
PACKAGES = (
    "safeset", "polars", "pyarrow", "presidio-analyzer", "presidio-anonymizer", "spacy",
    "faker", "pydantic", "cryptography", "prefect", "openlineage-python", "pyahocorasick",
)  # fmt: skip
REPO = Path(__file__).resolve().parents[2]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _version(name: str) -> str:
    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return "not installed"


def git_commit() -> str:
    """The commit the tool runs from, with ``-dirty`` when the tree has local changes."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "HEAD"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()  # fmt: skip
        return head + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def tool_info(spacy_model: str) -> dict:
    return {
        "name": "safeset",
        "version": _version("safeset"),
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "packages": {p: _version(p) for p in PACKAGES},
        "spacy_model": {"name": spacy_model, "version": _model_version(spacy_model)},
    }


def _model_version(name: str) -> str:
    for dist in (name, name.replace("_", "-")):
        v = _version(dist)
        if v != "not installed":
            return v
    return "unknown"


def triggered_by(via: str) -> dict:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = os.environ.get("USER", "unknown")
    return {"user": user, "host": socket.gethostname(), "via": via}


def input_entries(tables: Sequence[Table]) -> list[dict]:
    return [
        {
            "name": t.path.name,
            "format": t.fmt,
            "sha256": t.sha256,
            "bytes": t.bytes,
            "rows": t.rows,
            "schema": t.schema(),
        }
        for t in tables
    ]


def entity_counts(counts: dict[tuple[str, str, str], int]) -> list[dict]:
    return [
        {"table": t, "column": c, "entity": e, "count": n}
        for (t, c, e), n in sorted(counts.items())
        if n
    ]


def build_predicate(
    *,
    run: dict,
    tool: dict,
    policy: dict,
    tables: Sequence[Table],
    outputs: dict,
    plan: Plan,
    counts: dict[tuple[str, str, str], int],
    exclusions: list[dict],
    key_id: str,
    checks: list[dict],
    status: str,
    previous_manifest: str | None,
    ledger_head: dict | None = None,
) -> dict:
    """The manifest predicate (docs/ENGINE.md, v1): digests, counts and names only.
    ``ledger_head`` (``{"seq", "head"}``, ``ledger.head``) is the ledger line the run's
    own record will follow: the manifest anchors the ledger's length."""
    predicate = {
        "schema_version": "1",
        "run": run,
        "tool": tool,
        "policy": policy,
        "inputs": input_entries(tables),
        "outputs": outputs,
        "columns": [c.manifest_entry() for c in plan.columns()],
        "entity_counts": entity_counts(counts),
        "exclusions": exclusions,
        "deidentification": {
            "claim": "pseudonymised",
            "key_id": key_id,
            "derivation": DERIVATION,
            "statement": (
                "Personal data was replaced with keyed, consistent fakes. Whoever holds "
                "the pseudonymisation key can re-link records, so this is pseudonymised "
                "data (GDPR Art. 4(5)), not anonymous data. CERTIFIED means the run "
                "passed the checks listed here, not proof of anonymity."
            ),
        },
        "checks": checks,
        "status": status,
        "previous_manifest": previous_manifest,
    }
    if ledger_head is not None:
        predicate["ledger"] = ledger_head
    return predicate
