"""E-mail columns: requests read column-wise, the two-word fast path, and domain labels
registered before any partition is faked."""

from __future__ import annotations

import random
import re

import pytest
from faker import Faker

from anonymizers.pseudonymise.generators import contact
from anonymizers.pseudonymise.keyed import KeyedHash, seed, seed_key
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = b"email-columns-test-key-32-bytes!"

#: Odd spellings next to plain ones: every rule of ``_email_names`` and ``_EMAIL``.
ODD = ["maria.garcia12@gmx.net", "Maria.Garcia7@GMX.net", "2cool4u@hodgson-bakery.co.uk",
       "j.smith+news@smith-farms.co.uk", "a1b23@example.org", "anna_lee-2@x.io",
       "OKAFOR@yahoo.com", "-@-.-", "j dot doe at example dot org", "li.wei@163.com",
       "zoë.müller@web.de", "bob.o'neil@aol.com", "maria..garcia@x.com", "maria.@x.com",
       ".maria@x.com", "+maria@x.com", "maria+a.b@x.com", "x@y.z", "mary@example.com",
       "xqzv@example.com", "a.b.c.d@e.f", "12.34@x.y", "ANNE-MARIE.SMITH-JONES@X.CO.UK",
       "a@b@c.d", "a@b", "a@.b", "a@b..", "tom_1.2@x.org", "  padded.name@x.org ",
       "jean-luc.picard@starfleet.fr", "k.o@x.de", "o.connor99@eircom.net"]  # fmt: skip


def _addresses(
    n: int, locales: tuple[str, ...] = ("en_US", "de_DE", "it_IT", "fr_FR")
) -> list[str]:
    """Realistic addresses of several locales: first.last at providers and a company."""
    rng = random.Random(7)
    fakers = [Faker(loc) for loc in locales]
    for i, fk in enumerate(fakers):
        fk.seed_instance(100 + i)
    out = []
    for _ in range(n):
        fk = rng.choice(fakers)
        first = fk.first_name().lower().replace(" ", "-")
        last = fk.last_name().lower().replace(" ", "")
        digits = str(rng.randrange(100)) if rng.random() < 0.5 else ""
        out.append(f"{first}{rng.choice('._-')}{last}{digits}@{fk.free_email_domain()}")
        out.append(f"{first}.{last}@brightline-freight.com")
    return out + ODD


@pytest.mark.parametrize("mix", [False, True])
def test_column_requests_are_those_asked_address_by_address(mix: bool) -> None:
    values = _addresses(400)
    column = Pseudonymizer(KEY, keep_locale_mix=mix)
    one_by_one = Pseudonymizer(KEY, keep_locale_mix=mix)
    for pz in (column, one_by_one):
        pz.reserve_name_parts(["smith", "garcia", "hodgson"])
    asked = column.part_requests("EMAIL_ADDRESS", values)
    assert len(values) >= contact._COLUMN_FROM
    saved = contact._COLUMN_FROM
    contact._COLUMN_FROM = 10**9  # every value through request_keys and ask
    try:
        expected = one_by_one.part_requests("EMAIL_ADDRESS", values)
    finally:
        contact._COLUMN_FROM = saved
    assert asked == expected
    assert ("first", "maria") in asked and ("last", "garcia") in asked
    assert not column.registry()[0]  # asking registers nothing


def test_the_two_word_fast_path_fakes_as_the_general_path(monkeypatch) -> None:
    values = _addresses(300)
    fast = Pseudonymizer(KEY)
    fakes = [fast.fake("EMAIL_ADDRESS", v) for v in values]
    monkeypatch.setattr(contact, "_FIRST_LAST", re.compile(r"(?!x)x"))  # never matches
    general = Pseudonymizer(KEY)
    assert [general.fake("EMAIL_ADDRESS", v) for v in values] == fakes
    plain = [f for v, f in zip(values, fakes, strict=True) if v.endswith("@brightline-freight.com")]
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*\.[a-z]+@brightline-freight\.com", f) for f in plain)
    # With the registry filled first (as a partitioned run does), any order of faking
    # gives each value the same fake.
    filled = Pseudonymizer(KEY)
    filled.preregister(Pseudonymizer(KEY).part_requests("EMAIL_ADDRESS", values))
    forward = [filled.fake("EMAIL_ADDRESS", v) for v in values]
    backward = Pseudonymizer(KEY)
    backward.load_registry(filled.registry())
    assert [backward.fake("EMAIL_ADDRESS", v) for v in reversed(values)] == forward[::-1]


def _registry_after(people: list[str], emails: list[str], labels: bool) -> Pseudonymizer:
    """The flow process's registry: requests of a fresh pseudonymizer (a partition's
    collect), then the bundle's name parts reserved and the requests registered."""
    collect = Pseudonymizer(KEY)
    requests = collect.part_requests("PERSON", people) | collect.part_requests(
        "EMAIL_ADDRESS", emails
    )
    if labels:
        requests |= collect.label_requests("EMAIL_ADDRESS", emails)
    pz = Pseudonymizer(KEY)
    pz.reserve_name_parts([w for p in people for w in p.casefold().split()])
    pz.preregister(requests)
    return pz


def test_a_domain_label_naming_someone_is_registered_before_faking() -> None:
    """ "ann-bakery.com" in a bundle with an Ann: the label is faked as a surname. Found
    only once the whole bundle's names are known, it used to be registered by whichever
    worker faked it first, so the registry depended on the partitioning."""
    people = ["Ann Smith", "Tom Lee", "Maria Garcia"]
    emails = ["tom.lee@ann-bakery.com", "x.smith@lee-farms.co.uk", "maria@garcia.io",
              "bo@gmx.net"]  # fmt: skip
    before = _registry_after(people, emails, labels=False)
    known = set(before.registry()[0])
    [before.fake("EMAIL_ADDRESS", e) for e in emails]
    assert set(before.registry()[0]) - known == {("last", "ann")}  # the old gap

    pz = _registry_after(people, emails, labels=True)
    known = set(pz.registry()[0])
    fakes = [pz.fake("EMAIL_ADDRESS", e) for e in emails]
    assert set(pz.registry()[0]) == known  # faking registers nothing
    assert "ann" not in fakes[0] and fakes[0].endswith("-bakery.com")
    # two workers faking in other orders give the same fakes
    for order in (emails[::-1], emails[1:] + emails[:1]):
        worker = Pseudonymizer(KEY)
        worker.load_registry(pz.registry())
        assert {e: worker.fake("EMAIL_ADDRESS", e) for e in order} == dict(
            zip(emails, fakes, strict=True)
        )


def test_label_requests_skip_suffixes_providers_and_short_pieces() -> None:
    pz = Pseudonymizer(KEY)
    got = pz.label_requests(
        "EMAIL_ADDRESS",
        ["a.b@smith-farms.co.uk", "c@gmx.net", "d@ab-xyz.com", "jdoe at lee dot org"],
    )
    assert got == {("label", "smith"), ("label", "farms"), ("label", "xyz"), ("label", "lee")}
    assert pz.label_requests("PERSON", ["Ann Lee"]) == set()


def test_seeds_are_seed_per_value() -> None:
    keyed = KeyedHash(KEY)
    sub = seed_key(KEY, "fake", "EMAIL_ADDRESS")
    norms, attempts = ["ana.souza@example.org", "zoë@x.de", ""], [0, 7, 512]
    assert keyed.seeds("fake", "EMAIL_ADDRESS", norms, attempts) == [
        seed(sub, n, a) for n, a in zip(norms, attempts, strict=True)
    ]
