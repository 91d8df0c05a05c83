"""The policy's table and column names, checked against the bundle they are applied to.

A policy entry that matches nothing does nothing, silently: a typo in a column override
leaves that column to the classifier, and `configs/governance.example.yaml` run on a
CRM export ignored its `employees.*` entries and still reported k-anonymity. Each entry
of the sections that name tables or columns is resolved here, before anything runs:

- **error** (exit 2, naming the policy file and the entry): an exact entry whose table
  is in the bundle but whose column is not (`customers.emial`, a quasi-identifier the
  table lacks). The entry was written for this table and protects nothing: a typo or a
  renamed column.
- **warning** (console and report): an entry naming a table the bundle does not have,
  a glob, or a bare column name, that matches nothing. One governance policy is shared by
  many exports (the HR entries of a company-wide policy are idle on its CRM export), and
  a glob says "whatever exists". Checks that depend on such a section measure nothing
  and say `not applicable` (k-anonymity with no table), never pass.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from anonymizers.errors import PolicyError
from anonymizers.io.tables import Table, data_columns
from anonymizers.policy import Policy

_GLOB = frozenset("*?[")


@dataclass(frozen=True)
class Reference:
    """One entry of the policy: its section, its text, and whether a bare column name
    (no table) is allowed there (``columns`` and ``date_shift.columns``)."""

    section: str
    entry: str
    bare: bool = False
    #: For per-table sections (``risk.quasi_identifiers``): the table the entry is under.
    table: str | None = None


def references(policy: Policy) -> Iterator[Reference]:
    """Every table or column name the policy's sections hold."""
    for key in policy.columns:
        yield Reference("columns", key, bare=True)
    for spec in policy.subjects.id_columns:
        yield Reference("subjects.id_columns", spec)
    if policy.date_shift.enabled:
        for spec in policy.date_shift.columns:
            yield Reference("date_shift.columns", spec, bare=True)
    risk = policy.risk
    for table, columns in risk.quasi_identifiers.items():
        for column in columns:
            yield Reference("risk.quasi_identifiers", column, table=table)
    for table, column in risk.sensitive_attribute.items():
        yield Reference("risk.sensitive_attribute", column, table=table)
    for spec in risk.generalise:
        yield Reference("risk.generalise", spec)


def check_references(policy: Policy, tables: Sequence[Table], source: Path | None) -> list[str]:
    """Raise ``PolicyError`` for an entry that names a column its table lacks; return a
    warning for each entry that matches nothing and may legitimately do so."""
    where = str(source) if source else "the default policy"
    columns = {t.name: data_columns(t.df) for t in tables}
    paths = {t.name: t.path for t in tables}
    warnings: list[str] = []
    for ref in references(policy):
        problem = _unmatched(ref, columns)
        if problem is None:
            continue
        table, column = problem
        if table in columns and not _is_glob(ref.entry):
            raise PolicyError(
                f"{where}: {ref.section}: '{_written(ref)}' names column '{column}', which "
                f"table '{table}' ({paths[table]}) does not have"
            )
        named = table and table not in columns and not _is_glob(table)
        why = f"no table '{table}'" if named else "no column matches"
        warnings.append(f"{where}: {ref.section}: '{_written(ref)}' matches nothing in this "
                        f"bundle ({why}); the entry was not applied")  # fmt: skip
    return warnings


def _unmatched(ref: Reference, columns: dict[str, list[str]]) -> tuple[str | None, str] | None:
    """None when the entry matches a column; else (the table it names, if any, the
    column it names)."""
    if ref.table is not None:
        if ref.table in columns and any(
            fnmatch.fnmatchcase(c, ref.entry) for c in columns[ref.table]
        ):
            return None
        return ref.table, ref.entry
    for table, cols in columns.items():
        for column in cols:
            if fnmatch.fnmatchcase(f"{table}.{column}", ref.entry):
                return None
            if ref.bare and fnmatch.fnmatchcase(column, ref.entry):
                return None
    # The table an entry names: the longest table name it starts with (column names may
    # hold dots: `customers.contact.email`), else its first part.
    named = [t for t in columns if ref.entry.startswith(f"{t}.")]
    if named:
        table = max(named, key=len)
        return table, ref.entry[len(table) + 1 :]
    head, dot, rest = ref.entry.partition(".")
    if not dot:
        return None, ref.entry
    return head, rest


def _is_glob(entry: str) -> bool:
    return any(ch in _GLOB for ch in entry)


def _written(ref: Reference) -> str:
    """The entry as the policy file shows it."""
    return f"{ref.table}: {ref.entry}" if ref.table is not None else ref.entry
