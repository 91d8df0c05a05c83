"""NER by sentence: where a text is cut, which sentences go to NER, and entities that
depend on their sentence alone."""

from __future__ import annotations

import pytest

from anonymizers.detect.sentence_ner import SentenceNer, may_hold_names, sentences


def _cut(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences(text)]


def _ents(doc) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_a_text_is_cut_at_sentence_ends_and_a_line_break_alone_ends_nothing() -> None:
    text = (
        "Customer: My order hasn't arrived.\nAgent (Krystyna): Sorry!  Can you check 5521?"
        "\n\nBest,\nMarisol Ortega "
    )
    assert _cut(text) == [
        "Customer: My order hasn't arrived.",
        "Agent (Krystyna): Sorry!",
        "Can you check 5521?",
        "Best,\nMarisol Ortega",  # alone, a signature's name reads as a firm
    ]


def test_an_abbreviation_or_an_initial_never_cuts_a_name_from_its_title() -> None:
    text = "Please ask Dr. Okafor about it. Jolanta K. Nowak lives at 14 Harbor St. Leeds now."
    assert _cut(text) == [
        "Please ask Dr. Okafor about it.",
        "Jolanta K. Nowak lives at 14 Harbor St. Leeds now.",
    ]


def test_a_dot_before_a_lower_case_word_ends_no_sentence() -> None:
    assert _cut("Try the app, e.g. the web one. Done.") == [
        "Try the app, e.g. the web one.",
        "Done.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Thanks for the quick reply.",
        "Sorry about that.",
        "I'm happy with it, and I've told my team.",
        "Agent: Please reset my password.",
        "Order arrived broken.",
    ],
)
def test_a_sentence_whose_only_capitals_are_everyday_openings_holds_no_name(
    sentence: str,
) -> None:
    assert not may_hold_names(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thanks Maria, that fixed it.",
        "Will called about the invoice yesterday.",  # a first name that is also a word
        "Paris was lovely.",  # a place
        "The VPN is down again.",  # capitals in a word: an organisation or a product
        "spoke to finn about the refund",  # lower case says nothing by its capitals
        "我叫李明，住在北京。",  # a script without case
    ],
)
def test_a_capital_past_the_opening_a_name_word_or_no_case_goes_to_ner(sentence: str) -> None:
    assert may_hold_names(sentence)


@pytest.mark.model
def test_a_one_sentence_text_gets_the_entities_of_the_whole_pass(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Priya Raman from our Leeds office will call Tomasz Wróbel on Monday."
    assert _ents(next(SentenceNer(nlp).docs([text], 64))) == _ents(nlp(text))
    assert ("Priya Raman", "PERSON") in [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.model
def test_a_texts_entities_do_not_depend_on_the_texts_read_with_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Thanks for the quick reply. Priya Raman from Leeds will call you.\nBest,\nTomasz Wróbel"
    alone = _ents(next(SentenceNer(nlp).docs([text], 64)))
    others = ["Hello Colette, the parcel is at our Phoenix depot.", text, "Call Ingrid."]
    together = list(SentenceNer(nlp).docs(others, 2, block=2))
    assert _ents(together[1]) == alone
    assert ("Priya Raman", "PERSON") in [(text[a:b], label) for a, b, label in alone]


@pytest.mark.model
def test_each_distinct_sentence_that_may_hold_a_name_is_read_once(nlp) -> None:  # type: ignore[no-untyped-def]
    ner = SentenceNer(nlp)
    texts = [
        "Priya Raman called. Thanks for the quick reply.",
        "Thanks for the quick reply. Priya Raman called.",
    ]
    docs = list(ner.docs(texts, 64))
    assert set(ner.memo) == {"Priya Raman called."}  # the everyday one never went to NER
    assert [d.text for d in docs] == texts
    for text, doc in zip(texts, docs, strict=True):
        assert [(e.text, e.label_) for e in doc.ents] == [("Priya Raman", "PERSON")]
        # every token of the whole text, with the lemmas detection reads (lower case)
        assert [t.text for t in doc] == [t.text for t in nlp.make_doc(text)]
        assert [t.lemma_ for t in doc] == [t.lower_ for t in doc]
