"""The README's commands as written: replayed after `make demo` from the README's own
fenced blocks (quick start, own export, verify), and its serve and deploy examples bound
to the flow.

Placeholders stay what the README says they are: ``exports/2026-11/`` is the reader's
export (here: a copy of one sample file) and ``<run-id>`` the run folder `make demo`
printed. Everything else runs verbatim, in a clone-like folder and a fresh SAFESET_HOME.
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"


def fenced_blocks(section: str) -> list[str]:
    """The ```sh blocks of one README section (from its `#` heading to the next heading
    of any level; a `# comment` inside a block is no heading)."""
    blocks: list[str] = []
    inside = False
    fence: str | None = None  # the open fence's language, "" for none
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fence = None if fence is not None else line[3:].strip()
            if inside and fence == "sh":
                blocks.append("")
        elif fence is not None:
            if inside and fence == "sh":
                blocks[-1] += line + "\n"
        elif re.match(r"#+ ", line):
            inside = line.split(" ", 1)[1].strip() == section
    return blocks


def commands(section: str) -> list[str]:
    """Each command line of a section's blocks, comments and blank lines left out."""
    lines = [line for block in fenced_blocks(section) for line in block.splitlines()]
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _flow_parameters() -> inspect.Signature:
    from flows.sanitize import sanitize

    return inspect.signature(sanitize.fn)


def test_serve_and_deploy_examples_bind_to_the_flow_with_a_plan() -> None:
    """The served nightly run of issue 22 had no plan (`plan_file` was missing) and was
    REJECTED: both examples pass every parameter by the flow's own names."""
    lines = commands("Prefect: local by default, served or deployed when you want")
    (serve,) = [line for line in lines if ".serve(" in line]
    (deploy,) = [line for line in lines if "prefect deploy" in line]
    code = shlex.split(serve)[-1]
    (call,) = [
        node for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "serve"
    ]  # fmt: skip
    served = ast.literal_eval(next(k.value for k in call.keywords if k.arg == "parameters"))
    argv = shlex.split(deploy)
    deployed = json.loads(argv[argv.index("--params") + 1])
    signature = _flow_parameters()
    for params in (served, deployed):
        signature.bind(**params)  # raises on a name the flow does not take
        assert params["plan_file"] and params["inputs"] and params["out"]
    assert served == deployed


def demo_recipe() -> list[str]:
    """The commands of the Makefile's ``demo`` target, ``$(BIN)`` spelled out."""
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("demo:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip().lstrip("@").replace("$(BIN)", ".venv/bin"))
    return recipe


def _replay(line: str, cwd: Path) -> tuple[int, str, str]:
    """One command: `safeset` in this process (the session's Prefect server, the model
    already loaded), `.venv/bin/python` as this interpreter, anything else through sh."""
    argv = shlex.split(line, comments=True)
    if argv and argv[0] == ".venv/bin/safeset":
        from flows.cli.app import app

        result = CliRunner().invoke(app, argv[1:])
        return result.exit_code, result.stdout, result.stderr
    if argv and argv[0] == ".venv/bin/python":
        argv[0] = sys.executable
        proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
    else:
        proc = subprocess.run(["sh", "-c", line], cwd=cwd, capture_output=True, text=True,
                              timeout=300)  # fmt: skip
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.slow
def test_readme_commands_run_as_written_after_make_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_server: None
) -> None:
    """Issue 22: after `make demo`, the README's `safeset verify out/demo/<run-id>` failed
    (demo keys in ./.safeset, the README's commands in ~/.safeset)."""
    clone = tmp_path / "clone"
    shutil.copytree(REPO / "configs", clone / "configs")
    shutil.copytree(REPO / "samples", clone / "samples")
    export = clone / "exports" / "2026-11"
    export.mkdir(parents=True)
    shutil.copy2(REPO / "samples" / "employees.csv", export / "employees.csv")
    monkeypatch.setenv("SAFESET_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))  # nothing may fall back to ~
    monkeypatch.chdir(clone)
    os.environ.pop("SAFESET_PSEUDONYM_KEY", None)

    demo = [line for line in commands("Quick start") if line.startswith("make ")]
    assert demo[0].startswith("make demo")
    replayed: list[str] = []
    run_dir = ""
    for line in demo_recipe():
        code, out, err = _replay(line, clone)
        assert code == 0, (line, out[-1500:], err[-1500:])
        run_dir = out.strip().splitlines()[-1] if "safeset run" in line else run_dir
        replayed.append(line)
    assert run_dir.startswith("out/demo/"), run_dir
    run_id = Path(run_dir).name
    for section in ("Run on your own export", "Verify a run"):
        for line in commands(section):
            line = line.replace("<run-id>", run_id)
            code, out, err = _replay(line, clone)
            assert code == 0, (section, line, out[-1500:], err[-1500:])
            assert "Error logging to API" not in out + err
            replayed.append(line)
    assert any("safeset verify" in line for line in replayed)
    assert any("--plan plan.yaml" in line for line in replayed)
