"""Shapes of SaaS JSON exports: a helpdesk (tickets with requester and assignee objects,
their comment thread) and a chat tool (conversations with user-agent and IP metadata,
their parts with HTML bodies).

safeset reads nested objects but not lists of objects, so a ticket's comments and a
conversation's parts are written as their own JSON Lines table keyed by the parent id,
which is how both tools' incremental exports deliver them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from bench.corpus.bundle import KEY, BundleOut, Clock
from bench.corpus.compose import TECH
from bench.corpus.labels import FREE_TEXT, Ref
from bench.corpus.messages import message, pick_split
from bench.corpus.rows import Crowd

P, E, PH = "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"


def _lines(path: Path, records: list[dict]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path.write_text(text, encoding="utf-8")


def helpdesk(out: BundleOut, folder: Path, rows: int, seed: int) -> None:
    crowd, clock, clean = Crowd(out.lang, rows, seed), Clock(random.Random(seed)), out.clean
    out.notes.append(
        "comments written as ticket_comments.jsonl: safeset does not read lists of objects"
    )
    cols = {
        "id": KEY,
        "subject": None,
        "status": None,
        "priority": None,
        "created_at": None,
        "requester.id": KEY,
        "requester.name": P,
        "requester.email": E,
        "requester.phone": PH,
        "assignee.id": KEY,
        "assignee.name": P,
        "tags": None,
        "custom_fields.account_number": "ID",
        "custom_fields.product_line": None,
        "description": FREE_TEXT,
    }
    out.table("tickets", "tickets.json", cols)
    tickets = []
    for i, r in enumerate(crowd.rows):
        p = r.person
        refs = {
            "full": Ref("tickets", "requester.name", i),
            "email": Ref("tickets", "requester.email", i),
            "phone": Ref("tickets", "requester.phone", i),
            "agent": Ref("tickets", "assignee.name", i),
        }
        w = message("customer", crowd.slots(r, refs, seed * 1000 + i), pick_split(crowd.rng), clean)
        out.cells.append(w.cell("tickets", "description", i))
        tickets.append(
            {
                "id": 10000 + i,
                "subject": crowd.rng.choice(["Delivery", "Refund", "Login problem"]),
                "status": crowd.rng.choice(["open", "pending", "solved"]),
                "priority": crowd.rng.choice(["low", "normal", "high"]),
                "created_at": clock.iso_z(),
                "requester": {"id": 50000 + i, "name": p.full, "email": p.email, "phone": p.phone},
                "assignee": {"id": 900 + crowd.staff.index(r.agent), "name": r.agent},
                "tags": [crowd.store().lower(), crowd.rng.choice(["shipping", "billing"])],
                "custom_fields": {
                    "account_number": r.account,
                    "product_line": crowd.product_line(),
                },
                "description": w.text,
            }
        )
    (folder / "tickets.json").write_text(
        json.dumps(tickets, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    ccols = {
        "id": KEY,
        "ticket_id": KEY,
        "author.name": P,
        "author.role": None,
        "body": FREE_TEXT,
        "via.channel": None,
        "created_at": None,
        "public": None,
    }
    out.table("ticket_comments", "ticket_comments.jsonl", ccols)
    comments = []
    for j in range(rows * 3 // 2):
        i = crowd.rng.randrange(rows)
        r = crowd.rows[i]
        refs = {
            "full": Ref("tickets", "requester.name", i),
            "email": Ref("tickets", "requester.email", i),
            "phone": Ref("tickets", "requester.phone", i),
            "agent": Ref("tickets", "assignee.name", i),
        }
        kind = "agent" if j % 2 == 0 else "customer"
        w = message(kind, crowd.slots(r, refs, seed * 5000 + j), pick_split(crowd.rng), clean)
        out.cells.append(w.cell("ticket_comments", "body", j))
        comments.append(
            {
                "id": 700000 + j,
                "ticket_id": 10000 + i,
                "author": {
                    "name": r.agent if kind == "agent" else r.person.full,
                    "role": "agent" if kind == "agent" else "end-user",
                },
                "body": w.text,
                "via": {"channel": crowd.rng.choice(["email", "web"])},
                "created_at": clock.iso_z(),
                "public": kind == "customer" or j % 4 == 0,
            }
        )
    _lines(folder / "ticket_comments.jsonl", comments)


def chat(out: BundleOut, folder: Path, rows: int, seed: int) -> None:
    crowd, clock, clean = Crowd(out.lang, rows, seed), Clock(random.Random(seed)), out.clean
    cols = {
        "id": KEY,
        "created_at": None,
        "state": None,
        "user.id": KEY,
        "user.name": P,
        "user.email": E,
        "admin_assignee.name": P,
        "metadata.user_agent": None,
        "metadata.ip": "IP_ADDRESS",
        "metadata.browser_language": None,
        "metadata.page_url": None,
    }
    out.table("conversations", "conversations.jsonl", cols)
    convs = []
    for i, r in enumerate(crowd.rows):
        ip = ".".join(str(crowd.rng.randint(1, 254)) for _ in range(4))
        convs.append(
            {
                "id": str(4_000_000 + i),
                "created_at": clock.epoch(),
                "state": crowd.rng.choice(["open", "closed", "snoozed"]),
                "user": {
                    "id": f"6{i:05d}a1b2c3d4e5f6",
                    "name": r.person.full,
                    "email": r.person.email,
                },
                "admin_assignee": {"name": r.agent},
                "metadata": {
                    "user_agent": crowd.rng.choice(TECH["ua"]),
                    "ip": ip,
                    "browser_language": crowd.lang,
                    "page_url": crowd.rng.choice(TECH["url"]),
                },
            }
        )
    _lines(folder / "conversations.jsonl", convs)
    pcols = {
        "id": KEY,
        "conversation_id": KEY,
        "part_type": None,
        "author.type": None,
        "author.name": P,
        "body": FREE_TEXT,
        "created_at": None,
    }
    out.table("conversation_parts", "conversation_parts.jsonl", pcols)
    parts = []
    for j in range(rows * 3 // 2):
        i = crowd.rng.randrange(rows)
        r = crowd.rows[i]
        refs = {
            "full": Ref("conversations", "user.name", i),
            "email": Ref("conversations", "user.email", i),
            "agent": Ref("conversations", "admin_assignee.name", i),
        }
        admin = j % 3 == 2
        w = message(
            "agent" if admin else "chat",
            crowd.slots(r, refs, seed * 3000 + j),
            pick_split(crowd.rng),
            clean,
            html=True,
        )
        out.cells.append(w.cell("conversation_parts", "body", j))
        parts.append(
            {
                "id": str(90_000_000 + j),
                "conversation_id": str(4_000_000 + i),
                "part_type": "comment",
                "author": {
                    "type": "admin" if admin else "user",
                    "name": r.agent if admin else r.person.full,
                },
                "body": w.text,
                "created_at": clock.epoch(),
            }
        )
    _lines(folder / "conversation_parts.jsonl", parts)
