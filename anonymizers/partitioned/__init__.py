"""Partitioned runs: one bundle faked part by part, in bounded memory."""
