"""The corpus evaluation end to end on two tiny bundles (one dirty, one clean): safeset
in-process, the report's figures, and no labelled value in the report or its JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.corpus.labels import Cell
from bench.eval_corpus import main


@pytest.mark.model
def test_eval_corpus_reports_counts_and_never_values(tmp_path: Path) -> None:
    work, out = tmp_path / "corpus", tmp_path / "results"
    code = main(["--rows", "6", "--skip-presidio", "--only", "helpdesk-en", "mysql-en-clean",
                 "--workdir", str(work), "--out", str(out)])  # fmt: skip
    assert code == 0
    result = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    names = {b["name"]: b for b in result["bundles"]}
    assert set(names) == {"helpdesk-en", "mysql-en-clean"}
    dirty = names["helpdesk-en"]
    assert dirty["misaligned_labels"] == 0
    recall = result["totals"]["safeset"]["recall"]["all"]["all"]
    assert recall["n"] > 0 and 0 <= recall["hits"] <= recall["n"]
    assert result["gate"]["clean_bundles"] == 1 and result["gate"]["dirty_bundles"] == 1
    report = (out / "corpus.md").read_text(encoding="utf-8")
    assert "free-text recall" in report and "helpdesk-en" in report
    texts = [(out / "corpus.json").read_text(encoding="utf-8"), report]
    for name in names:
        truth = json.loads((work / name / "truth.json").read_text(encoding="utf-8"))
        for cell in map(Cell.from_dict, truth["cells"]):
            for span in cell.spans:
                if len(span.value) >= 4:
                    assert all(span.value not in t for t in texts)
