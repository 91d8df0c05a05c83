"""Exact search for original values in text: one Aho-Corasick automaton, whole words.

Shared by the transform (a fake must not contain any real value of the bundle) and by
verification (no real value may remain in the output), so both sides agree on what
"contains" means. Names and places are matched as written, upper-cased and title-cased,
so the everyday word "will" is not taken for the surname "Will"; everything else is
matched case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import ahocorasick

CASE_SENSITIVE = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME", "LOCATION", "ORGANIZATION"})


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


class LeakMatcher:
    """Finds any of many original values, as whole words, in many texts."""

    def __init__(self, targets: Mapping[str, Iterable[str]], min_length: int) -> None:
        self._auto = ahocorasick.Automaton()
        self.size = 0
        for entity, values in targets.items():
            folded = entity not in CASE_SENSITIVE
            for value in values:
                if len(value.strip()) < min_length:
                    continue
                self.size += 1
                forms = {value.lower()} if folded else {value, value.upper(), value.title()}
                for form in forms:
                    self._auto.add_word(form, (entity, value, folded, len(form)))
        if self.size:
            self._auto.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, entity, original value) of every whole-word occurrence."""
        if not self.size or not text:
            return []
        hits = []
        lowered = _lower_same_length(text)
        for hay, want_folded in ((text, False), (lowered, True)):
            for end, (entity, value, folded, size) in self._auto.iter(hay):
                start = end - size + 1
                if folded == want_folded and bounded(text, start, end + 1):
                    hits.append((start, end + 1, entity, value))
        return hits
