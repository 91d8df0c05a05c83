"""Every text of a run folder as one string, for tests that hunt original values in it."""

from __future__ import annotations

from pathlib import Path

import polars as pl


def all_output_text(run_dir: Path, skip: tuple[str, ...] = ()) -> str:
    """Every file's text; ``skip``: file names (relative to the folder) left out."""
    chunks = []
    for f in sorted(run_dir.rglob("*")):
        if f.is_file() and f.relative_to(run_dir).as_posix() not in skip:
            if f.suffix == ".parquet":
                chunks.append(pl.read_parquet(f).write_csv())
            else:
                chunks.append(f.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(chunks)
