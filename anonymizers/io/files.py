"""Whole files, the same way in every layer: one sha256.

A file's digest goes into the manifest, the attestation, the ledger and the pull check;
were they computed by different code, a verifier could disagree with the signer about
the same bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_file(path: Path) -> str:
    """Hex sha256 of the file's bytes, read in blocks: a 5 GB export is never in memory."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
