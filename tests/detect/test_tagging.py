"""Tags from windows: the same tags as the whole text, only where the rules read them."""

from __future__ import annotations

import random

import pytest

from anonymizers.detect.recognizers import listed_names
from anonymizers.detect.tagging import WindowTagger, encoder_reach, window_tagger

TICKETS = (
    "Hi Marisol,\n\nThanks for getting back to me. Will you call Dr. Okafor before Friday? "
    "My neighbour Jolanta K Nowak signed for the parcel at 14 Harbor Street, Leeds.\n\n"
    "Kind regards,\nDEBRA WILLIAMS",
    "spoke to grace about the refund; mark said the bill was wrong. rose will check it",
    "Agent (Tomasz): Updated, Colette. Priya Raman from billing will confirm by May 3. "
    "Sandy roads near Summer Lane delayed the courier, and Frank was frank about it.",
    "Guten Tag, die Rücksendung an Herrn Jantine van Dijk in Köln ist angekommen.",
    "Bonjour, merci Émile ! Margaud indique que son mari Thierry passera mardi.",
)


def _fully_tagged(nlp, texts):  # type: ignore[no-untyped-def]
    docs = list(nlp.pipe(texts))
    for stage in (nlp.get_pipe("tok2vec"), nlp.get_pipe("tagger")):
        docs = list(stage.pipe(docs))
    return docs


@pytest.mark.model
def test_reach_of_the_small_english_encoder(nlp) -> None:  # type: ignore[no-untyped-def]
    assert encoder_reach(nlp) == 4  # depth 4 x window 1


@pytest.mark.model
def test_windowed_tags_equal_whole_text_tags(nlp) -> None:  # type: ignore[no-untyped-def]
    """Scattered tokens tagged from their windows get the tags the whole text gives."""
    rng = random.Random(7)
    docs = list(nlp.pipe(TICKETS))
    wanted = [(d, [t.i for t in d if rng.random() < 0.2]) for d in docs]
    window_tagger(nlp).tag(wanted)
    full = _fully_tagged(nlp, TICKETS)
    checked = 0
    for (doc, indices), whole in zip(wanted, full, strict=True):
        for i in indices:
            assert doc[i].tag_ == whole[i].tag_, (doc[i].text, doc[i].tag_, whole[i].tag_)
            checked += 1
        untouched = set(range(len(doc))) - set(indices)
        assert all(doc[i].tag_ == "" for i in untouched)
    assert checked > 20


@pytest.mark.model
def test_a_narrower_window_would_change_tags(nlp) -> None:  # type: ignore[no-untyped-def]
    """The reach is what makes the tags exact: one token of context is not enough (this
    is what the equality test above would catch if the reach were read wrong)."""
    docs = list(nlp.pipe(TICKETS))
    narrow = WindowTagger(nlp)
    narrow.reach = 1
    narrow.tag((d, range(0, len(d), 8)) for d in docs)
    full = _fully_tagged(nlp, TICKETS)
    pairs = zip(docs, full, strict=True)
    differ = sum(d[i].tag_ != f[i].tag_ for d, f in pairs for i in range(0, len(d), 8))
    assert differ > 0


@pytest.mark.model
def test_name_list_reads_only_the_tags_it_asks_for(nlp) -> None:  # type: ignore[no-untyped-def]
    """``gazetteer_names`` on a doc tagged only at ``tags_read`` finds what it finds on a
    fully tagged doc."""
    docs = list(nlp.pipe(TICKETS))
    window_tagger(nlp).tag((d, listed_names.tags_read(d)) for d in docs)
    full = _fully_tagged(nlp, TICKETS)
    found = [listed_names.gazetteer_names(d) for d in docs]
    assert found == [listed_names.gazetteer_names(f) for f in full]
    assert any(found)
