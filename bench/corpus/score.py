"""The corpus scorer's arithmetic: from truth labels, an input cell and an output cell to
counts. No engine here, so the arithmetic is tested on handmade cases in milliseconds.

- A labelled personal span *leaked* when one of its tokens (the value, its distinctive
  parts) occurs in the output cell, as a whole word with case and accents folded, more
  often than in the input's non-personal text.
- A non-personal word is *kept* when the output still holds it (each occurrence counted
  once, in order).
- A mention of a table person or address is *consistent* when the output text holds the
  fake that the output table put in the referenced cell.
- A structured value is *left in its cell* when the output cell still holds it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from bench.corpus.labels import Cell, words


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def occurrences(token: str, folded_text: str) -> int:
    t = fold(token).strip()
    if not t:
        return 0
    return len(re.findall(rf"(?<!\w){re.escape(t)}(?!\w)", folded_text))


@dataclass
class Rate:
    n: int = 0
    hits: int = 0

    def add(self, hit: bool) -> None:
        self.n += 1
        self.hits += bool(hit)

    @property
    def share(self) -> float | None:
        return self.hits / self.n if self.n else None

    def as_dict(self) -> dict:
        share = self.share
        return {"n": self.n, "hits": self.hits, "share": None if share is None else round(share, 4)}


@dataclass
class Tally:
    """Rates by (metric, dimension, value), e.g. ("recall", "case", "dob_written")."""

    rates: dict[tuple[str, str, str], Rate] = field(default_factory=dict)

    def add(self, metric: str, keys: Iterable[tuple[str, str]], hit: bool) -> None:
        for dim, value in (("all", "all"), *keys):
            self.rates.setdefault((metric, dim, value), Rate()).add(hit)

    def get(self, metric: str, dim: str = "all", value: str = "all") -> Rate:
        return self.rates.get((metric, dim, value), Rate())

    def merge(self, other: Tally) -> None:
        for k, r in other.rates.items():
            mine = self.rates.setdefault(k, Rate())
            mine.n += r.n
            mine.hits += r.hits

    def as_dict(self) -> dict:
        out: dict = {}
        for (metric, dim, value), r in sorted(self.rates.items()):
            out.setdefault(metric, {}).setdefault(dim, {})[value] = r.as_dict()
        return out


def masked(text: str, cell: Cell) -> str:
    """The input with every personal span blanked: what the non-personal text holds."""
    chars = list(text)
    for s in cell.spans:
        chars[s.start : s.end] = " " * (s.end - s.start)
    return "".join(chars)


def _keys(split: str, **dims: str) -> list[tuple[str, str]]:
    """Each dimension alone and with the template split (dev / heldout / json)."""
    keys = [("split", split)]
    for dim, value in dims.items():
        keys += [(dim, value), (f"{dim}|split", f"{value}|{split}")]
    return keys


def score_text(cell: Cell, text: str, out: str | None, lang: str, tally: Tally) -> None:
    """Recall per span and non-personal words kept, for one free-text cell."""
    out_f = fold(out or "")
    base_f = fold(masked(text, cell))
    for s in cell.spans:
        leaked = any(occurrences(t, out_f) > occurrences(t, base_f) for t in s.tokens)
        keys = _keys(s.split, entity=s.entity, case=s.case, language=lang)
        tally.add("recall", keys, not leaked)
    # A keep word written into a compound ('Mai' of 'Mai-Charge', 'juli' of
    # 'juli-leveransen') is the output's word part: counted as well as the whole word.
    out_words = words(out_f)
    remaining = Counter(out_words)
    remaining.update(p for w in out_words if "-" in w for p in w.split("-") if p)
    for k in cell.keep:
        for w in words(fold(k.value)):
            kept = remaining[w] > 0
            remaining[w] -= kept
            tally.add("kept", _keys(k.split, kind=k.kind, language=lang), kept)


def score_consistency(cell: Cell, out: str | None, table_cell, tally: Tally) -> None:
    """``table_cell(ref) -> (input, output)`` of the referenced table cell."""
    out_f = fold(out or "")
    for s in cell.spans:
        if s.ref is None:
            continue
        before, after = table_cell(s.ref)
        if before is None or after is None or fold(before) == fold(after):
            continue  # the table kept it (scored as a structured leak) or has no value
        fake = after.split()
        if s.ref.part == "first" and fake:
            after = fake[0]
        elif s.ref.part == "last" and fake:
            after = fake[-1]
        tally.add(
            "consistent", [("entity", s.entity), ("case", s.case)], occurrences(after, out_f) > 0
        )


def value_left(before: str, after: str | None) -> bool:
    """Whether a structured value is still in its output cell."""
    if after is None:
        return False
    return fold(before) == fold(after) or occurrences(before, fold(after)) > 0
