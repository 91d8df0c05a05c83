"""``forget`` fails closed: a run whose index holds the subject or cannot be checked is
revoked, with the reason per run; only a run whose signed index says "not here" is kept."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from anonymizers.certify import ledger
from anonymizers.certify.keys import pseudonym_key_id
from anonymizers.governance import deletion, forgotten, subject_index
from tests.helpers.published import EMPLOYEE_IDS, publish

KEY = secrets.token_bytes(32)


def test_every_certified_run_gets_a_verdict_and_the_uncheckable_are_revoked(
    tmp_path: Path, signer
) -> None:
    out = tmp_path / "out"
    holds = publish(out, signer, subject_ids=EMPLOYEE_IDS, pseudonym_key=KEY, index_form="file")
    absent = publish(out, signer, dataset="payroll", subject_ids=["E-20931"],
                     pseudonym_key=KEY, index_form="file")  # fmt: skip
    nobody = publish(out, signer, dataset="stock", index_form="none")
    altered = publish(out, signer, dataset="hr", subject_ids=["E-20931"], pseudonym_key=KEY,
                      index_form="file")  # fmt: skip
    (altered / subject_index.INDEX_FILE).write_bytes(bytes(8))  # not the signed bytes
    legacy = publish(out, signer, dataset="old", subject_ids=["E-30001"], pseudonym_key=KEY)
    unindexed = publish(out, signer, dataset="older")  # made before every run had an index

    checked = {c["run_id"]: c for c in deletion.forget(out, "e-10483", KEY, signer)}
    verdicts = {run: c["verdict"] for run, c in checked.items()}
    assert verdicts == {
        holds.name: "holds", absent.name: "absent", nobody.name: "unchecked",
        altered.name: "unchecked", legacy.name: "absent", unindexed.name: "unchecked",
    }  # fmt: skip
    assert "no table about people" in checked[nobody.name]["why"]
    assert "missing or not the one signed" in checked[altered.name]["why"]
    assert "no subject index" in checked[unindexed.name]["why"]
    revoked = ledger.revoked_runs(out)
    assert revoked == {holds.name, nobody.name, altered.name, unindexed.name}
    reasons = {r["run_id"]: r["reason"] for r in ledger.read_records(out / ledger.LEDGER)
               if r.get("event") == "revoke"}  # fmt: skip
    assert reasons[nobody.name].endswith(
        "cannot be checked: no subject index: no table about people"
    )
    assert "e-10483" not in json.dumps(reasons).lower()  # bare digits occur in hex
    # remembered by record, once
    assert forgotten.records_for(out, pseudonym_key_id(KEY)) == {
        f"{subject_index.record(KEY, 'E-10483'):016x}"}  # fmt: skip
