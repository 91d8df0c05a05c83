"""Probe: a hospital interface engine's archive: HL7 v2 messages stored in a column.

messages.jsonl (a message id, the sending system, a received timestamp, the message type
"ADT^A01", and the raw HL7 text: segments on lines, fields split by "|", components by
"^": "PID|1||MRN123456^^^HOSP^MR||DOE^JANE^A||19800101|F|||12 ELM ST^^LEEDS^^LS1 4AB||
07700900123", "NK1|1|DOE^JOHN|SPO|...", "PV1|1|I|WARD5^12^B||||SMITH^ANNA^^^DR",
"OBX|1|TX|NOTE||Pt anxious, husband John visiting"), and acks.csv (message ids, the
acknowledgement code and an error text quoting the patient id).

    python -m bench.probes.hl7_feed 2000 /tmp/hl7 && safeset run /tmp/hl7
"""

import csv
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
g = seeded(["en_GB"], 6100)["en_GB"]
rnd = random.Random(61)
doctors = [(g.last_name().upper(), g.first_name().upper()) for _ in range(12)]
msgs, acks = [], []
for i in range(n):
    last, first = g.last_name().upper(), g.first_name_female().upper()
    kin = g.first_name_male().upper()
    mrn = f"MRN{rnd.randint(100000, 999999)}"
    dob = g.date_of_birth(minimum_age=1).strftime("%Y%m%d")
    street = g.street_address().upper()
    town, postcode = g.city().upper(), g.postcode()
    dr = rnd.choice(doctors)
    ts = f"2026{i % 12 + 1:02d}{i % 27 + 1:02d}{rnd.randint(0, 23):02d}{rnd.randint(0, 59):02d}"
    kind = rnd.choice(["ADT^A01", "ADT^A03", "ORU^R01"])
    segs = [
        f"MSH|^~\\&|PAS|HOSP|EPR|HOSP|{ts}||{kind}|MSG{i:07d}|P|2.4",
        f"PID|1||{mrn}^^^HOSP^MR||{last}^{first}^||{dob}|F|||{street}^^{town}^^{postcode}||"
        f"{g.phone_number()}",
        f"NK1|1|{last}^{kin}|SPO|||{g.phone_number()}",
        f"PV1|1|I|WARD{rnd.randint(1, 9)}^{rnd.randint(1, 30)}^B||||{dr[0]}^{dr[1]}^^^DR",
    ]
    if kind == "ORU^R01":
        segs.append(
            rnd.choice(
                [
                    f"OBX|1|TX|NOTE||Pt anxious, husband {kin.title()} visiting",
                    "OBX|1|NM|HGB^Haemoglobin||128|g/L|115-165|N",
                    f"OBX|1|TX|NOTE||Seen by Dr {dr[0].title()}, discharge planned",
                ]
            )
        )
    msgs.append(
        {"id": f"MSG{i:07d}", "source": "PAS", "received": ts, "type": kind, "hl7": "\r".join(segs)}
    )
    acks.append(
        [
            f"MSG{i:07d}",
            rnd.choice(["AA", "AA", "AA", "AE"]),
            rnd.choice(["", "", f"Unknown patient {mrn}", "Duplicate message"]),
        ]
    )
write_jsonl(out / "messages.jsonl", msgs)
with (out / "acks.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["message_id", "ack_code", "error_text"])
    w.writerows(acks)
