"""Person names, faked part by part through the name-part registry.

A full name is split into parts with a role each (first names, then the surname; a comma
turns that round), titles, suffixes and particles ("Dr.", "Jr.", "van der", Irish "Ó" and
"Ní", "Mac") are kept as written, and every part maps through the registry, so "Maria"
fakes alike alone, in a full name and in an e-mail address. A part is keyed on its fold
(``detect/spelling.py``), so "O'Connell" and "OConnell" are one surname, and an initial next to a
known surname takes the initial of the fake of the first name the bundle gives that
surname ("T. Ó Súilleabháin" next to "Tomás Ó Súilleabháin").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import ClassVar

import polars as pl

from anonymizers.detect.spelling import APOSTROPHES, NAME_JOINERS, fold_word
from anonymizers.pseudonymise.draw import Draw
from anonymizers.pseudonymise.generators.base import Generator
from anonymizers.pseudonymise.name_parts import NameParts
from anonymizers.pseudonymise.name_pools import LETTER_RUN, Role

_WORD = re.compile(r"\S+")
_SIMPLE_NAME = re.compile(r"[^\W\d_]{2,}(?: [^\W\d_]{2,}){1,3}")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
_NO_APOSTROPHE = str.maketrans("", "", APOSTROPHES)
#: A plain name of two to four words of Latin letters, written without spaces around it
#: (``_SIMPLE_NAME`` for these letters): letters whose case folding is not their lower
#: case (ß, ſ, ŉ, ǰ) are left to the general path, which folds them.
_LATIN = "A-Za-zÀ-ÖØ-Þà-öø-ňŊ-žƀ-ǯǱ-ɏ"
_LATIN_NAME = f"^[{_LATIN}]{{2,}}(?: [{_LATIN}]{{2,}}){{1,3}}$"
#: A full name of Latin words (letter runs joined by hyphens) and initials, ending in a word.
_LATIN_WORD = f"[{_LATIN}]{{2,}}(?:-[{_LATIN}]{{2,}})*"
_INITIALLED = re.compile(f"(?:(?:{_LATIN_WORD}|[A-Za-z]\\.) )+{_LATIN_WORD}")
#: Names from which a column's requests are read column-wise.
_COLUMN_FROM = 64


def simple_name(value: str) -> list[str] | None:
    """The words of a plain "First [Middle] Last" (no title, suffix, particle, initial or
    punctuation), else None: the fast path of ``fake_name``."""
    if not _SIMPLE_NAME.fullmatch(value):
        return None
    words = value.split(" ")
    folded = [w.casefold() for w in words]
    if folded[0] in _TITLES or folded[-1] in _SUFFIXES or not NAME_JOINERS.isdisjoint(folded[1:-1]):
        return None
    return words


def fake_name(names: NameParts, value: str, attempt: int, forced: Role | None) -> str:
    """The fake of a name: every part in the role ``forced`` gives it, or in the role its
    place in the name gives it (``forced`` None: a full name)."""
    if forced is None and (words := simple_name(value)):  # fast path: "Maria Garcia"
        *firsts, last = words
        return " ".join(
            [
                *(names.part(w, "first", attempt) for w in firsts),
                names.part(last, "last", attempt),
            ]
        )
    words = [[m.start(), m.group()] for m in _WORD.finditer(value)]
    cores = [w.rstrip(",.;:") for _, w in words]
    i, j = 0, len(words)
    if forced is None:
        while i < j - 1 and cores[i].casefold() in _TITLES:
            i += 1
        while j > i + 1 and cores[j - 1].casefold() in _SUFFIXES:
            j -= 1
    n = j - i
    comma = next((k for k in range(i, j - 1) if words[k][1][len(cores[k]) :][:1] == ","), None)
    roles: list[Role]
    if forced:
        roles = [forced] * n
    elif comma is not None:
        roles = ["last"] * (comma - i + 1) + ["first"] * (j - comma - 1)
    elif n == 1:
        roles = ["first" if i == 0 and names.is_first(cores[i].casefold()) else "last"]
    else:
        roles = ["first"] * (n - 1) + ["last"]
    if forced:
        particle_span = range(i, j - 1)
    elif comma is not None:
        particle_span = [*range(i, comma), *range(comma + 1, j - 1)]
    else:
        particle_span = range(i + 1, j - 1)
    last_key = _surname_key(cores, roles, i, j) if attempt == 0 else None
    out: list[str] = []
    pos = 0
    for k in range(i, j):
        start, core = words[k][0], cores[k]
        if k in particle_span and core.casefold() in NAME_JOINERS:
            continue  # "van", "de la", "and": kept as written, like titles and suffixes
        if _pronouns(core):
            continue  # "Dennis 🌈 (he/him)": the pronouns a display name gives, kept
        out.append(value[pos:start])
        initial = None
        if last_key and roles[k - i] == "first" and len(fold_word(core)) == 1:
            initial = names.initial_of(fold_word(core), last_key)
        if initial is not None:
            out.append(initial.upper() if core.isupper() else initial.lower())
        else:
            out.append(_map_word(names, core, roles[k - i], attempt))
        pos = start + len(core)
    out.append(value[pos:])
    return "".join(out)


def _initialled_keys(core: str) -> tuple[tuple[str, str], ...] | None:
    """What ``fake_name`` asks of the registry for a full name of Latin words (each of
    runs of two letters or more, joined by hyphens) and initials ("A."), with no title,
    suffix or comma, else None: each word's letter runs in its role, and each initial's
    pairing (skipped, as a particle, where the letter is one in the middle)."""
    if not _INITIALLED.fullmatch(core):
        return None
    cores = [w.rstrip(",.;:") for w in core.split(" ")]
    if cores[0].casefold() in _TITLES or cores[-1].casefold() in _SUFFIXES:
        return None
    folds = [fold_word(c) for c in cores]
    n = len(cores)
    initial = [len(c) == 1 for c in cores]
    if any(len(f) < 2 for f, i in zip(folds, initial, strict=True) if not i):
        return None  # a word that folds to one letter: the general path's
    last_key = folds[-1] if any(initial) else None
    keys: list[tuple[str, str]] = []
    for k, c in enumerate(cores):
        if 0 < k < n - 1 and c.casefold() in NAME_JOINERS:
            continue  # kept as written
        if initial[k]:
            if last_key:  # (without a pairing the letter is drawn: nothing registered)
                keys.append(("initial", f"{folds[k]} {last_key}"))
            continue
        role = "last" if k == n - 1 else "first"
        keys.extend((role, run) for run in LETTER_RUN.findall(c))
    return tuple(keys)


def _surname_key(cores: list[str], roles: list[Role], i: int, j: int) -> str | None:
    """The folded surname of a name with a lone initial in it ("T. Ó Súilleabháin"), else
    None (no lookup for the common case of a name without initials)."""
    if not any(len(fold_word(c)) == 1 for c in cores[i:j]) or roles[j - 1 - i] != "last":
        return None
    return fold_word(cores[j - 1]) or None


#: Pronouns a display name gives after the name ("(she/her)", "they/them").
_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "they", "them", "their",
                       "theirs", "xe", "xem", "ze", "zir", "hir", "it", "its", "any",
                       "all"})  # fmt: skip


def _pronouns(word: str) -> bool:
    """A word of pronouns only, joined by slashes ("(he/him)", "she/they")."""
    runs = LETTER_RUN.findall(word)
    return "/" in word and bool(runs) and all(r.casefold() in _PRONOUNS for r in runs)


def _map_word(names: NameParts, word: str, role: Role, attempt: int) -> str:
    if any(a in word for a in APOSTROPHES):
        joined = word.translate(_NO_APOSTROPHE)
        if LETTER_RUN.fullmatch(joined):  # "O'Connell" is one part, keyed as "OConnell"
            return names.part(word, role, attempt)
    out: list[str] = []
    pos = 0
    for m in LETTER_RUN.finditer(word):
        run, end = m.group(), m.end()
        particle = len(run) <= 2 and word[end : end + 1] in ("'", "’") and end + 1 < len(word)
        out.append(word[pos : m.start()])
        out.append(run if particle else names.part(run, role, attempt))
        pos = end
    out.append(word[pos:])
    return "".join(out)


def learn_initials(names: NameParts, values: Iterable[str]) -> None:
    """Teach the registry which first name goes with which surname, by initial, from the
    bundle's full names ("Tomás Ó Súilleabháin"), so "T. Ó Súilleabháin" elsewhere gets
    the initial of Tomás's fake."""
    for value in values:
        if (pair := initial_pair(value)) is not None:
            names.pair_initial(*pair)


