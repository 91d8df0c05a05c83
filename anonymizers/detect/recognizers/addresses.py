"""Street addresses of many countries, with their unit, city, region, postcode and country.

US street lines, number-last European streets ('Furuveien 63'), street types before the
name ('Via dei Coronari 24'), military post, corners, postcodes named as such, and the
lines of an address block below a street.
"""

from __future__ import annotations

import itertools
import re

import regex  # Presidio's dependency; needed for Unicode letter classes

from anonymizers.detect.everyday import everyday_use
from anonymizers.detect.languages import guess_language
from anonymizers.detect.lexicon import STREET_TYPES, is_common_word, street_words, word_list
from anonymizers.detect.recognizers import RawSpan
from anonymizers.detect.recognizers.numbers import DATE_LIKE
from anonymizers.detect.recognizers.places import gazetteer_places
from anonymizers.detect.recognizers.postcodes import (
    SENTENCE_END,
    guarded_postcode_spans,
    postcode_spans,
)

_UNIT_WORD = r"(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|#)"
_UNIT = rf"(?:\s*,?\s*{_UNIT_WORD}\.?\s*#?\s*[\w-]+)?"
_STREET_WORD = r"[A-Z0-9][\w'’.-]*"
# "123 Main St", "4182 Rantakatu 19 Apt. 317", "Flat 2, 10 Downing Street"
_STREET_RE = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?(?:[ \t]+{_STREET_WORD}){{1,5}}?[ \t]+{STREET_TYPES}\b\.?{_UNIT}"
    rf"|\b\d{{1,6}}[A-Za-z]?(?:[ \t]+{_STREET_WORD}){{0,3}}?[ \t]+[A-Z][\w'’-]*"
    rf"(?:{STREET_TYPES.lower()}|katu|tie|gatan|vägen|vej|straße|strasse|weg|laan|straat)"
    rf"(?![\w'’-])(?:[ \t]+\d{{1,5}}[A-Za-z]?)?{_UNIT}"
    rf"|\b{_STREET_WORD}(?:[ \t]+{_STREET_WORD}){{0,3}}[ \t]+{STREET_TYPES}\b\.?"
    rf"[ \t]+\d{{1,5}}[A-Za-z]?{_UNIT}"
    rf"|\b(?:P\.?\s?O\.?\s?Box|Postfach)\s+\d+"
    rf"|\b\d{{1,6}}[A-Za-z]?(?:[ \t]+{_STREET_WORD}){{1,3}}[ \t]+"
    r"(?:Apt|Apartment|Suite|Ste|Unit)\.?\s*#?\s*[\w-]+",
)
# A word of a town's name: a dot inside it ("St.Gallen") or after a short abbreviation
# ("St. Louis", "Ft. Worth"), never the full stop after a word ("Springfield. Thanks").
_TOWN_WORD = r"[A-Z](?:[\w'’-]|\.(?=\w))*(?:(?<![a-z]{3})\.)?"
# Trailing "City, ST 12345" / "\n City\n, IT\n Country 58213" after a street line.
_TAIL_RE = re.compile(
    r"(?:[ \t]*[,\n][ \t\n]*(?:,[ \t]*)?"
    rf"(?:{_TOWN_WORD}(?:[ \t]+{_TOWN_WORD}){{0,3}}(?:[ \t]+\d{{3,6}}(?:-\d{{4}})?)?"
    r"|[A-Z]{2}(?:[ \t]+\d{5}(?:-\d{4})?)?|\d{4,6}(?:-\d{4})?|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d))"
)


def street_addresses(text: str) -> list[RawSpan]:
    """Street lines with their city / region / postcode tail, as one ADDRESS span."""
    out: list[RawSpan] = []
    for m in _STREET_RE.finditer(text):
        end = m.end()
        for _ in range(4):
            t = _TAIL_RE.match(text, end)
            if not t or not t.group(0).strip(" \t,\n"):
                break
            word = t.group(0).strip(" \t,\n").split()[0]
            if is_common_word(word):
                break
            end = t.end()
        out.append((m.start(), end, "ADDRESS", 0.7))
    return out


