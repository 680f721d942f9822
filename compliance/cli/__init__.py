"""The command line: one module per command; `main` is the entry point."""

from compliance.cli.main import main

__all__ = ["main"]
