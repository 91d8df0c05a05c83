"""Shared fixtures: an isolated SAFESET_HOME with keys, one Prefect server per session,
the sample bundle, and a process-wide record of outbound network attempts.

Two markers split the suite for a fast loop (``make test-fast``): ``slow`` for runs
through a Prefect flow or server (every test using ``prefect_server`` gets it here) and
for tests that take seconds each, and ``model`` for tests that load the spaCy model. With ``SAFESET_TEST_FAST=1`` (set by
``make test-fast``) loading the model or starting a Prefect server in this process fails
the test, so an unmarked test cannot slip into the fast loop unnoticed.

The network record is an audit hook (``sys.addaudithook``): every ``socket.connect`` in
this process is seen, whoever makes it. Tests assert that no run connected anywhere but
loopback (Prefect's temporary server).
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from anonymizers.offline import configure_offline
from tests.helpers.run_folders import trusted_file

if TYPE_CHECKING:
    from tests.helpers.engine_run import EngineRun

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

# Before any test imports Prefect or Presidio, as the command line does at start.
configure_offline()
# Every server a test starts (the session's, and each `safeset run` child's) may take
# longer than Prefect's 20 s default on a loaded 2-core CI machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

#: (host, port) of every non-loopback connect attempted in this test process.
OUTBOUND: list[tuple[str, object]] = []


def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _audit(event: str, args: tuple) -> None:
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not _is_loopback(str(address[0])):
            OUTBOUND.append((str(address[0]), address[1]))
    elif event == "socket.getaddrinfo":
        host = args[0]
        if host and not _is_loopback(host if isinstance(host, str) else host.decode()):
            OUTBOUND.append((str(host), args[1]))


sys.addaudithook(_audit)
socket.setdefaulttimeout(30)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "prefect_server" in fixtures:
            item.add_marker(pytest.mark.slow)
        if "detector" in fixtures or "northwind_run" in fixtures:  # spaCy loaded
            item.add_marker(pytest.mark.model)


@pytest.fixture(autouse=True, scope="session")
def _fast_loop_guard() -> Iterator[None]:
    """In the fast loop, loading the spaCy model or starting a Prefect server is a
    marking mistake, reported as such instead of silently costing seconds."""
    if os.environ.get("SAFESET_TEST_FAST") != "1":
        yield
        return
    import spacy
    from prefect.testing import utilities

    def refuse(what: str) -> Callable[..., object]:
        def refused(*args: object, **kwargs: object) -> object:
            raise RuntimeError(f"the fast test loop does not {what}: mark this test "
                               "'model' or 'slow'")  # fmt: skip

        return refused

    saved = spacy.load, utilities.prefect_test_harness
    spacy.load = refuse("load the spaCy model")
    utilities.prefect_test_harness = refuse("start a Prefect server")
    try:
        yield
    finally:
        spacy.load, utilities.prefect_test_harness = saved


@pytest.fixture(scope="session")
def outbound() -> list[tuple[str, object]]:
    """Every non-loopback connect or lookup this test process attempted (cleared by whoever
    wants to measure one run)."""
    return OUTBOUND


@pytest.fixture(scope="session")
def safeset_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A SAFESET_HOME with freshly made keys, used by every test of the session."""
    from anonymizers.certify.keys import init_keys

    home = tmp_path_factory.mktemp("safeset-home")
    old = os.environ.get("SAFESET_HOME")
    os.environ["SAFESET_HOME"] = str(home)
    init_keys(home, demo=True)
    yield home
    if old is None:
        os.environ.pop("SAFESET_HOME", None)
    else:
        os.environ["SAFESET_HOME"] = old


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One temporary Prefect server for the whole session (each start costs seconds)."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def signer() -> Ed25519PrivateKey:
    """A fresh Ed25519 signing key, as `safeset keys init` makes."""
    return Ed25519PrivateKey.generate()


@pytest.fixture
def trusted(tmp_path: Path, signer: Ed25519PrivateKey) -> Path:
    """An auditor's trusted-keys file holding ``signer``'s public key."""
    return trusted_file(tmp_path / "auditor" / "trusted_keys.json", signer)


@pytest.fixture(scope="session")
def sample_bundle() -> Path:
    """The committed sample export bundle (regenerated by samples/make_samples.py)."""
    if not (SAMPLES / "employees.csv").exists():
        subprocess.run(
            [sys.executable, str(SAMPLES / "make_samples.py"), "--out", str(SAMPLES)], check=True
        )
    return SAMPLES


@pytest.fixture
def bundle_copy(sample_bundle: Path, tmp_path: Path) -> Path:
    """A private copy of the sample bundle's export files, safe to modify."""
    dest = tmp_path / "export"
    dest.mkdir()
    for f in sample_bundle.iterdir():
        if f.suffix in (".csv", ".jsonl", ".json", ".parquet"):
            shutil.copy2(f, dest / f.name)
    return dest


@pytest.fixture
def killed_run() -> Callable[[Path, str], None]:
    """Leaves what a SIGKILLed run leaves: a real process opens its run folders under
    ``out``, writes a partition into its work folder and is killed."""

    def kill(out: Path, run_id: str) -> None:
        code = (
            "import os, signal; from pathlib import Path;"
            "from anonymizers.io.staging import RunFolders;"
            f"f = RunFolders(Path({str(out)!r}), {run_id!r}).open(); w = f.make_work();"
            "(w / 'part-00000.parquet').write_bytes(b'raw customer rows');"
            "os.kill(os.getpid(), signal.SIGKILL)"
        )
        proc = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[1])
        assert proc.returncode == -signal.SIGKILL

    return kill


@pytest.fixture(scope="session")
def northwind_run(tmp_path_factory: pytest.TempPathFactory) -> EngineRun:
    """One engine run of the small Northwind HR bundle (tests/helpers/northwind.py), each
    table one partition, shared by the session: tests plant problems in ``.copy()``."""
    from tests.helpers.engine_run import run_engine
    from tests.helpers.northwind import KEY, write_bundle

    folder = write_bundle(tmp_path_factory.mktemp("northwind-export") / "northwind")
    return run_engine(folder, tmp_path_factory.mktemp("northwind-run"), KEY)
