"""Probe: an NHS-style outpatient clinic's patients and appointments.

patients.csv: NHS numbers (valid by their mod-11 check digit), first name and surname in
columns of their own, birth dates, the patient's GP practice (kept: "Chan Surgery",
"O'Brien Practice", named after a doctor and ending in what it is), postcodes, phones.
appointments.parquet: the clinician ("Dr K. Scott"), a kept department and status, and
a clinician's note in the shorthand clinics write ("Pt seen by Dr K. Scott. BP 128/84,
HR 72", "DNA x2. Letter sent to Chan Surgery. Pt's daughter Mary to call back", "NOK
tel ...", "Next appt 14/03").

    python -m bench.probes.clinic 4000 /tmp/clinic && safeset run /tmp/clinic
"""

import random

import polars as pl

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
g = seeded(["en_GB"], 2100)["en_GB"]
rnd = random.Random(21)


def nhs_number() -> str:
    while True:
        digits = [rnd.randint(0, 9) for _ in range(9)]
        check = 11 - sum((10 - i) * d for i, d in enumerate(digits)) % 11
        if check != 10:
            return "".join(map(str, [*digits, 0 if check == 11 else check]))


practices = [
    f"{g.last_name()} {rnd.choice(('Medical Centre', 'Surgery', 'Health Centre', 'Practice'))}"
    for _ in range(40)
]
clinicians = [f"Dr {g.first_name()[0]}. {g.last_name()}" for _ in range(30)]
patients = [
    {
        "patient_id": f"P{200000 + i}",
        "nhs_number": nhs_number(),
        "first_name": g.first_name(),
        "surname": g.last_name(),
        "dob": str(g.date_of_birth(minimum_age=1, maximum_age=95)),
        "gp_practice": rnd.choice(practices),
        "postcode": g.postcode(),
        "mobile": g.phone_number(),
    }
    for i in range(n)
]
appointments = []
for i in range(n * 2):
    p, c, kin = rnd.choice(patients), rnd.choice(clinicians), g.first_name()
    note = rnd.choice(
        (
            f"Pt seen by {c}. BP 128/84, HR 72, SpO2 97%. Referred to Mr {g.last_name()} "
            "(ortho). Review 6/52.",
            f"{p['first_name']} attended with wife {kin}. NOK tel {g.phone_number()}.",
            f"DNA x2. Letter sent to {p['gp_practice']}. Pt's daughter {kin} to call back.",
            f"Telephone consult. {p['first_name']} {p['surname']} reports chest pain since "
            "Tuesday. Advised A&E if worse.",
            f"Bloods taken: FBC, U&E, LFT. Results to {c}. Next appt 14/03.",
        )
    )
    appointments.append(
        {
            "appointment_id": f"A{900000 + i}",
            "patient_id": p["patient_id"],
            "clinician": c,
            "department": rnd.choice(("Cardiology", "Orthopaedics", "Dermatology")),
            "slot": f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d} "
            f"{rnd.randint(8, 17):02d}:{rnd.choice(('00', '15', '30', '45'))}",
            "status": rnd.choice(("attended", "DNA", "cancelled")),
            "notes": note,
        }
    )
pl.DataFrame(patients).write_csv(out / "patients.csv")
pl.DataFrame(appointments).write_parquet(out / "appointments.parquet")
