"""The narrow encoder: the tags spaCy gives each window, from fewer rows."""

from __future__ import annotations

import random

import pytest

from anonymizers.detect.narrow_tags import NarrowTagger
from anonymizers.detect.tagging import WindowTagger

TEXTS = (
    "Hi Marisol,\n\nThanks for getting back to me. Will you call Dr. Okafor before Friday? "
    "My neighbour Jolanta K Nowak signed for the parcel at 14 Harbor Street, Leeds.\n\n"
    "Kind regards,\nDEBRA WILLIAMS",
    "spoke to grace about the refund; mark said the bill was wrong. rose will check it",
    "Agent (Tomasz): Updated, Colette. Priya Raman from billing will confirm by May 3. "
    "Sandy roads near Summer Lane delayed the courier, and Frank was frank about it.",
    "Guten Tag, die Rücksendung an Herrn Jantine van Dijk in Köln ist angekommen.",
    "Bonjour, merci Émile ! Margaud indique que son mari Thierry passera mardi.",
    "Priya",
    "Call Mark",
)


def _tags(nlp, wanted_of, narrow: bool) -> list[list[str]]:  # type: ignore[no-untyped-def]
    docs = list(nlp.pipe(TEXTS))
    wanted = [(d, wanted_of(d)) for d in docs]
    tagger = WindowTagger(nlp)
    if not narrow:
        tagger.narrow = None  # spaCy's own pass over each window
    tagger.tag(wanted)
    untouched = [t.tag_ for d, idx in wanted for t in d if t.i not in idx]
    assert untouched == [""] * len(untouched)
    return [[d[i].tag_ for i in idx] for d, idx in wanted]


@pytest.mark.model
def test_narrow_tags_equal_the_windows_tags(nlp) -> None:  # type: ignore[no-untyped-def]
    """Scattered tokens, the first and last of a text, neighbours and one-word texts: the
    tags spaCy's pass over each window gives."""
    assert isinstance(WindowTagger(nlp).narrow, NarrowTagger)
    for seed in range(4):

        def pick(d, seed=seed):  # type: ignore[no-untyped-def]
            rng = random.Random(f"{seed}{d.text}")
            return sorted({0, len(d) - 1} | {t.i for t in d if rng.random() < 0.3})

        narrow, windows = _tags(nlp, pick, True), _tags(nlp, pick, False)
        assert narrow == windows
        assert sum(map(len, narrow)) > 30


@pytest.mark.model
def test_every_token_tagged_narrowly_equals_spacy(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = list(nlp.pipe(TEXTS))
    for stage in (nlp.get_pipe("tok2vec"), nlp.get_pipe("tagger")):
        docs = list(stage.pipe(docs))
    assert _tags(nlp, lambda d: list(range(len(d))), True) == [[t.tag_ for t in d] for d in docs]


@pytest.mark.model
def test_another_shape_is_left_to_spacy(nlp) -> None:  # type: ignore[no-untyped-def]
    """A reach that is not the encoder's depth, or a component that is not a tagger on a
    window encoder, gets no narrow tagger: the windows go through spaCy as they are."""
    tok2vec, tagger = nlp.get_pipe("tok2vec"), nlp.get_pipe("tagger")
    assert NarrowTagger.of(tok2vec, tagger, 4) is not None
    assert NarrowTagger.of(tok2vec, tagger, 3) is None
    assert NarrowTagger.of(tok2vec, tagger, None) is None
    assert NarrowTagger.of(tok2vec, nlp.get_pipe("ner"), 4) is None
    assert NarrowTagger.of(nlp.get_pipe("ner"), tagger, 4) is None
