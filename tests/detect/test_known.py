"""KnownValues: values from structured columns found again in free text."""

from __future__ import annotations

import pytest

from anonymizers.detect.known import KnownValues, searched_alone, unkeyed_short_id
from anonymizers.detect.text import TextDetector
from anonymizers.policy import Policy
from tests.helpers.detection import assert_clean


@pytest.mark.model
def test_known_values_find_lone_first_names_and_reformatted_phones(policy: Policy) -> None:
    known = KnownValues(policy)
    known.add("PERSON", "Priya Nair")
    known.add("PHONE_NUMBER", "(415) 555-0134")
    known.add("ID", "CUST-008812")
    det = TextDetector(policy, known)
    text = "PRIYA called from +1 415 555 0134 about cust-008812; later priya nair wrote again."
    [spans] = det.detect([text])
    got = {text[s.start : s.end]: (s.entity, s.source) for s in spans}
    assert got["PRIYA"] == ("FIRST_NAME", "known")
    assert got["+1 415 555 0134"] == ("PHONE_NUMBER", "known")
    assert got["cust-008812"] == ("ID", "known")
    assert got["priya nair"] == ("PERSON", "known")  # full name wins over its parts
    assert_clean(spans)


def test_known_values_respect_word_boundaries_and_common_words(policy: Policy) -> None:
    known = KnownValues(policy)
    known.add("PERSON", "Will Grant")
    known.add("FIRST_NAME", "Ann")
    text = "We will grant the refund. Annual plan renewed. Will said thanks."
    found_values = {text[s.start : s.end] for s in known.find(text)}
    assert found_values == {"Will"}  # capitalised name part only, not 'will grant'/'Annual'


def test_known_values_scale_to_many_values(policy: Policy) -> None:
    known = KnownValues(policy)
    for i in range(100_000):
        known.add("ID", f"ACC-{i:07d}")
    spans = known.find("Account ACC-0099999 was merged into ACC-0000042.")
    assert [s.entity for s in spans] == ["ID", "ID"]


def test_known_names_are_found_in_other_case_accents_and_spellings(policy: Policy) -> None:
    known = KnownValues(policy)
    for name in ("Björn Håkansson", "Zoë O'Connell", "Anna Müller"):
        known.add("PERSON", name)
    known.add("LOCATION", "København")
    text = (
        "BJORN HAKANSSON wrote, then zoe oconnell and ANNA MUELLER; "
        "the parcel went to Kobenhavn, Mr Muller said. O'Connell agreed."
    )
    got = {text[s.start : s.end]: s.entity for s in known.find(text)}
    assert got == {
        "BJORN HAKANSSON": "PERSON",
        "zoe oconnell": "PERSON",
        "ANNA MUELLER": "PERSON",
        "Kobenhavn": "LOCATION",
        "Muller": "LAST_NAME",
        "O'Connell": "LAST_NAME",
    }


def test_surnames_with_particles_are_found_whole_and_with_an_initial(policy: Policy) -> None:
    known = KnownValues(policy)
    known.add("LAST_NAME", "Mac Cárthaigh")
    known.add("LAST_NAME", "van der Berg")
    known.add("PERSON", "Tomás Ó Súilleabháin")
    text = "S. Mac Cárthaigh met Ms. van der Berg and TOMAS O SUILLEABHAIN; van is a word."
    got = {text[s.start : s.end]: s.entity for s in known.find(text)}
    assert got == {
        "S. Mac Cárthaigh": "PERSON",  # the initial belongs to the person
        "van der Berg": "LAST_NAME",
        "TOMAS O SUILLEABHAIN": "PERSON",
    }


def test_known_values_are_found_next_to_characters_of_unspaced_scripts() -> None:
    # A customer's phone in a Japanese delivery note, a surname before its honorific,
    # a Korean phone with its particle: no space on either side, still the value.
    from anonymizers.detect.known import Matcher

    matcher = Matcher()
    matcher.add("25-9610-3296", "PHONE_NUMBER", 3)
    matcher.add("近藤", "LAST_NAME", 5)
    matcher.add("010-4821-7730", "PHONE_NUMBER", 3)
    matcher.add("Anna", "FIRST_NAME", 6)
    found = {
        text: [text[s:e] for s, e, _, _ in matcher.find(text)]
        for text in (
            "配達前に25-9610-3296へ電話してください",
            "受付の近藤様へ",
            "010-4821-7730로 연락주세요",
            "Annabelle, Annaberg and Anna",
        )
    }
    assert list(found.values()) == [["25-9610-3296"], ["近藤"], ["010-4821-7730"], ["Anna"]]


