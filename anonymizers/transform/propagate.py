"""A name NER found once is a name everywhere, if NER itself mostly agrees.

NER sees each text alone and misses some mentions ("Delacruz" tagged in one comment, not
in the next). Consistency demands the same value be replaced everywhere, so capitalised
NER names and places are searched for again, like known values. But a guess NER made in
a few of the many texts that hold the word ("Bike" read as a surname in two of sixty
product lists) is NER's mistake, not a name it missed elsewhere: spreading it would
rewrite every product list. A guess that the public name and place lists do not vouch for
is spread only when NER tagged it in a fair share (``SPREAD_SHARE``) of the texts that
hold it; a listed name ("Marija", which an English model tags in few German texts) is
spread as before. So is an id a rule found by its cue ("username kfischer", "account
553120", ``found_by_cue``), and a phone: their later mentions have no cue.

An address the rules read in one text is spread the same way (a town "Formia" the lists
vouch for, "Persevering 24/7" only where the texts agree): the gate searches every
detected address in every text, so an address replaced in one description and left in
the next was a leak, and one the texts do not agree on is no target (``rejected``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from anonymizers.detect.date_guard import months_stay
from anonymizers.detect.everyday import drop_everyday
from anonymizers.detect.known import KnownValues
from anonymizers.detect.lexicon import NAME_PARTICLES, listed_words
from anonymizers.detect.scripts import width
from anonymizers.detect.spans import NAME_ENTITIES, Span
from anonymizers.detect.spelling import fold
from anonymizers.detect.technical_tokens import technical_regions
from anonymizers.policy import Policy

#: Span sources that are no guess: a table's value, a pattern, a policy's recogniser or list.
CERTAIN = ("known", "pattern", "custom", "deny")
#: A guess is spread to other texts when NER tagged it in at least this share of the texts
#: that hold it (a name NER missed now and then is tagged in most of them).
SPREAD_SHARE = 1 / 3


def _spreadable(text: str, sp: Span, policy: Policy) -> bool:
    """A capitalised name or place guess, long enough to search for. A guess in the
    review band is one only when the name and place lists vouch for every word of it
    ("Ševčík" from the name list, read as a name where the tagger saw a proper noun): the
    gate counts such a value a real name wherever it is left, so it is spread where the
    texts agree (``SPREAD_SHARE``) and leaves the gate's targets where they do not ("Oak"
    of a few "Oak Desk Lamp"s). An unlisted one ("Trail Runner") is the gate's
    unconfirmed guess, and stays where it was found."""
    value = text[sp.start : sp.end]
    if found_by_cue(sp):
        return width(value) >= policy.detection.min_known_length
    return (
        sp.source not in CERTAIN
        and (not sp.review or _vouched(value))
        and sp.entity in (*NAME_ENTITIES, "LOCATION", "ADDRESS")
        and value[:1].isupper()
        and width(value) >= policy.detection.min_known_length
    )


def found_by_cue(sp: Span) -> bool:
    """An identifier or a phone number a pattern or a policy's recogniser found in a text,
    often by its cue (an account number after "account", a login after "username", a phone
    on a CV's contact line "Akhtar | a.marsden@example.net | +4428 9018652"): the same
    value in every other text, where no cue stands before it ("Referee Glen Parkinson
    (+4428 9018652)"). It is spread whatever the share (listed): left there, it would be a
    real value in the output."""
    return sp.entity in _BY_CUE and sp.source in ("pattern", "custom")


#: The entities ``found_by_cue`` spreads.
_BY_CUE = frozenset({"ID", "PHONE_NUMBER"})


@dataclass
class Guesses:
    """The spreadable NER guesses of some texts: their values by entity, in how many
    texts each (folded) was tagged, and those the public lists vouch for. Texts of
    different partitions add up (``merge``): a text is counted where it lies."""

    values: dict[str, set[str]] = field(default_factory=dict)
    tagged: Counter[str] = field(default_factory=Counter)
    listed: set[str] = field(default_factory=set)

    def merge(self, other: Guesses) -> None:
        for entity, values in other.values.items():
            self.values.setdefault(entity, set()).update(values)
        self.tagged.update(other.tagged)
        self.listed |= other.listed

    def known(self, policy: Policy) -> KnownValues:
        """The guesses as values to search for, added in sorted order: the same matcher
        whatever order the texts came in."""
        extra = KnownValues(policy)
        extra.guessed = True
        for entity in sorted(self.values):
            for value in sorted(self.values[entity]):
                extra.add(entity, value)
        return extra

    def rejected(self, held: Counter[str]) -> set[str]:
        """Folded guesses NER tagged in too few of the ``held`` texts that hold them."""
        return {k for k in self.tagged if not _agreed(self.tagged, held, self.listed, k)}


def guesses(
    cells: list[str], found: list[list[Span]], policy: Policy, skip: set[int] | None = None
) -> Guesses:
    """The guesses of ``found`` that may be spread to other texts (``skip``: technical
    text, which neither gives nor takes them)."""
    skip = skip or set()
    out = Guesses()
    for i, (text, spans) in enumerate(zip(cells, found, strict=True)):
        if i in skip:
            continue
        picked = [sp for sp in spans if _spreadable(text, sp, policy)]
        for sp in picked:
            out.values.setdefault(sp.entity, set()).add(text[sp.start : sp.end])
        values = {text[sp.start : sp.end] for sp in picked}
        out.tagged.update({fold(v) for v in values})
        # Listed, so spread whatever the share: a sure guess the lists vouch for. One in
        # the review band must be agreed on like any guess.
        sure = {text[sp.start : sp.end] for sp in picked if not sp.review}
        out.listed.update(fold(v) for v in sure if _vouched(v))
        out.listed.update(fold(text[sp.start : sp.end]) for sp in picked if found_by_cue(sp))
    return out


def candidates(
    cells: list[str], found: list[list[Span]], extra: KnownValues, skip: set[int] | None = None
) -> tuple[list[list[Span]], Counter[str]]:
    """Where the guesses ``extra`` occur outside ``found``'s spans (not inside a pasted
    user agent or path: 'Mac' of 'Intel Mac'), and in how many texts each (folded)
    occurs at all: ``Guesses.rejected`` weighs the two counts.

    The guesses are searched as known values are (``KnownValues.find``): a part that is
    an English word and no first name counts only where it is capitalised, so NER's
    "Interesting pattern", a person in word salad, no longer makes every "interesting"
    and "pattern" a name. (Asking every spread mention to be capitalised cost names
    written in lower case: 7 of 1,356 on the held-out support templates.)"""
    skip = skip or set()
    held: Counter[str] = Counter()
    out: list[list[Span]] = []
    for i, (text, spans) in enumerate(zip(cells, found, strict=True)):
        m = [] if i in skip or not len(extra) else extra.find(text)
        held.update({fold(text[x.start : x.end]) for x in m})
        more = [x for x in m if all(x.end <= s.start or x.start >= s.end for s in spans)]
        if more and (regions := technical_regions(text)):
            more = [x for x in more if not any(a <= x.start and x.end <= b for a, b in regions)]
        out.append(_not_everyday(text, more) if more else more)
    return out, held


def _not_everyday(text: str, more: list[Span]) -> list[Span]:
    """The candidates that are no everyday word where they stand: "Noël" guessed as the
    name of one customer is not spread into "chez elle pour Noël", nor "Will" into
    "I will", nor "June" into "Salary June 2025" (``detect/everyday.py`` and
    ``date_guard.months_stay`` judge a candidate as they judge a rule's guess)."""
    judged = months_stay(text, drop_everyday(text, [x._replace(source="rule") for x in more]))
    kept = {(x.start, x.end) for x in judged}
    return [x for x in more if (x.start, x.end) in kept]


def spread(
    cells: list[str], found: list[list[Span]], more: list[list[Span]], rejected: set[str]
) -> list[list[Span]]:
    """``found`` with each candidate whose guess was not ``rejected`` added."""
    out: list[list[Span]] = []
    for text, spans, m in zip(cells, found, more, strict=True):
        add = [x for x in m if fold(text[x.start : x.end]) not in rejected]
        out.append(sorted([*spans, *add]) if add else spans)
    return out


def _vouched(value: str) -> bool:
    """Every word of the guess (particles aside) is in the public name or place lists."""
    words = [w.lower() for w in value.split() if w.lower() not in NAME_PARTICLES]
    known = listed_words()
    return bool(words) and all(w in known for w in words)


def _agreed(tagged: Counter[str], held: Counter[str], listed: set[str], key: str) -> bool:
    """Did NER tag this value in a fair share of the texts that hold it? A listed name
    spreads whatever the share; a part of a tagged name ("Delacruz" of "Ana Delacruz")
    was never tagged alone: it counts as agreed."""
    if key not in tagged or key in listed:
        return True
    return tagged[key] >= SPREAD_SHARE * max(held[key], 1)
