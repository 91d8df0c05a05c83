"""Red team: personal values used as names. A column name is copied into the plan, the
manifest, the reports and the lineage, none of which is faked: a header or record key
that is an e-mail, a phone or a person's name is refused (exit 2, one line, the kind of
value and the column's position, never the value)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli.app import app


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("contacts.csv", "customer_id,maria.lopez@example.org\nC-104293,weekly\n"),
        ("contacts.jsonl", json.dumps({"customer_id": "C-104293", "Maria Lopez": "weekly"})),
        ("contacts.json", json.dumps([{"customer_id": "C-104293", "+1 415 555 0134": 1}])),
    ],
)
def test_a_personal_value_as_a_column_name_is_exit_2(
    tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", str(path), "--output", str(tmp_path / "p.yaml")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "column 2" in lines[0]
    for part in ("maria", "Maria", "Lopez", "415"):
        assert part not in result.stderr
    assert not (tmp_path / "p.yaml").exists()
