"""Red team: JSON nested 500 deep ended in exit 3 with a 2,959-line RecursionError
traceback. Now: exit 2, one line naming the file and the record, no value echoed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anonymizers.io.nested import MAX_DEPTH
from flows.cli.app import app


def _deep(levels: int) -> dict:
    value: object = "Maria Lopez"
    for i in range(levels):
        value = {"x": value} if i % 2 else [value]
    return {"customer_id": "C-104293", "history": value}


@pytest.mark.parametrize("name", ["events.jsonl", "events.json"])
def test_nesting_500_deep_is_exit_2_in_one_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    record = _deep(500)
    path.write_text(json.dumps(record) + "\n" if name.endswith("l") else json.dumps([record]))
    result = CliRunner().invoke(app, ["plan", str(path), "--output", str(tmp_path / "p.yaml")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and f"{MAX_DEPTH} levels" in lines[0]
    assert "Maria" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "p.yaml").exists()
