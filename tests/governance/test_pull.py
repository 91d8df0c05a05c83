"""``pull`` hands out only verified, certified, unrevoked runs and logs every attempt;
``forget`` revokes exactly the runs whose subject index holds the subject."""

from __future__ import annotations

import errno
import json
import os
import secrets
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.certify import attest, ledger, recipients
from anonymizers.certify.grants import AccessDenied
from anonymizers.errors import KeyError_, SafesetError
from anonymizers.governance import access, subjects
from anonymizers.governance.pull import PullRefused, forget, pull, unchecked_runs
from tests.helpers.published import EMPLOYEE_IDS, publish
from tests.helpers.run_folders import EMPLOYEES_CSV


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def _access(out: Path) -> list[dict[str, Any]]:
    return access.read_access_log(out / access.ACCESS_LOG)


def test_pull_latest_copies_and_logs(out: Path, signer, trusted: Path, tmp_path: Path) -> None:
    older = publish(out, signer)
    latest = publish(out, signer)
    publish(out, signer, status="REJECTED")  # a later rejected run is never "latest"
    dest = tmp_path / "team" / "tickets-triage"
    result = pull(out, "crm_export", dest, None, trusted, None)
    assert result.run_id == latest.name != older.name
    assert sorted(p.name for p in dest.iterdir()) == ["employees.csv", "tickets.jsonl"]
    for name in ("employees.csv", "tickets.jsonl"):
        assert (dest / name).read_bytes() == (latest / "data" / name).read_bytes()
    (rec,) = _access(out)
    assert rec["event"] == "pull" and rec["run_id"] == latest.name
    assert (
        rec["dataset_root"]
        == json.loads((latest / "manifest.json").read_text())["outputs"]["dataset_root"]
    )
    assert rec["destination"] == str(dest) and rec["user"] and rec["host"]
    assert access.verify_access_log(out / access.ACCESS_LOG) == []
    assert not list(dest.parent.glob(".*safeset-pull*"))  # staging folder gone


def test_pull_refuses_rejected_run(out: Path, signer, trusted: Path, tmp_path: Path) -> None:
    rejected = publish(out, signer, status="REJECTED")
    with pytest.raises(PullRefused, match="REJECTED, not CERTIFIED"):
        pull(out, "crm_export", tmp_path / "d", rejected.name, trusted, None)
    with pytest.raises(PullRefused, match="no certified, unrevoked run"):
        pull(out, "crm_export", tmp_path / "d", None, trusted, None)
    assert not (tmp_path / "d").exists()
    assert [r["event"] for r in _access(out)] == ["pull-refused", "pull-refused"]


def test_pull_refuses_revoked_run(out: Path, signer, trusted: Path, tmp_path: Path) -> None:
    older = publish(out, signer)
    latest = publish(out, signer)
    ledger.revoke(out, latest.name, "crm_export", "deletion request for subject 1a2b3c4d", signer)
    with pytest.raises(PullRefused, match="revoked"):
        pull(out, "crm_export", tmp_path / "d", latest.name, trusted, None)
    # without --version the latest certified run is the dataset: revoked, and no rebuild
    # since, pull refuses with the reason and never falls back to the older run
    with pytest.raises(PullRefused, match=r"latest certified run .* revoked \(deletion request"):
        pull(out, "crm_export", tmp_path / "d", None, trusted, None)
    assert not (tmp_path / "d").exists()
    # an older run asked for by name is still served (forget left it unrevoked: checked)
    assert pull(out, "crm_export", tmp_path / "d", older.name, trusted, None).run_id == older.name
    rebuilt = publish(out, signer)
    assert pull(out, "crm_export", tmp_path / "e", None, trusted, None).run_id == rebuilt.name


def test_pull_refuses_tampered_run(out: Path, signer, trusted: Path, tmp_path: Path) -> None:
    run = publish(out, signer)
    data = run / "data" / "employees.csv"
    data.write_text(data.read_text().replace("Finance", "Finanse"))
    with pytest.raises(PullRefused, match=r"fails verification: data/employees\.csv: sha256"):
        pull(out, "crm_export", tmp_path / "d", None, trusted, None)
    assert not (tmp_path / "d").exists()
    refused = _access(out)[-1]
    assert refused["event"] == "pull-refused" and refused["run_id"] == run.name


