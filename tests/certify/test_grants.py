"""grants: a run sealed for the granted teams hides its data from everyone else, and the
signed manifest, not grants.json, decides who may open it."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from anonymizers.certify import encryption as crypto
from anonymizers.certify import grants, recipients
from tests.helpers.run_folders import make_run_folder

ML = recipients.new_identity("ml-platform")
BI = recipients.new_identity("bi-reporting")


def _sealed(tmp_path: Path, teams: dict[str, str], parquet: bool = False) -> tuple[Path, dict]:
    run = make_run_folder(tmp_path)
    if parquet:
        pl.read_csv(run / "data" / "employees.csv").write_parquet(run / "data" / "staff.parquet")
    blocks = grants.seal_run(run, teams, run.name, "crm_export")
    predicate = {"run": {"id": run.name, "dataset": "crm_export"}, **blocks}
    return run, predicate


def test_seal_encrypts_every_data_file_and_lists_the_grants(tmp_path: Path) -> None:
    run, pred = _sealed(tmp_path, {"ml-platform": ML.recipient, "bi-reporting": BI.recipient},
                        parquet=True)  # fmt: skip
    assert sorted(p.name for p in (run / "data").iterdir()) == [
        "employees.csv.enc", "staff.parquet.enc", "tickets.jsonl.enc",
    ]  # fmt: skip
    # no plain value anywhere in the run folder, and no key: only wrapped keys and ids
    for path in run.rglob("*"):
        if path.is_file() and "data" in path.parts:
            assert b"Marisol" not in path.read_bytes() and b"PAR1" not in path.read_bytes()[:4]
    access = pred["access"]
    assert [g["team"] for g in access["grants"]] == ["bi-reporting", "ml-platform"]
    assert {g["fingerprint"] for g in access["grants"]} == {ML.fingerprint, BI.fingerprint}
    assert access["data_key_id"] == pred["encryption"]["key_id"] and access["file"] == "grants.json"
    doc = json.loads((run / grants.GRANTS).read_text())
    assert doc["run_id"] == run.name and len(doc["grants"]) == 2
    assert all(set(s) >= {"ephemeral", "nonce", "wrapped_key", "team", "fingerprint"}
               for s in doc["grants"])  # fmt: skip


def test_a_granted_identity_opens_and_decrypts(tmp_path: Path) -> None:
    run, pred = _sealed(tmp_path, {"ml-platform": ML.recipient, "bi-reporting": BI.recipient},
                        parquet=True)  # fmt: skip
    for identity, team in ((ML, "ml-platform"), (BI, "bi-reporting")):
        key, grant = grants.open_run(run, pred, identity)
        assert grant["team"] == team and crypto.data_key_id(key) == pred["encryption"]["key_id"]
    out = crypto.decrypt_file(run / "data" / "staff.parquet.enc", key, tmp_path)
    assert out.name == "staff.parquet"
    assert pl.read_parquet(out)["full_name"].to_list()[0] == "Marisol Okafor"


def test_no_identity_or_one_not_granted_is_denied(tmp_path: Path) -> None:
    run, pred = _sealed(tmp_path, {"ml-platform": ML.recipient})
    with pytest.raises(
        grants.AccessDenied, match="sealed for ml-platform; pull it with --identity"
    ):
        grants.open_run(run, pred, None)
    with pytest.raises(grants.AccessDenied, match=f"identity {BI.fingerprint[:16]} is not granted"):
        grants.open_run(run, pred, BI)
    assert grants.AccessDenied("x").exit_code == 2


def test_grants_file_cannot_widen_the_signed_grants(tmp_path: Path) -> None:
    """An outsider who edits grants.json (adding a stanza of their own) gains nothing:
    the signed manifest does not list them; and a relabelled stanza does not open."""
    run, pred = _sealed(tmp_path, {"ml-platform": ML.recipient})
    other, other_pred = _sealed(tmp_path / "b", {"bi-reporting": BI.recipient})
    doc = json.loads((run / grants.GRANTS).read_text())
    foreign = json.loads((other / grants.GRANTS).read_text())["grants"][0]
    doc["grants"].append(foreign)
    (run / grants.GRANTS).write_text(json.dumps(doc))
    with pytest.raises(grants.AccessDenied):
        grants.open_run(run, pred, BI)
    # even listed in the (forged) predicate, the foreign stanza was wrapped for another run
    forged = json.loads(json.dumps(pred))
    forged["access"]["grants"].append({k: foreign[k] for k in ("team", "recipient", "fingerprint")})
    with pytest.raises(crypto.CryptoError, match="does not open"):
        grants.open_run(run, forged, BI)
    # a stanza missing from grants.json is an integrity error, not a denial
    (run / grants.GRANTS).write_text(json.dumps({**doc, "grants": []}))
    with pytest.raises(crypto.CryptoError, match="lacks the stanza"):
        grants.open_run(run, pred, ML)
    assert other_pred["access"]["data_key_id"] != pred["access"]["data_key_id"]  # fresh keys
