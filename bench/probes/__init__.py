"""Whole-bundle probes (``bench/README.md``): what every probe starts from."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from faker import Faker


def rows_and_folder() -> tuple[int, Path]:
    """``ROWS FOLDER`` from the command line; the folder is made."""
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    return int(sys.argv[1]), out


def seeded(locales: list[str], first_seed: int) -> dict[str, Faker]:
    """One Faker per locale, seeded ``first_seed``, ``first_seed + 1``, ... in order."""
    fakers = {loc: Faker(loc) for loc in locales}
    for i, loc in enumerate(locales):
        fakers[loc].seed_instance(first_seed + i)
    return fakers


def people(
    n: int, locs: list[str], fk: dict[str, Faker]
) -> Iterator[tuple[int, str, Faker, str, str]]:
    """``n`` people in turn from each locale: (index, locale, its Faker, first, last)."""
    for i in range(n):
        loc = locs[i % len(locs)]
        g = fk[loc]
        first, last = g.first_name(), g.last_name()
        yield i, loc, g, first, last


def write_jsonl(path: Path, rows: list[dict]) -> None:
    """``rows`` as JSON Lines, non-ASCII letters written as they are."""
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
