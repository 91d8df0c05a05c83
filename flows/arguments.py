"""How a task's arguments reach it: whole, never walked by Prefect or Dask.

Before a task runs, Prefect visits its arguments looking for upstream futures and
states: it recurses into lists, tuples, dicts, dataclasses and pydantic models, and
rebuilds what it changed. prefect-dask walks them again to swap its futures, and Dask
looks inside plain lists and tuples. A chunk of 10,000 texts would cost a Python call per
text at each walk, a list of partition calls could be taken apart, and a policy comes
back rebuilt field by field. Prefect's ``quote`` and ``opaque`` stop Prefect's walk, but
do not survive pickling (an argument comes back wrapped in one more tuple), and a Dask
worker receives its arguments pickled. JSON or pickled bytes pass untouched too, but
only for data that serialises that way, and the in-process verify task would copy whole
tables to get them.

``Whole`` is a plain object: every walker treats it as one leaf, pickle carries it as it
is, and a task run in the flow's own process gets the very object, not a copy.
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Whole(Generic[T]):
    """One task argument, handed over as it is; the task reads ``.value``."""

    __slots__ = ("value",)

    def __init__(self, value: T) -> None:
        self.value = value

    def __repr__(self) -> str:
        # Prefect may print an argument in a log or an error: its type, never its data.
        return f"Whole({type(self.value).__name__})"
