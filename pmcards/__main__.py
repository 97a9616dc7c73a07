"""`python -m pmcards` runs the command-line interface."""

from pmcards.cli import main

main()
