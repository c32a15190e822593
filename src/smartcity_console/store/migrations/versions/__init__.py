"""Migration scripts, one per schema change, numbered 0001, 0002, ..."""
