"""verify.clearance: which hits of the leak check are leaks, and why the others are not."""

from __future__ import annotations

import polars as pl
import pytest

from anonymizers.verify.clearance import (
    WHOLE_ALONE,
    by_chance,
    chance_echoes,
    echoes,
    in_free_text,
    in_kept_column,
    names_no_one,
    own_values,
    thing_column,
)


def test_a_kept_category_shared_by_many_rows_is_cleared() -> None:
    # "Ireland" in a country column that 40 rows hold, and a customer's address says Ireland.
    d = in_kept_column("LOCATION", "Ireland", "Ireland", rows_with_value=40, min_rows=3)
    assert d.reason == "category" and "40 rows" in d.detail


def test_a_surname_inside_a_product_held_by_many_rows_is_cleared() -> None:
    d = in_kept_column("LAST_NAME", "Baker", "Baker Street Breakfast Tea", 12, 3)
    assert d.reason == "category"


def test_a_surname_inside_a_rare_kept_value_is_a_leak_when_the_rest_names_someone() -> None:
    assert in_kept_column("LAST_NAME", "Okafor", "Mrs Okafor", 1, 3).reason is None
    assert in_kept_column("LAST_NAME", "Okafor", "Okafor Desmond", 1, 3).reason is None


def test_a_surname_naming_a_product_is_cleared_even_once() -> None:
    d = in_kept_column("LAST_NAME", "Oprea", "Oprea Kettle", 1, 3)
    assert d.reason == "name word in a thing's value"


def test_a_whole_direct_identifier_is_never_a_category() -> None:
    # A full name or an e-mail filling a kept cell on many rows is still that person's.
    assert in_kept_column("PERSON", "Desmond Okafor", "Desmond Okafor", 50, 3).reason is None
    assert (
        in_kept_column("EMAIL_ADDRESS", "d.okafor@ex.org", "d.okafor@ex.org", 9, 3).reason is None
    )


def test_a_one_word_name_guessed_in_text_may_be_a_kept_columns_category() -> None:
    # The guests probe: NER read "Rose" as a person in an RSVP note, and the wedding's
    # table "Rose" (held by hundreds of guests) was a leak on every row.
    d = in_kept_column("PERSON", "Rose", "Rose", rows_with_value=375, min_rows=3)
    assert d.reason == "category"
    # A full name stays a leak however often; a rare surname inside a list of names too.
    assert in_kept_column("PERSON", "Rose Okafor", "Rose Okafor", 375, 3).reason is None
    assert in_kept_column("PERSON", "Okafor", "Mrs Okafor", 1, 3).reason is None
    # A badge's first name inside a firm named after partners is a first name there.
    d = in_kept_column("PERSON", "Keith", "Keith, Friedman and Levine", 1, 3)
    assert d.reason == "place or first name"


def test_a_place_or_first_name_inside_a_longer_kept_value_is_cleared() -> None:
    d = in_kept_column("LOCATION", "Oxford", "Oxford shirt, slim fit", 1, 3)
    assert d.reason == "place or first name"
    d = in_kept_column("FIRST_NAME", "Victoria", "Victoria sponge cake", 1, 3)
    assert d.reason == "place or first name"


def test_a_postcode_or_town_in_a_kept_value_is_cleared_but_never_a_street() -> None:
    assert in_kept_column("ZIP_CODE", "81234", "SKU-81234", 1, 3).reason == "postcode"
    # A whole town or postcode (a store's) is a place; its echoes are the caller's.
    assert in_kept_column("ZIP_CODE", "81234", "81234", 1, 3).reason == "place"
    assert in_kept_column("LOCATION", "Getafe", "Getafe", 1, 3).reason == "place"
    assert in_kept_column("ADDRESS", "Calle Mayor 3", "Calle Mayor 3", 1, 3).reason is None
    assert in_kept_column("FIRST_NAME", "Jordan", "Jordan", 1, 3).reason == "first name"
    assert (
        in_kept_column("LAST_NAME", "Hudson", "Hudson", 1, 3, frozenset({"hudson"})).reason is None
    )


def test_common_words_in_free_text_are_cleared_only_for_name_and_place_parts() -> None:
    assert in_free_text("FIRST_NAME", "May").reason == "common word"
    assert in_free_text("LAST_NAME", "Okafor").reason is None
    assert in_free_text("EMAIL_ADDRESS", "may").reason is None  # not a name or place part


def test_a_street_type_read_as_a_town_elsewhere_is_an_everyday_word_in_free_text() -> None:
    # The claims probe: Italy has towns named Canale, Borgo and Viale, and a guess of one
    # in another text found "In Canale Emma" (a street) in every description.
    for word in ("Canale", "Borgo", "Viale", "Incrocio"):
        assert in_free_text("LOCATION", word).reason == "common word"
    assert in_free_text("LOCATION", "Formia").reason is None  # a town: no street type
    assert in_free_text("ADDRESS", "Canale Emma").reason is None  # a whole street


