"""A bundle of structured values in nine locales and texts that write them as people do:
for the tests that compare what a partition reads back from an index with the whole."""

from __future__ import annotations

import random
import re
from pathlib import Path

import polars as pl
from faker import Faker

from bench import generate
from bench.multilingual import dev_addresses, dev_sentences

LOCALES = ("en_GB", "fr_FR", "de_DE", "es_ES", "it_IT", "pt_PT", "nl_NL", "sv_SE", "pl_PL")
EXTRA_NAMES = ["Tomás Ó Súilleabháin", "Pieter van der Berg", "Siobhan O'Connell",
               "Jürgen Müller", "Anne-Sophie Ashby-Fenwick", "Øyvind Håkansson"]  # fmt: skip


def known_bundle(root: Path) -> tuple[dict[str, set[str]], set[str], list[str]]:
    """(entity → structured values, named ids, texts): a mixed export (employees, chat
    transcripts, survey comments), names, phones and addresses of nine locales, and texts
    that write them as people do (upper case, no accents, other phone formats, id cores)."""
    rng = random.Random(23)
    generate.write_mixed(root, employees=60, comments=80, chats=80)
    emp = pl.read_csv(root / "employees.csv", infer_schema_length=0)
    chats = pl.read_parquet(root / "chat_transcripts.parquet")
    values: dict[str, set[str]] = {
        "PERSON": set(EXTRA_NAMES),
        "FIRST_NAME": set(emp["first_name"]),
        "LAST_NAME": set(emp["last_name"]),
        "EMAIL_ADDRESS": set(emp["email"]),
        "ID": {*emp["employee_id"], *chats["ticket_id"], *chats["customer_id"]},
        # Many six-digit accounts: a bare core is no longer distinctive alone (chance is
        # reckoned with the whole bundle's ids, whatever a partition reads back).
        "US_BANK_NUMBER": {f"ACC-{rng.randint(100000, 999999)}" for _ in range(1200)},
        "PHONE_NUMBER": set(),
        "LOCATION": set(emp["city"]),
        "ADDRESS": set(),
        "ZIP_CODE": set(),
    }
    texts = [*chats["transcript"], *pl.read_ndjson(root / "survey_comments.jsonl")["comment"]]
    texts += [s["text"] for s in dev_sentences.sentences(per_template=2)]
    texts += [s["text"] for s in dev_addresses.sentences(per_template=2)]
    for loc in LOCALES:
        fake = Faker(loc)
        fake.seed_instance(7)
        for _ in range(12):
            name, phone, street = fake.name(), fake.phone_number(), fake.street_address()
            values["PERSON"].add(name)
            values["PHONE_NUMBER"].add(phone)
            values["ADDRESS"].add(street)
            values["ZIP_CODE"].add(fake.postcode())
            digits = re.sub(r"\D", "", phone)
            texts.append(f"{name.upper()} rang from {digits} about {street}, {fake.city()}.")
            grouped = ".".join(digits[i : i + 3] for i in range(0, len(digits), 3))
            texts.append(f"Bitte {name.split()[-1]} unter {grouped} anrufen")
    for name in EXTRA_NAMES:
        plain = name.translate(str.maketrans("ÓúáüøåØ'", "OuauoaO ")).replace(" ", "", 1)
        texts.append(f"Dear {name.split()[-1]}, {plain} called; T. {name.split(' ', 1)[1]} too.")
    for acc in sorted(values["US_BANK_NUMBER"])[:20]:
        core = acc[4:]
        texts += [f"my account number is {core}", f"acc {core[:3]}-{core[3:]} please",
                  f"ref #{core} / {core[:3]} {core[3:]}", f"Acc_{core} was closed",
                  f"the code {core} was wrong"]  # fmt: skip
    named = {"7781203", "KD-4412087", "553120"}
    texts += ["Kundennummer 7781203 und KD-4412087", "pedido 553120 del cliente"]
    return values, named, texts
