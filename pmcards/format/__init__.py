"""The deck format: card kinds, decks and cards as content, cloze syntax, and deck files.

Nothing here knows the database or the environment: paths are always given by the caller.
"""
