"""HELD-OUT TEMPLATES — DO NOT READ WHEN WRITING DETECTION RULES.

These sentences, date forms and e-mail disguises are kept out of sight of anyone who
works on detection, so that the held-out figures of ``python -m bench.eval_corpus`` say
how detection does on text nobody tuned it on. Reading this file to make a rule pass
spoils the measure; add dev templates to ``phrases.py`` instead.
"""

# ruff: noqa: E501 (each template stays whole on its line, to read and diff as text)

from __future__ import annotations

SPLIT = "heldout"
OBF_FORMS = ("parens", "caps", "spaced")
DOB_FORMS = {
    "en": ("ordinal_of", "month_d_y", "dmy_short"),
    "fr": ("dmy_dot", "dmy_short"),
    "de": ("dmy_dot_short", "iso"),
    "es": ("dmy_dash", "dmy_short"),
    "it": ("dmy_dash", "dmy_dot"),
    "pt": ("iso", "dmy_dot_short"),
    "nl": ("dmy_slash", "dmy_short"),
    "sv": ("dmy_slash", "dmy_dot"),
}
POOLS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "customer": (
            "My accountant ({rel_email}) needs the invoices, not me.",
            "d.o.b. {dob} if you need it for the form.",
            "Our neighbour {rel}, who lives at {rel_address}, got my parcel by mistake.",
            "Ref for my membership: {acct}. National Insurance {natid}.",
            "Any reply to {email_obf} please, I can't log in ({ua}).",
            "I'll be away until after {holiday}, ring my husband {rel_first} on {rel_phone}.",
        ),
        "note": (
            "Visited {full} in {city} with a demo of the {product}; born {dob}.",
            "Left a voicemail; her brother {rel} at {rel_address} co-signs the lease.",
        ),
        "agent": (
            "Apologies for the delay over {holiday}: your {product} ships on {day} {month}.",
        ),
        "quote": ("-----Original Message----- From: {full} Sent: {day} {month}",),
    },
    "fr": {
        "customer": (
            "Les factures vont à ma comptable, {rel_email}, pas à moi.",
            "Date de naissance : {dob}, si besoin pour le dossier.",
            "Le colis a été livré chez {rel}, {rel_address}, par erreur.",
            "Référence de mon abonnement : {acct}. Mon NIR : {natid}.",
            "Répondez-moi sur {email_obf}, je ne peux plus me connecter.",
            "Je pars jusqu'après {holiday}, appelez mon fils {rel_first} au {rel_phone}.",
        ),
        "note": (
            "Rendez-vous avec {full} à {city} pour la {product} ; né(e) le {dob}.",
            "Message laissé ; sa fille {rel} ({rel_address}) est caution du contrat.",
        ),
        "agent": ("Désolés pour le retard de {holiday} : votre {product} part le {day} {month}.",),
        "quote": ("-----Message d'origine----- De : {full} Envoyé : {day} {month}",),
    },
    "de": {
        "customer": (
            "Die Rechnungen bitte an meinen Steuerberater: {rel_email}.",
            "Geb.-Datum: {dob}, falls Sie es für das Formular brauchen.",
            "Unser Nachbar {rel}, wohnhaft {rel_address}, hat mein Paket bekommen.",
            "Mitgliedsnummer {acct}, Steuer-IdNr. {natid}.",
            "Antwort bitte an {email_obf}, ich komme nicht ins Konto ({ua}).",
            "Bis nach {holiday} bin ich weg, rufen Sie meinen Mann {rel_first} unter {rel_phone} an.",
        ),
        "note": (
            "Termin bei {full} in {city}, Vorführung {product}; geboren {dob}.",
            "Mailbox; ihr Bruder {rel}, {rel_address}, bürgt für den Vertrag.",
        ),
        "agent": (
            "Entschuldigung für die Verzögerung über {holiday}: Ihre {product} geht am {day}. {month} raus.",
        ),
        "quote": ("-----Ursprüngliche Nachricht----- Von: {full} Gesendet: {day}. {month}",),
    },
    "es": {
        "customer": (
            "Las facturas, a mi gestor: {rel_email}.",
            "F. nac. {dob}, por si lo necesitan para el formulario.",
            "El paquete lo recibió mi vecino {rel}, que vive en {rel_address}.",
            "Referencia de socio: {acct}. Documento {natid}.",
            "Contéstenme a {email_obf}, no puedo entrar en mi cuenta.",
            "Estaré fuera hasta después de {holiday}, llamen a mi hijo {rel_first} al {rel_phone}.",
        ),
        "note": (
            "Visita a {full} en {city} con demo de la {product}; nacido el {dob}.",
            "Buzón de voz; su hermana {rel} ({rel_address}) avala el contrato.",
        ),
        "agent": ("Perdone el retraso por {holiday}: su {product} sale el {day} de {month}.",),
        "quote": ("-----Mensaje original----- De: {full} Enviado: {day} de {month}",),
    },
    "it": {
        "customer": (
            "Le fatture vanno al mio commercialista: {rel_email}.",
            "Nata il {dob}, se serve per il modulo.",
            "Il pacco l'ha ricevuto il vicino {rel}, che abita in {rel_address}.",
            "Codice socio {acct}, C.F. {natid}.",
            "Rispondetemi a {email_obf}, non riesco ad accedere ({ua}).",
            "Sono via fino a dopo {holiday}, chiamate mio marito {rel_first} al {rel_phone}.",
        ),
        "note": (
            "Incontro con {full} a {city} per la {product}; nato il {dob}.",
            "Segreteria; il fratello {rel} ({rel_address}) fa da garante.",
        ),
        "agent": (
            "Ci scusi per il ritardo di {holiday}: la sua {product} parte il {day} {month}.",
        ),
        "quote": ("-----Messaggio originale----- Da: {full} Inviato: {day} {month}",),
    },
    "pt": {
        "customer": (
            "As faturas são para o meu contabilista: {rel_email}.",
            "Data nasc.: {dob}, caso precisem para o formulário.",
            "A encomenda foi entregue ao vizinho {rel}, que mora na {rel_address}.",
            "Número de sócio {acct}, contribuinte {natid}.",
            "Respondam para {email_obf}, não consigo entrar na conta.",
            "Estou fora até depois do {holiday}, liguem ao meu filho {rel_first} para o {rel_phone}.",
        ),
        "note": (
            "Reunião com {full} em {city} sobre a {product}; nascido a {dob}.",
            "Caixa de correio; a irmã {rel} ({rel_address}) é fiadora.",
        ),
        "agent": (
            "Pedimos desculpa pelo atraso do {holiday}: a sua {product} segue a {day} de {month}.",
        ),
        "quote": ("-----Mensagem original----- De: {full} Enviada: {day} de {month}",),
    },
    "nl": {
        "customer": (
            "De facturen graag naar mijn boekhouder: {rel_email}.",
            "Geboortedatum: {dob}, mocht u dat nodig hebben voor het formulier.",
            "Het pakket is per ongeluk bezorgd bij {rel}, {rel_address}.",
            "Lidnummer {acct}, burgerservicenummer {natid}.",
            "Antwoord graag naar {email_obf}, ik kan niet inloggen ({ua}).",
            "Ik ben weg tot na {holiday}, bel mijn zoon {rel_first} op {rel_phone}.",
        ),
        "note": (
            "Afspraak met {full} in {city} over de {product}; geboren {dob}.",
            "Voicemail; haar broer {rel} ({rel_address}) staat borg.",
        ),
        "agent": (
            "Excuses voor de vertraging rond {holiday}: uw {product} gaat op {day} {month} de deur uit.",
        ),
        "quote": ("-----Oorspronkelijk bericht----- Van: {full} Verzonden: {day} {month}",),
    },
    "sv": {
        "customer": (
            "Fakturorna ska till min revisor: {rel_email}.",
            "Födelsedatum: {dob}, om ni behöver det till blanketten.",
            "Paketet lämnades av misstag hos {rel}, {rel_address}.",
            "Medlemsnummer {acct}, personnr {natid}.",
            "Svara till {email_obf}, jag kommer inte in på kontot ({ua}).",
            "Jag är borta till efter {holiday}, ring min son {rel_first} på {rel_phone}.",
        ),
        "note": (
            "Möte med {full} i {city} om {product}; född {dob}.",
            "Röstbrevlåda; hennes bror {rel} ({rel_address}) går i borgen.",
        ),
        "agent": ("Ursäkta förseningen kring {holiday}: din {product} skickas den {day} {month}.",),
        "quote": ("-----Ursprungligt meddelande----- Från: {full} Skickat: {day} {month}",),
    },
}
