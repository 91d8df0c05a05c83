"""Error types that map onto the command-line contract.

Every error a user can cause is raised as one of these with a one-line message that
names the file and the problem, so the CLI can print it and exit 2 without a traceback.
Messages never carry cell values: personal data must not leak into errors.
"""

from __future__ import annotations


class SafesetError(Exception):
    """Base class: a problem the user can fix (bad input, bad config). Exit code 2."""

    exit_code = 2


class InputError(SafesetError):
    """An input file is missing, unreadable, empty, malformed or wrongly encoded."""


class PolicyError(SafesetError):
    """The policy (config) file is invalid."""


class PlanDriftError(SafesetError):
    """A frozen plan no longer matches the data: a new, dropped, renamed or retyped column,
    a new table or a table gone."""


class KeyError_(SafesetError):
    """A key is missing or unreadable."""
