"""E-mail addresses written to fool scrapers, and their spelling kept in the fake."""

from __future__ import annotations

import pytest

from anonymizers.detect.recognizers.obfuscated import obfuscated_emails, read_email, write_email
from anonymizers.offline import configure_offline

configure_offline()


def _found(text: str) -> list[str]:
    spans = sorted(obfuscated_emails(text), key=lambda s: (s[0], -s[1]))
    out: list[str] = []
    end = -1
    for s, e, _, _ in spans:
        if s >= end:  # the longest at each place, as the detector's resolve keeps it
            out.append(text[s:e])
            end = e
    return out


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Contact me at j dot doe at example dot org", "j dot doe at example dot org"),
        ("write to jdoe [at] example [dot] org", "jdoe [at] example [dot] org"),
        ("Mail: jdoe(at)example.org", "jdoe(at)example.org"),
        ("reach jdoe at example.org please", "jdoe at example.org"),
        ("it's jdoe@example . com", "jdoe@example . com"),
        ("schreib mir: anna punkt schmidt ät web punkt de", "anna punkt schmidt ät web punkt de"),
        ("marie.dupont (arobase) orange (point) fr", "marie.dupont (arobase) orange (point) fr"),
        (
            "correo: lucia.perez {arroba} gmail {punto} com",
            "lucia.perez {arroba} gmail {punto} com",
        ),
        ("email is JDoe AT Example DOT co DOT uk", "JDoe AT Example DOT co DOT uk"),
        # A log line's or a tracking link's query string, its "@" percent-encoded.
        (
            "GET /api/users?email=Jane.Doe%40gmail.com&page=2 HTTP/1.1",
            "Jane.Doe%40gmail.com",
        ),
    ],
)
def test_obfuscated_addresses(text: str, address: str) -> None:
    assert _found(text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Available at example.org today",
        "visit us at www.example.com",
        "meet me at the office at 10.30",
        "plain jdoe@example.org is the plain pattern's job",
        "we met at Heathrow at 2025-01-21 22:35:12.260447",
        "look at the dashboard dot matrix",
        "discount 20%40 items",
    ],
)
def test_no_address_where_there_is_none(text: str) -> None:
    assert _found(text) == []


def test_spelling_is_kept_for_another_address() -> None:
    form = read_email("j dot doe at example dot org")
    assert form is not None and form.plain == "j.doe@example.org"
    assert write_email(form, "ana.lima", "example.org") == "ana dot lima at example dot org"
    bracketed = read_email("jdoe [at] example [dot] co [dot] uk")
    assert bracketed is not None and bracketed.plain == "jdoe@example.co.uk"
    assert write_email(bracketed, "x.y", "mail.co.uk") == "x [dot] y [at] mail [dot] co [dot] uk"


def test_a_plain_address_ending_a_sentence_is_not_stretched() -> None:
    assert _found("Mail EwanDawson@dayrep.com. Is that right?") == []
    assert _found("jdoe [at] example [dot] org. Is that right?") == ["jdoe [at] example [dot] org"]


def test_a_percent_encoded_address_gets_a_fake_written_alike() -> None:
    form = read_email("robertdowns%40example.org")
    assert form is not None and form.plain == "robertdowns@example.org"
    assert write_email(form, "anna.k", "mail.de") == "anna.k%40mail.de"
