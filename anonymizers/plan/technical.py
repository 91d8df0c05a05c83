"""Technical text told from human free text: user agents, URLs, paths, log lines, traces,
codes, JSON, SQL, hashes and version strings.

A column of such values is long and has many words, so length alone would plan it as free
text, and NER would then read 'Intel Mac OS X' as a person or 'Safari' as a place. These
values are written by machines: names and places appear in them only as identifiers that
the patterns and the known values find (an e-mail in a log line, an IP in a URL, a known
customer id). So a column whose sampled values are nearly all of these shapes is planned
``technical``: swept by patterns and known values, never by NER.

Each shape is a regular expression on the whole value, run by polars over the sample at
once. A human free-text column with some URLs or codes in its sentences does not match:
a shape must cover the value, or open it the way only a machine line does (a timestamp
and a level, a product/version token, a SQL verb and its clause).
"""

from __future__ import annotations

import polars as pl

#: Shapes of machine-written values (Rust regex syntax, run by polars), by kind.
SHAPES: dict[str, str] = {
    # 'Mozilla/5.0 (Macintosh; ...)', 'curl/8.4.0', 'Opera/8.38.(X11; ...', 'Dalvik/2.1.0 (...'
    "user_agent": r"^[A-Za-z][\w.-]*/\d[\w.]*(?:$|\s*\(|\s+[A-Za-z][\w.-]*/\d)",
    "url": r"^(?:https?|ftp|sftp|s3|gs|wss?|file)://\S+$",
    # '/var/log/app.log', 'C:\Users\x\file.txt', '~/data', 'src/app/main.py'
    "path": r"^(?:[A-Za-z]:\\|\\\\|/|~/|\.{1,2}/)[^\s]*$|^[\w.-]+(?:/[\w.@-]+){2,}/?$"
    r"|^[A-Za-z]:\\[^\n]*$",
    # '2025-01-21 22:35:12.260447 INFO ...', '[ERROR] ...', 'Jan 21 22:35:12 host ...',
    # Apache/nginx access lines.
    "log": r"^\s*\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}\S*\]?\s+\S"
    r"|^\s*\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|SEVERE)\]?[\s:|]"
    r"|^[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s"
    r"|^\S+ \S+ \S+ \[\d{2}/\w{3}/\d{4}:"
    r"|\b(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) /\S* HTTP/\d",
    "stack_trace": r"Traceback \(most recent call last\)|(?m)^\s+at [\w.$<>]+\("
    r"|File \"[^\"]+\", line \d+|^[\w.]+(?:Exception|Error)(?::|$)|Exception in thread",
    "json": r"(?s)^\s*(?:\{\s*\"[^\"]*\"\s*:|\{\s*\}|\[\s*(?:[\{\[\"\d\]-]|true|false|null)).*"
    r"[\}\]]\s*$",
    "sql": r"(?is)^\s*(?:SELECT\s.+\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\S+\s+SET\s"
    r"|DELETE\s+FROM\s|CREATE\s+(?:TABLE|INDEX|VIEW)\s|ALTER\s+TABLE\s|DROP\s+TABLE\s"
    r"|WITH\s+\w+\s+AS\s*\()",
    # Hex digests (with an algorithm prefix or not), UUIDs, JWTs.
    "hash": r"^(?:(?:sha\d*|md5|blake2b?)[:-])?[0-9a-fA-F]{16,}$"
    r"|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    r"|^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}$",
    "version": r"^v?\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.-]+)?$",
    # A Windows sign-in, domain and account: 'CORP\lwillis', 'EU-AD\svc.backup$'.
    "domain_login": r"^[A-Za-z][\w.-]{0,14}\\[A-Za-z][\w.$-]*$",
    # 'SKU-1234-BLK', 'ORD_2024_0001', 'checkout.payment_failed', 'db-01.prod.internal'
    "code": r"^[A-Z0-9]{2,}(?:[-_./:#][A-Z0-9]+)+$|^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$"
    r"|^[a-z][\w-]*(?:\.[\w-]+)+$",
}
#: Numbers, dates, times, timestamps and amounts written as text ('2019-01-29', '119.77',
#: '2024-10-14T14:10:09Z'):
#: no text at all, planned as before (a CSV read as strings holds many).
NUMERIC = (
    r"^[\d\s.,:/+-]*$"
    r"|^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?$"
)
#: Share of sampled values that must be technical for the column to be.
SHARE = 0.8


def technical_mask(values: pl.Series) -> pl.Series:
    """Per value: does it have a machine-written shape (and is it more than a number)?"""
    text = values.cast(pl.String)
    masks = [text.str.contains(pattern) for pattern in SHAPES.values()]
    out = masks[0]
    for m in masks[1:]:
        out = out | m
    return (out & ~text.str.contains(NUMERIC)).fill_null(False)


#: Shapes of one short token that carries no text: a column of only these is kept as it
#: is (planned ``safe``), as such columns were before; only NER is kept off them.
_BARE = ("hash", "version", "code")


def technical_shape(sample: list[str]) -> str | None:
    """'technical' when at least ``SHARE`` of the sampled values are machine-written,
    'code' when those are all bare codes, hashes or versions ('SKU-1234-BLK', a sha256),
    None for anything else (human text, names, numbers)."""
    if not sample:
        return None
    values = pl.Series(sample, dtype=pl.String)
    mask = technical_mask(values)
    if mask.sum() < SHARE * len(sample):
        return None
    bare = [values.str.contains(SHAPES[k]) for k in _BARE]
    only_bare = bare[0] | bare[1] | bare[2]
    return "code" if bool((only_bare | ~mask).all()) else "technical"


def is_technical(sample: list[str]) -> bool:
    """True when at least ``SHARE`` of the sampled values are technical."""
    return technical_shape(sample) is not None
