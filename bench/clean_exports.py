"""False rejections on clean exports of shapes the corpus does not write.

A gate that rejects a clean export fails a nightly job on its first night. The labelled
corpus (``bench/corpus``) writes eight clean bundles in its own five shapes; this second,
independent generator writes exports of other shapes, separators, types and locales
(a shop with SKUs and amounts, an HR table with IBANs and managers, service logs with
hosts, traces and builds, a multilingual survey with a JSON column, a German Excel export
with semicolons and decimal commas, helpdesk tickets as nested JSON Lines, payments as
typed Parquet, web analytics with URLs and query strings, CRM contacts with 18-character
ids, a storefront's line-item orders, a newsletter audience with geo and opt-in IPs,
purchasing with suppliers named after their founders, fleet telemetry as JSON Lines, an
engineering changelog as Parquet, ``clean_shapes_more.py``'s wine catalogue, hotel
bookings, project reports and logistics depots, and ``clean_shapes_s28.py``'s fifteen
shapes of other domains, separators and languages, split into a dev and a held-out half).
Every one is clean: its personal values are in columns an export would name, and the
rest is the company's own vocabulary. The figure is how many the gate rejects (target
0), with the failed checks and the findings by place and entity (never values).

``python -m bench.clean_exports [--seeds 1 2 3] [--rows 150] [--out DIR] [--only SHAPE|GROUP
...]`` (groups: ``old``, ``s28-dev``, ``s28-held``); part of
``make eval``. Rules are never shaped on this generator's values: it measures only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
from faker import Faker

from bench import clean_shapes_more as more
from bench import clean_shapes_s28 as s28
from bench.corpus.engines import run_safeset
from bench.reproducible import under_fixed_hash_seed

DEFAULT_OUT = Path(__file__).resolve().parent / "results"
LOCALES = ("de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_PT", "sv_SE", "en_GB", "pl_PL",
           "da_DK", "en_US", "fi_FI", "cs_CZ", "en_IE")  # fmt: skip
PRODUCTS = ("Trail Runner 2", "Merino Beanie", "Espresso Grinder Pro", "Oak Desk Lamp",
            "Linen Duvet Cover", "Cast Iron Skillet", "Noise-Cancelling Headphones",
            "Yoga Mat Plus", "Ceramic Mug Set", "Rain Jacket Lite", "USB-C Hub 7-in-1",
            "Garden Hose 25m", "Kids Bike 16in", "Standing Desk Frame")  # fmt: skip
AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
)
COMMENTS = {
    "de": ("Die Lieferung kam pünktlich, danke!", "Leider war die Verpackung beschädigt.",
           "Sehr zufrieden mit dem Kundenservice im Dezember.", "Frohe Weihnachten!",
           "Die App funktioniert nach dem Update 2.3 nicht mehr."),
    "fr": ("Livraison rapide, merci beaucoup.", "Le colis est arrivé abîmé en janvier.",
           "Très satisfait du service client.", "Joyeux Noël à toute l'équipe !",
           "L'application plante depuis la version 4.1."),
    "es": ("Entrega rápida, ¡gracias!", "El paquete llegó dañado en marzo.",
           "Muy contento con la atención al cliente.", "¡Feliz Navidad a todo el equipo!",
           "La aplicación falla desde la versión 3.2."),
    "it": ("Consegna veloce, grazie!", "Il pacco è arrivato danneggiato ad aprile.",
           "Molto soddisfatto del servizio clienti.", "Buon Natale a tutto il team!",
           "L'app si blocca dalla versione 5.0."),
    "nl": ("Snelle levering, bedankt!", "Het pakket kwam beschadigd aan in mei.",
           "Zeer tevreden over de klantenservice.", "Fijne feestdagen en bedankt!",
           "De app crasht sinds versie 2.8."),
    "sv": ("Snabb leverans, tack!", "Paketet kom skadat i juni.",
           "Mycket nöjd med kundtjänsten.", "God jul till hela teamet!",
           "Appen kraschar sedan version 1.9."),
    "en": ("Fast delivery, thanks!", "The parcel arrived damaged in August.",
           "Very happy with customer support.", "Merry Christmas to the whole team!",
           "The app crashes since version 7.2."),
}  # fmt: skip

Tables = dict[str, list[dict]]


def _ts(r: random.Random, frac: bool = True) -> str:
    d = datetime(2024, 1, 1) + timedelta(seconds=r.randrange(0, 3 * 10**7))
    return d.strftime("%Y-%m-%d %H:%M:%S") + (f".{r.randrange(10**6):06d}" if frac else "")


def _uuid(r: random.Random) -> str:
    return str(uuid.UUID(int=r.getrandbits(128)))


def _hex(i: int, n: int) -> str:
    return hashlib.sha1(str(i).encode()).hexdigest()[:n]


def shop(f: Faker, r: random.Random, n: int) -> Tables:
    custs = [
        {"customer_uuid": _uuid(r), "full_name": f.name(), "email": f.email(),
         "phone": f.phone_number(), "street_address": f.street_address(),
         "postal_code": f.postcode(), "city": f.city(), "country": f.current_country_code(),
         "signup_ts": _ts(r), "marketing_opt_in": r.choice(["true", "false"]),
         "lifetime_value": f"{r.uniform(0, 5000):.2f}"}
        for _ in range(n)
    ]  # fmt: skip
    orders = []
    for i in range(n * 2):
        c = r.choice(custs)
        orders.append(
            {"order_no": f"SO-{100000 + i}", "customer_uuid": c["customer_uuid"],
             "created_at": _ts(r), "status": r.choice(["paid", "shipped", "refunded"]),
             "product": r.choice(PRODUCTS), "sku": f"SKU-{r.randrange(10000, 99999)}",
             "qty": r.randrange(1, 5), "unit_price": f"{r.uniform(3, 400):.2f}",
             "currency": r.choice(["EUR", "GBP", "SEK", "PLN"]), "ship_country": c["country"],
             "warehouse": r.choice(["Rotterdam DC", "Leipzig Hub", "Madrid Norte"]),
             "user_agent": r.choice(AGENTS), "checkout_version": f"{r.randrange(1, 5)}."
             f"{r.randrange(0, 20)}.{r.randrange(0, 9)}", "payment_ref": _hex(i, 16)}
        )  # fmt: skip
    # A handful of stores, each in a town some customers live in: the company's own sites.
    towns = sorted({c["city"] for c in custs})[:5]
    stores = [
        {"store_id": f"ST{i + 1:02d}", "store_name": f"{town} Centre", "store_city": town,
         "store_postcode": next(c["postal_code"] for c in custs if c["city"] == town),
         "opened": f"20{10 + i}-03-01", "manager_email": f"store{i + 1}@shop.example"}
        for i, town in enumerate(towns)
    ]  # fmt: skip
    return {"customers": custs, "orders": orders, "stores": stores}


def hr(f: Faker, r: random.Random, n: int) -> Tables:
    emps = []
    for i in range(n):
        first, last = f.first_name(), f.last_name()
        work = f"{first}.{last}@acme-corp.example".lower().replace(" ", "")
        emps.append(
            {"emp_no": str(20000 + i), "given_name": first, "family_name": last,
             "work_email": work, "private_email": f.email(),
             "date_of_birth": f.date_of_birth(minimum_age=20, maximum_age=65).isoformat(),
             "hire_date": f.date_between("-15y", "today").isoformat(),
             "department": r.choice(["Finance", "Engineering", "Sales", "Support", "Legal"]),
             "job_title": f.job(), "salary_band": r.choice(["B1", "B2", "C1", "C2"]),
             "manager_emp_no": str(20000 + r.randrange(0, i)) if i else "",
             "office": r.choice(["Berlin HQ", "Lisbon Hub", "Remote"]), "iban": f.iban(),
             "last_login": _ts(r)}
        )  # fmt: skip
    return {"employees": emps}


def logs(f: Faker, r: random.Random, n: int) -> Tables:
    rows = []
    for i in range(n * 3):
        msg = r.choice(
            [f"GET /api/v2/orders/{r.randrange(10**5)} 200 {r.randrange(3, 900)}ms",
             f"cache miss for key product:{r.randrange(10**4)}",
             f"retrying job {_uuid(r)} attempt {r.randrange(1, 4)}",
             "connection pool exhausted; waiting",
             f"deploy {r.randrange(1, 9)}.{r.randrange(0, 30)}.{r.randrange(0, 9)} finished "
             f"in {r.randrange(20, 300)}s"]
        )  # fmt: skip
        rows.append(
            {"event_id": _uuid(r), "ts": datetime(2024, 5, 1).isoformat()
             + f".{r.randrange(10**6):06d}Z", "level": r.choice(["INFO", "WARN", "ERROR"]),
             "service": r.choice(["checkout-api", "auth", "search-indexer"]),
             "host": f"ip-10-0-{r.randrange(255)}-{r.randrange(255)}.eu-west-1.compute.internal",
             "message": msg, "trace_id": hashlib.md5(str(i).encode()).hexdigest(),
             "latency_ms": str(r.randrange(1, 2000)),
             "build": f"2024.{r.randrange(1, 12)}.{r.randrange(1, 28)}-{_hex(i, 7)}"}
        )  # fmt: skip
    return {"events": rows}


def survey(f: Faker, r: random.Random, n: int) -> Tables:
    rows = []
    for i in range(n):
        lang = r.choice(list(COMMENTS))
        meta = {"campaign": r.choice(["spring-sale", "newsletter-42"]),
                "variant": r.choice(["A", "B"]), "weight": round(r.random(), 4)}  # fmt: skip
        rows.append(
            {"response_id": str(i + 1), "respondent": f"R{r.randrange(10**6):06d}",
             "lang": lang, "country": f.current_country(), "nps": str(r.randrange(0, 11)),
             "comment": " ".join(r.sample(COMMENTS[lang], 2)), "submitted": _ts(r, False),
             "channel": r.choice(["web", "app", "email"]), "meta": json.dumps(meta)}
        )  # fmt: skip
    return {"survey": rows}


def excel_de(f: Faker, r: random.Random, n: int) -> Tables:
    """A German spreadsheet export: German headers, decimal commas, day-first dates."""
    rows = []
    for i in range(n):
        d = datetime(2024, 1, 1) + timedelta(days=r.randrange(600), minutes=r.randrange(1440))
        rows.append(
            {"Kundennummer": f"K{40000 + i}", "Vorname": f.first_name(),
             "Nachname": f.last_name(), "E-Mail": f.email(), "Telefon": f.phone_number(),
             "Straße": f.street_address(), "PLZ": f.postcode(), "Ort": f.city(),
             "Umsatz (EUR)": f"{r.randrange(10, 90000)},{r.randrange(100):02d}",
             "Letzte Bestellung": d.strftime("%d.%m.%Y %H:%M"),
             "Segment": r.choice(["A-Kunde", "B-Kunde", "Neukunde"]),
             "Rabatt %": f"{r.choice([0, 5, 10, 15])},0"}
        )  # fmt: skip
    return {"kunden": rows}


def tickets(f: Faker, r: random.Random, n: int) -> Tables:
    """Helpdesk tickets as nested JSON Lines: requester object, comments, tags, fields."""
    agents = [f.name() for _ in range(4)]
    rows = []
    for i in range(n):
        name = f.name()
        rows.append(
            {"id": 90000 + i, "subject": r.choice(["Refund", "Login issue", "Late delivery"]),
             "created_at": _ts(r).replace(" ", "T") + "Z", "status": r.choice(["open", "solved"]),
             "requester": {"name": name, "email": f.email(), "locale": f.locale()},
             "assignee": r.choice(agents), "tags": r.sample(["vip", "refund", "app", "web"], 2),
             "custom_fields": {"order_no": f"SO-{r.randrange(10**6):06d}",
                               "product": r.choice(PRODUCTS), "app_version": "5.12.0"},
             "comments": [{"author": r.choice(agents), "public": True,
                           "body": f"Hi, the refund for {r.choice(PRODUCTS)} was issued "
                                   f"on {_ts(r, False)[:10]}. Kind regards"}]}
        )  # fmt: skip
    return {"tickets": rows}


def payments(f: Faker, r: random.Random, n: int) -> Tables:
    rows = []
    for i in range(n * 2):
        rows.append(
            {"charge_id": f"ch_{_hex(i, 24)}", "customer_email": f.email(),
             "amount_cents": r.randrange(100, 500000), "currency": r.choice(["eur", "gbp"]),
             "card_brand": r.choice(["visa", "mastercard", "amex"]),
             "card_last4": f"{r.randrange(10000):04d}",
             "card_bin": str(r.randrange(400000, 560000)),
             "status": r.choice(["succeeded", "failed"]),
             "failure_code": r.choice(["", "card_declined", "insufficient_funds"]),
             "created": datetime(2024, 3, 1, tzinfo=UTC) + timedelta(minutes=r.randrange(10**5)),
             "idempotency_key": _uuid(r), "client_ip": f.ipv4_public()}
        )  # fmt: skip
    return {"charges": rows}


def analytics(f: Faker, r: random.Random, n: int) -> Tables:
    pages = ("/", "/pricing", "/blog/how-we-ship", "/products/standing-desk-frame", "/help")
    rows = []
    for _ in range(n * 3):
        page = r.choice(pages)
        rows.append(
            {"session_id": _hex(r.randrange(10**9), 20), "user_id": str(r.randrange(10**6)),
             "page_url": f"https://www.example-shop.eu{page}?utm_source="
                         f"{r.choice(['newsletter', 'google', 'partner'])}&v={r.randrange(9)}",
             "referrer": r.choice(["https://www.google.com/", "", "https://t.co/x1"]),
             "country": f.current_country_code(), "device": r.choice(["mobile", "desktop"]),
             "duration_s": str(r.randrange(1, 900)), "ts": _ts(r)}
        )  # fmt: skip
    return {"pageviews": rows}


def salesforce(f: Faker, r: random.Random, n: int) -> Tables:
    """A CRM's contacts: 18-character ids, owners, multi-line streets, ISO dates with zones."""
    owners = [f"005{_hex(i, 12).upper()}AAA" for i in range(3)]
    rows = []
    for i in range(n):
        rows.append(
            {"Id": f"003{_hex(i + 10**6, 12)}AA{i % 10}", "OwnerId": r.choice(owners),
             "FirstName": f.first_name(), "LastName": f.last_name(), "Email": f.email(),
             "Phone": f.phone_number(), "MobilePhone": f.phone_number(), "Title": f.job(),
             "MailingStreet": f.street_address() + ("\nBuilding B" if i % 5 == 0 else ""),
             "MailingCity": f.city(), "MailingPostalCode": f.postcode(),
             "MailingCountry": f.current_country(), "LeadSource": r.choice(
                 ["Web", "Partner Referral", "Trade Show"]),
             "CreatedDate": _ts(r).replace(" ", "T")[:23] + "+0000",
             "Account.Name": f.company(), "HasOptedOutOfEmail": r.choice(["true", "false"])}
        )  # fmt: skip
    return {"Contact": rows}


