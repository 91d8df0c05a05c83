"""bench.clean_exports: every shape is written, and safeset reads every file of it."""

from __future__ import annotations

from pathlib import Path

from anonymizers.io.tables import discover, read_table
from anonymizers.plan.names import json_key_kind
from bench.clean_exports import SHAPES, build, markdown


def test_every_shape_is_written_and_read(tmp_path: Path) -> None:
    folders = build(tmp_path, [7], 12)
    assert len(folders) == len(SHAPES)
    for folder in folders:
        rows = [read_table(path, json_key_kind).rows for path in discover([folder])]
        assert min(rows) > 0 and max(rows) >= 12, folder.name
    report = markdown(
        [{"bundle": f.name, "certified": True, "failed_checks": [], "findings": {}}
         for f in folders],
        {"command": "python -m bench.clean_exports", "seeds": [7], "rows": 12, "seconds": 1},
    )  # fmt: skip
    assert f"rejected by the gate: 0 of {len(SHAPES)}" in report
