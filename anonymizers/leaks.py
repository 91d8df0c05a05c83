"""Exact search for original values in text, as whole words: a hash join, not a loop.

Shared by the transform (a fake must not contain any real value of the bundle) and by
verification (no real value may remain in the output), so both sides agree on what
"contains" means. Names and places are matched as written, upper-cased and title-cased,
so the everyday word "will" is not taken for the surname "Will"; everything else is
matched case-insensitively.

A whole-word occurrence starts where a word starts and ends where a word ends, so the
only places a value can sit in a text are its runs of 1..k consecutive words. Every
text is cut into those runs (polars, vectorised) and the runs are joined against the
values' forms. That replaces an Aho-Corasick automaton built value by value in Python:
at a million rows the automaton took 37 s and most of a 6.4 GB peak to build, and the
scrub then asked it about nine million fakes one call at a time.

What counts as found, precisely: a value is trimmed of non-word characters at both
ends ("(555) 123-4567" is searched as "555) 123-4567"), so a trimmed value is found
wherever the full one would be, and in a few more places (never fewer). Forms longer
than ``MAX_KEY_WORDS`` words are keyed on their first words and confirmed in place.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping

import numpy as np
import polars as pl

CASE_SENSITIVE = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME", "LOCATION", "ORGANIZATION"})
#: Longest key in words; longer forms are keyed on this many and confirmed in place.
MAX_KEY_WORDS = 8

_W = r"[\p{L}\p{N}_]"  # a word character, as ``bounded`` and Python's \w see it
_RUNS = rf"{_W}+|[^\p{{L}}\p{{N}}_]+"  # alternating word / non-word runs, covering the text
_ENDS = r"^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$"
_PY_WORD = re.compile(r"\w+")
_SEED = 0x5AFE5E7  # polars' string hash: any fixed seed, the same for keys and candidates

#: Columns of a key table: the form (or its first words), the value it belongs to, and
#: the whole form where the key is only its first words (null otherwise).
_KEY_SCHEMA = {"key": pl.String, "ix": pl.UInt32, "form": pl.String}


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def bounded(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not part of a longer word or number."""
    return (start == 0 or not _word_char(text[start - 1])) and (
        end == len(text) or not _word_char(text[end])
    )


