"""Column classification, the plan file, and fail-closed drift on a frozen plan."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from anonymizers.detect.spans import NAME_INSIDE
from anonymizers.detect.text import TextDetector
from anonymizers.errors import PlanDriftError
from anonymizers.io.tables import read_table
from anonymizers.plan.columns import (
    Plan,
    check_drift,
    classify_column,
    make_plan,
    write_plan,
)
from anonymizers.policy import ColumnRule, Policy

HR_CSV = """employee_id,first_name,last_name,work_contact,phone,department,hire_date,notes,manager_id,product_name
1001,Priya,Raman,priya.raman@northwind-logistics.com,(415) 555-0134,Logistics,2019-04-01,"Priya asked to move her review to Friday, Kevin agreed.",,Route Planner
1002,Kevin,O'Brien,kevin.obrien@northwind-logistics.com,415-555-0178,Sales,2020-09-14,"Kevin covers the Oakland accounts while Ana is on leave.",1001,Route Planner
1003,Ana,Souza,ana.souza@northwind-logistics.com,+1 415 555 0199,Sales,2021-01-11,"Ana returned from parental leave and picked up her accounts again.",1002,Fleet Tracker
"""


def test_values_beat_a_vague_name_and_text_is_free_text(tmp_path: Path) -> None:
    src = tmp_path / "employees.csv"
    src.write_text(HR_CSV)
    plan = make_plan([read_table(src)], Policy(), tagger=None)
    by_col = {d.column: d for d in plan.tables["employees"]}
    # "work_contact" says nothing; its values are emails.
    assert by_col["work_contact"].entity == "EMAIL_ADDRESS"
    assert by_col["work_contact"].detected_by == "values"
    assert by_col["phone"].entity == "PHONE_NUMBER"
    assert by_col["notes"].kind == "free_text"
    assert by_col["manager_id"].entity == "ID" and by_col["employee_id"].entity == "ID"
    assert by_col["department"].kind == "safe" and by_col["product_name"].kind == "safe"
    assert by_col["first_name"].operator == "fake"
    assert by_col["department"].technique == "none"
    assert by_col["first_name"].technique == "pseudonymisation"


def test_policy_rule_wins_and_ner_tags_unnamed_person_columns() -> None:
    policy = Policy(columns={"tickets.rep": ColumnRule(kind="safe")})
    reps = pl.Series("rep", ["Maria Garcia", "Kevin O'Brien", "Ana Souza"])
    assert classify_column("tickets", "rep", reps, policy, None).kind == "safe"

    def tagger(values: list[str]) -> list[str | None]:
        return ["PERSON" if " " in v else None for v in values]

    decision = classify_column("tickets", "rep", reps, Policy(), tagger)
    assert (decision.kind, decision.entity, decision.detected_by) == ("entity", "PERSON", "ner")


def test_a_grade_named_as_one_is_never_a_person_by_ner_but_its_owner_is() -> None:
    # A Shopify order's "Risk Level" of "Low" (a surname to NER) was faked as people.
    def tagger(values: list[str]) -> list[str | None]:
        return ["PERSON"] * len(values)

    levels = pl.Series("Risk Level", ["Low", "Low", "Medium", "Low", "High"] * 200)
    for column in ("Risk Level", "Lifecycle Stage", "priority"):
        assert (
            classify_column("orders", column, levels.rename(column), Policy(), tagger).kind
            == "safe"
        )
    owners = pl.Series("risk_owner", ["Maria Garcia", "Kevin Low", "Ana Souza"] * 300)
    assert classify_column("orders", "risk_owner", owners, Policy(), tagger).entity == "PERSON"


def test_a_category_of_capitalised_codes_that_ner_reads_as_people_is_safe() -> None:
    # The airline probe: five fare bases on 12,000 segments were replaced by surnames.
    def tagger(values: list[str]) -> list[str | None]:
        return ["PERSON"] * len(values)

    codes = pl.Series("fare_basis", ["YLOWFR", "KOWEU", "QSAVER", "VFLEX", "LSTD"] * 400)
    decision = classify_column("segments", "fare_basis", codes, Policy(), tagger)
    assert (decision.kind, decision.detected_by) == ("safe", "values")
    # Agents named in capitals are names the lists know; a few codes on few rows say nothing.
    agents = pl.Series("handled_by", ["MARIA", "KEVIN", "ANA", "JOAO"] * 500)
    assert classify_column("segments", "handled_by", agents, Policy(), tagger).entity == "PERSON"
    few = pl.Series("fare_basis", ["YLOWFR", "KOWEU", "QSAVER"])
    assert classify_column("segments", "fare_basis", few, Policy(), tagger).entity == "PERSON"


def test_bare_digits_of_a_phones_length_under_an_ids_name_are_the_id() -> None:
    tags = pl.Series("bag_tag", ["0571234567", "2209876543", "1250011223"] * 10)
    decision = classify_column("passengers", "bag_tag", tags, Policy(), None)
    assert (decision.entity, decision.detected_by) == ("ID", "name")
    # Under no id's name the same digits are phones.
    decision = classify_column("passengers", "contact", tags.rename("contact"), Policy(), None)
    assert (decision.entity, decision.detected_by) == ("PHONE_NUMBER", "values")


def test_a_float_column_named_for_a_latitude_is_a_coordinate() -> None:
    # The parcels probe kept each delivery's point to six decimals: a recipient's door.
    lat = pl.Series("lat", [44.079308, 44.351594, 47.330691])
    decision = classify_column("stops", "lat", lat, Policy(), None)
    assert (decision.entity, decision.detected_by) == ("GEO_COORDINATE", "name")
    weight = pl.Series("weight_kg", [16.1, 11.8, 0.4])
    assert classify_column("stops", "weight_kg", weight, Policy(), None).kind == "safe"


@pytest.mark.parametrize(
    ("column", "entity"),
    [("national_id", "NATIONAL_ID"), ("pesel", "NATIONAL_ID"), ("id_number", "NATIONAL_ID"),
     ("personal_number", "NATIONAL_ID"), ("passport_number", "US_PASSPORT"),
     ("driver_license", "US_DRIVER_LICENSE"), ("account_number", "US_BANK_NUMBER"),
     ("ssn", "US_SSN"), ("customer_number", "ID")],
)  # fmt: skip
def test_a_column_of_whole_numbers_named_for_an_id_is_that_id(column: str, entity: str) -> None:
    # A Parquet export's Int64 national ids, passports and account numbers (session 49):
    # their text form was replaced, the typed one kept as "safe, default".
    numbers = pl.Series(column, [67081584409, 52060143526, 82450263136] * 10, dtype=pl.Int64)
    decision = classify_column("citizens", column, numbers, Policy(), None)
    assert (decision.kind, decision.entity, decision.detected_by) == ("entity", entity, "name")
    visits = pl.Series("visits", [18, 23, 4] * 10, dtype=pl.Int64)
    assert classify_column("citizens", "visits", visits, Policy(), None).kind == "safe"


def test_a_name_of_digits_over_values_without_any_is_not_that_entity() -> None:
    # A HubSpot export (session 49): "IP Country" of countries was planned an IP address,
    # its countries faked, and the kept "Country/Region" met them in every row.
    countries = pl.Series("IP Country", ["United States", "Germany", "France"] * 10)
    decision = classify_column("contacts", "IP Country", countries, Policy(), None)
    assert decision.entity != "IP_ADDRESS" and decision.kind == "safe"
    # Real values under the same names keep the name's entity, a few odd cells or not.
    ips = pl.Series("IP Address", ["10.0.0.1", "192.168.2.4", "n/a"] * 10)
    assert classify_column("contacts", "IP Address", ips, Policy(), None).entity == "IP_ADDRESS"
    phones = pl.Series("phone", ["N/A", "ask reception", "555-0134"] * 10)
    assert classify_column("contacts", "phone", phones, Policy(), None).entity == "PHONE_NUMBER"


def test_a_column_named_for_the_party_holding_its_ids_is_an_id_though_they_repeat() -> None:
    # A Stripe charges export (session 49): "customer" of "cus_NffrFeUfNV2Hib" repeated
    # over each customer's charges was kept, every charge linkable to its customer.
    ids = [f"cus_{k:03d}Nffr{chr(65 + k % 26)}eUfNV2Hib" for k in range(60)]
    customers = pl.Series("customer", [ids[(k * 7) % 60] for k in range(400)])
    decision = classify_column("charges", "customer", customers, Policy(), None)
    assert (decision.kind, decision.entity) == ("entity", "ID")
    # A segment under the same name, and a few codes shared by all, are no one's.
    segments = pl.Series("customer", ["retail", "wholesale", "vip"] * 100)
    assert classify_column("charges", "customer", segments, Policy(), None).kind == "safe"
    few = pl.Series("customer", ["ACME-001", "ACME-002"] * 100)
    assert classify_column("charges", "customer", few, Policy(), None).entity != "ID"


def test_a_list_of_whole_numbers_named_phones_is_phones() -> None:
    # Kept and CERTIFIED in session 49: a Parquet List(Int64) has no text to read.
    phones = pl.Series("phones", [[447700910390], [447700950510, 447700936627]] * 10)
    decision = classify_column("payments", "phones", phones, Policy(), None)
    assert (decision.kind, decision.entity) == ("entity", "PHONE_NUMBER")


def test_frozen_plan_round_trips_and_blocks_drift(tmp_path: Path) -> None:
    src = tmp_path / "employees.csv"
    src.write_text(HR_CSV)
    plan = make_plan([read_table(src)], Policy(), tagger=None)
    frozen_path = tmp_path / "plan.yaml"
    write_plan(plan, frozen_path)
    frozen = Plan.from_yaml(frozen_path)
    assert frozen.tables == plan.tables and frozen.frozen
    check_drift(frozen, [read_table(src)])  # unchanged data passes

    src.write_text(HR_CSV.replace("product_name\n", "product_name,home_address\n", 1)
                   .replace("Route Planner\n", "Route Planner,12 Harbor Way\n")
                   .replace("Fleet Tracker\n", "Fleet Tracker,3 Elm St\n"))  # fmt: skip
    with pytest.raises(PlanDriftError, match="new column 'home_address'"):
        check_drift(frozen, [read_table(src)])


def test_retyped_column_blocks_a_frozen_plan(tmp_path: Path) -> None:
    src = tmp_path / "scores.jsonl"
    src.write_text('{"employee_id": 1001, "score": 4}\n')
    frozen_path = tmp_path / "plan.yaml"
    write_plan(make_plan([read_table(src)], Policy(), tagger=None), frozen_path)
    src.write_text('{"employee_id": "EMP-1001", "score": 4}\n')
    with pytest.raises(PlanDriftError, match="changed type"):
        check_drift(Plan.from_yaml(frozen_path), [read_table(src)])


def _frozen_hr(tmp_path: Path) -> tuple[Plan, Path]:
    """The HR export with its plan frozen: the state a nightly job starts from."""
    src = tmp_path / "employees.csv"
    src.write_text(HR_CSV)
    frozen_path = tmp_path / "plan.yaml"
    write_plan(make_plan([read_table(src)], Policy(), tagger=None), frozen_path)
    return Plan.from_yaml(frozen_path), src


def _rewrite_columns(src: Path, rename: dict[str, str] | None = None, drop: str = "") -> None:
    df = pl.read_csv(src, infer_schema_length=0)
    df = df.rename(rename or {})
    if drop:
        df = df.drop(drop)
    df.write_csv(src)


def test_dropped_column_blocks_a_frozen_plan(tmp_path: Path) -> None:
    """Was a ColumnNotFoundError deep in the transform (exit 3): now one line, exit 2."""
    frozen, src = _frozen_hr(tmp_path)
    _rewrite_columns(src, drop="phone")
    with pytest.raises(PlanDriftError, match=r"employees\.csv: column 'phone' of the frozen "):
        check_drift(frozen, [read_table(src)])


def test_renamed_column_blocks_a_frozen_plan(tmp_path: Path) -> None:
    frozen, src = _frozen_hr(tmp_path)
    _rewrite_columns(src, rename={"work_contact": "work_email"})
    with pytest.raises(PlanDriftError, match="'work_contact' was renamed to 'work_email'"):
        check_drift(frozen, [read_table(src)])


def test_new_and_dropped_columns_are_named_in_one_line(tmp_path: Path) -> None:
    """Two columns gone and one new: no rename can be told, every change is named."""
    frozen, src = _frozen_hr(tmp_path)
    _rewrite_columns(src, rename={"notes": "hr_notes"}, drop="phone")
    with pytest.raises(PlanDriftError) as caught:
        check_drift(frozen, [read_table(src)])
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(src))
    for change in ("new column 'hr_notes'", "column 'notes' of", "column 'phone' of"):
        assert change in message


def test_new_table_blocks_a_frozen_plan(tmp_path: Path) -> None:
    frozen, src = _frozen_hr(tmp_path)
    extra = tmp_path / "payroll.jsonl"
    extra.write_text('{"employee_id": 1001, "iban": "DE89370400440532013000"}\n')
    with pytest.raises(PlanDriftError, match=r"payroll\.jsonl: new table 'payroll'"):
        check_drift(frozen, [read_table(src), read_table(extra)])


def test_table_gone_blocks_a_frozen_plan(tmp_path: Path) -> None:
    employees = tmp_path / "employees.csv"
    employees.write_text(HR_CSV)
    tickets = tmp_path / "tickets.csv"
    tickets.write_text("ticket_id,body\nT-1,Printer jammed again\n")
    frozen_path = tmp_path / "plan.yaml"
    both = [read_table(employees), read_table(tickets)]
    write_plan(make_plan(both, Policy(), tagger=None), frozen_path)
    with pytest.raises(PlanDriftError, match=r"^tickets\.csv: table 'tickets' of the frozen"):
        check_drift(Plan.from_yaml(frozen_path), [read_table(employees)])


def test_duration_columns_are_decided_without_sampling() -> None:
    """Sampling casts to text first, and polars cannot cast a duration (or a list of
    them) to text: a call-centre export with call lengths crashed the plan."""
    calls = pl.DataFrame(
        {
            "call_length": pl.Series([240_000_000, 720_000_000]).cast(pl.Duration("us")),
            "hold_times": pl.Series([[30_000_000], [5_000_000, 90_000_000]]).cast(
                pl.List(pl.Duration("us"))
            ),
        }
    )
    for column in calls.columns:
        decision = classify_column("calls", column, calls[column], Policy(), None)
        assert (decision.kind, decision.operator) == ("safe", "keep")


UA = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/1{}.0.6099.109 Safari/537.36"
)


def test_technical_columns_are_planned_technical_not_free_text() -> None:
    columns = {
        "user_agent": [UA.format(i) for i in range(20)],
        "message": [
            f"2025-01-{i + 10} 22:35:12.260447 INFO [checkout] order=ORD-55{i:03d} took {i}ms"
            for i in range(20)
        ],
        "payload": [f'{{"event": "cart.add", "sku": "SKU-{i}", "qty": {i}}}' for i in range(20)],
        "stack": [
            f'Traceback (most recent call last):\n  File "cart.py", line {i}, in add\nKeyError: {i}'
            for i in range(20)
        ],
    }
    for column, values in columns.items():
        decision = classify_column("events", column, pl.Series(column, values), Policy(), None)
        assert (decision.kind, decision.entity, decision.operator) == (
            "technical", None, "fake"
        ), column  # fmt: skip
        assert decision.technique == "pseudonymisation"
    # A column of bare URLs stays what it was: a URL column, each value faked whole.
    urls = pl.Series("referrer", [f"https://shop.example.com/p/{i}?utm=mail" for i in range(20)])
    assert classify_column("events", "referrer", urls, Policy(), None).entity == "URL"


def test_human_free_text_with_some_urls_stays_free_text() -> None:
    notes = [
        "Customer says the page https://shop.example.com/cart crashed when she paid.",
        "Called back, left a message with her husband about the refund.",
        "Sent the return label again, the first one never arrived.",
        "She wants the invoice in French please, see https://help.example.com/fr",
    ] * 5
    decision = classify_column("tickets", "notes", pl.Series("notes", notes), Policy(), None)
    assert decision.kind == "free_text"
    short = ["Call back Fri", "Refund sent", "Wrong size", "Parcel lost?"] * 5

    def tagger(values: list[str]) -> list[str | None]:
        return [None for _ in values]

    decision = classify_column("tickets", "remark", pl.Series("remark", short), Policy(), tagger)
    assert decision.kind != "technical"


def test_a_name_hint_or_policy_beats_the_technical_shape(tmp_path: Path) -> None:
    codes = pl.Series("order_number", [f"ORD_2024_{i:04d}" for i in range(20)])
    assert classify_column("orders", "order_number", codes, Policy(), None).entity == "ID"
    policy = Policy(columns={"events.user_agent": ColumnRule(kind="free_text")})
    uas = pl.Series("user_agent", [UA.format(i) for i in range(20)])
    assert classify_column("events", "user_agent", uas, policy, None).kind == "free_text"
    policy = Policy(columns={"events.note": ColumnRule(kind="technical")})
    notes = pl.Series("note", ["Call me back on Friday please"] * 20)
    assert classify_column("events", "note", notes, policy, None).kind == "technical"


def test_a_technical_column_round_trips_through_the_plan_file(tmp_path: Path) -> None:
    src = tmp_path / "events.csv"
    src.write_text("event_id,user_agent\n" + "".join(f'{i},"{UA.format(i)}"\n' for i in range(5)))
    plan = make_plan([read_table(src)], Policy(), tagger=None)
    write_plan(plan, tmp_path / "plan.yaml")
    frozen = Plan.from_yaml(tmp_path / "plan.yaml")
    assert [d.kind for d in frozen.tables["events"]][1] == "technical"


def test_a_column_of_codes_stays_safe_and_never_reaches_ner() -> None:
    skus = pl.Series("variant", [f"SKU-{i:04d}-BLK" for i in range(20)])

    def tagger(values: list[str]) -> list[str | None]:
        raise AssertionError("NER must not read codes")

    decision = classify_column("products", "variant", skus, Policy(), tagger)
    assert (decision.kind, decision.detected_by) == ("safe", "values")


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("store_city", ["Lyon", "Nantes", "Lille", "Lyon"]),  # a store's city
        ("product_line", ["Oprea Kettle", "Baeza Shelf", "Hebert Lamp"]),  # named like people
        ("Product_Interest__c", ["Oprea Kettle", "Baeza Shelf"]),
        ("property_name", ["Hotel Philippe", "Maison Anouk", "Hotel Schaaf"]),  # founders
        ("producerName", ["Domaine Leroy", "Weingut Keller", "Bodegas Muga"]),
        # A nested export's bare "name" key is its object's: a venue's, a hotel's.
        ("venue.name", ["Estadio Santiago Bernabéu", "Allianz Arena", "Stadio Olimpico"]),
        ("hotel.name", ["Hotel Adlon", "Maison Albar", "Hotel Sacher"]),
        # Groups and titles in other languages: NER reads some as names.
        ("categoria", ["Primi", "Secondi", "Dolci", "Antipasti"]),
        ("Kategorie", ["Hauptgericht", "Vorspeise", "Nachspeise"]),
        ("title", ["Anna Karenina", "Oliver Twist", "Madame Bovary", "Effi Briest"]),
        ("titolo", ["Fettuccine Alfredo", "Pizza Margherita", "Pasta alla Norma"]),
        ("Tytuł", ["Pan Tadeusz", "Lalka", "Quo vadis"]),
        ("Card Last4", ["4242", "0005", "1881"]),  # the four digits a receipt prints
        # A basket's dishes (the delivery probe: "Margherita" was faked as a person).
        ("basket[].dish", ["Margherita", "Pad Thai", "Chicken Tikka", "Fries"]),
        ("menu_item", ["Margherita", "Pad Thai", "Chicken Tikka"]),
        ("Address Country", ["Portugal", "Spain", "France"]),
        ("last_login", ["2025-01-21 22:35:12", "\\N", "2024-11-03 07:05:59"]),  # when, not who
        ("signup_at", ["2025-01-21T22:35:12.000+0000", "2024-12-01T08:00:00.000+0000"]),
    ],
)
def test_columns_about_things_parts_or_times_are_not_personal(
    column: str, values: list[str]
) -> None:
    def tagger(sample: list[str]) -> list[str | None]:
        return ["PERSON"] * len(sample)  # NER reads capitalised pairs as names

    decision = classify_column("t", column, pl.Series(column, values), Policy(), tagger)
    assert decision.kind == "safe", (column, decision)


@pytest.mark.parametrize(
    ("column", "values", "entity"),
    [
        ("billing_address_line1", ["12 Rue de la Paix", "Hauptstraße 5"], "ADDRESS"),
        ("address_line_2", ["Apartment 4B", "Floor 3"], "ADDRESS"),
        ("shop_owner_name", ["Marta Ribeiro", "Jonas Weber"], "PERSON"),
        ("guest.name", ["Marta Ribeiro", "Jonas Weber"], "PERSON"),
        ("store_phone", ["+351 912 345 678", "+49 30 1234567"], "PHONE_NUMBER"),
        ("date_of_birth", ["1972-09-04", "1990-06-02"], "DATE_OF_BIRTH"),
        ("card_number", ["4111 1111 1111 1111", "5500 0000 0000 0004"], "CREDIT_CARD"),
        ("initials", ["J.K.", "M.B.", "A.O."], "ID"),  # the trial probe: kept
        # The payroll probe: National Insurance numbers were kept or garbled.
        ("NI Number", ["YA 70 93 76 C", "NL 83 36 12 B"], "NATIONAL_ID"),
        ("Forenames", ["Pauline", "Bradley"], "FIRST_NAME"),
        # The garage probe: bare "first" and "last" were faked as whole names.
        ("first", ["Sophie", "Helen"], "FIRST_NAME"),
        ("last", ["Henry", "Dunn"], "LAST_NAME"),
    ],
)
def test_personal_columns_keep_their_entity(column: str, values: list[str], entity: str) -> None:
    decision = classify_column("t", column, pl.Series(column, values), Policy(), None)
    assert (decision.kind, decision.entity) == ("entity", entity), decision


def test_a_panels_respondent_hash_is_the_respondents_id() -> None:
    # The wide survey probe: a panel's "psid" (an MD5 per panelist, beside their e-mail)
    # was kept as a code, a key that the panel provider re-identifies.
    import hashlib

    hashes = [hashlib.md5(f"p{i}".encode()).hexdigest() for i in range(40)]
    decision = classify_column("t", "psid", pl.Series(hashes), Policy(), None)
    assert (decision.kind, decision.entity) == ("entity", "ID")
    assert classify_column("t", "sha", pl.Series(hashes), Policy(), None).kind == "safe"
    # Typed numbers under "last" are decided by their type, not as surnames.
    assert classify_column("t", "last", pl.Series([1, 2, 3]), Policy(), None).kind == "safe"


def test_a_cards_numbers_that_fail_the_luhn_check_are_an_id() -> None:
    # The library probe: 14-digit library card barcodes were faked as payment cards.
    barcodes = ["21234005593871", "21234001234567", "21234009876544", "21234002468135"]
    for values in (barcodes, [int(b) for b in barcodes]):
        decision = classify_column("t", "card_barcode", pl.Series(values), Policy(), None)
        assert (decision.kind, decision.entity) == ("entity", "ID"), decision
    cards = ["4111 1111 1111 1111", "5500-0000-0000-0004", "4242424242424242"]
    decision = classify_column("t", "card", pl.Series(cards), Policy(), None)
    assert decision.entity == "CREDIT_CARD"


def test_whole_identifiers_of_several_kinds_are_planned_technical() -> None:
    """A map keyed by e-mails and phones: each cell found by patterns and known values,
    so each is faked as what it is (not all as the kind NER guesses first)."""
    keys = pl.Series(
        "by_contact{}.key",
        [["maria.lopez@example.org", "+1 415 555 0134"], ["kwame.mensah@example.net"],
         ["+44 20 7946 0958", "ingrid.halvorsen@example.com"]],
    )  # fmt: skip
    dec = classify_column("preferences", "by_contact{}.key", keys, Policy(), None)
    assert (dec.kind, dec.detected_by) == ("technical", "values")


def test_a_national_id_of_several_countries_formats_is_one_entity_not_technical() -> None:
    """US, Danish, Italian and Spanish ids under one name: the values look like several
    kinds (an SSN, a phone-like number), the name says which one they are."""
    ids = pl.Series(
        "patient.national_id",
        ["810-98-4163", "010203-1234", "RSSMRA80A01H501U", "12345678Z", "672-15-0931",
         "150785-4411", "VRDLGU64C12F205X", "87654321X", "401-22-7719", "230594-2213"],
    )  # fmt: skip
    dec = classify_column("visits", "patient.national_id", ids, Policy(), None)
    assert (dec.kind, dec.entity, dec.detected_by) == ("entity", "NATIONAL_ID", "name")


def test_people_named_by_a_title_are_persons_in_any_language() -> None:
    doctors = pl.Series("visit.doctor", ["Dr. Velazquez", "Dr. Østergaard", "Prof. Lindau",
                                         "Frau Dr. Birnbaum", "Mme Rousseau", "Dr. van Dijk",
                                         "Sra. Ana Ruiz", "Dr. Chauveau", "Dott. Barozzi", ""])  # fmt: skip
    dec = classify_column("visits", "visit.doctor", doctors, Policy(), None)
    assert (dec.kind, dec.entity, dec.detected_by) == ("entity", "PERSON", "values")
    # A title alone, or one opening a sentence, names no one by itself.
    titles = pl.Series("salutation", ["Dr.", "Mr.", "Mrs.", "Prof."] * 3)
    assert classify_column("t", "salutation", titles, Policy(), None).kind == "safe"
    notes = pl.Series("remark", ["Dr. Smith called back at 10 about the invoice"] * 5)
    assert classify_column("t", "remark", notes, Policy(), None).kind == "free_text"


def test_a_few_pages_shared_by_many_rows_are_technical_and_personal_urls_stay_urls() -> None:
    pages = [
        "https://help.example-shop.com/hc/articles/360012345-Returns",
        "https://status.example-shop.com/incidents/8812",
        "https://app.example-shop.com/settings/billing?tab=invoices",
    ]
    shared = pl.Series("page_url", [pages[i % 3] for i in range(120)])
    dec = classify_column("conversations", "page_url", shared, Policy(), None)
    assert (dec.kind, dec.detected_by) == ("technical", "values")
    # One address per customer (their own site or profile): a personal value, faked whole.
    own = pl.Series(
        "website", [f"https://www.linkedin.com/in/customer-{i:04d}" for i in range(120)]
    )
    dec = classify_column("customers", "website", own, Policy(), None)
    assert (dec.kind, dec.entity) == ("entity", "URL")


def test_a_unique_code_under_an_account_name_is_an_id_and_shared_codes_are_not() -> None:
    unique = pl.Series("account", [f"ACC-{585000 + i}" for i in range(40)])
    shared = pl.Series("account", ["PLAN-A", "PLAN-B"] * 20)
    assert classify_column("t", "account", unique, Policy(), None).entity == "ID"
    assert classify_column("t", "account", shared, Policy(), None).kind == "safe"


def test_array_literals_of_a_things_column_are_judged_by_their_elements() -> None:
    pg = ['{"Marlowe Espresso Grinder","Brennan Trail Shoe"}', '{"Oak Desk"}', "{Lamp,Kettle}"]
    js = ['["Hollis Armchair", "Vega Bike Light"]', '["Quinn Backpack"]', "[]"]
    for column, values in (("items", pg * 10), ("products", js * 10)):
        decision = classify_column("orders", column, pl.Series(column, values), Policy(), None)
        assert (decision.kind, decision.operator) == ("safe", "keep"), column


def test_a_long_text_in_a_things_column_is_still_free_text() -> None:
    notes = ["The oak desk arrived with a scratch on the left side, please advise"] * 20
    decision = classify_column("orders", "items", pl.Series("items", notes), Policy(), None)
    assert decision.kind == "free_text"


def test_a_login_under_a_column_named_for_who_acted_is_an_id() -> None:
    policy = Policy()
    logins = pl.Series(["mhansen", "olaf.deroo", "rita_h", "maria84"] * 10)
    for column in ("assignee", "reporter", "created_by", "requested_by"):
        decision = classify_column("issues", column, logins, policy, None)
        assert (decision.kind, decision.entity) == ("entity", "ID"), column
    labels = pl.Series(["bug", "question", "bug,urgent"] * 10)
    assert classify_column("issues", "labels", labels, policy, None).kind == "safe"
    names = pl.Series(["Anna Berg", "John Smith"] * 20)  # names are the tagger's to judge
    assert classify_column("issues", "reporter", names, policy, None).entity != "ID"


def test_practices_named_after_doctors_are_firms_not_people() -> None:
    practices = pl.Series(["Chan Surgery", "O'Brien Practice", "Mills Medical Centre"] * 10)
    decision = classify_column("patients", "gp_practice", practices, Policy(), _all_people)
    assert decision.kind == "safe"
    people = pl.Series(["Kevin Ali", "Rita Chan", "Mary Mills"] * 10)
    assert classify_column("patients", "kin", people, Policy(), _all_people).entity == "PERSON"


def _all_people(values: list[str]) -> list[str | None]:
    """A tagger that reads every value as a person, as the model reads "Chan Surgery"."""
    return ["PERSON" for _ in values]


def test_a_device_s_hardware_address_is_an_id_by_name_or_by_value() -> None:
    macs = pl.Series(["4f:99:00:d6:60:f3", "2c:b1:ee:24:91:4b", "00:11:22:33:44:55"] * 10)
    for column in ("mac", "bssid", "device_hw"):
        decision = classify_column("readings", column, macs, Policy(), None)
        assert (decision.kind, decision.entity) == ("entity", "ID"), column
    colours = pl.Series(["#ff00aa", "#00ff00"] * 10)
    assert classify_column("readings", "colour", colours, Policy(), None).kind == "safe"


def test_a_yes_or_no_about_a_contact_is_no_contact() -> None:
    for column, values in (("email_optin", ["yes", "no"]), ("phone_verified", ["true", "false"]),
                           ("iban_checked", ["0", "1"])):  # fmt: skip
        decision = classify_column("survey", column, pl.Series(values * 20), Policy(), None)
        assert decision.kind == "safe", column
    emails = pl.Series(["ana@example.com", "li@example.org"] * 20)
    assert classify_column("survey", "email", emails, Policy(), None).entity == "EMAIL_ADDRESS"


@pytest.mark.parametrize(
    "column",
    [
        *("Bemerkung", "Notizen zum Kunden", "Observaciones", "commentaire_client"),
        *("Opmerkingen", "Uwagi", "osservazioni", "anteckningar"),
    ],
)
def test_remarks_named_in_the_export_languages_are_free_text(column: str) -> None:
    """Short notes ("Rückruf erwünscht", "Ansprechpartner: Carmelo Wagenknecht") under a
    German header were kept, then read as technical text (known values only), so the
    names and phones only they hold stayed."""
    notes = ["Rückruf erwünscht", "Ansprechpartner: Carmelo Wagenknecht", "Zahlung per Lastschrift",
             "Tel. privat 03296 534595"] * 5  # fmt: skip
    decision = classify_column("kunden", column, pl.Series(column, notes), Policy(), None)
    assert decision.kind == "free_text", column


def test_a_bare_name_in_a_table_named_for_things_is_no_person() -> None:
    """A chat export's channels.json: "name" is the channel's; its users.json "name" and
    a reaction's "name" of "+1" show the other two sides."""
    channels = pl.Series("name", ["general", "support-escalations", "random", "eng-backend"] * 5)
    assert classify_column("channels", "name", channels, Policy(), None).entity is None
    people = pl.Series("name", ["Anna Berg", "Tomás Ruiz", "Jana Nováková", "Li Wei"] * 5)
    assert classify_column("users", "name", people, Policy(), None).entity == "PERSON"
    plus = pl.Series("reactions[].name", ["+1", "+1", "100", "+1"] * 5)
    decision = classify_column("general_2025-01-02", "reactions[].name", plus, Policy(), None)
    assert decision.kind == "safe"


