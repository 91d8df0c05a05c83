"""Independent checks before anything is certified."""