def test_pull_refuses_untrusted_signer_and_edited_ledger(
    out: Path, signer, trusted: Path, tmp_path: Path
) -> None:
    publish(out, Ed25519PrivateKey.generate(), ledger_key=signer)
    with pytest.raises(PullRefused, match="not in the trusted keys"):
        pull(out, "crm_export", tmp_path / "d", None, trusted, None)
    run = publish(out, signer)
    ledger.revoke(out, run.name, "crm_export", "deletion request for subject 1a2b3c4d", signer)
    # deleting the revocation in the middle of the chain must not resurrect the run
    publish(out, signer, dataset="hr_survey")
    lines = (out / ledger.LEDGER).read_text().splitlines(keepends=True)
    del lines[2]
    (out / ledger.LEDGER).write_text("".join(lines))
    with pytest.raises(PullRefused, match="ledger fails verification"):
        pull(out, "crm_export", tmp_path / "d", run.name, trusted, None)


def test_pull_usage_errors_exit_2(out: Path, signer, trusted: Path, tmp_path: Path) -> None:
    with pytest.raises(SafesetError, match="no ledger"):
        pull(out, "crm_export", tmp_path / "d", None, trusted, None)
    publish(out, signer)
    for dataset, version, match in (
        ("payroll", None, "no runs"),
        ("crm_export", "no-such-run", "no run no-such-run"),
    ):
        with pytest.raises(SafesetError, match=match) as err:
            pull(out, dataset, tmp_path / "d", version, trusted, None)
        assert err.value.exit_code == 2
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("keep me")
    with pytest.raises(SafesetError, match="not an empty folder"):
        pull(out, "crm_export", busy, None, trusted, None)
    assert (busy / "notes.txt").read_text() == "keep me"


