"""docs/ENGINE.md's module map says what the code's own docstrings say."""

from __future__ import annotations

from pathlib import Path

from docs.engine_modules import BEGIN, END, ENGINE_MD, module_map, render


def test_engine_md_module_map_is_current() -> None:
    text = ENGINE_MD.read_text()
    assert BEGIN in text and END in text
    assert render(text, module_map()) == text, "docs/ENGINE.md is stale: run `make docs`"


def test_module_map_lists_every_module_and_follows_a_new_one(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    block = module_map(repo)
    for mod in (repo / "anonymizers").rglob("*.py"):
        if mod.name not in ("__init__.py", "__main__.py"):
            assert f"| `{mod.name}` |" in block, mod
    pkg = tmp_path / "anonymizers" / "sample"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""A package made for this test."""\n')
    (pkg / "thing.py").write_text(
        '"""Why the thing exists.\\n\\nMore."""\n\ndef make_thing():\n    pass\n'
    )
    (tmp_path / "flows").mkdir()
    made = module_map(tmp_path)
    assert "### `anonymizers/sample/`" in made and "A package made for this test." in made
    assert "| `thing.py` | Why the thing exists. | `make_thing` |" in made
