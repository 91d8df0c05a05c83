"""Probe: a Nordic municipality's social services cases, households, payments and notes.

citizens.csv, written as Nordic spreadsheets write it (semicolons, decimal commas): a
national id of each country (Swedish personnummer with the century, "19850312-1234";
Danish CPR "120385-1234"; Finnish HETU "120385-123A"; Norwegian fødselsnummer, eleven
digits), names, one-cell addresses, phones, e-mails, a bank account (an IBAN, or a Swedish
clearing and account number "8327-9, 914 123 456-7"), the municipality (kept);
household.parquet (members: partner, children, with birth dates and ids);
payments.csv (a benefit type in the country's language, kept; amounts "4 250,00");
case_notes.jsonl (a case worker's note in Swedish, Danish, Finnish or Norwegian naming
the client, a child and a landlord, with the client's id written *without* the century
where the country writes it so: "850312-1234", another form of the column's value).

    python -m bench.probes.benefits 6000 /tmp/benefits && safeset run /tmp/benefits
"""

import random
from datetime import date

import polars as pl

from bench.probes import people, rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["sv_SE", "da_DK", "fi_FI", "no_NO"]
fk = seeded(locs, 9600)
rnd = random.Random(96)
TOWNS = {
    "sv_SE": ["Malmö", "Uppsala", "Västerås"],
    "da_DK": ["Aarhus", "Odense", "Vejle"],
    "fi_FI": ["Tampere", "Oulu", "Turku"],
    "no_NO": ["Bergen", "Trondheim", "Drammen"],
}
BENEFITS = {
    "sv_SE": ["bostadsbidrag", "försörjningsstöd", "etableringsersättning"],
    "da_DK": ["boligstøtte", "kontanthjælp", "børneydelse"],
    "fi_FI": ["asumistuki", "toimeentulotuki", "lapsilisä"],
    "no_NO": ["bostøtte", "sosialhjelp", "barnetrygd"],
}
NOTES = {
    "sv_SE": "Klienten {name} ({short}) ringde om {benefit}. Hyresvärden {landlord} har inte "
             "fått hyran för oktober. Dottern {child} börjar förskola i januari.",
    "da_DK": "Borgeren {name} (CPR {short}) henvendte sig om {benefit}. Udlejer {landlord} "
             "har ikke modtaget husleje. Sønnen {child} skal starte i børnehave.",
    "fi_FI": "Asiakas {name} ({short}) soitti ja kysyi asiasta {benefit}. Vuokranantaja "
             "{landlord} ei ole saanut vuokraa. Lapsi {child} aloittaa päiväkodin.",
    "no_NO": "Bruker {name} (fnr. {short}) tok kontakt om {benefit}. Utleier {landlord} har "
             "ikke mottatt husleie. Sønnen {child} begynner i barnehagen.",
}  # fmt: skip


def national_id(loc: str, born: date) -> tuple[str, str]:
    """(the id as the citizens' column writes it, as a case note writes it)."""
    tail = rnd.randint(0, 9999)
    if loc == "sv_SE":
        body = f"{born:%y%m%d}{tail:03d}"[:9]
        digits = [int(c) * (2 - i % 2) for i, c in enumerate(body)]
        check = (10 - sum(d // 10 + d % 10 for d in digits) % 10) % 10
        short = f"{born:%y%m%d}-{body[6:]}{check}"
        return f"{born:%Y}{short[2:]}", short
    if loc == "da_DK":
        cpr = f"{born:%d%m%y}-{tail:04d}"
        return cpr, cpr
    if loc == "fi_FI":
        hetu = fk[loc].ssn(min_age=int((date.today() - born).days / 365.25),
                           max_age=int((date.today() - born).days / 365.25) + 1)  # fmt: skip
        return hetu, hetu
    fnr = fk[loc].ssn(dob=born.strftime("%Y%m%d"))
    return fnr, fnr


def account(loc: str) -> str:
    if loc == "sv_SE":
        return (f"8327-9, {rnd.randint(100, 999)} {rnd.randint(100, 999)} "
                f"{rnd.randint(100, 999)}-{rnd.randint(0, 9)}")  # fmt: skip
    return fk[loc].iban()


citizens, household, payments, notes = [], [], [], []
landlords = {loc: [fk[loc].company() for _ in range(15)] for loc in locs}
for _i, loc, g, first, last in people(n, locs, fk):
    born = g.date_of_birth(minimum_age=19, maximum_age=80)
    cid, short = national_id(loc, born)
    citizens.append({
        "person_id": cid,
        "first_name": first,
        "last_name": last,
        "address": g.address().replace("\n", ", "),
        "phone": g.phone_number(),
        "email": g.email(),
        "account": account(loc),
        "municipality": rnd.choice(TOWNS[loc]),
    })  # fmt: skip
    child = g.first_name()
    if rnd.random() < 0.6:
        kid_born = g.date_of_birth(minimum_age=1, maximum_age=17)
        household.append({"person_id": cid, "member_name": f"{child} {last}",
                          "relation": "child", "member_id": national_id(loc, kid_born)[0],
                          "member_born": kid_born})  # fmt: skip
    for month in range(1, rnd.randint(2, 6)):
        amount = f"{rnd.randint(800, 9000):,}".replace(",", " ") + f",{rnd.randint(0, 99):02d}"
        payments.append({"person_id": cid, "benefit": rnd.choice(BENEFITS[loc]),
                         "amount": amount, "paid_on": f"2026-{month:02d}-25"})  # fmt: skip
    if rnd.random() < 0.5:
        notes.append({
            "person_id": cid,
            "written": g.date_time_between("-1y", "now").isoformat(timespec="minutes"),
            "case_worker": f"{fk[loc].first_name()} {fk[loc].last_name()}",
            "note": NOTES[loc].format(name=f"{first} {last}", short=short, child=child,
                                      benefit=rnd.choice(BENEFITS[loc]),
                                      landlord=rnd.choice(landlords[loc])),
        })  # fmt: skip
pl.DataFrame(citizens).write_csv(out / "citizens.csv", separator=";")
pl.DataFrame(household).write_parquet(out / "household.parquet")
pl.DataFrame(payments).write_csv(out / "payments.csv", separator=";")
write_jsonl(out / "case_notes.jsonl", notes)
