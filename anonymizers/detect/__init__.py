"""Finding personal data: known values, patterns, rules, Presidio + spaCy."""
