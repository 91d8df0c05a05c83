"""Probe: a pharmacy chain's prescriptions, its patients and the pharmacists' notes.

patients.tsv (names, birth dates, health insurance numbers of four countries, allergies
as a kept list of drug names), prescriptions.parquet (a drug's brand and active
ingredient, strength, a dosage written "1-0-1", the prescriber as "Dr. med." or "Dr" and a
surname, a branch), and notes.jsonl (a pharmacist's note in German, French, Italian or
English naming the patient, a drug, the prescriber and a call-back phone). Brand names
("Xarelto", "Ozempic", "Eliquis") are capitalised invented words that read as names.

    python -m bench.probes.pharmacy 10000 /tmp/pharmacy && safeset run /tmp/pharmacy
"""

import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["de_DE", "fr_FR", "it_IT", "en_GB"]
fk = seeded(locs, 9100)
rnd = random.Random(91)
DRUGS = [("Xarelto", "rivaroxaban", "20 mg"), ("Eliquis", "apixaban", "5 mg"),
         ("Ozempic", "semaglutide", "1 mg"), ("Jardiance", "empagliflozin", "10 mg"),
         ("Lyrica", "pregabalin", "75 mg"), ("Ibuprofen", "ibuprofen", "400 mg"),
         ("Ramipril", "ramipril", "5 mg"), ("Euthyrox", "levothyroxine", "50 µg"),
         ("Pantozol", "pantoprazole", "40 mg"), ("Voltaren", "diclofenac", "75 mg")]  # fmt: skip
BRANCHES = ["Apotheke am Markt", "Pharmacie du Centre", "Farmacia San Marco", "High Street"]
TITLES = {"de_DE": "Dr. med.", "fr_FR": "Dr", "it_IT": "Dott.", "en_GB": "Dr"}
NOTES = {
    "de_DE": "{name} verträgt {drug} nicht gut, Rücksprache mit {doctor} nötig. Rückruf: {phone}.",
    "fr_FR": "{name} ne supporte pas {drug}, voir avec {doctor}. Rappeler au {phone}.",
    "it_IT": "{name} non tollera {drug}, sentire {doctor}. Richiamare al {phone}.",
    "en_GB": "{name} reports nausea on {drug}, discussed with {doctor}. Call back on {phone}.",
}  # fmt: skip


def insurance_no(loc: str) -> str:
    """A health insurance number as each country writes it."""
    if loc == "de_DE":
        return rnd.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") + f"{rnd.randint(0, 10**9 - 1):09d}"
    if loc == "fr_FR":
        return f"{rnd.choice('12')}{rnd.randint(0, 10**12 - 1):012d}{rnd.randint(1, 97):02d}"
    if loc == "it_IT":
        return fk[loc].ssn()
    return f"{rnd.randint(100, 999)} {rnd.randint(100, 999)} {rnd.randint(1000, 9999)}"


doctors = {loc: [f"{TITLES[loc]} {fk[loc].last_name()}" for _ in range(30)] for loc in locs}
patients, scripts, notes = [], [], []
for i, loc, g, first, last in people(n, locs, fk):
    pid = f"P{700000 + i}"
    phone = g.phone_number()
    patients.append({
        "patient_id": pid,
        "name": f"{first} {last}",
        "birth_date": g.date_of_birth(minimum_age=2, maximum_age=95).isoformat(),
        "insurance_no": insurance_no(loc),
        "phone": phone,
        "allergies": ", ".join(rnd.sample([d[0] for d in DRUGS], rnd.randint(0, 2))),
    })  # fmt: skip
    for _ in range(rnd.randint(1, 3)):
        drug, ingredient, strength = rnd.choice(DRUGS)
        doctor = rnd.choice(doctors[loc])
        scripts.append({
            "patient_id": pid,
            "drug": drug,
            "active_ingredient": ingredient,
            "strength": strength,
            "dosage": rnd.choice(["1-0-1", "1-0-0", "0-0-1", "1-1-1", "½-0-½"]),
            "prescriber": doctor,
            "branch": rnd.choice(BRANCHES),
            "dispensed_at": g.date_time_between("-1y", "now").isoformat(timespec="minutes"),
        })  # fmt: skip
        if rnd.random() < 0.3:
            notes.append({
                "patient_id": pid,
                "note": NOTES[loc].format(name=rnd.choice([first, f"{first} {last}"]),
                                          drug=drug, doctor=doctor, phone=phone),
            })  # fmt: skip
pl.DataFrame(patients).write_csv(out / "patients.tsv", separator="\t")
pl.DataFrame(scripts).write_parquet(out / "prescriptions.parquet")
write_jsonl(out / "notes.jsonl", notes)
