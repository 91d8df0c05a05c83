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


def test_only_writes_the_chosen_shapes_with_the_same_data(tmp_path: Path) -> None:
    from bench.clean_exports import GROUPS, selected

    dev, held = set(GROUPS["s28-dev"]), set(GROUPS["s28-held"])
    assert dev and held and not dev & held and len(dev | held) == 15
    assert len(selected(["old"])) == 18 and selected(["s28-library"]) == ["s28-library"]
    alone = build(tmp_path / "alone", [3], 12, ["s28-held"])
    every = build(tmp_path / "every", [3], 12)
    assert sorted(f.name for f in alone) == sorted(
        f.name for f in every if any(f.name.startswith(f"{s}-") for s in held)
    )
    for folder in alone:
        for path in folder.iterdir():
            assert path.read_bytes() == (tmp_path / "every" / folder.name / path.name).read_bytes()
