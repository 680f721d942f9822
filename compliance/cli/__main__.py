"""`python -m compliance.cli`."""

from compliance.cli.main import main

main()
