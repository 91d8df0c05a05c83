"""What the maps learn from the whole bundle: known types, countries, initials, and
addresses in text rebuilt from the fakes of their known pieces."""

from __future__ import annotations

import pickle
from pathlib import Path

import polars as pl
from faker import Faker

from anonymizers.detect.spans import Span
from anonymizers.io.tables import Table
from anonymizers.plan.columns import make_plan
from anonymizers.policy import Policy
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.transform.consistency import (
    best_locales,
    compose_addresses,
    known_types,
    place_counts,
    retype_spans,
    row_names,
    teach_initials,
)

KEY = b"test-pseudonymisation-key-0042"
POLICY = Policy.model_validate(
    {
        "columns": {
            "first_name": {"kind": "entity", "entity": "FIRST_NAME"},
            "last_name": {"kind": "entity", "entity": "LAST_NAME"},
            "street": {"kind": "entity", "entity": "ADDRESS"},
            "city": {"kind": "entity", "entity": "LOCATION"},
            "postcode": {"kind": "entity", "entity": "ZIP_CODE"},
            "country": {"kind": "safe"},
        }
    }
)


def _customers() -> Table:
    df = pl.DataFrame(
        {
            "first_name": ["Sigrid", "Tomás", "Luc", "Ingrid"],
            "last_name": ["Lindqvist", "Ó Súilleabháin", "Moreau", "Berg"],
            "street": ["Storgatan 12", "18 Pembroke Road", "12 Rue Victor Hugo", "Storgatan 12"],
            "city": ["Uppsala", "Dublin", "Lyon", "Uppsala"],
            "postcode": ["753 20", "D04 X2Y3", "69002", "753 20"],
            "country": ["Sverige", "Ireland", "FR", "Norway"],
        }
    )
    return Table("customers", Path("customers.csv"), "csv", df, "", 0)


def test_a_known_first_name_stays_a_first_name_in_text() -> None:
    texts = {("tickets", "body"): ["Sigrid called from Lyon about SIGRID's order."]}
    spans = {
        ("tickets", "body"): [
            [
                Span(0, 6, "LOCATION", 0.7, "ner"),  # NER's guess: a town
                Span(19, 23, "LOCATION", 0.8, "ner"),  # a town the tables know as a town
                Span(30, 36, "ORGANIZATION", 0.6, "ner"),
            ]
        ]
    }
    structured = {"PERSON": {"Sigrid Lindqvist"}, "LOCATION": {"Lyon"}}
    assert retype_spans(texts, spans, structured) == 2
    assert [s.entity for s in spans[("tickets", "body")][0]] == [
        "FIRST_NAME",
        "LOCATION",
        "FIRST_NAME",
    ]


def test_places_take_the_locale_their_rows_name_most_often() -> None:
    table = _customers()
    plan = make_plan([table], POLICY, None)
    # As a run decides them: rows per place and locale, counted per partition and merged.
    halves = [table.df.head(2), table.df.tail(2)]
    hints = best_locales([place_counts(df, table.name, plan, "country") for df in halves])
    # Storgatan 12 is in a Swedish and a Norwegian row: a tie goes to the first locale
    # in sorted order, so the value keeps one locale, hence one fake.
    assert hints["ADDRESS"]["storgatan 12"] == "no_NO"
    assert hints["LOCATION"] == {"uppsala": "no_NO", "dublin": "en_IE", "lyon": "fr_FR"}
    # What a worker gets: the hints as columns, the lookups after pickling the same.
    moved = pickle.loads(pickle.dumps(hints["LOCATION"]))
    assert isinstance(moved._frame, pl.DataFrame) and moved._map is None
    assert (moved.get("dublin"), moved.get("cork"), len(moved)) == ("en_IE", None, 3)


def test_an_address_in_text_is_rebuilt_from_its_known_pieces() -> None:
    pz = Pseudonymizer(KEY)
    structured = {
        "ADDRESS": {"18 Pembroke Road"},
        "LOCATION": {"Dublin"},
        "ZIP_CODE": {"D04 X2Y3"},
    }
    maps = {e: pz.build_map(e, v) for e, v in structured.items()}
    mention = "18 pembroke road, D04 X2Y3 DUBLIN, Ireland"
    maps["ADDRESS"][mention] = pz.fake("ADDRESS", mention)
    assert compose_addresses(pz, maps, structured, {"ADDRESS": {mention}}, 3) == [
        ("ADDRESS", mention)
    ]
    street = maps["ADDRESS"]["18 Pembroke Road"].lower()
    city = maps["LOCATION"]["Dublin"].upper()
    postcode = maps["ZIP_CODE"]["D04 X2Y3"]
    assert maps["ADDRESS"][mention] == f"{street}, {postcode} {city}, Ireland"


