"""More clean export shapes for ``bench/clean_exports.py``: a wine catalogue whose
producers are family houses, hotel bookings whose properties are named after founders,
project status reports with code names, and logistics depots with their streets.

Written to measure only, like the rest of that generator (``python -m
bench.clean_exports``): each shape's personal values are in columns an export would name.
"""

from __future__ import annotations

import random

from faker import Faker

Tables = dict[str, list[dict]]

GRAPES = ("Pinot Noir", "Riesling", "Tempranillo", "Nebbiolo", "Chardonnay", "Grüner Veltliner")
HOUSES = ("Domaine", "Château", "Bodegas", "Weingut", "Tenuta", "Quinta")
DISHES = ("oysters", "roast chicken", "aged cheese")
CODE_NAMES = ("Atlas", "Phoenix", "Orion", "Hermes", "Aurora", "Juno", "Kepler", "Mercury")


def wine(f: Faker, r: random.Random, n: int) -> Tables:
    """A wine catalogue: producers are houses named after families, tasting notes name them."""
    producers = [f"{r.choice(HOUSES)} {f.last_name()}" for _ in range(max(6, n // 10))]
    rows = []
    for i in range(n):
        p, g = r.choice(producers), r.choice(GRAPES)
        note = r.choice(
            [f"{p} {g}: dark fruit, firm tannins, long finish.",
             f"Classic {g} from {p}; drink now or cellar five years.",
             f"Allocation from {p} reduced this year due to hail.",
             f"Bright acidity and citrus; pairs with {r.choice(DISHES)}."]
        )  # fmt: skip
        rows.append(
            {"sku": f"W-{10000 + i}", "producer": p, "grape": g,
             "vintage": str(r.randrange(1995, 2022)), "region": f.city(),
             "price_eur": f"{r.uniform(8, 180):.2f}", "tasting_note": note}
        )  # fmt: skip
    buyers = [
        {"buyer_id": f"B{i:04d}", "buyer_name": f.name(), "buyer_email": f.email()}
        for i in range(n // 3)
    ]
    return {"wines": rows, "buyers": buyers}


def hotels(f: Faker, r: random.Random, n: int) -> Tables:
    """Hotel bookings: properties named after founders, requests that name the property."""
    props = [f"Hotel {f.last_name()}" for _ in range(4)]
    props += [f"{f.city()} Grand", f"Maison {f.first_name()}"]
    rows = []
    for i in range(n):
        prop = r.choice(props)
        request = r.choice(
            ["", "Late check-in after 22:00", "Crib needed",
             f"Quiet room please, away from the lift at {prop}",
             "Anniversary: champagne on arrival", "Vegan breakfast"]
        )  # fmt: skip
        rows.append(
            {"booking_ref": f"BK{700000 + i}", "guest_name": f.name(), "guest_email": f.email(),
             "property_name": prop,
             "room_type": r.choice(["Deluxe King", "Twin Classic", "Junior Suite"]),
             "rate_plan": r.choice(["Flex", "Non-refundable", "Breakfast included"]),
             "arrival": f.date_between("-1y", "+1y").isoformat(),
             "nights": str(r.randrange(1, 9)),
             "channel": r.choice(["Booking.com", "Expedia", "Direct", "Phone"]),
             "special_requests": request}
        )  # fmt: skip
    return {"bookings": rows}


def projects(f: Faker, r: random.Random, n: int) -> Tables:
    """Project status reports: code names, keys, owners' e-mails, short summaries."""
    rows = []
    for _ in range(n):
        c = r.choice(CODE_NAMES)
        summary = r.choice(
            [f"{c} blocked on vendor API; escalated to steering committee.",
             f"Migrating {c} to Kubernetes, cut-over planned for Q{r.randrange(1, 5)}.",
             f"{c} and Juno share the data platform; align release trains.",
             "Budget review on Friday; no change expected."]
        )  # fmt: skip
        rows.append(
            {"project_key": f"{c[:3].upper()}-{r.randrange(100, 999)}",
             "project_name": f"Project {c}", "owner_email": f.email(),
             "status": r.choice(["green", "amber", "red"]),
             "budget_k": str(r.randrange(20, 900)),
             "milestone": r.choice(["M1", "M2", "GA", "Beta"]), "summary": summary}
        )  # fmt: skip
    return {"projects": rows}


def depots(f: Faker, r: random.Random, n: int) -> Tables:
    """Logistics depots: the company's own streets and towns, notes about access."""
    rows = []
    for i in range(max(n, 10)):
        note = r.choice(
            ["Gate closes at 22:00.", f"Access via {f.street_name()}, second entrance.",
             "Forklift service every Monday.", f"Overflow parking at {f.street_name()}."]
        )  # fmt: skip
        rows.append(
            {"depot_code": f"DEP{i:03d}", "depot_street": f.street_address(),
             "depot_city": f.city(), "depot_postcode": f.postcode(),
             "dock_count": str(r.randrange(2, 30)),
             "manager_email": f"depot{i:03d}@logistics.example", "notes": note}
        )  # fmt: skip
    return {"depots": rows}