def test_tables_of_one_shape_are_planned_once_over_all_of_them(tmp_path: Path) -> None:
    """A dataset written as a file per day: each column is decided once, on a sample of
    every day's values, and the decision holds for every day; a column a policy rule
    names in one of the tables is still decided table by table."""
    from anonymizers.io.tables import Table

    days = []
    for day in range(4):
        df = pl.DataFrame({
            "ts": [f"17357{day}0123.4567{i}" for i in range(6)],
            "author": ["Anna Berg", "Tomás Ruiz", "Jana Nováková", "Li Wei", "Ola Nordmann",
                       "Eva Lind"],
            "text": ["Lunch at 12?", "Deploy is done", "Who owns billing?", "see you there",
                     "thanks all", "back at 3pm"],
        })  # fmt: skip
        days.append(Table(f"general_2025-01-0{day + 1}", tmp_path / f"d{day}.json", "json", df,
                          "0" * 64, 1))  # fmt: skip
    calls: list[int] = []

    def tagger(values: list[str]) -> list[str | None]:
        calls.append(len(values))
        return ["PERSON" if " " in v and v.istitle() else None for v in values]

    plan = make_plan(days, Policy(), tagger)
    kinds = {t: [(d.column, d.kind, d.entity) for d in ds] for t, ds in plan.tables.items()}
    assert len({tuple(v) for v in kinds.values()}) == 1  # every day decided alike
    assert ("author", "entity", "PERSON") in kinds["general_2025-01-01"]
    assert len(calls) <= 3 and sum(calls) >= 4 * 6  # once per column, every day sampled
    ruled = Policy(columns={"general_2025-01-02.author": ColumnRule(kind="safe")})
    plan = make_plan(days, ruled, tagger)
    assert plan.tables["general_2025-01-02"][1].kind == "safe"
    assert plan.tables["general_2025-01-03"][1].entity == "PERSON"


