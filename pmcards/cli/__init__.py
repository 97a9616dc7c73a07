"""The `pmcards` command: a thin layer over the Python API that parses arguments and prints.

Each module holds a group of commands; importing them here registers them on the application.
"""

from pmcards.cli import cards, decks, stats, study
from pmcards.cli.app import app, main

__all__ = ["app", "cards", "decks", "main", "stats", "study"]
