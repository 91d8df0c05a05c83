"""LeakMatcher: whole words only, names by case, everything else case-insensitively.

The transform (re-drawing fakes) and verification (the leak check) share this matcher,
so what it calls "contains" decides both whether a run certifies and which fakes are
re-drawn.
"""

from __future__ import annotations

import random

import polars as pl
import pytest

from anonymizers.detect import whole_words as leaks
from anonymizers.detect.whole_words import LeakMatcher, text_word_rows


def found(matcher: LeakMatcher, text: str) -> list[str]:
    """The matched slices of ``text``: also proves the reported offsets are right."""
    return [text[start:end] for start, end, _entity, _value in matcher.find(text)]


def test_whole_words_only() -> None:
    m = LeakMatcher({"FIRST_NAME": ["Ann"]}, min_length=3)
    assert found(m, "Annual leave was approved by Joanna.") == []
    assert found(m, "Thanks to Ann.") == ["Ann"]
    assert found(m, "Ann") == ["Ann"]
    assert found(m, "(Ann)") == ["Ann"]
    assert found(m, "Ann_2025") == []  # an underscore joins words like a letter


def test_numbers_do_not_match_inside_longer_numbers() -> None:
    m = LeakMatcher({"ID": ["100342"]}, min_length=4)
    assert found(m, "order 1003421 shipped") == []
    assert found(m, "ref 2100342") == []
    assert found(m, "employee 100342, Finance") == ["100342"]


def test_name_matches_as_written_in_capitals_and_title_case_not_lower() -> None:
    m = LeakMatcher({"LAST_NAME": ["Will"]}, min_length=3)
    assert found(m, "Escalated by Will yesterday") == ["Will"]
    assert found(m, "ESCALATED BY WILL YESTERDAY") == ["WILL"]
    assert found(m, "I will escalate it tomorrow") == []
    assert found(m, "wIlL") == []


def test_name_with_inner_capital_matches_title_case_form() -> None:
    m = LeakMatcher({"LAST_NAME": ["McDonald"]}, min_length=3)
    assert found(m, "Ask McDonald, MCDONALD or Mcdonald") == ["McDonald", "MCDONALD", "Mcdonald"]
    assert found(m, "ask mcdonald") == []


def test_email_and_ids_match_case_insensitively() -> None:
    m = LeakMatcher(
        {"EMAIL_ADDRESS": ["maria.lopez@example.org"], "ID": ["ORD-778812"]}, min_length=4
    )
    text = "From Maria.Lopez@Example.ORG about ord-778812"
    hits = m.find(text)
    assert sorted((text[s:e], ent, val) for s, e, ent, val in hits) == [
        ("Maria.Lopez@Example.ORG", "EMAIL_ADDRESS", "maria.lopez@example.org"),
        ("ord-778812", "ID", "ORD-778812"),
    ]


def test_reports_entity_and_original_value() -> None:
    m = LeakMatcher({"FIRST_NAME": ["Ingrid"], "LAST_NAME": ["Halvorsen"]}, min_length=3)
    hits = m.find("INGRID HALVORSEN signed off")
    assert sorted((ent, val) for _s, _e, ent, val in hits) == [
        ("FIRST_NAME", "Ingrid"),
        ("LAST_NAME", "Halvorsen"),
    ]


def test_min_length_skips_short_values() -> None:
    m = LeakMatcher({"FIRST_NAME": ["Al", "Bo", "Desmond"], "ID": ["42"]}, min_length=3)
    assert m.size == 1
    assert found(m, "Al and Bo met Desmond in room 42") == ["Desmond"]
    m4 = LeakMatcher({"FIRST_NAME": ["Ann"]}, min_length=4)
    assert m4.size == 0 and m4.find("Ann") == []
    assert LeakMatcher({"ID": ["  7  "]}, min_length=2).size == 0  # length after strip


def test_empty_matcher_and_empty_text() -> None:
    assert LeakMatcher({}, min_length=1).find("Desmond Okafor") == []
    assert LeakMatcher({"FIRST_NAME": ["Desmond"]}, min_length=3).find("") == []


