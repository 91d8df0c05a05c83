"""Encryption at rest of a run's data files: AES-256-GCM, keys from a file or environment.

Parquet files use Parquet modular encryption (footer and every column AES-GCM, 256-bit
data keys), so they stay Parquet: column statistics and schema are hidden, and any
Parquet reader given the key can open them. The per-file data keys are wrapped by an
in-process "KMS" that is just AES-256-GCM under our data key, and the wrapped keys live
in the file footer (pyarrow's internal key material): nothing needs a KMS server.

A Parquet file is rewritten one row group at a time, so a partitioned run's output
(one row group per partition) never has to fit in memory.

Other formats become ``<name>.enc``: ``SAFESET-AESGCM1`` + 12-byte random nonce +
ciphertext + 16-byte GCM tag, with the plain file name as additional authenticated data
so two encrypted files cannot be swapped unnoticed. Encryption streams in 1 MiB chunks;
decryption writes to a temporary file that is renamed only once the tag verified, so
unauthenticated plaintext never lands at the destination.

Encryption happens in the staging folder *before* signing, so the attestation covers the
ciphertext and ``safeset verify`` needs no key. The key never enters the manifest: only
its id (an HMAC under the key itself, like the pseudonymisation key's id).
"""

from __future__ import annotations

import base64
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from anonymizers.errors import KeyError_, SafesetError
from anonymizers.io.files import write_atomically, write_bytes_atomically
from anonymizers.policy import EncryptionConfig
from anonymizers.pseudonymise.keyed import key_fingerprint

MAGIC = b"SAFESET-AESGCM1"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
ENC_SUFFIX = ".enc"
DATA_KEY = "data.key"
ALGORITHM = "AES-256-GCM"
SCHEME = "parquet-modular-encryption (footer+columns) for Parquet; safeset-aesgcm1 file envelope"
METHOD_PARQUET = "parquet-modular"
METHOD_FILE = "file-envelope"
_CHUNK = 1 << 20
_PARQUET_ENCRYPTED_MAGIC = b"PARE"


class CryptoError(SafesetError):
    """A file cannot be encrypted or decrypted (wrong key, altered file, bad format)."""


def data_key_id(key: bytes) -> str:
    """Names the data key in the manifest without revealing it (HMAC under the key)."""
    return key_fingerprint(key, b"safeset data key id")


def _decode(text: str, where: str) -> bytes:
    # The message names where the key came from, never any part of it.
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise KeyError_(f"{where}: data key is not hex") from None
    if len(key) != KEY_BYTES:
        raise KeyError_(f"{where}: data key must be {KEY_BYTES} bytes (AES-256), not {len(key)}")
    return key


def load_data_key(cfg: EncryptionConfig, home: Path) -> bytes:
    """The data key: the environment variable the policy names (hex) wins, so a secret
    store can inject it; then the policy's key file; then ``home/keys/data.key``."""
    if cfg.key_env and os.environ.get(cfg.key_env):
        return _decode(os.environ[cfg.key_env], f"environment variable {cfg.key_env}")
    path = Path(cfg.key_file or home / "keys" / DATA_KEY).expanduser()
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise KeyError_(
            f"{path}: data key not found; run `safeset keys init-data` "
            f"(or set {cfg.key_env} to a 64-hex-digit key)"
        ) from None
    except (OSError, UnicodeDecodeError):
        raise KeyError_(f"{path}: cannot read the data key") from None
    return _decode(text, str(path))


def init_data_key(home: Path, force: bool = False) -> Path:
    """Make a random AES-256 data key at ``home/keys/data.key`` (0600). Never replaced
    silently: a new key makes every dataset encrypted under the old one unreadable."""
    keys_dir = home / "keys"
    path = keys_dir / DATA_KEY
    if path.exists() and not force:
        raise KeyError_(
            f"{path}: data key already exists; refusing to overwrite (datasets encrypted "
            "with it would become unreadable). Use --force to replace it"
        )
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    keys_dir.mkdir(exist_ok=True, mode=0o700)
    os.chmod(keys_dir, 0o700)
    write_bytes_atomically(path, (secrets.token_bytes(KEY_BYTES).hex() + "\n").encode("ascii"))
    return path


# --- whole-file envelope ----------------------------------------------------------


