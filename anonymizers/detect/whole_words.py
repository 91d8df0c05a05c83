"""Exact search for original values in text, as whole words: a hash join, not a loop.

Shared by the transform (a fake must not contain any real value of the bundle) and by
verification (no real value may remain in the output), so both sides agree on what
"contains" means. Names and places are matched as written, upper-cased and title-cased,
so the everyday word "will" is not taken for the surname "Will"; everything else is
matched case-insensitively (lower case, final sigma as sigma).

A whole-word occurrence starts where a word starts and ends where a word ends, so the
only places a value can sit in a text are its runs of 1..k consecutive words. Every
text is cut into those runs (polars, vectorised) and the runs are joined against the
values' forms: a join over whole columns, where an automaton built value by value in
Python would cost time and memory in proportion to every real value of the bundle and
be asked about each fake one call at a time.

What counts as found, precisely:
- a word character is a letter, a digit or "_" (one regex class, for every path); a
  character of a script written without spaces between words (Japanese, Chinese, Thai,
  Korean's attached particles: ``scripts.py``) is a word of its own, so "25-9610-3296"
  is found in "配達前に25-9610-3296へ" and "近藤" in "近藤様";
- a value and each of its forms are trimmed of non-word characters at both ends
  ("(555) 123-4567" is searched as "555) 123-4567"), so a trimmed value is found wherever
  the full one would be, and in a few more places; ``min_length`` applies to the trimmed
  value (its ``scripts.width``: "钟雷" counts four), and a value with no letter or digit
  at all is not searched (the transform leaves such values as they are, and they are no
  identifiers);
- forms longer than ``MAX_KEY_WORDS`` words are keyed on their first words and confirmed
  in place, column-wise.
Known limit: one cell of w words yields up to w*k candidates at once, so a single cell of
tens of megabytes costs gigabytes here (a column is sliced between rows, never inside one).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np
import polars as pl

from anonymizers.detect.scripts import UNSPACED, UNSPACED_RANGES
from anonymizers.detect.spelling import APOSTROPHES
from anonymizers.detect.url_encoding import ESCAPED_PATTERN, decoded

CASE_SENSITIVE = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME", "LOCATION", "ORGANIZATION"})
#: Longest key in words; longer forms are keyed on this many and confirmed in place.
MAX_KEY_WORDS = 8

_W = r"[\p{L}\p{N}_]"  # a word character
_NW = r"[^\p{L}\p{N}_]"
_SW = rf"[[\p{{L}}\p{{N}}_]--[{UNSPACED_RANGES}]]"  # a word character of a spaced script
_WORD = rf"{UNSPACED}|{_SW}+"  # a word: one unspaced character, or a run of spaced ones
_RUNS = rf"{_WORD}|{_NW}+"  # word and non-word runs covering the text
_ENDS = rf"^{_NW}+|{_NW}+$"
_APOSTROPHE = "[" + re.escape(APOSTROPHES) + "]"
#: A text that may escape a value (``url_encoding.ESCAPED_PATTERN``).
_ENCODED = ESCAPED_PATTERN
_SEED = 0x5AFE5E7  # polars' string hash: any fixed seed, the same for keys and candidates

#: Text searched per step: a text of w words has up to w*k candidates, so a column of long
#: texts is cut into slices of about this many bytes to keep the candidates in bounds.
SLICE_BYTES = 8 << 20

T = TypeVar("T")


def _lower(expr: pl.Expr) -> pl.Expr:
    """Case-folded for comparison: lower case, the final sigma as sigma (a word cut out
    of a longer text lowers its last Σ to ς, the same word inside it to σ), and every
    apostrophe as the ASCII one."""
    return _apostrophes(expr.str.to_lowercase().str.replace_all("ς", "σ", literal=True))


def _apostrophes(expr: pl.Expr) -> pl.Expr:
    """Every apostrophe as the ASCII one, character for character (offsets stay): "O’Brien"
    typed in a ticket is the table's "O'Brien"."""
    return expr.str.replace_all(_APOSTROPHE, "'")


