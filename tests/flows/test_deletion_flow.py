"""A deletion request, end to end on a fresh bundle, through the real flows: runs made with
the default policy (no ``subjects:``), one in memory with an opt-out and one partitioned;
then ``forget --rebuild`` and ``pull``. No served dataset holds the subject (neither its
values nor the fakes the earlier runs gave them), every revoked run fails ``verify`` and
every rebuilt run verifies.

The rebuilds run in this process (``rebuild_datasets`` with an in-process runner) and
are not told the subject: they leave it out because every run reads the log of
forgotten subjects, which is what keeps tomorrow's nightly run from bringing it back.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anonymizers.certify import ledger
from anonymizers.certify.keys import load_pseudonym_key
from anonymizers.governance import deletion, subject_index
from anonymizers.governance.forgotten import EXCLUDE_RECORDS_ENV
from anonymizers.policy import KeysConfig
from flows.cli.app import app
from flows.cli.governance import rebuild_datasets

pytestmark = pytest.mark.slow
runner = CliRunner()

FIRST = ["Oksana", "Lars", "Aoife", "Mateusz", "Giulia", "Henrik", "Ines", "Tobias",
         "Zofia", "Ruairi", "Beatriz", "Sven", "Margit", "Dario"]  # fmt: skip
LAST = ["Petrenko", "Halvorsen", "Byrne", "Kowalczyk", "Ferraro", "Lindqvist", "Carvalho",
        "Brandauer", "Wisniewska", "Gallagher", "Moreira", "Akerlund", "Szabo", "Ricci"]  # fmt: skip
SUBJECT = 4  # Giulia Ferraro: asks to be forgotten
OPTED_OUT = 2  # Aoife Byrne: opted out before


def _bundle(folder: Path) -> list[dict[str, str]]:
    folder.mkdir()
    people = [
        {"customer_id": f"CUS-{40_117 + 13 * i}", "full_name": f"{f} {last}",
         "email": f"{f.lower()}.{last.lower()}@mailbox.example.org",
         "phone": f"+44 20 7946 {1000 + 37 * i:04d}", "city": "Leeds" if i % 2 else "Cork"}
        for i, (f, last) in enumerate(zip(FIRST, LAST, strict=True))
    ]  # fmt: skip
    with (folder / "customers.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(people[0]))
        w.writeheader()
        w.writerows(people)
    with (folder / "orders.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["order_id", "customer_id", "amount_eur", "status"])
        for n in range(3 * len(people)):
            w.writerow([f"ORD-{90_001 + n}", people[n % len(people)]["customer_id"],
                        f"{12 + 7 * n % 90}.50", "shipped" if n % 3 else "open"])  # fmt: skip
    return people


def _run(*args: str) -> Path:
    result = runner.invoke(app, ["run", *args])
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().splitlines()[-1])


def _in_process(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """``safeset run`` here, with the opt-outs of the replaced run (records) in the
    environment as the CLI's child gets them, but not the subject's id."""
    os.environ[EXCLUDE_RECORDS_ENV] = env[EXCLUDE_RECORDS_ENV]
    try:
        result = runner.invoke(app, ["run", *args])
    finally:
        os.environ.pop(EXCLUDE_RECORDS_ENV)
    return result.exit_code, result.stdout, result.stderr


def _row(run_dir: Path, table: str, n: int) -> dict[str, str]:
    with (run_dir / "data" / f"{table}.csv").open() as fh:
        return list(csv.DictReader(fh))[n]


def _text(folder: Path) -> str:
    return "\n".join(p.read_text() for p in sorted(folder.rglob("*")) if p.is_file())


def test_forget_rebuild_pull_serves_no_trace_of_the_subject(
    prefect_server: None, safeset_home: Path, tmp_path: Path
) -> None:
    people = _bundle(tmp_path / "export")
    export, out = tmp_path / "export", tmp_path / "out"
    subject = people[SUBJECT]

    # Two runs, default policy: in memory with an opt-out, and partitioned.
    opted = _run(str(export), "--out", str(out), "--dataset", "crm",
                 "--exclude-subject", people[OPTED_OUT]["customer_id"])  # fmt: skip
    parts = _run(str(export), "--out", str(out), "--dataset", "crm_parts", "--partition-rows", "9")
    key = load_pseudonym_key(KeysConfig(), safeset_home)
    for run_dir in (opted, parts):
        index = json.loads((run_dir / "manifest.json").read_text())["subject_index"]
        assert index["source"] == "plan"  # the default policy names no subject columns
        assert index["columns"] == ["customers.customer_id", "customers.email"]
        assert (run_dir / "policy.yaml").read_bytes() == b""  # the defaults, as applied
        assert (run_dir / "plan.yaml").is_file()
        by_id = subject_index.lookup(run_dir, index, key, subject["customer_id"])
        by_mail = subject_index.lookup(run_dir, index, key, subject["email"].upper())
        assert by_id is by_mail is True
    excluded = json.loads((opted / "manifest.json").read_text())["exclusions"]
    assert {e["table"]: e["rows_excluded"] for e in excluded} == {"customers": 1, "orders": 3}
    # The fakes the earlier runs gave the subject (row order is kept in the outputs).
    fakes = [v for c, v in _row(parts, "customers", SUBJECT).items() if c != "city"]
    # (the opt-out run has one row less before the subject's: same fakes, one row up)
    assert [v for c, v in _row(opted, "customers", SUBJECT - 1).items() if c != "city"] == fakes
    assert subject["customer_id"] not in fakes and len(set(fakes)) == 4

    # The request names the subject by e-mail, on stdin: the id never reaches argv.
    forgot = runner.invoke(app, ["forget", "-", "--out", str(out)], input=subject["email"] + "\n")
    assert forgot.exit_code == 0, forgot.output
    for run_dir in (opted, parts):
        assert f"revoked: run {run_dir.name} of" in forgot.stdout
    assert subject["email"] not in forgot.output and subject["customer_id"] not in forgot.output
    # Revoked, not rebuilt yet: pull refuses, with the reason, and falls back to nothing.
    refused = runner.invoke(app, ["pull", "crm", "--to", str(tmp_path / "d"), "--out", str(out)])
    assert refused.exit_code == 1 and "revoked" in refused.output and "no rebuild" in refused.output
    assert not (tmp_path / "d").exists()

    checked = deletion.forget(out, subject["email"], key)  # again: nothing new to revoke
    assert [(c["verdict"], c["already_revoked"]) for c in checked] == [("holds", True)] * 2
    assert rebuild_datasets(out, checked, subject["email"], key, run=_in_process)

    revoked = ledger.revoked_runs(out)
    assert {parts.name, opted.name} <= revoked
    rebuilt = {
        rec["dataset"]: out / rec["run_dir"]
        for rec in ledger.read_records(out / ledger.LEDGER)
        if rec.get("event") == "run" and rec["run_id"] not in revoked
    }
    assert sorted(rebuilt) == ["crm", "crm_parts"]
    for name, run_dir in rebuilt.items():
        manifest = json.loads((run_dir / "manifest.json").read_text())
        assert (
            subject_index.lookup(run_dir, manifest["subject_index"], key, subject["email"]) is False
        )
        # One flow; the rebuild keeps the partition size the revoked run chose.
        assert manifest["run"]["flow"] == "safeset-sanitize"
        sizes = next(c["counts"] for c in manifest["checks"] if c["name"] == "partitions")
        assert (sizes["largest_partition_rows"] <= 9) == (name == "crm_parts")
    for run_dir in (opted, parts):
        assert runner.invoke(app, ["verify", str(run_dir)]).exit_code == 1
    for run_dir in rebuilt.values():
        assert runner.invoke(app, ["verify", str(run_dir)]).exit_code == 0

    for name in ("crm", "crm_parts"):
        dest = tmp_path / "pulled" / name
        pulled = runner.invoke(app, ["pull", name, "--to", str(dest), "--out", str(out)])
        assert pulled.exit_code == 0, pulled.output
        assert rebuilt[name].name in pulled.stdout
        text = _text(dest)
        originals = [
            subject["customer_id"],
            subject["full_name"],
            subject["email"],
            subject["phone"],
        ]
        assert not [v for v in originals + fakes if v in text]
        # The opt-out of the crm run it replaces carries over: rebuilt without both.
        gone = 2 if name == "crm" else 1
        if name == "crm":
            opted_out = [people[OPTED_OUT][c] for c in ("customer_id", "full_name", "email")]
            assert not [v for v in opted_out if v in text]
        for table, per_customer in (("customers", 1), ("orders", 3)):
            rows = len(list(csv.DictReader((dest / f"{table}.csv").open())))
            assert rows == per_customer * (len(people) - gone)  # their orders went with them
