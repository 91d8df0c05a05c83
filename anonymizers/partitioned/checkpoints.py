"""Resuming a partitioned run after a crash: what each pass finished is kept in the work
folder, and a run of the same export, policy and key picks the work folder up.

A nightly run of a 5 GiB export spends hours in its passes; a lost machine or the OOM
killer in the last pass must not cost them all. Each partition's result of a pass
(``collect``, ``detect``, ``spread``, ``draw``, ``apply``, ``residual``) is written to
``<work>/done/<pass>/<partition>.pickle`` as it arrives, and each settled entity leaves
a marker. Every pass is a pure function of its partition and what the earlier passes
decided, so a result read back is the result a fresh call would give: a resumed run
writes the same bytes as one that never stopped (tested).

Which work folder may be resumed is told by its fingerprint (``fingerprint``): the input
files (path, size, modification time), the policy, the frozen plan, the partition size,
a keyed digest that tells the key without holding it, and the code's version. Anything
else starts afresh, and the interrupted run's folders are swept as before.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from anonymizers.io.tables import discard
from anonymizers.pseudonymise.keyed import derive

#: The passes whose per-partition results are kept (settling keeps per-entity markers).
KEPT_PASSES = frozenset({"collect", "detect", "spread", "draw", "apply", "residual"})
#: The work folder's fingerprint file.
FINGERPRINT = "resume.json"

RunMany = Callable[[str, list[tuple]], Iterable[Any]]


def fingerprint(
    files: Sequence[Path],
    policy: object,
    plan_file: Path | None,
    partition_rows: int,
    key: bytes,
    version: str,
) -> dict[str, Any]:
    """What must not have changed for a work folder to be resumed (no value, no key).
    ``version``: the code's version and anything else that must match (the opted-out
    and forgotten subjects), kept as a digest."""
    inputs = []
    for f in sorted(files):
        stat = f.stat()
        inputs.append([str(f.resolve()), stat.st_size, stat.st_mtime_ns])
    dump = getattr(policy, "model_dump_json", None)
    policy_text = dump() if dump else json.dumps(policy, sort_keys=True, default=str)
    plan_text = plan_file.read_text(encoding="utf-8") if plan_file else ""
    return {
        "inputs": inputs,
        "policy": hashlib.sha256(policy_text.encode()).hexdigest(),
        "plan": hashlib.sha256(plan_text.encode()).hexdigest(),
        "partition_rows": partition_rows,
        "key": derive(key, "resume-fingerprint").hex()[:16],
        "version": hashlib.sha256(version.encode()).hexdigest(),
    }


def write_fingerprint(work: Path, print_: dict[str, Any]) -> None:
    (work / FINGERPRINT).write_text(json.dumps(print_, sort_keys=True), encoding="utf-8")


def same_fingerprint(work: Path, print_: dict[str, Any]) -> bool:
    """Was ``work`` made by a run of this very export, policy, plan and key?"""
    try:
        held = json.loads((work / FINGERPRINT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(held == json.loads(json.dumps(print_, sort_keys=True)))


class Checkpoints:
    """The finished results of a work folder's passes, read back on resume."""

    def __init__(self, work: Path) -> None:
        self.root = work / "done"
        self.resumed: dict[str, int] = {}

    def _file(self, name: str, i: int) -> Path:
        return self.root / name / f"{i:06d}.pickle"

    def has(self, name: str, i: int) -> bool:
        return self._file(name, i).exists()

    def load(self, name: str, i: int) -> Any:
        return pickle.loads(self._file(name, i).read_bytes())

    def save(self, name: str, i: int, result: Any) -> None:
        """Written under another name, then renamed: a result is there whole or not at
        all, whenever the run dies."""
        dest = self._file(name, i)
        dest.parent.mkdir(parents=True, exist_ok=True)
        pending = dest.with_suffix(".partial")
        pending.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        pending.replace(dest)

    def forget(self, name: str) -> None:
        """Drop a pass's kept results and marker: it runs again in full."""
        discard(self.root / name)
        (self.root / f"{name}.marker").unlink(missing_ok=True)

    def marked(self, name: str) -> bool:
        return (self.root / f"{name}.marker").exists()

    def mark(self, name: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / f"{name}.marker").touch()

    def wrap(self, run_many: RunMany) -> RunMany:
        """``run_many`` that gives back the kept results of the passes in ``KEPT_PASSES``
        and runs only the partitions without one, keeping each result as it arrives."""

        def run(name: str, calls: list[tuple]) -> Iterator[Any]:
            if name not in KEPT_PASSES:
                yield from run_many(name, calls)
                return
            todo = [i for i in range(len(calls)) if not self.has(name, i)]
            if len(todo) < len(calls):
                self.resumed[name] = len(calls) - len(todo)
            fresh = iter(run_many(name, [calls[i] for i in todo]) if todo else ())
            pending = frozenset(todo)
            for i in range(len(calls)):
                if i in pending:
                    result = next(fresh)
                    self.save(name, i, result)
                    yield result
                else:
                    yield self.load(name, i)

        return run