def test_an_account_number_with_its_prefix_run_in_is_the_holders_id() -> None:
    """ "ACC64167485" under ``account`` was kept: no separator made it a code, and the
    model reads nothing in it. One per row under a holder's word, it is their number."""
    numbers = pl.Series("account", [f"ACC{64167485 + 7 * i}" for i in range(40)])
    decision = classify_column("accounts", "account", numbers, Policy(), None)
    assert (decision.kind, decision.entity) == ("entity", "ID")
    kinds = pl.Series("account_type", ["savings", "checking"] * 20)
    assert classify_column("accounts", "account_type", kinds, Policy(), None).kind == "safe"
    shared = pl.Series("account", ["ACC64167485", "ACC64167492"] * 20)  # shared: no one's
    assert classify_column("accounts", "account", shared, Policy(), None).kind == "safe"


def test_short_texts_that_name_their_rows_person_are_free_text() -> None:
    # The donor probe: "Dear Miss Taylor" beside the surname "Taylor" was kept as it was.
    def tagger(values: list[str]) -> list[str | None]:
        return [NAME_INSIDE if v.startswith("Dear ") else None for v in values]

    surnames = [
        "Taylor",
        "Okafor",
        "Lindqvist",
        "Moreau",
        "Baptiste",
        "Nakamura",
        "Kowalski",
        "Fernández",
        "Oyelaran",
        "Dubois",
        "Hartmann",
        "Costa",
    ]
    greetings = pl.Series("Salutation", [f"Dear {t} {s}" for t in ["Mrs", "Mr", "Dr", "Rev"]
                                         for s in surnames] + ["Dear Gail", "Dear Supporter"])  # fmt: skip
    decision = classify_column("donors", "Salutation", greetings, Policy(), tagger)
    assert (decision.kind, decision.detected_by) == ("free_text", "ner")
    # A handful of greetings shared by every row is the export's wording, not a name.
    shared = pl.Series("greeting", ["Dear Friend", "Dear Mr Fox"] * 100)
    assert classify_column("mailings", "greeting", shared, Policy(), tagger).kind == "safe"
    # Firms named after a person stay what they were: no person's name is written there.
    firms = pl.Series("practice", [f"Dear {s} Surgery" for s in ["Chan", "Mills", "Ng"]])
    assert classify_column("patients", "practice", firms, Policy(), tagger).kind == "safe"


