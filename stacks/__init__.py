"""Stack definitions: one module per stack (`local.py` for the `local` stack), each with a `declare()`."""
