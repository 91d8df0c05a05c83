"""The export read and planned while the run's Prefect server boots.

The CLI starts a temporary Prefect API and waits for it (``flows/cli/server.py``): its
boot takes seconds of one core, while this process only imports. Reading the export and
planning it need no Prefect, so the CLI does them in that wait, and the flow's ``load``
and ``plan`` stages take the result instead of doing the same work again.

The flow takes it only if nothing it depends on changed in between: the same inputs,
policy and frozen plan, each file with the same size and modification time (a file added
to or removed from a folder changes the list). Anything else, or an error here, and the
flow reads and plans for itself, and reports a bad input in its own words.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from anonymizers.detect.text import TextDetector
from anonymizers.io.tables import discover
from anonymizers.plan.bundle import Bundle, load_bundle, plan_bundle
from anonymizers.plan.columns import Plan

Key = tuple[tuple[str, ...], str | None, str | None]
Stamp = tuple[tuple[str, int, int], ...]

_HELD: dict[Key, tuple[Stamp, Bundle, Plan]] = {}


def _key(inputs: list[str], config: str | None, plan_file: str | None) -> Key:
    return tuple(inputs), config, plan_file


def _stamp(inputs: list[str], config: str | None, plan_file: str | None) -> Stamp:
    """Every file the flow would read: path, size and modification time."""
    files = discover([Path(p) for p in inputs])
    files += [Path(p) for p in (config, plan_file) if p]
    out = []
    for path in files:
        info = path.stat()
        out.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(out)


def prefetch(inputs: list[str], config: str | None, plan_file: str | None) -> None:
    """Read and plan the export now, for the flow to take (errors are the flow's)."""
    with contextlib.suppress(Exception):
        stamp = _stamp(inputs, config, plan_file)
        bundle = load_bundle([Path(p) for p in inputs], Path(config) if config else None)
        plan = plan_bundle(
            bundle, Path(plan_file) if plan_file else None, TextDetector(bundle.policy)
        )
        _HELD[_key(inputs, config, plan_file)] = (stamp, bundle, plan)


def take(
    inputs: list[str], config: str | None, plan_file: str | None
) -> tuple[Bundle, Plan] | None:
    """The prefetched bundle and plan if nothing changed since, else ``None``; either way
    nothing stays held."""
    held = _HELD.pop(_key(inputs, config, plan_file), None)
    if held is None:
        return None
    stamp, bundle, plan = held
    try:
        same = _stamp(inputs, config, plan_file) == stamp
    except Exception:  # a file gone: the flow reads for itself and says what is wrong
        return None
    return (bundle, plan) if same else None
