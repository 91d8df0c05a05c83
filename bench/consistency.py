"""Consistency of fakes between tables and text, and of places with their record's country.

    python -m bench.consistency [--customers 240] [--seed 7] [--keep DIR]

Generates a multi-table bundle (customers in ten countries with a country column, their
orders, and support tickets whose text mentions the customers' names and addresses in
other case, accent and transliteration forms, by initial, by surname, by street or town
alone, and as whole addresses), runs the engine on it (as ``safeset run`` does, without
Prefect: ``bench.corpus.engines.run_safeset_partitioned``), then reports:

- ``mentions``: the share of text mentions whose fake equals the fake the table gave the
  same person or place (compared case- and accent-insensitively: "BJORN" and "Björn" are
  one spelling), per kind of mention;
- ``emails``: the share of customers whose fake e-mail local part names their fake first
  and last name, as the real one named the real person;
- ``countries``: the share of customer rows whose fake street and town read as the row's
  country: a character-trigram classifier trained on each country's own Faker streets
  and towns names the likeliest country (its accuracy on the real rows is reported as
  the ceiling).

The generator writes mentions from the table values only; no rule in safeset is shaped
on its sentences (they vary by template, and the names and places come from Faker).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

#: (Faker locale, country as the export writes it): ten countries, several languages.
COUNTRIES = (
    ("en_IE", "Ireland"), ("en_GB", "United Kingdom"), ("fr_FR", "France"),
    ("de_DE", "Deutschland"), ("es_ES", "Spain"), ("it_IT", "IT"),
    ("sv_SE", "Sverige"), ("pl_PL", "Poland"), ("nl_NL", "Netherlands"), ("da_DK", "DK"),
)  # fmt: skip
#: Irish names with particles, which Faker's en_IE lists rarely give.
IRISH = (("Tomás", "Ó Súilleabháin"), ("Aoife", "Ní Bhriain"), ("Seán", "Mac Cárthaigh"),
         ("Zoë", "O'Connell"), ("Órla", "Ó Briain"), ("Pádraig", "Ó Néill"))  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_SPELLED = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L"})


def strip_marks(text: str) -> str:
    """Accents off, case kept (the scorer's own, so it can score any version)."""
    bare = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    return "".join(c for c in bare if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case, accents, apostrophes and spacing ignored: how a reader compares names."""
    return " ".join(strip_marks(text).replace("'", "").replace("’", "").casefold().split())


@dataclass
class Mention:
    ticket: int
    kind: str
    table: str  # which customers column holds the value whose fake is expected
    row: int
    words: int  # how many words of the expected fake are expected (0: all)


def _local(name: str) -> str:
    """A name as an e-mail local part writes it: "Ó Súilleabháin" → "osuilleabhain"."""
    return re.sub(r"[^a-z]", "", strip_marks(name).lower())


def _variant(rng: random.Random, value: str) -> tuple[str, str]:
    """A spelling of ``value`` as support text writes it: (kind, text)."""
    forms = [("exact", value), ("upper", strip_marks(value).upper()),
             ("lower", strip_marks(value).lower()), ("no accents", strip_marks(value))]  # fmt: skip
    if any(c in "äöüÄÖÜ" for c in value):
        forms.append(
            ("transliterated", value.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae"))
        )
    if "'" in value:
        forms.append(("no apostrophe", strip_marks(value).replace("'", "")))
    return rng.choice(forms)


def generate(folder: Path, customers: int, seed: int) -> list[Mention]:
    """Write customers.csv, orders.csv and tickets.jsonl; the mentions' truth."""
    from faker import Faker

    rng = random.Random(seed)
    rows = []
    for i in range(customers):
        locale, country = COUNTRIES[i % len(COUNTRIES)]
        fk = Faker(locale)
        fk.seed_instance(seed * 10_000 + i)
        first, last = fk.first_name(), fk.last_name()
        if locale == "en_IE" and i % 20 < 6:
            first, last = IRISH[(i // 10) % len(IRISH)]
        rows.append({
            "customer_id": f"C{10_000 + i}", "first_name": first, "last_name": last,
            "email": f"{_local(first)}.{_local(last)}{i}@example.com",
            "street": fk.street_address().replace("\n", ", "), "city": fk.city(),
            "postcode": fk.postcode(), "country": country,
        })  # fmt: skip
    customers_df = pl.DataFrame(rows)
    customers_df.write_csv(folder / "customers.csv")
    orders = [{"order_id": f"ORD-{500_000 + k}", "customer_id": rows[k % customers]["customer_id"],
               "ship_city": rows[k % customers]["city"], "status": rng.choice(["shipped", "open"])}
              for k in range(customers * 2)]  # fmt: skip
    pl.DataFrame(orders).write_csv(folder / "orders.csv")
    tickets, truth = [], []
    for t in range(customers * 2):
        r = rng.randrange(customers)
        c = rows[r]
        full = f"{c['first_name']} {c['last_name']}"
        pick = rng.randrange(6)
        if pick == 0:
            kind, form = _variant(rng, full)
            text = f"Ticket from {form}: the parcel never arrived, please check."
            found = [Mention(t, f"name {kind}", "full", r, 0)]
        elif pick == 1:
            kind, form = _variant(rng, c["first_name"])
            text = f"Hi {form}, thanks for your patience while we look into this order."
            found = [Mention(t, f"first name {kind}", "first_name", r, 0)]
        elif pick == 2:
            initial = c["first_name"][0]
            text = f"Spoke to {initial}. {c['last_name']} on the phone today about a refund."
            found = [Mention(t, "initial + surname", "last_name", r, 0),
                     Mention(t, "initial", "first_name", r, -1)]  # fmt: skip
        elif pick == 3:
            text = (
                f"New delivery address: {c['street']}, {c['postcode']} {c['city']}. Please update."
            )
            found = [Mention(t, "address: street", "street", r, 0),
                     Mention(t, "address: city", "city", r, 0)]  # fmt: skip
        elif pick == 4:
            text = f"The courier could not find {c['street']} yesterday, customer asked us to call."
            found = [Mention(t, "street alone", "street", r, 0)]
        else:
            text = f"Customer moved to {c['city']} last month and wants the invoice resent."
            found = [Mention(t, "city alone", "city", r, 0)]
        tickets.append({"ticket_id": f"T-{t}", "customer_id": c["customer_id"], "body": text})
        truth.extend(found)
    (folder / "tickets.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n"
                                                  for x in tickets), encoding="utf-8")  # fmt: skip
    return truth


def _transform(folder: Path) -> dict[str, pl.DataFrame]:
    """The engine on the bundle as ``safeset run`` runs a small export (one partition,
    its passes in this process, no Prefect): the written output, table by table."""
    from anonymizers.io.partitions import PARTITION_ROWS
    from bench.corpus.engines import run_safeset_partitioned

    return run_safeset_partitioned(folder, PARTITION_ROWS, "consistency").outputs


def _words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


def score_mentions(truth: Sequence[Mention], out: dict[str, pl.DataFrame]) -> dict:
    customers, tickets = out["customers"], out["tickets"]["body"].to_list()
    per_kind: dict[str, list[int]] = {}
    for m in truth:
        row = customers.row(m.row, named=True)
        expected = f"{row['first_name']} {row['last_name']}" if m.table == "full" else row[m.table]
        have = fold(tickets[m.ticket])
        if m.words == -1:  # an initial: the fake first name's initial, then a dot
            ok = f" {fold(expected)[:1]}. " in f" {have} "
        else:
            want = " ".join(_words(expected))
            ok = bool(want) and f" {want} " in " " + " ".join(_words(tickets[m.ticket])) + " "
        per_kind.setdefault(m.kind, [0, 0])[0] += ok
        per_kind[m.kind][1] += 1
    hit = sum(v[0] for v in per_kind.values())
    total = sum(v[1] for v in per_kind.values())
    kinds = {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_kind.items())}
    return {"consistent": hit, "mentions": total, "share": round(hit / total, 4), "kinds": kinds}


def score_emails(out: pl.DataFrame) -> dict:
    """The share of customers whose fake e-mail names their fake first and last name
    (the generator writes ``first.last<n>@``): one person, one identity."""
    ok = 0
    for row in out.iter_rows(named=True):
        local = row["email"].partition("@")[0]
        ok += (
            local.rstrip("0123456789") == f"{_local(row['first_name'])}.{_local(row['last_name'])}"
        )
    return {"following": ok, "rows": out.height, "share": round(ok / out.height, 4)}


def _grams(text: str) -> list[str]:
    t = f"  {fold(re.sub(r'[0-9]+', '0', text))}  "
    return [t[i : i + 3] for i in range(len(t) - 2)]


def _profiles(samples: int = 1500) -> dict[str, tuple[Counter, int]]:
    """Character-trigram counts of each country's own Faker streets and towns."""
    from faker import Faker

    out = {}
    for locale, _ in COUNTRIES:
        fk = Faker(locale)
        fk.seed_instance(1)
        grams: Counter = Counter()
        for _ in range(samples):
            grams.update(_grams(fk.street_address() + " | " + fk.city()))
        out[locale] = (grams, sum(grams.values()))
    return out


def _likeliest(text: str, profiles: dict[str, tuple[Counter, int]]) -> str:
    """The country whose streets and towns read most like ``text`` (naive Bayes on
    character trigrams, add-one smoothing)."""
    import math

    grams = _grams(text)
    best, score = "", -math.inf
    for locale, (counts, total) in profiles.items():
        size = len(counts) + 1
        s = sum(math.log((counts[g] + 1) / (total + size)) for g in grams)
        if s > score:
            best, score = locale, s
    return best


def score_countries(inp: pl.DataFrame, out: pl.DataFrame) -> dict:
    """The share of rows whose fake street + town read likeliest as the row's country."""
    profiles = _profiles()
    by_country = {c: loc for loc, c in COUNTRIES}
    ok = 0
    for before, after in zip(inp.iter_rows(named=True), out.iter_rows(named=True), strict=True):
        guess = _likeliest(f"{after['street']} | {after['city']}", profiles)
        ok += guess == by_country[before["country"]]
    # The classifier's own accuracy on the real rows: the ceiling of this score.
    real = sum(_likeliest(f"{r['street']} | {r['city']}", profiles) == by_country[r["country"]]
               for r in inp.iter_rows(named=True))  # fmt: skip
    return {"matching": ok, "rows": inp.height, "share": round(ok / inp.height, 4),
            "classifier_on_real_rows": round(real / inp.height, 4)}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--customers", type=int, default=240)
    args.add_argument("--seed", type=int, default=7)
    args.add_argument("--keep", type=Path, help="write the bundle here (else a temp dir)")
    a = args.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = a.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        truth = generate(folder, a.customers, a.seed)
        inp = pl.read_csv(folder / "customers.csv", infer_schema=False)
        out = _transform(folder)
    report = {"mentions": score_mentions(truth, out),
              "countries": score_countries(inp, out["customers"]),
              "emails": score_emails(out["customers"])}  # fmt: skip
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
