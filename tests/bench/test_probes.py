"""bench/probes: each probe writes the bundle its docstring describes, with the shape that
made it a probe (references without a telling name, unspaced scripts, lists of chats)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl

from anonymizers.detect.patterns import luhn_ok


def _make(probe: str, rows: int, out: Path) -> Path:
    subprocess.run([sys.executable, "-m", f"bench.probes.{probe}", str(rows), str(out)],
                   check=True, capture_output=True)  # fmt: skip
    return out


def test_the_webshop_refers_to_customers_by_an_untelling_column(tmp_path: Path) -> None:
    out = _make("webshop", 60, tmp_path / "shop")
    customers = pl.read_csv(out / "customers.csv")
    orders = json.loads((out / "orders.json").read_text(encoding="utf-8"))
    assert {o["customer"] for o in orders} <= set(customers["customer_id"])
    assert any("\u3040" <= c <= "\u30ff" for o in orders for c in o["delivery_note"])
    assert (out / "returns.parquet").exists()


def test_the_hr_bundle_holds_names_of_several_scripts(tmp_path: Path) -> None:
    out = _make("hr_locales", 80, tmp_path / "hr")
    names = pl.read_csv(out / "employees.tsv", separator="\t")["full_name"].to_list()
    assert any("\u0400" <= c <= "\u04ff" for n in names for c in n)  # Cyrillic
    assert any("\u4e00" <= c <= "\u9fff" for n in names for c in n)  # Han
    assert any("\uac00" <= c <= "\ud7af" for n in names for c in n)  # Hangul
    assert pl.read_parquet(out / "timesheets.parquet").height > 0


def test_the_marketplace_threads_are_lists_of_messages(tmp_path: Path) -> None:
    out = _make("marketplace", 60, tmp_path / "market")
    users = set(pl.read_csv(out / "users.csv")["user_id"])
    threads = [json.loads(line) for line in (out / "threads.jsonl").read_text().splitlines()]
    assert all(len(t["messages"]) >= 2 for t in threads)
    assert {m["from"] for t in threads for m in t["messages"]} <= users


def test_the_bank_names_customers_in_short_purpose_lines(tmp_path: Path) -> None:
    out = _make("bank", 60, tmp_path / "bank")
    customers = pl.read_parquet(out / "customers.parquet")
    tx = pl.read_csv(out / "transactions.csv", separator=";", infer_schema=False)
    names = {f"{f} {s}" for f, s in zip(customers["first_name"], customers["last_name"],
                                        strict=True)}  # fmt: skip
    assert any(p.endswith(tuple(names)) for p in tx["purpose"].to_list())
    assert tx["amount"].str.contains(",").all()  # decimal commas
    assert set(tx["customer_no"]) <= set(customers["customer_no"])


def test_the_app_events_carry_people_in_urls_and_search_queries(tmp_path: Path) -> None:
    out = _make("app_events", 60, tmp_path / "events")
    users = pl.read_parquet(out / "users.parquet")
    events = pl.read_ndjson(out / "events.jsonl")
    assert set(events["uid"]) <= set(users["uid"])
    assert events["page"].str.contains("email=").any()
    assert events["search_query"].drop_nulls().len() > 0


def test_the_telecom_records_hold_luhn_valid_imeis_and_subscriber_numbers(tmp_path: Path) -> None:
    out = _make("telecom", 60, tmp_path / "telecom")
    subscribers = pl.read_csv(out / "subscribers.csv", infer_schema=False)
    assert all(luhn_ok(imei) for imei in subscribers["imei"])
    cdr = pl.read_parquet(out / "cdr.parquet")
    assert set(cdr["caller"]) <= set(subscribers["msisdn"])
    assert cdr["bytes_up"].dtype == pl.Int64  # numbers that meet the subscriber numbers
    assert (out / "care_notes.jsonl").stat().st_size > 0


def test_the_hotel_bookings_list_their_guests_with_passports(tmp_path: Path) -> None:
    out = _make("hotel", 40, tmp_path / "hotel")
    bookings = json.loads((out / "bookings.json").read_text(encoding="utf-8"))
    assert all(b["guests"] and b["guests"][0]["passport"] for b in bookings)
    payments = pl.read_parquet(out / "payments.parquet")
    assert set(payments["booking_ref"]) <= {b["booking_ref"] for b in bookings}
    assert payments["last4"].str.len_chars().eq(4).all()


def test_the_school_reports_name_pupils_guardians_and_teachers(tmp_path: Path) -> None:
    out = _make("school", 40, tmp_path / "school")
    pupils = pl.read_csv(out / "pupils.csv")
    reports = [json.loads(line) for line in (out / "reports.jsonl").open(encoding="utf-8")]
    assert len(reports) == pupils.height
    assert any(p in r["comment"] for r in reports for p in pupils["first_name"])
    assert set(pl.read_parquet(out / "grades.parquet")["pupil_id"]) == set(pupils["pupil_id"])


def test_the_claims_describe_incidents_with_plates_and_witnesses(tmp_path: Path) -> None:
    out = _make("claims", 30, tmp_path / "claims")
    policies = pl.read_csv(out / "policies.csv")
    claims = [json.loads(line) for line in (out / "claims.jsonl").open(encoding="utf-8")]
    assert {c["policy_number"] for c in claims} <= set(policies["policy_number"])
    assert policies["vin"].str.len_chars().eq(17).all()
    assert any(p in c["incident"]["description"] for c in claims for p in policies["plate"])


def test_the_recruiting_cvs_name_employers_schools_and_referees(tmp_path: Path) -> None:
    out = _make("recruiting", 30, tmp_path / "recruiting")
    candidates = pl.read_csv(out / "candidates.csv")
    apps = [json.loads(line) for line in (out / "applications.jsonl").open(encoding="utf-8")]
    assert [a["candidate_id"] for a in apps] == candidates["candidate_id"].to_list()
    assert all("EXPERIENCE" in a["cv"] and "University of" in a["cv"] for a in apps)
    assert candidates["linkedin"].str.starts_with("https://www.linkedin.com/in/").all()


def test_the_airline_packs_passport_birth_date_and_name_in_ssr_docs_lines(
    tmp_path: Path,
) -> None:
    out = _make("airline", 60, tmp_path / "airline")
    pax = pl.read_csv(out / "passengers.csv", separator=";", infer_schema=False)
    assert pax["ticket_number"].str.len_chars().eq(13).all()
    notes = [json.loads(line) for line in (out / "desk_notes.jsonl").open(encoding="utf-8")]
    docs = [n["note"] for n in notes if "SSR DOCS" in n["note"]]
    assert docs and all(p in {r["passport_no"] for r in pax.iter_rows(named=True)}
                        for p in (d.split("/")[2] for d in docs))  # fmt: skip
    segments = pl.read_parquet(out / "segments.parquet")
    assert set(pax["record_locator"]) == set(segments["record_locator"])


def test_the_lettings_tenants_rent_flats_of_the_agencys_own_blocks(tmp_path: Path) -> None:
    out = _make("lettings", 40, tmp_path / "lettings")
    tenants = json.loads((out / "tenants.json").read_text(encoding="utf-8"))
    blocks = pl.read_csv(out / "buildings.csv")
    assert {t["block_id"] for t in tenants} <= set(blocks["block_id"])
    assert all(t["emergency_contact"]["name"] for t in tenants)
    meters = pl.read_parquet(out / "meters.parquet")
    assert meters.height == 3 * len(tenants)


def test_the_pharmacy_notes_name_patients_drugs_and_prescribers(tmp_path: Path) -> None:
    out = _make("pharmacy", 40, tmp_path / "pharmacy")
    patients = pl.read_csv(out / "patients.tsv", separator="\t", infer_schema=False)
    scripts = pl.read_parquet(out / "prescriptions.parquet")
    assert set(scripts["patient_id"]) == set(patients["patient_id"])
    assert scripts["prescriber"].str.starts_with("D").all()
    notes = [json.loads(line) for line in (out / "notes.jsonl").open(encoding="utf-8")]
    assert all(any(d in n["note"] for d in scripts["drug"]) for n in notes)


def test_the_parcels_stops_say_where_each_consignment_went(tmp_path: Path) -> None:
    out = _make("parcels", 40, tmp_path / "parcels")
    consignments = pl.read_csv(out / "consignments.csv", infer_schema=False)
    stops = [json.loads(line) for line in (out / "stops.jsonl").open(encoding="utf-8")]
    assert {s["tracking_no"] for s in stops} == set(consignments["tracking_no"])
    assert consignments["sender_hotline"].n_unique() < consignments.height
    assert pl.read_parquet(out / "depots.parquet").height == 12


def test_the_vet_pets_are_named_as_people_are(tmp_path: Path) -> None:
    out = _make("vet", 60, tmp_path / "vet")
    owners = pl.read_csv(out / "owners.csv", infer_schema=False)
    pets = pl.read_csv(out / "pets.csv", infer_schema=False)
    assert set(pets["owner_id"]) <= set(owners["owner_id"])
    assert pets["microchip"].str.contains(r"^\d{15}$").all()
    assert {"Bella", "Max", "Oscar"} & set(pets["pet_name"])
    visits = [json.loads(line) for line in (out / "visits.jsonl").open(encoding="utf-8")]
    assert visits and all(v["pet_id"] in set(pets["pet_id"]) for v in visits)


def test_the_benefits_notes_write_the_swedish_id_without_its_century(tmp_path: Path) -> None:
    out = _make("benefits", 40, tmp_path / "benefits")
    citizens = pl.read_csv(out / "citizens.csv", separator=";", infer_schema=False)
    assert citizens["account"].str.starts_with("8327-9, ").any()
    notes = [json.loads(line) for line in (out / "case_notes.jsonl").open(encoding="utf-8")]
    swedish = [n for n in notes if n["note"].startswith("Klienten")]
    assert swedish and all(n["person_id"][2:] in n["note"] for n in swedish)
    assert all(n["person_id"] not in n["note"] for n in swedish)
    payments = pl.read_csv(out / "payments.csv", separator=";", infer_schema=False)
    assert payments["amount"].str.contains(",").all()


def test_the_payments_references_repeat_the_counterparty_word_for_word(tmp_path: Path) -> None:
    out = _make("payments", 400, tmp_path / "payments")
    tx = pl.read_csv(out / "transactions.csv")
    assert tx["txn_id"].n_unique() == tx.height == 400
    cards = tx.filter(pl.col("reference").str.starts_with("Card payment "))
    assert cards.height and all(
        r == f"Card payment {c}"
        for r, c in zip(cards["reference"], cards["counterparty"], strict=True)
    )
    assert tx["reference"].str.contains(r"^Salary \w+ 2025$").any()


def test_the_reviews_name_brands_after_people_in_a_kept_column(tmp_path: Path) -> None:
    out = _make("reviews", 200, tmp_path / "reviews")
    users = pl.read_csv(out / "users.csv")
    reviews = [json.loads(line) for line in (out / "reviews.jsonl").open(encoding="utf-8")]
    assert len(reviews) == 200 and {r["user_id"] for r in reviews} <= set(users["user_id"])
    assert all(r["product"].startswith(r["brand"]) for r in reviews)
    assert sum(r["brand"] in r["body"] for r in reviews) > 50


def test_the_devtools_logins_come_back_in_paths_and_mentions(tmp_path: Path) -> None:
    out = _make("devtools", 400, tmp_path / "devtools")
    commits = pl.read_parquet(out / "commits.parquet")
    issues = [json.loads(line) for line in (out / "issues.jsonl").open(encoding="utf-8")]
    assert commits.height == 400 and len(issues) == 100
    logins = {i["reporter"] for i in issues} | {i["assignee"] for i in issues}
    assert any(f"/home/{i['reporter']}/" in i["body"] for i in issues)
    assert any(f"@{login}" in m for m in commits["message"] for login in logins)


def test_the_clinic_s_practices_are_named_after_doctors(tmp_path: Path) -> None:
    out = _make("clinic", 100, tmp_path / "clinic")
    patients = pl.read_csv(out / "patients.csv", infer_schema=False)
    assert patients["nhs_number"].str.contains(r"^\d{10}$").all()
    assert patients["gp_practice"].str.contains(r"(Surgery|Practice|Centre)$").all()
    notes = pl.read_parquet(out / "appointments.parquet")["notes"]
    assert notes.str.contains("Pt's daughter").any()


def test_the_smart_home_readings_carry_mac_addresses(tmp_path: Path) -> None:
    out = _make("smart_home", 40, tmp_path / "home")
    readings = [json.loads(line) for line in (out / "readings.jsonl").open(encoding="utf-8")]
    assert len(readings) == 120
    assert all(len(r["hw"].split(":")) == 6 for r in readings)
    assert "wifi_ssid" in pl.read_csv(out / "households.csv").columns


def test_the_survey_repeats_short_answers_and_flags_its_contacts(tmp_path: Path) -> None:
    out = _make("survey", 200, tmp_path / "survey")
    rows = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    assert len(rows) == 200 and {r["email_optin"] for r in rows} == {"yes", "no"}
    answers = [r["answer_improve"] for r in rows] + [r["answer_what_went_well"] for r in rows]
    assert "Keine Anmerkungen." in answers
    assert any(a.startswith("Rappelez-moi svp, ") for a in answers)


def test_the_mailbox_nests_contacts_in_objects_and_lists(tmp_path: Path) -> None:
    out = _make("mailbox", 120, tmp_path / "mail")
    rows = [json.loads(line) for line in (out / "mailbox.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 120 and set(rows[0]["from"]) == {"name", "address"}
    assert all(isinstance(r["to"], list) and r["to"] for r in rows)
    assert any(" | " in r["body"] and "\n-- \n" in r["body"] for r in rows)  # a bar signature
    assert any("erreichbar" in r["body"] for r in rows)


def test_the_european_crm_lists_are_excel_semicolon_csv(tmp_path: Path) -> None:
    out = _make("crm_europe", 50, tmp_path / "crm")
    raw = (out / "kunden.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    header = raw[3:].split(b"\r\n")[0].decode("utf-8").split(";")
    assert header[0] == "Kundennummer" and header[-1] == "Bemerkung"
    notes = [line.split(";")[-1] for line in raw.decode("utf-8-sig").splitlines()[1:]]
    assert any(n.startswith("Tel. privat ") for n in notes)
    assert {p.name for p in out.iterdir()} == {"kunden.csv", "clients.csv", "clientes.csv",
                                                "klanten.csv"}  # fmt: skip


def test_the_chat_workspace_keeps_a_folder_per_channel_or_flat_names(tmp_path: Path) -> None:
    out = _make("chat_workspace", 100, tmp_path / "chat")
    assert sorted(p.name for p in (out / "general").iterdir()) == ["2025-01-01.json"]
    users = json.loads((out / "users.json").read_text(encoding="utf-8"))
    messages = json.loads((out / "general" / "2025-01-01.json").read_text(encoding="utf-8"))
    ids = {u["id"] for u in users}
    assert {m["user"] for m in messages} <= ids and any("<@U0" in m["text"] for m in messages)
    subprocess.run([sys.executable, "-m", "bench.probes.chat_workspace", "100",
                    str(tmp_path / "flat"), "flat"], check=True)  # fmt: skip
    assert (tmp_path / "flat" / "general_2025-01-01.json").is_file()
    assert not any(p.is_dir() for p in (tmp_path / "flat").iterdir())


def test_the_ledger_bundle_has_a_shape_per_format(tmp_path: Path) -> None:
    out = _make("ledger_formats", 80, tmp_path / "ledger")
    tickets = pl.read_csv(out / "tickets.csv")
    assert tickets.height == 80 and tickets["description"].str.contains("\n").any()
    keys = {frozenset(json.loads(line)) for line in (out / "contacts.jsonl").open()}
    assert len(keys) > 1  # the records differ in their keys
    accounts = pl.read_parquet(out / "accounts.parquet")
    assert accounts["account"].str.contains(r"^ACC\d{7,}$").all()
    assert str(accounts.schema["balance"]).startswith("Decimal")


def test_the_rides_bundle_has_street_lines_of_three_countries_and_points_in_feedback(
    tmp_path: Path,
) -> None:
    out = _make("rides", 200, tmp_path / "rides")
    riders = [json.loads(line) for line in (out / "riders.jsonl").open(encoding="utf-8")]
    assert {"lat", "lng", "label"} <= set(riders[0]["home"])
    feedback = pl.read_parquet(out / "trips.parquet")["feedback"]
    assert feedback.str.contains(r"app showed -?\d+\.\d+, -?\d+\.\d+").any()
    assert "licence_no" in pl.read_csv(out / "drivers.csv").columns


def test_the_donors_greet_each_supporter_by_name_in_a_column_of_their_own(
    tmp_path: Path,
) -> None:
    out = _make("donors", 200, tmp_path / "donors")
    donors = pl.read_csv(out / "donors.csv")
    titled = donors.filter(pl.col("Salutation").str.starts_with("Dear ")
                           & (pl.col("Salutation").str.split(" ").list.last() == pl.col("Surname")))  # fmt: skip
    assert titled.height > donors.height // 2
    assert pl.read_csv(out / "notes.csv")["Created By"].n_unique() == 4


def test_the_family_trees_name_events_with_places_and_name_objects_with_parts(
    tmp_path: Path,
) -> None:
    out = _make("family_tree", 150, tmp_path / "family")
    people = json.loads((out / "individuals.json").read_text(encoding="utf-8"))
    assert all(p["name"]["display"] == f"{p['name']['given']} /{p['name']['surname']}/"
               for p in people)  # fmt: skip
    assert all(e["place"] for p in people for e in p["events"] if e["type"] == "BIRT")
    assert any("value" in e for p in people for e in p["events"])  # only occupations hold one


def test_the_law_firm_writes_counsel_with_kc_and_matters_with_both_parties(
    tmp_path: Path,
) -> None:
    out = _make("law_firm", 300, tmp_path / "law")
    narratives = pl.read_csv(out / "time_entries.csv")["Narrative"]
    assert narratives.str.contains(r"\(.+ KC\)").any()
    assert pl.read_csv(out / "matters.csv")["Matter No"].str.contains(r"^[A-Z]+/\d{4}/\d{5}$").all()


def test_the_it_assets_name_hosts_after_users_and_managers_by_login(tmp_path: Path) -> None:
    out = _make("it_assets", 300, tmp_path / "it")
    staff = [json.loads(line) for line in (out / "staff.jsonl").open(encoding="utf-8")]
    logins = {s["login"] for s in staff}
    assert {s["manager"] for s in staff} <= logins
    hosts = pl.read_csv(out / "assets.csv")["hostname"].drop_nulls().to_list()
    assert any(login.split(".")[0] in host.lower() for host in hosts for login in logins)
    first = json.loads((out / "signins.jsonl").open(encoding="utf-8").readline())
    assert first["user"].startswith("CORP\\")


def test_the_asian_shop_writes_names_in_their_scripts_and_numbers_inquiries_from_one(
    tmp_path: Path,
) -> None:
    out = _make("asia_shop", 200, tmp_path / "shop")
    customers = pl.read_csv(out / "customers.csv")
    assert customers["name_kana"].drop_nulls().str.contains(r"[\u30a0-\u30ff]").all()
    assert any("\uac00" <= c <= "\ud7af" for n in customers["name"] for c in n)  # Hangul
    assert pl.read_csv(out / "inquiries.csv")["inquiry_id"].to_list()[:3] == [1, 2, 3]


def test_the_fitness_activities_carry_gps_tracks_as_lists_of_pairs(tmp_path: Path) -> None:
    out = _make("fitness", 120, tmp_path / "fitness")
    first = json.loads((out / "activities.jsonl").open(encoding="utf-8").readline())
    assert (
        all(len(point) == 2 for point in first["track"])
        and first["start_latlng"] == (first["track"][0])
    )
    assert pl.read_parquet(out / "athletes.parquet")["username"].str.contains(r"\d$").all()


def test_the_permits_are_written_in_capitals_with_phone_extensions(tmp_path: Path) -> None:
    out = _make("permits", 300, tmp_path / "permits")
    permits = pl.read_csv(out / "permits.csv", infer_schema_length=0)
    assert permits["INSPECTOR_NOTES"].drop_nulls().str.contains("MET CONTRACTOR [A-Z]+ ON").any()
    assert permits["APPLICANT_PHONE"].str.contains("x").any()


def test_the_helpdesk_tickets_hold_html_and_the_helpdesks_own_field_ids(tmp_path: Path) -> None:
    out = _make("html_tickets", 100, tmp_path / "tickets")
    tickets = json.loads((out / "tickets.json").read_text(encoding="utf-8"))["tickets"]
    assert all(t["description"].startswith("<") for t in tickets)
    assert {f["id"] for t in tickets for f in t["custom_fields"]} == {360012345678, 360087654321}


def test_the_calls_hold_their_transcript_word_by_word(tmp_path: Path) -> None:
    out = _make("speech_calls", 60, tmp_path / "calls")
    calls = [json.loads(line) for line in (out / "calls.jsonl").open(encoding="utf-8")]
    assert all(" ".join(w["word"] for w in c["words"]) == c["transcript"] for c in calls)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def test_the_guests_sit_at_tables_named_like_people_and_work_at_firms_of_partners(
    tmp_path: Path,
) -> None:
    out = _make("guests", 200, tmp_path / "guests")
    guests = pl.read_csv(out / "guests.csv", infer_schema_length=0)
    assert set(guests["table"]) <= {"Rose", "Lily", "Daisy", "Violet", "Iris", "Jasmine",
                                    "Poppy", "Heather"}  # fmt: skip
    companies = [a["company"] for o in _jsonl(out / "orders.jsonl") for a in o["attendees"]]
    assert any(" and " in c and "," in c for c in companies)


def test_the_players_chat_in_shorthand_and_name_each_other_by_tag(tmp_path: Path) -> None:
    out = _make("gaming", 300, tmp_path / "gaming")
    tags = set(pl.read_parquet(out / "players.parquet")["gamer_tag"])
    chat = [c["message"] for c in _jsonl(out / "chat.jsonl")]
    assert "gg wp" in chat
    assert any(m.startswith("gg ") and m[3:] in tags for m in chat)


def test_the_delivery_orders_are_pipe_separated_with_a_json_basket(tmp_path: Path) -> None:
    out = _make("delivery", 200, tmp_path / "delivery")
    orders = pl.read_csv(out / "orders.csv", separator="|", infer_schema_length=0)
    baskets = [json.loads(b) for b in orders["basket"]]
    assert all(isinstance(b, list) and "dish" in b[0] for b in baskets)
    assert "Margherita" in {i["dish"] for b in baskets for i in b}


def test_the_library_cards_are_barcodes_and_the_books_isbns(tmp_path: Path) -> None:
    out = _make("library", 200, tmp_path / "library")
    cards = pl.read_csv(out / "borrowers.csv", infer_schema_length=0)["card_barcode"]
    assert cards.str.len_chars().eq(14).all()
    assert sum(luhn_ok(c) for c in cards) < cards.len() / 2  # no payment cards
    loans = _jsonl(out / "loans.jsonl")
    assert {loan["card"] for loan in loans} <= set(cards)
    assert all(loan["isbn"].startswith("978-") for loan in loans)


def test_the_messages_refer_to_members_by_bare_numbers(tmp_path: Path) -> None:
    out = _make("dating", 200, tmp_path / "dating")
    members = {p["member_id"] for p in _jsonl(out / "profiles.jsonl")}
    messages = pl.read_csv(out / "messages.csv")
    assert set(messages["from_member"]) <= members and set(messages["to_member"]) <= members


def test_the_newsletter_numbers_subscribers_from_100_and_quotes_them_in_bounces(
    tmp_path: Path,
) -> None:
    out = _make("newsletter", 300, tmp_path / "newsletter")
    ids = pl.read_csv(out / "subscribers.csv")["subscriber_id"]
    assert ids.min() == 100 and ids.max() < 10_000
    events = _jsonl(out / "events.jsonl")
    assert any((e["detail"] or "").startswith("55") for e in events)
    assert any("%40" in (e["url"] or "") for e in events)
    assert isinstance(json.loads((out / "campaigns.json").read_text()), list)


def test_the_tax_forms_hold_ssns_eins_and_routing_numbers(tmp_path: Path) -> None:
    out = _make("tax_prep", 200, tmp_path / "tax")
    clients = pl.read_csv(out / "clients.csv", infer_schema_length=0)
    assert clients["refund_routing"].str.len_chars().eq(9).all()
    w2 = pl.read_csv(out / "w2.csv", infer_schema_length=0)
    assert w2["employer_ein"].str.contains(r"^\d{2}-\d{7}$").all()
    assert set(w2["client_ssn"]) <= set(clients["client_ssn"])


def test_the_trial_is_mostly_codes_and_measurements(tmp_path: Path) -> None:
    out = _make("trial", 300, tmp_path / "trial")
    subjects = pl.read_csv(out / "subjects.csv", infer_schema_length=0)
    assert subjects["initials"].str.contains(r"^[A-Z]\.[A-Z]\.$").all()
    aes = pl.read_csv(out / "adverse_events.csv", infer_schema_length=0)
    assert aes["meddra_code"].str.contains(r"^100\d{5}$").all()
    assert pl.read_parquet(out / "labs.parquet")["value"].dtype == pl.Float64


def test_the_payroll_holds_ni_numbers_tax_codes_and_sort_codes(tmp_path: Path) -> None:
    out = _make("payroll_uk", 240, tmp_path / "payroll")
    staff = pl.read_csv(out / "employees.csv", infer_schema_length=0)
    assert staff["NI Number"].str.contains(r"^[A-Z]{2} \d{2} \d{2} \d{2} [A-D]$").all()
    assert staff["Sort Code"].str.contains(r"^\d{2}-\d{2}-\d{2}$").all()
    notes = pl.read_csv(out / "payslips.csv", infer_schema_length=0)["Clerk Note"]
    assert notes.drop_nulls().str.contains(r" (LLC|Ltd|PLC|Inc)\b").any()


def test_the_garage_names_its_customers_first_and_last(tmp_path: Path) -> None:
    out = _make("car_service", 200, tmp_path / "cars")
    customers = pl.read_csv(out / "customers.csv", infer_schema_length=0)
    assert {"first", "last"} <= set(customers.columns)
    vehicles = _jsonl(out / "vehicles.jsonl")
    assert all(len(v["vin"]) == 17 for v in vehicles)
    assert {v["owner"] for v in vehicles} <= set(customers["cust_ref"])


def test_the_wide_survey_has_a_hundred_coded_answers_and_a_panel_hash(tmp_path: Path) -> None:
    out = _make("wide_survey", 100, tmp_path / "wide")
    responses = pl.read_csv(out / "responses.csv", infer_schema_length=0)
    assert sum(c.startswith("Q") and c[1].isdigit() for c in responses.columns) == 103
    assert set(responses["psid"]) <= set(pl.read_csv(out / "panelists.csv")["psid"])
    assert responses["psid"].str.contains(r"^[0-9a-f]{32}$").all()


def test_the_calendar_events_nest_organizers_and_attendees(tmp_path: Path) -> None:
    out = _make("calendar", 200, tmp_path / "calendar")
    events = _jsonl(out / "events.jsonl")
    assert all("@" in e["organizer"]["email"] for e in events)
    assert any(e["summary"].startswith("1:1 ") and " / " in e["summary"] for e in events)
    assert any(len(e["attendees"]) > 1 for e in events)


def test_the_hl7_feed_holds_pipe_and_caret_segments_in_a_column(tmp_path: Path) -> None:
    out = _make("hl7_feed", 100, tmp_path / "hl7")
    messages = _jsonl(out / "messages.jsonl")
    segments = [m["hl7"].split("\r") for m in messages]
    assert all(s[0].startswith("MSH|^~\\&|") and s[1].startswith("PID|1||MRN") for s in segments)
    assert all("^" in s[1].split("|")[5] for s in segments)  # FAMILY^GIVEN


def test_the_documents_are_named_after_their_owners(tmp_path: Path) -> None:
    out = _make("attachments", 200, tmp_path / "docs")
    docs = pl.read_csv(out / "documents.csv", infer_schema_length=0)
    assert docs["file_name"].str.contains(r"^Passport_[A-Z]\w+[A-Z]\w+\.pdf$").any()
    assert docs["folder"].str.contains(r"^/HR/Leavers/\w+, \w+/$").any()
    assert {s["doc_id"] for s in _jsonl(out / "shares.jsonl")} <= set(docs["doc_id"])


def test_the_sms_log_writes_numbers_without_their_plus(tmp_path: Path) -> None:
    out = _make("sms_log", 200, tmp_path / "sms")
    messages = pl.read_csv(out / "messages.csv", infer_schema_length=0)
    assert messages["to"].str.contains(r"^447\d{9}$").all()
    assert messages["body"].str.contains(r"Your code is \d{6}").any()
    assert {o["number"] for o in _jsonl(out / "optouts.jsonl")} <= set(messages["to"])


def test_the_social_profiles_write_names_with_emoji_and_pronouns(tmp_path: Path) -> None:
    out = _make("social", 300, tmp_path / "social")
    profiles = _jsonl(out / "profiles.jsonl")
    assert any("/her)" in p["display_name"] or "/him)" in p["display_name"] for p in profiles)
    assert any(not p["display_name"][0].isascii() for p in profiles)
    ids = {p["id"] for p in profiles}
    follows = pl.read_csv(out / "follows.csv")
    assert set(follows["follower"]) <= ids and set(follows["followee"]) <= ids


def test_the_web_logs_hold_raw_combined_log_lines(tmp_path: Path) -> None:
    out = _make("web_logs", 200, tmp_path / "logs")
    lines = pl.read_csv(out / "access_log.csv")["line"]
    assert lines.str.contains(r"^\d+\.\d+\.\d+\.\d+ - \S+ \[\d\d/\w{3}/\d{4}:").all()
    assert lines.str.contains("reset\\?email=").any()
    logins = set(pl.read_csv(out / "accounts.csv")["login"])
    assert any(m["message"].split(" for ")[-1].split(" ")[0] in logins
               for m in _jsonl(out / "auth_log.jsonl") if "publickey" in m["message"])  # fmt: skip


def test_the_issue_tracker_repeats_its_multi_valued_headers(tmp_path: Path) -> None:
    out = _make("jira_export", 100, tmp_path / "jira")
    header = (out / "issues.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header.count("Watchers") == 3 and header.count("Comment") == 3


def test_the_form_questions_are_the_headers(tmp_path: Path) -> None:
    out = _make("forms_export", 100, tmp_path / "forms")
    regs = pl.read_csv(out / "registrations.csv", infer_schema_length=0)
    assert "Full name (as it appears on your passport)" in regs.columns
    kin = regs["Emergency contact - name and phone number"]
    assert kin.str.contains(r"^[A-Z]\w+").all() and kin.str.contains(r"\d{3}").all()


def test_the_rota_names_staff_surname_first(tmp_path: Path) -> None:
    out = _make("rota", 200, tmp_path / "rota")
    rota = pl.read_csv(out / "rota.csv", infer_schema_length=0)
    assert rota["Staff"].str.contains(r"^[A-Z'\- ]+, [A-Z][a-z]").all()
    assert len(rota.columns) == 17


def test_the_visa_cases_nest_passports_and_trips(tmp_path: Path) -> None:
    out = _make("visa", 100, tmp_path / "visa")
    cases = _jsonl(out / "applicants.jsonl")
    assert all(set(c["passport"]) == {"number", "issuing_state", "expiry"} for c in cases)
    assert any(c["passport"]["number"] in c["caseworker_notes"] for c in cases)


def test_the_club_writes_emergency_contacts_in_one_field(tmp_path: Path) -> None:
    out = _make("sports_club", 200, tmp_path / "club")
    members = pl.read_csv(out / "members.csv", infer_schema_length=0)
    assert members["emergency_contact"].str.contains(r"\((dad|mum|wife|husband|nan)\)").any()
    assert members["parent_guardian"].str.contains(r"^(Mr|Mrs|Ms) [A-Z] ").any()


def test_the_door_system_prints_surnames_with_an_initial(tmp_path: Path) -> None:
    out = _make("access_control", 200, tmp_path / "doors")
    events = pl.read_csv(out / "badge_events.csv", infer_schema_length=0)
    assert events["holder"].str.contains(r"^[A-Z'\- ]+ [A-Z]$").all()
    visitors = pl.read_csv(out / "visitors.csv", infer_schema_length=0)
    assert visitors["signature"].str.contains(r"^signed: [A-Z]\.\S").all()


def test_the_feedback_is_written_in_six_languages(tmp_path: Path) -> None:
    out = _make("feedback_eu", 300, tmp_path / "feedback")
    langs = set(pl.read_parquet(out / "customers.parquet")["language"])
    assert langs == {"nl", "pl", "sv", "it", "pt", "da"}
    assert any(f["comment"].startswith("Tutto") for f in _jsonl(out / "feedback.jsonl"))


def test_the_payouts_write_ibans_in_groups_and_trade_under_names(tmp_path: Path) -> None:
    out = _make("payouts", 200, tmp_path / "payouts")
    sellers = pl.read_csv(out / "sellers.csv", infer_schema_length=0)
    assert sellers["iban"].str.contains(r"^[A-Z]{2}\d\d( \w{4})+").all()
    owners = sellers["owner"].to_list()
    assert any(t.startswith(o) for t, o in zip(sellers["trading_name"], owners, strict=True))


def test_the_court_list_names_parties_in_case_titles(tmp_path: Path) -> None:
    out = _make("court_list", 200, tmp_path / "court")
    cases = pl.read_csv(out / "cases.csv", infer_schema_length=0)
    assert cases["title"].str.contains(r" v |^Re: ").all()
    assert cases["counsel"].str.contains(r"\((Claimant|Defendant|Crown)\)$").all()


def test_the_furniture_products_are_named_as_people_are(tmp_path: Path) -> None:
    out = _make("furniture", 200, tmp_path / "furniture")
    names = set(pl.read_csv(out / "products.csv")["name"])
    assert {"BILLY", "INGRID", "STEFAN"} <= names
    items = pl.read_csv(out / "orders.csv")["items"]
    assert items.str.contains(r"^\dx [A-ZÄ]+ ").all()


def test_the_mortgage_applicants_are_a_list_with_an_address_history(tmp_path: Path) -> None:
    out = _make("mortgage", 100, tmp_path / "mortgage")
    apps = _jsonl(out / "applications.jsonl")
    assert any(len(a["applicants"]) == 2 for a in apps)
    assert all({"address", "postcode", "from", "to"} == set(h) for a in apps
               for h in a["address_history"])  # fmt: skip


def test_the_chats_are_labelled_in_their_language(tmp_path: Path) -> None:
    out = _make("chat_multilingual", 120, tmp_path / "chats")
    chats = pl.read_parquet(out / "conversations.parquet")
    assert set(chats["language"]) == {"es", "de", "pt", "fr"}
    assert chats["transcript"].str.contains(r"\[10:0\d\] (Kunde|Cliente|Client):").all()


def test_the_admissions_name_schools_after_people(tmp_path: Path) -> None:
    out = _make("admissions", 100, tmp_path / "admissions")
    apps = pl.read_csv(out / "applications.csv", infer_schema_length=0)
    schools = set(pl.read_csv(out / "schools.csv")["school"])
    assert set(apps["preference_1"]) <= schools and "Florence Nightingale Academy" in schools
    assert apps["sibling"].str.contains(r"^Sibling: \w+ \(Year \d\)$").any()


def test_the_hospital_names_wards_after_people_and_quotes_nhs_numbers(tmp_path: Path) -> None:
    out = _make("hospital", 100, tmp_path / "hospital")
    rows = _jsonl(out / "appointments.jsonl")
    assert all(r["nhs_number"].count(" ") == 2 and len(r["nhs_number"]) == 12 for r in rows)
    assert any(r["nhs_number"] in r["letter"] for r in rows)
    assert {"Florence Nightingale Ward", "Mary Seacole Ward"} & {r["ward"] for r in rows}


def test_the_call_records_are_typed_and_numbered_from_one(tmp_path: Path) -> None:
    cdrs = pl.read_parquet(_make("call_records", 300, tmp_path / "cdr") / "cdrs.parquet")
    assert cdrs["record_id"].to_list() == list(range(1, 301))
    assert cdrs.schema["msisdn"] == pl.Int64 and cdrs.schema["called_number"] == pl.Int64
    assert cdrs["duration_s"].max() < 3600


def test_the_stripe_charges_repeat_their_customers(tmp_path: Path) -> None:
    out = _make("stripe_charges", 200, tmp_path / "stripe")
    charges = [json.loads(line) for line in (out / "charges.jsonl").read_text().splitlines()]
    customers = [c["customer"] for c in charges]
    assert len(set(customers)) < len(customers) and all(c.startswith("cus_") for c in customers)
    assert {c["payment_method_details"]["card"]["exp_year"] for c in charges} <= set(
        range(2026, 2032)
    )


def test_the_shopify_and_hubspot_exports_keep_their_tools_headers(tmp_path: Path) -> None:
    orders = pl.read_csv(_make("shopify_orders", 80, tmp_path / "shop") / "orders_export_1.csv",
                         infer_schema=False)  # fmt: skip
    assert orders.width == 49 and orders["Name"][0] == "#1001"
    assert set(orders["Risk Level"]) == {"Low"}
    hub = pl.read_csv(_make("hubspot_contacts", 80, tmp_path / "hub") / "hubspot-contacts.csv",
                      infer_schema=False)  # fmt: skip
    assert set(hub["IP Country"]) == {"United States"} and "IP Address" in hub.columns


def test_the_qualtrics_export_writes_two_rows_under_its_header(tmp_path: Path) -> None:
    path = _make("qualtrics_survey", 40, tmp_path / "qx") / "survey_export.csv"
    survey = pl.read_csv(path, infer_schema=False)
    assert survey["IPAddress"][0] == "IP Address" and survey["Status"][5] == "IP Address"
    assert json.loads(survey["Q1"][1]) == {"ImportId": "QID1"}
    assert survey.height == 42


def test_the_pandas_crm_writes_ids_as_floats_where_the_orders_hold_integers(
    tmp_path: Path,
) -> None:
    out = _make("pandas_crm", 60, tmp_path / "crm")
    customers = pl.read_csv(out / "customers.csv", infer_schema=False)
    orders = pl.read_csv(out / "orders.csv", infer_schema=False)
    assert customers["customer_id"].drop_nulls().str.ends_with(".0").all()
    assert {f"{i}.0" for i in orders["customer_id"]} >= set(customers["customer_id"].drop_nulls())


def test_the_intercom_bodies_escape_apostrophes_and_the_parts_carry_unix_times(
    tmp_path: Path,
) -> None:
    out = _make("intercom_conversations", 80, tmp_path / "ic")
    listing = json.loads((out / "conversations.json").read_text(encoding="utf-8"))
    bodies = [c["source"]["body"] for c in listing["conversations"]]
    assert any("&#39;" in b for b in bodies)
    parts = [p for c in listing["conversations"]
             for p in c["conversation_parts"]["conversation_parts"]]  # fmt: skip
    assert all(len(str(p["created_at"])) == 10 for p in parts)
