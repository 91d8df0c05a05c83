"""Whole names of the bundle's people inside a kept column of firms, replaced by their fakes.

The plan keeps a column that names firms or things ("company", "employer", "supplier":
``plan/hints.names_a_thing``), and some firms are named after a person: a sole trader's
"Hanna Andersson HB", a Spanish "Domingo Cantero Morata S.L.N.E". When that whole name is
a person of the bundle, the gate's hunt in kept columns rejects the run (a whole name is
never a thing's name: ``verify/leaks.decide``), and rightly: the output would hold a
customer's name. A contacts export of 100,000 rows made with Faker's own firms and names
was rejected for 47 such cells. Here the name is replaced before the output is written,
by the fake the person has in their own column (the name-part registry's, at the attempt
settling left it at), so the firm keeps its form ("<fake name> HB"), the dataset keeps the
link between a person and their firm, and the gate has nothing left to find. A surname
alone in a firm's name ("Melcer Sp.j.") is not replaced: the gate clears it as a thing's
name, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import polars as pl

from anonymizers.partitioned.digests import norm_digests
from anonymizers.partitioned.text_checks import GlobalTargets
from anonymizers.plan.columns import Plan
from anonymizers.plan.hints import names_a_thing
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

#: Two words or more: a whole name, not a surname alone.
_WHOLE_NAME = re.compile(r"\w\W+\w")


def thing_columns(plan: Plan, table: str) -> list[str]:
    """The table's columns the plan keeps as they are and whose name says they name a
    firm or a thing."""
    return [
        d.column
        for d in plan.tables.get(table, [])
        if d.kind == "safe" and d.operator == "keep" and names_a_thing(d.column)
    ]


def person_fakes(
    pz: Pseudonymizer, key: bytes, moved: tuple[np.ndarray, np.ndarray]
) -> Callable[[str], str]:
    """A name's fake as its own column has it: ``moved`` holds the (sorted digests,
    attempts) of the names settling moved past attempt 0 (``store_files.moved_values``)."""
    digests, attempts = moved

    def fake(name: str) -> str:
        attempt = 0
        if digests.size:
            h = norm_digests(key, "PERSON", [name])[0]
            i = int(np.searchsorted(digests, h))
            if i < digests.size and digests[i] == h:
                attempt = int(attempts[i])
        return pz.fake_attempt("PERSON", name, normalise("PERSON", name), attempt)[0]

    return fake


def replace_thing_names(
    df: pl.DataFrame, columns: list[str], targets: GlobalTargets, fake: Callable[[str], str]
) -> tuple[pl.DataFrame, dict[str, int]]:
    """``df`` with every whole name of a person of the bundle found in ``columns`` replaced
    by ``fake``'s; and, per column, how many cells changed."""
    counts: dict[str, int] = {}
    for column in columns:
        if column not in df.columns or df[column].dtype != pl.String:
            continue
        distinct = df[column].drop_nulls().unique()
        share = targets.subset(distinct.to_list())
        if not share.matcher.size:
            continue
        hits = share.matcher.hits(distinct).filter(
            (pl.col("entity") == "PERSON") & pl.col("value").str.contains(_WHOLE_NAME.pattern)
        )
        # A name only NER read in some text ("Officine Riunite" in a ticket) is no person
        # the bundle names: the firm keeps it, and the gate judges it as a guess.
        sure = [not share.targets.guess_only("PERSON", v) for v in hits["value"].to_list()]
        hits = hits.filter(pl.Series(sure, dtype=pl.Boolean))
        if not hits.height:
            continue
        new: dict[str, str] = {}
        for row, names in hits.group_by("row").agg("value").iter_rows():
            text = distinct[row]
            # Longest first, so a name inside a longer one is replaced as part of it.
            for name in sorted(set(names), key=len, reverse=True):
                found = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
                text = found.sub(lambda m: fake(m.group(0)), text)
            if text != distinct[row]:
                new[distinct[row]] = text
        if new:
            changed = df[column].is_in(list(new)).sum()
            df = df.with_columns(pl.col(column).replace(new))
            counts[column] = int(changed)
    return df, counts
