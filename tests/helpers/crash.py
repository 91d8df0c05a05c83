"""A crash at an exact step, for the publish and ledger tests: a forked child replaces
one function with a SIGKILL of itself and runs the operation, so the parent finds what
a killed process leaves (no ``finally``, no ``except``), deterministically."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import Any


def killed_at(
    target: Any, name: str, operation: Callable[[], object], *, after: bool = False
) -> None:
    """Run ``operation`` in a forked child in which ``target.name`` kills the process
    (before it runs, or right ``after`` it returned); assert the child died of SIGKILL."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            original = getattr(target, name)

            def die(*args: Any, **kwargs: Any) -> Any:
                if after:
                    original(*args, **kwargs)
                os.kill(os.getpid(), signal.SIGKILL)

            setattr(target, name, die)
            operation()
        finally:
            os._exit(99)  # the step was never reached
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
        f"the child was not killed at {name} (status {status})"
    )
