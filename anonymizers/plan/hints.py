"""What a column's name says it holds, before any value is read.

Exports name their columns in the language of the system that wrote them ("Vorname",
"Código Postal", "Address City"), in camel case ("mobilePhone") and inside nested paths
("contact.emailAddress"): the last dotted component, accent-folded and snake-cased, is
matched against English patterns and whole names of nine other languages. A hint is only
a hint: strong value patterns and policy rules win in ``columns.classify_column``.
"""

from __future__ import annotations

import re
import unicodedata

_ADDRESS_HINT = (
    r"(^|_)(street(_address)?|address(_line_?\d)?|addr)(_|$)"
    r"(?!.*(country|state|region|province|type|status|verified|valid))|^line_?[123]$"
)
# Column-name hints, matched against the last dotted component split into words.
_NAME_HINTS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^(e_?mails?|email_address(es)?|mail)$|_e?mails?$|^e?mail_"),
        "EMAIL_ADDRESS",
    ),
    # A mobile network's subscriber number (MSISDN) is a phone; its "cell_id" is a mast.
    (
        re.compile(
            r"(^|_)(phone|mobile|cell(?!_(id|tower|site|name))|tel|telephone|fax|msisdn)"
            r"(_|$)|(^|_)(phones|mobiles|telephones)$"
        ),
        "PHONE_NUMBER",
    ),
    # A call record's parties: "calling_number", "called_number", "a_number", "b_number"
    # (a telecom's CDRs, often Int64: only the name can tell).
    (
        re.compile(
            r"(^|_)(calling|called|caller|callee|dialed|dialled|destination|origin|a|b)_"
            r"(number|no|nr|num|msisdn)$"
        ),
        "PHONE_NUMBER",
    ),
    (re.compile(r"(^|_)(ssn|social_security(_number)?|sin)(_|$)"), "US_SSN"),
    # Any country's national number: its values decide the scheme (an SSN stays one).
    (
        re.compile(
            r"(^|_)(national_(id|number|identity)(_number)?|identity_number|personal_id_number"
            r"|personal_(number|id)|id_number|citizen_id|id_card(_number)?|identity_card"
            r"(_number)?)(_|$)"
        ),
        "NATIONAL_ID",
    ),
    # A card's, an account's or a policy's holder is a person, not the card (before it).
    (
        re.compile(r"(^|_)(card|account|policy|licen[cs]e)_?holders?(_name|_full_name)?$"),
        "PERSON",
    ),
    (re.compile(r"(^|_)(credit_card|card_number|card|cc_number|pan)(_|$)"), "CREDIT_CARD"),
    # A taxpayer's number names its holder as an SSN does ("tax_id" is an id below).
    (
        re.compile(
            r"(^|_)(tax_(number|no|nr|identification_number|payer_id|reference)"
            r"|taxpayer_(id|number|no)|tin)(_|$)"
        ),
        "ID",
    ),
    (re.compile(r"(^|_)iban(_|$)"), "IBAN_CODE"),
    (re.compile(r"(^|_)(ip|ip_address|ipv4|ipv6)(_|$)"), "IP_ADDRESS"),
    # A name as read or written in another script: Japanese exports keep the kana
    # reading (furigana) beside the name, others a romanised or a local spelling.
    (
        re.compile(
            r"(^|_)name_(kana|furigana|yomi|reading|phonetic|romaji|romanized|romanised|"
            r"latin|kanji|local|native)$|^(kana|furigana|shimei|shimei_kana|seimei)$"
        ),
        "PERSON",
    ),
    (re.compile(r"(^|_)(first_?names?|given_?names?|forenames?)(_|$)"), "FIRST_NAME"),
    (re.compile(r"(^|_)(last_?name|surname|family_?name)(_|$)"), "LAST_NAME"),
    # A nested record's "patient.born" or "birth" is its birth date ("birth_place" is not).
    (
        re.compile(
            r"(^|_)(dob|birth_?date|date_of_birth|birthday|birth_date|date_born|born_on)"
            r"(_|$)|^(born|birth)$"
        ),
        "DATE_OF_BIRTH",
    ),
    # The part an address column names wins over the word "address": ``Address City`` is
    # a city, ``Address Postal Code`` a postcode, ``address_country`` no one's (below).
    # A person's birth, death or home town, and the place an event of theirs happened (a
    # family tree's "events[].place", a marriage's "marr.place"): where they were.
    (
        re.compile(
            r"(^|_)(city|town|hometown|birth_?place|death_?place)(_|$)|(^|_)place$"
            r"|^place_of_(birth|death|residence)$"
        ),
        "LOCATION",
    ),
    (re.compile(r"(^|_)(zip|zip_?code|postcode|postal_?code)(_|$)"), "ZIP_CODE"),
    # A device's hardware address is as lasting an id of its owner as an IP address, and
    # a wallet's address is its holder's account: ids, whatever "address" says (before it).
    (
        re.compile(
            r"(^|_)(mac|mac_?address|mac_?addr|macaddr|bssid|hw_?address|hardware_address|"
            r"bluetooth_address|bt_address|wallet_address|btc_address|eth_address|"
            r"crypto_address)(_|$)"
        ),
        "ID",
    ),
    (re.compile(_ADDRESS_HINT), "ADDRESS"),
    (re.compile(r"(^|_)(url|website|homepage)(_|$)"), "URL"),
    # A driver's or a driving licence, and a "licence_no" or "license_nr" of its own.
    (
        re.compile(
            r"(^|_)(driver_?s?_?licen[cs]e|driving_?licen[cs]e|licen[cs]e_(number|no|nr|num))"
            r"(_|$)|^dl_?(no|nr|number)?$"
        ),
        "US_DRIVER_LICENSE",
    ),
    (re.compile(r"(^|_)passport(_number)?(_|$)"), "US_PASSPORT"),
    # A UK payroll's National Insurance number ("NI Number", "NINO", "NI No").
    (
        re.compile(r"^(ni|nat_ins|national_insurance)_(number|no|nr|num)$|^nino$"),
        "NATIONAL_ID",
    ),
    (re.compile(r"(^|_)(account_number|bank_account|routing_number)(_|$)"), "US_BANK_NUMBER"),
    (re.compile(r"(^|_)(user_?name|login|handle)(_|$)"), "ID"),
    # A SIM's subscriber identity and card number, and a handset's serial: one person's.
    (re.compile(r"(^|_)(imsi|iccid|imei|meid)(_|$)"), "ID"),
    # A car's plate or its VIN names its keeper as surely as an account number does (a
    # motor policy's bare "plate": a dish's plate is no column of its own).
    (
        re.compile(
            r"(^|_)(licen[cs]e_plate|number_plate|registration_plate|plate_number|"
            r"vehicle_registration|vin|vehicle_identification_number|car_reg|vehicle_reg|"
            r"reg_plate|vrm|kennzeichen|kfz_kennzeichen|immatriculation|matricula|targa|"
            r"kenteken|registreringsnummer)(_|$)|^plate$"
        ),
        "ID",
    ),
    # An airline's booking locator (one party's booking), a frequent flyer's number and a
    # bag's tag point at a traveller as a booking reference does.
    (
        re.compile(
            r"^(pnr|record_locator|booking_locator|confirmation_code|booking_code)$"
            r"|(^|_)(frequent_?flyer|ff)(_(number|no|nr|id))?$|(^|_)(bag|baggage)_?tag(_|$)"
        ),
        "ID",
    ),
    # A health insurer's member number as German, British and French exports name it.
    (re.compile(r"^(kvnr|versichertennummer|krankenversichertennummer|nhs|nir)$"), "ID"),
    # A household's gas, power or water meter (its number, an MPAN or MPRN) is its home's.
    (re.compile(r"(^|_)meter(_point)?_(no|nr|number|id)$|^(mpan|mprn)$"), "ID"),
    # A point's latitude or longitude (a delivery stop, a pickup, an app event's position):
    # a person's door without a name. A bare "long" is too often another word. A pair
    # written as one list ("start_latlng": [51.89, 3.92]) is the same point.
    (
        re.compile(
            r"^(lat|lng|lon)$|(^|_)(latitude|longitude)(_|$)|_(lat|lng|lon)$"
            r"|^(lat|lng|lon)_|(^|_)(gps|geo)_(lat|lng|lon|long)(_|$)"
            r"|(^|_)(lat_?lng|lat_?lon|lat_?long|lng_?lat|lon_?lat|latlng|latlon|lnglat)(_|$)"
        ),
        "GEO_COORDINATE",
    ),
    # A person's initials ("J.K.", a trial subject's or a patient's): with a site, an age
    # and a date they point at one person; faked as an id, so the shape stays.
    (re.compile(r"(^|_)initials(_|$)"), "ID"),
    # A contact record's bare "home" or "residence" is where the person lives.
    (re.compile(r"^(home|residence)$"), "ADDRESS"),
]
#: Column names of the export languages of our customers (de, fr, es, it, nl, sv, pt, da,
#: pl), matched whole on the folded last component ("Straße" → "strasse", "Código
#: Postal" → "codigo_postal"). Names that mean a first name in one language and a full
#: name in another ("nome", "nombre", "naam") are PERSON, whose fake keeps the word count.
_LOCAL_HINTS: dict[str, tuple[str, ...]] = {
    "FIRST_NAME": ("vorname", "prenom", "voornaam", "fornamn", "fornavn", "etunimi",
                   "primeiro_nome", "nome_proprio", "imie"),
    "LAST_NAME": ("nachname", "familienname", "nom", "nom_de_famille", "apellido",
                  "apellidos", "primer_apellido", "segundo_apellido", "cognome",
                  "achternaam", "familienaam", "efternamn", "efternavn", "sukunimi",
                  "apelido", "apelidos", "sobrenome", "nazwisko"),
    "PERSON": ("nome", "nombre", "nombre_completo", "nome_completo", "naam", "namn", "navn",
               "nimi", "nom_complet", "vollstandiger_name", "titular", "destinatario",
               "empfanger", "destinataire", "imie_i_nazwisko"),
    "ADDRESS": ("strasse", "str", "anschrift", "adresse", "rue", "direccion", "domicilio",
                "calle", "indirizzo", "adres", "straat", "straatnaam", "adress", "gatuadress",
                "gata", "morada", "endereco", "rua", "ulica", "adresa", "osoite", "vej"),
    "ZIP_CODE": ("plz", "postleitzahl", "code_postal", "cp", "codigo_postal", "cap",
                 "postnummer", "postnr", "kod_pocztowy", "postinumero", "psc"),
    "LOCATION": ("ort", "wohnort", "geburtsort", "sterbeort", "stadt", "lieu_de_naissance",
                 "lugar_de_nacimiento", "luogo_di_nascita", "geboorteplaats", "fodelseort",
                 "miejsce_urodzenia", "naturalidade", "ville", "commune", "localite", "ciudad",
                 "localidad", "municipio", "poblacion", "citta", "comune", "localita",
                 "woonplaats", "plaats", "stad", "postort", "cidade", "concelho",
                 "miejscowosc", "miasto", "kaupunki", "paikkakunta", "obec", "mesto"),
    "PHONE_NUMBER": ("telefon", "telefonnummer", "handy", "mobil", "mobilnummer",
                     "telephone", "portable", "telefono", "movil", "celular", "cellulare",
                     "telefoon", "telefoonnummer", "mobiel", "telefone", "telemovel",
                     "puhelin", "matkapuhelin"),
    "DATE_OF_BIRTH": ("geburtsdatum", "geburtstag", "date_de_naissance", "date_naissance",
                      "fecha_de_nacimiento", "fecha_nacimiento", "data_di_nascita",
                      "data_nascita", "geboortedatum", "fodelsedatum", "fodselsdato",
                      "data_de_nascimento", "data_nascimento", "data_urodzenia",
                      "syntymaaika"),
    "EMAIL_ADDRESS": ("courriel", "correo", "correo_electronico", "posta_elettronica",
                      "e_postadress", "epost", "sahkoposti"),
    "NATIONAL_ID": ("steuer_id", "steuernummer", "sozialversicherungsnummer", "dni", "nie",
                    "nif", "nir", "codice_fiscale", "bsn", "personnummer", "cpr", "cpf",
                    "pesel", "henkilotunnus", "numero_de_securite_sociale", "curp", "rut",
                    "aadhaar", "aadhaar_number", "tckn", "tc_kimlik_no"),
    "ID": ("kennzeichen", "kfz_kennzeichen", "immatriculation", "kenteken", "targa",
           "registreringsnummer", "tablica_rejestracyjna", "kundennummer", "kunden_nr",
           "kundennr", "numero_client", "numero_de_client", "numero_cliente", "n_cliente",
           "codice_cliente", "klantnummer", "kundnummer", "kundenummer", "numero_de_cliente"),
}  # fmt: skip
_LOCAL = {name: entity for entity, names in _LOCAL_HINTS.items() for name in names}
_NOT_PERSON_PREFIX = {
    "product", "lineitem", "line_item", "company", "org", "organisation", "organization",
    "department", "dept",
    "team", "file", "host", "computer", "machine", "server", "workstation", "laptop",
    "printer", "node", "project", "brand", "item", "category", "city", "street",
    "country", "region", "display_file", "app", "service", "plan", "queue", "tag", "table",
    "column", "field", "job", "role", "store", "shop", "site", "vendor", "supplier",
    # Places, firms and things an export names: a hotel's "property_name", a CRM's
    # "employer_name", a catalogue's "model_name" hold no person's name.
    "property", "hotel", "venue", "building", "location", "place", "room", "facility",
    "warehouse", "depot", "branch", "office", "merchant", "carrier", "airline",
    "bank", "school", "university", "hospital", "clinic", "restaurant", "course", "event",
    "campaign", "model", "device", "database", "package", "feature", "segment",
    "channel", "group", "area", "zone", "business", "firm", "employer", "insurer", "trading",
    "insurance", "versicherung", "assureur", "aseguradora", "assicurazione", "verzekeraar",
    "forsakringsbolag", "ubezpieczyciel", "seguradora",
    "producer", "manufacturer", "publisher", "label", "agency", "organization_unit",
    "workspace", "repository", "repo", "branch_office", "fund", "portfolio", "asset",
    # What a chat tool, a tracker or a data platform names: a message's reactions, a
    # board's lists, a pipeline's stages and steps.
    "reaction", "emoji", "topic", "board", "folder", "document", "attachment", "status",
    "stage", "step", "task", "pipeline", "metric", "sensor", "skill", "language",
    # What a fitness, media or calendar app names: an activity's "Morning Run", a
    # playlist's, a recipe's or a meeting's title.
    "activity", "workout", "session", "route", "race", "ride", "run", "trip", "track",
    "playlist", "album", "song", "recipe", "meeting", "dataset", "report", "dashboard",
    # What a menu or a basket names: a pizza "Margherita" is no person.
    "dish", "meal", "menu", "food", "drink", "beverage", "ingredient", "flavour", "flavor",
    "cuisine",
    # The same firms and things named in the export languages of ``_LOCAL_HINTS`` (a
    # Portuguese "empresa" of firms named after a family, "Pinto" or "Neto").
    "empresa", "compania", "companhia", "compagnia", "societe", "societa", "sociedad",
    "sociedade", "unternehmen", "entreprise", "azienda", "bedrijf", "onderneming",
    "foretag", "virksomhed", "selskab", "yritys", "spolka", "przedsiebiorstwo",
    "marca", "marke", "marque", "merk", "varumarke", "marka", "producto", "produto",
    "prodotto", "produkt", "produit", "articulo", "artigo", "articolo", "proveedor",
    "fornecedor", "fornitore", "lieferant", "fournisseur", "leverancier", "leverantor",
    "dostawca", "tienda", "loja", "negozio", "winkel", "butik", "sklep", "geschaft",
    "magasin", "filiale", "sucursal", "restaurante", "ristorante", "hopital", "ospedale",
    "krankenhaus", "klinik", "ziekenhuis", "sjukhus", "szpital", "clinica", "escuela",
    "escola", "scuola", "schule", "ecole", "skola", "szkola", "universidad",
    "universidade", "universita", "universitat", "universite", "equipo", "equipa",
    "squadra", "mannschaft", "equipe", "verein", "club", "klub", "banco", "banca",
    "banque", "evento", "evenement", "veranstaltung", "standort", "sede",
}  # fmt: skip
#: A name word first, as Romance and Slavic column names put it ("nombre_empresa",
#: "nome_da_loja", "nom_du_magasin", "nazwa_firmy"): what follows is whose name it is.
_NAME_FIRST = re.compile(
    r"^(?:nombre|nome|nom|naam|nazwa|navn|namn)_(?:(?:de|do|da|del|della|di|du|des|la|"
    r"van|het|der)_)*"
)
#: People an export numbers ("driver_no", "patient_number", "staff_nr"): their number
#: identifies them as an id does.
_PERSON_ROLES = (
    "customer|client|employee|staff|member|driver|patient|student|user|agent|passenger|"
    "guest|subscriber|tenant|applicant|candidate|volunteer"
)
#: The same people in the export languages, as whole words ("Kd.-Nr.", "Nº socio").
_LOCAL_ROLES = (
    r"(^|_)(kd|kunde|kunden|klient|klienta|klant|kund|socio|socia|abonne|abonado|adherent|"
    r"membre|miembro|mitglied|lid|medlem|paciente|alumno|eleve|schuler)(_|$)"
)
#: A person's records as the export languages number them ("N° commande", "Nº pedido").
_RECORDS = (
    "commande|pedido|encomenda|ordine|bestellung|bestelling|order|facture|factura|fatura|"
    "fattura|rechnung|factuur|contrat|contrato|contratto|vertrag|dossier|expediente|pratica"
)
_NOT_PERSONAL_ID = {
    "product", "sku", "item", "category", "department", "dept", "team", "region",
    "country", "currency", "language", "locale", "status", "type", "plan", "queue",
}  # fmt: skip