_U_WORD = r"\p{Lu}[\p{L}'’.-]*"
_ANY_WORD = r"\p{L}[\p{L}'’.-]*"
# "439 Lõuna 41", "4129 Ilona u. 62.", "81346 Vahtra 27": number, street name, house number.
_DIGIT = regex.compile(r"\d")
_NUM_STREET_NUM = regex.compile(
    rf"(?<![\w-])\d{{1,6}}[A-Za-z]?[ \t]+{_U_WORD}(?:[ \t]+{_ANY_WORD}){{0,4}}?"
    r"[ \t]+\d{1,5}[A-Za-z]?\b"
)
_PLACE_CTX = regex.compile(
    r"(?i:\b(?:lives?|living|located|based|moved(?:[ \t]+(?:here|there|back|away))?|move|"
    r"flew|fly|flying|arrived|travel+ed|originally|grew[ \t]+up|born|raised|"
    r"(?:i|we)(?:[ \t]+am|['’]m|[ \t]+are|['’]re)[ \t]+(?:in|at|from)|"
    r"home[ \t]+(?:city|town)|city[ \t]+of|town[ \t]+of|"
    r"where[ \t]*:|"
    r"trip|visit(?:ing|ed)?|stay(?:ing|ed)?|resides?|residing|ship(?:ped)?|deliver(?:ed)?|"
    r"drops?\s+you\s+off|address(?:\s+is)?)\s+(?:in|at|on|to|from|is)?\s*:?\s*)"
    rf"(?P<place>(?:\d{{1,6}}[A-Za-z]?[ \t]+)?{_U_WORD}"
    rf"(?:[ \t]+(?:{_U_WORD}|\d{{1,5}}|de|del|da|do|dei|"
    r"di|la|le|van|von|der|den|na|u\.|ul\.)(?![\p{L}\d])){0,5})"
)
_YEAR = regex.compile(r"(?:19|20)\d\d")
_POSTCODE_FIRST = (
    r"\d{4}-\d{3}|\d{2}-\d{3}|\d{4,6}|\d{3}[ \t]\d{2}|\d{4}[ \t]?[A-Z]{2}"
    r"|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d"
)
# A segment's words as ``_U_WORD`` and ``_ANY_WORD``, but a word's full stop ends the
# segment ("Springfield. Thanks!"); a dot inside a word or after a short abbreviation
# ("St. Louis", "u. 62") stays.
_SEG_WORD = r"\p{Lu}(?:[\p{L}'’-]|\.(?=\p{L}))*(?:(?<!\p{Ll}{3})\.)?"
_SEG_ANY = r"\p{L}(?:[\p{L}'’-]|\.(?=\p{L}))*(?:(?<!\p{Ll}{3})\.)?"
_SEGMENT = regex.compile(
    r"\.?[ \t]*(?:,[ \t]*|\n(?:[ \t>|]|\?{3})*,?[ \t]*)+"
    r"(?P<seg>(?i:(?:apt|apartment|suite|ste|unit|flat|floor|room|box)\.?[ \t]*#?[ \t]*[\w-]+)"
    # A postcode before its city, as most of Europe writes it ("10115 Berlin", "1012 AB
    # Amsterdam", "114 55 Stockholm") and UK addresses often do ("M1 5LA Manchester").
    rf"|(?P<pc>{_POSTCODE_FIRST})[ \t]+{_U_WORD}(?:[ \t]+{_U_WORD}){{0,2}}"
    rf"|{_SEG_WORD}(?:[ \t]+{_SEG_ANY}){{0,3}}(?:[ \t]+\([\p{{L}} .'-]{{2,30}}\))?"
    r"(?:[ \t]+(?:\d{3,6}(?:-\d{4})?|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d"
    r"|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}))?"
    r"|\p{Lu}{2}(?:[ \t]+\d{5}(?:-\d{4})?)?|\d{4,6}(?:-\d{4})?)"
    r"(?=[ \t]*(?:[,.;:!?)\n]|$)|[ \t]+\p{Ll})"
)


_UNIT_START = regex.compile(r"(?i:apt|apartment|suite|ste|unit|flat|floor|room|box)\b")


def _grow_address(text: str, end: int) -> int:
    for _ in range(6):
        m = _SEGMENT.match(text, end)
        if not m:
            break
        seg = m.group("seg")
        first = seg.split()[0]
        unit = _UNIT_START.match(seg) is not None
        if (is_common_word(first) and not unit) or ":" in text[m.start() : m.end()]:
            break
        if m.group("pc"):
            if _YEAR.fullmatch(m.group("pc")):
                break  # "Version 2, 2024 Release": a year is no postcode
            # The city after a postcode ends before an everyday word ("10115 Berlin Thanks").
            return _city_end(text, m.end("pc"), m.end())
        end = m.end()
    return end