def test_an_unknown_rest_of_an_address_is_still_faked() -> None:
    pz = Pseudonymizer(KEY)
    structured = {"LOCATION": {"Dublin"}}
    maps = {"LOCATION": pz.build_map("LOCATION", ["Dublin"]), "ADDRESS": {}}
    mention = "7 Kildare Street, Dublin 2"
    compose_addresses(pz, maps, structured, {"ADDRESS": {mention}}, 3)
    fake = maps["ADDRESS"][mention]
    assert "Kildare" not in fake and maps["LOCATION"]["Dublin"] in fake
    assert fake.count(", ") == 1  # the separator kept, both sides faked


def test_initials_are_learned_from_first_and_last_name_columns() -> None:
    table = _customers()
    plan = make_plan([table], POLICY, None)
    names = row_names([table], plan)
    assert "Tomás Ó Súilleabháin" in names.to_list()
    pz = Pseudonymizer(KEY)
    teach_initials(pz, {"T. Ó Súilleabháin"}, names)
    first = pz.fake("FIRST_NAME", "Tomás")
    assert pz.fake("PERSON", "T. Ó Súilleabháin").startswith(f"{first[0]}. Ó ")


def test_the_first_and_last_names_of_a_list_of_people_are_paired_item_by_item() -> None:
    # The mortgage probe: "applicants[].first_name" beside "applicants[].last_name" (lists
    # of one to two applicants a row) stopped the run with an internal failure.
    df = pl.DataFrame({
        "ref": ["MA1", "MA2", "MA3"],
        "applicants[].first_name": [["Anna", "Tom"], ["Priya"], ["Liam", "Sinéad"]],
        "applicants[].last_name": [["Berg", "Walsh"], ["Nair"], ["Byrne", "Byrne"]],
    })  # fmt: skip
    table = Table("applications", Path("applications.jsonl"), "jsonl", df, "", 0)
    plan = make_plan([table], POLICY, None)
    names = sorted(row_names([table], plan).to_list())
    assert names == ["Anna Berg", "Liam Byrne", "Priya Nair", "Sinéad Byrne", "Tom Walsh"]
    # Lists of different lengths pair nothing, and stop nothing.
    uneven = df.with_columns(pl.Series("applicants[].last_name", [["Berg"], ["Nair"], []]))
    assert row_names([Table("applications", table.path, "jsonl", uneven, "", 0)], plan).len() == 0


def test_faker_gives_the_irish_streets_the_check_expects() -> None:
    # A guard for the test above: Faker's en_IE streets are "<number> <name> Street".
    fk = Faker("en_IE")
    fk.seed_instance(3)
    assert fk.street_address().split()[0].isdigit()


def test_a_rebuilt_address_holding_a_real_value_is_drawn_again() -> None:
    # Rebuilt after the scrub, an address's fresh pieces may hold a real id of the bundle
    # ("10939 Stephanie Port" while 10939 is a customer id): drawn whole again.
    from anonymizers.detect.whole_words import LeakMatcher
    from anonymizers.policy import Policy
    from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
    from anonymizers.transform.apply import Context, scrub_rebuilt

    ctx = Context(Pseudonymizer(b"rebuilt-address-key-0123456789"), Policy())
    mention = "12 Harbour Lane, Kinsale"
    ctx.maps = {"ADDRESS": {mention: "10939 Stephanie Port, Hartford"}}
    real = LeakMatcher({"ID": {"10939"}}, Policy().verification.min_leak_length)
    scrub_rebuilt(ctx, [("ADDRESS", mention)], matcher=real)
    fake = ctx.maps["ADDRESS"][mention]
    assert "10939" not in fake and fake != mention and fake


def test_a_name_written_surname_first_gives_its_parts_their_roles() -> None:
    # The rota probe: staff "THORNTON, Barry", and "Barry covering" in a handover note
    # retyped as a surname and faked as one ("Daugherty"), while the staff column's fake
    # was "CARROLL, Adam".
    types = known_types({"PERSON": {"THORNTON, Barry", "Anna Berg"}}, ["barry", "thornton", "anna"])
    assert types == {"barry": {"FIRST_NAME"}, "thornton": {"LAST_NAME"}, "anna": {"FIRST_NAME"}}
