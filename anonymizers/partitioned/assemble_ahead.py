"""The output files written while the apply pass still runs.

Each table's output is its partitions' outputs one after another (``io.partitions.
assemble``), and the parent used to write it after the last partition was applied: on a
million employees ~1.5 s of reading Parquet and writing CSV with both workers idle. The
apply pass yields its partitions in order, so a thread of the parent writes each one as
soon as it is there, while the workers apply the next ones; the bytes are the same.

Only when nothing rewrites an output partition after the apply pass: k-anonymity
suppression (``risk.py``) does, so a run with quasi-identifiers assembles afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from anonymizers.io.partitions import SplitTable, assemble


class _Stopped(Exception):
    """The run failed before every partition was applied."""


class AssembleAhead:
    """A thread writing each table's output file from its partitions as they are applied
    (``applied(k)``: the bundle's ``k``-th partition, in bundle order, is written)."""

    def __init__(
        self,
        splits: Sequence[SplitTable],
        out_parts: dict[str, list[Path]],
        data_dir: Path,
        formulas: bool,
    ) -> None:
        self._splits, self._out_parts = splits, out_parts
        self._data_dir, self._formulas = data_dir, formulas
        self._ready = [threading.Event() for s in splits for _ in s.parts]
        self._stopped = False
        self._error: BaseException | None = None
        self.quoted: dict[str, int] = {}
        self._thread = threading.Thread(target=self._write, name="assemble-ahead", daemon=True)
        self._thread.start()

    def applied(self, k: int) -> None:
        self._ready[k].set()

    def result(self) -> dict[str, int]:
        """Wait for the files (every partition told ``applied``); the cells quoted per table."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.quoted

    def stop(self) -> None:
        """End the thread of a run that failed (what it wrote is the failed run's staging)."""
        self._stopped = True
        for event in self._ready:
            event.set()
        self._thread.join()

    def _when_ready(self, first: int, paths: list[Path]) -> Iterator[Path]:
        for k, path in enumerate(paths):
            self._ready[first + k].wait()
            if self._stopped:
                raise _Stopped
            yield path

    def _write(self) -> None:
        first = 0
        try:
            for s in self._splits:
                name = s.table.name
                paths = self._out_parts[name]
                dest = self._data_dir / s.table.path.name
                self.quoted[name] = assemble(
                    s.table, self._when_ready(first, paths), dest, formulas=self._formulas
                )
                first += len(paths)
        except _Stopped:
            pass
        except BaseException as exc:  # raised again by ``result`` in the run's thread
            self._error = exc
