"""`python -m releasewatch` runs the CLI."""

from releasewatch.cli import main

main()
