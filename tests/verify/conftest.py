"""Fixtures of the verification tests: a real transform of the small HR bundle."""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymizers.detect.text import TextDetector
from anonymizers.policy import Policy
from tests.helpers.transform_run import Run, run_transform, write_bundle


@pytest.fixture(scope="module")
def detector() -> TextDetector:
    return TextDetector(Policy())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bundle(tmp_path_factory.mktemp("export") / "northwind")


@pytest.fixture
def run(folder: Path, detector: TextDetector) -> Run:
    """A fresh transform per test: tests plant problems in its results."""
    return run_transform(folder, detector)
