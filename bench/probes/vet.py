"""Probe: a veterinary practice group's owners, their pets and the vets' visit notes.

owners.csv (names, phones, e-mails, one-cell addresses of four countries), pets.csv (a
pet's name, species, breed, sex, birth date, a 15-digit ISO microchip number, its owner),
and visits.jsonl (a vet's note in English, Spanish, Polish or Danish naming the pet, its
owner, the vet and a weight, with the invoice total). Pets are called what people are
("Bella", "Oscar", "Max", "Lola"), breeds hold people's names ("Jack Russell", "King
Charles Spaniel", "Gordon Setter"), and some owners share a first name with a pet: a kept
column of names that are nobody's, beside a table of people.

    python -m bench.probes.vet 8000 /tmp/vet && safeset run /tmp/vet
"""

import random

import polars as pl

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_US", "es_ES", "pl_PL", "da_DK"]
fk = seeded(locs, 9400)
rnd = random.Random(94)
PETS = ["Bella", "Max", "Luna", "Charlie", "Oscar", "Lola", "Milo", "Coco", "Rocky", "Nala",
        "Simba", "Daisy", "Toby", "Kira", "Bruno", "Molly", "Leo", "Rosie", "Buddy",
        "Frida"]  # fmt: skip
BREEDS = {
    "dog": ["Labrador Retriever", "Jack Russell Terrier", "Cavalier King Charles Spaniel",
            "Gordon Setter", "Bernese Mountain Dog", "Border Collie", "mixed breed"],
    "cat": ["European Shorthair", "Maine Coon", "British Shorthair", "Ragdoll"],
    "rabbit": ["Lionhead", "Dutch"],
}  # fmt: skip
NOTES = {
    "en_US": "{pet} ({breed}) seen by Dr. {vet} today. Owner {owner} reports {pet} is eating "
             "less. Weight {kg} kg. Call {phone} with the blood results.",
    "es_ES": "{pet} ({breed}) visto por la Dra. {vet}. La dueña, {owner}, dice que {pet} come "
             "menos. Peso {kg} kg. Llamar al {phone} con los resultados.",
    "pl_PL": "{pet} ({breed}) – wizyta u dr {vet}. Właściciel {owner} zgłasza, że {pet} mniej "
             "je. Waga {kg} kg. Wyniki krwi: zadzwonić pod {phone}.",
    "da_DK": "{pet} ({breed}) set af dyrlæge {vet}. Ejeren {owner} fortæller, at {pet} spiser "
             "mindre. Vægt {kg} kg. Ring til {phone} med blodprøvesvar.",
}  # fmt: skip


def microchip(loc: str) -> str:
    """An ISO 11784 microchip number: the country's numeric code, then twelve digits."""
    country = {"en_US": "840", "es_ES": "724", "pl_PL": "616", "da_DK": "208"}[loc]
    return country + f"{rnd.randint(0, 10**12 - 1):012d}"


vets = {loc: [fk[loc].last_name() for _ in range(12)] for loc in locs}
owners, pets, visits = [], [], []
for i, loc, g, first, last in people(n, locs, fk):
    oid = f"OWN-{300000 + i}"
    phone = g.phone_number()
    owners.append({
        "owner_id": oid,
        "first_name": first,
        "last_name": last,
        "phone": phone,
        "email": g.email(),
        "address": g.address().replace("\n", ", "),
    })  # fmt: skip
    for k in range(rnd.randint(1, 2)):
        species = rnd.choice(["dog", "dog", "cat", "rabbit"])
        # One owner in ten calls a pet by a people's first name of their own country.
        pet = fk[loc].first_name() if rnd.random() < 0.1 else rnd.choice(PETS)
        breed = rnd.choice(BREEDS[species])
        pid = f"PET-{500000 + 2 * i + k}"
        pets.append({
            "pet_id": pid,
            "owner_id": oid,
            "pet_name": pet,
            "species": species,
            "breed": breed,
            "sex": rnd.choice(["F", "M", "FN", "MN"]),
            "born": g.date_between("-15y", "-3m").isoformat(),
            "microchip": microchip(loc),
        })  # fmt: skip
        for _ in range(rnd.randint(0, 2)):
            kg = f"{rnd.uniform(1.5, 45):.1f}"
            visits.append({
                "pet_id": pid,
                "visited_at": g.date_time_between("-2y", "now").isoformat(timespec="minutes"),
                "note": NOTES[loc].format(pet=pet, breed=breed, vet=rnd.choice(vets[loc]),
                                          owner=rnd.choice([first, f"{first} {last}"]),
                                          kg=kg if loc == "en_US" else kg.replace(".", ","),
                                          phone=phone),
                "total": round(rnd.uniform(35, 600), 2),
            })  # fmt: skip
pl.DataFrame(owners).write_csv(out / "owners.csv")
pl.DataFrame(pets).write_csv(out / "pets.csv")
write_jsonl(out / "visits.jsonl", visits)