def test_overlapping_values_are_all_reported() -> None:
    m = LeakMatcher({"PERSON": ["Desmond Okafor"], "LAST_NAME": ["Okafor"]}, min_length=3)
    assert sorted(found(m, "Call Desmond Okafor today")) == ["Desmond Okafor", "Okafor"]


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("Ann.", 0, 3, True),
        ("Annual", 0, 3, False),
        ("Joann", 2, 5, False),
        ("id:1001;", 3, 7, True),
        ("x_1001", 2, 6, False),
        # a script written without spaces: each of its characters is a word of its own
        ("配達前に25-9610-3296へ電話", 4, 16, True),
        ("受付の近藤様へ", 3, 5, True),
        ("010-4821-7730로 연락주세요", 0, 13, True),
        ("Joann近藤", 2, 5, False),
        ("x近藤", 0, 1, True),  # a change of script ends a word
    ],
)
def test_bounded(text: str, start: int, end: int, expected: bool) -> None:
    """text[start:end] is found only where it is not part of a longer word or number."""
    m = LeakMatcher({"ID": [text[start:end]]}, min_length=1)
    assert ((start, end) in [(s, e) for s, e, _ent, _v in m.find(text)]) is expected


def test_case_insensitive_match_after_turkish_dotted_capital_i() -> None:
    m = LeakMatcher({"EMAIL_ADDRESS": ["maria.lopez@example.org"]}, min_length=4)
    text = "İlkay forwarded maria.lopez@example.org"
    assert found(m, text) == ["maria.lopez@example.org"]


def test_many_values_keep_their_own_entity_and_value() -> None:
    """Past 2**15 and 2**16 values (where a packed int would wrap), every hit still names
    the right value and entity, and a case-sensitive name is still found."""
    emails = [f"dispatch.clerk{i}@brightline-freight.com" for i in range(70_000)]
    matcher = LeakMatcher({"EMAIL_ADDRESS": emails, "PERSON": ["Anneliese Brandt"]}, 4)
    assert matcher.find("Ask Anneliese Brandt today") == [(4, 20, "PERSON", "Anneliese Brandt")]
    text = "cc dispatch.clerk65537@brightline-freight.com please"
    [(start, end, entity, value)] = matcher.find(text)
    assert (entity, value) == ("EMAIL_ADDRESS", emails[65_537])
    assert text[start:end] == emails[65_537]


def test_a_form_longer_than_its_value_is_found() -> None:
    value = "Stra\ufb03e" * 20  # the ligature upper-cases to three letters
    matcher = LeakMatcher({"PERSON": [value]}, 4)
    assert matcher.contains(f"see {value.upper()} now")


def test_a_value_longer_than_the_key_is_confirmed_in_place() -> None:
    """Forms of more than MAX_KEY_WORDS words are keyed on their first words: a text with
    only those first words is no hit, the whole value is, in one text or in a column."""
    address = "Flat 4, 221B Baker Street, Marylebone, London NW1 6XE, United Kingdom"
    m = LeakMatcher({"ADDRESS": [address], "FIRST_NAME": ["Desmond"]}, min_length=4)
    head = "Flat 4, 221B Baker Street, Marylebone, London NW1"
    texts = [f"Ship to {address} today", f"Ship to {head} only", "Desmond called"]
    assert found(m, texts[0]) == [address]
    assert found(m, texts[1]) == []
    hits = m.hits(pl.Series(texts))
    assert hits.rows() == [(0, "ADDRESS", address), (2, "FIRST_NAME", "Desmond")]


