"""A small HR + support bundle (employees, a survey with comments, tickets with
transcripts), shared by the verify, transform, provenance and bundle tests."""

from __future__ import annotations

import json
from pathlib import Path

KEY = b"northwind-hr-export-pseudonym-key-2025"


EMPLOYEES_CSV = """\
employee_id,first_name,last_name,email,phone,department,manager_id
1001,Yoshita,Gopal,yoshita.gopal@northwind-logistics.com,630-555-0170,Executive,
1002,Morayo,Makinwa,morayo.makinwa@northwind-logistics.com,+1 614 555 0101,Customer Support,1001
1003,Desmond,Okafor,desmond.okafor@northwind-logistics.com,(312) 555-0148,Customer Support,1002
1004,Ingrid,Halvorsen,ingrid.halvorsen@northwind-logistics.com,773-555-0192,Finance,1001
1005,Tobias,Lindqvist,tobias.lindqvist@northwind-logistics.com,847-555-0163,Finance,1004
"""


SURVEY = [
    {
        "response_id": 1,
        "employee_id": 1002,
        "score": 4,
        "comment": "Desmond has been a great help with onboarding the new hires.",
    },
    {
        "response_id": 2,
        "employee_id": 1003,
        "score": 2,
        "comment": "I asked INGRID twice about the travel budget and never heard back.",
    },
    {
        "response_id": 3,
        "employee_id": 1004,
        "score": 5,
        "comment": "Morayo runs the best team meetings; Tobias takes great notes.",
    },
    {
        "response_id": 4,
        "employee_id": 1003,
        "score": 3,
        "comment": "Annual review process felt rushed this year.",
    },
    {
        "response_id": 5,
        "employee_id": 1005,
        "score": 4,
        "comment": "Desmond, say hi to everyone at the Denver site.",
    },
]


TICKETS_CSV = """\
ticket_id,order_id,customer_email,priority,transcript
T-5001,ORD-778812,maria.lopez@example.org,high,"Customer wrote from maria.lopez@example.org about order ORD-778812, which arrived damaged."
T-5002,ORD-778930,kwame.mensah@example.net,low,"Order ORD-778930 is late; please reply to kwame.mensah@example.net when it ships."
T-5003,ORD-779104,maria.lopez@example.org,normal,"Second complaint about ORD-779104. Please call me back on (415) 555-0134."
"""


def write_bundle(folder: Path) -> Path:
    """The three export files plus a README that is not a table."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text("# Northwind HR + support export, 2025-06\n")
    (folder / "employees.csv").write_text(EMPLOYEES_CSV, encoding="utf-8")
    (folder / "survey.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in SURVEY), encoding="utf-8"
    )
    (folder / "tickets.csv").write_text(TICKETS_CSV, encoding="utf-8")
    return folder
