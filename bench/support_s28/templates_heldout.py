"""Held-out templates: written once with the dev ones, scored, never read or printed
while rules are fixed (only their figures are looked at).

Slots: see ``render.py``.
"""

# ruff: noqa: E501 (each template stays whole, to read and diff as text)

from __future__ import annotations

SPLIT = "heldout"

TEMPLATES: dict[str, tuple[str, ...]] = {
    "en": (
        "-----Original Message-----\nFrom: {name} [mailto:{email}]\nSent: {wd} {day} {month} {time}\nTo: Customer Care\nSubject: RE: complaint {order}\n\nI'd like a call back on {phone}, I'm home all day.",
        "12/0{day}/2025, {time} - {full}: hi is my parcel coming today\n12/0{day}/2025, {time} - Support: Hi {first}, can you confirm the address?\n12/0{day}/2025, {time} - {full}: {street}, {city}",
        "VM left for {name}. 2nd attempt. Alt contact {full_c} ({phone_c}). Acct# {acct}. Pls escalate if no answer by {wd}.",
        "Dear {tlast},\n\nWe have updated the billing details on your account to sort code and account in the name of {name}, IBAN {iban}.\n\nKind regards,{sig_b}",
        "{handle}  {time}\n@support the charge on card ending, full number {card}, is not mine!!\n{first_b}  {time}\n@{handle} sorry about that, DM me your DOB and postcode please",
        "Sent from my iPhone\n\n> On {day} {month} 2025, at {time}, {name} <{email}> wrote:\n> My {natid_word} is {natid} and I was born {dob}, please update.",
        "ticket merged | requester: {full} | phone: {phone} | ship-to: {addr_block}",
    ),
    "de": (
        "-----Ursprüngliche Nachricht-----\nVon: {name} [mailto:{email}]\nGesendet: {wd}, {day}. {month} {time}\nAn: Service\nBetreff: WG: Reklamation {order}\n\nBitte rufen Sie mich zurück: {phone}.",
        "AB besprochen bei {name}, 2. Versuch. Ersatzkontakt {full_c} (Tel {phone_c}). KdNr {acct}. Eskalation falls bis {wd} keine Antwort.",
        "Sehr geehrte(r) {tlast},\n\nwir haben Ihre Bankverbindung aktualisiert: Kontoinhaber {name}, IBAN {iban}.\n\nFreundliche Grüße{sig_b}",
        "Am {day}.{month} um {time} schrieb {name} <{email}>:\n> Meine {natid_word} lautet {natid}, geboren am {dob}. Bitte korrigieren.",
        "Ticket zusammengeführt | Anfragende(r): {full} | Tel: {phone} | Lieferadresse: {addr_block}",
        "{time} {handle}: Abbuchung mit Karte {card} war nicht ich!\n{time} {first_b}: Das tut mir leid, {first}. Bitte Geburtsdatum und PLZ per DM.",
    ),
    "fr": (
        "De : {name} [mailto:{email}]\nEnvoyé : {wd} {day} {month} {time}\nÀ : Service clients\nObjet : TR: réclamation {order}\n\nMerci de me rappeler au {phone}.",
        "Messagerie pour {name}, 2e tentative. Contact bis {full_c} ({phone_c}). N° client {acct}. Escalader si pas de retour d'ici {wd}.",
        "Madame, Monsieur {tlast},\n\nnous avons mis à jour vos coordonnées bancaires : titulaire {name}, IBAN {iban}.\n\nBien cordialement,{sig_b}",
        "Envoyé de mon iPhone\n\n> Le {day} {month} à {time}, {name} <{email}> a écrit :\n> Mon {natid_word} est {natid}, née le {dob}.",
        "ticket fusionné | demandeur : {full} | tél : {phone} | livraison : {addr_block}",
    ),
    "es": (
        "De: {name} [mailto:{email}]\nEnviado el: {wd}, {day} de {month} {time}\nPara: Atención al cliente\nAsunto: RV: reclamación {order}\n\nPor favor llámenme al {phone}.",
        "Buzón de voz para {name}, 2º intento. Contacto alternativo {full_c} ({phone_c}). Nº cliente {acct}.",
        "Estimado/a {tlast}:\n\nhemos actualizado sus datos bancarios: titular {name}, IBAN {iban}.\n\nUn saludo,{sig_b}",
        "{day}/{day}/25 {time} - {full}: hola, ¿llega hoy el paquete?\n{day}/{day}/25 {time} - Soporte: Hola {first}, ¿nos confirma la dirección?\n{day}/{day}/25 {time} - {full}: {street}, {zip} {city}",
        "Enviado desde mi móvil\n\n> El {day} de {month}, a las {time}, {name} <{email}> escribió:\n> Mi {natid_word} es {natid} y nací el {dob}.",
    ),
    "it": (
        "Da: {name} [mailto:{email}]\nInviato: {wd} {day} {month} {time}\nA: Assistenza clienti\nOggetto: I: reclamo {order}\n\nRichiamatemi al {phone}, grazie.",
        "Segreteria per {name}, 2° tentativo. Contatto alternativo {full_c} ({phone_c}). Cod. cliente {acct}.",
        "Gentile {tlast},\n\nabbiamo aggiornato i dati bancari: intestatario {name}, IBAN {iban}.\n\nCordiali saluti,{sig_b}",
        "{time} {handle}: l'addebito sulla carta {card} non è mio!\n{time} {first_b}: Mi dispiace {first}, mi scriva data di nascita e CAP in privato.",
        "Inviato da iPhone\n\n> Il giorno {day} {month}, alle ore {time}, {name} <{email}> ha scritto:\n> Il mio {natid_word} è {natid}, nato il {dob}.",
    ),
    "nl": (
        "Van: {name} [mailto:{email}]\nVerzonden: {wd} {day} {month} {time}\nAan: Klantenservice\nOnderwerp: FW: klacht {order}\n\nGraag terugbellen op {phone}.",
        "Voicemail ingesproken voor {name}, 2e poging. Alt. contact {full_c} ({phone_c}). Klantnr {acct}.",
        "Beste {tlast},\n\nwe hebben uw bankgegevens bijgewerkt: rekeninghouder {name}, IBAN {iban}.\n\nMet vriendelijke groet,{sig_b}",
        "{day}-{day}-2025 {time} - {full}: komt mijn pakket vandaag?\n{day}-{day}-2025 {time} - Support: Hoi {first}, wat is het adres?\n{day}-{day}-2025 {time} - {full}: {street}, {zip} {city}",
        "Mijn {natid_word} is {natid} en ik ben geboren op {dob}, graag aanpassen. Groetjes, {name}",
    ),
    "pt": (
        "De: {name} [mailto:{email}]\nEnviada: {wd}, {day} de {month} {time}\nPara: Apoio ao cliente\nAssunto: RE: reclamação {order}\n\nLiguem-me para o {phone}, por favor.",
        "Deixei mensagem a {name}, 2.ª tentativa. Contacto alternativo {full_c} ({phone_c}). N.º cliente {acct}.",
        "Caro(a) {tlast},\n\natualizámos os seus dados bancários: titular {name}, IBAN {iban}.\n\nCom os melhores cumprimentos,{sig_b}",
        "{time} {handle}: a cobrança no cartão {card} não fui eu!\n{time} {first_b}: Lamento {first}, envie a data de nascimento e o código postal por mensagem privada.",
    ),
    "pl": (
        "Od: {name} <{email}>\nWysłano: {wd} {day} {month} {time}\nTemat: reklamacja {order}\n\nProszę o kontakt pod numerem {phone}.",
        "Klient {name} prosi o zmianę adresu na {addr}. Data urodzenia {dob}.",
    ),
    "sv": (
        "Från: {name} <{email}>\nSkickat: {wd} {day} {month} {time}\nÄmne: reklamation {order}\n\nRing mig på {phone}.",
        "Kund {name} vill byta adress till {addr}. Född {dob}.",
    ),
    "da": (
        "Fra: {name} <{email}>\nSendt: {wd} {day}. {month} {time}\nEmne: reklamation {order}\n\nRing venligst på {phone}.",
        "Kunde {name} vil ændre adresse til {addr}. Født {dob}.",
    ),
}
