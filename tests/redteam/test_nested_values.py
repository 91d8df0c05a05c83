"""Red team: personal values hidden in every input shape (maps, lists, structs at depth,
JSON keys that are data) must be faked, consistently, and must appear in no file the run
writes: not the data, not ``manifest.json``, ``plan.yaml``, the reports, the lineage, the
attestation or the output root's ledger. One real `safeset run` (Prefect flow, spaCy) on
``tests/helpers/nested_bundle.py``; the values hunted are listed by the bundle itself,
independently of safeset's plan."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from flows.cli.app import app
from tests.helpers.nested_bundle import ORIGINALS, PEOPLE, write_nested_bundle

pytestmark = pytest.mark.slow


def _text(path: Path) -> str:
    if path.suffix == ".parquet":  # nested columns have no CSV form: JSON it is
        return json.dumps(pl.read_parquet(path).to_dicts(), ensure_ascii=False, default=str)
    return path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def run(
    prefect_server: None, safeset_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    bundle = write_nested_bundle(tmp_path_factory.mktemp("nested") / "export")
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(app, ["run", str(bundle), "--out", str(out), "--dataset", "crm"])
    assert result.exit_code == 0, result.stdout + result.stderr
    return out, Path(result.stdout.strip().splitlines()[-1])


def test_no_original_value_in_any_file_of_the_output_root(run: tuple[Path, Path]) -> None:
    out, _ = run
    files = [f for f in sorted(out.rglob("*")) if f.is_file()]
    assert {"manifest.json", "plan.yaml", "report.md", "report.html", "openlineage.jsonl",
            "attestation.intoto.jsonl", "ledger.jsonl"} <= {f.name for f in files}  # fmt: skip
    assert len([f for f in files if f.parent.name == "data"]) == 4
    for f in files:
        text = _text(f)
        found = [v for v in ORIGINALS if v in text]
        assert not found, f"{f.relative_to(out)} holds {len(found)} original value(s)"


def test_each_shape_keeps_its_type_and_one_fake_per_value(run: tuple[Path, Path]) -> None:
    _, run_dir = run
    data = run_dir / "data"
    customers = pl.read_csv(data / "customers.csv")
    fake_of = dict(zip([p[2] for p in PEOPLE], customers["email"].to_list(), strict=True))
    phone_of = dict(zip([p[3] for p in PEOPLE], customers["phone"].to_list(), strict=True))
    accounts = pl.read_parquet(data / "accounts.parquet")
    assert isinstance(accounts.schema["notify"], pl.Map)
    assert accounts.schema["household_names"] == pl.List(pl.String)
    assert accounts["notify"].to_list()[0] == {fake_of[PEOPLE[0][2]]: "daily"}
    assert accounts["delegates"].to_list()[0] == [
        {"email": fake_of[PEOPLE[2][2]], "phone": phone_of[PEOPLE[2][3]]}
    ]
    prefs = json.loads((data / "preferences.json").read_text(encoding="utf-8"))
    assert prefs[0]["by_contact"] == {
        fake_of[PEOPLE[0][2]]: "weekly",
        phone_of[PEOPLE[0][3]]: "never",
    }
    assert list(prefs[0]["by_account"].values()) == [{"channel": "email"}]
    extra = json.loads(customers["extra"][0])  # a JSON text cell, rebuilt with its fakes
    assert extra == {
        "newsletter": True,
        "emergency": {"name": customers["full_name"][1], "phone": phone_of[PEOPLE[1][3]]},
    }
    profiles = [json.loads(line) for line in (data / "profiles.jsonl").read_text().splitlines()]
    assert profiles[1]["owner"]["contact"]["email"] == fake_of[PEOPLE[1][2]]
