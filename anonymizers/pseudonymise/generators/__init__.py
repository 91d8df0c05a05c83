"""One fake generator per entity, found by entity name in a registry."""
