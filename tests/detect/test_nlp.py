"""The analyzer and the spaCy pipeline: custom recognizers, a trimmed pipeline, context scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymizers.detect.nlp import SAME_PHONES_AS, batch_artifacts, build_analyzer, phone_regions
from anonymizers.detect.text import TextDetector
from anonymizers.policy import Policy, load_policy
from tests.helpers.detection import found

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.model
def test_custom_recognizer_from_config_with_context_and_validator() -> None:
    policy = load_policy(REPO / "configs" / "recognizers.example.yaml")
    det = TextDetector(policy)
    text = "Your order ORD-88123456 ships today; ticket INC-20931 is closed. Badge EMP-004211."
    got = found(det, text)
    assert got.get("ORD-88123456") == "ID"
    assert got.get("INC-20931") == "ID"
    assert got.get("EMP-004211") == "ID"
    # Luhn validator: a valid loyalty number counts, an invalid one does not.
    ok = found(det, "loyalty member 6011000990139424 here")
    bad = found(det, "loyalty member 6011000990139425 here")
    assert ok.get("6011000990139424") == "CREDIT_CARD"
    # The invalid one is no card (it may still be a member's id: "member" names one).
    assert bad.get("6011000990139425") != "CREDIT_CARD"


@pytest.mark.model
def test_pipeline_runs_only_what_detection_reads(policy: Policy) -> None:
    """Parser, lemmatizer and attribute ruler are off; lemmas are the lower-cased tokens.
    The tagger and its tok2vec are out of the pass but loaded: the name rules read
    ``tag_`` from windows (``detect/tagging.py``)."""
    nlp = build_analyzer(policy).nlp_engine.get_nlp(policy.language)  # type: ignore[attr-defined]
    assert not {"parser", "lemmatizer", "attribute_ruler", "tok2vec", "tagger"} & set(
        nlp.pipe_names
    )
    assert "ner" in nlp.pipe_names
    assert {"tok2vec", "tagger"} <= set(nlp.component_names)
    doc = nlp("Ms. Okafor Called The Phones in Leeds")
    assert [t.lemma_ for t in doc] == [t.text.lower() for t in doc]
    assert doc[1].tag_ == ""  # not tagged in the pass
    assert any(e.label_ == "GPE" and e.text == "Leeds" for e in doc.ents)


@pytest.mark.model
def test_context_words_still_raise_presidio_scores(policy: Policy) -> None:
    """Presidio's context enhancer reads lemmas: with lower-cased tokens for lemmas, a
    context word around a weak pattern hit ('licenses' for 'license') still raises it."""
    analyzer = build_analyzer(policy)

    def licence_score(text: str) -> float:
        hits = analyzer.analyze(text=text, language=policy.language, entities=["US_DRIVER_LICENSE"])
        return max((r.score for r in hits), default=0.0)

    plain = licence_score("We wrote D1234567 down yesterday.")
    context = licence_score("Both licenses: D1234567, yesterday.")
    assert 0 < plain < context


@pytest.mark.model
def test_presidio_recognisers_of_swept_entities_are_not_loaded(policy: Policy) -> None:
    """Cards, e-mails, IBANs, IPs, SSNs and URLs are found by ``patterns.sweep``: Presidio's
    recognisers for them would only cost time. Its phone matcher stays (national forms)."""
    names = {type(r).__name__ for r in build_analyzer(policy).registry.recognizers}
    assert not names & {"CreditCardRecognizer", "EmailRecognizer", "UrlRecognizer"}
    assert {"SpacyRecognizer", "PhoneRecognizer"} <= names


def test_a_region_another_covers_is_not_matched_twice() -> None:
    assert phone_regions(("US", "GB", "CA", "BR")) == ("US", "GB", "BR")
    assert phone_regions(("CA", "GB")) == ("CA", "GB")  # nothing covers it: kept


@pytest.mark.parametrize(
    "text",
    [
        "Call our Toronto desk at (416) 555-0199 or 1-604-555-0134 before noon.",
        "Montréal: +1 514 555 0102, ext. 22; Halifax 902.555.0147; cell 7785550123",
        "Dial 011 1 403 555 0188 from abroad, or 867-555-0100 in the territories.",
        "Our US line (212) 555-0147 and the Ottawa one 613 555 0123 both ring here.",
    ],
)
def test_the_dropped_region_finds_nothing_its_cover_misses(text: str) -> None:
    phonenumbers = pytest.importorskip("phonenumbers")
    for region, cover in SAME_PHONES_AS.items():
        spans = {
            r: [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, r, leniency=1)]
            for r in (region, cover)
        }
        assert spans[region] and spans[region] == spans[cover]


@pytest.mark.model
def test_lazy_artifacts_read_as_presidios_own(policy: Policy) -> None:
    """The artifacts' lemmas, token offsets and keywords, worked out when first read, are
    the lists Presidio's own artifacts hold for the same doc; so are entities and scores."""
    engine = build_analyzer(policy).nlp_engine
    texts = [
        "Call me on 020 7946 0958, ask for Priya Nair at our Leeds office.",
        "Agent (Frado): Sure. Can you confirm the phone number on the account?\nCustomer: ok",
        "the DL number is D1234567: drivers' licenses ... and she isn't in Paris!",
        "",
    ]
    for _text, art in engine.process_batch(texts, policy.language, batch_size=2):
        assert "lemmas" not in vars(art)  # not worked out until read
        # Presidio's own method, which the engine's instance attribute stands in for.
        own = type(engine)._doc_to_nlp_artifact(engine, art.tokens, policy.language)
        assert "lemmas" in vars(own)
        assert art.lemmas == own.lemmas
        assert art.tokens_indices == own.tokens_indices
        assert art.keywords == own.keywords
        assert list(art.entities) == list(own.entities)
        assert art.scores == own.scores


def _trimmed(ent) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    return ent.start_char, ent.start_char + len(ent.text.rstrip()), ent.label_


@pytest.mark.model
def test_batch_artifacts_give_presidios_texts_and_entities(policy: Policy) -> None:
    """The input text handed back is the text Presidio rebuilds from the doc (spaCy keeps
    every character, odd whitespace included), with the same entities, text by text (NER
    reads each sentence, ``detect/sentence_ner.py``: each of these texts is one, and
    white space at its end is no part of it, where the whole pass ended "Kraków  "
    with it)."""
    engine = build_analyzer(policy).nlp_engine
    texts = [
        "Call me on 020 7946 0958, ask for Priya Nair at our Leeds office.",
        "  two leading spaces,\ttabs\t\tand a trailing one ",
        "Windows lines\r\nMarta Kowalska\r\n\r\nKraków  ",
        "no\u00a0break, Zoë, Mu\u0308ller (combining) and an emoji 🙂 for Oisín",
        "",
        "\n\n",
    ]
    ours = list(batch_artifacts(engine, texts, policy.language, batch_size=2))
    theirs = list(engine.process_batch(texts, policy.language, batch_size=2))
    assert [t for t, _ in ours] == texts == [t for t, _ in theirs]
    for (_t, a), (_u, b) in zip(ours, theirs, strict=True):
        assert [_trimmed(e) for e in a.entities] == [_trimmed(e) for e in b.entities]
        assert a.scores == b.scores
        assert [t.text for t in a.tokens] == [t.text for t in b.tokens]
