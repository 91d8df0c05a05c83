"""The auditor's and key holder's commands: ``verify``, ``keys ...``, ``ledger verify``.

Kept apart from the run command so that an auditor's machine needs neither Prefect nor
spaCy: this module imports only the offline engine modules (attest, keys, ledger).
Exit codes follow the CLI contract: 0 verified/ok, 1 failed (each reason listed),
2 usage or I/O error (one line on stderr).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from anonymizers.certify import attest, keys, ledger, ledger_audit
from anonymizers.errors import SafesetError
from flows.cli.failure import fail

keys_app = typer.Typer(no_args_is_help=True, help="Signing and pseudonymisation keys.")
ledger_app = typer.Typer(no_args_is_help=True, help="The hash-chained run ledger.")

DEMO_WARNING = (
    "WARNING: these are LOCAL DEMO KEYS, made on this machine with no key management.\n"
    "         Runs signed with them prove nothing to anyone who does not trust this machine.\n"
    "         For production, make keys under a protected SAFESET_HOME (or inject the\n"
    "         pseudonymisation key from a secret store) and give auditors trusted_keys.json."
)


def verify(
    run_dir: Path = typer.Argument(..., help="A run folder: out/<dataset>/<run-id>."),
    trusted_keys: Path | None = typer.Option(
        None, "--trusted-keys", "-k", help="Trusted-keys file (default: $SAFESET_HOME's)."
    ),
    ledger_file: Path | None = typer.Option(
        None,
        "--ledger",
        help="The ledger.jsonl (with its checkpoint) the run must be recorded in "
        "(default: the output root's).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Verify a run folder offline: signature, trusted key, every digest, no extra files."""
    trusted_path = trusted_keys or keys.safeset_home() / keys.TRUSTED_KEYS
    try:
        ledger_file = ledger_file or _default_ledger(run_dir)
        if ledger_file:
            if not ledger_file.is_file():
                raise SafesetError(f"{ledger_file}: no ledger here")
            report, audit = ledger_audit.verify_recorded_run(
                run_dir, trusted_path, ledger_file.parent
            )
            for warning in audit.warnings:
                typer.echo(f"safeset: ledger warning: {warning}", err=True)
        else:
            report = attest.verify_run(run_dir, trusted_path)
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    if as_json:
        granted = (report.manifest or {}).get("access", {}).get("grants", [])
        sealed = {"sealed_for": [{k: g[k] for k in ("team", "fingerprint")} for g in granted]}
        typer.echo(json.dumps({"run_dir": str(run_dir), **report.to_dict(), **sealed}, indent=2))
    else:
        _print_report(run_dir, report)
    raise typer.Exit(0 if report.ok else 1)


def _default_ledger(run_dir: Path) -> Path | None:
    """The ledger of the output root the folder sits in (``out/<dataset>/<run>`` or
    ``out/quarantine/<dataset>/<run>``), so a revoked run fails ``verify`` by default on
    the machine that holds the output root. An auditor with only a copied folder passes
    ``--ledger`` explicitly."""
    base = run_dir.absolute().parent.parent
    for root in (base, base.parent) if base.name == "quarantine" else (base,):
        if (root / ledger.LEDGER).is_file():
            return root / ledger.LEDGER
    return None


def _print_report(run_dir: Path, report: attest.VerifyReport) -> None:
    info = report.to_dict()
    if report.ok:
        typer.echo(f"VERIFIED {run_dir}")
        typer.echo(f"  run {info['run_id']} of dataset '{info['dataset']}', {info['status']}, "
                   f"ended {info['ended_at']}")  # fmt: skip
        typer.echo(f"  signed by trusted key {str(info['key_id'])[:16]} ({info['key_comment']})")
        typer.echo(f"  {info['files_checked']} files match their signed sha256")
        typer.echo(f"  dataset root {info['dataset_root']}")
        granted = (report.manifest or {}).get("access", {}).get("grants", [])
        if granted:  # the auditor sees who may read the data, without being able to
            teams = ", ".join(f"{g['team']} ({g['fingerprint'][:16]})" for g in granted)
            typer.echo(f"  data sealed for: {teams}")
        return
    typer.echo(f"FAILED {run_dir}: {len(report.reasons)} problem(s)")
    for reason in report.reasons:
        typer.echo(f"  - {reason}")


