"""Probe: a recruiting system's candidates and applications, with CVs as long text.

candidates.csv (names, e-mails, phones, towns, a LinkedIn address holding the name, an
expected salary) and applications.jsonl (a job title, the recruiter (staff), a cover
letter and a CV as multi-paragraph text: employers that are Faker's firms, schools
named after towns, job titles, years, skills; an interviewer's notes naming the
candidate, a referee with a phone, and colleagues).

    python -m bench.probes.recruiting 6000 /tmp/recruiting && safeset run /tmp/recruiting
"""

import json
import random

import polars as pl
from faker import Faker

from bench.probes import people, rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["en_GB", "en_US", "de_DE", "fr_FR", "nl_NL"]
fk = seeded(locs, 3300)
rnd = random.Random(33)
SKILLS = ["Python", "SQL", "Excel", "SAP", "Salesforce", "Kubernetes", "Tableau", "Java",
          "project management", "negotiation", "German", "French", "Spanish"]  # fmt: skip
JOBS = ["Data Analyst", "Sales Manager", "Backend Engineer", "HR Business Partner",
        "Account Executive", "Product Owner", "Warehouse Lead"]  # fmt: skip


def cv(g: Faker, first: str, last: str, city: str) -> str:
    """A CV as people paste it: a header, experience, education and skills."""
    lines = [f"{first} {last}", f"{city} | {g.email()} | {g.phone_number()}", "",
             "EXPERIENCE"]  # fmt: skip
    year = rnd.randint(2008, 2016)
    for _ in range(rnd.randint(2, 3)):
        end = year + rnd.randint(1, 4)
        lines.append(f"{g.job()}, {g.company()} ({year}-{end})")
        lines.append(f"- {g.catch_phrase()}; led a team of {rnd.randint(2, 12)}.")
        year = end
    lines += ["", "EDUCATION", f"BSc, University of {g.city()} ({rnd.randint(2000, 2010)})",
              "", "SKILLS", ", ".join(rnd.sample(SKILLS, 4))]  # fmt: skip
    return "\n".join(lines)


recruiters = [fk["en_GB"].name() for _ in range(12)]
candidates, apps = [], []
for i, _, g, first, last in people(n, locs, fk):
    city = g.city()
    candidates.append({
        "candidate_id": f"CAND-{i:06d}",
        "full_name": f"{first} {last}",
        "email": g.email(),
        "phone": g.phone_number(),
        "city": city,
        "linkedin": "https://www.linkedin.com/in/"
                    f"{first.lower()}-{last.lower()}-{rnd.randint(100, 999)}",
        "expected_salary": rnd.randrange(30_000, 120_000, 1_000),
    })  # fmt: skip
    referee = g.name()
    recruiter = rnd.choice(recruiters)
    apps.append({
        "application_id": f"APP-{rnd.randint(10**6, 10**7 - 1)}",
        "candidate_id": f"CAND-{i:06d}",
        "job": rnd.choice(JOBS),
        "recruiter": recruiter,
        "cover_letter": (
            f"Dear {recruiter.split()[-1]},\n\nI am applying for the role advertised on your "
            f"website. In my current position at {g.company()} I work closely with "
            f"{g.first_name()} {g.last_name()} on {rnd.choice(SKILLS)}.\n\nKind regards,\n"
            f"{first} {last}"
        ),
        "cv": cv(g, first, last, city),
        "interview_notes": (
            f"{first} interviewed well; strong on {rnd.choice(SKILLS)}. Referee {referee} "
            f"({g.phone_number()}) confirmed dates. {rnd.choice(recruiters).split()[0]} to "
            "follow up next week."
        ),
        "stage": rnd.choice(["applied", "screen", "interview", "offer", "rejected"]),
    })  # fmt: skip
pl.DataFrame(candidates).write_csv(out / "candidates.csv")
with open(out / "applications.jsonl", "w", encoding="utf-8") as f:
    for a in apps:
        f.write(json.dumps(a, ensure_ascii=False) + "\n")