def storefront(f: Faker, r: random.Random, n: int) -> Tables:
    """A storefront's orders export: one row per line item, billing and shipping blocks."""
    rows = []
    for i in range(n):
        name, street, city, zipc = f.name(), f.street_address(), f.city(), f.postcode()
        for k in range(r.randrange(1, 3)):
            rows.append(
                {"Name": f"#{1001 + i}", "Email": f.email() if k == 0 else "",
                 "Financial Status": r.choice(["paid", "refunded"]), "Paid at": _ts(r, False)
                 + " +0100", "Currency": "EUR", "Subtotal": f"{r.uniform(5, 400):.2f}",
                 "Lineitem quantity": str(r.randrange(1, 4)), "Lineitem name": r.choice(PRODUCTS),
                 "Lineitem price": f"{r.uniform(5, 200):.2f}",
                 "Lineitem sku": f"SKU-{r.randrange(10**5):05d}",
                 "Billing Name": name, "Billing Street": street, "Billing City": city,
                 "Billing Zip": "'" + zipc, "Billing Country": f.current_country_code(),
                 "Shipping Name": name, "Shipping Street": street, "Shipping City": city,
                 "Shipping Zip": "'" + zipc, "Discount Code": r.choice(["", "WELCOME10", "XMAS24"]),
                 "Vendor": r.choice(["Acme Outdoor", "Nordic Home"]), "Risk Level": "Low",
                 "Source": r.choice(["web", "pos"])}
            )  # fmt: skip
    return {"orders_export": rows}


