"""Telemetry and network off: the one switch every process of a run flips before it loads
Prefect, Presidio or spaCy.

A run must not phone home or fetch anything: Prefect sends usage data (from the client
and from its server), Presidio's e-mail recognizer calls tldextract, whose default
extractor downloads the public suffix list on first use, and the Hugging Face libraries
look for newer files. Environment variables reach the libraries and every process
started from this one (workers, the Prefect server); a worker on another machine (a Dask
cluster) has its own environment and flips the switch again before it detects.
"""

from __future__ import annotations

import logging
import os
from functools import cache

#: Variables that turn telemetry and downloads off, for this process and its children.
OFFLINE_ENVIRONMENT: dict[str, str] = {
    # tldextract: no suffix-list download (the bundled snapshot is used).
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    # Hugging Face libraries: local files only.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    # Prefect's client usage data, and the common opt-out other tools honour.
    "DO_NOT_TRACK": "1",
    # Prefect's server usage data, sent when a server starts.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}


def configure_offline() -> None:
    """Switch telemetry and network access off in this process and those it starts.

    Call it before importing Prefect (the client reads ``DO_NOT_TRACK`` at import) and
    before building an analyzer. Safe to call any number of times."""
    os.environ.update(OFFLINE_ENVIRONMENT)
    # Presidio warns per document about spaCy labels it has no entity for ("Entity FAC is
    # not mapped") and once per foreign-language recognizer it skips: in worker
    # processes, where the command line's own setting does not reach, that is hundreds of
    # lines of noise on the user's terminal.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    _tldextract_offline()


@cache
def _tldextract_offline() -> None:
    """Point tldextract's module-level extractor (the one Presidio calls) at the suffix
    list bundled with it; the default one downloads the list on first use."""
    import tldextract
    import tldextract.tldextract as tld_mod

    offline = tld_mod.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
    tld_mod.TLD_EXTRACTOR = offline
    tldextract.TLD_EXTRACTOR = offline  # type: ignore[attr-defined]
