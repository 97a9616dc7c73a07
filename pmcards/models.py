"""The SQLModel tables pmcards stores: decks, cards (content and memory state), review logs, settings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Column, DateTime, Index, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
"""A card's `state`: 0 for a card never answered, then fsrs' own numbers (`fsrs.State`)."""
TIME_FIELDS = ("due", "last_review", "buried_until")
"""The card columns that hold times (stored as naive UTC text)."""
FLAG_FIELDS = ("leech", "suspended", "retired")
"""The card columns that hold booleans (stored as 0 or 1)."""


def to_db_time(moment: datetime | None) -> str | None:
    """An aware datetime as stored text, naive UTC as SQLAlchemy writes it for SQLite
    ("2026-11-21 12:00:00.000000"), for statements written in plain SQL."""
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


def row_reader(names: Sequence[str]) -> Callable[[Sequence[Any]], list[Any]]:
    """A function that turns a row of the card columns `names`, as plain SQL returns it, into
    Python values: times aware, flags booleans (the positions are worked out once)."""
    times = [index for index, name in enumerate(names) if name in TIME_FIELDS]
    flags = [index for index, name in enumerate(names) if name in FLAG_FIELDS]

    def read(row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for index in times:
            values[index] = from_db_time(values[index])
        for index in flags:
            values[index] = bool(values[index])
        return values

    return read


def from_db_time(text: str | None) -> datetime | None:
    """Stored text back to an aware UTC datetime."""
    return None if text is None else datetime.fromisoformat(f"{text}+00:00")


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC and gives them back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pmcards stores aware datetimes only")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


def _utc_column(*, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=True, index=index))


class DeckRow(SQLModel, table=True):
    """A deck as last synced from its file."""

    __tablename__ = "decks"

    id: str = Field(primary_key=True)
    title: str
    description: str = ""
    source: str = ""
    url: str = ""
    tags_json: str = "[]"
    path: str = ""
    position: int = 0
    retired: bool = False


class CardRow(SQLModel, table=True):
    """One schedulable card: a basic or interview card, or one deletion number of a cloze card.

    Content comes from the deck file (`card_id`, `ord`, `kind`, `sides_json`, ...); the memory
    state (`state` .. `last_review`) is what fsrs computed at the last answer.
    """

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("card_id", "ord"),
        Index("ix_cards_due_queue", "retired", "suspended", "state", "due"),
        Index("ix_cards_new_queue", "deck_id", "state", "position", "ord"),
        Index("ix_cards_deck_counts", "deck_id", "retired", "state", "due", "suspended", "buried_until"),
    )

    pk: int | None = Field(default=None, primary_key=True)
    card_id: str = Field(index=True)
    ord: int = 0
    deck_id: str = Field(foreign_key="decks.id")
    position: int = 0
    kind: str
    sides_json: str
    tags_json: str = "[]"
    section: str = ""
    source: str = ""
    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = _utc_column()
    last_review: datetime | None = _utc_column()
    reps: int = 0
    lapses: int = 0
    leech: bool = False
    suspended: bool = False
    buried_until: datetime | None = _utc_column()
    retired: bool = False


class ReviewLogRow(SQLModel, table=True):
    """One answer: the rating, when and how long, the state before, the memory state after.

    `before_json` holds the card's scheduling fields as they were, so undo restores them exactly.
    """

    __tablename__ = "review_logs"

    id: int | None = Field(default=None, primary_key=True)
    card_pk: int = Field(foreign_key="cards.pk", index=True)
    rating: int
    previous_state: int = NEW
    reviewed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    duration_ms: int | None = None
    state: int
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    before_json: str = "{}"


class SettingRow(SQLModel, table=True):
    """A setting's value (JSON), globally (`scope` "") or for one deck (`scope` the deck id)."""

    __tablename__ = "settings"

    scope: str = Field(default="", primary_key=True)
    key: str = Field(primary_key=True)
    value_json: str
