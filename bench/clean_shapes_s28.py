"""Fifteen more clean export shapes for ``bench/clean_exports.py`` (session 28), each of
another domain, format and language than the first eighteen and than each other: library
loans (``|`` CSV), clinical-trial sites (tab CSV), league fixtures (a JSON array of nested
objects), French property listings (quoted multi-line cells), an Italian recipe catalogue
(JSON Lines with lists), a Dutch museum collection (typed Parquet), an airline schedule
(ALL-CAPS headers, airports named after people), a SaaS audit log whose actors are roles,
a Polish school timetable, a Spanish insurance catalogue (semicolons, decimal commas), a
Swedish sensor log (Parquet), a translation memory, Portuguese job postings (JSON array),
German incident postmortems and a Swedish restaurant menu (dishes named after people).

Clean as the first eighteen: personal values only in columns an export names for them
(borrower, investigator, referee, agent, teacher, recruiter, translator, author, ...),
the rest the company's own vocabulary: place, brand, dish, team, hospital and airport
names, capitalised technical words, codes that look like ids.

Held out, by a rule fixed before any run: shapes at an even index of ``SHAPES`` are the
dev half (``--only s28-dev``), odd ones the held-out half (``--only s28-held``), whose
findings are read once, at the end. Written to measure only: no rule is shaped on them.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from faker import Faker

Tables = dict[str, list[dict]]

BOOKS = ("Der Zauberberg", "Cien años de soledad", "Le Petit Prince", "Il nome della rosa",
         "Pippi Långstrump", "Max Havelaar", "The Remains of the Day", "Madame Bovary",
         "Anna Karenina", "Don Quijote de la Mancha", "Effi Briest", "Oliver Twist")  # fmt: skip
HOSPITALS = ("Hôpital Saint-Louis", "Universitätsklinikum Heidelberg", "Hospital Clínic de "
             "Barcelona", "Karolinska Universitetssjukhuset", "Ospedale San Raffaele",
             "Charité Campus Mitte", "St Thomas' Hospital", "Centre Hospitalier Lyon Sud",
             "Hospital Universitario La Paz", "Rigshospitalet", "Leids Universitair Medisch "
             "Centrum", "Szpital Kliniczny im. Heliodora Święcickiego")  # fmt: skip
TEAMS = ("FC Bayern München", "Real Sociedad", "Athletic Club", "Werder Bremen", "Ajax",
         "Olympique Lyonnais", "Sporting CP", "AS Roma", "Borussia Dortmund", "Celtic FC",
         "Atlético de Madrid", "PSV Eindhoven", "Hertha BSC", "Stade Rennais")  # fmt: skip
VENUES = ("Allianz Arena", "Estadio Santiago Bernabéu", "Johan Cruijff ArenA", "Stadio "
          "Olimpico", "Estádio José Alvalade", "Signal Iduna Park", "Parc Olympique "
          "Lyonnais", "Philips Stadion")  # fmt: skip
AIRPORTS = {"FRA": "Frankfurt am Main", "BCN": "Barcelona El Prat Josep Tarradellas",
            "LIS": "Lisboa Humberto Delgado", "CDG": "Paris Charles de Gaulle",
            "FCO": "Roma Fiumicino Leonardo da Vinci", "WAW": "Warszawa Chopin",
            "MXP": "Milano Malpensa", "AMS": "Amsterdam Schiphol", "ARN": "Stockholm Arlanda",
            "DUB": "Dublin", "VCE": "Venezia Marco Polo", "GDN": "Gdańsk Lech Wałęsa"}  # fmt: skip
DISHES_IT = ("Spaghetti alla Carbonara", "Pizza Margherita", "Fettuccine Alfredo",
             "Carpaccio di manzo", "Pollo alla Marengo", "Tiramisù", "Pesche Melba",
             "Risotto alla milanese", "Saltimbocca alla romana", "Vitello tonnato",
             "Pasta alla Norma", "Bellini")  # fmt: skip
MENU_SV = ("Toast Skagen", "Janssons frestelse", "Biff Rydberg", "Pytt i panna",
           "Wallenbergare", "Kalops", "Raggmunk med fläsk", "Prinsesstårta",
           "Räksmörgås", "Kanelbulle", "Oscarsgratäng", "Kroppkakor")  # fmt: skip


UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _ts(r: random.Random, start: datetime = datetime(2024, 1, 1)) -> datetime:
    return start + timedelta(minutes=r.randrange(0, 500_000))


def library(f: Faker, r: random.Random, n: int) -> Tables:
    """A public library's loans by card number, and its borrowers (named columns)."""
    cards = [f"2{r.randrange(10**12):012d}" for _ in range(max(8, n // 3))]
    borrowers = [
        {"card_number": c, "borrower_name": f.name(), "borrower_email": f.email(),
         "branch": r.choice(["Central", "Northside", "Harbour", "Mobile Library"]),
         "expires": f.date_between("+30d", "+3y").isoformat()}
        for c in cards
    ]  # fmt: skip
    loans = []
    for i in range(n * 2):
        out = _ts(r)
        loans.append(
            {"loan_id": str(880000 + i), "card_number": r.choice(cards),
             "item_barcode": f"3{r.randrange(10**13):013d}", "title": r.choice(BOOKS),
             "call_number": f"{r.randrange(100, 999)}.{r.randrange(10, 99)} "
             f"{r.choice('ABCDEFGHKLMPRSTW')}{r.randrange(10, 99)}",
             "checked_out": out.isoformat(" ", "minutes"),
             "due": (out + timedelta(days=21)).date().isoformat(),
             "renewals": str(r.randrange(0, 3)), "fine_due": f"{r.choice([0, 0, 0.5, 1.2]):.2f}"}
        )  # fmt: skip
    return {"borrowers": borrowers, "loans": loans}


def trial_sites(f: Faker, r: random.Random, n: int) -> Tables:
    """A clinical trial's site list: hospitals and towns, protocol codes, enrolment."""
    rows = []
    for i in range(max(12, n // 5)):
        rows.append(
            {"site_no": f"{r.randrange(1, 40):02d}{i:03d}", "hospital": r.choice(HOSPITALS),
             "town": f.city(), "country": f.current_country_code(),
             "protocol": f"NCT0{r.randrange(10**7):07d}",
             "eudract": f"20{r.randrange(18, 24)}-00{r.randrange(1000, 9999)}-"
             f"{r.randrange(10, 99)}", "principal_investigator": f"Dr. {f.name()}",
             "site_contact_email": f.email(), "status": r.choice(["Recruiting", "Active, not "
             "recruiting", "Completed", "Suspended"]), "enrolled": str(r.randrange(0, 80)),
             "target": str(r.randrange(20, 120)), "ethics_approval": f.date_between("-4y",
             "-1y").isoformat(), "arm": r.choice(["Placebo", "Arm A 10 mg", "Arm B 20 mg"])}
        )  # fmt: skip
    return {"sites": rows}


def fixtures(f: Faker, r: random.Random, n: int) -> Tables:
    """A league's fixtures as one JSON array of nested objects; referees are named."""
    refs = [f.name() for _ in range(6)]
    rows = []
    for i in range(n):
        home, away = r.sample(TEAMS, 2)
        rows.append(
            {"match_id": f"M{2024}{i:04d}", "competition": r.choice(["League", "Cup"]),
             "round": r.randrange(1, 35), "kickoff": _ts(r).isoformat() + "+01:00",
             "venue": {"name": r.choice(VENUES), "capacity": r.randrange(15000, 81000)},
             "home": {"team": home, "goals": r.randrange(0, 5)},
             "away": {"team": away, "goals": r.randrange(0, 5)},
             "officials": {"referee": r.choice(refs), "var": r.choice(refs)},
             "attendance": r.randrange(8000, 80000), "broadcast": r.sample(
                 ["DAZN", "Sky Sport", "Movistar+", "Canal+", "Viaplay"], 2)}
        )  # fmt: skip
    return {"fixtures": rows}


def listings_fr(f: Faker, r: random.Random, n: int) -> Tables:
    """French property listings: multi-line quoted descriptions, the agent named."""
    quartiers = ("quartier Saint-Michel", "près de la gare Saint-Charles", "secteur "
                 "Sainte-Anne", "proche du parc de la Tête d'Or", "centre historique",
                 "à deux pas du marché Victor Hugo")  # fmt: skip
    rows = []
    for _ in range(n):
        pieces, surface = r.randrange(1, 7), r.randrange(18, 220)
        desc = (
            f"Bel appartement de {pieces} pièces, {surface} m², {r.choice(quartiers)}.\n"
            f"Cuisine équipée, double vitrage, DPE classe {r.choice('ABCDE')}.\n"
            f"{r.choice(['Cave et parking inclus.', 'Sans ascenseur.', 'Vue dégagée.'])}"
        )
        rows.append(
            {"Référence": f"AP-{r.randrange(10**5):05d}", "Type de bien": r.choice(
                ["Appartement", "Maison", "Studio", "Loft"]), "Ville": f.city(),
             "Code postal": f.postcode(), "Surface (m²)": str(surface), "Pièces": str(pieces),
             "Prix (€)": str(r.randrange(60, 1500) * 1000), "Description": desc,
             "Nom de l'agent": f.name(), "E-mail agent": f.email(),
             "Publiée le": f.date_between("-1y", "today").strftime("%d/%m/%Y")}
        )  # fmt: skip
    return {"annonces": rows}


def recipes_it(f: Faker, r: random.Random, n: int) -> Tables:
    """An Italian recipe catalogue as JSON Lines: dishes named after people and places,
    ingredient lists, no personal data at all."""
    ingredienti = ("farina 00", "uova", "guanciale", "pecorino romano", "pomodori San "
                   "Marzano", "mozzarella di bufala", "basilico", "parmigiano reggiano",
                   "burro", "zafferano", "mascarpone", "savoiardi", "melanzane")  # fmt: skip
    rows = []
    for i in range(n):
        piatto = r.choice(DISHES_IT)
        how = r.choice(["cottura lenta", "servire subito", "ottima il giorno dopo"])
        wine = r.choice(["Chianti Classico", "Barolo", "Prosecco di Valdobbiadene"])
        rows.append(
            {"id_ricetta": f"RIC-{i + 1:04d}", "titolo": piatto,
             "categoria": r.choice(["Primi", "Secondi", "Dolci", "Antipasti"]),
             "ingredienti": r.sample(ingredienti, 4), "tempo_minuti": r.randrange(10, 180),
             "difficoltà": r.choice(["facile", "media", "difficile"]),
             "descrizione": f"{piatto}: ricetta tradizionale, {how}. Abbinare a un {wine}.",
             "regione": r.choice(["Lazio", "Piemonte", "Sicilia", "Lombardia", "Veneto"])}
        )  # fmt: skip
    return {"ricette": rows}


def museum_nl(f: Faker, r: random.Random, n: int) -> Tables:
    """A Dutch museum collection as typed Parquet: object numbers, makers (named),
    titles, provenance in Dutch that names places and the museum's own rooms."""
    titels = ("Gezicht op Delft", "Het melkmeisje", "De Nachtwacht (kopie)", "Stilleven met "
              "bloemen", "Rivierlandschap bij Dordrecht", "Portret van een jonge vrouw",
              "Winterlandschap met schaatsers", "Het Joodse bruidje (studie)")  # fmt: skip
    rows = []
    for _ in range(n):
        rows.append(
            {"objectnummer": f"SK-{r.choice('ACR')}-{r.randrange(1, 5000)}",
             "titel": r.choice(titels), "vervaardiger": f.name(),
             "datering": r.randrange(1550, 1900), "materiaal": r.choice(
                 ["olieverf op doek", "olieverf op paneel", "ets", "pen in bruin"]),
             "hoogte_cm": round(r.uniform(10, 300), 1), "breedte_cm": round(r.uniform(10, 400), 1),
             "herkomst": r.choice(["Aangekocht op veiling in Amsterdam, 1923.", "Schenking "
                "Vereniging Rembrandt, 1951.", "Bruikleen van de gemeente Haarlem.",
                "Overgedragen door het Rijksmuseum Twenthe."]),
             "zaal": f"Zaal {r.randrange(1, 40)}", "tentoongesteld": r.random() < 0.4}
        )  # fmt: skip
    return {"collectie": rows}


def flights(f: Faker, r: random.Random, n: int) -> Tables:
    """An airline's schedule with ALL-CAPS headers: flight numbers, tail numbers,
    airports named after people, gates; no personal data."""
    rows = []
    for _ in range(n * 2):
        o, d = r.sample(list(AIRPORTS), 2)
        dep = _ts(r)
        rows.append(
            {"FLIGHT_NO": f"{r.choice(['LH', 'IB', 'TP', 'AZ', 'LO', 'KL'])} "
             f"{r.randrange(100, 9999)}", "ORIGIN": o, "ORIGIN_AIRPORT": AIRPORTS[o],
             "DEST": d, "DEST_AIRPORT": AIRPORTS[d], "STD": dep.strftime("%Y-%m-%dT%H:%MZ"),
             "STA": (dep + timedelta(minutes=r.randrange(55, 240))).strftime("%Y-%m-%dT%H:%MZ"),
             "AIRCRAFT": r.choice(["A320neo", "A321", "B737-800", "E195-E2", "A220-300"]),
             "TAIL": r.choice(["D-A", "EC-", "CS-T", "SP-L"]) + "".join(r.choices(UPPER, k=3)),
             "GATE": f"{r.choice('ABCDEZ')}{r.randrange(1, 60)}", "STATUS": r.choice(
                 ["SCHEDULED", "DELAYED", "CANCELLED", "DEPARTED"]),
             "PAX_BOOKED": str(r.randrange(40, 220)), "CODESHARE": r.choice(["", "UA", "SK"])}
        )  # fmt: skip
    return {"SCHEDULE": rows}


def audit_log(f: Faker, r: random.Random, n: int) -> Tables:
    """A SaaS audit log as JSON Lines: actors that are roles and service accounts, a
    person's e-mail only in the field named for it, internal IPs, nested details."""
    actors = ("admin", "svc-backup", "root", "ci-bot", "sso-sync", "terraform", "support")
    actions = ("user.role.update", "project.delete", "api_key.rotate", "sso.config.change",
               "export.download", "billing.plan.change", "webhook.create")  # fmt: skip
    people = [f.email() for _ in range(8)]
    rows = []
    for _ in range(n * 2):
        actor = r.choice(actors)
        rows.append(
            {"id": f"evt_{r.getrandbits(64):016x}", "ts": _ts(r).isoformat() + "Z",
             "actor": actor, "actor_type": "service" if actor.startswith(("svc", "ci", "sso",
             "terra")) else "role", "action": r.choice(actions),
             "resource": r.choice(["project/", "workspace/", "key/"])
             + r.choice(["atlas-prod", "billing-eu", "sandbox-7"]),
             "source_ip": f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}",
             "outcome": r.choice(["success", "denied"]), "subject_email": r.choice([*people, ""]),
             "details": {"region": r.choice(["eu-central-1", "eu-west-3"]),
                         "mfa": r.choice([True, False]),
                         "via": r.choice(["console", "api", "cli"])}}
        )  # fmt: skip
    return {"audit": rows}


def timetable_pl(f: Faker, r: random.Random, n: int) -> Tables:
    """A Polish school timetable as tab-separated values: classes, rooms, subjects,
    the teacher named in a column named for them."""
    teachers = [f.name() for _ in range(10)]
    przedmioty = ("Matematyka", "Język polski", "Język angielski", "Fizyka", "Chemia",
                  "Historia", "Wychowanie fizyczne", "Informatyka", "Biologia")  # fmt: skip
    dni = ("poniedziałek", "wtorek", "środa", "czwartek", "piątek")
    rows = []
    for _ in range(n * 2):
        rows.append(
            {"klasa": f"{r.randrange(1, 9)}{r.choice('ABCD')}", "dzień": r.choice(dni),
             "lekcja": str(r.randrange(1, 9)),
             "godzina": f"{r.randrange(8, 15)}:{r.choice(['00', '55'])}",
             "przedmiot": r.choice(przedmioty), "sala": f"{r.choice(['A', 'B', 'Sala gim.'])}"
             f"-{r.randrange(1, 3)}{r.randrange(0, 30):02d}", "nauczyciel": r.choice(teachers),
             "grupa": r.choice(["cała klasa", "gr. 1", "gr. 2"]), "uwagi": r.choice(
                 ["", "zastępstwo", "zajęcia w auli", "wycieczka do Krakowa"])}
        )  # fmt: skip
    return {"plan_lekcji": rows}


def insurance_es(f: Faker, r: random.Random, n: int) -> Tables:
    """A Spanish insurer's product catalogue: semicolons, decimal commas, day-first
    dates, product and cover names; no personal data."""
    productos = (
        "Hogar Plus",
        "Auto Todo Riesgo",
        "Vida Tranquilidad",
        "Salud Familia",
        "Decesos Integral",
        "Mascotas Básico",
        "Viaje Europa",
        "Comercio Pyme",
    )
    rows = []
    for i in range(n):
        p = r.choice(productos)
        rows.append(
            {"Código producto": f"SEG-{p[:3].upper()}-{i:03d}", "Nombre": p,
             "Ramo": p.split()[0], "Cobertura": r.choice(
                 ["Daños por agua y robo", "Asistencia en carretera 24 h", "Responsabilidad "
                  "civil hasta 300.000 €", "Hospitalización y cirugía", "Repatriación"]),
             "Prima anual (€)": f"{r.randrange(60, 2400)},{r.randrange(100):02d}",
             "Franquicia (€)": f"{r.choice([0, 150, 300, 600])},00",
             "Vigente desde": f.date_between("-5y", "today").strftime("%d/%m/%Y"),
             "Canal": r.choice(["Oficina", "Web", "Mediador", "Banca-seguros"]),
             "Comunidad": r.choice(["Andalucía", "Cataluña", "Comunidad de Madrid", "Galicia",
                                    "País Vasco"])}
        )  # fmt: skip
    return {"productos": rows}


def sensors_sv(f: Faker, r: random.Random, n: int) -> Tables:
    """IoT readings of a Swedish facility as typed Parquet: sensor ids, gateways,
    places of the company's own buildings; no personal data."""
    platser = ("Lager 3, Göteborg", "Kylrum B, Malmö", "Serverhall Kista", "Lastkaj 2, "
               "Jönköping", "Kontor Plan 4, Uppsala")  # fmt: skip
    rows = []
    for _ in range(n * 3):
        site = r.choice(["gbg", "mmo", "sto"])
        rows.append(
            {"sensor_id": f"TMP-{r.randrange(1, 300):04d}",
             "gateway": f"gw-{site}-{r.randrange(1, 9):02d}.iot.internal",
             "plats": r.choice(platser), "tidpunkt": _ts(r), "temperatur_c": round(
                 r.uniform(-25, 30), 2), "luftfuktighet": round(r.uniform(20, 95), 1),
             "batteri_pct": r.randrange(5, 101), "firmware": f"v{r.randrange(1, 4)}."
             f"{r.randrange(0, 20)}.{r.randrange(0, 9)}", "larm": r.choice(
                 [None, "HÖG TEMP", "LÅGT BATTERI", "OFFLINE"])}
        )  # fmt: skip
    return {"matvarden": rows}


def translation_memory(f: Faker, r: random.Random, n: int) -> Tables:
    """A translation memory as tab-separated values: UI strings with placeholders in
    five languages, keys, the translator's work e-mail (named)."""
    segs = {
        "checkout.button.save": ("Save changes", "Änderungen speichern", "Enregistrer les "
                                 "modifications", "Guardar cambios", "Salva modifiche"),
        "mail.greeting": ("Hello {first_name},", "Hallo {first_name},", "Bonjour "
                          "{first_name},", "Hola {first_name}:", "Ciao {first_name},"),
        "order.shipped": ("Your order {order_id} has shipped.", "Ihre Bestellung {order_id} "
                          "wurde versandt.", "Votre commande {order_id} a été expédiée.",
                          "Tu pedido {order_id} ha sido enviado.", "Il tuo ordine "
                          "{order_id} è stato spedito."),
        "help.contact": ("Contact Customer Care via the Help Centre.", "Kontaktieren Sie den "
                         "Kundenservice über das Hilfe-Center.", "Contactez le Service "
                         "Client via le Centre d'aide.", "Contacta con Atención al Cliente "
                         "en el Centro de Ayuda.", "Contatta l'Assistenza Clienti dal "
                         "Centro Assistenza."),
        "plan.pro": ("Upgrade to Pro Max for unlimited projects.", "Upgrade auf Pro Max für "
                     "unbegrenzte Projekte.", "Passez à Pro Max pour des projets illimités.",
                     "Cámbiate a Pro Max para proyectos ilimitados.", "Passa a Pro Max per "
                     "progetti illimitati."),
    }  # fmt: skip
    langs = ("en-GB", "de-DE", "fr-FR", "es-ES", "it-IT")
    translators = [f"translator{k}@lsp.example" for k in range(4)] + [f.email() for _ in range(3)]
    rows = []
    for i in range(n):
        key = r.choice(list(segs))
        t = r.randrange(1, 5)
        rows.append(
            {"segment_id": str(i + 1), "key": key, "source_lang": langs[0],
             "target_lang": langs[t], "source": segs[key][0], "target": segs[key][t],
             "status": r.choice(["translated", "reviewed", "approved"]),
             "translator_email": r.choice(translators), "changed": _ts(r).isoformat()}
        )  # fmt: skip
    return {"memoria": rows}


def jobs_pt(f: Faker, r: random.Random, n: int) -> Tables:
    """Portuguese job postings as one JSON array: titles, tech stacks, benefits,
    the recruiter named in fields named for them."""
    titulos = (
        "Engenheiro de Dados Sénior",
        "Analista de Suporte N2",
        "Product Manager",
        "Técnico de Manutenção",
        "Designer UX/UI",
        "Gestor de Loja",
    )
    stacks = ("Python", "Apache Kafka", "Kubernetes", "AWS", "PostgreSQL", "Power BI",
              "SAP S/4HANA", "Figma", "Salesforce")  # fmt: skip
    rows = []
    for i in range(n):
        t, team = r.choice(titulos), r.choice(["Operações", "Dados", "Retalho"])
        rows.append(
            {"vaga_id": f"VG-{2024}-{i:04d}", "titulo": t, "empresa": f.company(),
             "local": {"cidade": r.choice(["Lisboa", "Porto", "Braga", "Coimbra", "Faro"]),
                       "remoto": r.choice(["híbrido", "presencial", "100% remoto"])},
             "descricao": f"Procuramos {t} para a equipa de {team}. "
             f"Experiência com {', '.join(r.sample(stacks, 2))}. Seguro de saúde e "
             f"{r.randrange(22, 26)} dias de férias.",
             "salario": {"min": r.randrange(900, 3000), "max": r.randrange(3000, 6000),
                         "moeda": "EUR"}, "recrutador": {"nome": f.name(), "email": f.email()},
             "publicada": f.date_between("-60d", "today").isoformat()}
        )  # fmt: skip
    return {"vagas": rows}


def postmortems_de(f: Faker, r: random.Random, n: int) -> Tables:
    """Incident postmortems as JSON Lines, German with English tech words: services,
    regions, on-call roles (no one named), the author's work e-mail (named)."""
    svc = ("PostgreSQL-Cluster", "Redis Sentinel", "Kafka Connect", "Keycloak", "CDN (Akamai)",
           "Zahlungs-Gateway", "Elasticsearch", "GitLab Runner")  # fmt: skip
    rows = []
    for _ in range(n):
        s, m = r.choice(svc), r.randrange(4, 180)
        text = r.choice(
            [f"Ausfall von {s} in Frankfurt (eu-central-1) für {m} Minuten. Ursache: "
             f"abgelaufenes TLS-Zertifikat. Der Incident Commander hat das Failover nach "
             f"Dublin eingeleitet.",
             f"Erhöhte Latenz im Checkout: {s} lief mit vollem Speicher. Rollback auf "
             f"Version {r.randrange(1, 9)}.{r.randrange(0, 20)} durch die Rufbereitschaft.",
             f"Nach dem Wartungsfenster am Sonntag war {s} nicht erreichbar; PagerDuty hat "
             f"nicht eskaliert. Maßnahme: Runbook aktualisieren, Alarm in Grafana prüfen.",
             f"Datenbank-Migration blockierte {s} ({m} min). Lessons learned: Migrationen "
             f"außerhalb der Spitzenzeit, Feature-Flag im LaunchDarkly vorher setzen."]
        )  # fmt: skip
        rows.append(
            {"incident": f"INC-{r.randrange(1000, 9999)}", "schweregrad": r.choice(
                ["SEV1", "SEV2", "SEV3"]), "dienst": s, "beginn": _ts(r).isoformat(),
             "dauer_min": m, "zusammenfassung": text, "autor_email": f.email(),
             "massnahmen": [{"ticket": f"OPS-{r.randrange(100, 999)}", "status": r.choice(
                 ["offen", "erledigt"])} for _ in range(r.randrange(1, 3))]}
        )  # fmt: skip
    return {"postmortems": rows}


def menu_sv(f: Faker, r: random.Random, n: int) -> Tables:
    """A Swedish restaurant chain's menu: dishes named after people, allergens,
    prices, menu texts; no personal data."""
    rows = []
    for i in range(n):
        d = r.choice(MENU_SV)
        side = r.choice(["lingon och potatismos", "rårörda lingon", "västerbottenost", "dillsås"])
        rows.append(
            {"Artikelnr": f"{r.randrange(100, 999)}-{i:03d}", "Rätt": d,
             "Kategori": r.choice(["Förrätt", "Varmrätt", "Efterrätt", "Fika"]),
             "Beskrivning": f"{d} enligt husets recept, serveras med {side}.",
             "Allergener": r.choice(["gluten, laktos", "skaldjur", "ägg", "nötter", ""]),
             "Pris (kr)": f"{r.randrange(45, 395)},00", "Restaurang": r.choice(
                 ["Stureplan", "Gamla stan", "Lilla Torg Malmö", "Avenyn Göteborg"]),
             "Vegetarisk": r.choice(["Ja", "Nej"])}
        )  # fmt: skip
    return {"meny": rows}


SHAPES = {
    "s28-library": library, "s28-trial-sites": trial_sites, "s28-fixtures": fixtures,
    "s28-listings-fr": listings_fr, "s28-recipes-it": recipes_it, "s28-museum-nl": museum_nl,
    "s28-flights": flights, "s28-audit-log": audit_log, "s28-timetable-pl": timetable_pl,
    "s28-insurance-es": insurance_es, "s28-sensors-sv": sensors_sv,
    "s28-tm": translation_memory, "s28-jobs-pt": jobs_pt,
    "s28-postmortems-de": postmortems_de, "s28-menu-sv": menu_sv,
}  # fmt: skip
#: How each is written: ``csv<sep>``, ``jsonl``, ``json`` (one array) or ``parquet``.
FORMATS = {
    "s28-library": "csv|", "s28-trial-sites": "csv\t", "s28-fixtures": "json",
    "s28-recipes-it": "jsonl", "s28-museum-nl": "parquet", "s28-audit-log": "jsonl",
    "s28-timetable-pl": "csv\t", "s28-insurance-es": "csv;", "s28-sensors-sv": "parquet",
    "s28-tm": "csv\t", "s28-jobs-pt": "json", "s28-postmortems-de": "jsonl",
}  # fmt: skip
#: The fixed split: even index of ``SHAPES`` is dev, odd is held out.
DEV = tuple(s for k, s in enumerate(SHAPES) if k % 2 == 0)
HELD_OUT = tuple(s for k, s in enumerate(SHAPES) if k % 2 == 1)


def dumps(rows: list[dict]) -> str:
    """One JSON array, one record a line, as many tools write them."""
    return "[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n]\n"