def test_a_text_without_spaces_looks_up_the_names_and_phones_it_holds() -> None:
    # The engine gives a partition only the known values whose lookups its texts hold:
    # "受付の佐藤 裕太様へ" is one run of word characters, which held no name's lookup.
    from anonymizers.detect.known import KnownValues

    known = KnownValues.blank(3)
    text = "受付の佐藤 裕太様へ。配達前に25-9610-3296へ電話してください"
    lookups = KnownValues.lookups(text)
    assert known.lookups_of("PERSON", "佐藤 裕太") & lookups
    assert known.lookups_of("PHONE_NUMBER", "25-9610-3296") & lookups
    assert not known.lookups_of("PERSON", "渡辺 陽一") & lookups


def test_a_two_character_chinese_name_is_known_one_character_is_not() -> None:
    # "钟雷" left in "керівник 钟雷" by the three-letter minimum, and certified.
    from anonymizers.detect.known import KnownValues

    known = KnownValues.blank(3)
    known.add("PERSON", "钟雷")
    known.add("PERSON", "林")
    text = "Переведення до відділу продажів, керівник 钟雷; 林 в копії"
    assert [text[s.start : s.end] for s in known.find(text)] == ["钟雷"]


def test_given_names_of_parts_too_short_alone_are_known_whole() -> None:
    # A visa export's given names "杨 想": each character too short to search alone, the
    # whole left in "spouse 杨 想 holds", where the gate found it (20,000 applicants).
    from anonymizers.detect.known import KnownValues

    known = KnownValues.blank(3)
    known.add("FIRST_NAME", "杨 想")
    known.add("FIRST_NAME", "Jo Ann")
    known.add("FIRST_NAME", "Anna Maria")
    text = "Applicant's spouse 杨 想 holds BRP; 我想去. Jo Ann and Anna Maria signed."
    found = [(text[s.start : s.end], s.entity) for s in known.find(text)]
    assert found == [("杨 想", "FIRST_NAME"), ("Jo Ann", "FIRST_NAME"), ("Anna", "FIRST_NAME"),
                     ("Maria", "FIRST_NAME")]  # fmt: skip
    assert known.lookups_of("FIRST_NAME", "杨 想") & KnownValues.lookups(text)


def test_a_surname_or_town_that_is_an_english_word_counts_where_it_is_capitalised() -> None:
    # Customers named White and a Czech town called Most: "the white car" and "most of
    # them" were rewritten in every text. First names (WordNet lists "adam"), whole names
    # and places of several words ("Angra do Heroísmo") are taken as before.
    from anonymizers.detect.known import KnownValues

    known = KnownValues.blank(3)
    known.add("PERSON", "Sarah White")
    known.add("LOCATION", "Most")
    known.add("PERSON", "Adam Nowak")
    text = "The white car, most of them. Mrs White drove to Most; ask adam nowak or adam."
    assert [text[s.start : s.end] for s in known.find(text)] == [
        "White", "Most", "adam nowak", "adam"
    ]  # fmt: skip
    known.add("LOCATION", "Angra do Heroísmo")
    town = "Posso ir buscar à R. das Laranjeiras, S/N, Angra do Heroísmo."
    assert [town[s.start : s.end] for s in known.find(town)] == ["Angra do Heroísmo"]


def test_a_surname_that_is_also_a_town_is_the_surname_after_a_first_name(
    policy: Policy,
) -> None:
    # The bank probe: "Burgos" is Adela's surname and another customer's town; after
    # "Adela" it got a town's fake ("Adela Whitneystad") instead of her surname's.
    known = KnownValues(policy)
    known.add("FIRST_NAME", "Adela")
    known.add("LAST_NAME", "Burgos")
    for town in ("Burgos", "Getafe"):
        known.add("LOCATION", town)

    assert _found(known, "Transferencia a Adela Burgos") == [("Adela", "FIRST_NAME"),
                                                             ("Burgos", "LAST_NAME")]  # fmt: skip
    assert _found(known, "Vivo en Burgos") == [("Burgos", "LOCATION")]
    # A town that is no known surname stays a town, and a line apart is no name.
    assert _found(known, "Adela Getafe")[1] == ("Getafe", "LOCATION")
    assert _found(known, "Adela\nBurgos")[1] == ("Burgos", "LOCATION")


