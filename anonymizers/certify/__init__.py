"""Manifest, signature, ledger, lineage, report, keys and encryption at rest."""
