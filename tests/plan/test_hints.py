"""plan.hints: what a column's name says it holds, in English and nine other languages."""

from __future__ import annotations

import pytest

from anonymizers.plan.hints import column_words, name_hint, names_a_thing


@pytest.mark.parametrize(
    ("column", "entity"),
    [
        ("email", "EMAIL_ADDRESS"), ("contact.email", "EMAIL_ADDRESS"), ("mobilePhone", "PHONE_NUMBER"),
        ("ssn", "US_SSN"), ("first_name", "FIRST_NAME"), ("Surname", "LAST_NAME"),
        ("manager_name", "PERSON"), ("customer_id", "ID"), ("managerId", "ID"),
        ("date_of_birth", "DATE_OF_BIRTH"), ("postcode", "ZIP_CODE"), ("order_number", "ID"),
        ("product_name", None), ("product_id", None), ("department", None), ("hire_date", None),
        # A nested record's bare keys: when it was born, where it lives, its car.
        ("patient.born", "DATE_OF_BIRTH"), ("birth", "DATE_OF_BIRTH"), ("born_on", "DATE_OF_BIRTH"),
        ("birth_place", "LOCATION"), ("events[].place", "LOCATION"), ("Geburtsort", "LOCATION"),
        ("place_of_birth", "LOCATION"), ("custom_fields[].id", None), ("items[].id", None),
        ("comments[].id", "ID"), ("customer.id", "ID"), ("name_kana", "PERSON"), ("furigana", "PERSON"),
        ("name_romaji", "PERSON"), ("name.given", "FIRST_NAME"),
        ("patient.name[].family", "LAST_NAME"), ("fullName.first", "FIRST_NAME"), ("rank.first", None), ("placement", None), ("workplace", None), ("contact.home", "ADDRESS"), ("home_phone", "PHONE_NUMBER"),
        ("visit.license_plate", "ID"), ("Kennzeichen", "ID"), ("national_id", "NATIONAL_ID"),
        ("patient.national_id_number", "NATIONAL_ID"), ("home_team", None),
        # An analytics export's user id; a product's GUID is no one's.
        ("uid", "ID"), ("user_guid", "ID"), ("product_guid", None), ("fluid", None),
        # A mobile operator's subscriber numbers and SIM and handset identities; a mast.
        ("msisdn", "PHONE_NUMBER"), ("imsi", "ID"), ("sim.iccid", "ID"), ("imei", "ID"),
        # A list's name in the plural (a Parquet List(Int64) of phones has no text to read);
        # a count of them is none.
        ("phones", "PHONE_NUMBER"), ("work_phones", "PHONE_NUMBER"), ("emails", "EMAIL_ADDRESS"),
        ("email_addresses", "EMAIL_ADDRESS"), ("phones_count", None), ("emails_sent", None),
        ("headphones", None), ("id_number", "NATIONAL_ID"), ("personal_number", "NATIONAL_ID"),
        # A call record's parties, often stored as whole numbers.
        ("calling_number", "PHONE_NUMBER"), ("called_number", "PHONE_NUMBER"),
        ("b_number", "PHONE_NUMBER"), ("dialled_no", "PHONE_NUMBER"), ("from_number", None),
        # A card's holder is a person, the card a card; a tax number an id.
        ("cardHolder", "PERSON"), ("card_holder_name", "PERSON"), ("cardholder", "PERSON"),
        ("account_holder", "PERSON"), ("card_type", "CREDIT_CARD"), ("taxNumber", "ID"),
        ("tax_identification_number", "ID"), ("tin", "ID"),
        # An analytics event's properties and a CDP's traits hold anything, "$" or not.
        ("properties.$name", "PERSON"), ("traits.name", "PERSON"), ("properties.$email", "EMAIL_ADDRESS"),
        ("property.name", None), ("venue.name", None),
        # A Shopify order's line item is a product.
        ("Lineitem name", None), ("line_item_name", None),
        ("cell_phone", "PHONE_NUMBER"), ("cell_id", "ID"), ("cell_tower", None),
        # A booking's, a claim's or a policy's reference names its holder as an order's does.
        ("booking_ref", "ID"), ("reservation_number", "ID"), ("claim_no", "ID"),
        # A survey tool's or a CRM's reference to the person's record elsewhere.
        ("ExternalReference", "ID"), ("external_ref", "ID"), ("payment_reference", None),
        ("policy_number", "ID"), ("loyalty_no", "ID"), ("room_number", None),
        ("plate", "ID"), ("vehicle.vin", "ID"), ("plate_size", None), ("vinyl", None),
        # An airline's booking locator, frequent-flyer number and bag tag; a price tag's not.
        ("record_locator", "ID"), ("pnr", "ID"), ("frequent_flyer", "ID"), ("ff_no", "ID"),
        ("bag_tag", "ID"), ("baggage_tag_number", "ID"), ("tag", None), ("staff", None),
        # A tenant's meter and deposit or lease references; a meter's reading is no id.
        ("meter_no", "ID"), ("meter_point_number", "ID"), ("mpan", "ID"), ("meter_reading", None),
        ("deposit_ref", "ID"), ("lease_number", "ID"), ("contract_no", "ID"), ("deposit", None),
        # A health insurer's member number; an insurer's name is no one's.
        ("insurance_no", "ID"), ("health_insurance_number", "ID"), ("nhs_number", "ID"),
        ("kvnr", "ID"), ("insurance_company", None),
        # A point's latitude and longitude; a "long" text or a flat is no coordinate.
        ("lat", "GEO_COORDINATE"), ("pickup_lng", "GEO_COORDINATE"), ("home.latitude",
         "GEO_COORDINATE"), ("gps_long", "GEO_COORDINATE"), ("long", None), ("flat", None),
        ("latest", None),
        # A driver's licence under its own short names; a licence's type is no one's.
        ("licence_no", "US_DRIVER_LICENSE"), ("driving_licence", "US_DRIVER_LICENSE"),
        ("dl_number", "US_DRIVER_LICENSE"), ("license_type", None), ("licensee", None),
    ],
)  # fmt: skip
def test_name_hints(column: str, entity: str | None) -> None:
    assert name_hint(column) == entity


