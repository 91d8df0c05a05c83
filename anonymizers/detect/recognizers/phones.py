"""Phones written the way Europeans write them: a slash between area code and number
("0049-30/1234567", "0171 / 123 45 67"), a trunk zero in brackets ("+44 (0)20 7946 0958"),
or a short national number that only a word in another language gives away ("llámame al
612 34 56 78", "Handy: 0171 1234567").

The plain phone pattern wants ten digits or a "+"; these shapes are telling in another
way: a slash or "(0)" after a leading 0 or "+", or a phone word of French, German,
Spanish, Italian, Portuguese, Dutch or Swedish (``phrases/phone_cues.txt``) right before.
A line of a signature block that holds nothing but a number in digit groups ("55 30 56
38", "M 3400 2499") is a phone as well: no order or customer number is written that way;
so is the number a call-back note asks for ("wants cb on 01 296 7807", "rappeler Mme
Roux au 06 12 34 56 78", ``phrases/callback_cues.txt``).
Dates, times and amounts are never phones.
"""

from __future__ import annotations

import itertools
from functools import cache

import regex

from anonymizers.detect.calendar_dates import full_dates
from anonymizers.detect.phrases import phrase_list
from anonymizers.detect.recognizers import RawSpan
from anonymizers.detect.recognizers.numbers import PHONE_QUALIFIER, YEAR_RANGE

_NUMBER = (
    r"(?<![\w+/.-])(?P<num>(?:\+|00)?\(?\d{1,4}\)?(?:[ \t]?\(0\))?"
    r"(?:[ \t]?[./-]?[ \t]?\(?\d{1,5}\)?){1,6})(?![\w]|[.,/-]\d)"
)
_ODD = regex.compile(_NUMBER, regex.V0)
_INTERNATIONAL = regex.compile(
    r"(?<![\w+/.-])(?P<num>\+\d{1,3}(?:[ \t.-]?\(?\d{1,5}\)?){2,6})(?![\w]|[.,/-]\d)", regex.V0
)
_DIGIT = regex.compile(r"\d")
_TIME = regex.compile(r"\d{1,2}:\d{2}|\d+[.,]\d{1,2}$")


@cache
def _cued() -> regex.Pattern[str]:
    cues = sorted(set(phrase_list("phone_cues")), key=len, reverse=True)
    alt = "|".join(regex.escape(c) for c in cues)
    return regex.compile(
        rf"(?i)(?<![\w])(?:{alt})(?!\w)[ \t]*(?:[:=]|\p{{Pd}})?[ \t]*{PHONE_QUALIFIER}"
        rf"(?:(?:al|au|op|på|unter|sur|em|a|al|no|nr\.?|is|es|è|é|na|pod|on|at)[ \t]+)?{_NUMBER}",
        regex.V0,
    )


#: "My number is ...": the word for number, then the verb, then the number ("Mi número es
#: 612 34 56 78", "Mit nummer er 12 34 56 78", "Mój numer to 512 345 678"). The word alone
#: also heads order and customer numbers ("número de pedido 553120", "Nummer 553120"): only
#: with the verb right after it is it a person's own number.
_MY_NUMBER = regex.compile(
    r"(?i)(?<![\w])(?:número|numero|numéro|nummer|numer|nummeret)[ \t]+"
    r"(?:(?:ora|now|nu|jetzt|ahora|agora|teraz|désormais|maintenant)[ \t]+)?"
    rf"(?:es|é|er|to|är|is|ist|è|est|era|var|jest)[ \t]+(?:o[ \t]+|el[ \t]+|le[ \t]+)?{_NUMBER}",
    regex.V0,
)


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _groups(num: str) -> int:
    """Runs of digits in a number ('0176-123 45 67': four)."""
    return len(regex.findall(r"\d+", num))


def _grouped(num: str) -> bool:
    """Written as a phone is: a trunk 0, a '+' or a bracket first, or two groups or more."""
    return num[0] in "0+(" or _groups(num) >= 2


