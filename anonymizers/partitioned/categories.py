"""The bundle's kept categories, which an NER guess in free text may not replace.

A vet's note "Nala (Gordon Setter) seen today" lost its breed to a person's fake, and a
pharmacist's "nausea on Voltaren" its drug, though the bundle keeps the same words in a
column of their own (``breed``, ``drug``): the model reads a capitalised pair or an
invented word as a name. A value of a kept column that recurs in many rows (a category)
and holds a word no name list knows is published as it is in that column; a guess of the
model lying inside one of its occurrences in a text is no person, place or firm, and stays.

A known value (a customer named "Gordon Setter") is found as such, not guessed, and a
value made only of name words ("Anna Berg" in a kept column) vetoes nothing, unless the
column's name says it names things (``plan.hints.names_a_thing``: a ``brand`` column's
"Paul Smith", "Michael Kors" or "Ben & Jerry's", fashion houses named after their
founders, whose every mention in a review was faked as a person).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import polars as pl

from anonymizers.detect.lexicon import name_gazetteer
from anonymizers.detect.spans import Span
from anonymizers.plan.columns import Plan
from anonymizers.plan.hints import names_a_thing

#: Distinct values a kept column holds in one partition at most to be a category.
MAX_VALUES = 200
#: A category value's length, in characters.
SHORTEST, LONGEST = 3, 60
_WORD = re.compile(r"[^\W\d_]+")
#: Span sources that are guesses: the model's, and the capitalised-words rules of texts
#: the English model does not read (a known value, a pattern or a title's slot stands).
GUESSES = frozenset({"ner", "rule"})


def partition_categories(df: pl.DataFrame, table: str, plan: Plan) -> Counter[str]:
    """Rows per value of each kept column of ``table`` that is a category here (at most
    ``MAX_VALUES`` distinct values) and holds a word no name list knows."""
    out: Counter[str] = Counter()
    for dec in plan.tables.get(table, []):
        if dec.kind != "safe" or dec.column not in df.columns:
            continue
        column = df[dec.column]
        if column.dtype != pl.String:
            continue
        counts = column.drop_nulls().str.strip_chars().value_counts()
        if counts.height > MAX_VALUES:
            continue
        things = names_a_thing(dec.column)
        for value, rows in counts.iter_rows():
            if SHORTEST <= len(value) <= LONGEST and (things or _not_only_names(value)):
                out[value] += rows
    return out


def _not_only_names(value: str) -> bool:
    words = [w.lower() for w in _WORD.findall(value)]
    names = name_gazetteer()
    return bool(words) and any(len(w) >= 3 and w not in names for w in words)


def bundle_categories(shares: Iterable[Counter[str]], min_rows: int) -> frozenset[str]:
    """The category values of the bundle: in ``min_rows`` rows or more, all partitions."""
    total: Counter[str] = Counter()
    for share in shares:
        total.update(share)
    return frozenset(v for v, rows in total.items() if rows >= min_rows)


class CategoryVeto:
    """Drops a guess (``GUESSES``) lying inside an occurrence of a category value in its
    text. Each guess is checked against the values holding its first word, found around
    it: no scan of every text for every value (a bundle's kept columns can hold
    thousands)."""

    def __init__(self, values: frozenset[str]) -> None:
        self._by_word: dict[str, list[str]] = {}
        for v in sorted(values):
            for w in {w.lower() for w in _WORD.findall(v)}:
                self._by_word.setdefault(w, []).append(v)

    def __call__(
        self,
        texts: Sequence[str],
        found: list[list[Span]],
        known: Callable[[str], list[Span]] | None = None,
    ) -> list[list[Span]]:
        """``found`` without the guesses inside a category value. A known value the guess
        had swallowed ("Green", a customer's surname, in the model's place "Green
        Practice") comes back: the gate searches it wherever it stands."""
        if not self._by_word:
            return found
        out: list[list[Span]] = []
        for text, spans in zip(texts, found, strict=True):
            dropped = [s for s in spans if s.source in GUESSES and self._inside(text, s)]
            if not dropped:
                out.append(spans)
                continue
            kept = [s for s in spans if s not in dropped]
            back = [
                k for k in (known(text) if known is not None else [])
                if any(d.start <= k.start and k.end <= d.end for d in dropped)
            ]  # fmt: skip
            out.append(sorted([*kept, *back]) if back else kept)
        return out

    def _inside(self, text: str, s: Span) -> bool:
        """Whether the span lies inside an occurrence of a value, as a whole word."""
        words = _WORD.findall(text[s.start : s.end])
        for value in self._by_word.get(words[0].lower(), ()) if words else ():
            lo = max(0, s.end - len(value))
            at = text.find(value, lo, s.start + len(value))
            while at != -1 and at <= s.start:
                end = at + len(value)
                whole = (at == 0 or not text[at - 1].isalnum()) and (
                    end == len(text) or not text[end].isalnum()
                )
                if end >= s.end and whole:
                    return True
                at = text.find(value, at + 1, s.start + len(value))
        return False
