"""What every shape's rows share: the row's person, someone only the text names, the
bundle's staff, its id, and the coincidences kept columns hold (a product line named like
a customer, a store tag equal to a customer's city)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.corpus.bundle import account
from bench.corpus.compose import Slots
from bench.corpus.labels import Ref
from bench.corpus.people import People, Person

NOUNS = ("Lamp", "Chair", "Bike", "Kettle", "Shelf", "Jacket", "Press")


@dataclass
class Row:
    person: Person
    relative: Person
    agent: str
    account: str
    digits: str


class Crowd:
    """The people of one bundle, drawn once so that kept columns can echo them."""

    def __init__(self, lang: str, rows: int, seed: int) -> None:
        self.lang = lang
        self.rng = random.Random(seed)
        self.people = People(lang, seed)
        self.staff = [self.people.person(home=True).full for _ in range(6)]
        self.rows = []
        for _ in range(rows):
            p = self.people.person()
            acct, digits = account(self.rng)
            self.rows.append(
                Row(p, self.people.relative(p), self.rng.choice(self.staff), acct, digits)
            )

    def product_line(self) -> str:
        """A brand named like some customer (kept: a product, not a person)."""
        return f"{self.rng.choice(self.rows).person.last} {self.rng.choice(NOUNS)}"

    def store(self) -> str:
        """A store or region tag equal to some customer's city (kept: a category)."""
        return self.rng.choice(self.rows[:12]).person.city

    def slots(self, row: Row, refs: dict[str, Ref], seed: int) -> Slots:
        return Slots(
            self.lang,
            "dev",
            random.Random(seed),
            row.person,
            row.relative,
            row.agent,
            row.digits,
            refs=refs,
        )
