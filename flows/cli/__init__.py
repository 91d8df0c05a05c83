"""The ``safeset`` command line: run, plan, verify, pull, forget, keys, ledger."""


def main() -> None:
    """The console entry point, imported lazily: the flows import ``flows.cli.progress``,
    and that must not load the whole command line."""
    from flows.cli.app import main as run_app

    run_app()
