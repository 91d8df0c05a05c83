"""Do pyproject.toml and the locks in requirements/ agree? Offline, in well under a second.

``make lock`` resolves pyproject.toml into one lock per group: ``runtime.lock`` from
``[project].dependencies`` (a production install is that lock and nothing else), and
``<extra>.lock`` for each ``[project.optional-dependencies]`` extra (``dev``, ``bench``),
resolved against the runtime lock and holding only what the extra adds. This script
(``make lock-check``; ``tests/test_lock.py`` runs it too) reports, one line each:

- a direct dependency of a group missing from its lock, or locked at a version its
  specifier does not allow (a ``==`` pin in pyproject must be the locked version);
- a lock holding a package no dependency of its group needs, read from the lock's own
  ``# via`` lines: e.g. pytest, ruff or presidio-structured in the runtime lock, or a
  package left behind after its dependency was dropped from pyproject (re-run ``make lock``);
- a package pinned in an extra's lock at another version than in the runtime lock;
- an entry without an exact ``==`` pin and a sha256 hash (installs use --require-hashes);
- a build requirement (``[build-system].requires``) the runtime lock does not satisfy:
  the Makefile installs safeset with --no-build-isolation, from the locked setuptools.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

REPO = Path(__file__).resolve().parents[1]
RUNTIME = "runtime"

_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s\\;]+)")
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")


@dataclass
class Pin:
    version: str
    hashes: int = 0
    via: list[str] = field(default_factory=list)


@dataclass
class Lock:
    path: Path
    pins: dict[NormalizedName, Pin]
    unpinned: list[str]  # requirement lines that are not ``name==version``


def parse_lock(path: Path) -> Lock:
    """A uv/pip-compile ``--generate-hashes`` lock: entries, their hashes, their ``# via``."""
    pins: dict[NormalizedName, Pin] = {}
    unpinned: list[str] = []
    current: Pin | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if not raw[0].isspace() and not line.startswith("#"):
            match = _ENTRY.match(line)
            if match:
                current = Pin(match.group(3))
                pins[canonicalize_name(match.group(1))] = current
                current.hashes += len(_HASH.findall(line))
            else:
                current = None
                unpinned.append(line.rstrip(" \\"))
            continue
        if current is None:
            continue
        if line.startswith("--hash="):
            current.hashes += len(_HASH.findall(line))
        elif line.startswith("# via"):
            rest = line.removeprefix("# via").strip()
            if rest:
                current.via.append(rest)
        elif line.startswith("#   "):
            current.via.append(line.removeprefix("#").strip())
    return Lock(path, pins, unpinned)


def groups(pyproject: dict) -> dict[str, list[Requirement]]:
    """``runtime`` and each extra, with its direct requirements."""
    project = pyproject["project"]
    out = {RUNTIME: [Requirement(r) for r in project.get("dependencies", [])]}
    for extra, reqs in project.get("optional-dependencies", {}).items():
        out[canonicalize_name(extra)] = [Requirement(r) for r in reqs]
    return out


#: The locks are resolved for CPython 3.11 on x86_64 Linux (see `make lock`).
_MARKER_ENV = {
    "python_version": "3.11",
    "python_full_version": "3.11.0",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "extra": "",
}


def _applies(req: Requirement) -> bool:
    return req.marker is None or req.marker.evaluate(_MARKER_ENV)


def _check_pin(where: str, req: Requirement, pin: Pin | None) -> list[str]:
    name = canonicalize_name(req.name)
    if pin is None:
        return [f"{where}: pyproject asks for {req}, which is not locked (make lock)"]
    try:
        version = Version(pin.version)
    except InvalidVersion:
        return [f"{where}: {name}=={pin.version} is not a valid version"]
    if req.specifier and not req.specifier.contains(version, prereleases=True):
        return [f"{where}: pyproject asks for {req}, the lock pins {name}=={version} (make lock)"]
    return []


def _needed(lock: Lock, direct: set[NormalizedName], root: str, base: set[str]) -> set[str]:
    """The packages of ``lock`` that a direct dependency pulls in, by the ``# via`` lines.

    A package is needed when its group asks for it (``via <project> (pyproject.toml)`` and
    listed in the group) or when a needed package, here or in ``base`` (the runtime lock,
    for an extra), depends on it."""
    needed = {n for n, p in lock.pins.items() if n in direct and root in p.via}
    changed = True
    while changed:
        changed = False
        for name, pin in lock.pins.items():
            if name in needed:
                continue
            parents = {canonicalize_name(v) for v in pin.via if not v.endswith(")")}
            if parents & (needed | base):
                needed.add(name)
                changed = True
    return needed


def problems(repo: Path = REPO) -> list[str]:
    """Every disagreement between ``repo``'s pyproject.toml and its requirements/*.lock."""
    pyproject = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = groups(pyproject)
    root = f"{pyproject['project']['name']} (pyproject.toml)"
    lock_dir = repo / "requirements"
    out: list[str] = []

    locks: dict[str, Lock] = {}
    for group in wanted:
        path = lock_dir / f"{group}.lock"
        if not path.is_file():
            out.append(f"requirements/{group}.lock is missing (make lock)")
            continue
        locks[group] = parse_lock(path)
    for path in sorted(lock_dir.glob("*.lock")):
        if path.stem not in wanted:
            out.append(
                f"{path.relative_to(repo)}: no group of pyproject.toml is called {path.stem}"
            )
    if RUNTIME not in locks:
        return out

    runtime = locks[RUNTIME]
    direct_of = {
        g: {canonicalize_name(r.name) for r in reqs if _applies(r)} for g, reqs in wanted.items()
    }
    for group, lock in locks.items():
        where = str(lock.path.relative_to(repo))
        extra = group != RUNTIME
        for line in lock.unpinned:
            out.append(f"{where}: {line!r} is not an exact name==version pin")
        for name, pin in sorted(lock.pins.items()):
            if pin.hashes == 0:
                out.append(f"{where}: {name}=={pin.version} has no sha256 hash")
            if extra and name in runtime.pins and runtime.pins[name].version != pin.version:
                out.append(
                    f"{where}: {name}=={pin.version}, but requirements/runtime.lock pins "
                    f"{name}=={runtime.pins[name].version}: one pin per package (make lock)"
                )

        for req in wanted[group]:
            if not _applies(req):
                continue
            name = canonicalize_name(req.name)
            pin = lock.pins.get(name) or (runtime.pins.get(name) if extra else None)
            out += _check_pin(where, req, pin)

        base = set(runtime.pins) if extra else set()
        needed = _needed(lock, direct_of[group], root, base)
        for name in sorted(set(lock.pins) - needed):
            others = sorted(g for g, d in direct_of.items() if name in d and g != group)
            whose = f"a dependency of {', '.join(others)} only" if others else "not needed"
            out.append(
                f"{where}: holds {name}, {whose}: nothing in {group} asks for it (make lock)"
            )

    for req in pyproject.get("build-system", {}).get("requires", []):
        out += _check_pin(
            "requirements/runtime.lock (build, --no-build-isolation)",
            Requirement(req),
            runtime.pins.get(canonicalize_name(Requirement(req).name)),
        )
    return out


def main() -> int:
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    if found:
        return 1
    print("pyproject.toml and requirements/*.lock agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
