"""Probe: a hospital's appointments, its wards and clinics named after people.

appointments.jsonl: an appointment id, the patient's NHS number ("943 476 5919"), names,
birth date, the clinic ("Mr Khan's Fracture Clinic", "Dr Patel - Diabetes"), the ward
("Florence Nightingale Ward", "Mary Seacole Ward", "Nye Bevan Unit"), the consultant, a
slot, an outcome, and a letter text ("Dear Dr Hughes, I saw Mrs Anna Berg (NHS 943 476
5919) in the Seacole clinic today ...").

    python -m bench.probes.hospital 3000 /tmp/hospital && safeset run /tmp/hospital
"""

import random

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
fk = seeded(["en_GB", "en_IN"], 6100)
rnd = random.Random(61)
WARDS = ["Florence Nightingale Ward", "Mary Seacole Ward", "Nye Bevan Unit", "Edith Cavell Ward",
         "Elizabeth Garrett Anderson Wing", "Aneurin Ward"]  # fmt: skip
consultants = [f"{rnd.choice(['Mr', 'Dr', 'Ms'])} {fk['en_GB'].last_name()}" for _ in range(15)]


def nhs() -> str:
    while True:
        d = [rnd.randint(0, 9) for _ in range(9)]
        c = 11 - sum(x * (10 - i) for i, x in enumerate(d)) % 11
        c = 0 if c == 11 else c
        if c != 10:
            s = "".join(map(str, d)) + str(c)
            return f"{s[:3]} {s[3:6]} {s[6:]}"


rows = []
for i, _loc, g, first, last in people(n, list(fk), fk):
    cons = rnd.choice(consultants)
    ward = rnd.choice(WARDS)
    number = nhs()
    title = rnd.choice(["Mrs", "Mr", "Ms"])
    gp = f"Dr {fk['en_GB'].last_name()}"
    rows.append(
        {
            "appointment_id": f"APT{800000 + i}",
            "nhs_number": number,
            "patient": {
                "given": first,
                "family": last,
                "birth_date": g.date_of_birth(minimum_age=1, maximum_age=95).isoformat(),
            },
            "clinic": rnd.choice(
                [f"{cons}'s Fracture Clinic", f"{cons} - Diabetes", "Pre-op Assessment"]
            ),
            "ward": ward,
            "consultant": cons,
            "slot": f"2026-12-{rnd.randint(1, 28):02d}T{rnd.randint(8, 16):02d}:"
            f"{rnd.choice(['00', '20', '40'])}",
            "outcome": rnd.choice(["Attended", "DNA", "Cancelled by patient", "Discharged"]),
            "letter": rnd.choice(
                [
                    f"Dear {gp}, I saw {title} {first} {last} (NHS {number}) in the "
                    f"{ward.split()[1] if ward.split()[0] in ('Florence', 'Mary') else ward.split()[0]} "  # noqa: E501
                    f"clinic today. Plan: review in 6 weeks. Yours sincerely, {cons}",
                    f"{title} {last} did not attend. Second DNA; discharged to {gp}.",
                    f"Admitted to {ward} under {cons}. Next of kin: {g.first_name()} {last} "
                    f"({rnd.choice(['husband', 'wife', 'daughter', 'son'])}).",
                ]
            ),
        }
    )
write_jsonl(out / "appointments.jsonl", rows)
