"""OpenLineage events: schema-valid, consistent, honest about masking, free of values."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import polars as pl
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from anonymizers.certify.lineage import LINEAGE_FILE, emit_lineage, producer_uri

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "data" / "openlineage"
RUN_EVENT_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"

CUSTOMERS = {
    "customer_id": ["C-10293", "C-10294", "C-10295"],
    "full_name": ["Margaret Okonkwo", "Dmitri Vasquez-Lindqvist", "Aiyana Thunderbird"],
    "email": [
        "margaret.okonkwo@brightwave.io",
        "d.vasquez.lindqvist@fjordmail.no",
        "aiyana.t@prairienet.org",
    ],
    "ssn": ["536-22-8741", "412-90-3378", "601-48-2290"],
    "plan": ["gold", "silver", "gold"],
    "notes": [
        "Margaret asked to move her renewal call to Friday.",
        "Dmitri's card ending 4417 was declined twice.",
        "Call Aiyana on +1 406 555 0187 after 5pm.",
    ],
}
TICKETS = [
    {"ticket": "T-881", "contact": {"email": "margaret.okonkwo@brightwave.io", "city": "Tulsa"}},
    {"ticket": "T-882", "contact": {"email": "aiyana.t@prairienet.org", "city": "Billings"}},
]
SENSITIVE = [
    *CUSTOMERS["full_name"],
    *CUSTOMERS["email"],
    *CUSTOMERS["ssn"],
    "Margaret",
    "Okonkwo",
    "Dmitri",
    "Aiyana",
    "card ending 4417",
    "406 555 0187",
    "Tulsa",
    "Billings",
]

OPERATORS = {
    ("customers", "customer_id"): ("ID", "fake"),
    ("customers", "full_name"): ("PERSON", "fake"),
    ("customers", "email"): ("EMAIL_ADDRESS", "fake"),
    ("customers", "ssn"): ("US_SSN", "drop"),
    ("customers", "plan"): (None, "keep"),
    ("customers", "notes"): (None, "fake"),
    ("tickets", "ticket"): (None, "keep"),
    ("tickets", "contact.email"): ("EMAIL_ADDRESS", "fake"),
    ("tickets", "contact.city"): ("LOCATION", "mask"),
}
TECHNIQUE = {"fake": "pseudonymisation", "mask": "masking", "drop": "suppression", "keep": "none"}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _schema(df: pl.DataFrame) -> list[dict[str, str]]:
    return [{"name": n, "type": str(t)} for n, t in df.schema.items()]


@pytest.fixture
def run_setup(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A real export and run folder, and a manifest built from them the way the engine does.

    The manifest only carries names, types, counts and digests, read from the files.
    """
    src = tmp_path / "export"
    src.mkdir()
    customers = pl.DataFrame(CUSTOMERS)
    customers.write_csv(src / "customers.csv")
    (src / "tickets.jsonl").write_text("".join(json.dumps(t) + "\n" for t in TICKETS))
    tickets = pl.read_ndjson(src / "tickets.jsonl").unnest("contact", separator=".")

    run_dir = tmp_path / "out" / "crm_export" / "run"
    (run_dir / "data").mkdir(parents=True)
    out_customers = customers.drop("ssn").with_columns(
        pl.Series("full_name", ["Ruth Castellanos", "Oren Maddox", "Priya Halvorsen"])
    )
    out_customers.write_csv(run_dir / "data" / "customers.csv")
    (run_dir / "data" / "tickets.jsonl").write_text('{"ticket":"T-881"}\n{"ticket":"T-882"}\n')

    lines = sorted(
        f"{_sha256(p)}  {p.relative_to(run_dir).as_posix()}\n"
        for p in (run_dir / "data").rglob("*")
        if p.is_file()
    )
    manifest: dict[str, Any] = {
        "schema_version": "1",
        "run": {
            "id": str(uuid.uuid4()),
            "flow": "sanitize",
            "dataset": "crm_export",
            "triggered_by": {"user": "ci-runner", "host": "build-07", "via": "cli"},
            "started_at": "2025-06-02T08:15:03Z",
            "ended_at": "2025-06-02T08:16:41Z",
        },
        "tool": {"name": "safeset", "version": "0.1.0", "git_commit": "bafb4e3"},
        "policy": {"file": "configs/default.yaml", "digest": "sha256:" + "1" * 64},
        "inputs": [
            {
                "name": "customers.csv",
                "format": "csv",
                "sha256": _sha256(src / "customers.csv"),
                "bytes": (src / "customers.csv").stat().st_size,
                "rows": customers.height,
                "schema": _schema(customers),
            },
            {
                "name": "tickets.jsonl",
                "format": "jsonl",
                "sha256": _sha256(src / "tickets.jsonl"),
                "bytes": (src / "tickets.jsonl").stat().st_size,
                "rows": tickets.height,
                "schema": _schema(tickets),
            },
        ],
        "outputs": {
            "files": [
                {
                    "path": f"data/{name}",
                    "sha256": _sha256(run_dir / "data" / name),
                    "bytes": (run_dir / "data" / name).stat().st_size,
                    "rows": rows,
                }
                for name, rows in (("customers.csv", 3), ("tickets.jsonl", 2))
            ],
            "dataset_root": "sha256:" + hashlib.sha256("".join(lines).encode()).hexdigest(),
        },
        "columns": [
            {
                "table": table,
                "column": column,
                "kind": "safe" if entity is None and op == "keep" else "entity",
                "entity": entity,
                "detected_by": "name",
                "operator": op,
                "technique": TECHNIQUE[op],
            }
            for (table, column), (entity, op) in OPERATORS.items()
        ],
        "entity_counts": [],
        "exclusions": [],
        "deidentification": {"claim": "pseudonymised", "key_id": "k-3f9a", "statement": "..."},
        "checks": [
            {"name": "leak_check", "passed": True, "counts": {"values_searched": 14, "hits": 0}},
            {"name": "residual_scan", "passed": True, "counts": {"findings": 0}},
        ],
        "status": "CERTIFIED",
        "previous_manifest": None,
    }
    return run_dir, manifest


