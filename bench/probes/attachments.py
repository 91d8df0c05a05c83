"""Probe: a document store's files and their metadata, named as people name files.

documents.csv (file names holding their owner's name "Passport_JohnSmith.pdf", "CV - Maria
Lopez (2024).docx", "IMG_20240512_Anna_Berg.jpg", "scan0042.pdf"; folders "/HR/Leavers/
Smith, John/"; the uploader's e-mail; sizes, MIME types, SHA-256 digests, tags), shares.jsonl
(who shared what with whom: the grantee's e-mail, a permission, an expiry, a link with its
token).

    python -m bench.probes.attachments 3000 /tmp/attachments && safeset run /tmp/attachments
"""

import csv
import hashlib
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
fk = seeded(["en_GB", "es_ES", "de_DE"], 6200)
rnd = random.Random(62)
locs = list(fk)
docs = []
with (out / "documents.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "doc_id",
            "file_name",
            "folder",
            "uploaded_by",
            "size_bytes",
            "mime",
            "sha256",
            "tags",
            "uploaded_at",
        ]
    )
    for i in range(n):
        g = fk[locs[i % 3]]
        first, last = g.first_name(), g.last_name()
        name = rnd.choice(
            [
                (f"Passport_{first}{last}.pdf", "application/pdf"),
                (
                    f"CV - {first} {last} ({rnd.randint(2019, 2025)}).docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ),
                (
                    f"IMG_2024{rnd.randint(1, 12):02d}{rnd.randint(10, 28)}_{first}_{last}.jpg",
                    "image/jpeg",
                ),
                (f"scan{rnd.randint(1, 9999):04d}.pdf", "application/pdf"),
                (
                    f"Q{rnd.randint(1, 4)} board pack v{rnd.randint(1, 9)}.pptx",
                    "application/vnd.ms-powerpoint",
                ),
                (f"{last.lower()}_{first[0].lower()}_payslip_03.pdf", "application/pdf"),
            ]
        )
        folder = rnd.choice(
            [
                "/HR/Leavers/" + f"{last}, {first}/",
                "/Finance/2024/",
                "/Shared/",
                f"/Users/{first.lower()}.{last.lower()}/Desktop/",
            ]
        )
        doc_id = f"doc_{i:06d}"
        docs.append(doc_id)
        w.writerow(
            [
                doc_id,
                name[0],
                folder,
                f"{first.lower()}.{last.lower()}@example.org",
                rnd.randint(2_000, 9_000_000),
                name[1],
                hashlib.sha256(f"{i}".encode()).hexdigest(),
                rnd.choice(["", "confidential", "hr;personal", "finance"]),
                g.date_time_between("-2y").isoformat(),
            ]
        )
shares = []
for i in range(n // 2):
    g = fk[locs[i % 3]]
    shares.append(
        {
            "doc_id": rnd.choice(docs),
            "grantee": g.email(),
            "permission": rnd.choice(["view", "edit", "comment"]),
            "expires": g.date_between("+1d", "+90d").isoformat(),
            "link": f"https://files.example.org/s/{rnd.getrandbits(64):016x}",
        }
    )
write_jsonl(out / "shares.jsonl", shares)
