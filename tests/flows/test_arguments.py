"""Task arguments reach a task whole: not walked by Prefect, unchanged by pickling."""

from __future__ import annotations

import pickle

import cloudpickle
from prefect.utilities.collections import visit_collection
from prefect.utilities.engine import resolve_inputs_sync

from anonymizers.policy import Policy
from flows.arguments import Whole

TEXTS = ["Hi, this is Priya Raman", "Call Tomasz on +48 601 555 013"]


def test_prefect_sees_one_leaf_and_hands_over_the_very_object() -> None:
    texts = list(TEXTS)
    visited: list[object] = []
    visit_collection({"texts": Whole(texts)}, visit_fn=visited.append, return_data=False)
    assert not any(v in TEXTS for v in visited if isinstance(v, str))  # no text visited
    assert texts not in visited  # nor the list
    resolved = resolve_inputs_sync({"texts": Whole(texts), "run_id": "r-1"})
    assert resolved["texts"].value is texts and resolved["run_id"] == "r-1"


def test_pickling_keeps_the_value_as_it_was() -> None:
    """A Dask worker gets its arguments pickled: Prefect's quote() came back wrapped in
    one more tuple there, so the task read (texts,) instead of texts."""
    policy = Policy()
    for dumps, loads in ((pickle.dumps, pickle.loads), (cloudpickle.dumps, cloudpickle.loads)):
        texts = loads(dumps(Whole(list(TEXTS))))
        assert isinstance(texts, Whole) and texts.value == TEXTS
        assert loads(dumps(Whole(policy))).value == policy


def test_repr_names_the_type_never_the_data() -> None:
    assert repr(Whole(list(TEXTS))) == "Whole(list)"
    assert "Priya" not in repr(Whole({"name": "Priya Raman"}))
