"""National, tax and health ids: the same scheme and layout, with check digits that pass.

A fake id that fails its checksum is rejected by the first validator a test system runs,
so a fake keeps every check the real value passed (``detect/recognizers/national_ids.py``
lists the schemes, python-stdnum checks them): its letters and digits are drawn again
with the layout kept, then its check characters (the last one or two) are searched for.
A value that passes no scheme is faked as an id.
"""

from __future__ import annotations

from anonymizers.detect.recognizers.national_ids import ENTITY, Scheme, schemes_of
from anonymizers.pseudonymise.draw import Draw, chars
from anonymizers.pseudonymise.generators.base import Generator
from anonymizers.pseudonymise.generators.ids import fake_id

#: Bodies drawn before giving up on a valid fake (a date-bearing id passes for about one
#: body in thirty; with its check characters searched, far more often).
_TRIES = 400
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _passes(value: str, schemes: list[Scheme]) -> bool:
    return all(s.valid(value) for s in schemes)


def _with_check(body: str, schemes: list[Scheme]) -> str | None:
    """``body`` with its last one or two letters or digits chosen so every scheme passes."""
    pos = [i for i, c in enumerate(body) if c.isalnum()]
    last = pos[-1]
    pool = _DIGITS if body[last].isdigit() else _LETTERS
    for c in pool:
        cand = body[:last] + c + body[last + 1 :]
        if _passes(cand, schemes):
            return cand
    prev = pos[-2]
    if body[prev].isdigit() and body[last].isdigit():  # mod 97: two check digits
        for a in _DIGITS:
            for b in _DIGITS:
                cand = body[:prev] + a + body[prev + 1 : last] + b + body[last + 1 :]
                if _passes(cand, schemes):
                    return cand
    return None


def fake_national_id(core: str, norm: str, d: Draw, attempt: int) -> str:
    """A fake of the same scheme(s) and layout as ``core``; an id fake if it has none."""
    schemes = schemes_of(core)
    if not schemes:
        return fake_id(core, norm, d, attempt)
    for _ in range(_TRIES):
        body = _keep_scheme_letters(core, chars(core, d), schemes)
        if (found := _with_check(body, schemes)) is not None:
            return found
    return fake_id(core, norm, d, attempt)


def _keep_scheme_letters(core: str, body: str, schemes: list[Scheme]) -> str:
    """Letters that say which kind of id it is stay: a NIE's X/Y/Z, a Swiss 756."""
    names = {s.name for s in schemes}
    if "es_nie" in names:
        return core[0] + body[1:]
    if "ch_avs" in names:
        return core[:3] + body[3:]
    return body


class NationalId(Generator):
    """National, tax and health ids, valid under the schemes their value passes."""

    entities = (ENTITY,)
    fake_one = staticmethod(fake_national_id)