def _lower_same_length(text: str) -> str:
    """Lower case with one character per character, so offsets stay valid ("İ" lowers
    to two code points; it is kept as is rather than shifting everything after it)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def _words(series: pl.Series) -> pl.Series:
    return series.str.count_matches(_W + "+")


#: Text searched per step: a text of w words has up to w*k candidates, so a column of long
#: texts is cut into slices of about this many bytes to keep the candidates in bounds.
SLICE_BYTES = 8 << 20


def _slices(texts: pl.Series) -> list[tuple[int, pl.Series]]:
    """(first row, texts) slices of about SLICE_BYTES each, in order."""
    cum = texts.str.len_bytes().fill_null(0).cum_sum().to_numpy()
    total = int(cum[-1]) if len(cum) else 0
    cuts = np.searchsorted(cum, np.arange(SLICE_BYTES, total, SLICE_BYTES), side="right")
    edges = sorted({0, len(texts), *(int(c) for c in cuts)})
    return [(a, texts.slice(a, b - a)) for a, b in itertools.pairwise(edges)]


class LeakMatcher:
    """Finds any of many original values, as whole words, in many texts.

    ``hits``/``contains_many`` answer for a whole column at once and are what the scrub
    and the leak check use; ``find``/``contains`` answer for one text (with offsets) and
    cost a join each, so they are for a handful of texts."""

    def __init__(self, targets: Mapping[str, Iterable[str]], min_length: int) -> None:
        self._entities: list[str] = list(targets)
        frames = [
            pl.DataFrame({"value": pl.Series(list(values), dtype=pl.String)}).with_columns(
                entity=pl.lit(eix, pl.UInt16)
            )
            for eix, values in enumerate(targets.values())
        ]
        table = pl.concat(frames) if frames else pl.DataFrame(
            schema={"value": pl.String, "entity": pl.UInt16}
        )  # fmt: skip
        table = table.filter(
            pl.col("value").str.strip_chars().str.len_chars() >= min_length,
            pl.col("value").str.replace_all(_ENDS, "").str.len_chars() > 0,
        )
        self._values = table["value"]
        self._entity_of = table["entity"]
        self.size = table.height
        trimmed = table.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("ix"),
            pl.col("value").str.replace_all(_ENDS, "").alias("form"),
            pl.col("entity")
            .is_in([i for i, e in enumerate(self._entities) if e in CASE_SENSITIVE])
            .alias("exact"),
        )
        exact = trimmed.filter("exact")
        forms = exact["form"].to_list()
        exact = pl.concat(
            [
                exact.select("ix", "form"),
                exact.select("ix", pl.Series("form", [f.upper() for f in forms], pl.String)),
                exact.select("ix", pl.Series("form", [f.title() for f in forms], pl.String)),
            ]
        ).unique(maintain_order=True)
        folded = trimmed.filter(~pl.col("exact")).select("ix", pl.col("form").str.to_lowercase())
        most = max((int(_words(t["form"]).max() or 0) for t in (exact, folded) if t.height),
                   default=1)  # fmt: skip
        self._k = max(1, min(MAX_KEY_WORDS, most))
        self._exact = self._keys(exact)
        self._folded = self._keys(folded)
        self._shortest = min(
            (int(t["key"].str.len_chars().min() or 0) for t in (self._exact, self._folded)
             if t.height),
            default=0,
        )  # fmt: skip

    def _keys(self, forms: pl.DataFrame) -> pl.DataFrame:
        """Forms of more than k words are keyed on their first k words."""
        prefix = rf"^((?:{_W}+[^\p{{L}}\p{{N}}_]+){{{self._k - 1}}}{_W}+)"
        long = _words(forms["form"]) > self._k
        return forms.select(
            pl.when(long).then(pl.col("form").str.extract(prefix, 1)).otherwise("form")
            .alias("key"),
            "ix",
            pl.when(long).then("form").alias("form"),
        ).cast(_KEY_SCHEMA).with_columns(h=pl.col("key").hash(_SEED))  # fmt: skip

    # -- many texts at once ------------------------------------------------------------

    def _runs(self, texts: pl.Series) -> pl.DataFrame:
        """(row, cand) for every run of 1..k consecutive words of every text."""
        frame = pl.DataFrame({"t": texts.cast(pl.String)}).with_row_index("row")
        # A one-word text (a card number, a surname) is its own only candidate: most cells
        # of a structured export need no cutting at all.
        one = frame["t"].str.contains(rf"^{_W}+$").fill_null(False)
        out = [frame.filter(one).select("row", cand="t")]
        runs = (
            frame.filter(~one)
            .select("row", pl.col("t").str.extract_all(_RUNS).alias("run"))
            .explode("run")
            .drop_nulls("run")
        )
        row, run = runs["row"], runs["run"]
        # Grow each word's candidate a word at a time, keeping only those still inside
        # their own text: the working set shrinks with every step.
        end = run.str.contains("^" + _W).arg_true()
        rows, cand = row.gather(end), run.gather(end)
        out.append(pl.DataFrame({"row": rows, "cand": cand}))
        last = run.len() - 1
        for _ in range(1, self._k if last >= 0 else 1):
            nxt = end + 2
            keep = (nxt <= last) & (row.gather(nxt.clip(upper_bound=last)) == rows)
            if not keep.any():
                break
            nxt, rows = nxt.filter(keep), rows.filter(keep)
            cand = cand.filter(keep) + run.gather(nxt - 1) + run.gather(nxt)
            out.append(pl.DataFrame({"row": rows, "cand": cand}))
            end = nxt
        return pl.concat(out)

    def _lookup(self, cands: pl.DataFrame) -> pl.DataFrame:
        """(row, ix, form, folded) of every candidate that is a key. Joined on 64-bit
        hashes, then compared as strings: a hash collision costs a comparison, no more."""
        low = cands.with_columns(pl.col("cand").str.to_lowercase().alias("low"))
        exact = (
            low.filter(pl.col("cand").str.len_chars() >= self._shortest)
            .with_columns(h=pl.col("cand").hash(_SEED))
            .join(self._exact, on="h", how="inner")
            .filter(pl.col("cand") == pl.col("key"))
        )
        folded = (
            low.filter(pl.col("low").str.len_chars() >= self._shortest)
            .with_columns(h=pl.col("low").hash(_SEED))
            .join(self._folded, on="h", how="inner")
            .filter(pl.col("low") == pl.col("key"))
        )
        return pl.concat(
            [
                exact.select("row", "ix", "form", folded=pl.lit(False)),
                folded.select("row", "ix", "form", folded=pl.lit(True)),
            ]
        )

    def hits(self, texts: pl.Series) -> pl.DataFrame:
        """(row, entity, value) of every original value found in ``texts``, in row order."""
        empty = pl.DataFrame(schema={"row": pl.UInt32, "entity": pl.String, "value": pl.String})
        if not self.size or texts.len() == 0:
            return empty
        found = pl.concat([self._lookup(self._runs(part)).with_columns(pl.col("row") + start)
                           for start, part in _slices(texts)])  # fmt: skip
        sure = found.filter(pl.col("form").is_null()).select("row", "ix")
        unsure = found.filter(pl.col("form").is_not_null())
        confirmed = [
            (row, ix)
            for row in unsure["row"].unique().sort().to_list()
            for _s, _e, ix in self._find_ix(texts[row])
        ]
        if confirmed:
            extra = pl.DataFrame(confirmed, schema={"row": pl.UInt32, "ix": pl.UInt32},
                                 orient="row")  # fmt: skip
            sure = pl.concat([sure, extra])
        sure = sure.unique().sort("row", "ix")
        if not sure.height:
            return empty
        names = pl.Series(self._entities, dtype=pl.String)
        return sure.select(
            "row",
            names.gather(self._entity_of.gather(sure["ix"])).alias("entity"),
            self._values.gather(sure["ix"]).alias("value"),
        )

    def contains_many(self, texts: pl.Series) -> pl.Series:
        """Per text: does it hold any original value as a whole word?"""
        rows = self.hits(texts)["row"].unique()
        return pl.Series(range(texts.len()), dtype=pl.UInt32).is_in(rows.implode())

    # -- one text ----------------------------------------------------------------------

    def _find_ix(self, text: str) -> list[tuple[int, int, int]]:
        spans = [m.span() for m in _PY_WORD.finditer(text)]
        cands = [
            (spans[i][0], spans[j][1])
            for i in range(len(spans))
            for j in range(i, min(len(spans), i + self._k))
        ]
        if not cands:
            return []
        df = pl.DataFrame({"row": pl.Series(range(len(cands)), dtype=pl.UInt32),
                           "cand": [text[s:e] for s, e in cands]})  # fmt: skip
        out = []
        lowered = None
        for row, ix, form, folded in self._lookup(df).sort("row", "ix").iter_rows():
            start, end = cands[row]
            if form is not None:  # keyed on its first words: is the whole form there?
                if folded and lowered is None:
                    lowered = _lower_same_length(text)
                hay = lowered if folded else text
                end = start + len(form)
                if not (hay.startswith(form, start) and bounded(text, start, end)):
                    continue
            out.append((start, end, ix))
        return out

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, entity, original value) of every whole-word occurrence."""
        if not self.size or not text:
            return []
        return [
            (s, e, self._entities[self._entity_of[ix]], self._values[ix])
            for s, e, ix in dict.fromkeys(self._find_ix(text))
        ]

    def contains(self, text: str) -> bool:
        """True if ``text`` holds any original value as a whole word."""
        return bool(self.find(text))
