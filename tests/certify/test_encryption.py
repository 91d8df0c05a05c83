"""Encryption at rest: data keys, the file envelope, Parquet modular encryption, and the
manifest entry (which names the key, never holds it)."""

from __future__ import annotations

import json
import os
import secrets
import stat
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from anonymizers.certify import encryption as crypto
from anonymizers.certify.encryption import CryptoError
from anonymizers.certify.manifest import validate_manifest
from anonymizers.errors import KeyError_
from anonymizers.policy import EncryptionConfig
from tests.helpers.run_folders import EMPLOYEES_CSV, TICKETS_JSONL, make_predicate, make_run_folder

SURVEY_JSON = json.dumps(
    [
        {"respondent": "Marisol Okafor", "team": "Finance", "score": 4},
        {"respondent": "Tobias Lindqvist", "team": "Engineering", "score": 5},
    ]
)


@pytest.fixture
def key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def run(tmp_path: Path) -> Path:
    """A run folder with csv, jsonl, json and parquet outputs, as the flow leaves it."""
    folder = make_run_folder(tmp_path / "out")
    (folder / "data" / "survey.json").write_text(SURVEY_JSON, encoding="utf-8")
    pl.read_csv(folder / "data" / "employees.csv").write_parquet(
        folder / "data" / "employees_hr.parquet"
    )
    return folder


def test_data_key_sources_env_then_file_then_home(
    tmp_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    with pytest.raises(KeyError_, match="keys init-data"):
        crypto.load_data_key(EncryptionConfig(), home)
    made = crypto.init_data_key(home)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    home_key = crypto.load_data_key(EncryptionConfig(), home)
    assert len(home_key) == 32
    with pytest.raises(KeyError_, match="already exists"):
        crypto.init_data_key(home)
    key_file = tmp_path / "vault" / "hr.key"
    key_file.parent.mkdir()
    key_file.write_text(key.hex())
    assert crypto.load_data_key(EncryptionConfig(key_file=key_file), home) == key
    other = secrets.token_bytes(32)
    monkeypatch.setenv("SAFESET_DATA_KEY", other.hex())
    assert crypto.load_data_key(EncryptionConfig(key_file=key_file), home) == other
    monkeypatch.setenv("SAFESET_DATA_KEY", "ab" * 16)
    with pytest.raises(KeyError_, match="must be 32 bytes") as err:
        crypto.load_data_key(EncryptionConfig(), home)
    assert "ab" * 16 not in str(err.value)


def test_round_trip_every_format(run: Path, key: bytes, tmp_path: Path) -> None:
    originals = {p.name: p.read_bytes() for p in (run / "data").iterdir() if p.suffix != ".parquet"}
    table = pq.read_table(run / "data" / "employees_hr.parquet")
    entry = crypto.encrypt_run_data(run, key)

    names = sorted(p.name for p in (run / "data").iterdir())
    assert names == [
        "employees.csv.enc",
        "employees_hr.parquet",
        "survey.json.enc",
        "tickets.jsonl.enc",
    ]
    for path in (run / "data").iterdir():
        blob = path.read_bytes()
        assert b"Marisol" not in blob and b"Okafor" not in blob, path.name
    methods = {f["path"]: f["method"] for f in entry["files"]}
    assert methods == {
        "data/employees.csv.enc": "file-envelope",
        "data/employees_hr.parquet": "parquet-modular",
        "data/survey.json.enc": "file-envelope",
        "data/tickets.jsonl.enc": "file-envelope",
    }
    assert entry["algorithm"] == "AES-256-GCM" and entry["key_id"] == crypto.data_key_id(key)

    out = tmp_path / "plain"
    out.mkdir()
    for name, data in originals.items():
        written = crypto.decrypt_file(run / "data" / f"{name}.enc", key, out)
        assert written.name == name and written.read_bytes() == data
    assert pl.read_csv(out / "employees.csv")["full_name"][0] == "Marisol Okafor"
    assert [json.loads(x)["ticket_id"] for x in TICKETS_JSONL.splitlines()] == [
        json.loads(x)["ticket_id"] for x in (out / "tickets.jsonl").read_text().splitlines()
    ]
    # Parquet stays Parquet: pyarrow reads it with the key, and not without.
    encrypted = run / "data" / "employees_hr.parquet"
    with_key = pq.read_table(
        encrypted, decryption_properties=crypto.parquet_decryption_properties(key)
    )
    assert with_key.equals(table)
    with pytest.raises(OSError, match="encrypted"):
        pq.read_table(encrypted)
    with pytest.raises(Exception):  # noqa: B017 - pyarrow surfaces the KMS's InvalidTag
        pq.read_table(
            encrypted,
            decryption_properties=crypto.parquet_decryption_properties(secrets.token_bytes(32)),
        )
    decrypted = crypto.decrypt_file(encrypted, key, out / "employees_hr.parquet")
    assert pq.read_table(decrypted).equals(table)
    assert EMPLOYEES_CSV.splitlines()[1].split(",")[1] in pl.read_parquet(decrypted)["full_name"]


def test_manifest_entry_validates_and_never_holds_the_key(run: Path, key: bytes) -> None:
    entry = crypto.encrypt_run_data(run, key)
    predicate = make_predicate(run)  # outputs computed over the ciphertext, as the flow does
    predicate["encryption"] = entry
    validate_manifest(predicate)
    text = json.dumps(predicate)
    assert key.hex() not in text and key.hex().upper() not in text
    assert all((run / f["path"]).is_file() for f in entry["files"])


def test_wrong_key_altered_or_swapped_files_are_refused(
    run: Path, key: bytes, tmp_path: Path
) -> None:
    crypto.encrypt_run_data(run, key)
    data = run / "data"
    dest = tmp_path / "plain"
    dest.mkdir()
    with pytest.raises(CryptoError, match="wrong data key"):
        crypto.decrypt_file(data / "employees.csv.enc", secrets.token_bytes(32), dest)
    with pytest.raises(CryptoError, match="wrong data key"):
        crypto.decrypt_file(data / "employees_hr.parquet", secrets.token_bytes(32), dest)
    assert list(dest.iterdir()) == []  # no unauthenticated plaintext left behind
    blob = bytearray((data / "tickets.jsonl.enc").read_bytes())
    blob[40] ^= 0x01
    (data / "tickets.jsonl.enc").write_bytes(bytes(blob))
    with pytest.raises(CryptoError, match="altered"):
        crypto.decrypt_file(data / "tickets.jsonl.enc", key, dest)
    # the file name is authenticated: a renamed ciphertext does not decrypt
    os.replace(data / "survey.json.enc", data / "payroll.json.enc")
    with pytest.raises(CryptoError):
        crypto.decrypt_file(data / "payroll.json.enc", key, dest)
    assert list(dest.iterdir()) == []
    with pytest.raises(CryptoError, match="already encrypted"):
        crypto.encrypt_run_data(run, key)


def test_large_file_streams_in_chunks(tmp_path: Path, key: bytes) -> None:
    big = tmp_path / "tickets_export.jsonl"
    line = TICKETS_JSONL.splitlines()[0] + "\n"
    big.write_text(line * (3 * (1 << 20) // len(line) + 7))
    sealed = tmp_path / "tickets_export.jsonl.enc"
    crypto.encrypt_file(big, key, sealed)
    size = big.stat().st_size
    assert sealed.stat().st_size == size + len(crypto.MAGIC) + 12 + 16
    assert sealed.read_bytes().startswith(b"SAFESET-AESGCM1")
    out = crypto.decrypt_file(sealed, key, tmp_path / "restored.jsonl")
    assert out.read_bytes() == big.read_bytes()
