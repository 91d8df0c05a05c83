"""The multilingual sentence sets and their scorer: sizes, languages, and a score that can fail."""

from __future__ import annotations

from anonymizers.detect.spans import Span
from bench.multilingual import dev_addresses, dev_sentences, heldout_addresses, heldout_sentences
from bench.multilingual.score import score


def test_sets_are_large_and_many_languages_with_a_third_held_out() -> None:
    dev, held = dev_sentences.sentences(), heldout_sentences.sentences()
    assert len(dev) + len(held) >= 150
    assert len(held) >= (len(dev) + len(held)) / 3 - 1
    assert len({r["lang"] for r in dev}) >= 6 and len({r["lang"] for r in held}) >= 6
    for rec in dev + held + dev_addresses.sentences() + heldout_addresses.sentences():
        for g in rec["spans"]:
            assert rec["text"][g["start"] : g["end"]].strip() == rec["text"][g["start"] : g["end"]]
    # The held-out set is its own: no sentence of one is in the other.
    assert not {r["text"] for r in dev} & {r["text"] for r in held}


def test_score_counts_changed_words_and_found_people() -> None:
    text = "Hallo, ich habe mit Anna Berg gesprochen. Viele Grüße"
    rec = {"lang": "de", "text": text, "spans": [{"start": 20, "end": 29, "entity": "PERSON"}]}
    perfect = score([rec], [[Span(20, 29, "PERSON", 0.9, "ner")]])
    assert perfect["kept"] == 1.0 and perfect["recall"] == 1.0 and perfect["whole"] == 1.0
    garbled = score([rec], [[Span(text.index("Viele"), len(text), "PERSON", 0.9, "ner")]])
    assert garbled["kept"] < 1.0 and garbled["recall"] == 0.0
    assert dict(garbled["changed"]) == {"Viele": 1, "Grüße": 1}
    assert garbled["missed"] == ["Anna Berg"]