def test_a_column_of_street_lines_of_several_countries_is_an_address() -> None:
    # The ride-hailing probe: riders' "home.label" in three locales, which NER read as
    # places, people or nothing, was kept.
    lines = pl.Series("label", [
        "5316 Sherry Run", "15, Butala Street", "Vila Sampaio, 30", "957 Dalton Plains",
        "H.No. 632\nVora Street", "Alameda Peixoto, 6", "71/621, Kar Nagar", "Via Jesus",
        "119 Wesley Roads", "Rua Barbosa 12",
    ])  # fmt: skip
    decision = classify_column("riders", "home.label", lines, Policy(), None)
    assert (decision.kind, decision.entity, decision.detected_by) == ("entity", "ADDRESS", "values")
    # A gate or a park with its number is no street line; gates shared by rows never are.
    gates = pl.Series("boarding", ["Gate 12", "Park 7", "Gate 3", "Gate 14"])
    assert classify_column("flights", "boarding", gates, Policy(), None).kind == "safe"
    shared = pl.Series("depot", ["12 Harbour Road", "3 Mill Lane"] * 30)
    assert classify_column("parcels", "depot", shared, Policy(), None).kind == "safe"
    # The payouts probe: a bank's remittance lines ("CT", a court's abbreviation, and a
    # reference's digits) were planned as addresses and faked whole as streets.
    refs = pl.Series("remittance", [f"SEPA CT {f} GmbH INV-2026-{k:04d}" for k, f in
                                    enumerate(["Kraus", "Uría", "Stolze", "Mallet"] * 5)])  # fmt: skip
    assert classify_column("payouts", "remittance", refs, Policy(), None).entity != "ADDRESS"


