"""Unit-test layer (fast, no network): see fixture_summary.py for the end-of-run fixture table."""

from .fixture_summary import pytest_terminal_summary

__all__ = ["pytest_terminal_summary"]
