"""url_encoding: a URL's percent-encoded query and HTML's character references read as
text, and fakes written back so."""

from __future__ import annotations

from anonymizers.detect.known import KnownValues
from anonymizers.detect.url_encoding import (
    Decoded,
    decoded,
    encoded_like,
    has_escapes,
    has_references,
    html_read,
    url_written,
)

REQUEST = '"GET /account/reset?email=marta.%40o2.pl&name=Marta+%C5%BBak HTTP/1.1" 200 +48 17'


def _reads(text: str, read: str, written: str) -> Decoded:
    """``text``'s decoded view, in which ``read`` stands where ``text`` wrote ``written``."""
    view = decoded(text)
    assert view is not None
    at = view.text.index(read)
    assert text[slice(*view.original(at, at + len(read)))] == written
    assert view.changed(at, at + len(read))
    return view


def test_a_query_string_is_read_with_its_escapes_and_pluses_decoded() -> None:
    view = _reads(REQUEST, "Marta Żak", "Marta+%C5%BBak")
    assert "email=marta.@o2.pl&name=Marta Żak HTTP/1.1" in view.text
    # Outside the query a "+" stays a plus (a phone's), and is not a change.
    assert view.text.endswith("200 +48 17")
    assert not view.changed(len(view.text) - 6, len(view.text))


def test_text_without_escapes_or_with_escapes_that_are_no_text_is_left_alone() -> None:
    assert decoded("Refund approved, 100% sure, see ticket 4412") is None
    assert decoded("Path /a%zz/b and /c%ff%fe") is None  # not UTF-8: bytes, not text
    assert decoded("GET /search?q=a HTTP/1.1") is None  # nothing written otherwise
    assert not has_escapes("50% off")


def test_a_fake_is_written_the_way_its_original_was() -> None:
    assert encoded_like("Marta+%C5%BBak", "Łucja Nowak") == "%C5%81ucja+Nowak"
    assert encoded_like("marta.%40o2.pl", "ola.k@wp.pl") == "ola.k%40wp.pl"
    # Lower-case hex and spaces written %20 stay so.
    assert encoded_like("Zo%c3%ab%20Roy", "Zoë Smith") == "Zo%c3%ab%20Smith"
    assert encoded_like("Marta Zak", "Ola Nowak") == "Ola Nowak"  # not encoded: as is


def test_known_values_are_found_where_a_url_encodes_them_and_stand_for_the_value() -> None:
    known = KnownValues.blank(3)
    known.add("EMAIL_ADDRESS", "marta.@o2.pl")
    known.add("PERSON", "Marta Żak")
    spans = known.find(REQUEST)
    got = {REQUEST[s.start : s.end]: (s.entity, s.stands_for) for s in spans}
    # The whole encoded value wins over the first name read in the text as written.
    assert got == {
        "marta.%40o2.pl": ("EMAIL_ADDRESS", "marta.@o2.pl"),
        "Marta+%C5%BBak": ("PERSON", "Marta Żak"),
    }
    # A partition's index keeps the values whose anchors its texts hold: the decoded
    # words count ("Łucja Żak" has no letter of its name unescaped here).
    encoded = "GET /profile?name=%C5%81ucja+%C5%BBak HTTP/1.1"
    known.add("PERSON", "Łucja Żak")
    assert known.lookups_of("PERSON", "Łucja Żak") & KnownValues.lookups(encoded)
    assert [encoded[s.start : s.end] for s in known.find(encoded)] == ["%C5%81ucja+%C5%BBak"]


def test_a_surname_that_is_an_http_method_is_no_name_in_a_request_line() -> None:
    known = KnownValues.blank(3)
    known.add("PERSON", "Sjoerd Post")
    assert known.find('"POST /checkout/pay HTTP/1.1" 200') == []
    assert [s.entity for s in known.find("Called Mr Post about the refund")] == ["LAST_NAME"]


def test_only_a_value_a_url_wrote_gets_its_fake_encoded() -> None:
    assert url_written("Marta+%C5%BBak", "Marta Żak")
    assert url_written("Marta+Zak", "Marta Zak")
    # An id's core that holds a plus is no URL's writing of it.
    assert not url_written("+4412345", "+4412345")
    assert not url_written("acc 553120", "ACC-553120")


BODY = "<p>Hi, I&#39;m Aoife O&#x27;Brien from M&uuml;ller &amp; Sons.</p><p>Tom &amp Jerry</p>"


def test_html_character_references_are_read_where_html_knows_them() -> None:
    view = _reads(BODY, "O'Brien", "O&#x27;Brien")
    assert "I'm Aoife O'Brien from Müller & Sons." in view.text
    assert "Tom &amp Jerry" in view.text  # no ";": left as written
    assert decoded("Fish & chips, R&D, ?a=1&b=2") is None
    assert not has_references("&nosuchname; and &#1; only")


def test_a_fake_in_html_takes_the_originals_references() -> None:
    assert url_written("O&#x27;Brien", "O'Brien")
    assert encoded_like("O&#x27;Brien", "D'Arcy & Co") == "D&#x27;Arcy &amp; Co"
    assert encoded_like("O&#39;Brien", "Grace O'Neill") == "Grace O&#39;Neill"
    assert encoded_like("M&uuml;ller", "Lena Schäfer") == "Lena Schäfer"


def test_known_values_are_found_where_html_escapes_them() -> None:
    known = KnownValues.blank(3)
    known.add("PERSON", "Aoife O'Brien")
    known.add("LAST_NAME", "Müller")
    got = {BODY[s.start : s.end]: (s.entity, s.stands_for) for s in known.find(BODY)}
    assert got == {
        "Aoife O&#x27;Brien": ("PERSON", "Aoife O'Brien"),
        "M&uuml;ller": ("LAST_NAME", "Müller"),
    }


def test_html_is_read_as_its_reader_sees_it_for_detection() -> None:
    body = '<p>Thanks,<br/>J&uuml;rgen <b>M&uuml;ller</b></p><a href="mailto:j@ex.de">mail</a>'
    view = html_read(body)
    assert view is not None
    # A block tag is a line break, an inline one nothing; a tag with attributes (a
    # mailto: link's address) stays as written, for detection to read.
    assert view.text == '\nThanks,\nJürgen Müller\n<a href="mailto:j@ex.de">mail'
    at = view.text.index("Jürgen Müller")
    assert body[slice(*view.original(at, at + len("Jürgen Müller")))] == (
        "J&uuml;rgen <b>M&uuml;ller"
    )
    assert html_read("Fish & chips for 2 < 3") is None
