"""Make the sample export bundle: an HR + support export of a fictional logistics company.

Why a generator and not hand-written files: the demo and the end-to-end tests need data
whose links are *exact* (a first name in a survey comment is the first name of a row in
employees.csv, the customer in a support chat is a record of customers.json), and a
reviewer needs to see how every value came about. The output is committed too, so a
change to this script shows up as a reviewable diff of the data.

Determinism: one seeded ``random.Random`` drives every choice and each Faker instance is
seeded with ``seed_instance``; nothing iterates over a ``set`` of strings (string hashing
is randomised per process). Regenerating gives byte-identical files for the pinned
Faker/pyarrow versions, and files whose bytes are unchanged are not rewritten.

Names are chosen so that a leak check by plain substring is unambiguous: no employee name
occurs inside any name of Faker's en_US vocabulary (the pool that fakes are drawn from),
nor in the fixed wording of this script's templates. A hit in sanitised output is then a
real leak, never a fake that happens to coincide with an original.

Every phone number is in a fictional range (NANP 555-01xx, Ofcom drama numbers), IPs are
in the documentation ranges, card numbers are random Luhn-valid numbers, SSNs are random
structurally valid numbers: nothing here belongs to a real person.

Usage: ``python samples/make_samples.py --out samples``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from faker import Faker

SEED = 20250630
#: The export was taken on this day; every date in the bundle lies before it.
EXPORT_DAY = date(2025, 6, 30)
COMPANY_DOMAIN = "northwind-logistics.com"
FILES = ("employees.csv", "survey_responses.jsonl", "support_tickets.parquet", "customers.json")

# --- fixed wording -------------------------------------------------------------------
# Kept at module level so the name filter can check names against all of it.

#: Office → (area codes, [(city, ZIP prefix)]). Boston ZIPs start with 0: the CSV must keep
#: the leading zero, which is a classic export bug.
OFFICES: dict[str, tuple[list[str], list[tuple[str, str]]]] = {
    "Chicago": (
        ["312", "773", "630"],
        [("Chicago", "606"), ("Evanston", "602"), ("Oak Park", "603")],
    ),
    "Columbus": (
        ["614", "380"],
        [("Columbus", "432"), ("Westerville", "430"), ("Hilliard", "430")],
    ),
    "Memphis": (["901"], [("Memphis", "381"), ("Germantown", "381"), ("Bartlett", "381")]),
    "Boston": (
        ["617", "857", "781"],
        [("Boston", "021"), ("Cambridge", "021"), ("Somerville", "021")],
    ),
    "Reno": (["775"], [("Reno", "895"), ("Sparks", "894")]),
}

#: Department → (head title, [(team-manager title, count)], [staff titles], staff count,
#: offices). Salary bands are per level below.
DEPARTMENTS: dict[str, tuple[str, list[tuple[str, int]], list[str], int, list[str]]] = {
    "Operations": (
        "VP Operations",
        [("Warehouse Manager", 3)],
        [
            "Warehouse Associate",
            "Forklift Operator",
            "Shift Supervisor",
            "Dispatcher",
            "Inventory Analyst",
        ],
        16,
        ["Chicago", "Columbus", "Memphis"],
    ),
    "Customer Support": (
        "Director of Customer Support",
        [("Support Team Lead", 2)],
        ["Customer Support Agent", "Customer Support Agent", "Senior Support Agent"],
        10,
        ["Columbus", "Reno"],
    ),
    "Engineering": (
        "VP Engineering",
        [("Engineering Manager", 2)],
        ["Software Engineer", "Senior Software Engineer", "Data Engineer", "QA Engineer"],
        8,
        ["Boston", "Chicago"],
    ),
    "Finance": (
        "Chief Financial Officer",
        [],
        ["Accountant", "Financial Analyst", "Payroll Specialist"],
        4,
        ["Chicago"],
    ),
    "People": (
        "Head of People",
        [],
        ["HR Generalist", "Recruiter", "People Operations Coordinator"],
        3,
        ["Chicago"],
    ),
    "Sales": (
        "VP Sales",
        [("Sales Manager", 1)],
        ["Account Executive", "Sales Development Representative"],
        4,
        ["Chicago", "Boston"],
    ),
}
SALARY_BANDS = {
    "ceo": (240_000, 260_000),
    "head": (165_000, 205_000),
    "manager": (98_000, 132_000),
    "staff": (41_000, 96_000),
}

#: Survey sentences without personal data, by sentiment (+1, 0, -1).
GENERIC: dict[int, list[str]] = {
    1: [
        "The new VPN is much faster.",
        "Onboarding this year was far better organised than when I joined.",
        "I like the new four-day rota at the depot.",
        "The hybrid schedule works well for my team.",
        "Training on the new warehouse system was clear and useful.",
        "The benefits enrolment portal was easy to use this year.",
        "The new break room at the depot is a big improvement.",
        "Town halls feel more open than they used to.",
        "I finally have the equipment I need to do my job.",
        "Good quarter overall, the team pulled together during peak season.",
    ],
    0: [
        "No major changes since last quarter.",
        "Would like more clarity on the promotion criteria.",
        "The expense policy could be simpler.",
        "Happy overall, but the commute is long.",
        "It would help to get the shift schedule a week earlier.",
        "The quarterly goals were communicated late.",
        "Not sure the new ticketing tool is better than the old one yet.",
        "More cross-training between depots would be useful.",
    ],
    -1: [
        "Parking at the depot is still a nightmare.",
        "The scanners drop their connection in aisle 14 every afternoon.",
        "Payroll corrections take weeks to come through.",
        "Too many tools for the same job; we need one ticketing system.",
        "Overtime is being assigned at the last minute again.",
        "The air conditioning in the loading bay has been broken since June.",
        "Nobody reads the feedback from these surveys.",
        "Our team is understaffed on weekends.",
        "The laptop refresh keeps getting pushed back.",
    ],
}
#: Survey sentences naming a colleague ({name}) or the respondent's manager ({mgr}).
ABOUT_COLLEAGUE: dict[int, list[str]] = {
    1: [
        "{name} really helped me onboard.",
        "{name} always covers for me when my kid is sick.",
        "Shout-out to {name} for fixing the label printers.",
        "{name} is the best trainer on the floor.",
        "Working with {name} on the depot cutover was a highlight.",
        "{name}'s runbook saved us during the outage.",
        "{name} and {name2} made the move to the new office painless.",
    ],
    -1: [
        "{name} keeps scheduling meetings over lunch.",
        "I had to redo {name}'s inventory counts twice this month.",
        "{name} and I still disagree on the returns process, and nobody decides.",
    ],
}
ABOUT_MANAGER: dict[int, list[str]] = {
    1: [
        "My manager {mgr} gives clear feedback every week.",
        "{mgr} fought hard to get our team new equipment.",
        "{mgr} is approachable and fair.",
        "Thanks to {mgr} for approving my training budget.",
    ],
    -1: [
        "{mgr} rarely holds one-on-ones anymore.",
        "I don't feel {mgr} listens when we raise safety issues.",
        "{mgr} changes priorities every week.",
    ],
}
ABOUT_FULL_NAME: dict[int, list[str]] = {
    1: [
        "Shout-out to {full} for covering my shifts in March.",
        "{full} should be considered for the team lead role.",
        "Please recognise {full}; peak season would have failed without them.",
    ],
    -1: ["I'd like to be moved off {full}'s team."],
}
WITH_CONTACT: list[str] = [
    "If anyone needs the shift swap sheet, email {email}.",
    "{name}'s cell is {phone} if you need the depot keys after hours.",
    "Contact {name} at {email} about the carpool.",
    "Call {name} on {phone} if the label printer jams again.",
]
#: Comments that make sure the awkward names show up in free text at least once.
EDGE_COMMENTS: list[str] = [
    "{full_2} ran the best safety training I've had here.",
    "{first_1} fixed the dock scheduler in one afternoon, thanks {first_1}!",
    "big thanks to {lower_1} for translating the forklift manual.",
    "{full_3} deserves the promotion. I'd happily work on {first_3}'s team again.",
]
SHOUTED: list[str] = [
    "PLEASE FIX THE PAYROLL PORTAL. {NAME} HAS BEEN WAITING TWO WEEKS FOR A CORRECTION.",
    "STOP CHANGING THE ROTA WITHOUT NOTICE. ASK {NAME}, SAME PROBLEM EVERY MONTH.",
]

NOTES: list[str] = [
    "Prefers email contact.",
    "Key account; {first} asked for quarterly invoices.",
    "Card on file ending {last4}.",
    "{name} called about a duplicate charge; refunded to card ending {last4}.",
    "Escalate delivery issues to the account manager.",
    "Net 30 terms approved by finance.",
    "Dock closes at 3pm, deliveries before noon only.",
    "{first} prefers phone calls to email.",
]
#: Variation for the chats, so transcripts are not all the same sentences.
OPENERS: list[str] = [
    "Hi! This is {agent} from Northwind support",
    "Hello, {agent} here",
    "Thanks for contacting Northwind, my name is {agent}",
]
CLOSERS: list[tuple[str, str]] = [
    ("Customer: Thanks for your help.", "{a}: You're welcome, have a good day."),
    ("Customer: Great, thank you!", "{a}: Anytime. Ticket {ticket} stays on file."),
    ("Customer: That's all, bye.", ""),
    ("", ""),
]
ISSUE_KINDS = ("late", "damaged", "double_charge", "address", "login", "handoff", "invoice")
COMPANY_TEXT = (
    "Northwind support claims@northwind-logistics.com 1-800-555-0199 depot Agent Customer "
    "Thanks Sorry Hello Done Sure Unlocked Confirmed Following OK No Yes Also"
)

# --- small helpers ---------------------------------------------------------------------


def _ascii(s: str) -> str:
    """Email local parts are ASCII: José → jose, O'Brien → obrien."""
    folded = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", folded.lower())


