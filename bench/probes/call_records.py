"""Probe: a telecom's call detail records, typed as the billing system exports them.

cdrs.parquet: one row per call, numbered from 1 (``record_id``), the subscriber's
``msisdn``, ``imsi`` and ``imei`` as Int64, the ``called_number`` (another subscriber's
in two calls of five), a cell and its area, the start, a ``duration_s`` of 0 to 3,600,
bytes up and down, roaming, the tariff. Found in session 49: every four-digit duration is
also a record id, and the gate reckoned that chance over the ids the kept cells hold
(0.26), not all the four-digit ids (0.9): REJECTED on 21,613 "leaks". CERTIFIED at
30,000 since; at 3,000 still REJECTED (left): ids 1 to 3,000 are a fifth of the
four-digit numbers, but three quarters of the durations' 1,000 to 3,599, and the gate
reckons chance over all numbers of a length, not over the kept values' range.

    python -m bench.probes.call_records 30000 /tmp/cdr && safeset run /tmp/cdr
"""

import numpy as np
import polars as pl

from bench.probes import rows_and_folder

n, out = rows_and_folder()
rng = np.random.default_rng(11)
subs = max(10, n // 10)
msisdn = rng.integers(447700000000, 447799999999, subs)
imsi = rng.integers(234150000000000, 234159999999999, subs)
imei = rng.integers(350000000000000, 359999999999999, subs)
who = rng.integers(0, subs, n)
other = np.where(rng.random(n) < 0.4, msisdn[rng.integers(0, subs, n)],
                 rng.integers(447000000000, 447999999999, n))  # fmt: skip
start = np.datetime64("2025-03-01T00:00:00") + rng.integers(0, 30 * 86400, n).astype(
    "timedelta64[s]"
)
tariffs = np.asarray(["S", "M", "L", "XL"], dtype=object)
pl.DataFrame(
    {
        "record_id": np.arange(1, n + 1),
        "msisdn": msisdn[who],
        "imsi": imsi[who],
        "imei": imei[who],
        "called_number": other,
        "cell_id": rng.integers(10000, 65000, n).astype(np.int32),
        "lac": rng.integers(100, 999, n).astype(np.int32),
        "started_at": start.astype("datetime64[us]"),
        "duration_s": rng.integers(0, 3600, n),
        "bytes_up": rng.integers(0, 10**7, n),
        "bytes_down": rng.integers(0, 10**8, n),
        "roaming": rng.random(n) < 0.05,
        "tariff": pl.Series(tariffs[rng.integers(0, 4, n)], dtype=pl.String),
    }
).write_parquet(out / "cdrs.parquet")
