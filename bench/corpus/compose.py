"""Free text from sentence templates: slots filled with labelled values.

A template is plain text with ``{slot}`` markers. Literal text is labelled as
non-personal ("common"), every slot writes a labelled value: a personal one (entity, kind
of case, and the table cell it mentions, if any) or a non-personal item (greeting, month,
holiday, product, technical string). Templates live in ``phrases.py`` (dev) and
``heldout.py`` (held out); this module only knows how to fill them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from bench.corpus import vocab
from bench.corpus.labels import Ref, Writer, name_tokens, street_tokens
from bench.corpus.people import Person, ascii_fold

_SLOT = re.compile(r"\{(\w+)\}")
TECH = {
    "ua": (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.2 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    ),
    "url": (
        "https://status.example-shop.com/incidents/8812",
        "https://help.example-shop.com/hc/articles/360012345-Returns",
        "https://app.example-shop.com/settings/billing?tab=invoices",
    ),
    "path": (
        "C:\\Users\\Public\\Downloads\\invoice_2024.pdf",
        "/var/log/app/worker-3.log",
        "~/Library/Caches/ExampleShop/cache.db",
    ),
    "version": ("v2.14.3", "3.9.1-beta", "build 20241107.2", "iOS 17.1.2", "Android 14"),
}


@dataclass
class Slots:
    """What one cell's template may mention, and how to label it."""

    lang: str
    split: str
    rng: random.Random
    person: Person
    relative: Person
    agent: str = ""
    account: str = ""
    company: str = "Example Shop"
    refs: dict[str, Ref] = field(default_factory=dict)
    dob_forms: tuple[str, ...] = ("dmy_slash",)
    obf_forms: tuple[str, ...] = ("words",)

    def name(self, w: Writer, p: Person, which: str, case: str, own: bool) -> None:
        """A name, part by part: each part refers to its own table cell when known."""
        variant = own and self.rng.random() < 0.15
        parts = {"first": p.first, "last": p.last}
        order = ["first", "last"] if which == "full" else [which]
        if which == "full" and own and "full" in self.refs:
            value = self._vary(p.full, variant)
            w.pii(
                value,
                "PERSON",
                "name_variant" if variant else case,
                name_tokens(value),
                self.refs["full"],
            )
            return
        for i, part in enumerate(order):
            if i:
                w.plain(" ")
            value = self._vary(parts[part], variant)
            ref = self.refs.get(part) if own else None
            if own and ref is None and "full" in self.refs:
                ref = Ref(
                    self.refs["full"].table, self.refs["full"].column, self.refs["full"].row, part
                )
            w.pii(value, "PERSON", "name_variant" if variant else case, name_tokens(value), ref)

    @staticmethod
    def _vary(value: str, variant: bool) -> str:
        if not variant:
            return value
        folded = ascii_fold(value)
        return value.upper() if folded == value else folded

    def fill(self, w: Writer, slot: str) -> None:
        p, r, rng, lang = self.person, self.relative, self.rng, self.lang
        own = "table_person_mention"
        if slot in ("first", "last", "full"):
            self.name(w, p, slot, own, True)
        elif slot == "agent":
            w.pii(
                self.agent,
                "PERSON",
                "agent_mention",
                name_tokens(self.agent),
                self.refs.get("agent"),
            )
        elif slot in ("rel", "rel_first"):
            self.name(w, r, "full" if slot == "rel" else "first", "text_only_person", False)
        elif slot == "rel_address":
            w.pii(r.street, "STREET_ADDRESS", "address_text_only", street_tokens(r.street))
            w.plain(", ")
            w.pii(r.postcode, "ZIP_CODE", "address_text_only")
            w.plain(" ")
            w.pii(r.city, "CITY", "address_text_only")
        elif slot == "rel_email":
            # A public mail domain kept by a fake is no leak; a sole trader's own domain
            # ("smith-farms.co.uk") names the person, so its surname is a leak token.
            local, _, domain = r.email.partition("@")
            label = domain.split(".")[0]
            owner = [label.split("-")[0]] if "-" in label else []
            parts = [t for t in re.split(r"[._\-]", local) + owner if len(t) >= 3]
            w.pii(r.email, "EMAIL_ADDRESS", "text_only_email", [r.email, *parts])
        elif slot == "rel_phone":
            w.pii(r.phone, "PHONE_NUMBER", "text_only_person")
        elif slot == "address":
            w.pii(
                p.street,
                "STREET_ADDRESS",
                "table_address_mention",
                street_tokens(p.street),
                self.refs.get("street"),
            )
            w.plain(", ")
            w.pii(p.postcode, "ZIP_CODE", "table_address_mention", None, self.refs.get("postcode"))
            w.plain(" ")
            w.pii(p.city, "CITY", "table_address_mention", None, self.refs.get("city"))
        elif slot == "city":
            w.pii(p.city, "CITY", "table_address_mention", None, self.refs.get("city"))
        elif slot == "dob":
            form = rng.choice(self.dob_forms)
            value = vocab.written_date(p.dob, lang, form)
            year = str(p.dob.year)
            w.pii(value, "DATE_OF_BIRTH", "dob_written", [value] + [year] * (year in value))
        elif slot == "natid":
            w.pii(
                p.national_id,
                "NATIONAL_ID",
                "national_id",
                [p.national_id, p.national_id.replace(" ", "")],
            )
        elif slot == "acct":
            w.pii(self.account, "ID", "unprefixed_id")
        elif slot == "email":
            w.pii(p.email, "EMAIL_ADDRESS", "email_in_text", None, self.refs.get("email"))
        elif slot == "email_obf":
            value, tokens = obfuscate(p.email, lang, rng.choice(self.obf_forms))
            w.pii(value, "EMAIL_ADDRESS", "obfuscated_email", tokens)
        elif slot == "phone":
            w.pii(p.phone, "PHONE_NUMBER", "phone_in_text", None, self.refs.get("phone"))
        elif slot == "greet":
            w.plain(vocab.pick(rng, lang, vocab.GREETINGS), "greeting")
        elif slot == "signoff":
            w.plain(vocab.pick(rng, lang, vocab.SIGNOFFS), "signoff")
        elif slot == "month":
            w.plain(vocab.month(lang, rng.randint(1, 12)), "month")
        elif slot == "holiday":
            w.plain(vocab.pick(rng, lang, vocab.HOLIDAYS), "holiday")
        elif slot == "product":
            w.plain(vocab.pick(rng, lang, vocab.PRODUCTS), "product")
        elif slot == "company":
            w.plain(self.company, "company")
        elif slot in TECH:
            w.plain(rng.choice(TECH[slot]), "technical")
        elif slot == "day":
            w.plain(str(rng.randint(2, 28)))
        elif slot == "order":
            w.plain(f"{rng.randint(100000, 999999)}")
        elif slot == "amount":
            w.plain(f"{rng.randint(12, 480)},{rng.randint(0, 99):02d}")
        else:
            raise KeyError(f"unknown slot {slot}")


def obfuscate(email: str, lang: str, form: str) -> tuple[str, list[str]]:
    """An e-mail written so a scraper misses it; tokens: the whole and the local words."""
    local, _, domain = email.partition("@")
    at, dot = vocab.AT_DOT[lang]
    if form == "brackets":
        at, dot = f"[{at}]", f"[{dot}]"
    elif form == "parens":
        at, dot = "(at)", "(dot)"
    elif form == "caps":
        at, dot = at.upper(), dot.upper()
    elif form == "spaced":
        at, dot = "@", "."
    value = f"{local.replace('.', f' {dot} ')} {at} {domain.replace('.', f' {dot} ')}"
    locals_ = [t for t in re.split(r"[._\-]", local) if len(t) >= 3]
    return value, [value, *locals_]


def render(template: str, slots: Slots, w: Writer) -> Writer:
    """Append one template to ``w``: literal text is non-personal, slots are labelled."""
    pos = 0
    for m in _SLOT.finditer(template):
        if m.start() > pos:
            w.plain(template[pos : m.start()], "common")
        slots.fill(w, m.group(1))
        pos = m.end()
    if pos < len(template):
        w.plain(template[pos:], "common")
    return w
