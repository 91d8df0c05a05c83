"""Dev templates of support text nobody here wrote the rules on: e-mail threads with
signatures, quoted and forwarded headers, chat logs with handles, call-centre shorthand,
pasted web forms. Fixes are made from the misses on these only; ``templates_heldout.py``
is scored, never read.

Slots: see ``render.py`` (``{name}``, ``{first_b}``, ``{addr_block}``, ``{sig_b}`` ...).
"""

# ruff: noqa: E501 (each template stays whole, to read and diff as text)

from __future__ import annotations

SPLIT = "dev"

TEMPLATES: dict[str, tuple[str, ...]] = {
    "en": (
        "Hi {first_b},\n\nI still haven't received the refund for order {order}. My account is {acct} and the card was {card}.\n\nThanks,{sig}",
        "Thanks {first}, I've passed this to billing.\n\nOn {wd} {day} {month}, {full} <{email}> wrote:\n> Can you change the delivery address to {addr}? I moved last week.",
        "---------- Forwarded message ---------\nFrom: {full} <{email}>\nDate: {wd}, {day} {month} at {time}\nSubject: Re: order {order}\nTo: support\n\nPlease see below, the customer's mobile is {phone}.",
        "[{time}] {handle}: hi, my login stopped working\n[{time}] {first_b} (Support): Hi! Can you confirm your date of birth?\n[{time}] {handle}: {dob}\n[{time}] {first_b} (Support): thanks, and the postcode on the account?\n[{time}] {handle}: {zip}",
        "cust called re acct {acct}, spoke w/ {tlast}, wants cb on {phone} after {time}. dob {dob} confirmed. addr {addr}",
        "Name: {name}\nEmail: {email}\nPhone: {phone}\nDate of birth: {dob}\nAddress: {addr}\nMessage: please close my account, the IBAN for the balance is {iban}",
        "Customer {name} says her son {first_c} used the card without permission. Login from IP {ip} on {day} {month}. {natid_word} {natid} provided for the ID check.",
        "Hello,\n\nplease send the replacement to my neighbour {full_c}, {addr_c}, tel {phone_c}.\n\nregards\n{name}",
    ),
    "de": (
        "Hallo {first_b},\n\ndie Erstattung für Bestellung {order} fehlt noch. Kundennummer {acct}, bezahlt mit Karte {card}.\n\nDanke und Gruß{sig}",
        "Danke {tlast}, ich leite das weiter.\n\nVon: {full} <{email}>\nGesendet: {wd} {day}. {month} {time}\nAn: Kundenservice\nBetreff: AW: Bestellung {order}\n\nBitte ändern Sie meine Lieferadresse auf {addr}.",
        "[{time}] {handle}: hallo, mein Passwort geht nicht mehr\n[{time}] {first_b}: Hallo! Wie lautet Ihr Geburtsdatum?\n[{time}] {handle}: {dob}\n[{time}] {first_b}: Danke. Und die PLZ?\n[{time}] {handle}: {zip}",
        "Kd. ruft an wg. Rechnung, Rückruf an {tlast} unter {phone}, Geb.-Dat. {dob}, Adr. {addr}",
        "Name: {name}\nE-Mail: {email}\nTelefon: {phone}\nGeburtsdatum: {dob}\nAnschrift: {addr}\nNachricht: bitte Konto schließen, Restbetrag auf IBAN {iban}",
        "Frau {name} meldet, dass ihr Sohn {first_c} die Karte benutzt hat. Login von IP {ip} am {day}. {month}. {natid_word} {natid} zur Prüfung genannt.",
        "Guten Tag,\n\nbitte liefern Sie an meinen Nachbarn {full_c}, {addr_c}, Tel. {phone_c}.\n\nMfG\n{name}",
    ),
    "fr": (
        "Bonjour {first_b},\n\nje n'ai toujours pas reçu le remboursement de la commande {order}. Mon compte client est {acct}, carte {card}.\n\nMerci,{sig}",
        "Merci {tlast}, je transmets au service facturation.\n\nLe {wd} {day} {month} à {time}, {full} <{email}> a écrit :\n> Pouvez-vous livrer au {addr} ? J'ai déménagé.",
        "-------- Message transféré --------\nDe : {full} <{email}>\nDate : {wd} {day} {month} {time}\nObjet : commande {order}\n\nVoir ci-dessous, son portable : {phone}.",
        "[{time}] {handle} : bonjour, je n'arrive plus à me connecter\n[{time}] {first_b} : Bonjour ! Votre date de naissance ?\n[{time}] {handle} : {dob}\n[{time}] {first_b} : merci, et le code postal ?\n[{time}] {handle} : {zip}",
        "Appel cliente, rappeler {tlast} au {phone} après {time}. Née le {dob}. Adresse {addr}",
        "Nom : {name}\nCourriel : {email}\nTéléphone : {phone}\nDate de naissance : {dob}\nAdresse : {addr}\nMessage : merci de clôturer mon compte, IBAN {iban}",
        "Bonjour,\n\nmerci de livrer chez ma voisine {full_c}, {addr_c}, tél. {phone_c}.\n\nCordialement\n{name}",
    ),
    "es": (
        "Hola {first_b}:\n\nTodavía no he recibido el reembolso del pedido {order}. Mi número de cliente es {acct} y la tarjeta {card}.\n\nGracias,{sig}",
        "Gracias {tlast}, lo paso a facturación.\n\nEl {wd}, {day} de {month} a las {time}, {full} <{email}> escribió:\n> ¿Pueden enviarlo a {addr}? Me he mudado.",
        "[{time}] {handle}: hola, no puedo entrar en mi cuenta\n[{time}] {first_b}: ¡Hola! ¿Me confirma su fecha de nacimiento?\n[{time}] {handle}: {dob}\n[{time}] {first_b}: gracias, ¿y el código postal?\n[{time}] {handle}: {zip}",
        "Llamada de {tlast}, devolver llamada al {phone} después de las {time}. F. nac. {dob}. Dirección {addr}",
        "Nombre: {name}\nCorreo: {email}\nTeléfono: {phone}\nFecha de nacimiento: {dob}\nDirección: {addr}\nMensaje: quiero cerrar la cuenta, IBAN {iban}",
        "Buenos días,\n\nenvíen el paquete a mi vecino {full_c}, {addr_c}, tlf. {phone_c}.\n\nSaludos\n{name}",
    ),
    "it": (
        "Buongiorno {first_b},\n\nnon ho ancora ricevuto il rimborso dell'ordine {order}. Il mio codice cliente è {acct}, carta {card}.\n\nGrazie,{sig}",
        "Grazie {tlast}, inoltro all'amministrazione.\n\nIl giorno {wd} {day} {month} alle {time}, {full} <{email}> ha scritto:\n> Potete spedire a {addr}? Ho cambiato casa.",
        "[{time}] {handle}: ciao, non riesco ad accedere\n[{time}] {first_b}: Ciao! Mi conferma la data di nascita?\n[{time}] {handle}: {dob}\n[{time}] {first_b}: grazie, e il CAP?\n[{time}] {handle}: {zip}",
        "Chiamata cliente, richiamare {tlast} al {phone} dopo le {time}. Nata il {dob}. Indirizzo {addr}",
        "Nome: {name}\nEmail: {email}\nTelefono: {phone}\nData di nascita: {dob}\nIndirizzo: {addr}\nMessaggio: chiudete il conto, IBAN {iban}",
        "Salve,\n\nconsegnate al mio vicino {full_c}, {addr_c}, tel. {phone_c}.\n\nCordiali saluti\n{name}",
    ),
    "nl": (
        "Hoi {first_b},\n\nik heb de terugbetaling van bestelling {order} nog niet ontvangen. Klantnummer {acct}, kaart {card}.\n\nBedankt,{sig}",
        "Dank je {tlast}, ik stuur het door.\n\nOp {wd} {day} {month} om {time} schreef {full} <{email}>:\n> Kunnen jullie leveren op {addr}? Ik ben verhuisd.",
        "[{time}] {handle}: hallo, ik kan niet meer inloggen\n[{time}] {first_b}: Hallo! Wat is je geboortedatum?\n[{time}] {handle}: {dob}\n[{time}] {first_b}: dank je, en de postcode?\n[{time}] {handle}: {zip}",
        "Klant belde ivm factuur, terugbellen {tlast} op {phone} na {time}. Geb. {dob}. Adres {addr}",
        "Naam: {name}\nE-mail: {email}\nTelefoon: {phone}\nGeboortedatum: {dob}\nAdres: {addr}\nBericht: graag account opzeggen, IBAN {iban}",
        "Goedemiddag,\n\ngraag bezorgen bij mijn buurman {full_c}, {addr_c}, tel. {phone_c}.\n\nGroet,\n{name}",
    ),
    "pt": (
        "Olá {first_b},\n\nainda não recebi o reembolso da encomenda {order}. O meu número de cliente é {acct}, cartão {card}.\n\nObrigado,{sig}",
        "Obrigada {tlast}, vou reencaminhar.\n\nEm {wd}, {day} de {month} às {time}, {full} <{email}> escreveu:\n> Podem enviar para {addr}? Mudei de casa.",
        "[{time}] {handle}: olá, não consigo entrar\n[{time}] {first_b}: Olá! Pode confirmar a data de nascimento?\n[{time}] {handle}: {dob}\n[{time}] {first_b}: obrigado, e o código postal?\n[{time}] {handle}: {zip}",
        "Cliente ligou, ligar de volta a {tlast} para o {phone} depois das {time}. Nasc. {dob}. Morada {addr}",
        "Nome: {name}\nE-mail: {email}\nTelefone: {phone}\nData de nascimento: {dob}\nMorada: {addr}\nMensagem: quero fechar a conta, IBAN {iban}",
    ),
    "pl": (
        "Dzień dobry {first_b},\n\nnadal nie otrzymałem zwrotu za zamówienie {order}. Numer klienta {acct}.\n\nPozdrawiam,{sig}",
        "[{time}] {handle}: dzień dobry, nie mogę się zalogować\n[{time}] {first_b}: Proszę podać datę urodzenia.\n[{time}] {handle}: {dob}",
        "Imię i nazwisko: {name}\nE-mail: {email}\nTelefon: {phone}\nAdres: {addr}\n{natid_word}: {natid}",
    ),
    "sv": (
        "Hej {first_b}!\n\nJag har fortfarande inte fått återbetalningen för order {order}. Kundnummer {acct}.\n\nMvh{sig}",
        "[{time}] {handle}: hej, jag kan inte logga in\n[{time}] {first_b}: Hej! Vilket är ditt personnummer?\n[{time}] {handle}: {natid}",
        "Namn: {name}\nE-post: {email}\nTelefon: {phone}\nAdress: {addr}",
    ),
    "da": (
        "Hej {first_b}\n\nJeg har stadig ikke fået pengene tilbage for ordre {order}. Kundenummer {acct}.\n\nVenlig hilsen{sig}",
        "[{time}] {handle}: hej, jeg kan ikke logge ind\n[{time}] {first_b}: Hej! Hvad er din fødselsdato?\n[{time}] {handle}: {dob}",
        "Navn: {name}\nE-mail: {email}\nTelefon: {phone}\nAdresse: {addr}",
    ),
}