def test_column_search_agrees_with_one_text_search() -> None:
    """hits() cuts a whole column in polars, find() one text in Python: the same answers."""
    rnd = random.Random(7)
    words = ["Ann", "ANN", "ann", "Will", "will", "100342", "ORD-778812", "ord-778812",
             "maria.lopez@example.org", "Maria.Lopez@Example.ORG", "Desmond Okafor", "x_1",
             "(555) 123-4567", "555", "Okafor", "İlkay", "Ann_2025", "Joanna", "—", ",", "."]  # fmt: skip
    texts = [" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 9))) for _ in range(400)]
    m = LeakMatcher(
        {"FIRST_NAME": ["Ann"], "LAST_NAME": ["Will", "Okafor"], "ID": ["100342", "ORD-778812"],
         "EMAIL_ADDRESS": ["maria.lopez@example.org"], "PERSON": ["Desmond Okafor"],
         "PHONE_NUMBER": ["(555) 123-4567"]},
        min_length=3,
    )  # fmt: skip
    by_row = {(r, e, v) for r, e, v in m.hits(pl.Series(texts)).rows()}
    one_by_one = {(r, e, v) for r, t in enumerate(texts) for _s, _e, e, v in m.find(t)}
    assert by_row == one_by_one
    assert m.contains_many(pl.Series(texts)).to_list() == [m.contains(t) for t in texts]


def test_a_column_searched_in_slices_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long texts are searched a slice of rows at a time: row numbers stay the column's."""
    texts = pl.Series([f"note {i}: call Desmond Okafor on 100342" if i % 7 == 0 else
                       f"note {i}: nothing to see" for i in range(60)])  # fmt: skip
    m = LeakMatcher({"PERSON": ["Desmond Okafor"], "ID": ["100342"]}, min_length=4)
    whole = m.hits(texts).rows()
    monkeypatch.setattr(leaks, "SLICE_BYTES", 64)
    assert len(leaks._slices(texts)) > 10
    assert m.hits(texts).rows() == whole
    assert [r for r, _e, _v in whole] == [i for i in range(60) if i % 7 == 0 for _ in (0, 1)]


@pytest.mark.parametrize(
    ("targets", "text"),
    [
        # a long value whose 8th word ends in Σ: lowered alone it ends in ς, inside σ
        (
            {"ADDRESS": ["ΟΔΟΣ ΑΓΙΟΥ ΝΙΚΟΛΑΟΥ 12 ΤΚ 54622 ΑΝΩ ΠΟΛΗΣ'Α ΘΕΣΣΑΛΟΝΙΚΗ"]},
            "Ship to ΟΔΟΣ ΑΓΙΟΥ ΝΙΚΟΛΑΟΥ 12 ΤΚ 54622 ΑΝΩ ΠΟΛΗΣ'Α ΘΕΣΣΑΛΟΝΙΚΗ now",
        ),
        ({"ID": ["1 2 3 4 5 6 7 ΑΣ.b"]}, "ref 1 2 3 4 5 6 7 ΑΣ.b end"),
        # upper-casing "ᾶ" ends the name in a combining mark
        ({"PERSON": ["Ἀθηνᾶ"]}, "signed ἈΘΗΝΑ͂ today"),
        ({"LAST_NAME": ["Αλεξανδρῆ"]}, "ΑΛΕΞΑΝΔΡΗ͂"),
        # a Turkish capital İ, the text already lower-cased ("i" + combining dot)
        ({"EMAIL_ADDRESS": ["ALİ@X.COM.Tİ"]}, "from ali̇@x.com.ti̇ yesterday"),
        ({"ADDRESS": ["Kadıköy İSTANBUL KARAKÖY İ"]}, "kadıköy i̇stanbul karaköy i̇"),
    ],
)
def test_unicode_case_forms_are_found(targets: dict[str, list[str]], text: str) -> None:
    """Case folding that changes length or word structure must not hide a value."""
    m = LeakMatcher(targets, min_length=3)
    [value] = next(iter(targets.values()))
    assert [v for _s, _e, _ent, v in m.find(text)] == [value]
    assert m.hits(pl.Series([text]))["value"].to_list() == [value]


def test_columns_of_any_type_are_searched_without_error() -> None:
    m = LeakMatcher({"ID": ["100342"]}, min_length=4)
    assert m.contains_many(pl.Series([None, None])).to_list() == [False, False]
    assert m.contains_many(pl.Series([100342, 7])).to_list() == [True, False]
    assert m.contains_many(pl.Series(["100342"], dtype=pl.Categorical)).to_list() == [True]


def test_min_length_counts_the_trimmed_value() -> None:
    """ "(12)" is searched as "12": too short to be searched at min_length 3, so a room
    number in a sentence is no leak of it."""
    m = LeakMatcher({"ID": ["(12)", "\x1f7\x1f", "(5551)"]}, min_length=3)
    assert m.size == 1
    assert m.find("room 12, 7 days") == []
    assert found(m, "call 5551 now") == ["5551"]


def test_apostrophes_are_one_character_for_the_search() -> None:
    """A ticket typed with a typographic apostrophe names the table's "O'Brien"."""
    matcher = LeakMatcher({"LAST_NAME": {"O'Brien"}, "PERSON": {"Kevin O'Brien"}}, 4)
    texts = pl.Series(["Dear Kevin O’Brien,", "O’BRIEN called", "Ms Obrien"])
    assert matcher.contains_many(texts).to_list() == [True, True, False]
    hits = matcher.hits(texts.head(1))
    assert set(hits["value"].to_list()) == {"O'Brien", "Kevin O'Brien"}


def test_texts_of_unspaced_scripts_are_searched_word_by_character() -> None:
    """Japanese and Chinese run their words together: values inside them are found,
    long ones (more words than the key holds) confirmed in place, and the same values
    searched in spaced text are found exactly as before."""
    targets = {
        "ADDRESS": ["東京都千代田区丸の内1-2-3 ビル5階", "12 Rue de la Paix, 75002 Paris"],
        "PERSON": ["王秀英", "Anna Weber"],
        "PHONE_NUMBER": ["25-9610-3296"],
    }
    texts = pl.Series([
        "住所は東京都千代田区丸の内1-2-3 ビル5階です",
        "住所は東京都千代田区丸の内1-2-3 ビル6階です",
        "联系人王秀英，电话25-9610-3296。",
        "Anna Weber, 12 Rue de la Paix, 75002 Paris.",
        "Anna Webers, 12 Rue de la Paix, 75002 Parisien",
    ])  # fmt: skip
    hits = LeakMatcher(targets, min_length=2).hits(texts)
    assert sorted(hits.select("row", "value").rows()) == [
        (0, "東京都千代田区丸の内1-2-3 ビル5階"),
        (2, "25-9610-3296"),
        (2, "王秀英"),
        (3, "12 Rue de la Paix, 75002 Paris"),
        (3, "Anna Weber"),
    ]


def test_the_minimum_length_counts_an_unspaced_scripts_characters_twice() -> None:
    m = LeakMatcher({"PERSON": ["钟雷", "林", "Lei"]}, min_length=4)
    assert m.size == 1
    assert m.hits(pl.Series(["керівник 钟雷, 林, Lei"]))["value"].to_list() == ["钟雷"]


def test_a_value_html_escapes_is_found_where_it_is_written() -> None:
    matcher = LeakMatcher({"PERSON": ["Aoife O'Brien"], "LAST_NAME": ["Müller"]}, 3)
    body = "<p>Thanks, Aoife O&#39;Brien</p><p>cc: Herr M&uuml;ller</p>"
    got = [(body[s:e], entity) for s, e, entity, _ in matcher.find(body)]
    assert got == [("Aoife O&#39;Brien", "PERSON"), ("M&uuml;ller", "LAST_NAME")]
    texts = pl.Series([body, "Fish &amp; chips", "<p>Aoife O&#39;Neill</p>"])
    assert matcher.contains_many(texts).to_list() == [True, False, False]


def test_a_value_a_url_percent_encodes_is_found_where_it_is_written() -> None:
    matcher = LeakMatcher(
        {"PERSON": ["Stanisław Opioła"], "EMAIL_ADDRESS": ["sopioa@yahoo.com"]}, 3
    )
    line = '"GET /account/reset?email=sopioa%40yahoo.com&name=Stanis%C5%82aw+Opio%C5%82a HTTP/1.1"'
    got = [(line[s:e], entity) for s, e, entity, _ in matcher.find(line)]
    assert got == [
        ("sopioa%40yahoo.com", "EMAIL_ADDRESS"),
        ("Stanis%C5%82aw+Opio%C5%82a", "PERSON"),
    ]
    texts = pl.Series([line, "Refund of 100% approved", "Stanisław Opioła called"])
    assert matcher.contains_many(texts).to_list() == [True, False, True]
    # The partitioned check's index is cut by the decoded words too.
    assert "opioła" in set(text_word_rows(pl.Series([line]))["w"].to_list())
