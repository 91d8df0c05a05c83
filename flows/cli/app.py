"""The `safeset` command line — a contract that scripts and tests depend on.

    safeset run INPUT... [--config FILE] [--out DIR] [--dataset NAME] [--plan FILE]
        exit 0 certified (last stdout line: the run folder), 1 rejected (quarantined),
        2 bad usage or unreadable input (one-line message, nothing written to out/)
    safeset plan INPUT... [--config FILE] [--output FILE]
    safeset verify RUN_DIR [--trusted-keys FILE] [--json]      exit 0 / 1 / 2
    safeset keys init | safeset ledger verify

Prefect is imported only by `run`, so auditors' commands work without it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from anonymizers.offline import configure_offline
from flows.cli import audit as cli_audit
from flows.cli import governance as cli_governance
from flows.cli.failure import (
    EXIT_INTERNAL,
    environment_failure,
    fail,
    internal_failure,
)

if TYPE_CHECKING:
    from anonymizers.certify.publish import RunOutcome

#: Internal-failure logs of a run, under its output root (0700; files 0600).
LOGS = ".logs"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn customer data exports into certified, pseudonymised datasets.",
    pretty_exceptions_enable=False,
)
cli_audit.register(app)
cli_governance.register(app)  # after cli_audit: adds `keys init-data` to its group


def _prepare_environment() -> None:
    """Before Prefect or Presidio load: no telemetry, no downloads, quiet defaults."""
    configure_offline()
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # A run's errors reach the console as one line, not as Prefect's traceback.
    os.environ.setdefault(
        "PREFECT_LOGGING_SETTINGS_PATH", str(Path(__file__).with_name("logging.yml"))
    )


@app.command()
def run(
    inputs: list[Path] = typer.Argument(..., help="Export files or a folder (one bundle)."),
    config: Path | None = typer.Option(None, "--config", "-c", help="Policy YAML."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output root."),
    dataset: str | None = typer.Option(None, "--dataset", "-d", help="Dataset name."),
    plan: Path | None = typer.Option(None, "--plan", help="Frozen plan from `safeset plan`."),
    exclude_subject: list[str] = typer.Option(
        [],
        "--exclude-subject",
        help="Also treat this subject id as opted out (repeatable; or newline-separated ids "
        "in $SAFESET_EXCLUDE_SUBJECTS, which keeps them out of the process list).",
    ),
    runner: str = typer.Option(
        "processes", "--task-runner", help="processes (default), threads or dask."
    ),
    workers: int | None = typer.Option(
        None, "--workers", help="Worker processes (default: cores)."
    ),
    dask_address: str | None = typer.Option(
        None, "--dask-address", help="An existing Dask scheduler, e.g. tcp://10.0.0.5:8786."
    ),
    partition_rows: int | None = typer.Option(
        None,
        "--partition-rows",
        min=1,
        help="Rows per partition: a worker holds one at a time (default: 50,000).",
    ),
) -> None:
    """Sanitize an export bundle into a certified run folder (or quarantine)."""
    _prepare_environment()
    from anonymizers.errors import SafesetError

    probe = out  # the output root, or the first part of its path that exists
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        fail(f"{out}: {probe} is a file, not a folder")
    if runner not in ("processes", "threads", "dask"):
        fail(f"--task-runner must be processes, threads or dask, not '{runner}'")
    from flows.cli.preflight import preflight

    try:  # before the server starts: a missing key is a one-line error in a second
        for warning in preflight(inputs, config, plan):
            typer.echo(f"safeset: warning: {warning}", err=True)
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    from anonymizers.governance.subjects import EXCLUDE_SUBJECTS_ENV, excluded_from_env

    # Subject ids reach the flow through this process's environment, never as a flow
    # parameter: Prefect stores parameters in its database (and a served API elsewhere).
    from_env = excluded_from_env()
    if from_env:
        typer.echo(f"safeset: excluding {len(from_env)} subject id(s) listed in "
                   f"${EXCLUDE_SUBJECTS_ENV}", err=True)  # fmt: skip
    ids = [*from_env, *(s for s in exclude_subject if s.strip())]
    before = os.environ.get(EXCLUDE_SUBJECTS_ENV)
    if ids:
        os.environ[EXCLUDE_SUBJECTS_ENV] = "\n".join(ids)
    from anonymizers.io.partitions import PARTITION_ROWS

    rows = partition_rows or PARTITION_ROWS
    common = {
        "inputs": [str(p) for p in inputs],
        "config": str(config) if config else None,
        "out": str(out),
        "dataset": dataset,
        "plan_file": str(plan) if plan else None,
    }
    from flows.cli.server import ServerStartError, shared_api

    # Chosen once: asked for workers or a cluster, the passes run there whatever the size,
    # and this process has no use for a model of its own.
    on_workers = bool(dask_address) or runner == "dask" or workers is not None
    local = False if on_workers else None
    try:
        with shared_api(while_starting=lambda: _import_flows(config, common, local)):
            outcome = _run_flow(common, rows, runner, workers, dask_address, local)
    except Exception as exc:  # handled below, once the environment is restored
        outcome = exc
    finally:  # the ids are this run's only (an embedding process may run more)
        if "flows.preparer" in sys.modules:  # a run that never reached its split
            sys.modules["flows.preparer"].close_preparer()
        if before is None:
            os.environ.pop(EXCLUDE_SUBJECTS_ENV, None)
        else:
            os.environ[EXCLUDE_SUBJECTS_ENV] = before
    from anonymizers.certify.publish import RunRejected  # loaded by the flow by now

    if isinstance(outcome, RunRejected):  # the flow ended Failed, with its quarantine
        _rejected(outcome.outcome)
    if isinstance(outcome, SafesetError):
        fail(str(outcome), outcome.exit_code)
    if isinstance(outcome, ServerStartError):  # nothing ran: no run folder, no staging
        fail(str(outcome), EXIT_INTERNAL)
    if isinstance(outcome, Exception):  # one line; the traceback in a 0600 log file
        internal_failure(outcome, out / LOGS, "run")
    if outcome.status != "CERTIFIED":
        _rejected(outcome)
    typer.echo(str(outcome.run_dir))


def _rejected(outcome: RunOutcome) -> NoReturn:
    """Exit 1 for a quarantined run: on stderr which checks failed and where the findings
    are (places and types, never values), then the verdict as the last line; on stdout,
    last, the quarantine folder."""
    for line in outcome.summary:
        typer.echo(f"safeset: {line}", err=True)
    typer.echo(f"safeset: run REJECTED; quarantined with its report at {outcome.run_dir}",
               err=True)  # fmt: skip
    typer.echo(str(outcome.run_dir))
    raise typer.Exit(1)


def _import_flows(
    config: Path | None = None, common: dict | None = None, local: bool | None = None
) -> None:
    """Prefect, polars and the engine: seconds of imports, done while the server boots;
    for an export whose passes run in this process (``local``, or by default one small
    enough), the policy's spaCy model and Presidio analyzer too (otherwise the workers
    load them, and a copy here would only cost memory), else the process the flow will
    split and plan in, started now to import and load the model (``flows/preparer.py``)."""
    import flows.sanitize  # noqa: F401
    from anonymizers.io.partitions import in_process
    from anonymizers.io.tables import discover

    if common is None:
        return
    with contextlib.suppress(Exception):  # a bad input is the flow's to report
        if local is not False and (
            local or in_process(discover([Path(p) for p in common["inputs"]]))
        ):
            _load_model(config)
        else:
            from flows.preparer import warm_preparer

            warm_preparer(str(config) if config else None)


def _load_model(config: Path | None) -> None:
    """Build the policy's analyzer in this process, which runs the flow: ``detect/nlp.py``
    keeps it, so the flow's plan finds the model loaded instead of loading it while the
    server has long been up (the server's boot leaves a core idle for seconds)."""
    from anonymizers.detect.nlp import build_analyzer
    from anonymizers.policy import load_policy

    # A policy or model that does not load is the flow's to report, in its own words.
    with contextlib.suppress(Exception):
        build_analyzer(load_policy(config))


def _run_flow(
    common: dict, rows: int, runner: str, workers: int | None, dask: str | None,
    local: bool | None,
):  # fmt: skip
    """The sanitize flow on the chosen task runner; ``local`` False: on the workers or
    the Dask cluster whatever the export's size."""
    from flows.sanitize import sanitize, task_runner

    chosen = task_runner(runner, workers, dask)
    return sanitize.with_options(task_runner=chosen)(**common, partition_rows=rows, local=local)


@app.command("plan")
def plan_cmd(
    inputs: list[Path] = typer.Argument(..., help="Export files or a folder (one bundle)."),
    config: Path | None = typer.Option(None, "--config", "-c", help="Policy YAML."),
    output: Path = typer.Option(Path("plan.yaml"), "--output", "-o", help="Where to write."),
) -> None:
    """Write the reviewable column plan; freeze it with `safeset run --plan FILE`."""
    _prepare_environment()
    from anonymizers.detect.text import TextDetector
    from anonymizers.errors import SafesetError
    from anonymizers.plan.bundle import load_bundle
    from anonymizers.plan.columns import make_plan, write_plan

    try:
        bundle = load_bundle(inputs, config)
        for warning in bundle.warnings:  # policy entries that match nothing here
            typer.echo(f"safeset: warning: {warning}", err=True)
        plan = make_plan(bundle.tables, bundle.policy, TextDetector(bundle.policy).tag_values)
        write_plan(plan, output)
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    except OSError as exc:  # the output cannot be written: a read-only folder, a full disk
        environment_failure(exc)
    except Exception as exc:  # one line: library messages can quote cell values
        internal_failure(exc, _home_logs(), "plan", "planning")
    typer.echo(str(output))


def _home_logs() -> Path:
    """Where a command with no output root logs an internal failure."""
    from anonymizers.certify.keys import safeset_home

    return safeset_home() / LOGS.lstrip(".")


def main() -> None:
    """Every way a command can end is one line and an exit code of the contract: what no
    command caught is a refusal of the system (exit 2: a read-only folder, a full disk)
    or an internal failure (exit 3, its traceback in a log file), never a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("safeset: interrupted; nothing was published", err=True)
        sys.exit(130)
    except Exception as exc:
        command = next((a for a in sys.argv[1:2] if a.isalpha()), "safeset")
        try:
            if isinstance(exc, OSError):
                environment_failure(exc)
            internal_failure(exc, _home_logs(), command)
        except typer.Exit as done:
            sys.exit(done.exit_code)


if __name__ == "__main__":
    main()
