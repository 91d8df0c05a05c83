"""The README's commands as written: its serve and deploy examples bind to the flow."""

from __future__ import annotations

import ast
import inspect
import json
import re
import shlex
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


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
