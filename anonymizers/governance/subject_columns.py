"""Which columns say whom a row is about: the policy's ``subjects.id_columns``, or, when
it names none, the columns the plan points at, so that every run can be searched for a
deletion request and can honour an opt-out.

The rule, when the policy names no subject columns (README, "Deletion requests"):

1. A **subject table** is a table that holds a direct identifier of a person in the
   plan: a name (``PERSON``, ``FIRST_NAME``, ``LAST_NAME``), an e-mail address, a phone
   number or a national, social-security or passport number.
2. Its **key** is a column the plan treats as an identifier (entity ``ID``, or a name
   like ``customer_id``) whose values are unique and never empty: a primary key.
   Several keys: the one another table refers to by name (``support_tickets.
   customer_id`` → ``customers.customer_id``, or ``…_customer_id``) wins, then the one
   named after its table (``customers`` → ``customer_id``), then the first.
3. A subject table that refers by name to the key of another subject table is a child
   (its rows follow that subject), not a subject table of its own.
4. The subject columns of each subject table are its key and its e-mail columns, so a
   deletion request may name the person by id or by e-mail address. A subject table
   without a key contributes its e-mail columns only.

No subject table found: no subject index can be made (the manifest says so) and
``forget`` revokes the run as one it cannot check.

Names decide references here, not values: a partitioned run plans from its first
partitions, and whether a child's ids all lie in its parent's is only known at the end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from anonymizers.errors import PolicyError
from anonymizers.io.tables import Table
from anonymizers.plan.columns import ColumnDecision, Plan
from anonymizers.plan.hints import name_hint
from anonymizers.policy import Policy

#: Entities that identify a person directly: a table holding one is about people.
PERSON_ENTITIES = frozenset({
    "PERSON", "FIRST_NAME", "LAST_NAME", "EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN",
    "NATIONAL_ID", "US_PASSPORT", "US_DRIVER_LICENSE",
})  # fmt: skip


@dataclass(frozen=True)
class SubjectColumns:
    """The subject columns of a bundle and where they came from."""

    columns: tuple[tuple[str, str], ...]
    #: "policy" (subjects.id_columns), "plan" (found by the rule above) or "none"
    source: str
    #: Why none was found (source "none"); empty otherwise.
    reason: str = ""

    def labels(self) -> list[str]:
        return [f"{t}.{c}" for t, c in self.columns]


def _words(column: str) -> str:
    last = column.rsplit(".", 1)[-1]
    last = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", last)
    return re.sub(r"[^a-z0-9]+", "_", last.lower()).strip("_")


def _singular(table: str) -> str:
    word = _words(table)
    for tail, repl in (("ies", "y"), ("ses", "s"), ("s", "")):
        if word.endswith(tail) and len(word) > len(tail) + 1:
            return word[: -len(tail)] + repl
    return word


def _is_key(dec: ColumnDecision, df: pl.DataFrame) -> bool:
    if dec.column not in df.columns or df.height == 0:
        return False
    if dec.entity != "ID" and name_hint(dec.column) != "ID":
        return False
    series = df[dec.column]
    if not (series.dtype == pl.String or series.dtype.is_integer()):
        return False
    return series.null_count() == 0 and series.n_unique() == df.height


def _refers(column: str, key: str) -> bool:
    """``column`` of another table names ``key``: equal, or ending in ``_<key>``."""
    c, k = _words(column), _words(key)
    return c == k or c.endswith("_" + k)


def from_plan(tables: Sequence[Table], plan: Plan) -> SubjectColumns:
    """The subject columns by the rule of the module docstring."""
    frames = {t.name: t.df for t in tables}
    persons: dict[str, list[ColumnDecision]] = {}
    for name, decisions in plan.tables.items():
        if name in frames and any(d.entity in PERSON_ENTITIES for d in decisions):
            persons[name] = decisions
    if not persons:
        return SubjectColumns((), "none", "no table holds a name, e-mail, phone or national id")
    others = {n: [d.column for d in plan.tables[n]] for n in plan.tables}
    keys: dict[str, str] = {}
    for name, decisions in persons.items():
        found = [d.column for d in decisions if _is_key(d, frames[name])]
        if not found:
            continue
        referred = [
            k for k in found
            if any(_refers(c, k) for o, cols in others.items() if o != name for c in cols)
        ]  # fmt: skip
        named = [k for k in found if _words(k) in (f"{_singular(name)}_id", "id")]
        keys[name] = (referred or named or found)[0]
    children = {
        name for name in persons
        if any(
            _refers(d.column, key) for parent, key in keys.items() if parent != name
            for d in persons[name]
        )
    }  # fmt: skip
    columns: list[tuple[str, str]] = []
    for name, decisions in persons.items():
        if name in children:
            continue
        if name in keys:
            columns.append((name, keys[name]))
        columns += [
            (name, d.column) for d in decisions
            if d.entity == "EMAIL_ADDRESS" and d.column != keys.get(name)
            and d.column in frames[name].columns
            # a row's own address, not a list of others' (``delegates[].email``)
            and frames[name][d.column].dtype == pl.String
        ]  # fmt: skip
    if not columns:
        return SubjectColumns(
            (), "none", "no table about people has a unique id column or an e-mail column"
        )
    return SubjectColumns(tuple(columns), "plan")


def from_policy(tables: Sequence[Table], policy: Policy) -> list[tuple[str, str]]:
    """The policy's ``subjects.id_columns`` that this bundle has, checked against it."""
    names = {t.name: t for t in tables}
    out: list[tuple[str, str]] = []
    for spec in policy.subjects.id_columns:
        table, _, column = spec.partition(".")
        if not column:
            raise PolicyError(f"subjects.id_columns: '{spec}' must be 'table.column'")
        if table not in names:
            continue  # a policy may cover tables this bundle does not have
        if column not in names[table].df.columns:
            raise PolicyError(f"subjects.id_columns: table '{table}' has no column '{column}'")
        out.append((table, column))
    return out


def find_subject_columns(
    tables: Sequence[Table], policy: Policy, plan: Plan | None
) -> SubjectColumns:
    """The policy's subject columns if it names any, else those found from the plan."""
    if policy.subjects.id_columns:
        named = from_policy(tables, policy)
        if named:
            return SubjectColumns(tuple(named), "policy")
    # None named, or none of those named is in this bundle (a policy shared by bundles).
    if plan is None:
        return SubjectColumns((), "none", "the policy names no subject columns")
    return from_plan(tables, plan)
