"""Probe: a school's pupils, their guardians, grades and teachers' reports.

pupils.csv (names, birth dates of children, a class such as "7B", two guardians each
with a name, a phone and an e-mail, a home address), grades.parquet (a pupil's id, a
subject, a grade of 1 to 6 or A to F, a term, the teacher's name), and reports.jsonl
(a teacher's comment on a pupil in the school's language, naming the pupil, sometimes a
guardian, a classmate or the teacher's own e-mail). Teachers are staff of the school:
their names are in every table, and no pupil's.

    python -m bench.probes.school 8000 /tmp/school && safeset run /tmp/school
"""

import json
import random

import polars as pl

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["de_DE", "sv_SE", "es_ES", "en_GB", "nl_NL"]
fk = seeded(locs, 8800)
rnd = random.Random(88)
SUBJECTS = ["Maths", "English", "Biology", "History", "Music", "Physical Education"]
COMMENTS = {
    "de_DE": ["{first} hat sich in Mathe sehr verbessert.",
              "Bitte melden Sie sich bei mir ({teacher_email}), {guardian}.",
              "{first} arbeitet gut mit {mate} zusammen."],
    "sv_SE": ["{first} har gjort stora framsteg i matematik.",
              "Kontakta mig gärna på {teacher_email}, {guardian}.",
              "{first} samarbetar bra med {mate}."],
    "es_ES": ["{first} ha mejorado mucho en matemáticas.",
              "Por favor, contacte conmigo en {teacher_email}, {guardian}.",
              "{first} trabaja bien con {mate}."],
    "en_GB": ["{first} has made good progress in maths this term.",
              "Please get in touch at {teacher_email}, {guardian}.",
              "{first} works well with {mate}."],
    "nl_NL": ["{first} is erg vooruitgegaan met rekenen.",
              "Neem gerust contact op via {teacher_email}, {guardian}.",
              "{first} werkt goed samen met {mate}."],
}  # fmt: skip

teachers = {loc: [(fk[loc].name(), fk[loc].email()) for _ in range(25)] for loc in locs}
pupils = []
for i in range(n):
    loc = locs[i % len(locs)]
    g = fk[loc]
    last = g.last_name()
    pupils.append({
        "pupil_id": f"P{2026_00000 + i}",
        "first_name": g.first_name(),
        "last_name": last,
        "born": g.date_of_birth(minimum_age=6, maximum_age=18).isoformat(),
        "class": f"{rnd.randint(1, 12)}{rnd.choice('ABCD')}",
        "guardian1_name": f"{g.first_name()} {last}",
        "guardian1_phone": g.phone_number(),
        "guardian2_name": f"{g.first_name()} {g.last_name()}" if rnd.random() < 0.6 else "",
        "guardian2_email": g.email() if rnd.random() < 0.6 else "",
        "address": g.address().replace("\n", ", "),
        "free_meals": rnd.random() < 0.2,
        "loc": loc,
    })  # fmt: skip
grades = []
for p in pupils:
    for subject in rnd.sample(SUBJECTS, 4):
        teacher = rnd.choice(teachers[p["loc"]])[0]
        grades.append({
            "pupil_id": p["pupil_id"], "subject": subject,
            "grade": rnd.choice("123456") if p["loc"] == "de_DE" else rnd.choice("ABCDEF"),
            "term": rnd.choice(["2025-H2", "2026-H1"]), "teacher": teacher,
        })  # fmt: skip
with open(out / "reports.jsonl", "w", encoding="utf-8") as f:
    for p in pupils:
        mate = rnd.choice([q for q in pupils[max(0, pupils.index(p) - 50):][:100]
                           if q["loc"] == p["loc"]])  # fmt: skip
        teacher, teacher_email = rnd.choice(teachers[p["loc"]])
        text = " ".join(
            c.format(first=p["first_name"], teacher_email=teacher_email,
                     guardian=p["guardian1_name"], mate=mate["first_name"])
            for c in rnd.sample(COMMENTS[p["loc"]], 2)
        )  # fmt: skip
        f.write(json.dumps({"pupil_id": p["pupil_id"], "author": teacher, "term": "2026-H1",
                            "comment": text}, ensure_ascii=False) + "\n")  # fmt: skip
pl.DataFrame([{k: v for k, v in p.items() if k != "loc"} for p in pupils]).write_csv(
    out / "pupils.csv"
)
pl.DataFrame(grades).write_parquet(out / "grades.parquet")
