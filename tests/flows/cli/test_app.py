"""The run command's start-up: what it loads in its own process while the server boots."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

#: Whether the CLI's start-up brought spaCy into its process, for an export small enough
#: to run its passes in the flow's process by default.
PROBE = """
import sys
from flows.cli.app import _import_flows
_import_flows(None, {{"inputs": [{samples!r}]}}, {local})
print("spacy" in sys.modules)
"""


def _loads_model(bundle: Path, local: bool | None) -> bool:
    body = PROBE.format(samples=str(bundle), local=local)
    done = subprocess.run(
        [sys.executable, "-c", body], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return done.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.model
def test_a_small_export_loads_the_model_while_the_server_boots(sample_bundle: Path) -> None:
    assert _loads_model(sample_bundle, None)


def test_passes_sent_to_workers_load_no_model_in_the_cli_process(sample_bundle: Path) -> None:
    """Asked for workers (``local`` False), the workers load the model: a copy in the
    CLI's process would be memory and seconds spent for nothing."""
    assert not _loads_model(sample_bundle, False)