def test_a_place_column_is_a_town_unless_it_holds_ranks() -> None:
    towns = pl.Series("place", ["Krotoszyn", "Lake Kathryn", "Toruń", "Coverciano"] * 5)
    assert classify_column("events", "events[].place", towns, Policy(), None).entity == "LOCATION"
    ranks = pl.Series("place", ["1st", "2nd", "3rd", "12th", "4.", "5"] * 4)
    assert classify_column("results", "place", ranks, Policy(), None).kind == "safe"


def test_an_objects_bare_user_holding_logins_is_an_id() -> None:
    logins = pl.Series("user", ["amygorey", "teresacrinion", "urowe", "pearce91", "clara46"])
    decision = classify_column("individuals", "submitter.user", logins, Policy(), None)
    assert (decision.kind, decision.entity) == ("entity", "ID")
    kinds = pl.Series("user_type", ["admin", "guest", "member", "guest"] * 5)
    assert classify_column("accounts", "user_type", kinds, Policy(), None).kind == "safe"


def test_device_names_and_domain_logins_are_technical_text() -> None:
    # The IT-assets probe: hostnames named after their users and "CORP\lwillis" were kept.
    hosts = pl.Series("hostname", ["LT-LWILLIS-03", "anna-macbook-pro", "WS6529", "lwillis-pc"])
    decision = classify_column("assets", "hostname", hosts, Policy(), None)
    assert (decision.kind, decision.detected_by) == ("technical", "name")
    logins = pl.Series("user", ["CORP\\lwillis", "CORP\\benderar", "EU-AD\\svc.backup$"] * 4)
    assert classify_column("signins", "user", logins, Policy(), None).kind == "technical"
    # A MAC address is the device's id, not a street address.
    macs = pl.Series("mac_address", ["18:cd:7b:8a:bb:d4", "2f:e3:75:16:2c:51"])
    assert classify_column("assets", "mac_address", macs, Policy(), None).entity == "ID"


