"""Probe: a visa sponsor's applications, as a case-management system exports them.

applicants.jsonl: a case reference "VS/2026/004512", the applicant's names as a passport
gives them (``surname`` and ``given_names`` upper-case, several given names), sex,
nationality as an ISO code, date and place of birth, a passport (number, issuing state,
expiry), parents' names, a UK address and the sponsor's licence number; ``travel_history``
a list of trips ``{country, from, to, purpose}``; ``caseworker_notes`` free text that
quotes the passport number, the applicant's names and their family ("Applicant's spouse
WANG Li holds BRP ZX1234567").

    python -m bench.probes.visa 3000 /tmp/visa && safeset run /tmp/visa
"""

import random
import string

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
fk = seeded(["en_IN", "zh_CN", "es_MX", "en_NG", "pt_BR", "en_GB"], 9100)
rnd = random.Random(91)
locs = list(fk)[:5]
ISO = {"en_IN": "IND", "zh_CN": "CHN", "es_MX": "MEX", "en_NG": "NGA", "pt_BR": "BRA"}
COUNTRIES = ["France", "UAE", "USA", "Thailand", "Germany", "Kenya", "Canada"]
uk = fk["en_GB"]


def passport(loc: str) -> str:
    if loc == "zh_CN":
        return "E" + "".join(rnd.choices(string.digits, k=8))
    if loc == "en_IN":
        return rnd.choice(string.ascii_uppercase) + "".join(rnd.choices(string.digits, k=7))
    return "".join(rnd.choices(string.ascii_uppercase, k=2)) + "".join(
        rnd.choices(string.digits, k=7)
    )


rows = []
for i, loc, g, first, last in people(n, locs, fk):
    given = first if rnd.random() < 0.6 else f"{first} {g.first_name()}"
    pno = passport(loc)
    spouse = f"{g.last_name().upper()} {g.first_name()}"
    brp = "".join(rnd.choices(string.ascii_uppercase, k=2)) + "".join(
        rnd.choices(string.digits, k=7)
    )
    rows.append(
        {
            "case_ref": f"VS/2026/{i:06d}",
            "surname": last.upper(),
            "given_names": given.upper(),
            "sex": rnd.choice(["M", "F"]),
            "nationality": ISO[loc],
            "date_of_birth": g.date_of_birth(minimum_age=21, maximum_age=60).isoformat(),
            "place_of_birth": g.city(),
            "passport": {
                "number": pno,
                "issuing_state": ISO[loc],
                "expiry": g.date_between("+1y", "+9y").isoformat(),
            },
            "father_name": f"{g.first_name_male()} {last}",
            "mother_name": f"{g.first_name_female()} {g.last_name()}",
            "uk_address": uk.address().replace("\n", ", "),
            "sponsor_licence": f"{rnd.randint(1, 9)}{''.join(rnd.choices(string.ascii_uppercase + string.digits, k=9))}",  # noqa: E501
            "travel_history": [
                {
                    "country": rnd.choice(COUNTRIES),
                    "from": g.date_between("-6y", "-1y").isoformat(),
                    "to": g.date_between("-1y", "today").isoformat(),
                    "purpose": rnd.choice(["Tourism", "Business", "Family visit", "Study"]),
                }
                for _ in range(rnd.randint(0, 3))
            ],
            "caseworker_notes": rnd.choice(
                [
                    f"Passport {pno} verified against scan. {given.split()[0].title()} confirmed address by phone.",  # noqa: E501
                    f"Applicant's spouse {spouse} holds BRP {brp}; dependant application linked.",
                    "Biometrics booked. Awaiting TB certificate.",
                    f"Name on offer letter reads {first} {last[:-1]}; request corrected letter.",
                    f"Called applicant on {g.phone_number()}, no answer.",
                    "",
                ]
            ),
        }
    )
write_jsonl(out / "applicants.jsonl", rows)
