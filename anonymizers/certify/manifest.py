"""The manifest predicate: its JSON Schema, output file digests and the dataset root.

The schema is versioned and strict (unknown keys are errors) because the manifest is a
promise to an auditor: a field that is not in the schema is a field nobody reviewed for
personal data. It is checked when a run is signed and again when it is verified.

The dataset root is defined by a shell pipeline, not by our code, so anyone can
recompute it with coreutils alone::

    cd data && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from anonymizers.errors import SafesetError
from anonymizers.io.files import sha256_file

PREDICATE_TYPE = "https://safeset.dev/attestation/manifest/v1"
SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "manifest.v1.json"
#: Errors listed in one exception message; the rest are counted.
_MAX_LISTED = 5


class ManifestError(SafesetError):
    """A manifest predicate does not satisfy the v1 schema."""


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _describe(error: ValidationError) -> str:
    """Place and rule broken, without echoing the offending value: a manifest that
    fails validation is exactly the one that might carry something it should not."""
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    rule = error.validator
    if rule == "required":
        return f"{where}: {error.message}"
    if rule == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        names = ", ".join(repr(k)[:40] for k in extra[:5])
        return f"{where}: unexpected key(s) {names}"
    if rule in ("type", "enum", "const", "pattern", "minimum", "minLength", "oneOf"):
        return f"{where}: must satisfy {rule} {json.dumps(error.validator_value)[:120]}"
    return f"{where}: fails schema rule '{rule}'"


def manifest_problems(m: Any) -> list[str]:
    """Every schema violation, one line each, in a stable order."""
    errors = sorted(_validator().iter_errors(m), key=lambda e: list(map(str, e.absolute_path)))
    return [_describe(e) for e in errors]


def validate_manifest(m: dict[str, Any]) -> None:
    """Raise ``ManifestError`` naming the broken rules if ``m`` is not a v1 predicate."""
    problems = manifest_problems(m)
    if problems:
        more = len(problems) - _MAX_LISTED
        listed = "; ".join(problems[:_MAX_LISTED]) + (f"; and {more} more" if more > 0 else "")
        raise ManifestError(f"manifest does not match schema v1: {listed}")


def check_status(entry: dict[str, Any]) -> str:
    """A manifest check's status: recorded since checks became three-valued; before,
    ``passed`` was the only verdict (so no older check is ever not_applicable)."""
    status = entry.get("status")
    if status in ("pass", "fail", "not_applicable"):
        return str(status)
    return "pass" if entry.get("passed") else "fail"


def _regular_files(folder: Path) -> list[Path]:
    """Regular files only, like ``find -type f``: symlinks are neither followed nor listed."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    # Code-point order of str == byte order of UTF-8 == `LC_ALL=C sort`.
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def file_entries(run_dir: Path, data_dir: str = "data") -> list[dict[str, Any]]:
    """``{path, sha256, bytes}`` for every dataset file, path relative to the run folder.
    Rows are added by the caller, which knows how it wrote each file."""
    return [
        {
            "path": p.relative_to(run_dir).as_posix(),
            "sha256": sha256_file(p),
            "bytes": p.stat().st_size,
        }
        for p in _regular_files(run_dir / data_dir)
    ]


def dataset_root(run_dir: Path, data_dir: str = "data") -> str:
    """``"sha256:" +`` the digest of the sorted sha256sum lines of ``data/`` (see module doc)."""
    folder = run_dir / data_dir
    h = hashlib.sha256()
    for p in _regular_files(folder):
        h.update(f"{sha256_file(p)}  ./{p.relative_to(folder).as_posix()}\n".encode())
    return "sha256:" + h.hexdigest()
