"""The locks (runtime.lock, dev.lock, bench.lock) and their check against pyproject.toml."""