#: Letters that Unicode does not decompose into a base letter and a mark: "Tytuł",
#: "Płeć", "Fødselsdato", "Straße" would lose them.
_UNDECOMPOSED = str.maketrans({"ß": "ss", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d",
                               "Đ": "D", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe"})  # fmt: skip


def column_words(column: str) -> str:
    """`contact.emailAddress` → `email_address`, `Straße` → `strasse`: one normalised,
    accent-folded name to match hints on. A dot that ends an abbreviation ("No. cliente",
    "Kd.-Nr.") is no nested path; a number's sign ("N°", "Nº", "#") is the word "no"."""
    head, dot, last = column.rpartition(".")
    if not dot or not _KEY.fullmatch(last) or not head.strip():
        last = column
    last = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", last).translate(_UNDECOMPOSED)
    last = "".join(c for c in unicodedata.normalize("NFKD", last) if not unicodedata.combining(c))
    last = re.sub(r"#", " no ", last.lower())
    words = re.sub(r"[^a-z0-9]+", "_", last).strip("_")
    return re.sub(r"(^|_)(?:n|nro|num)(?=_)", r"\1no", words)


#: The last component of a nested export's path ("emailAddress", "items[]", "name").
_KEY = re.compile(r"\$?[A-Za-z_][\w\[\]]*")  # Mixpanel's and Segment's "$email", "$name"


def name_owner(column: str) -> str:
    """Whose or what's name a column holds, in its name's words: "supplier_name" →
    "supplier", "companyName" → "company", and in a nested export the object the bare
    ``name`` key sits in ("venue.name", "store.name", "items[].name" → "venue", "store",
    "items"): a JSON export writes the venue's name as ``{"venue": {"name": ...}}``, not
    as ``venue_name``. The column's own words when it does not end in "name"."""
    words = column_words(column)
    if (first := _NAME_FIRST.match(words)) and first.end() < len(words):
        return words[first.end() :]
    if not words.endswith("name"):
        return words
    owner = words[: -len("name")].rstrip("_")
    parent = column.rsplit(".", 1)[0] if "." in column else ""
    if not owner and parent:
        owner = column_words(parent)
        if owner in _CONTAINERS:
            # An analytics event's "properties.$name", a CDP's "traits.name": an object
            # that holds anything, so the name is a bare name (session 49: "properties"
            # read as real estate, every user's name planned as a property's).
            owner = ""
    return owner


#: Objects of any fields: their bare ``name`` says nothing about what it names.
_CONTAINERS = frozenset({
    "properties", "props", "attributes", "attrs", "traits", "fields", "custom_fields",
    "metadata", "meta", "params", "parameters", "payload", "context", "data", "details",
    "extra", "extras", "info", "values",
})  # fmt: skip


def _a_thing(owner: str) -> bool:
    """Is ``owner`` (``name_owner``) a thing's word, in the singular or the plural?"""
    singular = owner[:-3] + "y" if owner.endswith("ies") else owner.removesuffix("s")
    return owner in _NOT_PERSON_PREFIX or singular in _NOT_PERSON_PREFIX


def names_a_thing(column: str) -> bool:
    """Does the column's name say it holds the name of a thing ("supplier_name",
    "companyName", "brand", "vendor", "venue.name")? Firms are often named after a
    founder: the name list reads "Ševčík" or "Brandstätter" as a person, the column says
    it is a firm. A name of alternatives ("Company / organisation", "school or employer")
    names a thing when each of them does ("Name / company" may hold a person's)."""
    alternatives = [a for a in _ALTERNATIVES.split(column) if a.strip()]
    return _names_a_thing(column) or (
        len(alternatives) > 1 and all(_names_a_thing(a) for a in alternatives)
    )


def _names_a_thing(column: str) -> bool:
    owner = name_owner(column)
    if "_" in owner and owner.rsplit("_", 1)[1] in _FIRMS and not _ALTERNATIVES.search(column):
        return True  # "billing_company", "parent_company": a firm, whose firm
    return _a_thing(owner) and owner.removesuffix("s") not in _NOT_A_FIRM


#: Firms a column may name with a word of whose before it (a Shopify order's "Billing
#: Company"); places are not among them ("billing_city" is a person's town).
_FIRMS = frozenset({
    "company", "firm", "employer", "organisation", "organization", "org", "business",
    "vendor", "supplier", "merchant", "brand", "manufacturer", "carrier", "agency",
})  # fmt: skip


#: What separates the alternatives a column's name offers: a slash, a bar, an "or".
_ALTERNATIVES = re.compile(r"\s*[/|]\s*|\s+(?i:or)\s+")


def named_in(table: str, column: str) -> str:
    """The column's name as ``names_a_thing`` reads it: a flat table's bare ``name`` is
    its table's ("products" → "products.name": a product's name, "MALM", "BILLY"), as a
    nested ``venue.name`` is its object's."""
    return f"{table}.{column}" if "." not in column and column_words(column) == "name" else column


#: Words of ``_NOT_PERSON_PREFIX`` whose column may name a person's file or job.
_NOT_A_FIRM = frozenset({"file", "display_file", "job", "role", "table", "column", "field"})


#: A name object's parts, as FHIR's HumanName, GEDCOM and contact APIs write them
#: (``name.given``, ``name[].family``, ``fullName.first``).
_NAME_PARTS = {"given": "FIRST_NAME", "first": "FIRST_NAME", "forename": "FIRST_NAME",
               "middle": "FIRST_NAME", "family": "LAST_NAME", "last": "LAST_NAME",
               "surname": "LAST_NAME"}  # fmt: skip


#: A flat table's bare name parts.
_BARE_NAME_PARTS = {"first": "FIRST_NAME", "last": "LAST_NAME"}


#: A header's aside in brackets ("Full name (as it appears on your passport)").
_ASIDE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_NAMES = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME"})
#: Two things a header asks for at once ("name and phone number", "Name & e-mail").
_BOTH = re.compile(r"_(?:and|&|or|und|et|y|e|och|en|i)_")


def name_hint(column: str) -> str | None:
    """Entity suggested by a column name alone, or None. A form's question says what it
    asks before its aside: "Full name (as it appears on your passport)" is a name; one
    asking for two things ("Emergency contact - name and phone number") holds both,
    which its values tell (text that names someone and a number)."""
    bare = _ASIDE.sub("", column).strip()
    if bare and bare != column and (hint := name_hint(bare)) is not None:
        return hint
    words = column_words(column.replace("&", " and "))
    if "." not in column and len(halves := _BOTH.split(words, maxsplit=1)) == 2:
        left, right = (_one_hint(h) for h in halves)
        if {left, right} <= _NAMES:
            return "PERSON"  # "First and last name"
        if left is not None and right is not None and left != right:
            return None
    return _one_hint(column)


#: A nested key that says only "the number of" its object ("passport.number").
_GENERIC_KEYS = frozenset({"number", "no", "nr", "num", "value", "code"})


def _one_hint(column: str) -> str | None:
    """``name_hint`` of a header asking for one thing."""
    words = column_words(column)
    head, dot, _last = column.rpartition(".")
    if dot and words in _GENERIC_KEYS and head.strip():
        # {"passport": {"number": ...}} is a passport number, as "passport_number" is.
        joined = _one_hint(f"{column_words(head)}_{words}")
        if joined is not None:
            return joined
    if words in _LOCAL:
        return _LOCAL[words]
    head, dot, _last = column.rpartition(".")
    if dot and words in _NAME_PARTS and column_words(head).endswith("name"):
        # A part of a name object: its first name is a first name, whatever NER reads.
        return None if _a_thing(name_owner(head)) else _NAME_PARTS[words]
    if not dot and "[]" not in column and words in _BARE_NAME_PARTS:
        # A flat table's bare "first" and "last" (a garage's customers); a typed column of
        # numbers so named is decided by its type, and "rank.first" is no name.
        return _BARE_NAME_PARTS[words]
    for pattern, entity in _NAME_HINTS:
        if pattern.search(words):
            return entity
    if words.endswith("name") and not _a_thing(name_owner(column)):
        return "PERSON"
    if words in ("uid", "guid") or words.endswith(("_uid", "_guid")):
        # An analytics export's "uid": the user's id, a UUID that matches no pattern.
        return None if words.rsplit("_", 1)[0] in _NOT_PERSONAL_ID else "ID"
    if words == "id" or words.endswith("_id") or words.endswith("_uuid") or words == "uuid":
        prefix = words.rsplit("_id", 1)[0] if words.endswith("_id") else ""
        owner = column_words(head) if dot else ""
        if words in ("id", "uuid") and owner and _a_thing(owner.rsplit("_", 1)[-1]):
            # A custom field's, a product's or a channel's own "id" in a nested export
            # ("custom_fields[].id"): the thing's, as its bare "name" is.
            return None
        return None if prefix in _NOT_PERSONAL_ID else "ID"
    if re.search(r"^(no|nr)_", words) and (
        re.search(_PERSON_ROLES + "|" + _RECORDS, words) or re.search(_LOCAL_ROLES, words)
    ):
        return "ID"  # "N° client", "Nr klienta", "Num. socio", "Nº pedido"
    if re.search(r"(^|_)(no|nr)$", words) and re.search(_LOCAL_ROLES, words):
        return "ID"  # "Kd.-Nr.", "Mitglied Nr."
    if re.search(r"(^|_)(number|no|nr|ref|reference)$", words) and re.search(
        r"(order|ticket|invoice|account|case|booking|reservation|claim|policy|loan|loyalty|external|"
        r"membership|subscription|deposit|lease|tenancy|contract|insurance|insured|health|"
        r"nhs|medicare|medicaid|" + _PERSON_ROLES + ")",
        words,
    ):
        return "ID"
    return None
