"""HL7 version 2 messages: the person fields of their segments, by position.

A hospital's interface engine archives the messages it routes ("PID|1||MRN123^^^HOSP^MR||
DOE^JANE||19800101|F|||12 ELM ST^^LEEDS^^LS1 4AB||0113 496 0000"): a patient's name, birth
date, address and phones are fields of a segment, split by "|" and their parts by "^",
written in capitals with no sentence around them. NER reads little of it (a family name and
a given name joined by "^" are no phrase it knows), and a rule of prose less. The standard
says what each field holds (HL7 v2.5, chapters 2, 3, 4, 6: PID, PD1, NK1, PV1, MRG, GT1,
IN1, ORC, OBR, OBX, EVN, DG1), so the fields are read by their place: the field separator
and the component separator are the message's own (``MSH-1``, ``MSH-2``).

Free-text fields (``OBX-5`` of a text observation, ``NTE-3``) are left to the rest of the
detector, as any other text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anonymizers.detect.calendar_dates import COMPACT_DATE
from anonymizers.detect.lexicon import is_common_word
from anonymizers.detect.recognizers import RawSpan

#: What a field holds: "id" (CX: the id in its first part), "name" (XPN: family, given,
#: middle), "person" (XCN: an id, then family, given, middle; a sender that writes the
#: family name first is read so too), "date" (TS: a birth date's leading YYYYMMDD),
#: "address" (XAD: street, other line, city, state, postcode) and "phone" (XTN).
FIELDS: dict[str, dict[int, str]] = {
    "PID": {2: "id", 3: "id", 4: "id", 5: "name", 6: "name", 7: "date", 9: "name",
            11: "address", 13: "phone", 14: "phone", 18: "id", 19: "id", 20: "id", 21: "id"},
    "PD1": {4: "person"},
    "NK1": {2: "name", 4: "address", 5: "phone", 6: "phone", 30: "name", 31: "phone",
            32: "address", 33: "id"},
    "PV1": {7: "person", 8: "person", 9: "person", 17: "person", 19: "id", 52: "person"},
    "MRG": {1: "id", 2: "id", 3: "id", 4: "id", 5: "id", 7: "name"},
    "GT1": {2: "id", 3: "name", 4: "name", 5: "address", 6: "phone", 7: "phone", 8: "date",
            12: "id"},
    "IN1": {16: "name", 18: "date", 19: "address", 36: "id", 49: "id"},
    "ORC": {10: "person", 11: "person", 12: "person"},
    "OBR": {16: "person", 28: "person"},
    "OBX": {16: "person"},
    "EVN": {5: "person"},
    "DG1": {16: "person"},
}  # fmt: skip
#: A segment line: its id, then the field separator.
_SEGMENT = re.compile(r"^([A-Z][A-Z0-9]{2})(.)")
#: The message header: "MSH", the field separator, the encoding characters.
_HEADER = re.compile(r"(?m)^MSH([^\w\s])([^\w\s]{1,4})\1")
#: Segments end with a carriage return (the standard's terminator), maybe followed by a
#: line feed; an archive that rewrote them as line feeds has none. A line feed inside a
#: field of a message that has carriage returns is the field's ("STUDIO 87\nLUKE SHORE").
_SEGMENTS_CR = re.compile(r"\n?([^\r]+)")
_SEGMENTS_LF = re.compile(r"([^\n]+)")
_DOB = re.compile(COMPACT_DATE)
_LETTERS = re.compile(r"[^\W\d_]")


#: Fields of free text, which the detector's other rules read as any text.
FREE_TEXT = {"OBX": (5,), "NTE": (3,)}
#: Segments of codes and of the fields above: a model's or a prose rule's guess there
#: ("DR" closing a doctor's field, then "OBX" on the next segment: a titled name) is none.
CODED = frozenset({*FIELDS, "MSH", "NTE", "AL1", "PR1", "ROL", "IN2", "SFT", "MSA", "ERR",
                   "TXA", "SPM", "FT1", "RXA", "RXE", "RXO", "RXR", "TQ1"})  # fmt: skip


@lru_cache(maxsize=64)
def _message(text: str) -> tuple[str, str, str, tuple[tuple[int, str], ...]] | None:
    """(field separator, component separator, repetition separator, segments as (start,
    line)) of an HL7 message in ``text``: one with its header, or two known segments.
    Kept for the next ask: the fields' rule and the clean-up of guesses read each text."""
    if "|" not in text and "MSH" not in text:
        return None
    header = _HEADER.search(text)
    fields_sep, comp, rep = "|", "^", "~"
    if header:
        fields_sep, enc = header.group(1), header.group(2)
        comp = enc[0]
        rep = enc[1] if len(enc) > 1 else rep
    split = _SEGMENTS_CR if "\r" in text else _SEGMENTS_LF
    segments = tuple(
        (m.start(1), m.group(1))
        for m in split.finditer(text)
        if (s := _SEGMENT.match(m.group(1))) and s.group(1) in CODED and s.group(2) == fields_sep
    )
    if not segments or (header is None and len(segments) < 2):
        return None
    return fields_sep, comp, rep, segments


