"""What the API hands out for stored cards, as plain frozen values: a `StoredCard` (content and
schedule of one schedulable card) and a `StoredNote` (a deck-file card's content, once).

They are read with plain SQL (the `cards` table that `models` defines), which is many times
faster than loading ORM objects; the values are detached from the database and safe to keep.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pmcards.models import NEW, row_reader

COLUMNS = (
    "pk",
    "card_id",
    "ord",
    "deck_id",
    "position",
    "kind",
    "sides_json",
    "tags_json",
    "section",
    "source",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "leech",
    "suspended",
    "buried_until",
    "retired",
)
_SELECT = f"SELECT {', '.join(f'cards.{name}' for name in COLUMNS)} FROM cards JOIN decks ON decks.id = cards.deck_id"
_ORDER = "ORDER BY decks.position, cards.position, cards.ord"


class _Content:
    """The JSON-stored content that cards and notes share, decoded on demand."""

    __slots__ = ()
    sides_json: str
    tags_json: str

    @property
    def sides(self) -> dict[str, str]:
        """The content fields (question/answer, text/extra, or question/key_points/traps/framework)."""
        return dict(json.loads(self.sides_json))

    @property
    def tags(self) -> list[str]:
        return list(json.loads(self.tags_json))


@dataclass(frozen=True, slots=True)
class StoredCard(_Content):
    """One schedulable card: a basic or interview card, or one deletion number (`ord`) of a cloze.

    `card_id` is the id in the deck file; `pk` the database key. `state` is 0 new, 1 learning,
    2 review, 3 relearning; `stability`, `difficulty`, `due` and `last_review` are fsrs' memory
    state; `retired` cards are no longer in their deck file (their history is kept).
    """

    pk: int
    card_id: str
    ord: int
    deck_id: str
    position: int
    kind: str
    sides_json: str
    tags_json: str
    section: str
    source: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int
    leech: bool
    suspended: bool
    buried_until: datetime | None
    retired: bool

    @property
    def is_new(self) -> bool:
        return self.state == NEW


_read = row_reader(COLUMNS)


def _card(row: tuple[Any, ...]) -> StoredCard:
    return StoredCard(*_read(row))


def read_cards(db: sqlite3.Connection, where: str = "1", params: tuple[Any, ...] = ()) -> list[StoredCard]:
    """The cards matching the SQL condition `where` (on `cards` and `decks`), in deck order."""
    return [_card(row) for row in db.execute(f"{_SELECT} WHERE {where} {_ORDER}", params)]


@dataclass(frozen=True, slots=True)
class StoredNote(_Content):
    """The content of one deck-file card, once: what all the deletions of a cloze share (Anki
    calls this a note). Its schedulable cards are the `StoredCard`s with the same `card_id`."""

    card_id: str
    deck_id: str
    kind: str
    sides_json: str
    tags_json: str
    section: str
    source: str


_NOTE_COLUMNS = ", ".join(
    f"cards.{name}" for name in ("card_id", "deck_id", "kind", "sides_json", "tags_json", "section", "source")
)
_FIRST_CARD = (
    "NOT EXISTS (SELECT 1 FROM cards AS earlier"
    " WHERE earlier.card_id = cards.card_id AND earlier.ord < cards.ord AND earlier.retired = 0)"
)


def read_notes(db: sqlite3.Connection, where: str = "1", params: tuple[Any, ...] = ()) -> list[StoredNote]:
    """The notes of the cards in use that match the SQL condition `where`, in deck order.

    Each note is read from its first card in use. (The `+` keeps SQLite from reading the cards
    through the due-queue index: a plain scan of the table is quicker for this.)
    """
    statement = (
        f"SELECT {_NOTE_COLUMNS} FROM cards JOIN decks ON decks.id = cards.deck_id"
        f" WHERE +cards.retired = 0 AND {_FIRST_CARD} AND ({where}) ORDER BY decks.position, cards.position"
    )
    return [StoredNote(*row) for row in db.execute(statement, params)]
