"""Exported stack states written by each released np6-pulumi version (see make_fixture.py)."""