def _is_date(text: str, start: int, end: int) -> bool:
    at = max(0, start - 12)
    return any(a <= start - at and end - at <= b for a, b in full_dates(text[at:end]))


def odd_phones(text: str) -> list[RawSpan]:
    """Phones with a slash or "(0)" in them, and short phones after a phone word."""
    if not _DIGIT.search(text):
        return []
    out: list[RawSpan] = []
    if "/" in text or "(0)" in text:
        for m in _ODD.finditer(text):
            num = m.group("num").rstrip(" .-/")
            odd = "/" in num or "(0)" in num
            if odd and num[0] in "0+" and 9 <= _digits(num) <= 15 and not _TIME.search(num):
                s = m.start("num")
                if not _is_date(text, s, s + len(num)):
                    out.append((s, s + len(num), "PHONE_NUMBER", 0.7))
    if "+" in text:
        # "+61-2-5238-5827 (Alexandra)": a country code and three digit groups or more is
        # a phone, cue or none, whether or not its numbering plan gives it out yet.
        for m in _INTERNATIONAL.finditer(text):
            num = m.group("num")
            if 9 <= _digits(num) <= 15 and _groups(num) >= 3 and not _TIME.search(num):
                out.append((m.start("num"), m.end("num"), "PHONE_NUMBER", 0.7))
    for m in itertools.chain(_cued().finditer(text), _MY_NUMBER.finditer(text)):
        num = m.group("num").rstrip(" .-/")
        if 7 <= _digits(num) <= 15 and not _TIME.search(num) and not YEAR_RANGE.fullmatch(num):
            s = m.start("num")
            if not _is_date(text, s, s + len(num)):
                out.append((s, s + len(num), "PHONE_NUMBER", 0.6))
    return out


#: A whole line or a field of one ('Anna Berg | Sales | +31 323 654071'): maybe a
#: one-letter label ('M', 'T.', 'P:'), then a number in digit groups ('55 30 56 38',
#: '+45 34 00 24 99', '0176-123 45 67').
_LINE = regex.compile(
    r"(?m)(?:^|(?P<sep>[|·•]))[ \t]*(?:(?P<label>[TMPFHWCDO]\.?:?)[ \t]+)?"
    r"(?P<num>(?:(?:\+|00)\d{1,4}(?:[ \t]?\(0\))?[ .-]?\d{1,4}|\((?:\+|0)\d{1,4}\)|\d{1,4})"
    r"(?:[ .-]?\d{2,4}){1,5})[ \t]*(?:$|[|·•][ \t]*\S)",
    regex.V0,
)


_YEAR_FIRST = regex.compile(r"(?:19|20)\d\d[ .-]\d\d[ .-]\d\d")


def line_phones(text: str) -> list[RawSpan]:
    """Numbers in digit groups alone on their line (a signature's phone line)."""
    if "\n" not in text and not any(bar in text for bar in "|·•"):
        return []
    out: list[RawSpan] = []
    for m in _LINE.finditer(text):
        num = m.group("num")
        groups = _groups(num)
        if _YEAR_FIRST.fullmatch(num):
            continue
        # A field after '|' holds amounts too ('| 12 345 678 |'): a phone there starts
        # with its trunk 0 or its country code.
        if m.group("sep") and num[0] not in "0+(":
            continue
        # After a label ('T:', 'M') one run of digits will do; after a country code
        # or a trunk in brackets ('+31805 004008', '(0729) 636793') two groups; alone, three.
        least = 1 if m.group("label") else 2 if num.startswith(("+", "00", "(")) else 3
        if groups < least:
            continue
        if 8 <= _digits(num) <= 15 and not _is_date(text, m.start("num"), m.end("num")):
            out.append((m.start("num"), m.end("num"), "PHONE_NUMBER", 0.6))
    return out


#: A number a call-back word asks to dial: up to 60 characters after the word, in the
#: same sentence, in digit groups or as one run of nine digits or more.
_CALLBACK_NUMBER = regex.compile(
    r"(?<![\w+/.-])(?P<num>(?:\+|00)?\d{1,4}(?:[ .-]?\(?\d{1,5}\)?){1,5})(?![\w]|[.,/-]\d)",
    regex.V0,
)