def _aad(plain_name: str) -> bytes:
    return b"safeset-file\x00" + plain_name.encode("utf-8")


def encrypt_file(src: Path, key: bytes, dest: Path, name: str | None = None) -> None:
    """Stream ``src`` into the envelope at ``dest``; ``name`` (default ``src.name``) is
    authenticated, and must be given again, implicitly, by ``dest``'s name on decryption."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    enc = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(_aad(name or src.name))
    with src.open("rb") as fin, dest.open("wb") as fout:
        fout.write(MAGIC + nonce)
        for chunk in iter(lambda: fin.read(_CHUNK), b""):
            fout.write(enc.update(chunk))
        fout.write(enc.finalize() + enc.tag)
        fout.flush()
        os.fsync(fout.fileno())


def _decrypt_envelope(path: Path, key: bytes, dest: Path, plain_name: str) -> None:
    size = path.stat().st_size
    header = len(MAGIC) + NONCE_BYTES
    if size < header + TAG_BYTES:
        raise CryptoError(f"{path.name}: too short to be an encrypted safeset file")
    with path.open("rb") as fin:
        if fin.read(len(MAGIC)) != MAGIC:
            raise CryptoError(f"{path.name}: not a safeset encrypted file (bad magic)")
        nonce = fin.read(NONCE_BYTES)
        fin.seek(size - TAG_BYTES)
        tag = fin.read(TAG_BYTES)
        fin.seek(header)
        dec = Cipher(algorithms.AES(key), modes.GCM(nonce, tag)).decryptor()
        dec.authenticate_additional_data(_aad(plain_name))
        remaining = size - header - TAG_BYTES

        def write(fout: Any) -> None:
            left = remaining
            while left:
                chunk = fin.read(min(_CHUNK, left))
                left -= len(chunk)
                fout.write(dec.update(chunk))
            fout.write(dec.finalize())

        try:
            write_atomically(dest, write)
        except InvalidTag:
            raise CryptoError(
                f"{path.name}: decryption failed: wrong data key, or the file was altered"
            ) from None


# --- Parquet modular encryption ------------------------------------------------------


def _crypto_factory(key: bytes) -> Any:
    """A pyarrow CryptoFactory whose KMS wraps keys with AES-256-GCM under ``key``.

    A fresh factory per call: pyarrow caches unwrapped keys per factory, and a cache
    shared across keys would let a wrong key appear to work."""
    import pyarrow.parquet.encryption as pe

    class LocalKms(pe.KmsClient):  # type: ignore[misc]
        """The master key is the data key itself; the identifier is authenticated."""

        def __init__(self, _config: Any) -> None:
            super().__init__()

        def wrap_key(self, key_bytes: bytes, master_key_identifier: str) -> str:
            nonce = secrets.token_bytes(NONCE_BYTES)
            sealed = AESGCM(key).encrypt(nonce, key_bytes, master_key_identifier.encode())
            return base64.b64encode(nonce + sealed).decode("ascii")

        def unwrap_key(self, wrapped_key: str, master_key_identifier: str) -> bytes:
            raw = base64.b64decode(wrapped_key)
            return AESGCM(key).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], master_key_identifier.encode()
            )

    return pe.CryptoFactory(LocalKms)


def parquet_encryption_properties(key: bytes) -> Any:
    """Write-side properties: uniform encryption (footer + all columns) with 256-bit keys."""
    import pyarrow.parquet.encryption as pe

    cfg = pe.EncryptionConfiguration(
        footer_key=data_key_id(key),
        uniform_encryption=True,
        encryption_algorithm="AES_GCM_V1",
        data_key_length_bits=256,
        cache_lifetime=timedelta(minutes=5),
    )
    return _crypto_factory(key).file_encryption_properties(pe.KmsConnectionConfig(), cfg)


def parquet_decryption_properties(key: bytes) -> Any:
    """Read-side properties for ``pyarrow.parquet.read_table(..., decryption_properties=)``."""
    import pyarrow.parquet.encryption as pe

    return _crypto_factory(key).file_decryption_properties(
        pe.KmsConnectionConfig(), pe.DecryptionConfiguration(cache_lifetime=timedelta(minutes=5))
    )


def is_encrypted_parquet(path: Path) -> bool:
    """Encrypted-footer Parquet ends in ``PARE`` instead of ``PAR1``."""
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        if fh.tell() < 4:
            return False
        fh.seek(-4, os.SEEK_END)
        return fh.read(4) == _PARQUET_ENCRYPTED_MAGIC


def _copy_row_groups(source: Any, fout: Any, **props: Any) -> None:
    """``source``'s row groups, one at a time, into a Parquet writer on ``fout``: memory
    holds one row group, never the file (a partitioned run's output is written one row
    group per partition, and may be larger than memory)."""
    import pyarrow.parquet as pq

    with pq.ParquetWriter(fout, source.schema_arrow, **props) as writer:
        for i in range(source.num_row_groups):
            writer.write_table(source.read_row_group(i))


def _encrypt_parquet(path: Path, key: bytes) -> None:
    import pyarrow.parquet as pq

    props = parquet_encryption_properties(key)
    with pq.ParquetFile(path) as source:
        write_atomically(
            path, lambda fout: _copy_row_groups(source, fout, encryption_properties=props)
        )


def _decrypt_parquet(path: Path, key: bytes, dest: Path) -> None:
    import pyarrow.parquet as pq

    props = parquet_decryption_properties(key)
    try:
        with pq.ParquetFile(path, decryption_properties=props) as source:
            write_atomically(dest, lambda fout: _copy_row_groups(source, fout))
    except (InvalidTag, OSError, ValueError) as exc:
        raise CryptoError(
            f"{path.name}: Parquet decryption failed: wrong data key, or the file was altered "
            f"({type(exc).__name__})"
        ) from None


# --- run folders -------------------------------------------------------------------


def new_data_key() -> bytes:
    """A fresh random AES-256 key (a run's own data key, see certify/grants.py)."""
    return secrets.token_bytes(KEY_BYTES)


def encrypt_run_data(
    run_dir: Path, key: bytes, data_dir: str = "data", parquet_modular: bool = True
) -> dict[str, Any]:
    """Encrypt every file under ``run_dir/data`` in place; returns the manifest's
    ``encryption`` entry. Call it before listing outputs and before signing, so the
    manifest and the attestation describe the ciphertext. ``parquet_modular=False``
    puts Parquet files in the streamed envelope too (``.parquet.enc``): no file is
    ever read whole into memory."""
    if len(key) != KEY_BYTES:
        raise KeyError_(f"data key must be {KEY_BYTES} bytes (AES-256)")
    folder = run_dir / data_dir
    files: list[dict[str, str]] = []
    plain = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    for path in plain:
        if path.suffix == ENC_SUFFIX or (path.suffix == ".parquet" and is_encrypted_parquet(path)):
            raise CryptoError(f"{path.relative_to(run_dir)}: already encrypted")
        if path.suffix == ".parquet" and parquet_modular:
            _encrypt_parquet(path, key)
            target, method = path, METHOD_PARQUET
        else:
            target = path.with_name(path.name + ENC_SUFFIX)
            encrypt_file(path, key, target)
            path.unlink()
            target, method = target, METHOD_FILE
        files.append({"path": target.relative_to(run_dir).as_posix(), "method": method})
    return {
        "algorithm": ALGORITHM,
        "scheme": SCHEME,
        "key_id": data_key_id(key),
        "files": sorted(files, key=lambda f: f["path"]),
    }


def plain_name(path: Path) -> str:
    """The file name after decryption: ``employees.csv.enc`` → ``employees.csv``."""
    return path.name[: -len(ENC_SUFFIX)] if path.name.endswith(ENC_SUFFIX) else path.name


def decrypt_file(path: Path, key: bytes, dest: Path) -> Path:
    """Decrypt one data file to ``dest`` (a file path, or a folder to put it in under its
    plain name); returns the written path. Works for both methods, told apart by content."""
    path = Path(path)
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / plain_name(path)
    with path.open("rb") as fh:
        head = fh.read(len(MAGIC))
    if head == MAGIC:
        _decrypt_envelope(path, key, dest, plain_name(path))
    elif head.startswith(_PARQUET_ENCRYPTED_MAGIC) and is_encrypted_parquet(path):
        _decrypt_parquet(path, key, dest)
    else:
        raise CryptoError(f"{path.name}: not an encrypted safeset data file")
    return dest