def mailing_list(f: Faker, r: random.Random, n: int) -> Tables:
    """A newsletter audience: opt-in times and IPs, birthdays without a year, geo, zones."""
    rows = []
    for i in range(n):
        rows.append(
            {"Email Address": f.email(), "First Name": f.first_name(), "Last Name": f.last_name(),
             "Birthday": f"{r.randrange(1, 13):02d}/{r.randrange(1, 29):02d}",
             "MEMBER_RATING": str(r.randrange(1, 6)), "OPTIN_TIME": _ts(r, False),
             "OPTIN_IP": f.ipv4_public(), "LATITUDE": f"{f.latitude():.6f}",
             "LONGITUDE": f"{f.longitude():.6f}", "GMTOFF": str(r.choice([0, 1, 2])),
             "TIMEZONE": r.choice(["Europe/Berlin", "Europe/Paris", "Europe/Lisbon"]),
             "CC": f.current_country_code(), "LEID": str(10**8 + i), "EUID": _hex(i, 10),
             "TAGS": r.choice(['"Customers"', '"Customers","VIP"', ""])}
        )  # fmt: skip
    return {"subscribed_members": rows}


def purchasing(f: Faker, r: random.Random, n: int) -> Tables:
    """Purchasing: suppliers named after their founders (Faker's companies are built from
    surnames, as real ones are), their business contacts, and purchase orders whose notes
    name the supplier, the product and the depot."""
    suppliers = [
        {"supplier_id": f"SUP-{i + 1:04d}", "supplier_name": f.company(),
         "vat_country": f.current_country_code(), "payment_terms": r.choice(["NET30", "NET60"]),
         "contact_name": f.name(), "contact_email": f.email(), "contact_phone": f.phone_number(),
         "rating": str(r.randrange(1, 6))}
        for i in range(max(5, n // 10))
    ]  # fmt: skip
    depots = ("Rotterdam DC", "Leipzig Hub", "Madrid Norte", "Milano Est")
    orders = []
    for i in range(n * 2):
        sup = r.choice(suppliers)
        product, depot = r.choice(PRODUCTS), r.choice(depots)
        note = r.choice(
            [f"{sup['supplier_name']}: {product} back-ordered, ETA week {r.randrange(1, 53)}",
             f"Deliver to {depot}, dock {r.randrange(1, 12)}; pallets max {r.randrange(2, 9)}",
             f"Price per unit renegotiated with {sup['supplier_name']} (-{r.randrange(2, 9)}%)",
             f"Partial delivery received at {depot}; {r.randrange(1, 40)} units missing"]
        )  # fmt: skip
        orders.append(
            {"po_number": f"PO-{2024000 + i}", "supplier_id": sup["supplier_id"],
             "ordered_on": _ts(r, False)[:10], "product": product, "qty": str(r.randrange(10, 900)),
             "unit_cost": f"{r.uniform(1, 150):.2f}", "depot": depot, "buyer_note": note}
        )  # fmt: skip
    return {"suppliers": suppliers, "purchase_orders": orders}


def fleet(f: Faker, r: random.Random, n: int) -> Tables:
    """A delivery fleet's telemetry and workshop log: vehicle ids, fault codes, firmware,
    depot coordinates, mechanics' notes about parts (drivers are referred to by number)."""
    depots = {"Leipzig Hub": (51.3397, 12.3731), "Rotterdam DC": (51.9244, 4.4777),
              "Madrid Norte": (40.4168, -3.7038)}  # fmt: skip
    vehicles = [f"VAN-{i + 1:03d}" for i in range(max(4, n // 20))]
    parts = ("brake pads", "tyre (front left)", "wiper blades", "battery", "AdBlue sensor")
    rows = []
    for i in range(n * 2):
        depot = r.choice(list(depots))
        lat, lon = depots[depot]
        code = f"P{r.randrange(0, 3)}{r.randrange(100, 999)}"
        rows.append(
            {"event_id": str(700000 + i), "vehicle": r.choice(vehicles),
             "driver_no": f"D{r.randrange(100, 999)}", "recorded_at": _ts(r),
             "depot": depot, "lat": f"{lat + r.uniform(-0.01, 0.01):.5f}",
             "lon": f"{lon + r.uniform(-0.01, 0.01):.5f}", "odometer_km": str(r.randrange(10**5)),
             "fault_code": r.choice(["", code]), "firmware": f"tcu-{r.randrange(1, 4)}."
             f"{r.randrange(0, 12)}.{r.randrange(0, 30)}",
             "workshop_note": r.choice(
                 ["", f"Replaced {r.choice(parts)} at {depot}; fault {code} cleared",
                  f"{code} intermittent, firmware update scheduled", "Annual inspection passed",
                  f"Driver D{r.randrange(100, 999)} reported noise from {r.choice(parts)}"])}
        )  # fmt: skip
    return {"telemetry": rows}


def releases(f: Faker, r: random.Random, n: int) -> Tables:
    """An engineering changelog: versions, commit hashes, ticket keys, pull requests,
    change titles in a team's shorthand, and the author's work e-mail (personal, named)."""
    components = ("checkout", "search", "billing", "auth", "mobile-app")
    verbs = ("Fix", "Add", "Remove", "Refactor", "Bump", "Revert")
    things = ("rounding in invoice totals", "retry on 503 from payment gateway",
              "dark mode toggle", "legacy SOAP client", "pydantic to 2.9",
              "flaky test in OrderServiceTest", "N+1 query on /api/v2/orders",
              "Sentry breadcrumbs for login", "Helm chart memory limits")  # fmt: skip
    rows = []
    for i in range(n * 2):
        comp = r.choice(components)
        rows.append(
            {"commit": _hex(i + 7, 40), "version": f"{r.randrange(1, 6)}.{r.randrange(0, 40)}."
             f"{r.randrange(0, 12)}", "component": comp,
             "ticket": f"{comp[:3].upper()}-{r.randrange(100, 9999)}",
             "pull_request": f"#{r.randrange(1000, 20000)}",
             "title": f"{r.choice(verbs)} {r.choice(things)} ({comp})",
             "author_email": f.email(), "merged_at": _ts(r).replace(" ", "T")[:19] + "Z",
             "files_changed": str(r.randrange(1, 60)), "ci_status": r.choice(["passed", "failed"])}
        )  # fmt: skip
    return {"changelog": rows}


SHAPES: dict[str, Callable[[Faker, random.Random, int], Tables]] = {
    "shop": shop, "hr": hr, "logs": logs, "survey": survey, "excel-de": excel_de,
    "tickets": tickets, "payments": payments, "analytics": analytics, "crm": salesforce,
    "storefront": storefront, "audience": mailing_list, "purchasing": purchasing,
    "fleet": fleet, "releases": releases, "wine": more.wine, "hotels": more.hotels,
    "projects": more.projects, "depots": more.depots, **s28.SHAPES,
}  # fmt: skip
#: How each shape is written: CSV (``csv<separator>``), JSON Lines, a JSON array or Parquet.
FORMATS = {"excel-de": "csv;", "tickets": "jsonl", "payments": "parquet", "fleet": "jsonl",
           "releases": "parquet", **s28.FORMATS}  # fmt: skip
#: Named groups of shapes for ``--only``: the first eighteen, and session 28's two halves.
GROUPS = {"old": tuple(s for s in SHAPES if s not in s28.SHAPES), "s28-dev": s28.DEV,
          "s28-held": s28.HELD_OUT}  # fmt: skip


def write(folder: Path, shape: str, tables: Tables) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fmt = FORMATS.get(shape, "csv")
    for name, rows in tables.items():
        if fmt == "jsonl":
            text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
            (folder / f"{name}.jsonl").write_text(text, encoding="utf-8")
        elif fmt == "json":
            (folder / f"{name}.json").write_text(s28.dumps(rows), encoding="utf-8")
        elif fmt == "parquet":
            pl.DataFrame(rows).write_parquet(folder / f"{name}.parquet")
        else:
            suffix = "tsv" if fmt == "csv\t" else "csv"
            with (folder / f"{name}.{suffix}").open("w", newline="", encoding="utf-8") as fh:
                out = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=fmt[3:] or ",")
                out.writeheader()
                out.writerows(rows)


def selected(only: list[str] | None) -> list[str]:
    """The shapes ``--only`` names, by shape or by group (``GROUPS``); all by default."""
    if not only:
        return list(SHAPES)
    names = {s for item in only for s in GROUPS.get(item, (item,))}
    unknown = sorted(names - set(SHAPES))
    if unknown:
        raise SystemExit(f"unknown shapes: {', '.join(unknown)} (groups: {', '.join(GROUPS)})")
    return [s for s in SHAPES if s in names]


def build(root: Path, seeds: list[int], rows: int, only: list[str] | None = None) -> list[Path]:
    """Every shape is drawn, in order, so a shape's data do not depend on which are
    written; only the selected ones are."""
    keep = set(selected(only))
    folders = []
    for seed in seeds:
        r = random.Random(seed)
        for k, (shape, make) in enumerate(SHAPES.items()):
            locale = r.choice(LOCALES)
            fake = Faker(locale)
            fake.seed_instance(seed * 100 + k)
            folder = root / f"{shape}-{locale}-{seed}"
            tables = make(fake, r, rows)
            if shape in keep:
                write(folder, shape, tables)
                folders.append(folder)
    return folders


def evaluate(folders: list[Path]) -> list[dict]:
    results = []
    for folder in folders:
        out = run_safeset(folder)
        failed = sorted(n for n, c in out.checks.items() if c["gating"] and not c["passed"])
        results.append(
            {"bundle": folder.name, "certified": out.passed, "failed_checks": failed,
             "findings": {} if out.passed else out.findings, "seconds": round(out.seconds, 1)}
        )  # fmt: skip
        print(f"{folder.name}: {'CERTIFIED' if out.passed else 'REJECTED'}", flush=True)
    return results


def markdown(results: list[dict], settings: dict) -> str:
    rejected = [r for r in results if not r["certified"]]
    lines = [
        "# Clean exports of other shapes (false rejections)",
        "",
        f"`{settings['command']}`: {len(results)} clean bundles "
        f"({settings.get('shapes', len(SHAPES))} shapes × seeds {settings['seeds']}, "
        f"{settings['rows']} rows per "
        f"main table), {settings['seconds']} s.",
        "",
        f"**Clean bundles rejected by the gate: {len(rejected)} of {len(results)}** (target 0).",
        "",
        "| bundle | gate | failed checks | findings (check table.column entity ×count) |",
        "|---|---|---|---|",
    ]
    for r in results:
        found = "; ".join(f"{k} ×{v}" for k, v in r["findings"].items()) or "-"
        gate = "CERTIFIED" if r["certified"] else "REJECTED"
        lines.append(f"| {r['bundle']} | {gate} | {', '.join(r['failed_checks']) or '-'} "
                     f"| {found} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3])
    ap.add_argument("--rows", type=int, default=150)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--only", nargs="*", help=f"shapes or groups ({', '.join(GROUPS)})")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="safeset-clean-") as tmp:
        results = evaluate(build(Path(tmp), args.seeds, args.rows, args.only))
    settings = {
        "seeds": args.seeds,
        "rows": args.rows,
        "shapes": len(selected(args.only)),
        "seconds": round(time.perf_counter() - t0, 1),
        "command": "python -m bench.clean_exports "
        + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    payload = {"settings": settings, "bundles": results}
    (args.out / "clean-exports.json").write_text(json.dumps(payload, indent=1) + "\n")
    report = markdown(results, settings)
    (args.out / "clean-exports.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    under_fixed_hash_seed("bench.clean_exports")
    raise SystemExit(main())
