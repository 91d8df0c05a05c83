"""Values from the bundle's structured columns, found again in free text as whole words.

A value seen in a structured column (a customer's name, phone or id) is certain, and NER
misses exactly those in chat text (a lone "Priya", an order id, a name in capitals), so
an Aho-Corasick pass over every known value runs before any model.
"""

from __future__ import annotations

import re

import ahocorasick

from anonymizers.detect.known_ids import IdCores
from anonymizers.detect.lexicon import TITLE_WORDS, is_common_word
from anonymizers.detect.spans import NAME_ENTITIES, Span
from anonymizers.policy import Policy


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


class Matcher:
    """Case-insensitive whole-word dictionary search; longest match wins."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, int]] = {}
        self._auto: ahocorasick.Automaton | None = None

    def add(self, value: str, entity: str, rank: int) -> None:
        key = _lower_same_length(" ".join(value.split()))
        if not key:
            return
        old = self._entries.get(key)
        if old is None or rank < old[1]:
            self._entries[key] = (entity, rank)
            self._auto = None

    def __len__(self) -> int:
        return len(self._entries)

    def _automaton(self) -> ahocorasick.Automaton:
        if self._auto is None:
            auto = ahocorasick.Automaton()
            for key, (entity, rank) in self._entries.items():
                auto.add_word(key, (len(key), entity, rank, key))
            auto.make_automaton()
            self._auto = auto
        return self._auto

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, entity, key) for each whole-word match, longest first, no overlaps."""
        if not self._entries or not text:
            return []
        low = _lower_same_length(text)
        # Collapse whitespace runs so "Greta  Kowalski" and "Greta\nKowalski" still match.
        hits: list[tuple[int, int, str, int, str]] = []
        for end_idx, (length, entity, rank, key) in self._automaton().iter(low):
            start, end = end_idx - length + 1, end_idx + 1
            if _is_word(key[0]) and start > 0 and _is_word(low[start - 1]):
                continue
            if _is_word(key[-1]) and end < len(low) and _is_word(low[end]):
                continue
            hits.append((start, end, entity, rank, key))
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[3], h[0]))
        taken: list[tuple[int, int, str, str]] = []
        for start, end, entity, _rank, key in hits:
            if all(end <= s or start >= e for s, e, _, _ in taken):
                taken.append((start, end, entity, key))
        return sorted(taken)


#: Ranks: lower wins when the same string is known under two entity types.
_RANK = {"PERSON": 0, "EMAIL_ADDRESS": 1, "ID": 2, "LAST_NAME": 5, "FIRST_NAME": 6}
_PHONE_CANDIDATE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{5,22}\d(?!\w)")


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


class KnownValues:
    """Values from the bundle's structured sensitive columns, to find again in free text.

    A name column value becomes the full name (PERSON) plus its parts (FIRST_NAME /
    LAST_NAME), so "Priya" in a chat is found when the customers table has "Priya Nair".
    Phones are compared as digits, so "(415) 555-0134" finds "415.555.0134" and "+1 415
    555 0134"."""

    def __init__(self, policy: Policy) -> None:
        self.min_length = policy.detection.min_known_length
        self._matcher = Matcher()
        self._phones: dict[str, str] = {}
        self._id_cores = IdCores()

    def __len__(self) -> int:
        return len(self._matcher) + len(self._phones) + len(self._id_cores)

    def add(self, entity: str, value: str) -> None:
        """Remember one structured value of ``entity`` type."""
        if value is None:
            return
        value = " ".join(str(value).split())
        if not value:
            return
        if entity == "PHONE_NUMBER":
            digits = _digits(value)
            if len(digits) >= 7:
                self._phones[digits[-10:]] = entity
            if len(value) >= max(self.min_length, 7):
                self._matcher.add(value, entity, 3)
            return
        if entity in NAME_ENTITIES:
            self._add_name(entity, value)
            return
        if len(value) >= self.min_length:
            self._matcher.add(value, entity, _RANK.get(entity, 4))
        if entity == "ID":
            self._id_cores.add(value)

    def _add_name(self, entity: str, value: str) -> None:
        if "," in value and entity == "PERSON":
            last, _, first = value.partition(",")
            value_parts = [*first.split(), *last.split()]
            self._matcher.add(f"{first.strip()} {last.strip()}", "PERSON", 0)
        else:
            value_parts = value.split()
        parts = [p.strip(".") for p in value_parts if p.strip(".").lower() not in TITLE_WORDS]
        if entity == "PERSON" and len(parts) >= 2:
            self._matcher.add(value, "PERSON", 0)
            self._matcher.add(" ".join(parts), "PERSON", 0)
        for i, part in enumerate(parts):
            if len(part) < self.min_length or not any(c.isalpha() for c in part):
                continue
            if entity == "PERSON":
                ent = "FIRST_NAME" if i < len(parts) - 1 or len(parts) == 1 else "LAST_NAME"
            else:
                ent = entity
            self._matcher.add(part, ent, _RANK[ent])
            # Hyphenated parts also appear alone ("Ashby-Fenwick" → "Ashby").
            for sub in re.split(r"-", part) if "-" in part else ():
                if len(sub) >= self.min_length:
                    self._matcher.add(sub, ent, _RANK[ent])

    def find(self, text: str) -> list[Span]:
        """Known values in ``text``: whole words, case-insensitive, longest match wins."""
        spans: list[Span] = []
        for start, end, entity, key in self._matcher.find(text):
            if entity in NAME_ENTITIES and not self._part_ok(text[start:end], key):
                continue
            spans.append(Span(start, end, entity, 1.0, "known"))
        if self._phones:
            for m in _PHONE_CANDIDATE.finditer(text):
                digits = _digits(m.group(0))
                if len(digits) >= 7 and digits[-10:] in self._phones:
                    s, e = m.start(), m.end()
                    if all(e <= x.start or s >= x.end for x in spans):
                        spans.append(Span(s, e, "PHONE_NUMBER", 1.0, "known"))
        for s, e, value in self._id_cores.find(text):
            if all(e <= x.start or s >= x.end for x in spans):
                spans.append(Span(s, e, "ID", 1.0, "known", stands_for=value))
        return sorted(spans)

    @staticmethod
    def _part_ok(found: str, key: str) -> bool:
        """A name part that is also an everyday word ('Will', 'Grant') counts only when
        the text capitalises it — in lower case it is the word, not the person."""
        if not any(is_common_word(w) for w in key.split()):
            return True
        return all(w[:1].isupper() for w in found.split())
