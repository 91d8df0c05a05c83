"""What a rebuild re-runs: the dataset's latest revoked run, with the plan and policy its
folder keeps and its recorded inputs; why a dataset cannot be re-run is said, not guessed."""

from __future__ import annotations

import secrets
from pathlib import Path

from anonymizers.certify import ledger
from anonymizers.governance import deletion, forgotten, rebuild
from tests.helpers.published import EMPLOYEE_IDS, publish

KEY = secrets.token_bytes(32)


def test_only_datasets_whose_latest_run_is_revoked_are_rebuilt(tmp_path: Path, signer) -> None:
    out = tmp_path / "out"
    export = tmp_path / "export.csv"
    export.write_text("employee_id\nE-10482\n")
    older = publish(out, signer, subject_ids=EMPLOYEE_IDS, pseudonym_key=KEY,
                    index_form="file", inputs=[str(export)])  # fmt: skip
    latest = publish(out, signer, subject_ids=EMPLOYEE_IDS, pseudonym_key=KEY,
                     index_form="file", inputs=[str(export)])  # fmt: skip
    (latest / "policy.yaml").write_bytes(b"version: 1\n")  # the bytes its manifest names
    forgotten.save_excluded(latest, KEY, {"e-10999"}, set())
    # hr: its latest run does not hold the subject, so it is served as it is
    publish(out, signer, dataset="hr", subject_ids=EMPLOYEE_IDS, pseudonym_key=KEY,
            index_form="file")  # fmt: skip
    publish(out, signer, dataset="hr", subject_ids=["E-1"], pseudonym_key=KEY, index_form="file")
    # payroll: revoked, but its export has gone
    gone = publish(out, signer, dataset="payroll", subject_ids=EMPLOYEE_IDS, pseudonym_key=KEY,
                   index_form="file", inputs=[str(tmp_path / "moved.csv")])  # fmt: skip

    checked = deletion.forget(out, "E-10482", KEY, signer)
    todo = {t.dataset: t for t in rebuild.plan_rebuilds(out, checked, KEY, tmp_path / "s")}
    assert sorted(todo) == ["crm_export", "payroll"]
    crm = todo["crm_export"]
    assert crm.run_id == latest.name != older.name
    assert crm.args is not None and crm.args[0] == str(export)
    assert crm.args[crm.args.index("--plan") + 1] == str(latest / "plan.yaml")
    assert crm.args[crm.args.index("--config") + 1] == str(latest / "policy.yaml")
    assert "--partition-rows" not in crm.args  # its manifest records no partition size
    assert len(crm.excluded) == 1 and len(crm.excluded[0]) == 16  # its opt-out, by record
    assert todo["payroll"].args is None and "moved.csv" in todo["payroll"].reason
    assert gone.name in ledger.revoked_runs(out)


def test_a_run_without_its_policy_is_not_rebuilt_with_another(tmp_path: Path, signer) -> None:
    out = tmp_path / "out"
    export = tmp_path / "export.csv"
    export.write_text("employee_id\nE-10482\n")
    run = publish(out, signer, subject_ids=EMPLOYEE_IDS, pseudonym_key=KEY, index_form="file",
                  inputs=[str(export)])  # fmt: skip
    checked = deletion.forget(out, "E-10484", KEY, signer)
    (todo,) = rebuild.plan_rebuilds(out, checked, KEY, tmp_path / "s")
    assert todo.args is None and "keeps no policy.yaml" in todo.reason
    (run / "policy.yaml").write_text("version: 1\nlocale: de_DE\n")  # not what it applied
    (todo,) = rebuild.plan_rebuilds(out, checked, KEY, tmp_path / "s")
    assert todo.args is None and "not the one its manifest names" in todo.reason
