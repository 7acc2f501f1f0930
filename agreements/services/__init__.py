"""Writes to agreements, one module per area; import from the module itself."""