@pytest.mark.parametrize(
    ("column", "entity"),
    [
        ("Vorname", "FIRST_NAME"), ("Nachname", "LAST_NAME"), ("Straße", "ADDRESS"),
        ("PLZ", "ZIP_CODE"), ("Ort", "LOCATION"), ("Telefon", "PHONE_NUMBER"),
        ("Geburtsdatum", "DATE_OF_BIRTH"), ("Kundennummer", "ID"), ("Prénom", "FIRST_NAME"),
        ("Code postal", "ZIP_CODE"), ("Ville", "LOCATION"), ("Código Postal", "ZIP_CODE"),
        ("Dirección", "ADDRESS"), ("Città", "LOCATION"), ("Cognome", "LAST_NAME"),
        ("Fødselsdato", "DATE_OF_BIRTH"), ("Miejscowość", "LOCATION"),
        ("Woonplaats", "LOCATION"), ("Förnamn", "FIRST_NAME"), ("Postnummer", "ZIP_CODE"),
        ("Data de Nascimento", "DATE_OF_BIRTH"), ("Nome", "PERSON"), ("Codice Fiscale", "NATIONAL_ID"),
        # Address parts win over the word "address"; a country says no one's address.
        ("Address City", "LOCATION"), ("Address Postal Code", "ZIP_CODE"), ("Address Country", None),
        ("address.line1", "ADDRESS"),
        # Not hints: English words that are short names elsewhere.
        ("sent_via", None), ("created_by", None), ("Umsatz (EUR)", None), ("Segment", None),
    ],
)  # fmt: skip
def test_column_names_of_other_languages_and_address_parts(column: str, entity: str | None) -> None:
    assert name_hint(column) == entity


def test_a_column_named_for_a_firm_or_a_thing_is_told_from_a_persons() -> None:
    for column in (
        "supplier_name",
        "companyName",
        "Vendor",
        "brand",
        "store",
        "product",
        "property_name",
        "hotelName",
        "employer_name",
        # A firm with a word of whose before it: a Shopify order's "Billing Company".
        "Billing Company",
        "parent_company",
        "Lineitem name",
    ):
        assert names_a_thing(column), column
        assert name_hint(column) != "PERSON", column
    for column in ("customer_name", "contact.name", "Account.Name", "job_title", "owner",
                   "billing_city", "company_contact"):  # fmt: skip
        assert not names_a_thing(column), column


def test_a_column_named_by_alternatives_names_a_thing_when_each_does() -> None:
    # A registration form's "Company / organisation": firms named after founders.
    for column in ("Company / organisation", "Employer/School", "store | branch",
                   "school or employer"):  # fmt: skip
        assert names_a_thing(column), column
    # One alternative may be a person: "Name / company" holds a sole trader's own name.
    for column in ("Name / company", "Contact name or company", "Customer or supplier"):
        assert not names_a_thing(column), column