def _fold(expr: pl.Expr) -> pl.Expr:
    """Lowered and trimmed again: lowering "İ" gives "i" and a combining dot, the one
    lower-case mapping that can put a non-word character at either end."""
    return _lower(expr).str.strip_chars("\u0307")


def _width(expr: pl.Expr) -> pl.Expr:
    """``scripts.width`` of each value: an unspaced script's character counts twice."""
    return expr.str.len_chars() + expr.str.count_matches(UNSPACED)


def _words(expr: pl.Expr) -> pl.Expr:
    return expr.str.count_matches(_WORD)


def _slices(texts: pl.Series) -> list[tuple[int, pl.Series]]:
    """(first row, texts) slices of about SLICE_BYTES each, in order."""
    cum = texts.str.len_bytes().fill_null(0).cum_sum().to_numpy()
    total = int(cum[-1]) if len(cum) else 0
    cuts = np.searchsorted(cum, np.arange(SLICE_BYTES, total, SLICE_BYTES), side="right")
    edges = sorted({0, len(texts), *(int(c) for c in cuts)})
    return [(a, texts.slice(a, b - a)) for a, b in itertools.pairwise(edges)]


def searchable(values: pl.Series, min_length: int) -> pl.Series:
    """Which values ``LeakMatcher`` searches (its ``size`` counts them): trimmed of
    non-word ends, at least ``min_length`` long, with a letter or digit."""
    return pl.select(searchable_expr(values.cast(pl.String), min_length)).to_series()


def searchable_expr(column: str | pl.Series, min_length: int) -> pl.Expr:
    """``searchable`` as an expression over a column of values."""
    form = (pl.col(column) if isinstance(column, str) else pl.lit(column)).str.replace_all(
        _ENDS, ""
    )
    return (_width(form) >= max(min_length, 1)) & form.str.contains(r"[\p{L}\p{N}]")


def text_word_rows(texts: pl.Series) -> pl.DataFrame:
    """(text, word) for every run of word characters of each text as the search compares
    candidates (with ASCII apostrophes, and folded): every word of a whole-word hit is
    one of its text's words (``value_words``), since a candidate starts and ends at word
    boundaries."""
    frame = pl.DataFrame({"s": texts.cast(pl.String)}).with_row_index("t")
    # A URL's percent-encoded values are searched decoded too (``LeakMatcher._found``).
    encoded = frame.filter(pl.col("s").str.contains(_ENCODED).fill_null(False))
    if encoded.height:
        views = [(t, decoded(s)) for t, s in encoded.iter_rows()]
        reads = [(t, v.text) for t, v in views if v is not None]
        if reads:
            frame = pl.concat([frame, pl.DataFrame(reads, schema=frame.schema, orient="row")])
    return (
        pl.concat(
            [
                frame.select("t", w=_apostrophes(pl.col("s")).str.extract_all(_WORD)),
                frame.select("t", w=_fold(pl.col("s")).str.extract_all(_WORD)),
            ]
        )
        .explode("w")
        .drop_nulls("w")
        .unique()
    )


def text_words(texts: pl.Series) -> pl.Series:
    """Every word of ``texts`` (``text_word_rows``), once."""
    return text_word_rows(texts)["w"].unique()


def value_words(values: Sequence[str], entity: str) -> list[list[frozenset[str]]]:
    """Per value, the words of each form it is searched under (as written, upper- and
    title-cased for names and places; folded for all), as ``text_words`` writes words:
    every word of a whole-word hit is a word of the text, so a value is found only in
    texts holding all the words of one of its forms."""
    forms = [[v] for v in values]
    if entity in CASE_SENSITIVE:
        forms = [[v, v.upper(), v.title()] for v in values]
    flat = pl.Series([f for fs in forms for f in fs], dtype=pl.String).str.replace_all(_ENDS, "")
    words = pl.concat([_apostrophes(flat), _fold(flat)]).str.extract_all(_WORD).to_list()
    half = len(flat)
    out: list[list[frozenset[str]]] = []
    i = 0
    for fs in forms:
        found = [frozenset(w) for w in (*words[i : i + len(fs)],
                                        *words[half + i : half + i + len(fs)]) if w]  # fmt: skip
        out.append(sorted(set(found), key=sorted))
        i += len(fs)
    return out


