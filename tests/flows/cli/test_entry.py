"""flows/cli/__init__.py: the console entry ends quickly, with the command's own status,
after the exit handlers the command registered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _entry(body: str, marker: Path) -> subprocess.CompletedProcess[str]:
    """``flows.cli.main`` with the command replaced by ``body`` (which may register an
    exit handler writing ``marker``), in a process of its own: the entry ends it."""
    code = (
        "import atexit, sys\n"
        "from pathlib import Path\n"
        "import flows.cli.app as app\n"
        "def command():\n"
        f"    atexit.register(Path({str(marker)!r}).write_text, 'drained')\n"
        f"    {body}\n"
        "app.main = command\n"
        "from flows.cli import main\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("body", "status"),
    [("sys.exit(3)", 3), ("sys.exit('refused')", 1), ("raise RuntimeError('internal')", 1)],
)  # fmt: skip
def test_the_status_and_the_commands_exit_handlers_survive(
    tmp_path: Path, body: str, status: int
) -> None:
    marker = tmp_path / "marker"
    done = _entry(body, marker)
    assert done.returncode == status, done.stderr
    assert marker.read_text() == "drained"
    if "refused" in body:
        assert "refused" in done.stderr  # Python still prints the message


def test_a_real_command_keeps_its_exit_code(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "verify", str(tmp_path / "missing")],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("safeset: error:")
