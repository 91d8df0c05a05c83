"""IP addresses and URLs.

An IPv4 address stays private or public as it was (10/8, 127/8, 172.16/12, 192.168/16
and 169.254/16 keep their network); an IPv6 address keeps its top 16 bits and its written
form. A URL keeps its scheme, top-level domain, port, separators and file extensions.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence

import numpy as np

from anonymizers.pseudonymise.column_fill import Streams, column_seeds
from anonymizers.pseudonymise.draw import Draw, chars
from anonymizers.pseudonymise.generators.base import Generator
from anonymizers.pseudonymise.generators.ids import fake_id

#: Dotted IPv4 as ipaddress accepts it: four decimal octets, none with a leading zero.
IPV4 = re.compile(
    r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
)
_PUBLIC_FIRST_OCTETS = tuple(o for o in range(11, 224) if o not in (100, 127, 169, 172, 192))
_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)?(?P<user>[^@/\s]+@)?(?P<host>[^/:?#\s]+)"
    r"(?P<port>:\d+)?(?P<rest>[/?#].*)?",
    re.S,
)
_URL_PIECE = re.compile(r"[^/?#&=;.]+|[/?#&=;.]")
_URL_SEPARATORS = frozenset("/?#&=;.")


def fake_ip(core: str, norm: str, d: Draw, attempt: int) -> str:
    if IPV4.fullmatch(core):  # most addresses: no need to build an ipaddress object
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None = None
    else:
        try:
            ip = ipaddress.ip_address(core)
        except ValueError:
            return fake_id(core, norm, d, attempt)
    if ip is None or isinstance(ip, ipaddress.IPv4Address):
        o = [int(x) for x in (core if ip is None else str(ip)).split(".")]
        rand = [1 + d.below(254) for _ in range(4)]
        if o[0] in (10, 127):
            head = [o[0]]
        elif o[0] == 172 and 16 <= o[1] <= 31:
            head = [172, 16 + d.below(16)]
        elif (o[0], o[1]) in ((192, 168), (169, 254)):
            head = o[:2]
        else:
            head = [_PUBLIC_FIRST_OCTETS[d.below(len(_PUBLIC_FIRST_OCTETS))]]
        return ".".join(str(x) for x in [*head, *rand[len(head) :]])
    first = int(ip) >> 112
    new = ipaddress.IPv6Address((first << 112) | d.below(1 << 112))
    text = new.exploded if "::" not in core and core.count(":") == 7 else new.compressed
    return text.upper() if any(c.isupper() for c in core) else text


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class IpAddress(Generator):
    entities = ("IP_ADDRESS",)
    fake_one = staticmethod(fake_ip)

    def fake_many(
        self, cores: Sequence[str], norms: Sequence[str], draws: Sequence[Draw],
        attempts: Sequence[int],
    ) -> list[str]:  # fmt: skip
        """Dotted IPv4 addresses drawn column-wise (``column_fill``), the same draws as
        ``fake_ip``'s: four octets, then the network's first octets as it keeps them."""
        seeds = column_seeds(draws)
        if seeds is None:
            return super().fake_many(cores, norms, draws, attempts)
        rows = [i for i, c in enumerate(cores) if IPV4.fullmatch(c)]
        out: list[str | None] = [None] * len(cores)
        if rows:
            st = Streams(seeds)
            at = np.asarray(rows, dtype=np.int64)
            rand = (1 + st.take(at, 4).astype(np.int64) % 254).tolist()
            octets = [[int(x) for x in cores[i].split(".", 2)[:2]] for i in rows]
            kinds = np.array([_network(o) for o in octets], dtype=np.int64)
            extra = np.zeros(at.size, dtype=np.int64)
            for kind, k in ((_PRIVATE_172, 16), (_PUBLIC, len(_PUBLIC_FIRST_OCTETS))):
                sel = np.flatnonzero(kinds == kind)
                extra[sel] = st.below(at[sel], k)
            for r, i, o, kind, x in zip(rand, rows, octets, kinds.tolist(), extra.tolist(),
                                        strict=True):  # fmt: skip
                if kind == _KEEP_FIRST:
                    head = [o[0]]
                elif kind == _PRIVATE_172:
                    head = [172, 16 + x]
                elif kind == _KEEP_TWO:
                    head = o
                else:
                    head = [_PUBLIC_FIRST_OCTETS[x]]
                out[i] = ".".join(str(v) for v in [*head, *r[len(head) :]])
        return [
            f if f is not None else fake_ip(c, n, d, a)
            for f, c, n, d, a in zip(out, cores, norms, draws, attempts, strict=True)
        ]


#: How ``fake_ip`` keeps an IPv4 address's network: its first octet (10/8, 127/8), 172
#: and a drawn 16-31, its first two octets (192.168/16, 169.254/16), or none (public).
_KEEP_FIRST, _PRIVATE_172, _KEEP_TWO, _PUBLIC = range(4)


def _network(octets: list[int]) -> int:
    first, second = octets
    if first in (10, 127):
        return _KEEP_FIRST
    if first == 172 and 16 <= second <= 31:
        return _PRIVATE_172
    if (first, second) in ((192, 168), (169, 254)):
        return _KEEP_TWO
    return _PUBLIC


class Url(Generator):
    entities = ("URL",)

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        m = _URL.fullmatch(core)
        if not m or (not m["scheme"] and "." not in m["host"]):
            return fake_id(core, norm, d, attempt)
        host = m["host"]
        labels = host.split(".")
        if _is_ip(host):
            host = fake_ip(host, host.casefold(), d, attempt)
        else:
            keep = {len(labels) - 1}
            if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org"):
                keep.add(len(labels) - 2)
            host = ".".join(
                x if k in keep or x.lower() == "www" else chars(x, d) for k, x in enumerate(labels)
            )
        rest = m["rest"] or ""
        pieces = _URL_PIECE.findall(rest)
        out: list[str] = []
        for k, piece in enumerate(pieces):
            after = pieces[k + 1] if k + 1 < len(pieces) else ""
            is_ext = k > 0 and pieces[k - 1] == "." and after in ("", "?", "#") and len(piece) <= 5
            keep = piece in _URL_SEPARATORS or is_ext or after == "="
            out.append(piece if keep else chars(piece, d))
        user = chars(m["user"], d) if m["user"] else ""
        return (m["scheme"] or "") + user + host + (m["port"] or "") + "".join(out)
