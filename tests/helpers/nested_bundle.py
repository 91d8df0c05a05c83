"""An export bundle with a personal value in every shape a reader accepts: flat CSV,
a JSON document in a CSV text column, JSON Lines with nested objects, JSON whose object keys are data, Parquet with list,
struct, list-of-struct and map columns. The same people appear in every file, so one
value must get one fake everywhere. ``ORIGINALS`` lists, independently of safeset's plan,
every personal value written, for tests that hunt them in a run's files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PEOPLE = [
    ("C-104293", "Maria Lopez", "maria.lopez@example.org", "+1 415 555 0134"),
    ("C-104294", "Kwame Mensah", "kwame.mensah@example.net", "+1 614 555 0101"),
    ("C-104295", "Ingrid Halvorsen", "ingrid.halvorsen@example.com", "+1 773 555 0192"),
]

#: Every personal value of the bundle, for the hunt.
ORIGINALS = sorted(
    {v for person in PEOPLE for v in person} | {w for p in PEOPLE for w in p[1].split()}
)


def write_nested_bundle(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    # A JSON document in a text column (a PostgreSQL jsonb dumped to CSV): the next
    # person is this one's emergency contact.
    with (folder / "customers.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["customer_id", "full_name", "email", "phone", "segment", "extra"])
        for i, (cid, name, email, phone) in enumerate(PEOPLE):
            other = PEOPLE[(i + 1) % len(PEOPLE)]
            extra = {"newsletter": i % 2 == 0, "emergency": {"name": other[1], "phone": other[3]}}
            out.writerow([cid, name, email, phone, "retail", json.dumps(extra)])
    profiles = [
        {
            "customer_id": cid,
            "plan": "gold",
            "owner": {"contact": {"email": email, "phone": phone}, "display_name": name},
        }
        for cid, name, email, phone in PEOPLE
    ]
    (folder / "profiles.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in profiles), encoding="utf-8"
    )
    # Keys that are data: an e-mail, a phone and a customer id used as object keys.
    prefs = [
        {
            "customer_id": cid,
            "by_contact": {email: "weekly", phone: "never"},
            "by_account": {cid: {"channel": "email"}},
        }
        for cid, _, email, phone in PEOPLE
    ]
    (folder / "preferences.json").write_text(json.dumps(prefs, indent=2), encoding="utf-8")
    emails = [p[2] for p in PEOPLE]
    names = [p[1] for p in PEOPLE]
    table = pa.table(
        {
            "account_id": [p[0] for p in PEOPLE],
            "notify": pa.array(
                [[(emails[0], "daily")], [(emails[1], "weekly"), (emails[2], "off")], []],
                type=pa.map_(pa.string(), pa.string()),
            ),
            "household_names": pa.array([[names[0], names[1]], [names[1]], None]),
            "delegates": pa.array(
                [
                    [{"email": emails[2], "phone": PEOPLE[2][3]}],
                    [],
                    [{"email": emails[0], "phone": PEOPLE[0][3]}],
                ]
            ),
            "billing": pa.array([{"payer": {"name": n}} for n in names]),
        }
    )
    pq.write_table(table, folder / "accounts.parquet")
    return folder
