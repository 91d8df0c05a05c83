"""Free text in partitioned runs: names and e-mails of the tables found again in the
tickets, replaced by the same fakes as in their columns, whatever the partitioning; a
name only a text holds is found by NER and spread to the texts where NER missed it."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from anonymizers.io.partitions import split_table
from anonymizers.partitioned import text
from anonymizers.partitioned.optouts import optouts_for
from anonymizers.partitioned.passes import refuse_unsupported
from anonymizers.partitioned.run import run_stream
from anonymizers.plan.columns import ColumnDecision, make_plan
from anonymizers.policy import Policy

pytestmark = [pytest.mark.slow, pytest.mark.model]

KEY = bytes(range(32))
PEOPLE = [
    ("Ingrid", "Lindqvist"), ("Tomasz", "Wróbel"), ("Amara", "Okafor"), ("Luis", "Ortega"),
    ("Mei", "Tanaka"), ("Jonas", "Berg"), ("Priya", "Raman"), ("Chidi", "Eze"),
    ("Ana", "Delgado"), ("Henrik", "Johansson"), ("Sofia", "Marchetti"), ("Kwame", "Mensah"),
]  # fmt: skip
#: Agents named only in the texts, never in a column.
AGENTS = ["Margaret Holloway", "Dmitri Volkov", "Beatriz Fonseca"]
TICKETS = [
    "Hi, this is {first} {last}. My parcel never arrived, please write to {email}.",
    "{first} {last} called about a refund; {agent} promised a reply by Friday.",
    "Customer {first} asked {agent} to close the account. Contact: {email}",
    "Printer offline again, reboot fixed it. Handled by {agent}.",
    "Order 4471 delayed at the depot in Rotterdam; no action needed.",
]


def _policy(chunk_size: int = 1000, more: dict | None = None) -> Policy:
    return Policy.model_validate(
        {
            "nlp": {"chunk_size": chunk_size},
            "columns": {
                **(more or {}),
                "customer": {"kind": "entity", "entity": "PERSON"},
                "email": {"kind": "entity", "entity": "EMAIL_ADDRESS"},
                "note": {"kind": "free_text"},
                "status": {"kind": "safe"},
            },
        }
    )


def _export(path: Path, rows: int = 60) -> Path:
    customers, emails, notes = [], [], []
    for i in range(rows):
        first, last = PEOPLE[i % len(PEOPLE)]
        email = f"{first.lower()}.{last.lower().replace('ó', 'o')}@example.org"
        customers.append(f"{first} {last}")
        emails.append(email)
        notes.append(TICKETS[i % len(TICKETS)].format(
            first=first, last=last, email=email, agent=AGENTS[i % len(AGENTS)]))  # fmt: skip
    pl.DataFrame(
        {"customer": customers, "email": emails, "note": notes,
         "status": ["open", "closed", "pending"] * (rows // 3)}
    ).write_csv(path)  # fmt: skip
    return path


def _run(src: Path, work: Path, rows: int, chunk_size: int = 1000, more: dict | None = None):
    policy = _policy(chunk_size, more)
    split = split_table(src, work, rows)
    plan = make_plan([split.table], policy, None)
    refuse_unsupported(plan, policy, [split.table])
    out = work / "data"
    result = run_stream([split], plan, policy, KEY, optouts_for([split], policy, set(), work),
                        work, out)  # fmt: skip
    return result, out / src.name


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("text")
    src = _export(root / "tickets.csv")
    done = {rows: _run(src, root / f"w{rows}", rows) for rows in (7, 25, 1000)}
    # One partition whose text the detect pass sends out in slices of 4 rows
    done[-4] = _run(src, root / "sliced", 1000, chunk_size=4)
    # ... and in slices of about 300 characters (a few texts each, of unequal rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text, "SLICE_CHARS", 300)
        done[-300] = _run(src, root / "by-chars", 1000)
    return src, done


def test_no_name_or_email_of_the_bundle_is_left_in_any_text(runs) -> None:
    src, done = runs
    result, out = done[7]
    assert result.verification.passed, result.verification.checks
    after = pl.read_csv(out, infer_schema=False)
    text = "\n".join(after["note"])
    real = {w for f, last in PEOPLE for w in (f, last)} | {a for n in AGENTS for a in n.split()}
    left = {w for w in re.findall(r"[^\W\d_]+", text) if w in real}
    assert not left
    assert "@example.org" not in text or not set(pl.read_csv(src)["email"]) & set(text.split())
    names = {c.name: c for c in result.verification.checks}
    assert names["leak_check"].applicable and names["leak_check"].counts["values_searched"] > 0
    assert names["residual_scan"].counts["cells_scanned"] > 0


def test_a_customer_has_the_same_fake_in_the_column_and_in_the_ticket(runs) -> None:
    src, done = runs
    before = pl.read_csv(src, infer_schema=False)
    after = pl.read_csv(done[7][1], infer_schema=False)
    checked = 0
    for i, note in enumerate(before["note"]):
        if before["customer"][i] in note:
            assert after["customer"][i] in after["note"][i]
            checked += 1
        if before["email"][i] in note:
            assert after["email"][i] in after["note"][i]
    assert checked >= 20


def test_an_agent_named_only_in_text_has_one_fake_everywhere(runs) -> None:
    src, done = runs
    before = pl.read_csv(src, infer_schema=False)
    after = pl.read_csv(done[7][1], infer_schema=False)
    lead = "Printer offline again, reboot fixed it. Handled by "
    for agent in AGENTS:
        # Where nothing else in the ticket is personal, the fake is what replaced the name.
        fakes = {a.removeprefix(lead).removesuffix(".")
                 for b, a in zip(before["note"], after["note"], strict=True)
                 if b == f"{lead}{agent}."}  # fmt: skip
        assert len(fakes) == 1 and agent not in fakes
        fake = fakes.pop()
        holding = [a for b, a in zip(before["note"], after["note"], strict=True) if agent in b]
        assert len(holding) >= 8 and all(fake in a for a in holding)


def test_the_output_does_not_depend_on_the_partitioning(runs) -> None:
    _, done = runs
    outputs = {rows: out.read_bytes() for rows, (_, out) in done.items()}
    assert outputs[7] == outputs[25] == outputs[1000] == outputs[-4] == outputs[-300]


def test_detection_slices_hold_like_text_not_like_rows() -> None:
    """A partition's slices for the detect pass: in order, every row once, and past a
    slice's first row at most ``chars`` of cost: a text's characters and ``TEXT_CHARS``
    (a long transcript alone; many short comments together)."""
    lengths = [25] * 30 + [2_000] + [900] * 4 + [25] * 7 + [0] * 3
    df = pl.DataFrame(
        {
            "note": [f"{i:04d}" + "x" * (n - 4) if n else None for i, n in enumerate(lengths)],
            "other": ["y" * 500] * len(lengths),
        }
    )
    searched = [ColumnDecision("t", "note", "String", "free_text", None, "fake", "policy")]
    sized = text.text_cuts(df, searched, chars=1_000)
    cuts = [(lo, hi) for lo, hi, _ in sized]
    assert [lo for lo, _ in cuts] == [0, *(hi for _, hi in cuts[:-1])]
    assert cuts[-1][1] == len(lengths)
    assert cuts == [(0, 25), (25, 30), (30, 31), (31, 32), (32, 33), (33, 34), (34, 37), (37, 45)]
    assert [n for _, _, n in sized][:2] == [25 * (25 + text.TEXT_CHARS), 5 * (25 + text.TEXT_CHARS)]
    assert text.text_cuts(df.clear(), searched, chars=1_000) == []


def test_a_repeated_text_costs_its_slice_next_to_nothing() -> None:
    """Three user agents over 3,000 rows: each costs its characters once in the
    partition, every other row ``REPEAT_CHARS``, so the rows are one slice."""
    agents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Firefox/125.0",
    ]
    df = pl.DataFrame({"user_agent": [agents[i % 3] for i in range(3_000)]})
    searched = [ColumnDecision("t", "user_agent", "String", "technical", None, "fake", "values")]
    sized = text.text_cuts(df, searched, chars=text.SLICE_CHARS)
    first = sum(len(a) + text.TEXT_CHARS for a in agents)
    assert sized == [(0, 3_000, first + 2_997 * text.REPEAT_CHARS)]


def test_an_initial_in_a_text_gets_the_initial_of_the_first_names_fake(tmp_path: Path) -> None:
    """As in memory (``consistency.teach_initials``): a surname the tables give one first
    name with an initial is "T. Ó Súilleabháin" in a note, whichever partition holds it."""
    policy = Policy.model_validate(
        {
            "columns": {
                "first_name": {"kind": "entity", "entity": "FIRST_NAME"},
                "last_name": {"kind": "entity", "entity": "LAST_NAME"},
                "note": {"kind": "free_text"},
            }
        }
    )
    people = [("Tomás", "Ó Súilleabháin"), ("Aoife", "Ní Bhriain"), ("Ciarán", "Mac Giolla")]
    rows = [(*people[i % 3], "Account reviewed, no change needed.") for i in range(30)]
    rows[29] = ("Ciarán", "Mac Giolla", "T. Ó Súilleabháin asked for a refund on the order.")
    src = tmp_path / "contacts.csv"
    pl.DataFrame(rows, schema=["first_name", "last_name", "note"], orient="row").write_csv(src)
    split = split_table(src, tmp_path / "w", 10)
    plan = make_plan([split.table], policy, None)
    run_stream([split], plan, policy, KEY, optouts_for([split], policy, set(), tmp_path / "w"),
               tmp_path / "w", tmp_path / "w" / "data")  # fmt: skip
    after = pl.read_csv(tmp_path / "w" / "data" / "contacts.csv", infer_schema=False)
    fake_first = after["first_name"][0]  # Tomás's fake, in the first partition
    note = after["note"][29]  # the last partition
    assert "Súilleabháin" not in note
    assert note.startswith(f"{fake_first[0]}. {after['last_name'][0]} asked")


def test_a_street_a_ticket_mentions_gets_its_column_fake_whatever_the_slices(
    tmp_path: Path,
) -> None:
    """A customer's street address written in their ticket is retyped as the table knows
    it (the spread pass) and replaced by the address column's fake: the apply pass reads
    the spans the spread pass rewrote (it once read the detect pass's own, and the
    corpus's table-address mentions fell from 0.99 to 0.39 recall)."""
    streets = ["Rua Augusta 112", "Calle de Alcalá 48", "Via Garibaldi 7", "Keizersgracht 221",
               "Drottninggatan 53", "Rue de Rivoli 90"]  # fmt: skip
    rows = 12
    src = tmp_path / "customers.csv"
    pl.DataFrame(
        {
            "customer": [" ".join(PEOPLE[i]) for i in range(rows)],
            "address": [streets[i % len(streets)] for i in range(rows)],
            "note": [
                f"Please deliver to {streets[i % len(streets)]} after 6pm, the gate code changed."
                for i in range(rows)
            ],
        }
    ).write_csv(src)
    policy = {"address": {"kind": "entity", "entity": "ADDRESS"}}
    outs = [_run(src, tmp_path / f"w{size}", 1000, size, policy)[1] for size in (1000, 5)]
    before = pl.read_csv(src, infer_schema=False)
    after = pl.read_csv(outs[0], infer_schema=False)
    for i in range(rows):
        assert before["address"][i] not in after["note"][i]
        assert after["address"][i] in after["note"][i], i
    assert outs[0].read_bytes() == outs[1].read_bytes()


def _warmed_then_detected() -> tuple[bool, int, bool]:
    """In a worker process: the warm-up started, then a detection: (warm-up started, the
    analyzers built, a name found)."""
    from anonymizers.detect import nlp
    from anonymizers.detect.known import KnownValues
    from anonymizers.partitioned.text import detector_for, warm_detector

    started = warm_detector(Policy())
    found = detector_for(Policy(), KnownValues.blank(0)).detect(
        ["Ingrid Lindqvist wrote from Rotterdam about her refund."]
    )[0]
    loads = nlp._build_analyzer.cache_info().misses
    return started, loads, any(s.entity == "PERSON" for s in found)


def test_a_worker_loads_the_model_once_while_warming_and_detects_alike() -> None:
    """``warm_detector`` loads the model in a worker's background, and the first
    detection waits for it instead of loading its own; the flow's own process is left
    alone."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from anonymizers.partitioned.text import warm_detector

    assert not warm_detector(Policy())
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert pool.submit(_warmed_then_detected).result() == (True, 1, True)
