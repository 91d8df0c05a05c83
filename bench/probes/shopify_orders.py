"""Probe: a shop's orders as Shopify exports them (orders_export_1.csv, its 49 headers).

One row per order: ``Name`` the order's number "#1001", the buyer's e-mail, totals,
``Lineitem name`` a product ("Linen Shirt - M / Sand"), billing and shipping names,
streets, towns, postcodes and phones (a fifth of orders shipped to someone else), a
``Billing Company`` of Faker's firms ("Foster-Duncan": surnames), notes naming people,
``Risk Level`` "Low". Found in session 49: line items and "Low" faked as people, and a
kept firm that is also a customer's double surname rejected the run.

    python -m bench.probes.shopify_orders 3000 /tmp/shop && safeset run /tmp/shop
"""

import csv
import random

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
f = seeded(["en_GB"], 8)["en_GB"]
rnd = random.Random(8)
HEADERS = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
    "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code",
    "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name",
    "Lineitem price", "Lineitem sku", "Billing Name", "Billing Street", "Billing Address1",
    "Billing Address2", "Billing Company", "Billing City", "Billing Zip", "Billing Province",
    "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street", "Shipping Address1",
    "Shipping City", "Shipping Zip", "Shipping Country", "Shipping Phone", "Notes",
    "Note Attributes", "Cancelled at", "Payment Method", "Payment Reference",
    "Refunded Amount", "Vendor", "Id", "Tags", "Risk Level", "Source", "Phone",
]  # fmt: skip
PRODUCTS = ["Linen Shirt - M / Sand", "Oak Desk Lamp", "Wool Scarf - Grey",
            "Ceramic Mug Set (4)", "Leather Wallet - Tan"]  # fmt: skip
with (out / "orders_export_1.csv").open("w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh)
    w.writerow(HEADERS)
    for i in range(n):
        name, phone = f.name(), f.phone_number()
        street, city, pc = f.street_address().replace("\n", ", "), f.city(), f.postcode()
        ship = (
            (name, street, city, pc)
            if rnd.random() < 0.8
            else (f.name(), f.street_address().replace("\n", ", "), f.city(), f.postcode())
        )
        created = f.date_time_between("-1y").strftime("%Y-%m-%d %H:%M:%S +0000")
        qty, price = rnd.randint(1, 3), rnd.choice([19.0, 35.5, 12.0, 49.99, 29.0])
        first, last = name.split()[0].lower(), name.split()[-1].lower()
        note = rnd.choice(
            [
                "",
                "Please leave with neighbour at no. 12",
                "Call before delivery",
                f"Gift for {f.first_name()}, please don't include the receipt",
            ]
        )
        w.writerow([
            f"#{1001 + i}", f"{first}.{last}@{f.free_email_domain()}", "paid", created,
            rnd.choice(["fulfilled", "unfulfilled"]), created, rnd.choice(["yes", "no"]), "GBP",
            qty * price, 4.99, round(qty * price * 0.2, 2), round(qty * price + 4.99, 2),
            rnd.choice(["", "WELCOME10", "SUMMER"]), rnd.choice([0, 5]), "Standard", created, qty,
            rnd.choice(PRODUCTS), price, f"SKU-{rnd.randint(100, 999)}", name, street, street,
            "", rnd.choice(["", f.company()]), city, pc, "", "GB", phone, ship[0], ship[1],
            ship[1], ship[2], ship[3], "GB", phone, note, rnd.choice(["", "gift_wrap: yes"]), "",
            rnd.choice(["Shopify Payments", "PayPal Express Checkout"]),
            f"c{rnd.randint(10**10, 10**11)}.1", 0, "Acme Goods", 4500000000000 + i * 37,
            rnd.choice(["", "vip", "repeat"]), "Low", "web", phone if rnd.random() < 0.5 else "",
        ])  # fmt: skip
