"""What the leak check hunts for, built by verification itself from the input and the plan.

If the leak check searched only what the transform replaced, whatever the transform could
not see the check could not see either. So the gate's targets come from the input, from
three sources (the engine gathers them over every partition:
``partitioned/text_checks.GlobalTargets``):

- ``structured``: every value of every column the plan replaces, read from the input
  tables (and from the rows taken out for opted-out subjects, who must appear nowhere),
  and the core of each id that is distinctive enough to name it alone ("553120" of
  ``ACC-553120``, judged by chance among the bundle's ids: ``detect/known_ids.py``), so
  "my account number is 553120" left in a text is a leak;
- ``patterns``: every identifier the high-precision pattern sweep finds in the *input*
  free and technical text (e-mails, phones, cards, IBANs, IPs, SSNs), and every number a
  customer- or account-number word marks as a person's id
  (``detect/recognizers/account_numbers.py``), whether detection found it or not;
- ``detected``: spans the transform's detection found by known values or patterns, or
  NER guesses written with a capital or a digit (a lower-case guess such as "onboard" is
  replaced but is no identifier to hunt).

An NER guess is the weakest target: the model may call "Ciao" or "Viele Grüße" a person
in one text and not in the next. Such a guess found again elsewhere is a leak only when it
is *confirmed*: it is also a value from another source, holds a digit (and no letter of a
script written without spaces, ``detect/scripts.py``), or one of its words
is a known first name, surname or place (Faker's lists of every locale, ``lexicon``;
particles and stop words such as "del" or "van" confirm nothing).
Otherwise the hit is cleared as an unconfirmed guess and listed for the auditor.

A value with nothing to replace is no target: one without a letter or digit, or, for
entities made of digits (phones, cards), one without a digit ("N/A" in a phone column).
"""

from __future__ import annotations

import re
from collections import defaultdict

import polars as pl

from anonymizers.detect.known_ids import IdCores, core_key, distinctive_cores, split_id
from anonymizers.detect.lexicon import NAME_PARTICLES, listed_words
from anonymizers.detect.scripts import unspaced
from anonymizers.detect.spelling import fold
from anonymizers.verify.clearance import stop_words


def folded_words(values: dict[str, set[str]]) -> set[str]:
    """Every structured value and each of its words, folded."""
    out: set[str] = set()
    for vals in values.values():
        for v in vals:
            f = fold(v)
            out.add(f)
            out.update(re.findall(r"[^\W_]+", f))
    return out


class Targets:
    """entity → real values, with the number each source added (for the manifest)."""

    def __init__(self) -> None:
        self.by_entity: dict[str, set[str]] = defaultdict(set)
        self.sources: dict[str, int] = {"structured": 0, "patterns": 0, "detected": 0}
        #: (entity, value) of NER guesses; a value another source also gave is removed
        self._guesses: set[tuple[str, str]] = set()
        self._sure: set[tuple[str, str]] = set()
        self._names: frozenset[str] | None = None
        #: the bundle's ids, for their cores written in other forms ("553-120")
        self.ids = IdCores()
        self._id_entity: dict[str, str] = {}
        self._core_keys: set[str] = set()

    def add(self, source: str, entity: str, values: list[str], guess: bool = False) -> None:
        before = len(self.by_entity[entity])
        self.by_entity[entity].update(values)
        self.sources[source] += len(self.by_entity[entity]) - before
        (self._guesses if guess else self._sure).update((entity, v) for v in values)

    def add_ids(self, ids: dict[str, str]) -> None:
        """Ids of the input (value → entity): their distinctive cores are hunted as
        values, and in the forms a whole-word search misses (``id_forms``)."""
        for value, entity in ids.items():
            self.ids.add(value)
            self._id_entity[value] = entity
        for core, value in distinctive_cores(ids).items():
            self.add("structured", ids[value], [core])
            self._core_keys.add(core_key(core))

    def add_known_ids(self, ids: dict[str, str], counted: int) -> None:
        """Ids of the input (value → entity) whose cores were judged among ``counted``
        (a share of a bundle's ids: ``partitioned/target_index.py``); their distinctive
        cores are added by the caller (``core_keys_alone`` and ``add``)."""
        for value, entity in ids.items():
            self.ids.add(value)
            self._id_entity[value] = entity
        self.ids.reckon_with(counted)

    def core_keys_alone(self, cores: list[str]) -> None:
        """Cores judged distinctive over the whole bundle: ``id_forms`` hunts them."""
        self._core_keys.update(core_key(c) for c in cores)

    def id_forms(self, texts: pl.Series) -> pl.DataFrame:
        """(row, entity, value) of each distinctive core of an input id in ``texts``, in
        any form (grouped "553 120", joined "553-120", glued "acc553120"); ``value`` is
        the core as the id writes it, the same target the whole-word search reports."""
        rows: list[int] = []
        entities: list[str] = []
        values: list[str] = []
        if self._core_keys:
            # Only texts whose letters and digits hold a core go to the per-text search
            # (one Aho-Corasick pass over the column: most texts hold none).
            keys = (
                texts.str.replace_all(r"[^\p{L}\p{N}]", "")
                .str.to_lowercase()
                .str.contains_any(sorted(self._core_keys))
                .fill_null(False)
            )
            for i in keys.arg_true().to_list():
                for _s, _e, value in self.ids.find(texts[i], alone=True):
                    split = split_id(value)
                    rows.append(i)
                    entities.append(self._id_entity[value])
                    values.append(split[1] if split else value)
        return pl.DataFrame(
            {"row": rows, "entity": entities, "value": values},
            schema={"row": pl.UInt32, "entity": pl.String, "value": pl.String},
        )

    def name_words(self) -> frozenset[str]:
        """Folded words of the bundle's sure name values (structured, known, listed)."""
        if self._names is None:
            sure = {v for e, v in self._sure if e in ("PERSON", "FIRST_NAME", "LAST_NAME")}
            self._names = frozenset(folded_words({"names": sure}))
        return self._names

    def guess_only(self, entity: str, value: str) -> bool:
        """Did only NER give this target (no table, pattern or known value)?"""
        return (entity, value) in self._guesses and (entity, value) not in self._sure

    def unconfirmed(self, entity: str, value: str) -> bool:
        """Is this target only an NER guess that nothing else confirms?"""
        if (entity, value) not in self._guesses or (entity, value) in self._sure:
            return False
        if any(c.isdigit() for c in value) and not any(unspaced(c) for c in value):
            # A digit confirms "Flat 4B"; not "配達前に25", the English model's cut through
            # a Japanese sentence run into the phone number after it.
            return False
        words = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", value)}
        # Particles and stop words ("del", "van", "über") confirm nothing.
        words -= NAME_PARTICLES | stop_words()
        return not words & listed_words()
