"""One generated bundle: its export files, the truth about every column and every
labelled free-text cell, and the value formats real exporters write."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.corpus.labels import Cell

#: Column labels besides entities: a surrogate key (not scored either way).
KEY = "KEY"
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass
class BundleOut:
    name: str
    shape: str
    lang: str
    clean: bool
    #: table → {"file": name, "columns": {column: entity | FREE_TEXT | KEY | None}}
    tables: dict[str, dict] = field(default_factory=dict)
    cells: list[Cell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def table(self, name: str, file: str, columns: dict[str, str | None]) -> None:
        self.tables[name] = {"file": file, "columns": columns}

    def truth(self) -> dict:
        return {
            "name": self.name,
            "shape": self.shape,
            "language": self.lang,
            "clean": self.clean,
            "tables": self.tables,
            "notes": self.notes,
            "cells": [c.to_dict() for c in self.cells],
        }

    def write_truth(self, folder: Path) -> None:
        text = json.dumps(self.truth(), ensure_ascii=False, indent=1)
        (folder / "truth.json").write_text(text + "\n", encoding="utf-8")


class Clock:
    """Seeded timestamps, written the way each exporter writes them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def moment(self) -> datetime:
        return EPOCH + timedelta(
            seconds=self.rng.randint(0, 600 * 86400), microseconds=self.rng.randint(0, 999_999)
        )

    def postgres(self) -> str:  # 2025-01-21 22:35:12.260447+00
        return self.moment().strftime("%Y-%m-%d %H:%M:%S.%f") + "+00"

    def mysql(self) -> str:  # 2025-01-21 22:35:12
        return self.moment().strftime("%Y-%m-%d %H:%M:%S")

    def salesforce(self) -> str:  # 2025-01-21T22:35:12.000+0000
        return self.moment().strftime("%Y-%m-%dT%H:%M:%S.000+0000")

    def iso_z(self) -> str:  # 2025-01-21T22:35:12Z
        return self.moment().strftime("%Y-%m-%dT%H:%M:%SZ")

    def stripe(self) -> str:  # 2025-01-21 22:35:12
        return self.moment().strftime("%Y-%m-%d %H:%M")

    def epoch(self) -> int:
        return int(self.moment().timestamp())


def salesforce_id(rng: random.Random, prefix: str = "003") -> str:
    """An 18-character record id: 15 case-sensitive characters and a 3-letter suffix."""
    alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    body = prefix + "".join(rng.choice(alnum) for _ in range(12))
    suffix = ""
    for i in range(3):
        bits = sum(1 << j for j, c in enumerate(body[i * 5 : i * 5 + 5]) if c.isupper())
        suffix += "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"[bits]
    return body + suffix


def stripe_id(rng: random.Random, prefix: str) -> str:
    alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    return prefix + "".join(rng.choice(alnum) for _ in range(14))


def seeded_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def account(rng: random.Random) -> tuple[str, str]:
    """A bundle id with its prefix, and the digits people write without it."""
    digits = f"{rng.randint(100000, 999999)}"
    return f"ACC-{digits}", digits


def sha1ish(rng: random.Random) -> str:
    return f"{rng.getrandbits(160):040x}"