@keys_app.command("init")
def keys_init(
    demo: bool = typer.Option(False, "--demo", help="Local demo keys (prints a warning)."),
    force: bool = typer.Option(False, "--force", help="Replace existing keys (new fakes!)."),
) -> None:
    """Make a signing key pair and a separate pseudonymisation key under $SAFESET_HOME."""
    home = keys.safeset_home()
    if not force and _keys_kept(home):
        return
    try:
        made = keys.init_keys(home, demo=demo, force=force)
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    if demo:
        typer.echo(DEMO_WARNING, err=True)
    typer.echo(f"signing key      {made.signing_key} (0600)")
    typer.echo(f"public key       {made.signing_pub}")
    typer.echo(f"pseudonym key    {made.pseudonym_key} (0600)")
    typer.echo(f"trusted keys     {made.trusted_keys} (give this file to auditors)")
    typer.echo(f"signing key id   {made.key_id}")


def _keys_kept(home: Path) -> bool:
    """Keys already made in this home (by `make demo`, or an earlier init) are kept, and
    saying so is a success: "once per environment" may safely run twice. A partial set
    is still an error (``init_keys`` names what exists)."""
    names = (keys.SIGNING_KEY, keys.SIGNING_PUB, keys.PSEUDONYM_KEY)
    if not all((home / "keys" / n).exists() for n in names):
        return False
    try:
        kid = keys.key_id(keys.load_signing_key(home / "keys" / keys.SIGNING_KEY).public_key())
        trusted = keys.load_trusted_keys(home / keys.TRUSTED_KEYS)
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    typer.echo(f"keys already exist in {home / 'keys'} (signing key id {kid}); kept them "
               "(--force makes new ones, and new fakes)")  # fmt: skip
    if any(k.keyid == kid and k.comment == keys.DEMO_COMMENT for k in trusted):
        typer.echo(DEMO_WARNING, err=True)
    return True


@keys_app.command("rotate")
def keys_rotate() -> None:
    """New signing key; the old one stays trusted only for runs that ended before now."""
    try:
        made = keys.rotate_signing_key(keys.safeset_home())
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    typer.echo(f"new signing key id {made.key_id}; previous key retired in {made.trusted_keys}")


@keys_app.command("export-public")
def keys_export_public() -> None:
    """Print the current public signing key (PEM) and its key id."""
    pub = keys.safeset_home() / "keys" / keys.SIGNING_PUB
    try:
        pem = pub.read_text(encoding="ascii")
        pub_key = keys.load_signing_key(pub.with_name(keys.SIGNING_KEY)).public_key()
    except FileNotFoundError:
        fail(f"{pub}: no public key; run `safeset keys init`")
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    if keys.public_pem(pub_key) != pem:
        fail(f"{pub}: does not match the signing key next to it", 1)
    typer.echo(pem, nl=False)
    typer.echo(f"# keyid {keys.key_id(pub_key)}")


@ledger_app.command("verify")
def ledger_verify(
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output root holding ledger.jsonl."),
    trusted_keys: Path | None = typer.Option(
        None, "--trusted-keys", "-k", help="Trusted-keys file (default: $SAFESET_HOME's)."
    ),
    saved: list[Path] = typer.Option(
        [],
        "--checkpoint",
        help="A copy of ledger.checkpoint.json kept elsewhere: the ledger must extend it.",
    ),
) -> None:
    """Check the run ledger: hash chain, each record's signature, the signed checkpoint
    (nothing cut from the end, nothing re-hashed), revocations, and its agreement with
    every run folder and the ledger head each manifest recorded."""
    path = out / ledger.LEDGER
    trusted_path = trusted_keys or keys.safeset_home() / keys.TRUSTED_KEYS
    try:
        audit = ledger_audit.audit_ledger(path, trusted_path)
        for copy in saved:
            audit.problems += ledger_audit.saved_checkpoint_problems(audit, copy, trusted_path)
    except SafesetError as exc:
        fail(str(exc), exc.exit_code)
    for warning in audit.warnings:
        typer.echo(f"  warning: {warning}")
    if audit.problems:
        typer.echo(f"FAILED {path}: {len(audit.problems)} problem(s)")
        for problem in audit.problems:
            typer.echo(f"  - {problem}")
        raise typer.Exit(1)
    count = len(audit.records)
    if audit.warnings:
        typer.echo(f"OK with {len(audit.warnings)} warning(s) {path}: {count} record(s), "
                   "hash chain intact")  # fmt: skip
    else:
        typer.echo(f"OK {path}: {count} record(s), all signed, hash chain intact, "
                   "checkpoint matches")  # fmt: skip


def register(app: typer.Typer) -> None:
    """Attach the audit commands to the main ``safeset`` app."""
    app.command("verify")(verify)
    app.add_typer(keys_app, name="keys")
    app.add_typer(ledger_app, name="ledger")