def test_a_whole_name_with_particles_is_found_though_its_first_name_is_a_word(
    policy: Policy,
) -> None:
    # The school probe: a guardian "Job van den Nyeuwenhuysen" was kept whole in a
    # teacher's note; "Job" is an English word, so every word had to be capitalised,
    # the particles "van" and "den" too, which Dutch writes in lower case.
    known = KnownValues(policy)
    known.add("PERSON", "Job van den Nyeuwenhuysen")
    known.add("PERSON", "Will Grant")
    text = "Neem gerust contact op, Job van den Nyeuwenhuysen."
    assert _found(known, text) == [("Job van den Nyeuwenhuysen", "PERSON")]
    assert known.find("a job van den truck") == []  # the words, in lower case
    assert known.find("I will grant it") == []


def test_a_first_name_that_is_an_english_word_is_found_in_lower_case_on_lower_case_lines(
    policy: Policy,
) -> None:
    # The recruiting probe: a candidate named "Line" (a Danish first name) turned 326 of
    # the CVs' 364 "line"s into her fake ("bottom-palmqvist"), in sentences that write
    # every name they hold with its capital.
    known = KnownValues(policy)
    known.add("FIRST_NAME", "Line")
    known.add("FIRST_NAME", "Hope")
    known.add("FIRST_NAME", "Maria")
    assert _found(known, "Interview with Line on Monday.") == [("Line", "FIRST_NAME")]
    assert known.find("Built the front-line team; secured line of credit for Acme.") == []
    assert known.find("Hope to hear from you soon.") != []  # a capital: it may be her
    # Support texts written all in lower case write names so too.
    assert _found(known, "talked to hope, refund sent") == [("hope", "FIRST_NAME")]
    assert _found(known, "Called back, talked to maria") == [("maria", "FIRST_NAME")]
    assert known.find("Called back, there is hope for the refund") == []


def test_a_particle_alone_is_no_name(policy: Policy) -> None:
    # The recruiting probe: Faker's Dutch names put a surname's particle after it ("Lissy
    # Dussen van"), and the lone "van" then replaced the "van" of the firm "van Leuven
    # Groep" in cover letters, leaving "sobrero Leuven Groep" for the gate to find.
    known = KnownValues(policy)
    known.add("PERSON", "Lissy Dussen van")
    known.add("PERSON", "Silke West-Francië, van")
    text = "In my current position at van Leuven Groep I work closely with Lissy Dussen."
    found = [value for value, _ in _found(known, text)]
    assert "van" not in found and {"Lissy", "Dussen"} <= set(found)


def test_a_first_name_that_is_a_stop_word_of_the_texts_language_opens_no_sentence(
    policy: Policy,
) -> None:
    # The lettings probe: a tenant "Berat Die Bont" (Faker's Dutch) made "Die" a first
    # name, and every German repair request opening "Die Heizung ..." lost its article.
    known = KnownValues(policy)
    known.add("PERSON", "Berat Die Bont")
    assert known.find("Die Heizung in Arnold Gebouw ist ausgefallen, bitte schnell.") == []
    text = "Bitte rufen Sie Berat Die Bont an, die Heizung ist seit Montag kaputt."
    assert _found(known, text) == [("Berat Die Bont", "PERSON")]
    # In English "die" is no stop word: the capitalised first name is found as before.
    assert _found(known, "Call Die tomorrow about the boiler.") == [("Die", "FIRST_NAME")]


def test_a_titled_surname_is_found_after_titles_of_other_languages(policy: Policy) -> None:
    # The pharmacy probe: a prescriber "Dr. med. Pärtzelt" was kept whole in notes ("med"
    # was taken for a first name), and "Dott. Bignardi" faked as a first name.
    known = KnownValues(policy)
    for doctor in ("Dr. med. Pärtzelt", "Dott. Bignardi"):
        known.add("PERSON", doctor)
    text = "Rücksprache mit Dr. med. Pärtzelt nötig; sentire Dott. Bignardi."
    assert _found(known, text) == [("Pärtzelt", "LAST_NAME"), ("Bignardi", "LAST_NAME")]