#: Words that begin a city's name of several words ("North Garybury", "Bad Homburg").
_CITY_LEAD = frozenset(word_list("city_leads"))


# "Ryanring 30, 7745 CV Groede", "Contrada Maria, 675 Piano 9, 02032 Terenten", "Travessa
# Diogo Pinho, 460, 8865-903 Castelo Branco": words, a house number (and a unit), then a
# postcode and a city. The postcode and city after the comma vouch for a street no list
# of street types knows (a Dutch "-ring", an Italian "Contrada").
_ANCHORED_STREET = regex.compile(
    r"(?<![\p{L}\d'’.-])(?P<street>\p{Lu}[\p{L}'’.-]+(?:[ \t]+(?:\p{Lu}[\p{L}'’.-]*|\d{1,3}|"
    r"de|da|do|dos|das|del|della|di|van|von|der|den|la|le|du|des|op|het|'t)){0,4}?"
    r",?[ \t]+\d{1,5}[A-Za-z]?(?:[ \t]+(?i:apt\.?|piso|piano|bus|stiege|tür|whg\.?|"
    r"etage|andar|esc\.?)[ \t]*[\w-]+)?)"
    rf",[ \t]*(?P<pc>{_POSTCODE_FIRST})[ \t]+\p{{Lu}}"
)


def anchored_streets(text: str) -> list[RawSpan]:
    """Street lines that a following postcode and city confirm, with that tail."""
    out: list[RawSpan] = []
    for m in _ANCHORED_STREET.finditer(text):
        first = m.group("street").split()[0].rstrip(",")
        if is_common_word(first) or _YEAR.fullmatch(m.group("pc")):
            continue  # "Version 2, 2024 Release": a year is no postcode
        out.append((m.start("street"), _grow_address(text, m.end("street")), "ADDRESS", 0.6))
    return out


def _city_end(text: str, start: int, end: int) -> int:
    """End of the city after a postcode: its first word, and a next one only after a
    leading word ("North", "Bad", "San") or when it closes the line ("Lake Tina."); never
    an everyday word ("10115 Berlin Danke für ...")."""
    words = list(regex.finditer(r"[^\s.][^\s]*?(?=\.?(?:\s|$))", text[start:end]))
    stop = start + words[0].end()
    for prev, w in itertools.pairwise(words):
        word = w.group(0)
        closes = regex.match(r"[ \t]*(?:[,.;:!?)\n]|$)", text[start + w.end() :]) is not None
        lead = prev.group(0).casefold() in _CITY_LEAD
        ended = "." in text[start + prev.end() : start + w.start()]  # "Vizcaya. Envíen"
        if ended or is_common_word(word) or not (lead or closes):
            break
        stop = start + w.end()
    return stop


# Military and diplomatic post: "PSC 2786, Box 5091\nAPO AA 41827", "USNS Doe\nFPO AE 12345".
_MILITARY_RE = regex.compile(
    r"(?i)\b(?:(?:PSC|Unit|CMR)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}"
    r"|(?:USNS|USNV|USS|USCGC)[ \t]+\p{L}[\p{L}'-]*)"
    r"(?:[ \t]*[,\n][ \t>]*(?:APO|FPO|DPO)[ \t]+A[AEP][ \t]+\d{5})?"
)
# Street type *before* the name (Romance, Slavic, Nordic use): "Via dei Coronari 24",
# "ul. Jaskółcza 7", "52 rue de Hongrie", "C/ Maestros Canteros 41", "Rua do Salmonete 2953".


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_PREFIX_WORDS = word_list("street_prefixes")
# Abbreviations only with their dot: bare 'al' or 'pr' are Italian, Spanish and English
# words ('al deposito di Como dal 16').
_PREFIX_TYPES = (
    "(?:"
    + _alternation([w for w in _PREFIX_WORDS if not w.endswith(".")])
    + "|(?:"
    + _alternation([w[:-1] for w in _PREFIX_WORDS if w.endswith(".")])
    + r")\.)"
)
_PREFIX_STREET_RE = regex.compile(
    rf"(?i:(?<![\w-])(?:\d{{1,6}}[A-Za-z]?[ \t]+)?{_PREFIX_TYPES}[ \t]+)"
    # 'Via Roma 1', 'Rua Augusta, 123' (Italian and Portuguese put a comma before it).
    r"\p{L}[\p{L}'’.-]*(?:[ \t]+\p{L}[\p{L}'’.-]*){0,4}?,?[ \t]+\d{1,5}[A-Za-z]?\b\.?"
)
# "the corner of Männiku 4 and Everett Flat", "corner of 5th Ave and Main St".
_CORNER_RE = regex.compile(
    r"(?i:\b(?:the[ \t]+)?corner[ \t]+of[ \t]+)(?P<a>[\p{L}\d][^,\n?!;]{1,50}?)"
    r"(?i:[ \t]+(?:and|&)[ \t]+)(?P<b>[\p{L}\d][^,\n?!;.]{1,40}?)"
    r"(?=[ \t]*(?:[,\n?!;]|\.(?:\s|$)|$))"
)
# "ZIP: 4718", "my postal code is 61842-270", "postcode SW1A 1AA".
_POSTCODE_CTX_RE = regex.compile(
    r"(?i:\b(?:zip(?:[ \t]*code)?|post(?:al)?[ \t]*code|postcode|plz|cep)\b[ \t]*(?:is|:|#)?[ \t]*)"
    r"(?P<code>[A-Z0-9](?:[A-Z0-9]|[ -](?=[A-Z0-9])){1,9})(?![\w-])"
)