def test_a_listings_host_is_no_device() -> None:
    def tagger(values: list[str]) -> list[str | None]:
        return ["PERSON"] * len(values)

    hosts = pl.Series("host_name", ["Maria Garcia", "Kevin O'Brien", "Ana Souza"] * 4)
    assert classify_column("listings", "host_name", hosts, Policy(), tagger).kind != "technical"


def test_a_track_of_points_is_coordinates_and_an_activitys_name_no_person() -> None:
    # The fitness probe: GPS tracks as lists of [lat, lng] were kept, and every
    # "Morning Run" was faked as a person's name.
    track = pl.Series(
        "track[][]", [[51.893668, 3.926311], [51.893996, 3.926711], [51.8943, 3.9271]]
    )
    decision = classify_column("activities", "track[][]", track, Policy(), None)
    assert (decision.kind, decision.entity) == ("entity", "GEO_COORDINATE")
    laps = pl.Series("splits[]", [1.0, 2.5, 1.25, 3.0])  # no point: few decimals
    assert classify_column("activities", "splits[]", laps, Policy(), None).kind == "safe"
    pair = pl.Series("start_latlng[]", [51.893668, 3.926311])
    assert classify_column("activities", "start_latlng[]", pair, Policy(), None).entity == (
        "GEO_COORDINATE"
    )
    titles = pl.Series("name", ["Morning Run", "Lunch Ride", "Evening Walk"] * 5)
    assert classify_column("activities", "name", titles, Policy(), None).kind == "safe"


