"""Templates filled with labelled values: one support text with its truth spans.

A template is text with ``{slot}`` markers. Literal text is labelled non-personal
("common"); a slot writes a value of one of three people of the message (``a`` the
customer, ``b`` the agent or colleague, ``c`` someone else the text names), labelled with
its entity and the style it was written in (``case``), or a non-personal item (order
number, company, time, weekday). Slot names: ``kind`` or ``kind_b`` / ``kind_c``.

Personal kinds: full, name (styled: lower case, capitals, title and initials, "Last,
First"), first, tlast (title + last name), email, handle, phone, street, zip, city, addr
(one line), addr_block (lines), dob, natid, iban, card, ip, acct, sig (a signature block).
Non-personal kinds: natid_word, order, company, job, time, wd, month, day.
"""

from __future__ import annotations

import random
import re

from bench.corpus.labels import PARTICLES, Writer, street_tokens
from bench.support_s28.values import Subject, Values

_SLOT = re.compile(r"\{(\w+)\}")
P, E, PH, ST, ZIP, CITY, DOB = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "STREET_ADDRESS",
    "ZIP_CODE",
    "CITY",
    "DATE_OF_BIRTH",
)


def person_tokens(value: str) -> list[str]:
    """The parts of a written name that identify it, in whatever case it is written:
    particles and initials left out."""
    parts = [p.strip(".,()") for p in re.split(r"[\s,]+", value)]
    out = [
        p for p in parts if len(p) >= 2 and not p.endswith(".") and p.casefold() not in PARTICLES
    ]
    return out or [value]