def postal_spans(text: str) -> list[RawSpan]:
    """Military post, prefix-type streets, street corners and postcodes named as such."""
    out: list[RawSpan] = []
    for m in _MILITARY_RE.finditer(text):
        out.append((m.start(), m.end(), "ADDRESS", 0.8))
    for m in _PREFIX_STREET_RE.finditer(text):
        if not DATE_LIKE.search(m.group(0)):
            out.append((m.start(), _grow_address(text, m.end()), "ADDRESS", 0.6))
    for m in _CORNER_RE.finditer(text):
        if any(c.isdigit() for c in m.group(0)) or any(
            w.lower().strip(".") in street_words() for w in m.group(0).split()
        ):
            out.append((m.start("a"), m.end("b"), "ADDRESS", 0.6))
    for m in _POSTCODE_CTX_RE.finditer(text):
        if any(c.isdigit() for c in m.group("code")):
            out.append((m.start("code"), m.end("code"), "ADDRESS", 0.7))
    return out


# The rest of a street line after its street word: "27 Bell Street Harrowgate Square",
# "P.O. Box 382 Delphine Union" — more capitalised words up to the line's end or a comma.
_LINE_REST = regex.compile(r"(?:[ \t]+\p{Lu}[\p{L}'’.-]*){1,3}(?=[ \t]*(?:,|\n|$))")
# A unit written before its street: "Suite 218 4907 Furuveien 63", "Apt. 4B, 12 Elm Rd".
_UNIT_BEFORE = regex.compile(
    r"(?i:\b(?:apt|apartment|suite|ste|unit|flat)\.?[ \t]*#?[ \t]*\d[\w-]*)[ \t]*,?[ \t]*$"
)
# Number first, street type, then the name to the line's end or a comma (French, Iberian,
# Slavic order): "52 rue de Hongrie", "618 47 Rue des Lilas", "12 Calle Mayor".
_NUM_PREFIX_STREET = regex.compile(
    r"(?<![\w-])(?:\d{1,6}[A-Za-z]?(?:,|[ \t]+(?i:bis|ter))?[ \t]+){1,2}"
    rf"(?i:{_PREFIX_TYPES})[ \t]+"
    r"\p{L}[\p{L}'’.-]*(?:[ \t]+\p{L}[\p{L}'’.-]*){0,5}(?=[ \t]*(?:[,\n]|$))"
)
# One word that carries its street type as a suffix, then a house number: "Tranevej 23",
# "Grazer Landstrasse 47", "Furuveien 63", "J. Verhaegenstraat 14".
# Hyphenated names ("Ida-Pfeiffer-Platz 12/7"), the "str." abbreviation ("Lindenstr. 8")
# and a flat after a slash ("64/94") are the German and Austrian forms.
_SUFFIX_STREET = regex.compile(
    r"(?<![\w-])(?:(?:\p{Lu}\.|\p{Lu}[\p{L}'’-]*)[ \t]+){0,2}"
    r"(?:(?:\p{L}+-)+\p{L}*|\p{L}{3,})"
    rf"(?i:{_alternation(list(word_list('street_suffixes')))})"
    # A house number, a flat after a slash or a range of numbers ('84-96', '12/3').
    r"[ \t]+\d{1,5}[A-Za-z]?(?:[ \t]*[/-][ \t]*\d{1,4}[A-Za-z]?)?\b\.?"
)
# House number and a street named with a street word of any country that Faker knows
# ("7 Ferris Isle", "882 Glover Islands", "12 Quarry Estates"), or a unit, comma and such a
# street with no number ("Flat 12, Parker Forge").
_WORD_STREET = regex.compile(
    r"(?<![\w-])(?:\d{1,6}[A-Za-z]?|(?i:flat|apt|apartment|suite|unit)\.?[ \t]*\d{1,5}[A-Za-z]?,)"
    r"(?P<words>(?:[ \t]+\p{Lu}[\p{L}'’-]*){2,3})(?![\w'’-])"
)


