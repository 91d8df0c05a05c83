"""Faker's per-locale name lists: the one source of names for the fakes and the
fairness report, so both count the same names."""

from __future__ import annotations

import importlib

#: One locale per language or region, so overlaps mean "shared across cultures", not
#: "en_US and en_GB both list it". Override per call.
MIX_LOCALES: tuple[str, ...] = (
    "en_US", "en_IN", "es_ES", "es_MX", "pt_BR", "fr_FR", "de_DE", "it_IT", "nl_NL",
    "pl_PL", "sv_SE", "tr_TR", "ru_RU", "ar_AA", "yo_NG", "hi_IN", "zh_CN", "ja_JP",
    "ko_KR", "vi_VN",
)  # fmt: skip


def listed_names(locale: str, attr: str) -> list[str]:
    """A Faker person list of ``locale`` (empty when the locale has none or lacks it)."""
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except ImportError:
        return []
    raw = getattr(provider, attr, ()) or ()
    return [n for n in raw if isinstance(n, str) and n.strip()]