def test_pull_decrypts_encrypted_run(out: Path, signer, trusted: Path, tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    run = publish(out, signer, data_key=key, parquet=True)
    assert (run / "data" / "employees.csv.enc").is_file()
    with pytest.raises(KeyError_, match="encrypted at rest"):
        pull(out, "crm_export", tmp_path / "d", None, trusted, None)
    with pytest.raises(KeyError_, match="was encrypted with data key"):
        pull(out, "crm_export", tmp_path / "d", None, trusted, secrets.token_bytes(32))
    result = pull(out, "crm_export", tmp_path / "d", None, trusted, key)
    assert result.decrypted
    dest = tmp_path / "d"
    assert sorted(p.name for p in dest.iterdir()) == [
        "employees.csv",
        "staff.parquet",
        "tickets.jsonl",
    ]
    assert (dest / "employees.csv").read_text() == EMPLOYEES_CSV
    staff = pl.read_parquet(dest / "staff.parquet")  # plain Parquet again, no key needed
    assert (
        staff["full_name"].to_list() == pl.read_csv(dest / "employees.csv")["full_name"].to_list()
    )
    assert _access(out)[-1]["decrypted"] is True


def test_forget_revokes_exactly_the_runs_with_the_subject(
    out: Path, signer, trusted: Path, tmp_path: Path
) -> None:
    pkey = secrets.token_bytes(32)
    with_subject = [
        publish(out, signer, subject_ids=EMPLOYEE_IDS, pseudonym_key=pkey),
        publish(out, signer, dataset="hr_survey", subject_ids=["e-10483 "], pseudonym_key=pkey),
    ]
    without = publish(out, signer, dataset="hr_survey", subject_ids=["E-10482"], pseudonym_key=pkey)
    rejected = publish(out, signer, status="REJECTED", subject_ids=EMPLOYEE_IDS, pseudonym_key=pkey)
    other_key = publish(
        out, signer, subject_ids=EMPLOYEE_IDS, pseudonym_key=secrets.token_bytes(32)
    )

    assert [u["run_id"] for u in unchecked_runs(out, pkey)] == [other_key.name]
    found = forget(out, "E-10483", pkey, signer)
    verdicts = {f["run_id"]: f["verdict"] for f in found}
    assert verdicts == {with_subject[0].name: "holds", with_subject[1].name: "holds",
                        without.name: "absent", other_key.name: "unchecked"}  # fmt: skip
    assert "another pseudonymisation key" in next(
        f["why"] for f in found if f["run_id"] == other_key.name
    )
    assert not any(f["already_revoked"] for f in found)
    revoked = ledger.revoked_runs(out)
    # fail closed: the run made with another key cannot be checked, so it is revoked too
    assert revoked == {r.name for r in with_subject} | {other_key.name}
    assert without.name not in revoked and rejected.name not in revoked
    assert unchecked_runs(out, pkey) == []
    assert ledger.verify_ledger(out / ledger.LEDGER, trusted) == []

    # a repeated request adds no second revocation
    size = len(ledger.read_records(out / ledger.LEDGER))
    again = forget(out, "e-10483", pkey, signer)
    assert [f["already_revoked"] for f in again] == [True, True, False, True]
    assert len(ledger.read_records(out / ledger.LEDGER)) == size

    # the raw id appears in no ledger, manifest or attestation; only its keyed digest
    # (the fixture's data files are unpseudonymised on purpose and are not searched)
    checked = [p for p in out.rglob("*") if p.is_file() and "data" not in p.parts]
    assert any(p.name == "manifest.json" for p in checked) and (out / ledger.LEDGER) in checked
    # searched with its prefix: five bare digits turn up by chance in hex digests and
    # signatures (about once in 500 runs), a hyphen and a letter before them do not
    for path in checked:
        assert b"e-10483" not in path.read_bytes().lower(), path
    digest = subjects.subject_digest(pkey, "E-10483")
    reasons = [r["reason"] for r in ledger.read_records(out / ledger.LEDGER) if "reason" in r]
    assert reasons == [f"deletion request for subject {digest[:16]}: holds the subject"] * 2 + [
        f"deletion request for subject {digest[:16]}: cannot be checked: subject index made "
        f"with another pseudonymisation key ({json.loads((other_key / 'manifest.json').read_text())['subject_index']['key_id']})"
    ]

    # and the revoked runs can no longer be pulled
    with pytest.raises(PullRefused, match="revoked"):
        pull(out, "hr_survey", tmp_path / "d", with_subject[1].name, trusted, None)


def test_forget_sees_a_subject_hidden_from_manifest_json(out: Path, signer) -> None:
    """Editing manifest.json to drop a digest does not hide the run: the signed
    predicate inside the attestation is searched too."""
    pkey = secrets.token_bytes(32)
    run = publish(out, signer, subject_ids=EMPLOYEE_IDS, pseudonym_key=pkey)
    doc = json.loads((run / "manifest.json").read_text())
    doc["subject_index"]["digests"].remove(subjects.subject_digest(pkey, "E-10484"))
    (run / "manifest.json").write_text(json.dumps(doc))
    assert [f["verdict"] for f in forget(out, "E-10484", pkey, signer)] == ["holds"]


# --- access by role: runs sealed for granted teams --------------------------------------

ML_PLATFORM = recipients.new_identity("ml-platform")
BI_REPORTING = recipients.new_identity("bi-reporting")


def test_granted_team_pulls_and_the_log_names_its_fingerprint(
    out: Path, signer, trusted: Path, tmp_path: Path
) -> None:
    run = publish(out, signer, teams={"ml-platform": ML_PLATFORM.recipient}, parquet=True)
    # the auditor verifies with the trusted public keys alone: no data key, no identity
    report = attest.verify_run(run, trusted)
    assert report.ok, report.reasons
    assert [g["team"] for g in report.manifest["access"]["grants"]] == ["ml-platform"]
    assert (run / "grants.json").is_file() and "grants.json" in (run / "SHA256SUMS").read_text()

    dest = tmp_path / "ml" / "crm"
    result = pull(out, "crm_export", dest, None, trusted, None, identity=ML_PLATFORM)
    assert result.decrypted and result.files == ["employees.csv", "staff.parquet", "tickets.jsonl"]
    assert (dest / "employees.csv").read_text() == EMPLOYEES_CSV
    assert pl.read_parquet(dest / "staff.parquet").height == 3
    rec = _access(out)[-1]
    assert rec["event"] == "pull" and rec["identity"] == ML_PLATFORM.fingerprint
    assert rec["team"] == "ml-platform"  # from the signed manifest, not from the identity file
    assert access.verify_access_log(out / access.ACCESS_LOG) == []


def test_team_not_granted_is_refused_exit_2_and_nothing_copied(
    out: Path, signer, trusted: Path, tmp_path: Path
) -> None:
    run = publish(out, signer, teams={"ml-platform": ML_PLATFORM.recipient})
    dest = tmp_path / "bi" / "crm"
    with pytest.raises(AccessDenied, match="is not granted run") as err:
        pull(out, "crm_export", dest, None, trusted, None, identity=BI_REPORTING)
    assert err.value.exit_code == 2 and "\n" not in str(err.value)
    with pytest.raises(AccessDenied, match="sealed for ml-platform"):
        pull(out, "crm_export", dest, None, trusted, None)  # no identity at all
    # nor does the engineer's configured data key open it: the run key was never stored
    with pytest.raises(AccessDenied):
        pull(out, "crm_export", dest, None, trusted, secrets.token_bytes(32))
    assert not dest.exists() and not list(dest.parent.glob(".*safeset-pull*"))
    refused = _access(out)
    assert [r["event"] for r in refused] == ["pull-refused"] * 3
    assert refused[0]["identity"] == BI_REPORTING.fingerprint and "team" not in refused[0]
    assert refused[0]["run_id"] == run.name


def test_a_grant_added_later_serves_the_new_run_only(
    out: Path, signer, trusted: Path, tmp_path: Path
) -> None:
    before = publish(out, signer, teams={"ml-platform": ML_PLATFORM.recipient})
    after = publish(  # the policy now grants bi-reporting too: the re-run is sealed for both
        out, signer,
        teams={"ml-platform": ML_PLATFORM.recipient, "bi-reporting": BI_REPORTING.recipient},
    )  # fmt: skip
    got = pull(out, "crm_export", tmp_path / "bi-new", None, trusted, None, identity=BI_REPORTING)
    assert got.run_id == after.name
    assert (tmp_path / "bi-new" / "employees.csv").read_text() == EMPLOYEES_CSV
    with pytest.raises(AccessDenied, match=f"not granted run {before.name}"):
        pull(out, "crm_export", tmp_path / "bi-old", before.name, trusted, None,
             identity=BI_REPORTING)  # fmt: skip
    assert not (tmp_path / "bi-old").exists()
    old = pull(out, "crm_export", tmp_path / "ml-old", before.name, trusted, None,
               identity=ML_PLATFORM)  # fmt: skip
    assert old.run_id == before.name


def test_a_plain_run_still_pulls_and_logs_the_identity_shown(
    out: Path, signer, trusted: Path, tmp_path: Path
) -> None:
    publish(out, signer)  # a policy that grants no team: plain data, as before roles
    pull(out, "crm_export", tmp_path / "d", None, trusted, None, identity=BI_REPORTING)
    rec = _access(out)[-1]
    assert rec["identity"] == BI_REPORTING.fingerprint and "team" not in rec


# --- the ledger's anchors, a bad folder elsewhere, a read-only root --------------------


def test_an_unrecorded_folder_of_another_dataset_does_not_block_pull(
    out: Path, signer, trusted: Path, tmp_path: Path
) -> None:
    """What the issue found: one certified folder outside the ledger (a run killed
    between its move and its ledger line, by an older safeset) made every pull of the
    root refused. Only that run is refused now."""
    good = publish(out, signer)
    orphan = publish(out, signer, dataset="payroll")
    lines = (out / ledger.LEDGER).read_text().splitlines(keepends=True)
    (out / ledger.LEDGER).write_text("".join(lines[:-1]))
    (out / "ledger.checkpoint.json").unlink()  # as an older safeset left it: no checkpoint
    ledger.append(out, {"event": "run", "run_id": "r-rejected", "dataset": "hr",
                        "status": "REJECTED"}, signer)  # fmt: skip
    assert pull(out, "crm_export", tmp_path / "d", None, trusted, None).run_id == good.name
    with pytest.raises(SafesetError, match="'payroll' has no runs in the ledger"):
        pull(out, "payroll", tmp_path / "e", orphan.name, trusted, None)
    assert any("payroll" in p and "not in the ledger" in p
               for p in ledger.verify_ledger(out / ledger.LEDGER, trusted))  # fmt: skip


def test_pull_refuses_when_the_ledger_was_cut_back(
    out: Path, signer, trusted: Path, tmp_path: Path
) -> None:
    older = publish(out, signer)
    latest = publish(out, signer)
    ledger.revoke(out, latest.name, "crm_export", "deletion request for subject 1a2b3c4d", signer)
    lines = (out / ledger.LEDGER).read_text().splitlines(keepends=True)
    (out / ledger.LEDGER).write_text("".join(lines[:-1]))  # the revocation line deleted
    with pytest.raises(PullRefused, match="seals 3 record"):
        pull(out, "crm_export", tmp_path / "d", None, trusted, None)
    assert older.name != latest.name and not (tmp_path / "d").exists()


def test_pull_from_a_read_only_root_is_one_line_exit_2(
    out: Path, signer, trusted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The access log cannot be written (EROFS injected: tests run as root, for whom a
    chmod makes nothing read-only): no traceback, exit 2, nothing handed out."""
    publish(out, signer)
    real = ledger.append_chained

    def read_only(path: Path, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if path.name == access.ACCESS_LOG:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(ledger, "append_chained", read_only)
    with pytest.raises(SafesetError) as caught:
        pull(out, "crm_export", tmp_path / "d", None, trusted, None)
    assert caught.value.exit_code == 2 and "\n" not in str(caught.value)
    assert "cannot write the access log (Read-only file system)" in str(caught.value)
    assert not (tmp_path / "d").exists()
