"""The building blocks of the run report's sections: a section, and how a value or a set
of counts is written in one. Kept apart so the sections' modules (``report.py``,
``report_items.py``) share them without importing each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NONE = "—"


@dataclass
class Section:
    """One heading with optional paragraphs, a table and a code block, in both formats."""

    title: str
    level: int = 2
    #: An identifier from the export appended to the title (shown as code, escaped).
    title_code: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    #: Indices of columns holding identifiers (names, digests): shown as code.
    code_columns: frozenset[int] = frozenset()
    empty: str = ""
    code: str | None = None


def text_of(value: Any) -> str:
    if value is None or value == "":
        return NONE
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def counts_text(counts: Any) -> str:
    if not isinstance(counts, dict) or not counts:
        return NONE
    return ", ".join(f"{k}: {v}" for k, v in counts.items())
