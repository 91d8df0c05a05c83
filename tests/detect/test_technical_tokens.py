"""User agents and file paths pasted into human text: no guesses inside them."""

from __future__ import annotations

from anonymizers.detect.spans import Span
from anonymizers.detect.technical_tokens import drop_in_technical, technical_regions
from anonymizers.detect.text import TextDetector
from tests.helpers.detection import found

UA_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91"
)
UA_ANDROID = (
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/119.0.6045.163 Mobile Safari/537.36"
)


def _at(text: str, value: str, entity: str, source: str) -> Span:
    s = text.index(value)
    return Span(s, s + len(value), entity, 0.85, source)


def test_user_agents_and_paths_are_found_whole() -> None:
    text = f"Sent from {UA_ANDROID}, log at /Users/Shared/Logs/sync-2024-11.log today."
    assert [text[a:b] for a, b in technical_regions(text)] == [
        UA_ANDROID,
        "/Users/Shared/Logs/sync-2024-11.log",
    ]
    assert technical_regions(r"Dump: C:\ProgramData\AcmeTools\dumps\crash_0412.dmp") == [(6, 51)]
    assert technical_regions("Ich bin 24/7 erreichbar, Zimmer 3/12.") == []


def test_guesses_and_version_numbers_inside_go_certain_values_stay() -> None:
    text = f"El error sale con {UA_EDGE}; escribidme a ana.ruiz@example.org."
    spans = [
        _at(text, "Gecko", "LOCATION", "ner"),
        _at(text, "120.0.0.0", "IP_ADDRESS", "pattern"),
        _at(text, "120.0.2210.91", "PHONE_NUMBER", "ner"),
        _at(text, "ana.ruiz@example.org", "EMAIL_ADDRESS", "pattern"),
    ]
    assert [text[s.start : s.end] for s in drop_in_technical(text, spans)] == [
        "ana.ruiz@example.org"
    ]
    home = "The export is in /home/okonkwo/exports/ and fails."
    known = _at(home, "okonkwo", "LAST_NAME", "known")
    assert drop_in_technical(home, [known]) == [known]
    # The attachments probe: a home folder's login no table holds ("/Users/laura.ramos/")
    # was read by the user-name rule, then dropped as a guess inside a path.
    mac = "/Users/laura.ramos/Desktop/"
    login = _at(mac, "laura.ramos", "ID", "pattern")
    assert drop_in_technical(mac, [login]) == [login]
    assert drop_in_technical(mac, [_at(mac, "Desktop", "ID", "pattern")]) == []


def test_a_pasted_user_agent_keeps_its_words(detector: TextDetector) -> None:
    ua = (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.2 Safari/605.1.15"
    )
    for text in (
        f"Checkout fails in my browser: {ua}. Thanks, Priya Raman",
        f"Der Fehler kommt mit {UA_ANDROID}, Grüße Jonas Weber",
    ):
        got = found(detector, text)
        assert not any(k in text[text.index("Mozilla") :] and "Mozilla" in k for k in got)
        assert not any(k in ("Intel Mac", "Mac", "Gecko", "Safari", "Chrome") for k in got), got
        assert any(v == "PERSON" for v in got.values()), got  # the signature is still found
