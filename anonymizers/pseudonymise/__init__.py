"""Keyed, consistent, format-keeping fakes."""