def test_echo_finds_a_value_in_the_rows_own_personal_cells() -> None:
    df = pl.DataFrame({"name": ["Desmond Okafor", "Ingrid Halvorsen"], "email": ["d@o.org", None]})
    own = own_values(df, ["name", "email"], ["name", "email"])
    names = ["LAST_NAME"] * 3
    assert echoes(own, [0, 1, 1], ["Okafor", "Okafor", "HALVORSEN"], names) == [True, False, True]


def test_echo_matches_whole_words_only() -> None:
    df = pl.DataFrame({"name": ["Femke de Bontekoe", "Jan van Olst"]})
    own = own_values(df, ["name"], ["name"])
    names = ["LAST_NAME"] * 3
    assert echoes(own, [0, 1, 1], ["Bont", "van Olst", "Olst"], names) == [False, True, True]


def test_a_name_part_echoes_the_rows_naming_cells_and_not_its_address() -> None:
    """An employer's own address on its W-2 rows shares a word with its name ("470
    Williams Summit", "Wood, Williams and Keith"), on every row of it: no person's name.
    A name part echoes the row's names and e-mails; an id or a date, any own cell."""
    df = pl.DataFrame({
        "name": ["Marcus Lee", "Williams Ortega"],
        "email": ["m.keith@example.org", None],
        "employer_address": ["470 Williams Summit, Port Garyfort", "9 Elm Row, Keithburgh"],
        "ein": ["12-3456789", "98-7654321"],
    })  # fmt: skip
    own = own_values(df, df.columns, ["name", "email"])
    assert echoes(own, [0, 0, 1, 0], ["Williams", "Keith", "Williams", "12-3456789"],
                  ["LAST_NAME", "FIRST_NAME", "LAST_NAME", "ID"]) == [False, True, True, True]  # fmt: skip
    # The chance reckoned as the echoes are looked for: "Williams" in one row's names of
    # two (the other's address is not counted), the id in one row's cells of two.
    assert chance_echoes(own, ["Williams", "12-3456789"], ["LAST_NAME", "ID"]) == pytest.approx(1.0)


def test_chance_echoes_is_the_share_of_rows_holding_each_value() -> None:
    df = pl.DataFrame({"name": ["Maartje Evers", "Sten Lelijveld", "Bo Evers", "Amira van Olst"]})
    own = own_values(df, ["name"], ["name"])
    # "Evers" is in 2 of 4 rows, "Lelijveld" in 1: 0.5 + 0.5 + 0.25 expected by chance.
    names = ["LAST_NAME"] * 3
    assert chance_echoes(own, ["Evers", "evers", "Lelijveld"], names) == pytest.approx(1.25)
    assert chance_echoes(own, [], []) == 0.0


def test_by_chance_reads_the_poisson_tail() -> None:
    assert by_chance(0, 0.0)
    assert by_chance(1, 0.8)  # P(X >= 1) = 0.55
    assert not by_chance(1, 0.001)  # one echo where one in a thousand was expected
    assert not by_chance(10, 1.0)  # a whole column echoing its rows
    assert by_chance(3, 2.5) and not by_chance(9, 2.5)


def test_a_detected_name_run_on_over_a_things_word_is_judged_by_its_name_words() -> None:
    names = frozenset({"van", "de", "veen", "amira", "okafor", "desmond"})
    # A product line "van de Veen Bike" that detection read as one name elsewhere.
    cleared = in_kept_column("PERSON", "van de Veen Bike", "van de Veen Bike", 1, 3, names)
    assert cleared.reason == "name word in a thing's value"
    # The name alone, or a full name, in a kept cell stays a leak.
    assert in_kept_column("LAST_NAME", "van de Veen", "van de Veen", 1, 3, names).reason is None
    assert in_kept_column("PERSON", "Desmond Okafor", "Desmond Okafor", 1, 3, names).reason is None
    assert names_no_one("Okafor Desmond Kettle", "Okafor", names) is False


def test_a_list_of_things_is_judged_item_by_item() -> None:
    names = frozenset({"okafor", "lindqvist", "moreau", "desmond"})
    # An order's items as PostgreSQL and JSON arrays: each product is one value.
    assert names_no_one('{"Okafor Kettle","Lindqvist Lamp"}', "Okafor", names)
    assert names_no_one('["Moreau Sofa", "Lindqvist Lamp"]', "Lindqvist", names)
    # An item that is a person stays a person, wherever it sits in the list.
    assert not names_no_one('{"Oak Desk","Desmond Okafor"}', "Okafor", names)
    assert not names_no_one('{"Oak Desk","Mrs Okafor"}', "Okafor", names)


