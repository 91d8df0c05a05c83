"""Telemetry and network off: the one switch, and a detector that never connects."""

from __future__ import annotations

import os
import socket

import pytest

from anonymizers.detect.nlp import build_analyzer
from anonymizers.detect.text import TextDetector
from anonymizers.offline import OFFLINE_ENVIRONMENT, configure_offline
from anonymizers.policy import Policy
from tests.helpers.detection import found


@pytest.mark.model
def test_no_network_when_building_and_detecting(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    policy = Policy.model_validate({"detection": {"entities": ["EMAIL_ADDRESS", "URL"]}})
    build_analyzer(policy)
    det = TextDetector(policy)
    text = "Reset link sent to linus.meier@bluewin.ch, see https://help.northwind.example/reset"
    got = found(det, text)
    assert got.get("linus.meier@bluewin.ch") == "EMAIL_ADDRESS"
    assert "URL" in got.values()


def test_configure_offline_switches_every_variable_and_pins_tldextract(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tldextract
    import tldextract.tldextract as tld_mod

    for var in OFFLINE_ENVIRONMENT:
        monkeypatch.setenv(var, "on")  # a user's own setting does not win
    configure_offline()
    configure_offline()  # any number of times
    assert {var: os.environ[var] for var in OFFLINE_ENVIRONMENT} == OFFLINE_ENVIRONMENT
    assert os.environ["DO_NOT_TRACK"] == "1"
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    extractor = tldextract.TLD_EXTRACTOR
    assert extractor is tld_mod.TLD_EXTRACTOR
    assert extractor.suffix_list_urls == ()
    assert extractor.fallback_to_snapshot