def free_text(text: str) -> list[tuple[int, int]] | None:
    """Where, in an HL7 message, the detector's guesses may stand: the free-text fields of
    its segments (``FREE_TEXT``), and whatever is not one of its known segments; None for
    a text that is no message."""
    message = _message(text)
    if message is None:
        return None
    fields_sep, _, _, segments = message
    coded: list[tuple[int, int]] = []
    for at, line in segments:
        free = FREE_TEXT.get(line[:3], ())
        pos = at
        for index, field in enumerate(line.split(fields_sep)):
            if index not in free:
                coded.append((pos, pos + len(field) + len(fields_sep)))
            pos += len(field) + len(fields_sep)
    out, pos = [], 0
    for a, b in coded:
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def hl7_fields(text: str) -> list[RawSpan]:
    """(start, end, entity, score) of each person field's parts in the HL7 segments of
    ``text``: a message with its header, or two known segments with no header (a text
    that quotes a patient's PID and NK1)."""
    message = _message(text)
    if message is None:
        return []
    fields_sep, comp, rep, segments = message
    out: list[RawSpan] = []
    for at, line in segments:
        kinds = FIELDS.get(line[:3], {})
        pos = at
        for index, field in enumerate(line.split(fields_sep)):
            kind = kinds.get(index)
            if kind is not None and field:
                rpos = pos
                for one in field.split(rep):
                    out.extend(_parts(kind, one, rpos, comp))
                    rpos += len(one) + len(rep)
            pos += len(field) + len(fields_sep)
    return out + _mentions(text, out)


def _mentions(text: str, found: list[RawSpan]) -> list[RawSpan]:
    """The message's names again where its text fields mention them ("NK1|1|HYDE^IAIN"
    and "OBX|1|TX|NOTE||Pt anxious, husband Iain visiting"), as the field's part: the same
    value, so the same fake (a rule reading "Iain" as a person alone gave it another).
    Capitalised mentions only, and not an everyday word ("Will", "May") unless in capitals."""
    names: dict[str, str] = {}
    for s, e, entity, _ in found:
        if entity in ("FIRST_NAME", "LAST_NAME") and e - s >= 3:
            names.setdefault(text[s:e].casefold(), entity)
    free = free_text(text) if names else None
    if not names or not free:
        return []
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    mention = re.compile(rf"(?<![\w'’-])(?:{alternation})(?![\w'’-])", re.IGNORECASE)
    out: list[RawSpan] = []
    for a, b in free:
        for m in mention.finditer(text, a, b):
            word = m.group(0)
            entity = names.get(word.casefold())
            if entity is None or not word[0].isupper():
                continue
            if not word.isupper() and is_common_word(word):
                continue
            out.append((m.start(), m.end(), entity, 0.9))
    return out


def _parts(kind: str, value: str, at: int, comp: str) -> list[RawSpan]:
    """The spans of one repetition of a field of ``kind``, written at ``at``."""
    parts: list[tuple[int, str]] = []
    pos = at
    for part in value.split(comp):
        parts.append((pos, part))
        pos += len(part) + len(comp)
    out: list[RawSpan] = []

    def put(k: int, entity: str) -> None:
        if k < len(parts):
            start, part = parts[k]
            core = part.strip()
            if core and (entity != "FIRST_NAME" or len(_LETTERS.findall(core)) > 1):
                lead = len(part) - len(part.lstrip())
                out.append((start + lead, start + lead + len(core), entity, 0.95))

    if kind == "id":
        put(0, "ID")
    elif kind == "name":
        put(0, "LAST_NAME")
        put(1, "FIRST_NAME")
        put(2, "FIRST_NAME")
    elif kind == "person":
        first = parts[0][1].strip()
        # XCN: an id, then the name; a sender writing the family name first has no digit
        # there ("SMITH^ANNA^^^DR").
        shift = 0 if first and not any(c.isdigit() for c in first) else 1
        if shift:
            put(0, "ID")
        put(shift, "LAST_NAME")
        put(shift + 1, "FIRST_NAME")
        put(shift + 2, "FIRST_NAME")
    elif kind == "date":
        start, part = parts[0]
        if m := _DOB.match(part):
            out.append((start + m.start(), start + m.end(), "DATE_OF_BIRTH", 0.95))
    elif kind == "address":
        put(0, "ADDRESS")
        put(1, "ADDRESS")
        put(2, "LOCATION")
        put(4, "ADDRESS")
    elif kind == "phone":
        start, part = parts[0]
        if sum(c.isdigit() for c in part) >= 6:
            put(0, "PHONE_NUMBER")
    return out
