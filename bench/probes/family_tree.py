"""Probe: a genealogy service's family trees, as a GEDCOM converter writes them to JSON.

individuals.json (one JSON array: ``@I1@``-style ids, a ``name`` object of ``given``,
``surname`` and a ``display`` in GEDCOM's "Given /Surname/", a list of ``events`` whose
``place`` is a town (Faker's Irish and American ones are named after people: "Christie
Ville", "Lake Kathryn") and whose dates are GEDCOM's "ABT 1829", "BET 1901 AND 1903";
an occupation event with a ``value`` the others lack; notes naming godparents, a DNA
match, a living person's address and phone; a submitter's ``user`` and e-mail) and
families.jsonl (husband, wife, a marriage's date and place).

    python -m bench.probes.family_tree 3000 /tmp/family && safeset run /tmp/family
"""

import json
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["en_IE", "it_IT", "pl_PL", "en_US"]
fk = seeded(locs, 4300)
rnd = random.Random(43)
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def gedcom_date(year: int) -> str:
    k = rnd.random()
    if k < 0.5:
        return f"{rnd.randint(1, 28)} {rnd.choice(MONTHS)} {year}"
    if k < 0.7:
        return f"ABT {year}"
    if k < 0.85:
        return f"{rnd.choice(MONTHS)} {year}"
    return f"BET {year} AND {year + 2}"


people = []
for i in range(n):
    g = fk[locs[(i // 50) % 4]]
    born = rnd.randint(1820, 2015)
    living = born > 1940 and rnd.random() < 0.7
    given, surname = g.first_name(), g.last_name()
    country = rnd.choice(["Co. Cork, Ireland", "Italia", "Polska", "New York, USA"])
    notes = rnd.choice([
        "", "",
        f"Emigrated to {rnd.choice(['Boston', 'Liverpool', 'Buenos Aires'])} in "
        f"{born + rnd.randint(15, 30)} aboard the SS {g.last_name()}.",
        f"Source: parish register, {g.city()}. Godparents {g.name()} and {g.name()}.",
        f"Served in the {rnd.choice(['Royal Munster Fusiliers', 'US Army', 'Polish II Corps'])}"
        f"; service no. {rnd.randint(10000, 999999)}.",
        f"DNA match with {g.name()} (shared 212 cM).",
        f"Lives at {g.street_address()}, tel {g.phone_number()}" if living
        else "Buried in St. Mary's churchyard.",
    ])  # fmt: skip
    person = {
        "id": f"@I{i + 1}@", "tree_id": f"T{(i // 50) + 1:04d}",
        "name": {"given": given, "surname": surname, "display": f"{given} /{surname}/"},
        "sex": rnd.choice(["M", "F"]), "living": living,
        "events": [{"type": "BIRT", "date": gedcom_date(born), "place": f"{g.city()}, {country}"}],
        "famc": f"@F{rnd.randint(1, max(1, n // 3))}@" if rnd.random() < 0.8 else None,
        "notes": notes,
        "submitter": {"user": g.user_name(), "email": g.email()},
    }  # fmt: skip
    if not living and rnd.random() < 0.7:
        died = gedcom_date(born + rnd.randint(1, 95))
        person["events"].append({"type": "DEAT", "date": died, "place": g.city()})
    if rnd.random() < 0.4:
        person["events"].append({"type": "OCCU", "date": gedcom_date(born + 25), "place": None,
                                 "value": g.job()})  # fmt: skip
    people.append(person)
(out / "individuals.json").write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
write_jsonl(out / "families.jsonl", [
    {"id": f"@F{k + 1}@", "husb": f"@I{rnd.randint(1, n)}@", "wife": f"@I{rnd.randint(1, n)}@",
     "marr": {"date": gedcom_date(rnd.randint(1840, 2010)), "place": fk[locs[k % 4]].city()}}
    for k in range(max(1, n // 3))
])  # fmt: skip
