"""Probe: an HR bundle in eight locales of several scripts.

employees.tsv (Cyrillic, Greek, Chinese, Korean, Turkish, Czech, Hungarian, Ukrainian
names, passports, IBANs, notes in each language) and timesheets.parquet (English comments
of Faker's word salad). Session 33: rejected for "South" spread into every "south", then
certified with a two-character Chinese name left in a note; now certified clean.

    python -m bench.probes.hr_locales 40000 /tmp/hr && safeset run /tmp/hr
"""

import random

import polars as pl

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
locs = ["ru_RU", "zh_CN", "ko_KR", "el_GR", "tr_TR", "cs_CZ", "hu_HU", "uk_UA"]
fk = seeded(locs, 6000)
en = seeded(["en_US"], 66)["en_US"]
rnd = random.Random(12)
notes = {
    "ru_RU": [
        "Перевод в отдел продаж, руководитель {mgr}",
        "Телефон для связи: {phone}",
        "",
        "Отпуск согласован",
        "Пропуск выдан {name}",
    ],
    "zh_CN": [
        "调岗至销售部，主管{mgr}",
        "联系电话：{phone}",
        "",
        "年假已批准",
        "门禁卡已交给{name}",
    ],
    "ko_KR": [
        "영업팀으로 이동, 담당자 {mgr}",
        "연락처: {phone}",
        "",
        "휴가 승인됨",
        "출입증은 {name}에게 전달",
    ],
    "el_GR": [
        "Μετάθεση στις πωλήσεις, υπεύθυνος {mgr}",
        "Τηλέφωνο επικοινωνίας: {phone}",
        "",
        "Άδεια εγκρίθηκε",
        "Η κάρτα δόθηκε στον/στην {name}",
    ],
    "tr_TR": [
        "Satış birimine transfer, yönetici {mgr}",
        "İletişim telefonu: {phone}",
        "",
        "İzin onaylandı",
        "Kart {name} kişisine teslim edildi",
    ],
    "cs_CZ": [
        "Převod na obchodní oddělení, vedoucí {mgr}",
        "Kontaktní telefon: {phone}",
        "",
        "Dovolená schválena",
        "Karta předána {name}",
    ],
    "hu_HU": [
        "Áthelyezés az értékesítésre, vezető: {mgr}",
        "Telefon: {phone}",
        "",
        "Szabadság jóváhagyva",
        "A kártyát {name} vette át",
    ],
    "uk_UA": [
        "Переведення до відділу продажів, керівник {mgr}",
        "Телефон: {phone}",
        "",
        "Відпустку погоджено",
        "Перепустку видано {name}",
    ],
}
depts = ["Finance", "Sales", "R&D", "Logistics", "HR", "Support"]
emp, ts = [], []
names = []
for i in range(n):
    loc = locs[i % len(locs)]
    g = fk[loc]
    name = g.name()
    names.append(name)
    phone = g.phone_number()
    mgr = names[rnd.randrange(len(names))] if i else name
    dob = g.date_of_birth(minimum_age=20, maximum_age=65)
    emp.append(
        {
            "emp_no": 10000 + i,
            "full_name": name,
            "work_email": en.user_name() + "@corp.example",
            "mobile": phone,
            "birth_date": dob.strftime("%d.%m.%Y"),
            "passport": g.passport_number()
            if hasattr(g, "passport_number")
            else en.bothify("??#######"),
            "iban": g.iban(),
            "department": rnd.choice(depts),
            "grade": rnd.choice(["G1", "G2", "G3", "M1"]),
            "salary": rnd.randint(20000, 120000),
            "hired": en.date_between("-15y").isoformat(),
            "hr_note": rnd.choice(notes[loc]).format(mgr=mgr, phone=phone, name=g.name()),
            "city": g.city(),
            "lang": loc[:2],
        }
    )
    for _ in range(rnd.randint(0, 3)):
        ts.append(
            {
                "emp_no": 10000 + i,
                "week": f"2026-W{rnd.randint(1, 52):02d}",
                "project": f"PRJ-{rnd.randint(100, 999)}",
                "hours": round(rnd.uniform(5, 45), 1),
                "approved_by": mgr if rnd.random() < 0.7 else "",
                "comment": rnd.choice(["", "overtime", "on call", en.sentence(nb_words=6)]),
            }
        )
pl.DataFrame(emp).write_csv(out / "employees.tsv", separator="\t")
pl.DataFrame(ts).write_parquet(out / "timesheets.parquet")
print(len(emp), len(ts))