def test_a_list_of_single_words_is_a_text_cut_into_words() -> None:
    # The speech-to-text probe: "words[].word" held every caller's name and every digit
    # they said, one per item, and was kept.
    said = ["hi", "my", "name", "is", "Kyle", "Vaughn", "and", "I", "am", "calling", "about",
            "my", "bill"]  # fmt: skip
    words = pl.Series("word", [said, said[:6], said[3:]])
    decision = classify_column("calls", "words[].word", words, Policy(), None)
    assert (decision.kind, decision.detected_by) == ("free_text", "values")
    tags = pl.Series("tags", [["vip", "beta"], ["churn-risk"], ["beta", "enterprise"]])
    assert classify_column("users", "tags", tags, Policy(), None).kind == "safe"
    members = pl.Series("members", [[f"U0{i:03d}KU55WL" for i in range(k, k + 40)] for k in (0, 9)])
    assert classify_column("channels", "members", members, Policy(), None).kind != "free_text"


def test_a_column_of_rooms_and_home_addresses_is_text() -> None:
    # The calendar probe: events' `location` held rooms, "Zoom" and, in a third of them,
    # someone's home address: planned safe, every address was kept.
    def tagger(values: list[str]) -> list[str | None]:
        return ["ADDRESS" if v[0].isdigit() else None for v in values]

    homes = [f"{10 + i} Elm Street, Leeds LS{i % 9 + 1} 4AB" for i in range(20)]
    rooms = [f"Room {i % 5}.0{i % 3} (Oslo HQ)" for i in range(20)] + ["Zoom"] * 20
    decision = classify_column("events", "location", pl.Series(homes + rooms), Policy(), tagger)
    assert decision.kind == "free_text"  # by its words, or by the addresses NER finds
    # One venue's address on every row is the venue's: no text to read.
    venue = ["1 Festival Square, Edinburgh EH3 9SR"] * 20 + rooms
    assert classify_column("events", "location", pl.Series(venue), Policy(), tagger).kind == "safe"


def test_file_names_and_folders_are_text_to_read() -> None:
    # The attachments probe: "Passport_JohnSmith.pdf" and "/HR/Leavers/Smith, John/" were
    # kept as they were.
    files = ["Passport_JohnSmith.pdf", "CV - Maria Lopez (2024).docx", "scan0042.pdf",
             "IMG_20240512_Anna_Berg.jpg", "Q1 board pack v3.pptx"]  # fmt: skip
    folders = ["/HR/Leavers/Smith, John/", "/Finance/2024/", "/Shared/", "/Users/a.berg/Desktop/"]
    for column, values in (("file_name", files), ("folder", folders)):
        decision = classify_column("documents", column, pl.Series(values), Policy(), None)
        assert decision.kind == "free_text", (column, decision)
    # Paths alone are machine text, as before.
    paths = pl.Series(["/var/log/app.log", "/etc/hosts", "src/app/main.py"])
    assert classify_column("t", "path", paths, Policy(), None).kind == "technical"


