"""Person names, faked part by part through the name-part registry.

A full name is split into parts with a role each (first names, then the surname; a comma
turns that round), titles, suffixes and particles ("Dr.", "Jr.", "van der") are kept as
written, and every part maps through the registry, so "Maria" fakes alike alone, in a
full name and in an e-mail address.
"""

from __future__ import annotations

import re
from typing import ClassVar

from anonymizers.pseudonymise.draw import Draw
from anonymizers.pseudonymise.generators.base import Generator
from anonymizers.pseudonymise.name_parts import NameParts
from anonymizers.pseudonymise.name_pools import LETTER_RUN, Role

_WORD = re.compile(r"\S+")
_SIMPLE_NAME = re.compile(r"[^\W\d_]{2,}(?: [^\W\d_]{2,}){1,3}")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "la", "le", "da", "di", "du", "dos",
     "das", "bin", "ibn", "al", "el", "ter", "ten"}
)  # fmt: skip


def fake_name(names: NameParts, value: str, attempt: int, forced: Role | None) -> str:
    """The fake of a name: every part in the role ``forced`` gives it, or in the role its
    place in the name gives it (``forced`` None: a full name)."""
    if forced is None and _SIMPLE_NAME.fullmatch(value):  # fast path: "Maria Garcia"
        words = value.split(" ")
        folded = [w.casefold() for w in words]
        if (
            folded[0] not in _TITLES
            and folded[-1] not in _SUFFIXES
            and _PARTICLES.isdisjoint(folded[1:-1])
        ):
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
    out: list[str] = []
    pos = 0
    for k in range(i, j):
        start, core = words[k][0], cores[k]
        if k in particle_span and core.casefold() in _PARTICLES:
            continue  # "van", "de la": kept as written, like titles and suffixes
        out.append(value[pos:start])
        out.append(_map_word(names, core, roles[k - i], attempt))
        pos = start + len(core)
    out.append(value[pos:])
    return "".join(out)


def _map_word(names: NameParts, word: str, role: Role, attempt: int) -> str:
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


class FirstName(_NameGenerator):
    """A first-name column: every part a first name ("Anne Marie")."""

    entities = ("FIRST_NAME",)
    role = "first"


class LastName(_NameGenerator):
    """A surname column: every part a surname ("Smith-Jones")."""

    entities = ("LAST_NAME",)
    role = "last"
