"""pmcards: spaced-repetition flashcards for (AI) product-manager interviews, scheduled with FSRS.

    import pmcards
    with pmcards.open() as col:      # the default database; or pmcards.open("study.db")
        col.sync()                   # the built-in decks
        card = col.next_card()
        col.answer(card, "good")
        pmcards.export_anki(col, "pmcards.apkg")

Heavy modules (SQLModel, fsrs) load on first use, so importing pmcards stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

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
from pmcards.format.cards import Card, Deck

if TYPE_CHECKING:
    from pmcards.collection.answers import AnswerResult
    from pmcards.collection.collection import Collection
    from pmcards.collection.collection import open_collection as open
    from pmcards.collection.history import Mismatch, ReviewLog
    from pmcards.collection.optimizer import Optimization
    from pmcards.collection.progress import Progress
    from pmcards.collection.queue import DueCounts
    from pmcards.collection.reading import StoredCard, StoredNote
    from pmcards.collection.stats import Stats
    from pmcards.collection.sync import SyncReport
    from pmcards.collection.workload import Workload
    from pmcards.export.anki import AnkiExport, export_anki
    from pmcards.extraction import extract
    from pmcards.format.deckfile import lint, load_decks, parse_text, write_deck
    from pmcards.format.kinds import KINDS
    from pmcards.schedule.fitting import Fit
    from pmcards.schedule.review_csv import evaluate_log
    from pmcards.schedule.settings import Settings
    from pmcards.schedule.state import CardState, Schedule

__version__ = "0.2.0"

_LAZY = {
    "open": ("pmcards.collection.collection", "open_collection"),
    "Collection": ("pmcards.collection.collection", "Collection"),
    "AnswerResult": ("pmcards.collection.answers", "AnswerResult"),
    "Mismatch": ("pmcards.collection.history", "Mismatch"),
    "ReviewLog": ("pmcards.collection.history", "ReviewLog"),
    "Progress": ("pmcards.collection.progress", "Progress"),
    "DueCounts": ("pmcards.collection.queue", "DueCounts"),
    "StoredCard": ("pmcards.collection.reading", "StoredCard"),
    "StoredNote": ("pmcards.collection.reading", "StoredNote"),
    "SyncReport": ("pmcards.collection.sync", "SyncReport"),
    "AnkiExport": ("pmcards.export.anki", "AnkiExport"),
    "export_anki": ("pmcards.export.anki", "export_anki"),
    "extract": ("pmcards.extraction", "extract"),
    "lint": ("pmcards.format.deckfile", "lint"),
    "load_decks": ("pmcards.format.deckfile", "load_decks"),
    "parse_text": ("pmcards.format.deckfile", "parse_text"),
    "write_deck": ("pmcards.format.deckfile", "write_deck"),
    "KINDS": ("pmcards.format.kinds", "KINDS"),
    "Settings": ("pmcards.schedule.settings", "Settings"),
    "Fit": ("pmcards.schedule.fitting", "Fit"),
    "evaluate_log": ("pmcards.schedule.review_csv", "evaluate_log"),
    "Optimization": ("pmcards.collection.optimizer", "Optimization"),
    "Stats": ("pmcards.collection.stats", "Stats"),
    "Workload": ("pmcards.collection.workload", "Workload"),
    "CardState": ("pmcards.schedule.state", "CardState"),
    "Schedule": ("pmcards.schedule.state", "Schedule"),
}

__all__ = [
    "KINDS",
    "AnkiExport",
    "AnswerResult",
    "Card",
    "CardState",
    "Collection",
    "Deck",
    "DeckError",
    "DueCounts",
    "ExtractError",
    "Fit",
    "Mismatch",
    "NotFoundError",
    "Optimization",
    "PmcardsError",
    "Problem",
    "Progress",
    "RatingError",
    "ReviewLog",
    "Schedule",
    "SchemaError",
    "SettingError",
    "Settings",
    "Stats",
    "StoreError",
    "StoredCard",
    "StoredNote",
    "SyncReport",
    "Workload",
    "evaluate_log",
    "export_anki",
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