def _luhn_complete(prefix: str, length: int, rnd: random.Random) -> str:
    body = prefix + "".join(str(rnd.randrange(10)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return body + str((10 - total % 10) % 10)


def card_number(rnd: random.Random) -> str:
    """A random Luhn-valid Visa/Mastercard/Amex number, grouped the way people type it."""
    brand = rnd.choices(["visa", "mc", "amex"], weights=[6, 3, 1])[0]
    if brand == "amex":
        n = _luhn_complete(rnd.choice(["34", "37"]), 15, rnd)
        return f"{n[:4]} {n[4:10]} {n[10:]}"
    n = _luhn_complete("4" if brand == "visa" else str(rnd.randint(51, 55)), 16, rnd)
    sep = rnd.choices([" ", "-", ""], weights=[6, 2, 2])[0]
    return sep.join(n[i : i + 4] for i in range(0, 16, 4))


def us_phone(area: str, line: int, style: int) -> str:
    """A fictional NANP number (555-01xx) in one of the shapes seen in real exports."""
    exch, last = "555", f"01{line:02d}"
    return [
        f"({area}) {exch}-{last}",
        f"{area}-{exch}-{last}",
        f"+1 {area} {exch} {last}",
        f"{area}.{exch}.{last}",
    ][style]


def reformat_us_phone(phone: str, rnd: random.Random) -> str:
    """The same number as a customer might say it in a chat, in another shape."""
    digits = re.sub(r"\D", "", phone)[-10:]
    return us_phone(digits[:3], int(digits[-2:]), rnd.randrange(4))


def random_day(rnd: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rnd.randrange((end - start).days + 1))


def business_time(rnd: random.Random, day: date) -> datetime:
    """A timestamp on a working day during office hours (UTC, as the export stores it)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    t = time(rnd.randint(13, 22), rnd.randrange(60), rnd.randrange(60))
    return datetime.combine(day, t, tzinfo=UTC)


def iso(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


class Names:
    """First/last names from several locales, filtered so substring leak checks are exact."""

    def __init__(self, seed: int, static_text: str) -> None:
        us = Faker("en_US").provider("faker.providers.person")
        self._vocab: list[str] = sorted(set(us.first_names) | set(us.last_names))  # type: ignore[attr-defined]
        self._static = static_text
        self._static_lower = static_text.lower()
        self._fakers: dict[str, Faker] = {}
        for i, loc in enumerate(("en_IN", "es_MX", "en_IE", "it_IT", "pt_BR", "yo_NG", "pl_PL")):
            f = Faker(loc)
            f.seed_instance(seed + i)
            self._fakers[loc] = f
        self.used: list[str] = []

    def acceptable(self, name: str) -> bool:
        if " " in name or not name.replace("-", "").replace("'", "").isalpha():
            return False
        if any(name in v for v in self._vocab) or name in self._static:
            return False
        if re.search(rf"\b{re.escape(name.lower())}\b", self._static_lower):
            return False
        # No name inside another: "Ana" must not sit inside "Anand" for the leak check.
        return not any(name in u or u in name for u in self.used)

    def draw(self, rnd: random.Random, gender: str) -> tuple[str, str]:
        for _ in range(500):
            loc = rnd.choices(list(self._fakers), weights=[22, 20, 16, 12, 12, 10, 8])[0]
            f = self._fakers[loc]
            if gender == "Female":
                first = f.first_name_female()
            elif gender == "Male":
                first = f.first_name_male()
            else:
                first = f.first_name()
            last = f.last_name_female() if gender == "Female" and loc == "pl_PL" else f.last_name()
            if self.acceptable(first) and self.acceptable(last):
                self.used += [first, last]
                return first, last
        raise RuntimeError("name pool exhausted; widen the locales")

    def claim(self, *names: str) -> None:
        for n in names:
            if not self.acceptable(n):
                raise RuntimeError(f"fixed sample name {n!r} fails the name filter")
            self.used.append(n)


# --- employees -----------------------------------------------------------------------


@dataclass
class Employee:
    key: int
    first: str
    last: str
    gender: str
    dob: date
    hire: date
    department: str
    title: str
    level: str
    office: str
    manager_key: int | None
    salary: int
    phone: str = ""
    email: str = ""
    ssn: str = ""
    street: str = ""
    city: str = ""
    postcode: str = ""
    employee_id: int = 0

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Context:
    rnd: random.Random
    fake_us: Faker
    names: Names
    phone_lines: dict[str, list[int]] = field(default_factory=dict)

    def phone(self, area: str, style: int | None = None) -> str:
        """A fictional number never handed out twice in the bundle."""
        free = self.phone_lines.setdefault(area, list(range(100)))
        line = free.pop(self.rnd.randrange(len(free)))
        return us_phone(area, line, self.rnd.randrange(4) if style is None else style)


#: Edge cases demanded by the brief: accent, apostrophe, hyphenated surname.
FIXED_NAMES = {
    3: ("José", "Gastélum", "Male"),
    7: ("Aoife", "O'Brien", "Female"),
    12: ("Chidinma", "Okafor-Reyes", "Female"),
}


def make_employees(ctx: Context) -> list[Employee]:
    rnd = ctx.rnd
    roles: list[tuple[str, str, str, str, int | None]] = []  # dept, title, level, office, mgr
    roles.append(("Executive", "Chief Executive Officer", "ceo", "Chicago", None))
    for dept, (head, managers, staff_titles, n_staff, offices) in DEPARTMENTS.items():
        head_idx = len(roles)
        roles.append((dept, head, "head", offices[0], 0))
        mgr_idx: list[int] = []
        for title, count in managers:
            for i in range(count):
                mgr_idx.append(len(roles))
                roles.append((dept, title, "manager", offices[i % len(offices)], head_idx))
        for _ in range(n_staff):
            boss = rnd.choice(mgr_idx) if mgr_idx else head_idx
            roles.append((dept, rnd.choice(staff_titles), "staff", roles[boss][3], boss))

    people: list[Employee] = []
    for key, (dept, title, level, office, mgr) in enumerate(roles):
        if key in FIXED_NAMES:
            first, last, gender = FIXED_NAMES[key]
        else:
            gender = rnd.choices(["Female", "Male", "Non-binary"], weights=[48, 48, 4])[0]
            first, last = ctx.names.draw(rnd, gender)
        earliest = {"ceo": date(2009, 3, 2), "head": date(2011, 1, 1)}.get(level, date(2013, 1, 1))
        hire = (
            earliest
            if level == "ceo"
            else random_day(
                rnd, earliest, {"head": date(2019, 12, 31)}.get(level, date(2025, 5, 30))
            )
        )
        dob = random_day(
            rnd, date(1962, 1, 1), min(hire - timedelta(days=365 * 21), date(2003, 6, 1))
        )
        lo, hi = SALARY_BANDS[level]
        salary = round(rnd.randint(lo, hi) / 500) * 500
        people.append(
            Employee(key, first, last, gender, dob, hire, dept, title, level, office, mgr, salary)
        )
    ctx.names.claim(*(n for f, last, _ in FIXED_NAMES.values() for n in (f, last)))

    # Ids follow hire order, as an HR system hands them out.
    by_hire = sorted(people, key=lambda e: (e.hire, e.key))
    start = 1001
    for i, e in enumerate(by_hire):
        e.employee_id = start + i
    emails: list[str] = []
    for e in people:
        base = f"{_ascii(e.first)}.{_ascii(e.last)}"
        email = f"{base}@{COMPANY_DOMAIN}"
        n = 2
        while email in emails:
            email, n = f"{base}{n}@{COMPANY_DOMAIN}", n + 1
        emails.append(email)
        e.email = email
        areas, cities = OFFICES[e.office]
        e.phone = ctx.phone(rnd.choice(areas))
        e.ssn = _ssn(rnd)
        e.city, prefix = rnd.choice(cities)
        e.postcode = f"{prefix}{rnd.randrange(100):02d}"
        e.street = ctx.fake_us.street_address()
    return people


def _ssn(rnd: random.Random) -> str:
    """Structurally valid: area 001-899 but not 666, group 01-99, serial 0001-9999."""
    area = rnd.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{rnd.randint(1, 99):02d}-{rnd.randint(1, 9999):04d}"


def employees_csv(people: Sequence[Employee]) -> bytes:
    by_key = {e.key: e for e in people}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "employee_id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "ssn",
            "date_of_birth",
            "hire_date",
            "department",
            "job_title",
            "manager_id",
            "salary",
            "city",
            "postcode",
            "street_address",
            "gender",
        ]
    )
    for e in sorted(people, key=lambda p: p.employee_id):
        mgr = "" if e.manager_key is None else str(by_key[e.manager_key].employee_id)
        w.writerow(
            [
                e.employee_id,
                e.first,
                e.last,
                e.email,
                e.phone,
                e.ssn,
                e.dob.isoformat(),
                e.hire.isoformat(),
                e.department,
                e.title,
                mgr,
                e.salary,
                e.city,
                e.postcode,
                e.street,
                e.gender,
            ]
        )
    return buf.getvalue().encode("utf-8")


# --- survey ----------------------------------------------------------------------------

WAVES = (date(2024, 10, 14), date(2025, 1, 13), date(2025, 4, 7))


def _score(rnd: random.Random, sentiment: int) -> int:
    return {
        1: rnd.choice([4, 4, 5, 5, 5, 3]),
        0: rnd.choice([3, 3, 4, 2]),
        -1: rnd.choice([1, 2, 2, 3]),
    }[sentiment]


def _comment(ctx: Context, e: Employee, people: Sequence[Employee]) -> tuple[str | None, int]:
    """One survey comment and the sentiment it expresses (drives the score)."""
    rnd = ctx.rnd
    by_key = {p.key: p for p in people}
    mates = [p for p in people if p.department == e.department and p.key != e.key] or [
        p for p in people if p.key != e.key
    ]
    mgr = by_key[e.manager_key] if e.manager_key is not None else None
    kind = rnd.choices(
        ["none", "colleague", "manager", "full", "lower", "caps", "contact", "empty"],
        weights=[38, 22, 14, 7, 7, 3, 6, 3],
    )[0]
    sentiment = rnd.choices([1, 0, -1], weights=[5, 3, 3])[0]
    if kind == "empty":
        return (None if rnd.random() < 0.34 else ""), 0
    if kind == "manager" and mgr is None:
        kind = "colleague"
    sent = sentiment if sentiment != 0 else 1
    a, b = rnd.sample(mates, 2) if len(mates) > 1 else (mates[0], mates[0])
    if kind == "none":
        core = rnd.choice(GENERIC[sentiment])
    elif kind in ("colleague", "lower"):
        core = rnd.choice(ABOUT_COLLEAGUE[sent]).format(name=a.first, name2=b.first)
        sentiment = sent
    elif kind == "manager":
        assert mgr is not None
        core = rnd.choice(ABOUT_MANAGER[sent]).format(mgr=mgr.first)
        sentiment = sent
    elif kind == "full":
        core = rnd.choice(ABOUT_FULL_NAME[sent]).format(full=a.full)
        sentiment = sent
    elif kind == "caps":
        return rnd.choice(SHOUTED).format(NAME=(mgr or a).first.upper()), -1
    else:  # contact
        core = rnd.choice(WITH_CONTACT).format(name=a.first, email=a.email, phone=a.phone)
    parts = [core]
    extra = rnd.choices([0, 1, 2], weights=[5, 4, 1])[0]
    pool = [s for s in GENERIC[sentiment] if s != core]
    parts += rnd.sample(pool, extra)
    if rnd.random() < 0.5:
        parts.reverse()
    text = " ".join(parts)
    return (text.lower() if kind == "lower" else text), sentiment


def make_survey(ctx: Context, people: Sequence[Employee]) -> list[dict[str, object]]:
    rnd = ctx.rnd
    rows: list[tuple[datetime, Employee]] = []
    for wave in WAVES:
        eligible = [e for e in people if e.hire < wave]
        for e in rnd.sample(eligible, min(50, len(eligible))):
            rows.append((business_time(rnd, wave + timedelta(days=rnd.randrange(12))), e))
    rows.sort(key=lambda r: (r[0], r[1].employee_id))
    # Pin the edge-case names (accent, apostrophe, hyphen) into a few comments.
    fixed = {k: next(e for e in people if e.key == k) for k in FIXED_NAMES}
    keys = sorted(FIXED_NAMES)
    values = {f"full_{i}": fixed[k].full for i, k in enumerate(keys, 1)}
    values |= {f"first_{i}": fixed[k].first for i, k in enumerate(keys, 1)}
    values |= {f"lower_{i}": fixed[k].first.lower() for i, k in enumerate(keys, 1)}
    edge = dict(zip(rnd.sample(range(len(rows)), len(EDGE_COMMENTS)), EDGE_COMMENTS, strict=True))
    out: list[dict[str, object]] = []
    rid = 117
    for ts, e in rows:
        rid += rnd.randint(1, 3)
        comment, sentiment = _comment(ctx, e, people)
        if len(out) in edge:
            comment, sentiment = edge[len(out)].format(**values), 1
        out.append(
            {
                "response_id": f"R-{rid:06d}",
                "employee_id": e.employee_id,
                "submitted_at": iso(ts),
                "score": _score(rnd, sentiment),
                "comment": comment,
            }
        )
    return out


def jsonl(rows: Sequence[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


# --- customers -----------------------------------------------------------------------

#: Country → (Faker locale, [(city, postcode maker key, phone prefix)]).
US_CITIES = [
    ("Denver", "802", "720"),
    ("Austin", "787", "512"),
    ("Seattle", "981", "206"),
    ("Atlanta", "303", "404"),
    ("Portland", "972", "503"),
    ("Phoenix", "850", "602"),
    ("Minneapolis", "554", "612"),
    ("Pittsburgh", "152", "412"),
    ("Newark", "071", "973"),
    ("Hartford", "061", "860"),
]
CA_CITIES = [("Toronto", "M5V", "416"), ("Vancouver", "V6B", "604")]
GB_CITIES = [("London", "EC1A", "+44 20 7946 0"), ("Manchester", "M1", "+44 161 496 0")]
DE_CITIES = [("Berlin", "101", "+49 30"), ("Hamburg", "200", "+49 40")]
FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com"]


@dataclass
class Customer:
    customer_id: str
    first: str
    last: str
    email: str
    phone: str
    street: str
    city: str
    postcode: str
    country: str
    signup: date
    segment: str
    card: str
    notes: str | None = None
    opted_in: bool = False

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _postcode(rnd: random.Random, country: str, prefix: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    if country == "US":
        return f"{prefix}{rnd.randrange(100):02d}"
    if country == "CA":
        return f"{prefix} {rnd.randint(1, 9)}{rnd.choice(letters)}{rnd.randint(1, 9)}"
    if country == "GB":
        return f"{prefix} {rnd.randint(1, 9)}{rnd.choice(letters)}{rnd.choice(letters)}"
    return f"{prefix}{rnd.randrange(100):02d}"


def make_customers(ctx: Context, fakers: dict[str, Faker]) -> list[Customer]:
    rnd = ctx.rnd
    ids = sorted(rnd.sample(range(1, 400), 50))
    out: list[Customer] = []
    emails: list[str] = []
    for n in ids:
        country = rnd.choices(["US", "CA", "GB", "DE"], weights=[34, 6, 6, 4])[0]
        f = fakers[country]
        first, last = f.first_name(), f.last_name()
        segment = rnd.choices(["smb", "enterprise"], weights=[7, 3])[0]
        if country == "US":
            city, zp, area = rnd.choice(US_CITIES)
            phone = ctx.phone(area)
        elif country == "CA":
            city, zp, area = rnd.choice(CA_CITIES)
            phone = ctx.phone(area, style=rnd.choice([0, 2]))
        elif country == "GB":
            city, zp, prefix = rnd.choice(GB_CITIES)
            phone = f"{prefix}{rnd.randrange(1000):03d}"
        else:
            city, zp, prefix = rnd.choice(DE_CITIES)
            phone = f"{prefix} {rnd.randint(2000, 9999)} {rnd.randrange(10000):04d}"
        if segment == "enterprise":
            company = re.sub(r"[^a-z]+", "-", ctx.fake_us.company().lower()).strip("-")
            email = f"{_ascii(first)}.{_ascii(last)}@{company}.com"
        else:
            local = rnd.choice(
                [
                    f"{_ascii(first)}.{_ascii(last)}",
                    f"{_ascii(first)}{_ascii(last)}{rnd.randint(1, 99)}",
                    f"{_ascii(first)[0]}{_ascii(last)}",
                ]
            )
            email = f"{local}@{rnd.choice(FREE_MAIL)}"
        if email in emails:
            email = email.replace("@", f"{len(emails)}@")
        emails.append(email)
        c = Customer(
            customer_id=f"C-{n:05d}",
            first=first,
            last=last,
            email=email,
            phone=phone,
            street=f.street_address().replace("\n", ", "),
            city=city,
            postcode=_postcode(rnd, country, zp),
            country=country,
            signup=random_day(rnd, date(2018, 2, 1), date(2024, 12, 20)),
            segment=segment,
            card=card_number(rnd),
            opted_in=rnd.random() < 0.45,
        )
        roll = rnd.random()
        if roll < 0.2:
            c.notes = None
        elif roll < 0.32:
            c.notes = ""
        else:
            last4 = re.sub(r"\D", "", c.card)[-4:]
            c.notes = rnd.choice(NOTES).format(first=first, name=c.name, last4=last4)
        out.append(c)
    return out


def customers_json(customers: Sequence[Customer]) -> bytes:
    records = [
        {
            "customer_id": c.customer_id,
            "name": c.name,
            "contact": {"email": c.email, "phone": c.phone},
            "address": {
                "street": c.street,
                "city": c.city,
                "postcode": c.postcode,
                "country": c.country,
            },
            "signup_date": c.signup.isoformat(),
            "segment": c.segment,
            "notes": c.notes,
            "opted_in_marketing": c.opted_in,
        }
        for c in customers
    ]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- support tickets -------------------------------------------------------------------


def _ip(rnd: random.Random) -> str:
    """Documentation ranges only (RFC 5737 / RFC 3849)."""
    if rnd.random() < 0.15:
        return f"2001:db8:{rnd.randrange(1 << 16):x}::{rnd.randrange(1 << 16):x}"
    net = rnd.choice(["192.0.2", "198.51.100", "203.0.113"])
    return f"{net}.{rnd.randint(2, 254)}"


def _transcript(
    rnd: random.Random, kind: str, c: Customer, agents: Sequence[Employee], ticket: str, order: str
) -> str:
    """A support chat as the helpdesk exports it: one line per message, speaker first."""
    a = f"Agent ({agents[0].first})"
    phone = (
        reformat_us_phone(c.phone, rnd)
        if c.country in ("US", "CA") and rnd.random() < 0.3
        else c.phone
    )
    where = f"{c.street}, {c.city} {c.postcode}"
    last4 = re.sub(r"\D", "", c.card)[-4:]
    depot = (
        agents[0].office if agents[0].office in ("Chicago", "Columbus", "Memphis") else "Columbus"
    )
    lines: list[str]
    if kind == "late":
        lines = [
            f"Customer: Hi, my order {order} hasn't arrived yet. It was due last week.",
            f"{a}: {rnd.choice(OPENERS).format(agent=agents[0].first)}, sorry about that. "
            "Can I have your name and the email on the order?",
            f"Customer: {c.name}, {c.email}",
            f"{a}: Thanks {c.first}. I've opened ticket {ticket}. The shipment is held at our "
            f"{depot} depot and goes out on tomorrow's route.",
            f"Customer: OK. Can the driver call me first? My number is {phone}.",
            f"{a}: Done, I've added {phone} to the delivery notes.",
        ]
    elif kind == "damaged":
        lines = [
            f"Customer: Hello, this is {c.name}. Two cartons on order {order} arrived crushed.",
            f"{a}: I'm sorry to hear that, {c.first}. Please send photos to "
            f"claims@{COMPANY_DOMAIN} and quote ticket {ticket}.",
            f"Customer: Sent. I'd like the refund to go back to my card, {c.card}.",
            f"{a}: The refund to the card ending {last4} is approved; allow 5-7 business days.",
        ]
    elif kind == "double_charge":
        lines = [
            f"Customer: I was charged twice for {order}. Card number {c.card}, expiry "
            f"{rnd.randint(1, 12):02d}/{rnd.randint(26, 30)}.",
            f"{a}: Thanks. For security, can you confirm your full name and billing address?",
            f"Customer: {c.name}, {where}.",
            f"{a}: Confirmed, {c.first}. One charge is a pre-authorisation and will drop off in "
            f"a few days. Ticket {ticket} stays open until it does.",
        ]
    elif kind == "address":
        lines = [
            f"Customer: Hi, I need to change the delivery address for {order}.",
            f"{a}: Sure. Who am I speaking with?",
            f"Customer: {c.name}. Please ship to {where} instead.",
            f"{a}: Updated. You'll get a confirmation at {c.email}. Your reference is {ticket}.",
        ]
    elif kind == "login":
        lines = [
            "Customer: I can't log into the shipping portal. It says my account is locked.",
            f"{a}: Let me check. What's the email on the account?",
            f"Customer: {c.email}",
            f"{a}: I see failed logins from {_ip(rnd)}. Was that you, {c.first}?",
            "Customer: Yes, that's our office network.",
            f"{a}: Unlocked. I've noted it on ticket {ticket} (order {order}). If it happens "
            "again call us at 1-800-555-0199.",
        ]
    elif kind == "handoff":
        b = f"Agent ({agents[1].first})"
        lines = [
            f"Customer: Following up on {ticket} for order {order}. Nobody called me back.",
            f"{a}: Hi {c.first}, I'm sorry. Let me transfer you to {agents[1].first}, who "
            "handles escalations.",
            f"{b}: Hi {c.first}, {agents[1].first} here. I can see the claim. Can you confirm "
            "your phone number?",
            f"Customer: {phone}",
            f"{b}: Thank you. I'll call you at that number by end of day with an update.",
        ]
    else:  # invoice
        other = Faker("en_US")
        other.seed_instance(rnd.randrange(1 << 30))
        ap_phone = f"+1 {rnd.choice(['312', '614', '212'])} 555 01{rnd.randrange(100):02d}"
        lines = [
            f"Customer: Hi, it's {c.first} {c.last}. Could you resend the invoice for {order}?",
            f"{a}: Of course. Sending it to {c.email} now under ticket {ticket}.",
            f"Customer: Also, our accounts payable contact is now {other.name()}, {ap_phone}.",
            f"{a}: Noted on the account, thanks {c.first}.",
        ]
    bye = rnd.choice(CLOSERS)
    lines += [line.format(a=a, ticket=ticket) for line in bye if line]
    return "\n".join(lines)


def make_tickets(
    ctx: Context, people: Sequence[Employee], customers: Sequence[Customer]
) -> pa.Table:
    rnd = ctx.rnd
    support = [e for e in people if e.department == "Customer Support" and e.level != "head"]
    rows: list[dict[str, object]] = []
    stamps = sorted(
        business_time(rnd, random_day(rnd, date(2025, 1, 6), date(2025, 6, 27))) for _ in range(80)
    )
    ticket_no = 100_180
    orders = rnd.sample(range(41_000, 69_999), 80)
    for ts, order_no in zip(stamps, orders, strict=True):
        ticket_no += rnd.randint(3, 40)
        c = rnd.choice([c for c in customers if c.signup < ts.date()])
        kind = rnd.choices(ISSUE_KINDS, weights=[20, 14, 12, 12, 10, 8, 10])[0]
        on_duty = [e for e in support if e.hire < ts.date()]
        agents = rnd.sample(on_duty, 2)
        ticket, order = f"TCK-{ticket_no}", f"ORD-{order_no}"
        age = (EXPORT_DAY - ts.date()).days
        status = (
            rnd.choice(["open", "pending"])
            if age < 10
            else rnd.choices(["resolved", "closed", "pending"], weights=[5, 4, 1])[0]
        )
        rows.append(
            {
                "ticket_id": ticket,
                "customer_id": c.customer_id,
                "order_id": order,
                "agent_employee_id": agents[0].employee_id,
                "created_at": ts,
                "status": status,
                "transcript": _transcript(rnd, kind, c, agents, ticket, order),
            }
        )
    schema = pa.schema(
        [
            ("ticket_id", pa.string()),
            ("customer_id", pa.string()),
            ("order_id", pa.string()),
            ("agent_employee_id", pa.int64()),
            ("created_at", pa.timestamp("us", tz="UTC")),
            ("status", pa.string()),
            ("transcript", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


# --- bundle --------------------------------------------------------------------------


def _static_text() -> str:
    chunks: list[str] = [COMPANY_TEXT, " ".join(ISSUE_KINDS), " ".join(NOTES)]
    for group in (GENERIC, ABOUT_COLLEAGUE, ABOUT_MANAGER, ABOUT_FULL_NAME):
        for sentences in group.values():
            chunks.extend(sentences)
    chunks += WITH_CONTACT + SHOUTED + FREE_MAIL + EDGE_COMMENTS + OPENERS
    chunks += [line for pair in CLOSERS for line in pair]
    for dept, (head, managers, staff, _, offices) in DEPARTMENTS.items():
        chunks += [dept, head, *staff, *offices, *(t for t, _ in managers)]
    for _, cities in OFFICES.values():
        chunks += [c for c, _ in cities]
    for table in (US_CITIES, CA_CITIES, GB_CITIES, DE_CITIES):
        chunks += [c for c, _, _ in table]
    chunks += ["Female", "Male", "Non-binary", "Executive", "Chief Executive Officer"]
    return "\n".join(chunks)


def build(seed: int = SEED) -> dict[str, bytes]:
    """The whole bundle as file name → bytes (pure: no file system access)."""
    rnd = random.Random(seed)
    fake_us = Faker("en_US")
    fake_us.seed_instance(seed)
    ctx = Context(rnd=rnd, fake_us=fake_us, names=Names(seed, _static_text()))
    people = make_employees(ctx)
    survey = make_survey(ctx, people)
    fakers: dict[str, Faker] = {}
    for i, (country, loc) in enumerate(
        (("US", "en_US"), ("CA", "en_CA"), ("GB", "en_GB"), ("DE", "de_DE"))
    ):
        fakers[country] = Faker(loc)
        fakers[country].seed_instance(seed + 100 + i)
    customers = make_customers(ctx, fakers)
    tickets = make_tickets(ctx, people, customers)
    return {
        "employees.csv": employees_csv(people),
        "survey_responses.jsonl": jsonl(survey),
        "support_tickets.parquet": parquet_bytes(tickets),
        "customers.json": customers_json(customers),
    }


def write_bundle(out: Path, files: dict[str, bytes], log: Callable[[str], None]) -> None:
    """Write only files whose bytes changed, so a demo run leaves a clean git tree alone."""
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        dest = out / name
        if dest.exists() and dest.read_bytes() == data:
            log(f"unchanged  {dest}")
            continue
        tmp = dest.with_name(f".{name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(dest)
        log(f"wrote      {dest} ({len(data)} bytes)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="folder to write the bundle into (default: this script's folder)",
    )
    parser.add_argument("--seed", type=int, default=SEED, help="change only to get other data")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    write_bundle(args.out, build(args.seed), (lambda _m: None) if args.quiet else print)
    return 0


if __name__ == "__main__":
    sys.exit(main())
