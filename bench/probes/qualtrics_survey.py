"""Probe: a survey export as Qualtrics writes it (CSV, three header rows).

Under the header of column ids (``StartDate``, ``IPAddress``, ``RecipientEmail``,
``ExternalReference``, ``Q1``...) the tool writes a row of question texts ("IP Address",
"Recipient Last Name", "How satisfied are you...") and a row of import ids
(``{"ImportId": "QID1"}``); ``Status`` is "IP Address" for every web response; free-text
answers name spouses, agents and addresses. Found in session 50: the label "IP Address"
collected as an address met every response's ``Status``: REJECTED on 1,500 leaks; and
``ExternalReference`` (a CRM id) was kept.

    python -m bench.probes.qualtrics_survey 1500 /tmp/qx && safeset run /tmp/qx
"""

import csv
import json
import random

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "nl_NL"]
fk = seeded(locs, 100)
rnd = random.Random(5)
COLUMNS = [
    ("StartDate", "Start Date"), ("EndDate", "End Date"), ("Status", "Response Type"),
    ("IPAddress", "IP Address"), ("Progress", "Progress"),
    ("Duration (in seconds)", "Duration (in seconds)"), ("Finished", "Finished"),
    ("RecordedDate", "Recorded Date"), ("ResponseId", "Response ID"),
    ("RecipientLastName", "Recipient Last Name"), ("RecipientFirstName", "Recipient First Name"),
    ("RecipientEmail", "Recipient Email"), ("ExternalReference", "External Data Reference"),
    ("LocationLatitude", "Location Latitude"), ("LocationLongitude", "Location Longitude"),
    ("DistributionChannel", "Distribution Channel"), ("UserLanguage", "User Language"),
    ("Q1", "How satisfied are you with our support?"),
    ("Q2", "How likely are you to recommend us to a friend?"),
    ("Q3_1", "Rate the following - Speed"), ("Q3_2", "Rate the following - Friendliness"),
    ("Q4", "Which agent helped you? - Selected Choice"),
    ("Q4_TEXT", "Which agent helped you? - Other - Text"),
    ("Q5", "Is there anything else you would like to tell us?"),
]  # fmt: skip
SATISFACTION = ["Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied",
                "Dissatisfied", "Very dissatisfied"]  # fmt: skip
AGENTS = ["Hannah", "Marco", "Priya", "Other"]
COMMENTS = [
    "{agent} was really patient with me, thanks!",
    "The delivery to {city} took two weeks.",
    "Please call me back on {phone}, nobody answered my email.",
    "My husband {first} {last} also had the same issue with the invoice.",
    "",
    "",
    "Great service.",
    "I moved to {street} and the bill still goes to the old address.",
    "No.",
    "Support closed my ticket without asking. Contact me at {email}.",
]
ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
with (out / "survey_export.csv").open("w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh)
    w.writerow([c for c, _ in COLUMNS])
    w.writerow([q for _, q in COLUMNS])
    w.writerow([json.dumps({"ImportId": c if not c.startswith("Q") else "QID" + c[1:]})
                for c, _ in COLUMNS])  # fmt: skip
    for _ in range(n):
        loc = rnd.choice(locs)
        f = fk[loc]
        first, last = f.first_name(), f.last_name()
        at = f.date_time_between(start_date="-90d", end_date="now").strftime("%Y-%m-%d %H:%M:%S")
        agent = rnd.choice(AGENTS)
        comment = rnd.choice(COMMENTS).format(
            agent=rnd.choice(AGENTS[:3]), city=f.city(), phone=f.phone_number(),
            first=f.first_name_male(), last=last, street=f.street_address(), email=f.email(),
        )  # fmt: skip
        w.writerow([
            at, at, "IP Address", f.ipv4_public(), "100", rnd.randint(40, 900), "True", at,
            "R_" + "".join(rnd.choice(ALPHABET) for _ in range(15)), last, first,
            f"{first}.{last}@{f.free_email_domain()}".lower().replace(" ", ""),
            f"CUST-{rnd.randint(10000, 99999)}", f"{f.latitude():.4f}", f"{f.longitude():.4f}",
            "email", loc.split("_")[0].upper(), rnd.choice(SATISFACTION), rnd.randint(0, 10),
            rnd.randint(1, 5), rnd.randint(1, 5), agent, f.first_name() if agent == "Other" else "",
            comment,
        ])  # fmt: skip