class LeakMatcher:
    """Finds any of many original values, as whole words, in many texts.

    ``hits``/``contains_many`` answer for a whole column at once and are what the scrub
    and the leak check use; ``find``/``contains`` answer for one text, with offsets, by the
    same machinery (a join each, so they are for a handful of texts)."""

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
        table = table.with_columns(form=pl.col("value").str.replace_all(_ENDS, "")).filter(
            _width(pl.col("form")) >= max(min_length, 1),
            pl.col("form").str.contains(r"[\p{L}\p{N}]"),
        )
        self._values = table["value"]
        self._entity_of = table["entity"]
        self.size = table.height
        sensitive = [i for i, e in enumerate(self._entities) if e in CASE_SENSITIVE]
        trimmed = table.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("ix"),
            "form",
            pl.col("entity").is_in(sensitive).alias("exact"),
        )
        exact = trimmed.filter("exact")
        forms = exact["form"].to_list()
        exact = (
            pl.concat(
                [
                    exact.select("ix", "form"),
                    exact.select("ix", pl.Series("form", [f.upper() for f in forms], pl.String)),
                    exact.select("ix", pl.Series("form", [f.title() for f in forms], pl.String)),
                ]
            )
            # upper("ᾶ") ends in a combining mark: trimmed again, or no candidate could match
            .with_columns(_apostrophes(pl.col("form").str.replace_all(_ENDS, "")))
            .filter(pl.col("form").str.len_chars() > 0)
            .unique(maintain_order=True)
        )
        folded = trimmed.filter(~pl.col("exact")).select(
            "ix", _words(pl.col("form")).alias("n"), _fold(pl.col("form")).alias("form")
        )
        # Lowering can split a word ("İSTANBUL" → "i̇stanbul"): count words both ways.
        counts = [t.select(_words(pl.col("form")).max()).item() for t in (exact, folded)]
        most = max([1, *(int(c) for c in [*counts, folded["n"].max()] if c is not None)])
        self._k = min(MAX_KEY_WORDS, most)
        self._exact = self._keys(exact.select("ix", "form"))
        self._folded = self._keys(folded.select("ix", "form"))
        self._shortest = min(
            (int(t["key"].str.len_chars().min() or 0) for t in (self._exact, self._folded)
             if t.height),
            default=0,
        )  # fmt: skip

    def _keys(self, forms: pl.DataFrame) -> pl.DataFrame:
        """Forms of more than k words are keyed on their first k words (``form`` kept for
        the confirmation; null where the key is the whole form)."""
        # Greedy: a form of more than k words matches word by word as ``_WORD`` cuts it.
        prefix = rf"^((?:(?:{_WORD}){_NW}*){{{self._k - 1}}}(?:{_WORD}))"
        long = _words(pl.col("form")) > self._k
        return forms.select(
            pl.when(long).then(pl.col("form").str.extract(prefix, 1)).otherwise("form")
            .cast(pl.String).alias("key"),
            pl.col("ix").cast(pl.UInt32),
            pl.when(long).then("form").cast(pl.String).alias("form"),
        ).with_columns(h=pl.col("key").hash(_SEED))  # fmt: skip

    # -- candidates --------------------------------------------------------------------

    def _runs(self, texts: pl.Series) -> pl.DataFrame:
        """(row, start, cand) for every run of 1..k consecutive words of every text;
        ``start`` is the character offset of the run's first word."""
        frame = pl.DataFrame({"t": texts}).with_row_index("row")
        # A one-word text (a card number, a surname) is its own only candidate: most cells
        # of a structured export need no cutting at all.
        one = frame["t"].str.contains(rf"^(?:{_WORD})$").fill_null(False)
        out = [frame.filter(one).select("row", pl.lit(0, pl.UInt32).alias("start"), cand="t")]
        runs = (
            frame.filter(~one)
            .select("row", pl.col("t").str.extract_all(_RUNS).alias("run"))
            .explode("run")
            .drop_nulls("run")
            .with_columns(size=pl.col("run").str.len_chars().cast(pl.UInt64))
            # Offsets within each text: a running sum, less its value at the text's start.
            .with_columns(before=pl.col("size").cum_sum() - pl.col("size"))
            .with_columns(
                start=(
                    pl.col("before")
                    - pl.when(pl.col("row") != pl.col("row").shift(1, fill_value=-1))
                    .then("before")
                    .forward_fill()
                ).cast(pl.UInt32)
            )
        )
        row, run, starts = runs["row"], runs["run"], runs["start"]
        # Grow each word's candidate a word at a time, keeping only those still inside
        # their own text: the working set shrinks with every step.
        word = run.str.contains("^" + _W)
        end = word.arg_true()
        first, rows, cand = starts.gather(end), row.gather(end), run.gather(end)
        out.append(pl.DataFrame({"row": rows, "start": first, "cand": cand}))
        last = run.len() - 1
        # The word after each run: the next run, where two words touch (an unspaced
        # script's), else the one after the gap, which joins the candidate with it.
        touch = word.shift(-1, fill_value=False)
        after = pl.Series(np.where(touch.to_numpy(), 1, 2), dtype=end.dtype)
        gap = (
            pl.DataFrame({"touch": touch, "run": run})
            .select(
                pl.when("touch").then(pl.lit("")).otherwise(pl.col("run").shift(-1, fill_value=""))
            )
            .to_series()
        )
        for _ in range(1, self._k if last >= 0 else 1):
            nxt = end + after.gather(end)
            keep = (nxt <= last) & (row.gather(nxt.clip(upper_bound=last)) == rows)
            if not keep.any():
                break
            end, nxt = end.filter(keep), nxt.filter(keep)
            rows, first = rows.filter(keep), first.filter(keep)
            cand = cand.filter(keep) + gap.gather(end) + run.gather(nxt)
            out.append(pl.DataFrame({"row": rows, "start": first, "cand": cand}))
            end = nxt
        return pl.concat(out)

    def _lookup(self, cands: pl.DataFrame) -> pl.DataFrame:
        """(row, start, length, ix, form, folded) of every candidate that is a key. Joined
        on 64-bit hashes, then compared as strings: a collision costs a comparison only."""
        cands = cands.with_columns(_fold(pl.col("cand")).alias("low"))
        exact = (
            cands.filter(pl.col("cand").str.len_chars() >= self._shortest)
            .with_columns(even=_apostrophes(pl.col("cand")))
            .with_columns(h=pl.col("even").hash(_SEED))
            .join(self._exact, on="h", how="inner")
            .filter(pl.col("even") == pl.col("key"))
        )
        folded = (
            cands.filter(pl.col("low").str.len_chars() >= self._shortest)
            .with_columns(h=pl.col("low").hash(_SEED))
            .join(self._folded, on="h", how="inner")
            .filter(pl.col("low") == pl.col("key"))
        )
        columns = ["row", "start", pl.col("cand").str.len_chars().alias("length"), "ix", "form"]
        return pl.concat(
            [
                exact.select(*columns, folded=pl.lit(False)),
                folded.select(*columns, folded=pl.lit(True)),
            ]
        )

    def _confirm(self, texts: pl.Series, unsure: pl.DataFrame) -> pl.DataFrame:
        """Long forms keyed on their first words: is the whole form at ``start``, ending
        at a word's end? Column-wise, on a slice of each text a little longer than the form
        (lowering can lengthen it)."""
        need = pl.col("form").str.len_chars()
        hay = pl.col("t").str.slice(pl.col("start"), need + 8)
        hay = pl.when("folded").then(_lower(hay)).otherwise(_apostrophes(hay))
        after = pl.col("hay").str.slice(need, 1)
        return (
            unsure.join(pl.DataFrame({"t": texts}).with_row_index("row"), on="row")
            .with_columns(hay=hay)
            .filter(
                pl.col("hay").str.starts_with(pl.col("form")),
                (after == "")
                | after.str.contains(f"^(?:{_NW}|{UNSPACED})")
                | pl.col("form").str.contains(f"{UNSPACED}$"),
            )
            .with_columns(length=need.cast(pl.UInt32))
        )

    def _found(self, texts: pl.Series) -> pl.DataFrame:
        """(row, start, length, ix) of every occurrence, in row and offset order; also
        where a URL percent-encodes the value (``url_encoding.py``), as written there."""
        found = self._found_as_written(texts)
        encoded = texts.str.contains(_ENCODED).fill_null(False)
        if encoded.any():
            more = self._found_decoded(texts, encoded.arg_true())
            found = pl.concat([found, more.cast(dict(found.schema))])
        return found.unique().sort("row", "start", "ix")

    def _found_as_written(self, texts: pl.Series) -> pl.DataFrame:
        parts = []
        for base, part in _slices(texts):
            found = self._lookup(self._runs(part))
            sure = found.filter(pl.col("form").is_null())
            unsure = found.filter(pl.col("form").is_not_null())
            if unsure.height:
                sure = pl.concat([sure, self._confirm(part, unsure).select(sure.columns)])
            parts.append(sure.select(pl.col("row") + base, "start", "length", "ix"))
        return pl.concat(parts)

    def _found_decoded(self, texts: pl.Series, rows: pl.Series) -> pl.DataFrame:
        """The occurrences in the decoded text of ``rows`` that cover a decoded
        character, at their place in the text as written."""
        views = [(int(r), decoded(texts[int(r)])) for r in rows]
        views = [(r, v) for r, v in views if v is not None]
        out: dict[str, list[int]] = {"row": [], "start": [], "length": [], "ix": []}
        if views:
            found = self._found_as_written(pl.Series([v.text for _, v in views], dtype=pl.String))
            for i, start, length, ix in found.iter_rows():
                row, view = views[i]
                if view.changed(start, start + length):
                    s, e = view.original(start, start + length)
                    for column, value in zip(out, (row, s, e - s, ix), strict=True):
                        out[column].append(value)
        return pl.DataFrame(out, schema=dict.fromkeys(out, pl.Int64))

    # -- the API -----------------------------------------------------------------------

    def hits(self, texts: pl.Series) -> pl.DataFrame:
        """(row, entity, value) of every original value found in ``texts``, in row order."""
        empty = pl.DataFrame(schema={"row": pl.UInt32, "entity": pl.String, "value": pl.String})
        texts = texts.cast(pl.String)
        if not self.size or texts.len() == 0:
            return empty
        found = self._found(texts).select("row", "ix").unique().sort("row", "ix")
        names = pl.Series(self._entities, dtype=pl.String)
        return found.select(
            "row",
            names.gather(self._entity_of.gather(found["ix"])).alias("entity"),
            self._values.gather(found["ix"]).alias("value"),
        )

    def contains_many(self, texts: pl.Series) -> pl.Series:
        """Per text: does it hold any original value as a whole word?"""
        texts = texts.cast(pl.String)
        every = pl.Series(range(texts.len()), dtype=pl.UInt32)
        if not self.size or texts.len() == 0:
            return every.is_in([])
        return every.is_in(self._found(texts)["row"].unique().implode())

    def each(self, search: Callable[[pl.Series], T], columns: Sequence[pl.Series]) -> list[T]:
        """``search`` (``hits``, ``contains_many``) over several columns side by side on
        threads: polars releases the GIL while it cuts and joins."""
        with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
            return list(pool.map(search, columns))

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, entity, original value) of every whole-word occurrence."""
        if not self.size or not text:
            return []
        found = self._found(pl.Series([text], dtype=pl.String))
        return [
            (start, start + length, self._entities[self._entity_of[ix]], self._values[ix])
            for _row, start, length, ix in found.iter_rows()
        ]

    def contains(self, text: str) -> bool:
        """True if ``text`` holds any original value as a whole word."""
        return bool(self.find(text))