def test_a_first_name_that_is_another_contacts_surname_is_the_first_name_before_one(
    policy: Policy,
) -> None:
    # A CRM's cases (session 49): "Garrett" is Garrett Frost's first name and another
    # contact's surname, so "Garrett Frost called" gave Garrett a surname's fake ("Good
    # Savage") where the contact's FirstName column gave it the first name's ("Pepijn").
    known = KnownValues(policy)
    for first, last in (("Garrett", "Frost"), ("Maya", "Garrett"), ("James", "Kerr")):
        known.add("FIRST_NAME", first)
        known.add("LAST_NAME", last)
    known.add("LAST_NAME", "James")
    assert _found(known, "Garrett Frost called about a bill") == [("Garrett", "FIRST_NAME"),
                                                                  ("Frost", "LAST_NAME")]  # fmt: skip
    assert _found(known, "Thanks, James Kerr") == [("James", "FIRST_NAME"), ("Kerr", "LAST_NAME")]
    # Alone, after a first name or a line apart, the surname's rank holds.
    assert _found(known, "Maya Garrett wrote") == [("Maya", "FIRST_NAME"), ("Garrett", "LAST_NAME")]
    assert _found(known, "Ask Garrett.") == [("Garrett", "LAST_NAME")]
    assert _found(known, "Garrett\nFrost")[0] == ("Garrett", "LAST_NAME")


def _found(known: KnownValues, text: str) -> list[tuple[str, str]]:
    """(text, entity) of each known value found in ``text``."""
    return [(text[s.start : s.end], s.entity) for s in known.find(text)]


def test_a_name_column_value_of_three_words_or_a_comma_is_found_as_written(
    policy: Policy,
) -> None:
    # Firms in a counterparty name column come back in payment references word for word;
    # the gate searches them whole, so detection must find them whole.
    known = KnownValues(policy)
    for value in ("Butler, Coleman and Thompson", "Fabory, a Grainger company", "Tara Jones"):
        known.add("PERSON", value)
    text = "Card payment Butler, Coleman and Thompson; Card payment Fabory, a Grainger company"
    found = [(text[s.start : s.end], s.entity) for s in known.find(text)]
    assert found == [
        ("Butler, Coleman and Thompson", "PERSON"),
        ("Fabory, a Grainger company", "PERSON"),
    ]
    # Its joining word is no first name of its own.
    assert known.find("this and that, salt and pepper") == []


def test_a_coarse_coordinate_is_not_searched_alone() -> None:
    assert not searched_alone("GEO_COORDINATE", "4.53")
    assert not searched_alone("GEO_COORDINATE", " -12 ")
    assert searched_alone("GEO_COORDINATE", "52.370216")
    assert searched_alone("ZIP_CODE", "4.53")  # only coordinates are judged by precision


def test_a_short_numeric_id_is_found_in_text_only_after_a_key() -> None:
    # The newsletter probe: subscribers numbered 100-1099 turned every "552 Mailbox full"
    # and "AppleWebKit/605.1.15" into another number; a log's "employee=1001" is the id.
    known = KnownValues(Policy())
    for value in ("552", "605", "1001"):
        known.add("ID", value)
    for text, kept in (("552 Mailbox full for x@y.example", []),
                       ("Mozilla/5.0 AppleWebKit/605.1.15", []),
                       ("INFO login employee=1001 ok", ["1001"]),
                       ("subscriber #552 complained", ["552"]),
                       ("user_id: 605", ["605"])):  # fmt: skip
        spans = [s for s in known.find(text) if not unkeyed_short_id(text, s)]
        assert [text[s.start : s.end] for s in spans] == kept, text
    assert searched_alone("ID", "552")  # still searched: a kept "referred_by" is a leak


def test_a_name_a_table_holds_whole_is_found_though_it_is_a_particle_elsewhere() -> None:
    known = KnownValues.blank(3)
    known.add("LAST_NAME", "Bean")  # Irish "bean" (Mrs) is a particle of names
    known.add("LAST_NAME", "Dussen van")  # a particle written after its surname
    text = "Darrell /Bean/ b. 1962"
    assert [(text[s.start : s.end], s.entity) for s in known.find(text)] == [("Bean", "LAST_NAME")]
    assert known.find("two cans of bean soup") == []  # in lower case: the word
    assert known.find("Van Leuven Groep") == []  # a particle alone still names nobody
