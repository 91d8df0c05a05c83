"""Applying a plan to tables and free text."""