_COUNT_LIST = regex.compile(r"(?i)[ \t](?:and|or|plus|then|but)[ \t]+\d{1,5}[A-Za-z]?$")


def _street_line_end(text: str, end: int) -> int:
    m = _LINE_REST.match(text, end)
    if m and not any(is_common_word(w) for w in m.group(0).split()):
        return m.end()
    return end


def _prefix_street_ok(text: str, m: regex.Match[str]) -> bool:
    """'3 rue cards yesterday' is English: the street name after the type must hold no
    everyday word and, on a line that uses capitals at all, a capitalised word."""
    words = m.group(0).split()
    k = next(i for i, w in enumerate(words) if not w[:1].isdigit())
    name = words[k + 1 :]
    if any(is_common_word(w) for w in name):
        return False
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return line == line.lower() or any(w[:1].isupper() for w in name)


def _suffix_street_ok(street: str, text: str = "") -> bool:
    """A street name is capitalised and no everyday word; 'During 1971' or 'Ordering 2'
    end in 'ring' and a number and are English."""
    words = street.split()
    name, number = words[-2], words[-1]
    if name[:1].islower() or is_common_word(name):
        return False  # 'monitoring 24/7'
    # One word ending in 'ing' before a number is English ('Ordering 2 units') in English
    # text; in a text of another language it is a ring road ('Täschering 84',
    # 'Hohenzollernring 5'), as a hyphenated one is anywhere ('Danielle-Dobes-Ring 4').
    if name.lower().endswith("ing") and "-" not in name and guess_language(text) == "en":
        return False
    year = regex.fullmatch(r"(?:19|20)\d\d\.?", number) is not None
    return not (year and len(words) > 2)


def _unit_start(text: str, start: int) -> int:
    m = _UNIT_BEFORE.search(text[max(0, start - 30) : start])
    return start - len(m.group(0)) if m else start


def address_spans(text: str) -> list[RawSpan]:
    """International street lines and their unit / city / region / country tail."""
    out: list[RawSpan] = []
    for s, e, ent, score in street_addresses(text):
        e = _street_line_end(text, e) if "\n" not in text[s:e] else e
        out.append((_unit_start(text, s), _grow_address(text, e), ent, score))
    # The numbered street shapes below all need a digit: a text without one (half the
    # bench's comments) skips their scans, the costliest of this function.
    numbered = _DIGIT.search(text) is not None
    for m in _WORD_STREET.finditer(text) if numbered else ():
        words = m.group("words").split()
        if words[-1].lower().strip("'’") in street_words() and not any(
            is_common_word(w) for w in words[:-1]
        ):
            s = _unit_start(text, m.start())
            out.append((s, _grow_address(text, m.end()), "ADDRESS", 0.6))
    for rx in (_NUM_STREET_NUM, _NUM_PREFIX_STREET, _SUFFIX_STREET) if numbered else ():
        for m in rx.finditer(text):
            if DATE_LIKE.search(m.group(0)):
                continue
            if rx is _NUM_PREFIX_STREET and not _prefix_street_ok(text, m):
                continue
            if rx is _SUFFIX_STREET and not _suffix_street_ok(m.group(0), text):
                continue
            # "3 Green Apples and 2 pears": a list of counts, not a street between numbers;
            # "61092 Beeskow. Ich bin am 14": a town, a sentence's end and a day.
            if rx is _NUM_STREET_NUM and (
                _COUNT_LIST.search(m.group(0)) or SENTENCE_END.search(m.group(0))
            ):
                continue
            s, e = _unit_start(text, m.start()), _grow_address(text, m.end())
            out.append((s, e, "ADDRESS", 0.6))
    out.extend(anchored_streets(text))
    out.extend(postal_spans(text))
    line_ends = {e for _, e, _, _ in out}
    out.extend(postcode_spans(text, line_ends))
    out.extend(guarded_postcode_spans(text, line_ends))
    out.extend(gazetteer_places(text))
    for m in _PLACE_CTX.finditer(text):
        place = m.group("place")
        words = place.split()
        if not words or is_common_word(words[0]):
            continue
        s = m.start("place")
        out.append((s, _grow_address(text, s + len(place)), "LOCATION", 0.6))
    return out


