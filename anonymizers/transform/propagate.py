"""A name NER found once is a name everywhere, if NER itself mostly agrees.

NER sees each text alone and misses some mentions ("Delacruz" tagged in one comment, not
in the next). Consistency demands the same value be replaced everywhere, so capitalised
NER names and places are searched for again, like known values. But a guess NER made in
a few of the many texts that hold the word ("Bike" read as a surname in two of sixty
product lists) is NER's mistake, not a name it missed elsewhere: spreading it would
rewrite every product list. A guess that the public name and place lists do not vouch for
is spread only when NER tagged it in a fair share (``SPREAD_SHARE``) of the texts that
hold it; a listed name ("Marija", which an English model tags in few German texts) is
spread as before.
"""

from __future__ import annotations

from collections import Counter

from anonymizers.detect.known import KnownValues
from anonymizers.detect.lexicon import NAME_PARTICLES, listed_words
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
    value = text[sp.start : sp.end]
    return (
        sp.source not in CERTAIN
        and not sp.review  # a guess in the review band is not spread to other cells
        and sp.entity in (*NAME_ENTITIES, "LOCATION")
        and value[:1].isupper()
        and len(value) >= policy.detection.min_known_length
    )


def propagate(
    cells: list[str], found: list[list[Span]], policy: Policy, skip: set[int] | None = None
) -> list[list[Span]]:
    """``found`` with each spreadable guess added where NER missed it. Cells in ``skip``
    (technical text) neither give nor take such guesses: a guess is no known value, and
    'Safari' guessed a place in a comment must not rewrite every user agent."""
    skip = skip or set()
    extra = KnownValues(policy)
    tagged: Counter[str] = Counter()
    listed: set[str] = set()
    for i, (text, spans) in enumerate(zip(cells, found, strict=True)):
        if i in skip:
            continue
        guesses = [sp for sp in spans if _spreadable(text, sp, policy)]
        for sp in guesses:
            extra.add(sp.entity, text[sp.start : sp.end])
        values = {text[sp.start : sp.end] for sp in guesses}
        tagged.update({fold(v) for v in values})
        listed.update(fold(v) for v in values if _vouched(v))
    if not len(extra):
        return found
    matches: list[list[Span]] = []
    held: Counter[str] = Counter()
    for i, text in enumerate(cells):
        m = [] if i in skip else extra.find(text)
        matches.append(m)
        held.update({fold(text[x.start : x.end]) for x in m})
    out: list[list[Span]] = []
    for text, spans, m in zip(cells, found, matches, strict=True):
        more = [
            x for x in m
            if all(x.end <= s.start or x.start >= s.end for s in spans)
            and _agreed(tagged, held, listed, fold(text[x.start : x.end]))
        ]  # fmt: skip
        if more and (regions := technical_regions(text)):
            # A guess is not spread into a pasted user agent or path ('Mac' of 'Intel Mac').
            more = [x for x in more if not any(a <= x.start and x.end <= b for a, b in regions)]
        out.append(sorted([*spans, *more]) if more else spans)
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
