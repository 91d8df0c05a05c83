"""E-mail addresses read column-wise: the name words of a whole column's local parts,
with the role each word has, split and classified in polars, so the registry is asked
once per distinct (word, role) rather than once per address.

A partitioned run asks, for each partition's e-mail column, which name parts faking it
will register (``Pseudonymizer.part_requests``); one address at a time that is a regex
split and a few list walks per address, millions of times. Here the column is split in
one polars pass and only its distinct words reach Python. The words and roles are those
``generators/contact._email_names`` gives one address ("maria.garcia12" → maria as a
first name, garcia as the surname; a lone word by the locale's lists), for the plain
addresses this reads: printable ASCII without spaces, one ``@``, a dotted domain. Every
other value is left to the value-by-value path, which reads any spelling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from anonymizers.pseudonymise.name_parts import NameParts

#: A plain address: printable ASCII, no space, one ``@`` and a dot in the domain, with a
#: letter or digit somewhere (a value without one has nothing to fake).
PLAIN_ADDRESS = r"^[\x21-\x3f\x41-\x7e]+@[\x21-\x3f\x41-\x7e]+\.[\x21-\x3f\x41-\x7e]+$"
_ALNUM = r"[A-Za-z0-9]"
#: A local part (before any ``+``) whose words are all letters then digits, none empty:
#: ``_EMAIL_SEP`` and ``_EMAIL_PIECE`` of ``contact.py`` in one pattern.
_NAMED = r"^(?:[A-Za-z]+[0-9]*|[0-9]+)(?:[._-](?:[A-Za-z]+[0-9]*|[0-9]+))*$"
_SEP = r"[._-]"


def plain_addresses(values: Sequence[str]) -> pl.DataFrame:
    """Row, local part before any ``+``, and domain of each plain address of ``values``
    (the rows left out are for the value-by-value path)."""
    s = pl.Series("v", values, dtype=pl.String)
    frame = pl.DataFrame({"v": s}).with_row_index("row")
    plain = frame.filter(pl.col("v").str.contains(PLAIN_ADDRESS) & pl.col("v").str.contains(_ALNUM))
    return plain.select(
        "row",
        pl.col("v").str.extract(r"^([^@]+)@").str.extract(r"^([^+]*)").alias("base"),
        pl.col("v").str.extract(r"@(.+)$").alias("domain"),
    )


def named_words(bases: pl.Series, first: frozenset[str], last: frozenset[str]) -> pl.DataFrame:
    """One row per name word of the distinct name-like local parts among ``bases``: the
    local part's number (``i``), the word's place (``k``), its letters (``name``) and
    its role.
    A local part of one word is a name only if a list knows it (first names first);
    of several, the last word of two letters or more is the surname, the others first
    names. Words of digits only have no name."""
    # The words' letters and places are all that count: digits after a word's letters
    # are dropped, so "maria.garcia12" and "maria.garcia" are read once.
    named = bases.filter(bases.str.contains(_NAMED))
    skeletons = named.str.replace_all(r"([A-Za-z])[0-9]+", "$1").unique()
    frame = pl.DataFrame({"base": skeletons}).with_row_index("i")
    words = (
        frame.with_columns(
            pl.col("base").str.replace_all(_SEP, "\x00").str.split("\x00").alias("w")
        )
        .explode("w")
        .with_columns(
            pl.int_range(pl.len()).over("i").alias("k"),
            pl.col("w").str.extract(r"^([A-Za-z]*)").alias("name"),
        )
        .with_columns(
            pl.when(pl.col("name").str.len_bytes() >= 2)
            .then(pl.col("k"))
            .max()
            .over("i")
            .alias("last_k"),
            pl.len().over("i").alias("n"),
        )
        .filter(pl.col("last_k").is_not_null())
    )
    lower = pl.col("name").str.to_lowercase()
    single = (
        pl.when(lower.is_in(sorted(first)))
        .then(pl.lit("first"))
        .when(lower.is_in(sorted(last)))
        .then(pl.lit("last"))
    )
    role = (
        pl.when(pl.col("n") == 1)
        .then(single)
        .when(pl.col("k") == pl.col("last_k"))
        .then(pl.lit("last"))
        .otherwise(pl.lit("first"))
    )
    words = words.with_columns(role.alias("role"))
    # A lone word no list knows is no name: its local part asks nothing.
    words = words.filter(pl.col("role").is_not_null().all().over("i"))
    return words.filter(pl.col("name") != "").select("i", "k", "name", "role")


def ask_words(names: NameParts, words: pl.DataFrame) -> None:
    """Ask the registry for each local part's name words, in their roles, as faking each
    address would: word by word, and no further in a local part once a word's fake has
    no ASCII letter left (the address is then faked character by character). Each
    distinct (word, role) is asked once per place."""
    alive = words
    k = 0
    while alive.height:
        here = alive.filter(pl.col("k") == k)
        pairs = here.select("name", "role").unique()
        empty = [
            (name, role)
            for name, role in pairs.iter_rows()
            if not names.ascii_part(name, role)  # (records the request, if recording)
        ]
        if empty:
            bad = pl.DataFrame(empty, schema=["name", "role"], orient="row")
            stopped = here.join(bad, on=["name", "role"], how="semi")["i"]
            alive = alive.filter(~pl.col("i").is_in(stopped.implode()))
        alive = alive.filter(pl.col("k") > k)
        k += 1


def column_requests(
    names: NameParts, values: Sequence[str], domain: Callable[[str], object]
) -> list[str]:
    """Ask what faking the plain addresses of ``values`` asks of the registry (their
    local parts' name words, and each distinct domain through ``domain``); returns the
    other values, for the value-by-value path."""
    plain = plain_addresses(values)
    for d in plain["domain"].unique().sort().to_list():
        domain(d)
    pools = names.pools
    ask_words(names, named_words(plain["base"], pools.first_set, pools.last_set))
    done = set(plain["row"].to_list())
    return [v for i, v in enumerate(values) if i not in done]
