"""Dev sentence templates: the text the corpus writes for its dev figures.

Slots (``compose.Slots.fill``): first, last, full (the row's person), agent, rel,
rel_first, rel_address, rel_phone, rel_email (someone only the text names), address, city, dob,
natid, acct (an id without its prefix), email, email_obf, phone; non-personal: greet,
signoff, month, holiday, product, company, ua, url, path, version, day, order, amount.
"""

# ruff: noqa: E501 (each template stays whole on its line, to read and diff as text)

from __future__ import annotations

SPLIT = "dev"
OBF_FORMS = ("words", "brackets")
DOB_FORMS = {
    "en": ("dmy_slash", "d_month_y", "iso"),
    "fr": ("dmy_slash", "d_month_y"),
    "de": ("dmy_dot", "d_dot_month_y"),
    "es": ("dmy_slash", "d_de_month_de_y"),
    "it": ("dmy_slash", "d_month_y"),
    "pt": ("dmy_slash", "d_de_month_de_y", "dmy_dash"),
    "nl": ("dmy_dash", "d_month_y"),
    "sv": ("iso", "d_month_y"),
}
POOLS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "customer": (
            "Please copy my husband {rel} on {rel_email}, he handles the returns.",
            "I ordered the {product} on {day} {month} and it still hasn't arrived (order {order}).",
            "My account number is {acct}, could you check what happened?",
            "For the identity check: date of birth {dob}, NI number {natid}.",
            "Please send the replacement to my mother {rel} at {rel_address} instead, she is home over {holiday}.",
            "You can also write to me at {email_obf} since my work mail blocks yours.",
            "I was born on {dob} so the age check on your site is wrong.",
            "My colleague {rel_first} ({rel_phone}) will pick it up if I'm away.",
            "The app ({version}) crashes on login, the log is at {path}.",
            "I still live at {address}, nothing has changed.",
            "Please call me on {phone} after 5pm.",
        ),
        "note": (
            "Spoke with {full} about the renewal; prefers calls on {phone}. DOB {dob}.",
            "{first} said her partner {rel} ({rel_address}) handles the invoices.",
            "Customer since {month}; account {acct}; asked about the {holiday} discount.",
        ),
        "agent": (
            "Thanks for getting in touch about the {product}. I have refunded {amount} EUR to your card.",
            "I've checked account {acct} and updated the delivery address to {address}.",
        ),
        "quote": ("On {day} {month}, {full} <{email}> wrote:",),
    },
    "fr": {
        "customer": (
            "Merci de mettre mon associé {rel} en copie : {rel_email}.",
            "J'ai commandé la {product} le {day} {month} et je n'ai toujours rien reçu (commande {order}).",
            "Mon numéro de client est le {acct}, pouvez-vous vérifier ?",
            "Pour la vérification : date de naissance {dob}, numéro de sécurité sociale {natid}.",
            "Merci d'envoyer le colis chez ma sœur {rel}, {rel_address}, je serai chez elle pour {holiday}.",
            "Vous pouvez m'écrire à {email_obf}, ma boîte pro bloque vos mails.",
            "Je suis née le {dob}, votre site refuse ma date.",
            "Mon voisin {rel_first} ({rel_phone}) peut réceptionner le colis.",
            "L'application ({version}) plante au démarrage, voir {url}.",
            "J'habite toujours au {address}.",
            "Vous pouvez me joindre au {phone} le matin.",
        ),
        "note": (
            "Appel avec {full} ce matin, préfère être contacté au {phone}. Née le {dob}.",
            "{first} indique que son mari {rel} ({rel_address}) règle les factures.",
            "Client depuis {month}, compte {acct}, demande la remise de {holiday}.",
        ),
        "agent": (
            "Merci pour votre message concernant la {product}. Nous avons remboursé {amount} € sur votre carte.",
            "J'ai vérifié le compte {acct} et mis à jour l'adresse de livraison : {address}.",
        ),
        "quote": ("Le {day} {month}, {full} <{email}> a écrit :",),
    },
    "de": {
        "customer": (
            "Bitte setzen Sie meine Frau {rel} in Kopie: {rel_email}.",
            "Ich habe die {product} am {day}. {month} bestellt und sie ist immer noch nicht da (Bestellung {order}).",
            "Meine Kundennummer ist {acct}, können Sie bitte nachsehen?",
            "Zur Prüfung: Geburtsdatum {dob}, Steuer-ID {natid}.",
            "Bitte schicken Sie den Ersatz an meine Tochter {rel}, {rel_address}, sie ist über {holiday} zu Hause.",
            "Sie erreichen mich auch unter {email_obf}, mein Firmenpostfach blockiert Ihre Mails.",
            "Ich bin am {dob} geboren, Ihre Altersprüfung stimmt nicht.",
            "Mein Nachbar {rel_first} ({rel_phone}) nimmt das Paket an.",
            "Die App ({version}) stürzt beim Start ab, Log liegt unter {path}.",
            "Ich wohne weiterhin in der {address}.",
            "Rufen Sie mich bitte unter {phone} an.",
        ),
        "note": (
            "Telefonat mit {full}, bevorzugt Rückruf unter {phone}. Geb. {dob}.",
            "{first} sagt, ihr Mann {rel} ({rel_address}) kümmert sich um die Rechnungen.",
            "Kunde seit {month}, Konto {acct}, fragt nach dem Rabatt zu {holiday}.",
        ),
        "agent": (
            "Danke für Ihre Nachricht zur {product}. Wir haben {amount} € auf Ihre Karte erstattet.",
            "Ich habe das Konto {acct} geprüft und die Lieferadresse auf {address} geändert.",
        ),
        "quote": ("Am {day}. {month} schrieb {full} <{email}>:",),
    },
    "es": {
        "customer": (
            "Pongan en copia a mi socio {rel}: {rel_email}.",
            "Pedí la {product} el {day} de {month} y todavía no ha llegado (pedido {order}).",
            "Mi número de cliente es {acct}, ¿pueden revisarlo?",
            "Para la verificación: fecha de nacimiento {dob}, DNI {natid}.",
            "Envíen el cambio a mi hermano {rel}, {rel_address}, estaré allí en {holiday}.",
            "También pueden escribirme a {email_obf}, el correo del trabajo bloquea sus mensajes.",
            "Nací el {dob} y la web no me deja registrarme.",
            "Mi vecina {rel_first} ({rel_phone}) puede recoger el paquete.",
            "La app ({version}) se cierra al abrirla, el registro está en {path}.",
            "Sigo viviendo en {address}.",
            "Pueden llamarme al {phone} por la tarde.",
        ),
        "note": (
            "Hablé con {full}, prefiere llamadas al {phone}. Fecha de nacimiento {dob}.",
            "{first} dice que su marido {rel} ({rel_address}) paga las facturas.",
            "Cliente desde {month}, cuenta {acct}, pregunta por el descuento de {holiday}.",
        ),
        "agent": (
            "Gracias por escribirnos sobre la {product}. Hemos devuelto {amount} € a su tarjeta.",
            "He revisado la cuenta {acct} y cambiado la dirección de entrega a {address}.",
        ),
        "quote": ("El {day} de {month}, {full} <{email}> escribió:",),
    },
    "it": {
        "customer": (
            "Mettete in copia mio marito {rel}: {rel_email}.",
            "Ho ordinato la {product} il {day} {month} e non è ancora arrivata (ordine {order}).",
            "Il mio numero cliente è {acct}, potete controllare?",
            "Per la verifica: data di nascita {dob}, codice fiscale {natid}.",
            "Spedite il cambio a mia figlia {rel}, {rel_address}, sarò da lei per {holiday}.",
            "Potete scrivermi anche a {email_obf}, la mail aziendale blocca i vostri messaggi.",
            "Sono nata il {dob} e il sito non accetta la data.",
            "Il mio collega {rel_first} ({rel_phone}) può ritirare il pacco.",
            "L'app ({version}) si chiude all'avvio, vedi {url}.",
            "Abito sempre in {address}.",
            "Potete chiamarmi al {phone} dopo le 18.",
        ),
        "note": (
            "Sentito {full}, preferisce essere chiamato al {phone}. Nato il {dob}.",
            "{first} dice che la moglie {rel} ({rel_address}) paga le fatture.",
            "Cliente da {month}, conto {acct}, chiede lo sconto di {holiday}.",
        ),
        "agent": (
            "Grazie per averci scritto per la {product}. Abbiamo rimborsato {amount} € sulla sua carta.",
            "Ho controllato il conto {acct} e aggiornato l'indirizzo di consegna in {address}.",
        ),
        "quote": ("Il {day} {month}, {full} <{email}> ha scritto:",),
    },
    "pt": {
        "customer": (
            "Coloquem em cópia o meu sócio {rel}: {rel_email}.",
            "Encomendei a {product} no dia {day} de {month} e ainda não chegou (encomenda {order}).",
            "O meu número de cliente é {acct}, podem verificar?",
            "Para a verificação: data de nascimento {dob}, NIF {natid}.",
            "Enviem a troca para a minha irmã {rel}, {rel_address}, vou estar lá no {holiday}.",
            "Podem escrever-me para {email_obf}, o email do trabalho bloqueia as vossas mensagens.",
            "Nasci a {dob} e o site não aceita a data.",
            "O meu vizinho {rel_first} ({rel_phone}) pode receber a encomenda.",
            "A aplicação ({version}) fecha ao abrir, o registo está em {path}.",
            "Continuo a morar na {address}.",
            "Liguem-me para o {phone} à tarde.",
        ),
        "note": (
            "Falei com {full}, prefere chamadas para o {phone}. Data de nascimento {dob}.",
            "{first} diz que o marido {rel} ({rel_address}) paga as faturas.",
            "Cliente desde {month}, conta {acct}, pergunta pelo desconto de {holiday}.",
        ),
        "agent": (
            "Obrigado pelo contacto sobre a {product}. Devolvemos {amount} € no seu cartão.",
            "Verifiquei a conta {acct} e atualizei a morada de entrega para {address}.",
        ),
        "quote": ("No dia {day} de {month}, {full} <{email}> escreveu:",),
    },
    "nl": {
        "customer": (
            "Zet mijn vriend {rel} in de cc: {rel_email}.",
            "Ik heb de {product} op {day} {month} besteld en hij is nog steeds niet binnen (bestelling {order}).",
            "Mijn klantnummer is {acct}, kunt u dat nakijken?",
            "Voor de controle: geboortedatum {dob}, BSN {natid}.",
            "Stuur de vervanging naar mijn zus {rel}, {rel_address}, ik ben daar met {holiday}.",
            "U kunt mij ook mailen op {email_obf}, mijn werkmail blokkeert uw berichten.",
            "Ik ben geboren op {dob}, uw leeftijdscheck klopt niet.",
            "Mijn buurman {rel_first} ({rel_phone}) kan het pakket aannemen.",
            "De app ({version}) crasht bij het opstarten, het log staat in {path}.",
            "Ik woon nog steeds op {address}.",
            "Bel me gerust op {phone} na vijf uur.",
        ),
        "note": (
            "Gesproken met {full}, liefst bellen op {phone}. Geb. {dob}.",
            "{first} zegt dat haar man {rel} ({rel_address}) de facturen betaalt.",
            "Klant sinds {month}, account {acct}, vraagt naar de korting van {holiday}.",
        ),
        "agent": (
            "Bedankt voor uw bericht over de {product}. We hebben {amount} euro teruggestort op uw kaart.",
            "Ik heb account {acct} bekeken en het afleveradres aangepast naar {address}.",
        ),
        "quote": ("Op {day} {month} schreef {full} <{email}>:",),
    },
    "sv": {
        "customer": (
            "Sätt min sambo {rel} på kopia: {rel_email}.",
            "Jag beställde {product} den {day} {month} och den har fortfarande inte kommit (order {order}).",
            "Mitt kundnummer är {acct}, kan ni kolla?",
            "För kontrollen: födelsedatum {dob}, personnummer {natid}.",
            "Skicka ersättningen till min bror {rel}, {rel_address}, jag är där över {holiday}.",
            "Ni kan också mejla mig på {email_obf}, jobbmejlen blockerar era utskick.",
            "Jag är född {dob} så åldersspärren på sajten är fel.",
            "Min granne {rel_first} ({rel_phone}) kan ta emot paketet.",
            "Appen ({version}) kraschar vid start, loggen ligger i {path}.",
            "Jag bor kvar på {address}.",
            "Ring mig gärna på {phone} efter fem.",
        ),
        "note": (
            "Pratade med {full}, vill bli uppringd på {phone}. Född {dob}.",
            "{first} säger att hennes man {rel} ({rel_address}) betalar fakturorna.",
            "Kund sedan {month}, konto {acct}, frågar om rabatten till {holiday}.",
        ),
        "agent": (
            "Tack för ditt meddelande om {product}. Vi har återbetalat {amount} kr till ditt kort.",
            "Jag har kollat konto {acct} och ändrat leveransadressen till {address}.",
        ),
        "quote": ("Den {day} {month} skrev {full} <{email}>:",),
    },
}
