"""Probe: an online shop in Japan, Korea, mainland China and Taiwan.

customers.csv (names in their own scripts, a Japanese kana reading under ``name_kana``,
e-mails, phones, postcodes, one-cell addresses, birthdays), inquiries.csv (numbered 1 to
N; messages in Japanese, Korean and Chinese naming the customer, an address, a phone,
an order number, sometimes an e-mail; staff as "佐藤", "Kim", "suzuki.t") and
orders.jsonl (order numbers, a list of items with small quantities, a nested ``ship_to``
of name, phone and address).

    python -m bench.probes.asia_shop 2000 /tmp/shop && safeset run /tmp/shop
"""

import csv
import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
locs = ["ja_JP", "ko_KR", "zh_CN", "zh_TW"]
fk = seeded(locs, 4500)
rnd = random.Random(45)
customers = []
with (out / "customers.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["customer_id", "name", "name_kana", "email", "phone", "postcode", "address",
                "birthday", "member_rank"])  # fmt: skip
    for i in range(max(40, n // 5)):
        loc = locs[i % 4]
        g = fk[loc]
        name, cid = g.name(), f"C{i + 1:07d}"
        customers.append((cid, name, loc, g))
        w.writerow([cid, name, g.kana_name() if loc == "ja_JP" else "", g.email(),
                    g.phone_number(), g.postcode(), g.address().replace("\n", " "),
                    g.date_of_birth(minimum_age=18, maximum_age=80).isoformat(),
                    rnd.choice(["GOLD", "SILVER", "BRONZE"])])  # fmt: skip
MESSAGES = {
    "ja_JP": ["{name}様、ご注文ありがとうございます。配送先：{addr}",
              "{name}です。商品が届いていません。電話番号は{phone}です。",
              "返品したいです。注文番号 {oid}"],
    "ko_KR": ["{name}입니다. 배송이 늦어요. 연락처 {phone}", "주문 {oid} 취소 부탁드립니다.",
              "{name}님, 문의 감사합니다."],
    "zh_CN": ["我是{name}，订单{oid}还没到。电话：{phone}", "请把发票寄到{addr}", "谢谢！"],
    "zh_TW": ["您好，我是{name}，請幫我改地址：{addr}", "訂單 {oid} 已收到，謝謝",
              "我的電話是{phone}"],
}  # fmt: skip
with (out / "inquiries.csv").open("w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["inquiry_id", "customer_id", "received_at", "channel", "message", "staff"])
    for i in range(n):
        cid, name, loc, g = rnd.choice(customers)
        message = rnd.choice(MESSAGES[loc]).format(
            name=name, addr=g.address().replace("\n", " "), phone=g.phone_number(),
            oid=f"ORD-{rnd.randint(10**7, 10**8)}",
        )  # fmt: skip
        if rnd.random() < 0.3:
            message += f" / Email: {g.email()}"
        w.writerow([i + 1, cid, g.date_time_this_year().isoformat(),
                    rnd.choice(["LINE", "mail", "chat", "KakaoTalk", "WeChat"]), message,
                    rnd.choice(["佐藤", "Kim", "王芳", "suzuki.t"])])  # fmt: skip
write_jsonl(out / "orders.jsonl", [
    {"order_id": f"ORD-{rnd.randint(10**7, 10**8)}", "customer_id": c[0],
     "items": [{"sku": f"SKU-{rnd.randint(100, 999)}",
                "name": rnd.choice(["抹茶ラテ", "김치 1kg", "乌龙茶", "Wireless Earbuds"]),
                "qty": rnd.randint(1, 3)}],
     "ship_to": {"name": c[1], "tel": c[3].phone_number(),
                 "addr": c[3].address().replace("\n", " ")},
     "total": rnd.randint(500, 50000)}
    for c in (rnd.choice(customers) for _ in range(n // 2))
])  # fmt: skip
