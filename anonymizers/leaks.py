"""Exact search for original values in text: one Aho-Corasick automaton, whole words.

Shared by the transform (a fake must not contain any real value of the bundle) and by
verification (no real value may remain in the output), so both sides agree on what
"contains" means. Names and places are matched as written, upper-cased and title-cased,
so the everyday word "will" is not taken for the surname "Will"; everything else is
matched case-insensitively.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping

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
    """Finds any of many original values, as whole words, in many texts.

    The automaton stores a plain int per form (STORE_INTS, a signed 32-bit slot), the
    form's id; parallel arrays give its value and length. A Python tuple per form was most
    of the automaton's memory and a third of its build time at a million rows."""

    def __init__(self, targets: Mapping[str, Iterable[str]], min_length: int) -> None:
        self._auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._entities: list[str] = []
        self._folded: list[bool] = []
        self._entity_of = array("H")  # value index → entity index
        self._values: list[str] = []
        self._form_value = array("L")  # form id → value index
        self._form_len = array("L")  # form id → length of the form
        for entity, values in targets.items():
            folded = entity not in CASE_SENSITIVE
            eix = len(self._entities)
            self._entities.append(entity)
            self._folded.append(folded)
            for value in values:
                if len(value.strip()) < min_length:
                    continue
                ix = len(self._values)
                self._values.append(value)
                self._entity_of.append(eix)
                forms = (value.lower(),) if folded else {value, value.upper(), value.title()}
                for form in forms:
                    self._add(form, ix)
        self.size = len(self._values)
        if self.size:
            self._auto.make_automaton()

    def _add(self, form: str, ix: int) -> None:
        # The same form for another value overwrites the id: the later value wins.
        fid = len(self._form_value)
        if fid >= 2**31 - 1:
            raise OverflowError("more than 2**31 leak-check forms; split the bundle")
        self._form_value.append(ix)
        self._form_len.append(len(form))
        self._auto.add_word(form, fid)

    def _hits(self, text: str) -> Iterator[tuple[int, int, str, str]]:
        lowered = _lower_same_length(text)
        passes = ((text, None),) if lowered == text else ((text, False), (lowered, True))
        for hay, want_folded in passes:
            for end, fid in self._auto.iter(hay):
                ix = self._form_value[fid]
                eix = self._entity_of[ix]
                if want_folded is not None and self._folded[eix] != want_folded:
                    continue
                start = end - self._form_len[fid] + 1
                if bounded(text, start, end + 1):
                    yield start, end + 1, self._entities[eix], self._values[ix]

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, entity, original value) of every whole-word occurrence."""
        if not self.size or not text:
            return []
        return list(self._hits(text))

    def contains(self, text: str) -> bool:
        """True at the first whole-word occurrence (the scrub asks only this)."""
        if not self.size or not text:
            return False
        return next(self._hits(text), None) is not None
