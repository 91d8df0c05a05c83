"""Probe: an online form's responses, as Google Forms or Typeform export them.

registrations.csv: each column a question, written in full ("Timestamp", "Email
Address", "Full name (as it appears on your passport)", "Date of birth", "Which sessions
will you attend?" holding a comma-separated choice list, "Dietary requirements",
"Emergency contact - name and phone number", "T-shirt size", "How did you hear about
us?", "Anything else we should know?", "I agree to the terms and conditions").
feedback.csv: a second form's answers, a 1-10 score and "What could we do better?".

    python -m bench.probes.forms_export 3000 /tmp/forms && safeset run /tmp/forms
"""

import csv
import random

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
fk = seeded(["en_GB", "en_US", "en_IE", "es_ES"], 7300)
rnd = random.Random(73)
locs = list(fk)
SESSIONS = ["Keynote", "Data workshop", "Panel: AI in retail", "Networking lunch", "Hackathon"]
DIET = ["None", "Vegetarian", "Vegan", "Gluten free", "Halal", "Nut allergy", "", "n/a"]
HEARD = ["LinkedIn", "A colleague", "Newsletter", "Twitter / X", "Other"]
people_list = list(people(n, locs, fk))
with (out / "registrations.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "Timestamp",
            "Email Address",
            "Full name (as it appears on your passport)",
            "Date of birth",
            "Company / organisation",
            "Job title",
            "Which sessions will you attend?",
            "Dietary requirements",
            "Emergency contact - name and phone number",
            "T-shirt size",
            "How did you hear about us?",
            "Anything else we should know?",
            "I agree to the terms and conditions",
        ]
    )
    for _i, _loc, g, first, last in people_list:
        kin_first, kin_last = g.first_name(), rnd.choice([last, g.last_name()])
        kin = rnd.choice(
            [
                f"{kin_first} {kin_last} {g.phone_number()}",
                f"{kin_first} ({rnd.choice(['wife', 'husband', 'mum', 'partner', 'brother'])}) - {g.phone_number()}",  # noqa: E501
                f"{kin_first} {kin_last}, {g.phone_number()}",
            ]
        )
        other = rnd.choice(
            [
                "",
                "No",
                "I use a wheelchair, step-free access please",
                f"Please seat me with {rnd.choice(people_list)[3]} from my team",
                f"Invoice to {g.company()}, PO {rnd.randint(4500000, 4599999)}",
                "Arriving late on day one",
            ]
        )
        w.writerow(
            [
                f"{rnd.randint(1, 28)}/11/2026 {rnd.randint(8, 22)}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}",  # noqa: E501
                f"{first}.{last}@{g.free_email_domain()}".lower().replace(" ", ""),
                f"{first} {last}",
                g.date_of_birth(minimum_age=20, maximum_age=70).strftime("%d/%m/%Y"),
                g.company(),
                g.job(),
                ", ".join(rnd.sample(SESSIONS, rnd.randint(1, 3))),
                rnd.choice(DIET),
                kin,
                rnd.choice(["S", "M", "L", "XL"]),
                rnd.choice(HEARD),
                other,
                "Yes",
            ]
        )
with (out / "feedback.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "Timestamp",
            "Email Address",
            "How likely are you to recommend us? (1-10)",
            "What could we do better?",
        ]
    )
    for _i in range(n // 2):
        _, _, g, first, last = rnd.choice(people_list)
        w.writerow(
            [
                f"{rnd.randint(1, 28)}/11/2026 {rnd.randint(8, 22)}:{rnd.randint(0, 59):02d}:00",
                f"{first}.{last}@{g.free_email_domain()}".lower().replace(" ", ""),
                rnd.randint(1, 10),
                rnd.choice(
                    [
                        "More coffee!",
                        f"The workshop with {rnd.choice(people_list)[3]} was brilliant",
                        "Rooms were too cold",
                        "",
                        "Longer breaks between sessions",
                        f"My badge said {rnd.choice(people_list)[4]} instead of my name",
                    ]
                ),
            ]
        )
