"""Fixtures of the verification tests: the session's engine run of the small HR bundle."""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymizers.detect.text import TextDetector
from anonymizers.policy import Policy
from tests.helpers.engine_run import EngineRun
from tests.helpers.northwind import write_bundle


@pytest.fixture(scope="module")
def detector() -> TextDetector:
    return TextDetector(Policy())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bundle(tmp_path_factory.mktemp("export") / "northwind")


@pytest.fixture
def run(northwind_run: EngineRun) -> EngineRun:
    """The session's run, its results copied: tests plant problems in them."""
    return northwind_run.copy()