#: A sentence ends at a full stop after a word of four letters ('Sr.' and 'Dr.' do not end
#: one), at '!' or '?', or at a line break.
_SENTENCE_STOP = regex.compile(r"(?<=\p{L}{4}|\d)\.(?:\s|$)|[!?](?:\s|$)|\n", regex.V0)


@cache
def _id_words() -> regex.Pattern[str]:
    alt = "|".join(
        regex.escape(w) for w in sorted(set(phrase_list("id_words")), key=len, reverse=True)
    )
    return regex.compile(rf"(?i)(?<![\w])(?:{alt})(?!\w)|#", regex.V0)


def _id_word_before(text: str, start: int, end: int) -> bool:
    """An order, ticket or account word (or '#') between a call-back word and a number."""
    return _id_words().search(text, start, end) is not None


@cache
def _callback() -> regex.Pattern[str]:
    cues = sorted(set(phrase_list("callback_cues")), key=len, reverse=True)
    alt = "|".join(regex.escape(c) for c in cues)
    return regex.compile(rf"(?i)(?<![\w])(?:{alt})(?!\w)", regex.V0)


#: Characters between a call-back word and a number of eight digits in one run.
_NEAR = 8


#: The same with the verb last, as German and Dutch write it: "unter +49 30 1234567
#: erreichbar", "bin ich unter (0032)-807579 zu erreichen", "ik ben op 06-12345678
#: bereikbaar", "ring mig på 070-123 45 67".
_VERB_LAST = regex.compile(
    r"(?i)(?<![\w])(?:unter|op|på|pod)[ \t]+(?P<num>(?:\+|00|\(00)?\(?\d{1,4}\)?"
    r"(?:[ .-]?\(?\d{1,5}\)?){1,5})[ \t]+(?:\p{L}+[ \t]+){0,2}?"
    r"(?:erreichbar|zu erreichen|anrufen|an|zurückrufen|bereikbaar|te bereiken|bellen|"
    r"terugbellen|nås|træffes|ringe|ringa)(?!\w)",
    regex.V0,
)


def callback_phones(text: str) -> list[RawSpan]:
    """The phone a call-back request names ('cb on 01 296 7807', 'devolver llamada al
    697 83 63 27', 'rappeler Dr Roux au +33 725791940') or a person can be reached on
    ('kan træffes på 52 08 42 25'): a number of eight to fifteen digits, the first one
    after the word within its sentence."""
    if not _DIGIT.search(text):
        return []
    out: list[RawSpan] = []
    for cue in _callback().finditer(text):
        window_end = min(len(text), cue.end() + 60)
        stop = _SENTENCE_STOP.search(text, cue.end(), window_end)
        end = stop.start() if stop else window_end
        for m in _CALLBACK_NUMBER.finditer(text, cue.end(), end):
            num = m.group("num").rstrip(" .-")
            if _id_word_before(text, cue.end(), m.start("num")):
                break  # 'call back about order 12345678': the order's number
            # Digit groups ('4715 2624'), a trunk 0 or '+', nine digits, or eight right
            # after the word ('kan træffes på 39657693': a Danish number has eight).
            grouped = _grouped(num)
            if num[0] not in "0+" and num.endswith("000"):
                break  # 'we reach 12 000 000 users': a round amount
            near = m.start("num") - cue.end() <= _NEAR
            long_enough = _digits(num) >= (8 if near else 9)
            if (grouped or long_enough) and 8 <= _digits(num) <= 15 and not _TIME.search(num):
                s = m.start("num")
                if not _is_date(text, s, s + len(num)):
                    out.append((s, s + len(num), "PHONE_NUMBER", 0.6))
                break
    for m in _VERB_LAST.finditer(text):
        num = m.group("num")
        if _grouped(num) and 8 <= _digits(num) <= 15 and not _TIME.search(num):
            s = m.start("num")
            if not _is_date(text, s, m.end("num")):
                out.append((s, m.end("num"), "PHONE_NUMBER", 0.6))
    return out
