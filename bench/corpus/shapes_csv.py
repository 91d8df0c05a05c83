"""Shapes of database dumps and SaaS CSV exports: PostgreSQL COPY CSV, MySQL INTO OUTFILE
(tab-separated, ``\\N`` for NULL), a Salesforce-like CRM and a Stripe-like payments export.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from bench.corpus.bundle import (
    KEY,
    BundleOut,
    Clock,
    salesforce_id,
    seeded_uuid,
    sha1ish,
    stripe_id,
)
from bench.corpus.labels import FREE_TEXT, Ref, Writer, name_tokens, street_tokens
from bench.corpus.messages import message, pick_split
from bench.corpus.rows import Crowd

P, E, PH, ST, ZIP, CITY, DOB = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "STREET_ADDRESS",
    "ZIP_CODE",
    "CITY",
    "DATE_OF_BIRTH",
)


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    """PostgreSQL COPY CSV and SaaS exports: quoted only where needed, NULL as empty."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows([["" if v is None else v for v in r] for r in rows])


def write_tsv(path: Path, header: list[str], rows: list[list]) -> None:
    """MySQL INTO OUTFILE: tabs, no quoting, NULL as \\N."""
    lines = ["\t".join(header)]
    lines += ["\t".join("\\N" if v is None else str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _text(out: BundleOut, w: Writer | None, table: str, column: str, row: int) -> str | None:
    if w is None:
        return None
    out.cells.append(w.cell(table, column, row))
    return w.text


def _json_contact(crowd: Crowd, i: int, clean: bool, table: str) -> Writer:
    """A JSON text column naming someone the tables do not (an emergency contact)."""
    r = crowd.rows[i]
    w = Writer("json")
    w.plain(f'{{"language": "{crowd.lang}", "newsletter": {str(i % 3 == 0).lower()}')
    if not clean:
        w.plain(', "emergency_contact": {"name": "')
        w.pii(r.relative.full, P, "text_only_person", name_tokens(r.relative.full))
        w.plain('", "phone": "').pii(r.relative.phone, PH, "text_only_person").plain('"}')
    return w.plain(', "theme": "dark"}')


def postgres(out: BundleOut, folder: Path, rows: int, seed: int) -> None:
    crowd, clock, clean = Crowd(out.lang, rows, seed), Clock(random.Random(seed)), out.clean
    cols = {
        "id": KEY,
        "account_ref": "ID",
        "first_name": P,
        "last_name": P,
        "email": E,
        "phone": PH,
        "birth_date": DOB,
        "street": ST,
        "postal_code": ZIP,
        "city": CITY,
        "country_code": None,
        "created_at": None,
        "is_active": None,
        "tags": None,
        "preferences": FREE_TEXT,
        "notes": FREE_TEXT,
    }
    out.table("customers", "customers.csv", cols)
    body = []
    for i, r in enumerate(crowd.rows):
        p = r.person
        refs = {
            k: Ref("customers", c, i)
            for k, c in (
                ("first", "first_name"),
                ("last", "last_name"),
                ("email", "email"),
                ("phone", "phone"),
                ("street", "street"),
                ("postcode", "postal_code"),
                ("city", "city"),
            )
        }
        note = None
        if i % 3:
            note = message(
                "note", crowd.slots(r, refs, seed * 1000 + i), pick_split(crowd.rng), clean
            )
        tags = "{" + ",".join(crowd.rng.sample(["vip", "newsletter", "b2b", "churn_risk"], 2)) + "}"
        body.append(
            [
                i + 1,
                r.account,
                p.first,
                p.last,
                p.email,
                p.phone,
                p.dob.isoformat(),
                p.street,
                p.postcode,
                p.city,
                p.country_code,
                clock.postgres(),
                "t" if i % 4 else "f",
                tags,
                _text(
                    out, _json_contact(crowd, i, clean, "customers"), "customers", "preferences", i
                ),
                _text(out, note, "customers", "notes", i),
            ]
        )
    write_csv(folder / "customers.csv", list(cols), body)
    ocols = {
        "id": KEY,
        "customer_id": KEY,
        "placed_at": None,
        "total_amount": None,
        "currency": None,
        "status": None,
        "items": None,
        "product_line": None,
        "store_city": None,
        "shipping": FREE_TEXT,
    }
    out.table("orders", "orders.csv", ocols)
    body = []
    for j in range(rows):
        i = crowd.rng.randrange(rows)
        r = crowd.rows[i]
        w = Writer("json").plain('{"recipient": "')
        if clean or j % 2:  # the customer's own address: the table's values again
            p = r.person
            w.pii(
                p.first,
                P,
                "table_person_mention",
                name_tokens(p.first),
                Ref("customers", "first_name", i),
            )
            w.plain(" ").pii(
                p.last,
                P,
                "table_person_mention",
                name_tokens(p.last),
                Ref("customers", "last_name", i),
            )
            who, case = r.person, "table_address_mention"
        else:
            w.pii(r.relative.full, P, "text_only_person", name_tokens(r.relative.full))
            who, case = r.relative, "address_text_only"
        own = who is r.person
        refs = {
            c: Ref("customers", c, i) if own else None for c in ("street", "postal_code", "city")
        }
        w.plain('", "line1": "').pii(
            who.street, ST, case, street_tokens(who.street), refs["street"]
        )
        w.plain('", "postcode": "').pii(who.postcode, ZIP, case, None, refs["postal_code"])
        w.plain('", "city": "').pii(who.city, CITY, case, None, refs["city"]).plain('"}')
        items = "{" + ",".join(f'"{crowd.product_line()}"' for _ in range(2)) + "}"
        body.append(
            [
                j + 1,
                i + 1,
                clock.postgres(),
                f"{crowd.rng.randint(500, 90000) / 100:.2f}",
                "EUR",
                crowd.rng.choice(["paid", "shipped", "refunded"]),
                items,
                crowd.product_line(),
                crowd.store(),
                _text(out, w, "orders", "shipping", j),
            ]
        )
    write_csv(folder / "orders.csv", list(ocols), body)


def mysql(out: BundleOut, folder: Path, rows: int, seed: int) -> None:
    crowd, clock, clean = Crowd(out.lang, rows, seed), Clock(random.Random(seed)), out.clean
    out.notes.append(
        "MySQL INTO OUTFILE writes \\N for NULL: safeset reads it as the text "
        "'\\N'; line breaks inside bodies are written as spaces (TSV with no "
        "quoting cannot hold them)"
    )
    cols = {
        "member_id": KEY,
        "username": "ID",
        "full_name": P,
        "email": E,
        "mobile": PH,
        "date_of_birth": DOB,
        "city": CITY,
        "country": None,
        "signup_at": None,
        "last_login": None,
        "newsletter": None,
    }
    out.table("members", "members.tsv", cols)
    body = []
    for i, r in enumerate(crowd.rows):
        p = r.person
        user = f"{p.email.split('@')[0].replace('.', '_')[:14]}{i}"
        body.append(
            [
                i + 1,
                user,
                p.full,
                p.email,
                p.phone,
                p.dob.isoformat(),
                p.city,
                p.country,
                clock.mysql(),
                clock.mysql() if i % 3 else None,
                i % 2,
            ]
        )
    write_tsv(folder / "members.tsv", list(cols), body)
    mcols = {
        "msg_id": KEY,
        "member_id": KEY,
        "sent_at": None,
        "subject": None,
        "body": FREE_TEXT,
        "status": None,
    }
    out.table("messages", "messages.tsv", mcols)
    body = []
    for j in range(rows):
        i = crowd.rng.randrange(rows)
        refs = {
            "full": Ref("members", "full_name", i),
            "email": Ref("members", "email", i),
            "phone": Ref("members", "mobile", i),
            "city": Ref("members", "city", i),
        }
        w = message(
            "customer",
            crowd.slots(crowd.rows[i], refs, seed * 1000 + j),
            pick_split(crowd.rng),
            clean,
        )
        w.parts = [t.replace("\n", " ").replace("\t", " ") for t in w.parts]
        for k in w.keep:
            k.value = k.value.replace("\n", " ")
        subject = crowd.rng.choice(["Order question", "Re: delivery", "Account", "Refund"])
        body.append(
            [
                j + 1,
                i + 1,
                clock.mysql(),
                subject,
                _text(out, w, "messages", "body", j),
                crowd.rng.choice(["new", "read", None]),
            ]
        )
    write_tsv(folder / "messages.tsv", list(mcols), body)


def crm(out: BundleOut, folder: Path, rows: int, seed: int) -> None:
    crowd, clock, clean = Crowd(out.lang, rows, seed), Clock(random.Random(seed)), out.clean
    cols = {
        "Id": KEY,
        "FirstName": P,
        "LastName": P,
        "Email": E,
        "Phone": PH,
        "Birthdate": DOB,
        "MailingStreet": ST,
        "MailingPostalCode": ZIP,
        "MailingCity": CITY,
        "MailingCountry": None,
        "Account_Number__c": "ID",
        "OwnerName": P,
        "LeadSource": None,
        "Product_Interest__c": None,
        "CreatedDate": None,
        "LastModifiedDate": None,
        "Description": FREE_TEXT,
    }
    out.table("contacts", "contacts.csv", cols)
    body, ids = [], []
    for i, r in enumerate(crowd.rows):
        p = r.person
        refs = {
            k: Ref("contacts", c, i)
            for k, c in (
                ("first", "FirstName"),
                ("last", "LastName"),
                ("email", "Email"),
                ("phone", "Phone"),
                ("street", "MailingStreet"),
                ("postcode", "MailingPostalCode"),
                ("city", "MailingCity"),
                ("agent", "OwnerName"),
            )
        }
        s = crowd.slots(r, refs, seed * 1000 + i)
        w = message("note", s, pick_split(crowd.rng), clean)
        if i % 2:  # multi-line: a second entry by the owner
            message("note", s, w.split, clean, w=w.plain("\n--\n"))
        ids.append(salesforce_id(crowd.rng))
        body.append(
            [
                ids[-1],
                p.first,
                p.last,
                p.email,
                p.phone,
                p.dob.isoformat(),
                p.street,
                p.postcode,
                p.city,
                p.country,
                r.account,
                r.agent,
                crowd.rng.choice(["Web", "Trade Show", "Partner Referral"]),
                crowd.product_line(),
                clock.salesforce(),
                clock.salesforce(),
                _text(out, w, "contacts", "Description", i),
            ]
        )
    write_csv(folder / "contacts.csv", list(cols), body)
    tcols = {
        "Id": KEY,
        "WhoId": KEY,
        "Subject": None,
        "ActivityDate": None,
        "Status": None,
        "Description": FREE_TEXT,
    }
    out.table("tasks", "tasks.csv", tcols)
    body = []
    for j in range(rows):
        i = crowd.rng.randrange(rows)
        refs = {
            "first": Ref("contacts", "FirstName", i),
            "last": Ref("contacts", "LastName", i),
            "email": Ref("contacts", "Email", i),
            "phone": Ref("contacts", "Phone", i),
            "city": Ref("contacts", "MailingCity", i),
            "agent": Ref("contacts", "OwnerName", i),
        }
        w = message(
            "agent", crowd.slots(crowd.rows[i], refs, seed * 7000 + j), pick_split(crowd.rng), clean
        )
        body.append(
            [
                salesforce_id(crowd.rng, "00T"),
                ids[i],
                "Follow-up",
                clock.moment().date().isoformat(),
                "Completed",
                _text(out, w, "tasks", "Description", j),
            ]
        )
    write_csv(folder / "tasks.csv", list(tcols), body)


def payments(out: BundleOut, folder: Path, rows: int, seed: int) -> None:
    crowd, clock, clean = Crowd(out.lang, rows, seed), Clock(random.Random(seed)), out.clean
    cols = {
        "id": KEY,
        "Description": FREE_TEXT,
        "Email": E,
        "Name": P,
        "Phone": PH,
        "Created (UTC)": None,
        "Card Brand": None,
        "Card Last4": None,
        "Address Line1": ST,
        "Address Line2": None,
        "Address City": CITY,
        "Address Postal Code": ZIP,
        "Address Country": None,
        "Currency": None,
        "Delinquent": None,
        "Fingerprint": None,
        "metadata": FREE_TEXT,
    }
    out.table("unified_customers", "unified_customers.csv", cols)
    body, ids = [], []
    for i, r in enumerate(crowd.rows):
        p = r.person
        refs = {
            "full": Ref("unified_customers", "Name", i),
            "email": Ref("unified_customers", "Email", i),
            "phone": Ref("unified_customers", "Phone", i),
            "street": Ref("unified_customers", "Address Line1", i),
            "postcode": Ref("unified_customers", "Address Postal Code", i),
            "city": Ref("unified_customers", "Address City", i),
        }
        desc = (
            message("note", crowd.slots(r, refs, seed * 1000 + i), pick_split(crowd.rng), clean)
            if i % 2
            else None
        )
        meta = Writer("json").plain('{"tier": "' + crowd.rng.choice(["gold", "silver"]) + '"')
        if not clean:  # the account id lives only here: no table holds it
            meta.plain(', "account": "').pii(r.account, "ID", "id_in_json").plain('"')
        if not clean and i % 3 == 0:
            meta.plain(', "referred_by": "').pii(
                r.relative.full, P, "text_only_person", name_tokens(r.relative.full)
            )
            meta.plain('"')
        meta.plain(', "store": "' + crowd.store() + '"}')
        ids.append(stripe_id(crowd.rng, "cus_"))
        body.append(
            [
                ids[-1],
                _text(out, desc, "unified_customers", "Description", i),
                p.email,
                p.full,
                p.phone,
                clock.stripe(),
                crowd.rng.choice(["Visa", "MasterCard", "American Express"]),
                f"{crowd.rng.randint(0, 9999):04d}",
                p.street,
                "",
                p.city,
                p.postcode,
                p.country_code,
                "eur",
                "false" if i % 9 else "true",
                sha1ish(crowd.rng)[:16],
                _text(out, meta, "unified_customers", "metadata", i),
            ]
        )
    write_csv(folder / "unified_customers.csv", list(cols), body)
    ccols = {
        "id": KEY,
        "Customer ID": KEY,
        "Amount": None,
        "Currency": None,
        "Status": None,
        "Created (UTC)": None,
        "Description": None,
        "Card Last4": None,
        "Idempotency Key": None,
    }
    out.table("unified_payments", "unified_payments.csv", ccols)
    body = []
    for _ in range(rows):
        i = crowd.rng.randrange(rows)
        body.append(
            [
                stripe_id(crowd.rng, "ch_"),
                ids[i],
                f"{crowd.rng.randint(500, 90000) / 100:.2f}",
                "eur",
                crowd.rng.choice(["succeeded", "failed", "refunded"]),
                clock.stripe(),
                f"Order {crowd.rng.randint(100000, 999999)} - {crowd.product_line()}",
                f"{crowd.rng.randint(0, 9999):04d}",
                seeded_uuid(crowd.rng),
            ]
        )
    write_csv(folder / "unified_payments.csv", list(ccols), body)