# "shows on Willowmere Flats Street", "she grew up off Quarry Hill Road": a named street
# without a house number still places a person. Title-case words before a street type.
_NAMED_STREET = regex.compile(
    r"(?i:\b(?:on|along|down|up|off|near|onto|across)[ \t]+)"
    rf"(?P<street>\p{{Lu}}[\p{{L}}'’-]+(?:[ \t]+\p{{Lu}}[\p{{L}}'’-]+){{0,3}}[ \t]+{STREET_TYPES})"
    r"\b\.?"
)


def named_streets(text: str) -> list[RawSpan]:
    """Streets named without a house number: after a place preposition, their type after
    the name ("on Quarry Hill Road"), or their type before it in the languages that write
    it so ("rue Victor Hugo", "v ulici Mezi Sklady", ``named_prefix_streets``). The
    caller drops those NER reads as an organisation or product ('on Google Drive')."""
    return [
        (m.start("street"), m.end("street"), "ADDRESS", 0.6)
        for m in _NAMED_STREET.finditer(text)
        if not is_common_word(m.group("street").split()[0])
    ] + named_prefix_streets(text)


#: Street types written before the name that are also English words ("place", "via",
#: "route", "square"): such a street without a number only in a text of another language.
_ENGLISH_TOO = frozenset(
    {"avenue", "boulevard", "place", "route", "square", "passage", "via", "plaza", "corso",
     "largo", "stretto", "canale", "borgo", "cours", "rotonda", "ronda", "acceso", "calea",
     "beco", "estrada"}
)  # fmt: skip
#: The word "street" as running text inflects it in the languages that have cases
#: (Polish "przy ulicy", Czech "v ulici", Slovak "na ulici", Croatian "u ulici"), and
#: Czech's other street types: before a name without a house number only (a numbered
#: street's rule reads the type lists of ``street_prefixes.txt``).
_INFLECTED_TYPES = (
    "ulicy", "ulicę", "ulicą", "ulice", "ulici", "ulicí", "ulicou", "ulicu", "třída", "třídě",
    "náměstí", "nábřeží",
)  # fmt: skip
_NO_NUMBER_TYPES = [
    *(w for w in _PREFIX_WORDS if not w.endswith(".") and w != "c/"),
    *_INFLECTED_TYPES,
]
_PARTICLE = r"(?:d[eiao]|del|della|dos|das|du|des|la|le|los|las|von|van)[ \t]+"
# "rue Victor Hugo", "calle de Alcalá", "v ulici Mezi Sklady", "przy ulicy Długiej": the
# type in lower case, then up to four capitalised words (particles between them); a
# Polish street named after a date ("ulicy Konstytucji 3 Maja", "11 Listopada") keeps it.
_PREFIX_NAMED_RE = regex.compile(
    rf"(?<![\w-])(?P<type>{_alternation(_NO_NUMBER_TYPES)})[ \t]+"
    rf"(?P<name>(?:{_PARTICLE}|[dl][’'])?\p{{Lu}}[\p{{L}}’'-]+"
    rf"(?:[ \t]+(?:{_PARTICLE})?\p{{Lu}}[\p{{L}}’'-]+){{0,3}}"
    r"(?:[ \t]+\d{1,2}[ \t]+\p{Lu}\p{Ll}+(?![\w-])(?![ \t]*\d))?)(?![\w-])"
)


_CAPITALISED = regex.compile(r"\p{Lu}[\p{L}’'-]+")


def named_prefix_streets(text: str) -> list[RawSpan]:
    """Streets whose type comes before the name (``street_prefixes.txt``), named without
    a house number; the type written in lower case, as running text writes it."""
    out: list[RawSpan] = []
    english: bool | None = None
    for m in _PREFIX_NAMED_RE.finditer(text):
        kind = m.group("type")
        if kind in _ENGLISH_TOO:
            if english is None:
                english = guess_language(text) == "en"
            if english:
                continue
        words = _CAPITALISED.findall(m.group("name"))
        if not words or is_common_word(words[0]):
            continue  # "rua Principal": a word, whatever its case here
        if all(everyday_use(text, w) for w in words):
            continue  # "chemin Voisin": the text's language reads a word, not a name
        out.append((m.start(), m.end(), "ADDRESS", 0.6))
    return out
