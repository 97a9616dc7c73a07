"""pmcards: spaced-repetition flashcards for (AI) product-manager interviews, scheduled with FSRS.

    import pmcards
    with pmcards.open() as col:      # the default database; or pmcards.open("study.db")
        col.sync()                   # the built-in decks
        card = col.next_card()
        col.answer(card, "good")

Heavy modules (SQLModel, fsrs) load on first use, so importing pmcards stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from pmcards.deck import BasicCard, Card, ClozeCard, Deck, InterviewCard
from pmcards.errors import (
    DeckError,
    ExtractError,
    NotFoundError,
    PmcardsError,
    Problem,
    RatingError,
    SchemaError,
    SettingError,
    StoreError,
)

if TYPE_CHECKING:
    from pmcards.anki_export import AnkiExport
    from pmcards.collection import AnswerResult, Collection, Mismatch
    from pmcards.collection import open_collection as open
    from pmcards.deckfile import lint, load_decks, parse_text, write_deck
    from pmcards.extraction import extract
    from pmcards.queue import DueCounts
    from pmcards.settings import Settings
    from pmcards.stats import Progress
    from pmcards.stored import StoredCard, StoredNote
    from pmcards.sync import SyncReport

__version__ = "0.1.0"

_LAZY = {
    "open": ("pmcards.collection", "open_collection"),
    "Collection": ("pmcards.collection", "Collection"),
    "AnswerResult": ("pmcards.collection", "AnswerResult"),
    "AnkiExport": ("pmcards.anki_export", "AnkiExport"),
    "StoredCard": ("pmcards.stored", "StoredCard"),
    "StoredNote": ("pmcards.stored", "StoredNote"),
    "Mismatch": ("pmcards.collection", "Mismatch"),
    "Progress": ("pmcards.stats", "Progress"),
    "DueCounts": ("pmcards.queue", "DueCounts"),
    "Settings": ("pmcards.settings", "Settings"),
    "SyncReport": ("pmcards.sync", "SyncReport"),
    "lint": ("pmcards.deckfile", "lint"),
    "load_decks": ("pmcards.deckfile", "load_decks"),
    "parse_text": ("pmcards.deckfile", "parse_text"),
    "write_deck": ("pmcards.deckfile", "write_deck"),
    "extract": ("pmcards.extraction", "extract"),
}

__all__ = [
    "AnkiExport",
    "AnswerResult",
    "BasicCard",
    "Card",
    "ClozeCard",
    "Collection",
    "Deck",
    "DeckError",
    "DueCounts",
    "ExtractError",
    "InterviewCard",
    "Mismatch",
    "NotFoundError",
    "PmcardsError",
    "Problem",
    "Progress",
    "RatingError",
    "SchemaError",
    "SettingError",
    "Settings",
    "StoreError",
    "StoredCard",
    "StoredNote",
    "SyncReport",
    "extract",
    "lint",
    "load_decks",
    "open",
    "parse_text",
    "write_deck",
]


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pmcards' has no attribute {name!r}")
