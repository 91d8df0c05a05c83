"""Keyed subject digests and the subject index (deletion requests), and opt-out lists."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path

import pytest

from anonymizers.certify import keys
from anonymizers.certify.manifest import validate_manifest
from anonymizers.errors import InputError
from anonymizers.governance import subjects
from anonymizers.policy import SubjectsConfig
from anonymizers.pseudonymise.keyed import DERIVATION, frame
from tests.helpers.run_folders import make_predicate, make_run_folder

CUSTOMER_IDS = ["C-10482", "C-10483", "C-10484", "c-10482 ", "", "EMP-2291"]


@pytest.fixture
def key() -> bytes:
    return secrets.token_bytes(32)


def test_digest_is_keyed_hmac_of_normalised_id(key: bytes) -> None:
    expected = hmac.new(key, frame("subject", "c-10482"), hashlib.sha256).hexdigest()
    assert subjects.subject_digest(key, "  C-10482\t") == expected
    assert subjects.subject_digest(key, "c-10482") == expected
    assert subjects.subject_digest(key, "C-10483") != expected
    # another key, another digest: nobody without the key can test membership
    assert subjects.subject_digest(secrets.token_bytes(32), "C-10482") != expected
    # domain-separated from an unkeyed hash of the id
    assert expected != hashlib.sha256(b"c-10482").hexdigest()


def test_index_is_sorted_unique_and_never_holds_an_id(key: bytes) -> None:
    index = subjects.subject_index(key, CUSTOMER_IDS)
    wanted = {
        subjects.subject_digest(key, i) for i in ("C-10482", "C-10483", "C-10484", "EMP-2291")
    }
    assert index["digests"] == sorted(wanted)
    assert index["count"] == 4
    assert index["algorithm"] == DERIVATION
    assert index["key_id"] == keys.pseudonym_key_id(key)
    text = json.dumps(index).casefold()
    for raw in CUSTOMER_IDS:
        if raw.strip():
            assert raw.strip().casefold() not in text


def test_index_fits_the_manifest_schema(tmp_path: Path, key: bytes) -> None:
    run = make_run_folder(tmp_path / "out")
    predicate = make_predicate(run)
    predicate["subject_index"] = subjects.subject_index(key, CUSTOMER_IDS)
    validate_manifest(predicate)
    predicate["subject_index"]["digests"].append("C-10482")
    with pytest.raises(Exception, match="subject_index"):
        validate_manifest(predicate)


def test_index_contains(key: bytes) -> None:
    index = subjects.subject_index(key, CUSTOMER_IDS)
    assert subjects.index_contains(index, key, "c-10484") is True
    assert subjects.index_contains(index, key, "C-99999") is False
    assert subjects.index_contains(index, secrets.token_bytes(32), "C-10484") is None
    assert subjects.index_contains(None, key, "C-10484") is None
    assert subjects.index_contains({**index, "algorithm": "md5"}, key, "c-10484") is None


def test_an_index_made_before_the_keyed_derivation_is_still_checked(key: bytes) -> None:
    """A run certified with the v1 subject digest (``subject\\x00`` + id) must still be
    found by a deletion request, or forget would leave its subjects in a served dataset."""
    old = {
        "algorithm": "hmac-sha256",
        "key_id": keys.pseudonym_key_id(key),
        "count": 2,
        "digests": sorted(
            hmac.new(key, b"subject\x00" + i.encode(), hashlib.sha256).hexdigest()
            for i in ("c-10482", "emp-2291")
        ),
    }
    assert subjects.index_contains(old, key, " C-10482") is True
    assert subjects.index_contains(old, key, "C-10483") is False
    new = subjects.subject_index(key, ["C-10482", "EMP-2291"])
    assert set(new["digests"]).isdisjoint(old["digests"])  # the versions really differ


def test_opt_outs_from_text_file_and_inline(tmp_path: Path) -> None:
    listing = tmp_path / "opt_outs.txt"
    listing.write_text(
        "# customers who withdrew consent for AI use (ticket PRIV-311)\n"
        "C-10482\n\n  c-20931  \n# C-55555 re-consented on 2025-04-02\n"
    )
    cfg = SubjectsConfig(opt_out_file=listing, opt_out_ids=["EMP-2291", " C-10482"])
    assert subjects.load_opt_outs(cfg) == {"c-10482", "c-20931", "emp-2291"}


def test_opt_outs_from_csv_first_column(tmp_path: Path) -> None:
    table = tmp_path / "consent_withdrawals.csv"
    table.write_text(
        "customer_id,withdrawn_on,channel\nC-10482,2025-03-14,email\nC-20931,2025-05-02,phone\n"
    )
    assert subjects.load_opt_outs(SubjectsConfig(opt_out_file=table)) == {"c-10482", "c-20931"}


def test_opt_out_file_problems_are_one_line_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="opt-out file not found"):
        subjects.load_opt_outs(SubjectsConfig(opt_out_file=tmp_path / "missing.txt"))
    latin = tmp_path / "opt_outs.txt"
    latin.write_bytes("Jos\xe9 Mu\xf1oz\n".encode("latin-1"))
    with pytest.raises(InputError, match="unreadable") as err:
        subjects.load_opt_outs(SubjectsConfig(opt_out_file=latin))
    assert "\n" not in str(err.value) and "Mu" not in str(err.value)
    assert subjects.load_opt_outs(SubjectsConfig()) == set()
