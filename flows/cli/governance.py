"""Dev teams' and privacy officers' commands: ``pull``, ``forget``, ``keys init-data``,
``keys team-init``.

Like the audit commands, these need neither Prefect nor spaCy (``forget --rebuild``
starts ``safeset run`` as a separate process), so they stay fast and work on a machine
that only holds the output root and the keys.

    safeset pull DATASET [--version RUN_ID] --to DIR [--identity FILE] [--out ROOT]
                 [--trusted-keys FILE]
        exit 0 pulled, 1 refused (rejected, revoked, unverifiable), 2 usage or I/O, or
        an identity the run is not sealed for (nothing copied)
    safeset forget SUBJECT_ID [--out ROOT] [--config FILE] [--rebuild]
        exit 0 done (a verdict per certified run: kept, revoked, cannot be checked →
        revoked; with --rebuild an outcome per dataset: rebuilt, still revoked, failed),
        1 a dataset was not rebuilt, 2 usage or I/O
    safeset keys init-data [--force]
    safeset keys team-init NAME [--identity FILE] [--force]

The subject id of a deletion request is never printed or logged: output names runs and
a keyed digest prefix only.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from anonymizers.certify import encryption as crypto
from anonymizers.certify import keys, recipients
from anonymizers.certify.grants import AccessDenied
from anonymizers.errors import SafesetError
from anonymizers.governance import pull as pulling
from anonymizers.governance import rebuild as rebuilding
from anonymizers.governance import subjects
from anonymizers.governance.forgotten import EXCLUDE_RECORDS_ENV, FORGOTTEN
from anonymizers.governance.subjects import EXCLUDE_SUBJECTS_ENV
from anonymizers.policy import TEAM_NAME, EncryptionConfig, load_policy
from flows.cli.failure import fail


def _data_key_if_any(config: Path | None) -> bytes | None:
    """The data key when one is configured or present; pulling an unencrypted run must
    not require one, and an encrypted run without it fails with a clear message."""
    cfg = load_policy(config).encryption
    home = keys.safeset_home()
    if (cfg.key_env and os.environ.get(cfg.key_env)) or cfg.key_file:
        return crypto.load_data_key(cfg, home)
    if (home / "keys" / crypto.DATA_KEY).is_file():
        return crypto.load_data_key(cfg, home)
    return None


def pull_cmd(
    dataset: str = typer.Argument(..., help="Dataset name (a folder under the output root)."),
    to: Path = typer.Option(..., "--to", help="Destination folder (new or empty)."),
    version: str | None = typer.Option(None, "--version", help="A run id (default: latest)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output root."),
    trusted_keys: Path | None = typer.Option(
        None, "--trusted-keys", "-k", help="Trusted-keys file (default: $SAFESET_HOME's)."
    ),
    config: Path | None = typer.Option(
        None, "--config", "-c", help="Policy YAML naming the data key's file or variable."
    ),
    identity: Path | None = typer.Option(
        None, "--identity", "-i", help="Your team's identity file (`safeset keys team-init`)."
    ),
) -> None:
    """Verify a certified run, copy its data (decrypted) and log the access."""
    trusted = trusted_keys or keys.safeset_home() / keys.TRUSTED_KEYS
    try:
        team = recipients.load_identity(identity) if identity else None
        result = pulling.pull(
            out, dataset, to, version, trusted, _data_key_if_any(config), identity=team
        )
    except SafesetError as exc:
        refused = exc.exit_code == 1 or isinstance(exc, AccessDenied)
        prefix = "safeset: refused: " if refused else "safeset: error: "
        typer.echo(prefix + str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    typer.echo(
        f"pulled run {result.run_id} of '{result.dataset}' ({len(result.files)} files"
        f"{', decrypted' if result.decrypted else ''}) → {result.destination}"
    )
    typer.echo(f"  dataset root {result.dataset_root}; logged in {out / 'access.jsonl'}")


#: ``run_child(args, env)`` → (exit code, stdout, stderr) of one ``safeset run ARGS``.
RunChild = Callable[[list[str], dict[str, str]], tuple[int, str, str]]


def run_child(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """``safeset run ARGS`` in a child process (it starts Prefect; this command does not)."""
    cmd = [sys.executable, "-m", "flows.cli.app", "run", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    return done.returncode, done.stdout, done.stderr


def rebuild_datasets(
    out: Path, checked: list[dict[str, Any]], subject_id: str, key: bytes,
    run: RunChild = run_child,
) -> bool:  # fmt: skip
    """Re-run each dataset whose latest certified run is now revoked, with that run's
    frozen plan and policy, without the subject; one line per dataset. True if every
    one was rebuilt."""
    with tempfile.TemporaryDirectory(prefix="safeset-rebuild-") as scratch:
        return _rebuild_all(out, checked, subject_id, key, run, Path(scratch))


def _rebuild_all(
    out: Path, checked: list[dict[str, Any]], subject_id: str, key: bytes, run: RunChild,
    scratch: Path,
) -> bool:  # fmt: skip
    todo = rebuilding.plan_rebuilds(out, checked, key, scratch)
    if not todo:
        typer.echo("  nothing to rebuild: no dataset's latest certified run was revoked")
    ok = True
    for item in todo:
        if item.args is None:
            typer.echo(f"  {rebuilding.STILL_REVOKED}: '{item.dataset}': {item.reason}")
            ok = False
            continue
        typer.echo(f"  rebuilding '{item.dataset}' (run {item.run_id}'s plan and policy) ...")
        # The id goes through the environment, not argv: a command line is visible to
        # every user of the host (ps, /proc) and often ends up in process accounting.
        env = {**os.environ, EXCLUDE_SUBJECTS_ENV: subject_id,
               EXCLUDE_RECORDS_ENV: "\n".join(item.excluded)}  # fmt: skip
        code, stdout, stderr = run(item.args, env)
        lines = stdout.strip().splitlines()
        if code != 0 or not lines:
            why = _last_message(stderr, subject_id)
            typer.echo(f"  {rebuilding.FAILED}: '{item.dataset}': exit {code}: {why}")
            ok = False
            continue
        state, reason = rebuilding.judge(out, item, Path(lines[-1]), key, subject_id)
        typer.echo(f"  {state}: '{item.dataset}': {reason}")
        ok = ok and state == rebuilding.REBUILT
    return ok


def _last_message(stderr: str, subject_id: str) -> str:
    """The last meaningful stderr line of the child, box drawing stripped and the subject
    id masked: a usage error may echo its arguments, and this output is not private."""
    for line in reversed(stderr.splitlines()):
        text = line.strip(" │╭╮╰╯─|\t")
        if any(ch.isalnum() for ch in text):
            return re.sub(re.escape(subject_id.strip()), "<subject>", text, flags=re.IGNORECASE)
    return "no message"


def forget_cmd(
    subject_id: str = typer.Argument(
        ..., help="The subject's id (or e-mail) as in the exports, or '-' to read it from stdin."
    ),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output root."),
    config: Path | None = typer.Option(
        None, "--config", "-c", help="Policy YAML (where the pseudonymisation key is)."
    ),
    rebuild: bool = typer.Option(
        False, "--rebuild", help="Re-run each revoked dataset with its own plan and policy."
    ),
) -> None:
    """Honour a deletion request: check every certified run, revoke each one that holds
    the subject or cannot be checked, and remember the subject so no run brings it back."""
    if subject_id == "-":  # keeps the id out of the shell history and the process list
        subject_id = sys.stdin.readline().strip()
    if not subjects.normalise_id(subject_id):
        fail("the subject id is empty")
    try:
        policy = load_policy(config)
        key = keys.load_pseudonym_key(policy.keys, keys.safeset_home())
        checked = pulling.forget(out, subject_id, key)
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    ref = subjects.subject_digest(key, subject_id)[:16]
    hits = [c for c in checked if c["verdict"] == "holds"]
    blind = [c for c in checked if c["verdict"] == "unchecked"]
    typer.echo(
        f"deletion request for subject {ref}: {len(checked)} certified run(s) checked, "
        f"{len(hits)} built from the subject, {len(blind)} that cannot be checked"
    )
    for c in checked:
        where = f"run {c['run_id']} of '{c['dataset']}' ({c['run_dir']})"
        if c["verdict"] == "absent":
            typer.echo(f"  kept: {where}: {c['why']}")
            continue
        state = "already revoked" if c["already_revoked"] else "revoked"
        why = "holds the subject" if c["verdict"] == "holds" else f"cannot be checked: {c['why']}"
        typer.echo(f"  {state}: {where}: {why}")
    typer.echo(f"  remembered in {out / FORGOTTEN}: later runs on this output root leave them out")
    if not rebuild:
        if any(c["revoked"] for c in checked):
            typer.echo(
                "  pull refuses a dataset whose latest run is revoked until it is rebuilt: "
                "`--rebuild` re-runs them now with each run's own plan and policy"
            )
        return
    if not rebuild_datasets(out, checked, subject_id, key):
        raise typer.Exit(1)


def keys_init_data(
    force: bool = typer.Option(False, "--force", help="Replace the data key (old data lost!)."),
) -> None:
    """Make the AES-256 data key for encryption at rest under $SAFESET_HOME (0600)."""
    try:
        path = crypto.init_data_key(keys.safeset_home(), force=force)
        key = crypto.load_data_key(EncryptionConfig(key_file=path, key_env=""), path.parent)
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    typer.echo(f"data key         {path} (0600)")
    typer.echo(f"data key id      {crypto.data_key_id(key)}")
    typer.echo("  back it up: datasets encrypted with it cannot be read without it")


def keys_team_init(
    name: str = typer.Argument(..., help="The team's name, as the policy will grant it."),
    identity: Path | None = typer.Option(
        None, "--identity", "-i", help="Where to write it (default: $SAFESET_HOME/identities/)."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing identity."),
) -> None:
    """Make a team's X25519 identity (0600) and print the recipient to grant in a policy."""
    if not re.fullmatch(TEAM_NAME, name):
        fail(f"team name {name[:40]!r} must be lower-case letters, digits, '.', '_' or '-'")
    team = recipients.new_identity(name)
    path = identity or recipients.default_identity_path(keys.safeset_home(), name)
    try:
        recipients.write_identity(team, path, keys.iso(datetime.now(UTC)), force=force)
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    typer.echo(f"identity         {path} (0600): secret, for the team's machines only")
    typer.echo(f"recipient        {team.recipient}")
    typer.echo(f"fingerprint      {team.fingerprint}")
    typer.echo("grant it in the policy of each dataset the team may pull:")
    typer.echo(f'  access:\n    teams:\n      {name}: "{team.recipient}"')


def register(app: typer.Typer) -> None:
    """Attach ``pull``, ``forget``, ``keys init-data`` and ``keys team-init``. Call after
    ``cli_audit.register`` so the ``keys`` group exists; if not, a group is made here."""
    app.command("pull")(pull_cmd)
    app.command("forget")(forget_cmd)
    keys_group = _find_group(app, "keys")
    if keys_group is None:
        keys_group = typer.Typer(no_args_is_help=True, help="Keys.")
        app.add_typer(keys_group, name="keys")
    keys_group.command("init-data")(keys_init_data)
    keys_group.command("team-init")(keys_team_init)


def _find_group(app: typer.Typer, name: str) -> typer.Typer | None:
    for info in app.registered_groups:
        if info.name == name and info.typer_instance is not None:
            return info.typer_instance
    return None
