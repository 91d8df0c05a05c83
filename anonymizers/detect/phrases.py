"""Lists the rules read that hold phrases or columns, not single words: birth cues
("date of birth"), id words, phone words, month names by language and number.

``words/`` holds one word a line; these lists need spaces ("geboren am", "ni number") or
several fields a line ("de 3 märz maerz"), so they live in ``phrases/`` with their own
reader: a line is one entry, ``#`` lines are comments (a file's first line says what it
is for), and entries are compared case-folded by the rules that read them.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def phrase_list(name: str) -> tuple[str, ...]:
    """The entries of ``phrases/<name>.txt``, in file order, spaces inside kept."""
    text = (files(__package__) / "phrases" / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(
        " ".join(line.split())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def phrase_halves(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The entries of ``phrases/<name>.txt`` before and after its ``---`` line: cues that
    say what follows whatever it is, and cues that also start plain phrases."""
    entries = phrase_list(name)
    cut = entries.index("---")
    return entries[:cut], entries[cut + 1 :]