class Message:
    """One text: three people, a writer, and the slot handlers."""

    def __init__(self, values: Values, rng: random.Random, split: str) -> None:
        self.v = values
        self.rng = rng
        self.lang = values.lang
        self.people: dict[str, Subject] = {
            "a": values.subject(),
            "b": values.subject(),
            "c": values.subject(),
        }
        self.w = Writer(split)
        #: One style per person and message, as one writer keeps to one habit.
        self.styles = {k: self._style() for k in self.people}

    def _style(self) -> str:
        r = self.rng.random()
        for share, style in (
            (0.40, "normal"),
            (0.52, "lower"),
            (0.62, "caps"),
            (0.74, "title_initials"),
            (0.84, "comma"),
            (0.92, "initial_last"),
            (1.0, "caps_last"),
        ):
            if r < share:
                return style
        return "normal"

    # --- writing ----------------------------------------------------------------------

    def fill(self, template: str) -> Message:
        pos = 0
        for m in _SLOT.finditer(template):
            if m.start() > pos:
                self.w.plain(template[pos : m.start()], "common")
            kind, _, who = m.group(1).rpartition("_")
            if who not in ("a", "b", "c"):
                kind, who = m.group(1), "a"
            self._slot(kind, who)
            pos = m.end()
        if pos < len(template):
            self.w.plain(template[pos:], "common")
        return self

    def _pii(self, value: str, entity: str, case: str, tokens: list[str] | None = None) -> None:
        self.w.pii(value, entity, case, tokens or [value])

    def _name(self, s: Subject, style: str) -> None:
        first, last = s.first, s.last
        w = self.w
        if style == "normal":
            v = f"{first} {last}"
        elif style == "lower":
            v = f"{first} {last}".lower()
        elif style == "caps":
            v = f"{first} {last}".upper()
        elif style == "caps_last":
            v = f"{last.upper()} {first}"
        elif style == "comma":
            v = f"{last}, {first}"
        elif style == "initial_last":
            v = f"{first[0]}. {last}"
        else:  # title_initials
            w.plain(self.v.title(s) + " ", "title")
            initials = [p[0] + "." for p in first.replace("-", " ").split()]
            if self.rng.random() < 0.5:
                initials.append(self.rng.choice("ABCDEFGHJKLMNPRSTW") + ".")
            v = f"{' '.join(initials)} {last}"
        self._pii(v, P, f"name_{style}", person_tokens(v))

    def _addr(self, s: Subject, block: bool, case: str) -> None:
        w, sep = self.w, "\n" if block else ", "
        self._pii(s.street, ST, case, street_tokens(s.street))
        w.plain(sep)
        if s.locale in ("en_GB", "en_IE"):
            self._pii(s.city, CITY, case)
            w.plain(sep if block else " ")
            self._pii(s.postcode, ZIP, case)
        elif s.locale == "en_US":
            self._pii(s.city, CITY, case)
            w.plain(f", {s.region} ")
            self._pii(s.postcode, ZIP, case)
        else:
            self._pii(s.postcode, ZIP, case)
            w.plain(" ")
            self._pii(s.city, CITY, case)

    def _sig(self, who: str, s: Subject) -> None:
        """A signature block: name, maybe job and company, phone, maybe address."""
        w, v, rng = self.w, self.v, self.rng
        w.plain("\n-- \n" if rng.random() < 0.3 else "\n")
        self._name(s, rng.choice(("normal", "normal", "caps_last", "title_initials")))
        if who != "a" or rng.random() < 0.3:
            w.plain("\n")
            w.plain(v.job(s), "job")
            w.plain(rng.choice((" | ", "\n", ", ")))
            w.plain(v.company(s), "company")
        w.plain("\n" + rng.choice(("T: ", "Tel. ", "M ", "Mob: ", "☎ ", "")))
        self._pii(v.phone(s), PH, "signature")
        if rng.random() < 0.5:
            w.plain(rng.choice(("\n", " | ")))
            self._pii(s.email, E, "signature")
        if who == "a" and rng.random() < 0.6:
            w.plain("\n")
            self._addr(s, True, "signature")

    def _slot(self, kind: str, who: str) -> None:
        s = self.people[who]
        w, v = self.w, self.v
        if kind == "full":
            self._name(s, "normal")
        elif kind == "name":
            self._name(s, self.styles[who])
        elif kind == "first":
            first = s.first.lower() if self.styles[who] == "lower" else s.first
            self._pii(first, P, "first_lower" if first.islower() else "first", person_tokens(first))
        elif kind == "tlast":
            w.plain(v.title(s) + " ", "title")
            last = s.last.lower() if self.styles[who] == "lower" else s.last
            self._pii(last, P, "title_last", person_tokens(last))
        elif kind == "email":
            self._pii(s.email, E, "email")
        elif kind == "handle":
            self._pii(s.handle, "USERNAME", "handle")
        elif kind == "phone":
            self._pii(v.phone(s), PH, "phone")
        elif kind == "street":
            self._pii(s.street, ST, "street", street_tokens(s.street))
        elif kind == "zip":
            self._pii(s.postcode, ZIP, "zip")
        elif kind == "city":
            self._pii(s.city, CITY, "city")
        elif kind == "addr":
            self._addr(s, False, "addr_line")
        elif kind == "addr_block":
            self._addr(s, True, "addr_block")
        elif kind == "dob":
            self._pii(v.dob(s), DOB, "dob")
        elif kind == "natid":
            self._pii(s.natid, "NATIONAL_ID", s.locale)
        elif kind == "natid_word":
            w.plain(s.natid_word, "id_word")
        elif kind == "iban":
            self._pii(s.iban, "IBAN_CODE", "iban")
        elif kind == "card":
            self._pii(v.card(), "CREDIT_CARD", "card")
        elif kind == "ip":
            self._pii(v.ip(), "IP_ADDRESS", "ip")
        elif kind == "acct":
            self._pii(v.account(), "ID", "account")
        elif kind == "sig":
            self._sig(who, s)
        elif kind == "order":
            w.plain(v.order(), "order")
        elif kind == "company":
            w.plain(v.company(s), "company")
        elif kind == "job":
            w.plain(v.job(s), "job")
        elif kind == "time":
            w.plain(v.clock(), "time")
        elif kind in ("wd", "month", "day"):
            wd, month, day = v.day_month()
            w.plain({"wd": wd, "month": month, "day": str(day)}[kind], "date")
        else:
            raise KeyError(f"unknown slot {kind}_{who}")
