"""The command line: one module per command; `main` is the entry point."""

import gc

# Importing the commands makes a few hundred thousand objects that live as long as the
# process (modules, classes, validators); the cyclic collector walked them again and again
# while they were being made, about 0.1 s of every command.
gc.disable()
try:
    from compliance.cli.main import main
finally:
    gc.enable()

__all__ = ["main"]