@pytest.mark.model
def test_a_case_title_naming_its_parties_is_text() -> None:
    # The court-list probe: "Smith v Jones Ltd", "Re: Anna Berg (a minor)" under "title",
    # a name that keeps works' titles, kept in 3,000 of 3,000 rows.
    titles = pl.Series("title", [
        "Okafor v Brennan Ltd", "R v HUGHES", "Re: Anna Berg (a minor)", "Patel & Anor v Leeds City Council",
        "Maria Lopez v Tom Walsh", "Kowalski v Dunne Ltd", "Re: Priya Nair (a minor)", "R v MORGAN",
        "Fischer v Quinn Ltd", "Re: Liam Byrne (a minor)",
    ])  # fmt: skip
    detector = TextDetector(Policy())
    decision = classify_column("cases", "title", titles, Policy(), detector.tag_values)
    assert decision.kind == "free_text"
    works = pl.Series("title", ["Anna Karenina", "The Great Gatsby", "Pride and Prejudice", "Emma",
                                "Moby Dick", "War and Peace", "Little Women", "Middlemarch",
                                "Great Expectations", "Wuthering Heights"])  # fmt: skip
    assert classify_column("books", "title", works, Policy(), detector.tag_values).kind == "safe"


@pytest.mark.model
def test_a_trading_name_that_is_its_owner_s_in_half_the_rows_is_text() -> None:
    # The payouts probe: sole traders' "Anna Berg Design" kept under "trading_name", and
    # faked whole ("Federico Melinda Arellano") before it was named a firm's.
    names = pl.Series("trading_name", [
        "Anna Berg Design", "J. Okafor Plumbing", "Stolze GmbH", "Maria Lopez Photography",
        "Carpentier SARL", "Tom Walsh Consulting", "Priya Nair Translations", "Uría S.L.",
        "Liam Byrne Web Studio", "Sophie Martin Design",
    ])  # fmt: skip
    decision = classify_column(
        "sellers", "trading_name", names, Policy(), TextDetector(Policy()).tag_values
    )
    assert decision.kind == "free_text"


@pytest.mark.model
def test_things_named_after_people_are_kept_as_things() -> None:
    # The admissions probe: "St Mary's RC Primary", "Sir John Lawes School" under "school"
    # read as text naming people ("St Kelsey's RC Primary"), while the applications kept
    # the same schools: the tables no longer agreed.
    schools = pl.Series("school", [
        "St Mary's RC Primary", "King Edward VI School", "Thomas Telford Academy",
        "Florence Nightingale Academy", "St John Fisher Catholic College", "Isaac Newton Primary",
        "Queen Elizabeth's Grammar School", "Sir John Lawes School", "Emmeline Pankhurst Academy",
        "Churchill Community College",
    ])  # fmt: skip
    detector = TextDetector(Policy())
    assert (
        classify_column("schools", "school", schools, Policy(), detector.tag_values).kind == "safe"
    )
    greetings = pl.Series("greeting", ["Dear Mrs Taylor", "Dear Mr Fox", "Dear Anna Berg",
                                       "Dear Ms Li", "Dear Tom Walsh", "Dear Dr Okafor"])  # fmt: skip
    assert (
        classify_column("mailings", "greeting", greetings, Policy(), detector.tag_values).kind
        == "free_text"
    )


def test_a_doctor_s_clinic_is_no_titled_name() -> None:
    # The hospital probe: "Dr Smith's Fracture Clinic" under "clinic" planned as a person,
    # so "Pre-op Assessment" beside it was faked as a name too.
    clinics = pl.Series("clinic", ["Dr Smith's Fracture Clinic", "Mr Khan's Fracture Clinic",
                                   "Pre-op Assessment", "Dr Patel's Diabetes Clinic"] * 5)  # fmt: skip
    assert classify_column("appointments", "clinic", clinics, Policy(), None).entity != "PERSON"
    titled = pl.Series(
        "contact", ["Dr. Velazquez", "Frau Birnbaum", "Mme Rousseau", "Mr Okafor"] * 5
    )
    assert classify_column("visits", "contact", titled, Policy(), None).entity == "PERSON"


def test_answers_mostly_canned_but_written_in_the_rest_are_free_text() -> None:
    # A form's "What could we do better?": three canned answers in most rows, an
    # attendee's own sentence in the rest, some naming a trainer or a badge's name.
    canned = ["Rooms were too cold", "More coffee!", "Longer breaks between sessions"] * 150
    own = [
        "The workshop with Juan Carlos was brilliant",
        "My badge said Okafor instead of my name",
        "Please send the slides from the Tuesday keynote by email",
        "Ask Mrs Lindqvist to run the data session again next year",
        "The venue was hard to find from the station, signs would help",
        "Registration queue took forty minutes on the first morning",
    ] * 20
    answers = pl.Series("What could we do better?", canned + own)
    decision = classify_column("feedback", "What could we do better?", answers, Policy(), None)
    assert decision.kind == "free_text"
    # A multiple-choice answer lists a few options in many combinations: no prose.
    rng = random.Random(4)
    sessions = ["Keynote", "Hackathon", "Data workshop", "Networking lunch", "Panel: AI in retail"]
    picked = [", ".join(rng.sample(sessions, rng.randint(1, 3))) for _ in range(600)]
    chosen = pl.Series("Which sessions will you attend?", picked)
    decision = classify_column("forms", "Which sessions will you attend?", chosen, Policy(), None)
    assert decision.kind == "safe"
    # Labels in capitals, a few repeated and many of their own, are no prose either.
    works = ["KITCHEN REMODEL", "REROOF", "SOLAR PV 7.2KW"] * 150 + [
        f"ADDITION PER PLANS BY {firm} ARCHITECTS DATED {d}"
        for firm, d in zip(["MASON", "VANG", "OKAFOR", "LINDQVIST"] * 30, range(120), strict=True)
    ]
    labels = pl.Series("WORK_DESC", works)
    assert classify_column("permits", "WORK_DESC", labels, Policy(), None).kind == "safe"
    # The canned answers alone are a category, as before.
    only = pl.Series("What could we do better?", canned)
    assert (
        classify_column("feedback", "What could we do better?", only, Policy(), None).kind == "safe"
    )
