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
        exit 0 done (lists the revoked runs), 1 a rebuild failed, 2 usage or I/O
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from anonymizers.certify import encryption as crypto
from anonymizers.certify import keys, recipients
from anonymizers.certify.grants import AccessDenied
from anonymizers.errors import SafesetError
from anonymizers.governance import pull as pulling
from anonymizers.governance import subjects
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


def _rebuild(found: list[dict[str, Any]], subject_id: str, out: Path, key: bytes) -> list[str]:
    """Re-run each revoked dataset once (from its latest revoked run's recorded inputs)
    without the subject; returns problems. The new run's index must not hold the
    subject, or the rebuild counts as failed."""
    latest: dict[str, dict[str, Any]] = {}
    for item in found:
        latest[item["dataset"]] = item  # ledger order: the last one wins
    problems: list[str] = []
    for dataset, item in sorted(latest.items()):
        inputs = item.get("inputs")
        if not inputs:
            problems.append(
                f"'{dataset}': run {item['run_id']} did not record its inputs; "
                "rebuild it by hand with `safeset run ... --exclude-subject`"
            )
            continue
        cmd = [
            sys.executable,
            "-m",
            "flows.cli.app",
            "run",
            *map(str, inputs),
            "--out",
            str(out),
            "--dataset",
            dataset,
        ]
        if item.get("config"):
            cmd += ["--config", str(item["config"])]
        typer.echo(f"  rebuilding '{dataset}' without the subject ...")
        # The id goes through the environment, not argv: a command line is visible to
        # every user of the host (ps, /proc) and often ends up in process accounting.
        env = {**os.environ, EXCLUDE_SUBJECTS_ENV: subject_id}
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
        lines = done.stdout.strip().splitlines()
        if done.returncode != 0 or not lines:
            problems.append(
                f"'{dataset}': rebuild exited {done.returncode}: "
                + _last_message(done.stderr, subject_id)
            )
            continue
        run_dir = Path(lines[-1])
        manifest = pulling.read_manifest(run_dir) or {}
        if subjects.index_contains(manifest.get("subject_index"), key, subject_id) is not False:
            problems.append(
                f"'{dataset}': rebuilt run {run_dir.name} still lists the subject "
                "(or has no subject index)"
            )
            continue
        typer.echo(f"  rebuilt '{dataset}' → {run_dir}")
    return problems


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
        ..., help="The subject's id as in the exports, or '-' to read it from stdin."
    ),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output root."),
    config: Path | None = typer.Option(
        None, "--config", "-c", help="Policy YAML (where the pseudonymisation key is)."
    ),
    rebuild: bool = typer.Option(False, "--rebuild", help="Re-run each dataset without them."),
) -> None:
    """Honour a deletion request: revoke every certified run built from the subject."""
    if subject_id == "-":  # keeps the id out of the shell history and the process list
        subject_id = sys.stdin.readline().strip()
    if not subjects.normalise_id(subject_id):
        fail("the subject id is empty")
    try:
        policy = load_policy(config)
        key = keys.load_pseudonym_key(policy.keys, keys.safeset_home())
        found = pulling.forget(out, subject_id, key)
        unchecked = pulling.unchecked_runs(out, key)
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    ref = subjects.subject_digest(key, subject_id)[:16]
    typer.echo(f"deletion request for subject {ref}: {len(found)} certified run(s) built from it")
    for item in found:
        state = "already revoked" if item["already_revoked"] else "revoked"
        typer.echo(f"  {state}: run {item['run_id']} of '{item['dataset']}' ({item['run_dir']})")
    for item in unchecked:
        typer.echo(
            f"  WARNING: cannot check run {item['run_id']} of '{item['dataset']}': "
            "no subject index made with this pseudonymisation key"
        )
    if found and not rebuild:
        typer.echo(
            "  add the subject to subjects.opt_out_ids (or opt_out_file) so future runs "
            "exclude it; `--rebuild` re-runs the revoked datasets now"
        )
    if rebuild and found:
        problems = _rebuild(found, subject_id, out, key)
        for problem in problems:
            typer.echo(f"  FAILED: {problem}", err=True)
        if problems:
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
