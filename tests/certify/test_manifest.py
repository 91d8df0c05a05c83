"""Manifest schema v1 and output digests; the dataset root equals the coreutils pipeline."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from anonymizers.certify import manifest
from anonymizers.certify.manifest import ManifestError, validate_manifest
from anonymizers.io.files import sha256_file
from anonymizers.plan.columns import TEXT_KINDS
from tests.helpers.run_folders import make_predicate, make_run_folder


@pytest.fixture
def run(tmp_path: Path) -> Path:
    folder = make_run_folder(tmp_path / "out")
    nested = folder / "data" / "attachments" / "2025 Q2"
    nested.mkdir(parents=True)
    (nested / "offer letter – Okafor.txt").write_text("Dear Marisol,\nwelcome aboard.\n")
    (folder / "data" / "Zeta.csv").write_text("id\n1\n")  # upper case sorts before lower (C)
    return folder


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json.loads(manifest.SCHEMA_PATH.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    # Every block is required except those of opt-in policy features, and csv_formulas,
    # which runs write always but manifests signed before it existed lack.
    optional = {"access", "encryption", "subject_index", "date_shift", "risk", "fairness",
                "csv_formulas"}  # fmt: skip
    optional.add("ledger")  # absent from manifests signed before the ledger was anchored
    assert set(schema["required"]) == set(schema["properties"]) - optional


def test_realistic_predicate_validates(run: Path) -> None:
    validate_manifest(make_predicate(run))
    assert manifest.PREDICATE_TYPE == "https://safeset.dev/attestation/manifest/v1"


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda m: m.pop("previous_manifest"), "'previous_manifest' is a required property"),
        (lambda m: m.__setitem__("status", "APPROVED"), "status: must satisfy enum"),
        (lambda m: m["policy"].__setitem__("digest", "md5:abc"), "policy/digest"),
        (lambda m: m["inputs"][0].__setitem__("sha256", "XYZ"), "inputs/0/sha256"),
        (lambda m: m["outputs"].__setitem__("dataset_root", "a" * 64), "outputs/dataset_root"),
        (lambda m: m["run"].__setitem__("ended_at", "yesterday"), "run/ended_at"),
        (lambda m: m["checks"][0]["counts"].__setitem__("hits", -1), "checks/0/counts/hits"),
        (lambda m: m["deidentification"].__setitem__("claim", "anonymised"), "claim"),
        (lambda m: m["columns"][0].__setitem__("technique", "encryption"), "technique"),
        (lambda m: m.__setitem__("previous_manifest", "sha256:" + "0" * 63), "previous_manifest"),
        (lambda m: m.__setitem__("samples", []), "unexpected key(s) 'samples'"),
        (lambda m: m["outputs"]["files"][0].__setitem__("path", "../../etc/passwd"), "path"),
    ],
)
def test_schema_rejects(run: Path, mutate, needle: str) -> None:
    m = make_predicate(run)
    mutate(m)
    with pytest.raises(ManifestError) as err:
        validate_manifest(m)
    assert needle in str(err.value)


def test_errors_do_not_echo_values(run: Path) -> None:
    m = make_predicate(run)
    m["run"]["ended_at"] = "Marisol Okafor 415-555-0187"
    m["inputs"][0]["sha256"] = "marisol.okafor@northwind-example.com"
    with pytest.raises(ManifestError) as err:
        validate_manifest(m)
    text = str(err.value)
    assert "Okafor" not in text and "555-0187" not in text and "northwind" not in text
    assert "run/ended_at" in text and "inputs/0/sha256" in text


def test_null_previous_and_rows_allowed(run: Path) -> None:
    m = copy.deepcopy(make_predicate(run))
    m["outputs"]["files"][0]["rows"] = None
    m["previous_manifest"] = "sha256:" + "c" * 64
    validate_manifest(m)  # null rows and a chained manifest are fine...
    m["outputs"]["files"][0]["rows"] = "many"
    with pytest.raises(ManifestError, match="rows"):  # ...but the schema does read the field
        validate_manifest(m)


def test_file_entries(run: Path) -> None:
    entries = manifest.file_entries(run)
    paths = [e["path"] for e in entries]
    assert paths == sorted(paths) and all(p.startswith("data/") for p in paths)
    assert "data/employees.csv" in paths and "data/Zeta.csv" in paths
    assert "data/attachments/2025 Q2/offer letter – Okafor.txt" in paths
    for e in entries:
        target = run / e["path"]
        assert e["bytes"] == target.stat().st_size
        assert e["sha256"] == sha256_file(target)
        assert set(e) == {"path", "sha256", "bytes"}
    assert not any(p.startswith("plan") or p.startswith("lineage") for p in paths)


def test_dataset_root_equals_coreutils(run: Path) -> None:
    if shutil.which("sha256sum") is None:
        pytest.skip("coreutils sha256sum is not installed")
    env = {**os.environ, "LC_ALL": "C"}
    out = subprocess.run(
        "find . -type f | sort | xargs -d '\\n' sha256sum | sha256sum",
        shell=True, cwd=run / "data", env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert manifest.dataset_root(run) == "sha256:" + out.stdout.split()[0]


def test_dataset_root_changes_with_content_and_name(run: Path) -> None:
    before = manifest.dataset_root(run)
    (run / "data" / "Zeta.csv").write_text("id\n2\n")
    changed = manifest.dataset_root(run)
    (run / "data" / "Zeta.csv").rename(run / "data" / "zeta.csv")
    renamed = manifest.dataset_root(run)
    assert len({before, changed, renamed}) == 3
    (run / "report.md").write_text("outside data/ does not count\n")
    assert manifest.dataset_root(run) == renamed


def test_three_valued_checks_validate_and_two_valued_ones_still_do(run: Path) -> None:
    m = make_predicate(run)
    old = copy.deepcopy(m["checks"])
    m["checks"] = [
        {"name": "leak_check", "passed": True, "status": "pass", "gating": True,
         "measured": "every output text cell", "reason": "no original value was found",
         "counts": {"values_searched": 3612, "hits": 0}},
        {"name": "k_anonymity", "passed": False, "status": "not_applicable", "gating": True,
         "measured": "the smallest group", "reason": "no table has quasi-identifiers",
         "counts": {"k_required": 5, "tables": 0}},
    ]  # fmt: skip
    validate_manifest(m)
    m["checks"] = old  # a manifest signed before checks had a status
    validate_manifest(m)
    assert all(manifest.check_status(c) in ("pass", "fail") for c in old)
    m["checks"] = [{**old[0], "status": "skipped"}]
    with pytest.raises(ManifestError, match="checks/0/status"):
        validate_manifest(m)


def test_check_status_of_old_and_new_entries() -> None:
    assert manifest.check_status({"name": "leak_check", "passed": True}) == "pass"
    assert manifest.check_status({"name": "leak_check", "passed": False}) == "fail"
    na = {"name": "k_anonymity", "passed": False, "status": "not_applicable"}
    assert manifest.check_status(na) == "not_applicable"


def test_every_plan_kind_validates(run: Path) -> None:
    """A technical column (user agents, a map keyed by e-mails and phones) is a kind the
    plan makes: its manifest must validate (it was a schema failure, exit 3)."""
    for kind in ("entity", *TEXT_KINDS, "safe"):
        predicate = make_predicate(run)
        predicate["columns"][0]["kind"] = kind
        validate_manifest(predicate)
