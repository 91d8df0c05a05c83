"""Reading and writing export bundles: tables, partitions of any size, staging."""
