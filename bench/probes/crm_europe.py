"""Probe: a CRM's customer lists as Excel writes them in four European countries.

kunden.csv (German), clients.csv (French), clientes.csv (Spanish), klanten.csv (Dutch):
semicolon-separated, a byte-order mark, CRLF line ends, decimal commas, headers in the
country's language ("Kundennummer", "N° client", "Nº cliente", "Klantnummer"; "PLZ",
"Code postal"...), and a remarks column named in that language ("Bemerkung",
"Remarque", "Observaciones", "Opmerking") holding short notes: a contact person by
name, a private phone with whose line it is between the word and the number ("Tel.
privat 0171 2345678", "tél. perso", "teléfono fijo", "tel. thuis"), and the notes every
CRM repeats ("Rückruf erwünscht").

    python -m bench.probes.crm_europe 3000 /tmp/crm && safeset run /tmp/crm
"""

import random

from bench.probes import rows_and_folder, seeded

n, out = rows_and_folder()
COUNTRIES = {
    "de_DE": ("kunden.csv", ["Kundennummer", "Anrede", "Vorname", "Nachname", "Straße", "PLZ",
                             "Ort", "Telefon", "E-Mail", "Geburtsdatum", "Umsatz 2024",
                             "Bemerkung"],
              ("Herr", "Frau"), "Ansprechpartner:", "Tel. privat",
              ["Rückruf erwünscht", "Zahlung per Lastschrift", "Kein Newsletter"]),
    "fr_FR": ("clients.csv", ["N° client", "Civilité", "Prénom", "Nom", "Adresse",
                              "Code postal", "Ville", "Téléphone", "Courriel",
                              "Date de naissance", "CA 2024", "Remarque"],
              ("M.", "Mme"), "Interlocuteur :", "tél. perso",
              ["Rappel souhaité", "Paiement par prélèvement", "Pas de newsletter"]),
    "es_ES": ("clientes.csv", ["Nº cliente", "Tratamiento", "Nombre", "Apellidos", "Dirección",
                               "Código postal", "Ciudad", "Teléfono", "Correo electrónico",
                               "Fecha de nacimiento", "Ventas 2024", "Observaciones"],
              ("Sr.", "Sra."), "Persona de contacto:", "teléfono fijo",
              ["Desea que le llamen", "Pago por domiciliación", "Sin boletín"]),
    "nl_NL": ("klanten.csv", ["Klantnummer", "Aanhef", "Voornaam", "Achternaam", "Adres",
                              "Postcode", "Plaats", "Telefoon", "E-mail", "Geboortedatum",
                              "Omzet 2024", "Opmerking"],
              ("Dhr.", "Mevr."), "Contactpersoon:", "tel. thuis",
              ["Terugbellen gewenst", "Betaling via incasso", "Geen nieuwsbrief"]),
}  # fmt: skip
fk = seeded(list(COUNTRIES), 9100)
rnd = random.Random(91)

for loc, (name, header, salutations, contact_word, phone_word, plain) in COUNTRIES.items():
    g = fk[loc]
    lines = [";".join(header)]
    for i in range(n):
        note = rnd.choice([*plain, "", f"{contact_word} {g.name()}",
                           f"{phone_word} {g.phone_number()}"])  # fmt: skip
        lines.append(";".join([
            f"{loc[:2].upper()}-{100000 + i}", rnd.choice(salutations), g.first_name(),
            g.last_name(), g.street_address(), g.postcode(), g.city(), g.phone_number(),
            g.email(), g.date_of_birth().strftime("%d.%m.%Y" if loc != "fr_FR" else "%d/%m/%Y"),
            f"{rnd.randint(100, 99999)},{rnd.randint(0, 99):02d}", note,
        ]))  # fmt: skip
    (out / name).write_text("\n".join(lines) + "\n", encoding="utf-8-sig", newline="\r\n")