def initial_pair(value: str) -> tuple[str, str] | None:
    """(folded surname, folded first name) of a full name that can teach an initial, else
    None. Only names of the usual "First … Last" order count. A partitioned run works
    these out on the workers (``partitioned/initials.py``)."""
    if "," in value:
        return None
    cores = [w.rstrip(",.;:") for w in value.split()]
    while cores and cores[0].casefold() in _TITLES:
        cores = cores[1:]
    while len(cores) > 1 and cores[-1].casefold() in _SUFFIXES:
        cores = cores[:-1]
    if len(cores) < 2:
        return None
    first, last = fold_word(cores[0]), fold_word(cores[-1])
    if len(first) > 1 and len(last) > 1 and first.isalpha():
        return last, first
    return None


class _NameGenerator(Generator):
    """Names key each part, not the value: no value draw, and faked in order (the
    registry is first come, first served)."""

    keyed = False
    ordered = True
    role: ClassVar[Role | None] = None

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        return fake_name(self.ctx.names, core, attempt, self.role)


class PersonName(_NameGenerator):
    """A full name: first names, then the surname ("Garcia, Maria" the other way round)."""

    entities = ("PERSON",)

    def request_keys(self, core: str) -> tuple[tuple[str, str], ...] | None:
        """A plain name's words in their roles: its parts are all it asks for. A name
        with initials or double-barrelled words ("Maria A. Garcia-Lopez") asks its
        words' letter runs and, per initial, the first name the bundle pairs with its
        surname by that initial (``initial_of``: "initial" pieces)."""
        words = simple_name(core)
        if words is None:
            return _initialled_keys(core)
        return (*(("first", w) for w in words[:-1]), ("last", words[-1]))

    def column_requests(self, values: Sequence[str]) -> Sequence[str]:
        """Plain names of Latin letters ("Maria Garcia", "Susi Mälzer") read column-wise:
        their words, in their roles, asked once each; returns the other values."""
        if len(values) < _COLUMN_FROM:
            return values
        frame = pl.DataFrame({"v": pl.Series(values, dtype=pl.String)}).with_row_index("row")
        words = (
            frame.filter(pl.col("v").str.contains(_LATIN_NAME))
            .with_columns(pl.col("v").str.split(" ").alias("w"))
            .with_columns(pl.col("w").list.eval(pl.element().str.to_lowercase()).alias("f"))
        )
        # A title first, a suffix last or a particle between: the general path's.
        plain = words.filter(
            ~pl.col("f").list.first().is_in(sorted(_TITLES))
            & ~pl.col("f").list.last().is_in(sorted(_SUFFIXES))
            & ~pl.col("f")
            .list.slice(1, pl.col("f").list.len() - 2)
            .list.eval(pl.element().is_in(sorted(NAME_JOINERS)))
            .list.any()
        )
        n = pl.col("w").list.len()
        firsts = plain.select(pl.col("w").list.head(n - 1)).explode("w")["w"].unique()
        lasts = plain.select(pl.col("w").list.last())["w"].unique()
        for piece in sorted(firsts.to_list()):
            self.ask("first", piece)
        for piece in sorted(lasts.to_list()):
            self.ask("last", piece)
        done = set(plain["row"].to_list())
        return [v for i, v in enumerate(values) if i not in done]

    def ask(self, kind: str, piece: str) -> None:
        if kind == "initial":
            letter, _, last = piece.partition(" ")
            self.ctx.names.initial_of(letter, last)
        else:
            self.ctx.names.part(piece, kind, 0)  # type: ignore[arg-type]


class FirstName(_NameGenerator):
    """A first-name column: every part a first name ("Anne Marie")."""

    entities = ("FIRST_NAME",)
    role = "first"


class LastName(_NameGenerator):
    """A surname column: every part a surname ("Smith-Jones")."""

    entities = ("LAST_NAME",)
    role = "last"