def test_the_number_of_a_person_an_export_numbers_is_an_id() -> None:
    for column in ("driver_no", "patient_number", "staff_nr", "member_no", "user_ref"):
        assert name_hint(column) == "ID", column
    for column in ("version_no", "build_number", "seat_no", "line_no"):
        assert name_hint(column) is None, column


def test_a_bare_name_key_is_named_by_the_object_it_sits_in() -> None:
    # A JSON export writes {"venue": {"name": ...}}, not venue_name: the object says whose.
    for column in ("venue.name", "store.name", "hotel.name", "items[].name", "company.name",
                   "fixture.venue.name", "products[].name", "airline.Name"):  # fmt: skip
        assert names_a_thing(column), column
        assert name_hint(column) != "PERSON", column
    for column in ("requester.name", "contact.name", "Account.Name", "guest.name",
                   "name", "recrutador.nome", "passengers[].name", "files[].name"):  # fmt: skip
        assert not names_a_thing(column), column
    for column in ("requester.name", "contact.name", "guest.name", "name", "passengers[].name"):
        assert name_hint(column) == "PERSON", column


def test_firms_and_things_named_in_other_languages_are_things() -> None:
    for column in ("empresa", "Empresa", "nombre_empresa", "Nome da Loja", "nom_du_magasin",
                   "Unternehmen", "Lieferant", "fornitore", "Marke", "leverancier",
                   "Krankenhaus", "szpital", "Equipo", "ristorante"):  # fmt: skip
        assert names_a_thing(column), column
        assert name_hint(column) != "PERSON", column
    # "firma" is a signature in Spanish and Italian; a Romance name column stays a person's.
    for column in ("firma", "nombre", "nome_completo", "nombre_del_cliente", "nom_complet"):
        assert not names_a_thing(column), column


@pytest.mark.parametrize(
    "column",
    [
        "N° client",
        "Nº cliente",
        "No. cliente",
        "Kd.-Nr.",
        "Nr klienta",
        "Num. socio",
        "customer #",
        "Mitglied Nr.",
        "N° commande",
        "Nº pedido",
    ],
)
def test_a_number_sign_or_abbreviation_before_or_after_a_person_is_an_id(column: str) -> None:
    assert name_hint(column) == "ID"


def test_abbreviation_dots_are_no_nested_path_but_a_path_s_dots_are() -> None:
    assert column_words("No. cliente") == "no_cliente"
    assert column_words("contact.emailAddress") == "email_address"
    for column in ("slide_number", "valid_no", "num_items", "Nr."):
        assert name_hint(column) is None, column


@pytest.mark.parametrize(
    ("column", "entity"),
    [
        # The forms probe: a question's aside named a passport, and a question asked for
        # a name and a phone number at once (its names were kept, its phones faked).
        ("Full name (as it appears on your passport)", "PERSON"),
        ("Date of birth (DD/MM/YYYY)", "DATE_OF_BIRTH"),
        ("Emergency contact - name and phone number", None),
        ("Name & e-mail", None),
        ("First and last name", "PERSON"),
        ("Passport number", "US_PASSPORT"),
    ],
)
def test_a_form_question_is_hinted_by_what_it_asks(column: str, entity: str | None) -> None:
    assert name_hint(column) == entity


@pytest.mark.parametrize(
    ("column", "entity"),
    [
        # The visa probe: {"passport": {"number": ...}} kept in 3,000 of 3,000 rows.
        ("passport.number", "US_PASSPORT"),
        ("phone.number", "PHONE_NUMBER"),
        ("account.no", "ID"),
        ("items[].code", None),
        ("price.value", None),
    ],
)
def test_a_nested_number_is_named_by_its_object(column: str, entity: str | None) -> None:
    assert name_hint(column) == entity


@pytest.mark.parametrize("column", ["car_reg", "Vehicle reg", "Kennzeichen", "matricula", "VRM"])
def test_a_car_s_registration_is_its_keeper_s_id(column: str) -> None:
    # The access-control probe: visitors' car registrations kept, 1,000 of 1,000.
    assert name_hint(column) == "ID"


def test_a_trading_name_is_a_firm_s_whatever_it_holds() -> None:
    # The payouts probe: "Molly Crehan Plumbing" faked whole as "Federico Melinda Arellano".
    assert name_hint("trading_name") is None and names_a_thing("trading_name")
