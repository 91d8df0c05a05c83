"""The leak check: every real value of the input searched for in the whole output, and a
decision per hit (a leak, or cleared with its reason: ``clearance.py``).

Its targets come from ``targets.py`` (the input and the plan), never from the
transform's own list, so what the transform could not see the check still can.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence

import polars as pl

from anonymizers.detect.date_guard import month_written
from anonymizers.detect.disambiguate import legal_form_at
from anonymizers.detect.everyday import everyday_use
from anonymizers.detect.known import Matcher, keyed_at, short_number_id
from anonymizers.detect.lexicon import NAME_PARTICLES, name_gazetteer
from anonymizers.detect.scripts import SPACED_WORD
from anonymizers.detect.whole_words import LeakMatcher
from anonymizers.io.tables import Table
from anonymizers.plan.columns import Plan
from anonymizers.plan.hints import column_words, named_in, names_a_thing
from anonymizers.transform.apply import Context, TableResult
from anonymizers.verify.clearance import (
    ALONE_HARMLESS,
    NAME_PARTS,
    PLACES,
    WHOLE_ALONE,
    Decision,
    chance_echoes,
    echoes,
    echoes_by_chance,
    in_free_text,
    in_kept_column,
    naming_columns,
    own_values,
    place_alone,
    shape_cleared,
    shape_name,
    thing_column,
)
from anonymizers.verify.columns import (
    KEPT_KINDS,
    OutputColumn,
    distinct_texts,
    finding,
    inside,
)
from anonymizers.verify.outcome import MAX_FINDINGS, Check
from anonymizers.verify.shapes import without_shapes

UNCONFIRMED = "an NER guess from another text: no other source, no known name or place word"
SHORT_NUMBER = "a bare number of up to four digits: a count, a code or an amount as often as an id"
EVERYDAY_USE = "a guess from another text, here an everyday word of the language"
THING_NAME = "a name word or guess, in a kept column named for a firm or a thing, or of things"
IN_A_FAKE = "every occurrence in the text lies inside a fake the run wrote"
ACROSS_A_FAKE = "every occurrence in the text holds letters of a fake the run wrote"
#: Name words a firm may be named after (a full name is a person's whatever the column).
FIRM_NAME_PARTS = frozenset({"LAST_NAME", "FIRST_NAME"})
#: What a firm may be named after, read by the gate as the firm's before a legal form.
FIRM_WORDS = NAME_PARTS | {"LOCATION"}


def _name_word_id(entity: str, value: str) -> bool:
    """A login that is a listed first or last name and nothing else ("adam", "rosemann"):
    inside a firm's or a town's name it is that name, not the account."""
    return entity == "ID" and value.isalpha() and value.casefold() in name_gazetteer()


def value_rows(hits: pl.DataFrame) -> pl.DataFrame:
    """(entity, value, ``vrows``): the rows of the column holding each value hit."""
    return hits.group_by("entity", "value").agg(pl.col("len").sum().alias("vrows"))


def rows_of(col: OutputColumn, found: pl.DataFrame) -> pl.DataFrame:
    """``found`` (per distinct text ``t``) joined to every row of ``col`` holding ``t``."""
    rows = pl.DataFrame({"t": col.texts}).with_row_index("row")
    return rows.join(found, on="t", how="inner").sort("row", "entity", "value")


def _name_hits(hits: pl.DataFrame) -> dict[str, list[str]]:
    """Per text, the name values hit in it, longest first."""
    names = hits.filter(pl.col("entity").is_in(list(NAME_PARTS)))
    out: dict[str, list[str]] = {}
    for t, value in names.select("t", "value").unique().iter_rows():
        out.setdefault(t, []).append(value)
    return {t: sorted(vs, key=len, reverse=True) for t, vs in out.items()}


def _inside(value: str, longer: Sequence[str]) -> str | None:
    """The longest other name hit of the same text that holds ``value`` as whole words."""
    needle = f" {value.casefold()} "
    for other in longer:
        if len(other) > len(value) and needle in f" {other.casefold()} ":
            return other
    return None


#: A column named for years ("exp_year", "model_year", "Jahr"), and a year in it.
_YEAR_COLUMN = re.compile(r"(^|_)(year|yr|yyyy|jahr|annee|ano|anno|jaar|rok|vuosi)$")
_YEAR = re.compile(r"(?:19|20)\d\d")


def decide(
    kind: str,
    hits: pl.DataFrame,
    min_rows: int,
    unconfirmed: Callable[[str, str], bool] | None,
    names: frozenset[str] = frozenset(),
    guess_only: Callable[[str, str], bool] | None = None,
    column: str = "",
    things: bool = False,
) -> pl.DataFrame:
    """One decision per distinct (text, entity, value) hit of a column of this ``kind``
    (``column``: its name, which may say it names a firm or a thing; ``things``: its
    values are mostly no person's name, ``clearance.thing_column``):
    ``reason`` null for a leak. ``hits`` carries the text ``t``, the rows holding it
    (``len``) and whether a shape explains it (``shape``); ``vrows``, the rows of the
    column holding the value, is counted from ``len`` unless given (a partition's hits
    judged with the whole column's count: ``partitioned/kept_checks.py``)."""
    if "vrows" not in hits.columns:
        hits = hits.join(value_rows(hits), on=["entity", "value"], how="left")
    reasons, details = [], []
    names_in = _name_hits(hits) if kind in KEPT_KINDS else {}
    thing = kind in KEPT_KINDS and names_a_thing(column)
    year_column = bool(_YEAR_COLUMN.search(column_words(column.rsplit(".", 1)[-1])))
    for t, entity, value, shaped, vrows in hits.select(
        "t", "entity", "value", "shape", "vrows"
    ).iter_rows():
        if entity in NAME_PARTS and (longer := _inside(value, names_in.get(t, ()))):
            # "Robbrechts" inside the hit "Robbrechts Bruijne" (one double surname) of
            # "Robbrechts Bruijne Kettle": the name is judged whole, as its longer hit is.
            value = longer
        if kind == "whole":
            decision = Decision(None)  # a fake that holds a real value
            if place_alone(entity, value):
                # "Pasaje de Valencia", or "Barcelos" for Braga: a fake drawn from the
                # locale's short lists names a town some other customer lives in. Every
                # replaced cell differs from its input (``replaced_cells_changed``), and a
                # street or name left unreplaced hits as its own column's value.
                inside = t.strip().casefold() != value.strip().casefold()
                decision = Decision("place or first name", "inside a longer fake value"
                                    if inside else "a fake that is another subject's")  # fmt: skip
        elif shaped:
            decision = Decision("shape", f"part of a {shape_name(t, value)}")
        elif unconfirmed is not None and unconfirmed(entity, value):
            decision = Decision("unconfirmed guess", UNCONFIRMED)
        elif kind in ("text", "technical") and unkeyed_short_number(t, entity, value):
            # The transform hunts no such number in text without a key before it
            # (``known.unkeyed_short_id``): "552 Mailbox full" is a server's code.
            decision = Decision("short number", SHORT_NUMBER)
        elif kind == "text" and entity in NAME_PARTS and _after_prefix_only(t, value):
            # "Connor" in "Parsons-O'Connor": a part of the surname O'Connor, which the
            # whole-word search cuts at its apostrophe; no first name Connor.
            decision = Decision("part of a longer name", "after O', D' or L' in every place")
        elif kind == "text" and entity in FIRM_WORDS and _firm_only(t, value):
            # "Morin SA", "van der Sande BV" on a CV whose reader is named Morin: the
            # transform keeps a name before a legal form (``disambiguate.org_guard``).
            decision = Decision("firm's name", "before a firm's legal form in every place")
        elif kind == "text" and entity in NAME_PARTS and _months_only(t, value):
            # "this May", "in June 2025": the month, as the transform left it there
            # (``detect.date_guard.months_stay``), whichever subject is named so.
            decision = Decision("month", "a month's name written as a month")
        elif kind == "text":
            decision = in_free_text(entity, value)
            guessed = guess_only is not None and guess_only(entity, value)
            # A town written in lower case: "boulanger, McCourt (2012-2016)" on a French
            # CV, the job (a baker), where candidates live in the town Boulanger.
            lower_place = entity in PLACES and _lower_only(t, value)
            if decision.reason is None and (guessed or lower_place) and everyday_use(t, value):
                # "Noël", one customer's name in a text, is Christmas in "pour Noël".
                decision = Decision("everyday word", EVERYDAY_USE)
        elif (
            kind in KEPT_KINDS
            and year_column
            and _YEAR.fullmatch(t.strip())
            and (t.strip() == value.strip())
        ):
            # A card's "exp_year" of 2026 to 2031 met user ids numbered 1 to 5,000 in
            # every row (a Stripe export, session 49): a year, in a column of years.
            decision = Decision("year", "a whole year in a column named for years")
        elif vrows >= min_rows and guess_only is not None and guess_only(entity, value):
            # "Yoga Mat Plus" read as a name in a ticket, and the value of 20 rows of a
            # kept product column: the column's vocabulary, which no table names a person.
            decision = Decision("category", f"an NER guess held by {vrows} rows of the "
                                            "kept input column")  # fmt: skip
        else:
            decision = in_kept_column(entity, value, t, vrows, min_rows, names)
            guessed = guess_only is not None and guess_only(entity, value)
            named = entity in FIRM_NAME_PARTS or guessed or _name_word_id(entity, value)
            labels = things and kind == "kept"
            inside = t.strip().casefold() != value.strip().casefold()
            surname = labels and entity == "LAST_NAME" and inside
            if decision.reason is None and ((thing and named) or (labels and guessed) or surname):
                # "Ševčík" read as a name in a buyer's note, or a contact's surname
                # "Jandová", and a kept supplier_name cell: a firm named after its founder.
                # "Biff Rydberg" read as a name in a dish's description, and a kept column
                # of dishes: the dish. An owner's surname inside "ARMSTRONG-FINLEY" in a
                # column of contractors that are mostly firms ("DIAZ LLC"): the firm's.
                # A whole name or an e-mail of a table is never one; the echo rule still
                # counts it.
                decision = Decision("thing's name", THING_NAME)
        reasons.append(decision.reason)
        details.append(decision.detail)
    return hits.with_columns(
        reason=pl.Series(reasons, dtype=pl.String), detail=pl.Series(details, dtype=pl.String)
    )


def column_kind(col: OutputColumn, kinds: dict[tuple[str, str], str] | None) -> str:
    """How the column's hits are judged: ``whole`` fakes, else its plan kind (``text``
    for a column the plan does not name)."""
    return "whole" if col.whole else (kinds or {}).get((col.table, col.name), "text")


def text_hits(
    col: OutputColumn,
    distinct: pl.Series,
    hits: pl.DataFrame,
    search: Callable[[pl.Series], pl.DataFrame],
) -> pl.DataFrame:
    """The search's hits in ``col``'s ``distinct`` texts (``row``: an index into them) as
    (text ``t``, entity, value, ``shape``: a shape explains it, ``len``: the column's rows
    holding ``t``); ``search`` runs again on the hit texts with shapes cut out."""
    idx = hits["row"].unique().sort()
    again = search(pl.Series(without_shapes(distinct.gather(idx).to_list())))
    again = again.with_columns(row=idx.gather(again["row"]))
    hits = hits.with_columns(
        shape=shape_cleared(hits.rename({"row": "text"}), again.rename({"row": "text"}))
    )
    counts = pl.DataFrame({"t": col.texts}).group_by("t").len()
    hits = hits.with_columns(t=distinct.gather(hits["row"])).drop("row")
    return hits.join(counts, on="t", how="left")


def searcher(
    matcher: LeakMatcher, also: Callable[[pl.Series], pl.DataFrame] | None
) -> Callable[[pl.Series], pl.DataFrame]:
    """The whole-word search of ``matcher``, with the (row, entity, value) hits ``also``
    finds (``Targets.id_forms``)."""

    def search(found_in: pl.Series) -> pl.DataFrame:
        hits = matcher.hits(found_in)
        if also is None:
            return hits
        more = also(found_in).cast(dict(hits.schema))  # type: ignore[arg-type]
        return pl.concat([hits, more]).unique(maintain_order=True).sort("row")

    return search


def leak_check(
    ctx: Context,
    columns: list[OutputColumn],
    matcher: LeakMatcher,
    kinds: dict[tuple[str, str], str] | None = None,
    own: Mapping[str, pl.Series] | None = None,
    min_rows: int = 3,
    unconfirmed: Callable[[str, str], bool] | None = None,
    names: frozenset[str] = frozenset(),
    guess_only: Callable[[str, str], bool] | None = None,
    also: Callable[[pl.Series], pl.DataFrame] | None = None,
) -> tuple[Check, list[dict], list[dict]]:
    """Exact search of every real value in every output cell, then a decision per hit.

    Each distinct text is searched once (cut into word runs and joined against the values'
    forms); a hit is then a leak or cleared with its reason (``verify/clearance.py``), by
    the kind of column it sits in (``kinds``: ``text`` for free text, ``kept`` for a column
    left as it is; whole-fake columns are known from the column). ``own`` holds, per
    table, each row's own personal cells, for the echo rule of kept columns;
    ``unconfirmed`` tells a target that is only an NER guess (``Targets.unconfirmed``);
    ``names`` are the bundle's name words (``Targets.name_words``); ``guess_only`` tells a
    target only NER gave (``Targets.guess_only``): a kept column's category, whole in
    many rows, is no person's name however NER read it in a text; ``also`` finds more
    (row, entity, value) hits per text than the whole-word search (``Targets.id_forms``).
    Returns the check, the leaks and the cleared hits."""

    search = searcher(matcher, also)
    findings: list[dict] = []
    cleared: list[dict] = []
    reasons: dict[str, int] = {}
    hit_rows = 0
    texts = [distinct_texts(col.texts) for col in columns]
    found = matcher.each(search, texts)
    for col, distinct, hits in zip(columns, texts, found, strict=True):
        if not hits.height:
            continue
        kind = column_kind(col, kinds)
        hits = text_hits(col, distinct, hits, search)
        things = kind == "kept" and thing_column(distinct.to_list(), names)
        hits = decide(kind, hits, min_rows, unconfirmed, names, guess_only,
                      named_in(col.table, col.name), things)  # fmt: skip
        rows = rows_of(col, hits.select("t", "entity", "value", "reason", "detail"))
        if col.regions:  # free text and technical text: where the run wrote fakes
            rows = in_fakes(col, rows)
        if kind in KEPT_KINDS and own is not None and col.table in own:
            # A cleared hit that the row's own personal data holds is that person's value.
            maybe = rows.filter(
                pl.col("reason").is_not_null()
                & (
                    ~pl.col("entity").is_in(list(ALONE_HARMLESS))
                    | pl.col("reason").is_in(list(WHOLE_ALONE))
                )
            )
            values = maybe["value"].to_list()
            entities = maybe["entity"].to_list()
            echo = echoes(own[col.table], maybe["row"].to_list(), values, entities)
            if observed := sum(echo):
                expected = chance_echoes(own[col.table], values, entities)
                figures = (
                    f"{observed} of {len(values)} cleared hits of this column are in their "
                    f"own row's personal data; {expected:.1f} expected by chance"
                )
                chance = echoes_by_chance(observed, expected, len(values))
                rows = mark_hits(
                    rows,
                    maybe.filter(pl.Series(echo)),
                    "coincidence" if chance else None,
                    figures if chance else f"the row's own personal data ({figures})",
                )
        hit_rows += rows.height
        for reason, n in rows.group_by("reason").len().iter_rows():
            reasons[reason or "leak"] = reasons.get(reason or "leak", 0) + n
        for row, entity, value, reason, detail in rows.select(
            "row", "entity", "value", "reason", "detail"
        ).iter_rows():
            into = findings if reason is None else cleared
            if len(into) >= MAX_FINDINGS:
                continue
            entry = finding("leak", entity, col, row, ctx.pseudonymizer.digest(entity, value))
            if reason is not None:
                entry |= {"cleared": reason, "detail": detail}
            into.append(entry)
    leaks = reasons.pop("leak", 0)
    counts = {"values_searched": matcher.size, "hits": hit_rows, "leaks": leaks,
              "cleared": hit_rows - leaks}  # fmt: skip
    counts |= {f"cleared_{r.replace(' ', '_')}": n for r, n in sorted(reasons.items())}
    check = Check("leak_check", leaks == 0, counts, applicable=matcher.size > 0)
    return check, findings, cleared


def only_inside(text: str, value: str, regions: Sequence[tuple[int, int]]) -> bool:
    """Whether ``value`` is found in ``text`` (as the transform's known values find it:
    whole words, any case or accents) and only inside ``regions``."""
    if not regions:
        return False
    found = _occurrences(text, value)
    return bool(found) and all(inside(list(regions), s, e) for s, e, _, _ in found)


def _occurrences(text: str, value: str) -> list:
    """Where ``value`` stands in ``text`` as the transform's known values find it."""
    one = Matcher()
    one.add(value, "", 0)
    return one.find(text)


def in_fakes(col: OutputColumn, rows: pl.DataFrame) -> pl.DataFrame:
    """A town, a postcode, a first name or a street's name without a number, in free or
    technical text, that lies wholly inside a replacement is part of a fake the run
    wrote, cleared as in a column of fakes: "Sant'Angelo Del Pesco",
    drawn for a real town, holds "Angelo", some user's first name, and the word where the
    real town stood is the fake's. A hit anywhere outside a replacement stays a leak, and
    so does a value the text search cannot place (another spelling): never cleared on a
    guess. Other entities (a surname, an e-mail, a street with its number) are never
    cleared this way (``clearance.place_alone``)."""
    maybe = rows.filter(pl.col("reason").is_null())
    if not maybe.height:
        return rows
    faked = [
        place_alone(entity, value) and only_inside(col.texts[row], value, col.region(row))
        for row, entity, value in maybe.select("row", "entity", "value").iter_rows()
    ]
    cleared = maybe.filter(pl.Series(faked, dtype=pl.Boolean))
    rows = mark_hits(rows, cleared, "place or first name", IN_A_FAKE)
    # "University of Lake Aaron" written "University of Lake Carlos" (the fake of "Aaron"),
    # where another candidate lives in Lake Carlos: every occurrence holds letters the run
    # wrote, so none was in the input where it stands; a chance meeting of a kept word and
    # a fake, as a fake drawn whole from the locale's short lists is.
    maybe = rows.filter(pl.col("reason").is_null())
    across = [
        place_alone(entity, value) and across_fakes(col.texts[row], value, col.region(row))
        for row, entity, value in maybe.select("row", "entity", "value").iter_rows()
    ]
    cleared = maybe.filter(pl.Series(across, dtype=pl.Boolean))
    return mark_hits(rows, cleared, "place or first name", ACROSS_A_FAKE)


def across_fakes(text: str, value: str, regions: Sequence[tuple[int, int]]) -> bool:
    """Whether ``value`` is found in ``text`` and every occurrence holds letters of a
    replacement (``regions``): made, in part at least, by the run's own fakes."""
    if not regions:
        return False
    found = _occurrences(text, value)
    return bool(found) and all(any(a < e and s < b for a, b in regions) for s, e, _, _ in found)


def mark_hits(
    rows: pl.DataFrame, marked: pl.DataFrame, reason: str | None, detail: str
) -> pl.DataFrame:
    """The ``marked`` hits of a column (echoes, hits inside fakes) get one decision: a
    leak (``reason`` None) or cleared."""
    keys = marked.select("row", "entity", "value").with_columns(mark=pl.lit(True))
    return (
        rows.join(keys, on=["row", "entity", "value"], how="left")
        .with_columns(
            reason=pl.when(pl.col("mark")).then(pl.lit(reason)).otherwise(pl.col("reason")),
            detail=pl.when(pl.col("mark")).then(pl.lit(detail)).otherwise(pl.col("detail")),
        )
        .drop("mark")
    )


class OwnPersonalValues(Mapping[str, pl.Series]):
    """Per table whose output rows line up with its input rows, each row's own personal
    input cells (for the leak check's echo rule). Built per table on first use: most runs
    never have a cleared hit in a kept column, and joining every personal cell of a big
    table into one string per row is not free."""

    def __init__(
        self, tables: Sequence[Table], results: dict[str, TableResult], plan: Plan
    ) -> None:
        self._tables: dict[str, tuple[pl.DataFrame, list[str], list[str]]] = {}
        for t in tables:
            if results[t.name].df.height != t.df.height:
                continue  # rows suppressed or out of step: no echo rule, hits stay leaks
            cols = [d.column for d in plan.tables[t.name]
                    if d.kind == "entity" and d.column in t.df.columns]  # fmt: skip
            self._tables[t.name] = (t.df, cols, naming_columns(plan.tables[t.name]))
        self._built: dict[str, pl.Series] = {}

    def __getitem__(self, name: str) -> pl.Series:
        if name not in self._built:
            df, cols, naming = self._tables[name]
            self._built[name] = own_values(df, cols, naming)
        return self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in self._tables

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


def _months_only(text: str, value: str) -> bool:
    """Is every whole-word occurrence of the one-word ``value`` in ``text`` a month
    written as one (``month_written``)?"""
    return _everywhere(text, value, lambda a, b: month_written(text, a, b))


def _firm_only(text: str, value: str) -> bool:
    """Is every whole-word occurrence of the one-word ``value`` in ``text`` followed by a
    firm's legal form, right after it or after the rest of the firm's name: up to three
    capitalised words or name particles ("Wouters van Eijndhoven NV", which the transform
    keeps whole when the model reads the name before the form)?"""
    return _everywhere(text, value, lambda _a, b: _firm_name_ends(text, b))


_FIRM_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")


def _firm_name_ends(text: str, at: int) -> bool:
    for _ in range(4):
        if legal_form_at(text, at):
            return True
        word = _FIRM_WORD.match(text, at)
        if word is None or not (word.group(1)[0].isupper() or word.group(1) in NAME_PARTICLES):
            return False
        at = word.end()
    return False


#: A surname's prefix joined by an apostrophe ("O'Connor", "D'Angelo", "L'Estrange").
_NAME_PREFIX = re.compile(r"(?<![\w'’])[OoDdLl]['’]\Z")


def _lower_only(text: str, value: str) -> bool:
    """Is every whole-word occurrence of the one-word ``value`` in ``text`` in lower case?"""
    return _everywhere(text, value, lambda a, b: text[a:b].islower())


def _after_prefix_only(text: str, value: str) -> bool:
    """Is every whole-word occurrence of the one-word ``value`` in ``text`` the second half
    of a prefixed surname ("O'Connor" holds "Connor")?"""
    return _everywhere(text, value, lambda a, _b: bool(_NAME_PREFIX.search(text, 0, a)))


def unkeyed_short_number(text: str, entity: str, value: str, start_keyed: bool = False) -> bool:
    """Is ``value`` a short-number id (``short_number_id``) with no key before it at any
    of its places in ``text``? The gate clears such a hit in text, and settling's leak
    test of a fake asks the same of the fake (``text_checks._gate_would_find``), where a
    place at the start counts as keyed (``start_keyed``): the text a fake lands in may
    put a key right before it ("neighbour: 2078 Sophia Springs")."""
    return short_number_id(entity, value) and _everywhere(
        text, value, lambda a, _b: not (start_keyed and a == 0) and not keyed_at(text, a)
    )


def _everywhere(text: str, value: str, test: Callable[[int, int], bool]) -> bool:
    """Does ``test`` hold at every whole-word occurrence (start, end) of the one-word
    ``value`` in ``text``, any case (and is there one)? Whole words as the search finds
    them: a character of a script written without spaces is a word of its own, so
    "6383" in "電話番号は39-3721-6383です" is one (under ``\\w`` it was none, and a short
    number the search found there was judged nowhere)."""
    v = value.strip()
    if not v or " " in v:
        return False
    before = rf"(?<!{SPACED_WORD})" if re.match(SPACED_WORD, v[0]) else ""
    after = rf"(?!{SPACED_WORD})" if re.match(SPACED_WORD, v[-1]) else ""
    word = re.compile(before + re.escape(v) + after, re.IGNORECASE)
    spots = [m.span() for m in word.finditer(text)]
    return bool(spots) and all(test(a, b) for a, b in spots)
