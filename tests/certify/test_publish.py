"""publish: what certification records (the policy as loaded, each check's status) and
how a rejected run is handed to the flow and the command line (``RunRejected``).

A real transform of the small HR + support bundle (tests/helpers/transform_run.py),
certified by the engine's own assembly, without Prefect.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify import provenance
from anonymizers.certify.manifest import validate_manifest
from anonymizers.certify.publish import RunOutcome, RunRejected, certify_and_publish
from anonymizers.detect.text import TextDetector
from anonymizers.io.tables import write_table
from anonymizers.policy import Policy, load_policy
from anonymizers.verify.checks import run_checks
from tests.helpers.transform_run import Run, run_transform, write_bundle

pytestmark = pytest.mark.model  # the transform loads the spaCy model

RUN_ID = "3f6b2a90-1c4d-4e8f-a7b5-9d0e2c4f6a18"
POLICY = """\
locale: en_US
verification:
  min_leak_length: 4
  residual_sample_rows: 500
columns:
  "employees.department": {kind: safe}
"""


@pytest.fixture(scope="module")
def detector() -> TextDetector:
    return TextDetector(Policy())


def _publish(run: Run, out_root: Path, config: Path) -> tuple[str, Path, dict]:
    staging = out_root / ".staging" / RUN_ID
    for table in run.bundle.tables:
        write_table(table, run.results[table.name].df, staging / "data" / table.path.name)
    verification = run_checks(run.bundle.tables, run.results, run.plan, run.ctx, None, RUN_ID)
    return certify_and_publish(
        staging, run.bundle, run.plan, run.ctx, verification, Ed25519PrivateKey.generate(),
        out_rows={t.name: run.results[t.name].df.height for t in run.bundle.tables},
        run={"id": RUN_ID, "flow": "safeset-sanitize", "dataset": "northwind",
             "triggered_by": provenance.triggered_by("cli"), "started_at": provenance.now_iso()},
        out_root=out_root, inputs=[str(t.path) for t in run.bundle.tables], config=str(config),
        extra={"exclusions": []},
    )  # fmt: skip


def test_manifest_records_the_policy_as_loaded_not_as_it_is_at_certification(
    tmp_path: Path, detector: TextDetector
) -> None:
    config = tmp_path / "nightly.yaml"
    config.write_text(POLICY, encoding="utf-8")
    loaded = hashlib.sha256(POLICY.encode()).hexdigest()
    policy = load_policy(config)
    run = run_transform(write_bundle(tmp_path / "northwind"), detector, policy=policy)
    run.bundle.policy_path = config
    # Someone edits the policy while the run is under way.
    config.write_text(POLICY.replace("min_leak_length: 4", "min_leak_length: 8"), "utf-8")
    status, folder, predicate = _publish(run, tmp_path / "out", config)
    assert status == "CERTIFIED"
    assert predicate["policy"] == {"file": "nightly.yaml", "digest": f"sha256:{loaded}"}
    assert json.loads((folder / "manifest.json").read_text())["policy"]["digest"].endswith(loaded)
    validate_manifest(predicate)
    for entry in predicate["checks"]:
        assert entry["status"] in ("pass", "not_applicable") and entry["measured"], entry


def test_a_rejected_outcome_travels_whole_and_names_no_value(tmp_path: Path) -> None:
    outcome = RunOutcome("REJECTED", tmp_path / "quarantine" / "hr" / RUN_ID, RUN_ID,
                         ["failed check: leak_check (values_searched 40, hits 2)",
                          "  survey.comment: 2 finding(s): EMAIL_ADDRESS 2 [leak]"])  # fmt: skip
    rejected = RunRejected(outcome)
    assert rejected.exit_code == 1
    again = pickle.loads(pickle.dumps(rejected))  # a Prefect result may be pickled
    assert isinstance(again, RunRejected) and again.outcome == outcome
    assert str(rejected) == (
        f"run REJECTED (leak_check (values_searched 40, hits 2)); quarantined at {outcome.run_dir}"
    )