def _events(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _registry(schema_files: list[Path]) -> Registry:
    resources = []
    for f in schema_files:
        contents = json.loads(f.read_text())
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


def _format_checker() -> FormatChecker:
    checker = FormatChecker()

    @checker.checks("uri")
    def _is_uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlparse(value)
        return bool(parts.scheme) and bool(parts.netloc or parts.path)

    return checker


def _facets(event: dict[str, Any]) -> list[dict[str, Any]]:
    found = [*event["run"].get("facets", {}).values(), *event["job"].get("facets", {}).values()]
    for ds in [*event.get("inputs", []), *event.get("outputs", [])]:
        for key in ("facets", "inputFacets", "outputFacets"):
            found.extend(ds.get(key, {}).values())
    return found


def _validate(event: dict[str, Any], registry: Registry, *, facets: bool = True) -> list[str]:
    """Schema errors of an event and, resolved through each ``_schemaURL``, of its facets."""
    errors: list[str] = []
    checker = _format_checker()
    targets = [(event["schemaURL"], event)]
    if facets:
        targets += [(f["_schemaURL"], f) for f in _facets(event)]
    for url, instance in targets:
        validator = Draft202012Validator({"$ref": url}, registry=registry, format_checker=checker)
        errors += [f"{url}: {e.json_path}: {e.message}" for e in validator.iter_errors(instance)]
    return errors


def test_complete_run_events_validate_against_openlineage_schemas(run_setup) -> None:
    run_dir, manifest = run_setup
    path = emit_lineage(run_dir, manifest, "COMPLETE")
    assert path == run_dir / LINEAGE_FILE

    events = _events(path)
    assert [e["eventType"] for e in events] == ["START", "COMPLETE"]
    registry = _registry(sorted(SCHEMA_DIR.rglob("*.json")))
    for event in events:
        assert event["schemaURL"] == RUN_EVENT_SCHEMA
        assert _validate(event, registry) == []


def test_schema_check_rejects_a_broken_event(run_setup) -> None:
    """The validation above could pass vacuously; prove it bites on real defects."""
    run_dir, manifest = run_setup
    event = _events(emit_lineage(run_dir, manifest, "COMPLETE"))[1]
    registry = _registry(sorted(SCHEMA_DIR.rglob("*.json")))

    broken = json.loads(json.dumps(event))
    broken["run"]["runId"] = "run-42"
    del broken["outputs"][0]["facets"]["columnLineage"]["fields"]["email"]["inputFields"][0][
        "field"
    ]
    errors = _validate(broken, registry)
    assert any("runId" in e for e in errors)
    assert any("ColumnLineage" in e for e in errors)


def test_fail_run_events_validate_and_name_failed_checks(run_setup) -> None:
    run_dir, manifest = run_setup
    manifest["status"] = "REJECTED"
    manifest["checks"][0] = {"name": "leak_check", "passed": False, "counts": {"hits": 2}}
    events = _events(emit_lineage(run_dir, manifest, "FAIL"))

    assert [e["eventType"] for e in events] == ["START", "FAIL"]
    registry = _registry(sorted(SCHEMA_DIR.rglob("*.json")))
    for event in events:
        assert _validate(event, registry) == []
    message = events[1]["run"]["facets"]["errorMessage"]["message"]
    assert "leak_check" in message
    assert "residual_scan" not in message
    assert "errorMessage" not in events[0]["run"]["facets"]


def test_start_and_end_share_run_id_times_and_producer(run_setup) -> None:
    run_dir, manifest = run_setup
    path = emit_lineage(run_dir, manifest, "COMPLETE", namespace="acme-safeset")

    assert sorted(p.name for p in path.parent.iterdir()) == ["openlineage.jsonl"]
    start, end = _events(path)
    assert start["run"]["runId"] == end["run"]["runId"] == manifest["run"]["id"]
    assert start["eventTime"] == manifest["run"]["started_at"]
    assert end["eventTime"] == manifest["run"]["ended_at"]
    assert start["job"] == end["job"]
    assert end["job"]["namespace"] == "acme-safeset"
    assert end["job"]["name"] == f"sanitize.{manifest['run']['dataset']}"
    producer = producer_uri(manifest["tool"]["version"])
    assert producer == "https://safeset.dev/producer/safeset/0.1.0"
    for event in (start, end):
        assert event["producer"] == producer
        assert {f["_producer"] for f in _facets(event)} == {producer}


def test_inputs_and_outputs_describe_the_manifest(run_setup) -> None:
    run_dir, manifest = run_setup
    end = _events(emit_lineage(run_dir, manifest, "COMPLETE"))[1]

    inputs = {d["name"]: d for d in end["inputs"]}
    assert set(inputs) == {i["name"] for i in manifest["inputs"]}
    for entry in manifest["inputs"]:
        ds = inputs[entry["name"]]
        assert ds["namespace"] == "file"
        assert [(f["name"], f["type"]) for f in ds["facets"]["schema"]["fields"]] == [
            (f["name"], f["type"]) for f in entry["schema"]
        ]
        assert ds["facets"]["version"]["datasetVersion"] == "sha256:" + entry["sha256"]
        assert ds["inputFacets"]["inputStatistics"]["rowCount"] == entry["rows"]

    outputs = {d["name"]: d for d in end["outputs"]}
    assert set(outputs) == {f"crm_export/{f['path']}" for f in manifest["outputs"]["files"]}
    for entry in manifest["outputs"]["files"]:
        ds = outputs[f"crm_export/{entry['path']}"]
        assert ds["facets"]["version"]["datasetVersion"] == manifest["outputs"]["dataset_root"]
        assert ds["outputFacets"]["outputStatistics"]["rowCount"] == entry["rows"]
        assert ds["outputFacets"]["outputStatistics"]["size"] == entry["bytes"]
    text = (run_dir / LINEAGE_FILE).read_text()
    assert "dataQualityMetrics" not in text


def test_column_lineage_marks_replaced_columns_as_masking(run_setup) -> None:
    run_dir, manifest = run_setup
    start, end = _events(emit_lineage(run_dir, manifest, "COMPLETE"))
    outputs = {d["name"]: d for d in end["outputs"]}
    decisions = {(c["table"], c["column"]): c for c in manifest["columns"]}

    for table, source in (("customers", "customers.csv"), ("tickets", "tickets.jsonl")):
        ds = outputs[f"crm_export/data/{source}"]
        lineage = ds["facets"]["columnLineage"]["fields"]
        schema_names = [f["name"] for f in ds["facets"]["schema"]["fields"]]
        expected = [c for (t, c), d in decisions.items() if t == table and d["operator"] != "drop"]
        assert sorted(schema_names) == sorted(expected)
        assert sorted(lineage) == sorted(expected)
        for column in expected:
            (field,) = lineage[column]["inputFields"]
            assert (field["namespace"], field["name"], field["field"]) == ("file", source, column)
            (tr,) = field["transformations"]
            replaced = decisions[(table, column)]["operator"] != "keep"
            assert tr["type"] == "DIRECT"
            assert tr["masking"] is replaced
            assert tr["subtype"] == ("TRANSFORMATION" if replaced else "IDENTITY")

    customers = outputs["crm_export/data/customers.csv"]["facets"]
    assert "ssn" not in customers["columnLineage"]["fields"]
    tickets = outputs["crm_export/data/tickets.jsonl"]["facets"]["columnLineage"]["fields"]
    assert tickets["contact.email"]["inputFields"][0]["transformations"][0]["masking"] is True
    # START only declares outputs; lineage, version and statistics come with the outcome.
    assert all("columnLineage" not in d["facets"] for d in start["outputs"])
    assert all(not d.get("outputFacets") for d in start["outputs"])


def test_no_sensitive_input_value_reaches_the_lineage_file(run_setup) -> None:
    run_dir, manifest = run_setup
    text = emit_lineage(run_dir, manifest, "COMPLETE").read_text()

    leaked = [v for v in SENSITIVE if v.lower() in text.lower()]
    assert leaked == []


def test_rerun_rewrites_the_file_instead_of_appending(run_setup) -> None:
    run_dir, manifest = run_setup
    emit_lineage(run_dir, manifest, "FAIL")
    path = emit_lineage(run_dir, manifest, "COMPLETE")

    assert [e["eventType"] for e in _events(path)] == ["START", "COMPLETE"]


def test_host_openlineage_settings_cannot_change_the_file(
    run_setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A global kill switch or an env-var facet on the host must not alter a signed artefact."""
    run_dir, manifest = run_setup
    monkeypatch.setenv("OPENLINEAGE_DISABLED", "true")
    monkeypatch.setenv("DEPLOY_DB_PASSWORD", "hunter2-Xq9vLr")
    monkeypatch.setenv("OPENLINEAGE__FACETS__ENVIRONMENT_VARIABLES", '["DEPLOY_DB_PASSWORD"]')

    path = emit_lineage(run_dir, manifest, "COMPLETE")

    events = _events(path)
    assert [e["eventType"] for e in events] == ["START", "COMPLETE"]
    assert "hunter2-Xq9vLr" not in path.read_text()
    assert all("environmentVariables" not in e["run"]["facets"] for e in events)


def test_rejects_unknown_status(run_setup) -> None:
    run_dir, manifest = run_setup
    with pytest.raises(ValueError, match="COMPLETE or FAIL"):
        emit_lineage(run_dir, manifest, "ABORT")  # type: ignore[arg-type]


def test_lineage_module_does_not_import_prefect() -> None:
    code = "import sys, anonymizers.certify.lineage; print('prefect' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "False"


@pytest.mark.skipif(
    not os.environ.get("SAFESET_OPENLINEAGE_SPEC_DIR"),
    reason="set SAFESET_OPENLINEAGE_SPEC_DIR to an OpenLineage spec/ checkout",
)
def test_events_validate_against_upstream_spec(run_setup) -> None:
    """Optional cross-check against the upstream schema files (see tests/data/openlineage)."""
    spec = Path(os.environ["SAFESET_OPENLINEAGE_SPEC_DIR"])
    files = [spec / "OpenLineage.json", *sorted((spec / "facets").glob("*.json"))]
    registry = _registry(files)
    known = {json.loads(f.read_text())["$id"] for f in files}
    run_dir, manifest = run_setup
    for event in _events(emit_lineage(run_dir, manifest, "COMPLETE")):
        assert _validate(event, registry, facets=False) == []
        for facet in _facets(event):
            if facet["_schemaURL"].split("#")[0] in known:
                validator = Draft202012Validator(
                    {"$ref": facet["_schemaURL"]},
                    registry=registry,
                    format_checker=_format_checker(),
                )
                assert list(validator.iter_errors(facet)) == []
