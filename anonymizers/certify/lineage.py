"""OpenLineage run events for a sanitize run, written next to the data they describe.

Lineage tools (Marquez, DataHub, ...) ingest OpenLineage events; writing them into the run
folder lets an auditor or a catalogue replay them later without a lineage server, and
makes them part of the signed subjects. Everything here is derived from the manifest
alone (names, types, counts, digests), so by construction no value from the data can
reach the lineage file. ``dataQualityMetrics`` is never emitted: its min/max are values.

Modelling choices:
- job ``<namespace>/sanitize.<dataset>``, runId = the manifest's run id (the Prefect
  flow-run id), START at ``run.started_at``, COMPLETE/FAIL at ``run.ended_at``;
- inputs: namespace ``file``, name = the input file name, version = its sha256;
- outputs: namespace = the job namespace, name = ``<dataset>/<path in run folder>``, so
  every run is a new *version* (the dataset root digest) of the same catalogue dataset;
- column lineage: every output column comes DIRECTly from the same input column; a
  replaced column is a TRANSFORMATION with ``masking: true``, a kept one an IDENTITY.
  Columns the policy drops have no output column and so no lineage entry. Nested JSON
  columns keep the manifest's flat dotted names (``contact.email``) in schema and lineage
  so both can be joined to the manifest by name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from openlineage.client import OpenLineageClient
from openlineage.client.constants import __version__ as OPENLINEAGE_CLIENT_VERSION
from openlineage.client.event_v2 import (
    InputDataset,
    Job,
    OutputDataset,
    Run,
    RunEvent,
    RunState,
    set_producer,
)
from openlineage.client.facet_v2 import (
    DatasetFacet,
    InputDatasetFacet,
    JobFacet,
    OutputDatasetFacet,
    RunFacet,
    column_lineage_dataset,
    dataset_version_dataset,
    error_message_run,
    input_statistics_input_dataset,
    job_type_job,
    output_statistics_output_dataset,
    processing_engine_run,
    schema_dataset,
)
from openlineage.client.transport.file import FileConfig, FileTransport

from anonymizers.certify.manifest import check_status

#: Where the events go, relative to the run folder (fixed by DESIGN.md).
LINEAGE_FILE = PurePosixPath("lineage/openlineage.jsonl")
INPUT_NAMESPACE = "file"
PRODUCER_BASE = "https://safeset.dev/producer/safeset"

#: Client settings that must not be changed by an ``openlineage.yml`` or ``OPENLINEAGE__*``
#: variables on the host: no environment-variable facet (it copies variables into the
#: event), no git remote URL (may carry credentials), no filters or dataset-name reducers
#: that would make the signed lineage depend on the machine it was made on.
_CLIENT_CONFIG: dict[str, Any] = {
    "facets": {"environment_variables": [], "source_code_location": {"disabled": True}},
    "filters": [],
    "dataset": {"reducing_enabled": False},
}


def producer_uri(version: str) -> str:
    """The URI that identifies safeset as the producer of events and facets."""
    return f"{PRODUCER_BASE}/{version}"


def emit_lineage(
    run_dir: Path,
    manifest: dict[str, Any],
    status: Literal["COMPLETE", "FAIL"],
    namespace: str = "safeset",
) -> Path:
    """Write ``lineage/openlineage.jsonl`` with START then COMPLETE (or FAIL) for the run.

    The file is rewritten, not appended to, so a retried publish step cannot leave a
    stale pair of events from an earlier attempt inside a signed run folder.
    """
    if status not in ("COMPLETE", "FAIL"):
        raise ValueError(f"status must be COMPLETE or FAIL, got {status!r}")
    path = Path(run_dir) / LINEAGE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)

    # Facets read the producer from a module global when they are constructed.
    producer = producer_uri(str(manifest["tool"]["version"]))
    set_producer(producer)

    # append=True: FileTransport 1.54 then writes every event as one JSON line to exactly
    # this path; with append=False it would write a new "<path>-<timestamp>.json" per event.
    transport = FileTransport(FileConfig(log_file_path=str(path), append=True))
    client = OpenLineageClient(transport=transport, config=_CLIENT_CONFIG)
    if client.transport is not transport:
        # OPENLINEAGE_DISABLED=true swaps in a no-op transport. It is meant to stop
        # shipping events to a server; the lineage file is part of the certified run
        # folder and must exist regardless.
        client.transport = transport

    run_info = manifest["run"]
    run_id = str(run_info["id"])
    dataset = str(run_info["dataset"])
    job = Job(namespace=namespace, name=f"sanitize.{dataset}", facets=_job_facets())
    inputs = _input_datasets(manifest)
    started = _event_time(run_info.get("started_at"))
    ended = _event_time(run_info.get("ended_at"))

    client.emit(
        RunEvent(
            eventType=RunState.START,
            eventTime=started,
            run=Run(runId=run_id, facets=_run_facets(manifest, final=None)),
            job=job,
            inputs=inputs,
            outputs=_output_datasets(manifest, namespace, final=False),
            producer=producer,
        )
    )
    client.emit(
        RunEvent(
            eventType=RunState.COMPLETE if status == "COMPLETE" else RunState.FAIL,
            eventTime=ended,
            run=Run(runId=run_id, facets=_run_facets(manifest, final=status)),
            job=job,
            inputs=inputs,
            outputs=_output_datasets(manifest, namespace, final=True),
            producer=producer,
        )
    )
    client.close()
    return path


def _event_time(value: Any) -> str:
    """ISO-8601 time of an event; a run that died before recording its end gets 'now'."""
    if value:
        return str(value)
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _job_facets() -> dict[str, JobFacet]:
    return {
        "jobType": job_type_job.JobTypeJobFacet(
            processingType="BATCH", integration="SAFESET", jobType="JOB"
        )
    }


def _run_facets(manifest: dict[str, Any], final: str | None) -> dict[str, RunFacet]:
    facets: dict[str, RunFacet] = {
        "processing_engine": processing_engine_run.ProcessingEngineRunFacet(
            version=str(manifest["tool"]["version"]),
            name=str(manifest["tool"].get("name") or "safeset"),
            openlineageAdapterVersion=OPENLINEAGE_CLIENT_VERSION,
        )
    }
    if final == "FAIL":
        facets["errorMessage"] = error_message_run.ErrorMessageRunFacet(
            message=_failure_message(manifest), programmingLanguage="PYTHON"
        )
    return facets


def _failure_message(manifest: dict[str, Any]) -> str:
    """Why the run failed, in check names only (findings and values stay in the report)."""
    failed = [str(c["name"]) for c in manifest.get("checks", []) if check_status(c) == "fail"]
    status = manifest.get("status", "REJECTED")
    if failed:
        return f"run {status}: failed checks: {', '.join(failed)}"
    return f"run {status}"


def _schema_facet(fields: list[dict[str, Any]]) -> schema_dataset.SchemaDatasetFacet:
    return schema_dataset.SchemaDatasetFacet(
        fields=[
            schema_dataset.SchemaDatasetFacetFields(name=str(f["name"]), type=str(f["type"]))
            for f in fields
        ]
    )


def _input_datasets(manifest: dict[str, Any]) -> list[InputDataset]:
    datasets: list[InputDataset] = []
    for entry in manifest.get("inputs", []):
        facets: dict[str, DatasetFacet] = {"schema": _schema_facet(entry.get("schema", []))}
        if entry.get("sha256"):
            facets["version"] = dataset_version_dataset.DatasetVersionDatasetFacet(
                datasetVersion=_sha256_label(str(entry["sha256"]))
            )
        input_facets: dict[str, InputDatasetFacet] = {
            "inputStatistics": input_statistics_input_dataset.InputStatisticsInputDatasetFacet(
                rowCount=entry.get("rows"), size=entry.get("bytes"), fileCount=1
            )
        }
        datasets.append(
            InputDataset(
                namespace=INPUT_NAMESPACE,
                name=str(entry["name"]),
                facets=facets,
                inputFacets=input_facets,
            )
        )
    return datasets


def _sha256_label(digest: str) -> str:
    return digest if digest.startswith("sha256:") else f"sha256:{digest}"


def _output_datasets(
    manifest: dict[str, Any], namespace: str, *, final: bool
) -> list[OutputDataset]:
    """Output datasets; the START event only declares them with their schema."""
    dataset = str(manifest["run"]["dataset"])
    inputs_by_table = {PurePosixPath(str(i["name"])).stem: i for i in manifest.get("inputs", [])}
    decisions = _decisions_by_table(manifest)
    root = manifest.get("outputs", {}).get("dataset_root")
    datasets: list[OutputDataset] = []
    for entry in manifest.get("outputs", {}).get("files", []):
        rel = PurePosixPath(str(entry["path"]))
        table = rel.stem
        source = inputs_by_table.get(table)
        table_decisions = decisions.get(table, {})
        fields = [
            f
            for f in (source or {}).get("schema", [])
            if table_decisions.get(str(f["name"]), {}).get("operator") != "drop"
        ]
        facets: dict[str, DatasetFacet] = {"schema": _schema_facet(fields)}
        output_facets: dict[str, OutputDatasetFacet] = {}
        if final:
            if root:
                facets["version"] = dataset_version_dataset.DatasetVersionDatasetFacet(
                    datasetVersion=str(root)
                )
            if source is not None:
                facets["columnLineage"] = _column_lineage(source, fields, table_decisions)
            output_facets["outputStatistics"] = (
                output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet(
                    rowCount=entry.get("rows"), size=entry.get("bytes"), fileCount=1
                )
            )
        datasets.append(
            OutputDataset(
                namespace=namespace,
                name=f"{dataset}/{rel}",
                facets=facets,
                outputFacets=output_facets,
            )
        )
    return datasets


def _decisions_by_table(manifest: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    by_table: dict[str, dict[str, dict[str, Any]]] = {}
    for col in manifest.get("columns", []):
        by_table.setdefault(str(col["table"]), {})[str(col["column"])] = col
    return by_table


def _column_lineage(
    source: dict[str, Any],
    fields: list[dict[str, Any]],
    decisions: dict[str, dict[str, Any]],
) -> column_lineage_dataset.ColumnLineageDatasetFacet:
    """Each output column ← the same input column; masking marks replaced columns.

    A column without a recorded decision passed through unchanged (the transform only
    touches planned columns), so it is an IDENTITY, not a masking transformation.
    """
    lineage: dict[str, column_lineage_dataset.Fields] = {}
    for f in fields:
        name = str(f["name"])
        decision = decisions.get(name, {})
        operator = str(decision.get("operator") or "keep")
        if operator == "keep":
            transformation = column_lineage_dataset.Transformation(
                type="DIRECT", subtype="IDENTITY", masking=False
            )
        else:
            technique = decision.get("technique") or "masking"
            transformation = column_lineage_dataset.Transformation(
                type="DIRECT",
                subtype="TRANSFORMATION",
                description=f"{technique} ({operator})",
                masking=True,
            )
        lineage[name] = column_lineage_dataset.Fields(
            inputFields=[
                column_lineage_dataset.InputField(
                    namespace=INPUT_NAMESPACE,
                    name=str(source["name"]),
                    field=name,
                    transformations=[transformation],
                )
            ]
        )
    return column_lineage_dataset.ColumnLineageDatasetFacet(fields=lineage, dataset=[])
