"""Agreement forms, one module per area."""
