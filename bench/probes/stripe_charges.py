"""Probe: a payment processor's charges, as its API lists them (Stripe's shapes).

charges.jsonl: one charge per line of a few hundred customers: ``customer`` a
"cus_NffrFeUfNV2Hib" in mixed case, repeated over the customer's charges; nested
``billing_details`` (name, e-mail, phone, address), ``payment_method_details.card``
(brand, last four digits, ``exp_month``, ``exp_year`` of 2026 to 2031, fingerprint),
``metadata`` (an order id, a ``user_id`` numbered from 1), an invoice description naming
the customer, the outcome. Found in session 49: ``customer`` kept (no code shape, not one
per row), and every ``exp_year`` met a user id: REJECTED on 2,049 "leaks".

    python -m bench.probes.stripe_charges 4000 /tmp/stripe && safeset run /tmp/stripe
"""

import random
import string

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
f = seeded(["en_US"], 41)["en_US"]
rnd = random.Random(41)


def rid(prefix: str, k: int = 14) -> str:
    return prefix + "".join(rnd.choices(string.ascii_letters + string.digits, k=k))


customers = [
    {"id": rid("cus_"), "email": f.email(), "name": f.name(), "phone": f.phone_number(),
     "address": {"line1": f.street_address(), "city": f.city(), "postal_code": f.zipcode(),
                 "state": f.state_abbr(), "country": "US"}}
    for _ in range(max(20, n // 5))
]  # fmt: skip
charges = []
for i in range(n):
    c = rnd.choice(customers)
    card = {"brand": rnd.choice(["visa", "mastercard", "amex"]),
            "last4": f"{rnd.randint(0, 9999):04d}", "exp_month": rnd.randint(1, 12),
            "exp_year": rnd.randint(2026, 2031), "fingerprint": rid("", 16),
            "country": "US"}  # fmt: skip
    charges.append({
        "id": rid("ch_", 24), "object": "charge", "amount": rnd.randint(500, 50000),
        "currency": "usd", "created": rnd.randint(1700000000, 1760000000),
        "customer": c["id"], "description": f"Invoice {10000 + i} for {c['name']}",
        "billing_details": {"name": c["name"], "email": c["email"], "phone": c["phone"],
                            "address": c["address"]},
        "payment_method_details": {"type": "card", "card": card},
        "metadata": {"order_id": str(20000 + i), "user_id": str(rnd.randint(1, 5000))},
        "receipt_email": c["email"] if rnd.random() < 0.7 else None,
        "status": "succeeded", "paid": True, "refunded": False,
        "outcome": {"network_status": "approved_by_network", "risk_level": "normal",
                    "risk_score": rnd.randint(0, 99), "seller_message": "Payment complete."},
    })  # fmt: skip
write_jsonl(out / "charges.jsonl", charges)