def test_a_lower_case_function_word_in_a_things_value_names_no_one() -> None:
    # "alla", "della", "och" are first names in some list and function words here.
    for cell, value in (("Pasta alla Norma", "Norma"), ("Torta della casa Rosa", "Rosa"),
                        ("Kött och Rydberg", "Rydberg")):  # fmt: skip
        assert names_no_one(cell, value), cell
    # Written with a capital, the same word may be a given name: "Alla Norma" is someone.
    assert not names_no_one("Alla Norma", "Norma")


def test_a_kept_column_of_labels_that_are_no_names_holds_things() -> None:
    assert thing_column(["Toast Skagen", "Biff Rydberg", "Pytt i panna", "Kalops", "Kanelbulle"])
    assert thing_column(["Werder Bremen", "Real Sociedad", "Olympique Lyonnais", "AS Roma",
                         "Sporting CP", "Athletic Club"])  # fmt: skip
    assert not thing_column(["Anna Berg", "Jan Kowalski", "Marie Dubois", "Lucas Martin",
                             "Sofia Rossi"])  # fmt: skip
    assert not thing_column(["Toast Skagen", "Kalops"])  # too few values to say
    long = [f"retrying job {i} after the upstream timed out again today" for i in range(6)]
    assert not thing_column(long)  # sentences and log lines, not labels


def test_a_whole_date_in_a_kept_column_is_a_date_and_its_echoes_are_the_callers() -> None:
    # A visit on a day a patient was born: a day alone is shared by thousands, even once.
    d = in_kept_column("DATE_OF_BIRTH", "2024-03-11", "2024-03-11", 1, 3)
    assert d.reason == "date"
    assert "date" in WHOLE_ALONE  # a kept column of each row's own birth date still rejects
    # Inside a longer value it is not cleared as a date.
    assert in_kept_column("DATE_OF_BIRTH", "2024-03-11", "born 2024-03-11", 1, 3).reason != "date"


def test_echoes_that_are_a_sliver_of_a_columns_hits_are_a_coincidence() -> None:
    from anonymizers.verify.clearance import echoes_by_chance

    # The parcels probe: 99 of 17,768 cleared hits of a kept `sender` of firms echo their
    # row's recipient, above the table-wide chance (senders and recipients share a
    # country), and far from a column built from its rows' persons.
    assert echoes_by_chance(99, 30.0, 17_768)
    # A column of its rows' own persons echoes in most of its hits: a leak.
    assert not echoes_by_chance(40, 0.5, 50)
    # A few hits more than the share, far above chance: a leak.
    assert not echoes_by_chance(12, 0.1, 500)


def test_a_surname_inside_a_firm_of_partners_is_the_firms() -> None:
    # The permits probe: a contractor "MORALES, DAVIDSON AND CHANG" met an owner CHANG.
    d = in_kept_column("LAST_NAME", "CHANG", "MORALES, DAVIDSON AND CHANG", 1, 3)
    assert d.reason == "name word in a firm's name"
    assert in_kept_column("LAST_NAME", "Weber", "Müller, Schmidt und Weber", 1, 3).reason
    # Two names joined may be a couple; full names listed are people.
    assert in_kept_column("LAST_NAME", "Okafor", "Desmond and Okafor", 1, 3).reason is None
    cell = "Anna Okafor, Tom Ruiz and Lisa Wong"
    assert in_kept_column("LAST_NAME", "Okafor", cell, 1, 3).reason is None


def test_chance_echoes_counts_each_hit_and_searches_phrases_whole() -> None:
    """A value hit in many cells is counted once per hit (``counts``), the same as listing
    it that many times; a value of two words is looked for as that phrase."""
    df = pl.DataFrame({
        "name": ["Anna van Dijk", "Joost Dijk", "Anna Smit", "Pieter van Dam"],
        "account": ["10233", "10234", "10233", "20001"],
    })  # fmt: skip
    own = own_values(df, df.columns, ["name"])
    listed = chance_echoes(own, ["10233"] * 3 + ["van Dijk"], ["ID"] * 3 + ["LAST_NAME"])
    counted = chance_echoes(own, ["10233", "van Dijk"], ["ID", "LAST_NAME"], [3, 1])
    # "10233" in 2 of 4 rows (three hits: 1.5), "van Dijk" in 1 of 4 (not "Joost Dijk").
    assert listed == pytest.approx(1.75)
    assert counted == pytest.approx(listed)
    # A name part is looked for in the names: "Dijk" in 2 of 4 rows' names.
    assert chance_echoes(own, ["Dijk"], ["LAST_NAME"]) == pytest.approx(0.5)
