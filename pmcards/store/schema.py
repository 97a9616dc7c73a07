"""The schema, declared once: the SQLModel tables pmcards stores (decks, cards, review logs,
settings, today's answer counts) and the two column types with their one conversion each.

Times are stored as whole microseconds since the Unix epoch (UTC) by `Instant`; a card's state
as its number by `StateColumn`. The schedule columns of `cards` and the memory-state columns of
`review_logs` are not written out here: they come from the plain values the scheduler works on
(`Schedule`, `MemoryState`), so a field added there is a column here.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

from pydantic import create_model
from sqlalchemy import BigInteger, Connection, Index, SmallInteger, Table, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from pmcards.errors import StoreError
from pmcards.schedule.state import CardState, MemoryState, Schedule

SCHEMA_VERSION = 2
"""The version of this schema; a database records the version that wrote it."""

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def to_micros(value: datetime | None) -> int | None:
    """An aware datetime as stored: whole microseconds since the epoch."""
    return None if value is None else (value - EPOCH) // _MICROSECOND


def from_micros(value: int | None) -> datetime | None:
    """Stored microseconds since the epoch as an aware datetime (UTC)."""
    return None if value is None else EPOCH + timedelta(microseconds=value)


class Instant(TypeDecorator[datetime]):
    """An aware datetime, stored as whole microseconds since the epoch (UTC): the one time format."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> int | None:
        return to_micros(value)

    def process_result_value(self, value: int | None, dialect: Dialect) -> datetime | None:
        return from_micros(value)

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any]:
        """The conversion itself, without the wrapping a type decorator adds."""
        return to_micros

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any]:
        """The conversion itself, without the wrapping a type decorator adds (reading 100,000 log
        rows calls it 300,000 times)."""
        return from_micros


_STATES = tuple(CardState)


def _state(value: int | None) -> CardState | None:
    if value is None:
        return None
    if not 0 <= value < len(_STATES):
        raise StoreError(f"a card's stored state is {value!r}, which no card can be in: the database is damaged")
    return _STATES[value]


class StateColumn(TypeDecorator[CardState]):
    """A `CardState`, stored as its number."""

    impl = SmallInteger
    cache_ok = True

    def process_bind_param(self, value: int | None, dialect: Dialect) -> int | None:
        return None if value is None else int(value)

    def process_result_value(self, value: int | None, dialect: Dialect) -> CardState | None:
        return _state(value)

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any]:
        """The conversion itself, without the wrapping a type decorator adds."""
        return _state


_COLUMN_TYPES: dict[Any, Any] = {datetime: Instant, CardState: StateColumn}


def columns_of(values: type[Any], prefix: str = "") -> type[SQLModel]:
    """A SQLModel base (not a table) with one column per field of the dataclass `values`, named
    `prefix + field`: tables derive their columns from the values the scheduler works on."""
    hints = typing.get_type_hints(values)
    columns: dict[str, Any] = {}
    for item in dataclasses.fields(values):
        annotation = hints[item.name]
        stored = next((kind for kind in typing.get_args(annotation) or (annotation,) if kind in _COLUMN_TYPES), None)
        options = {"sa_type": _COLUMN_TYPES[stored]} if stored is not None else {}
        columns[prefix + item.name] = (annotation, Field(default=item.default, **options))
    model: type[SQLModel] = create_model(f"{prefix.title()}{values.__name__}Columns", __base__=SQLModel, **columns)
    return model


ScheduleColumns = columns_of(Schedule)
MemoryColumns = columns_of(MemoryState)
BeforeColumns = columns_of(Schedule, prefix="before_")


class DeckRow(SQLModel, table=True):
    """A deck as last synced from its file. `fingerprint` identifies the file's bytes as synced
    (an unchanged file is skipped by the next sync) and `cards` counts the cards in use it made;
    `position` is the deck's place in the order."""

    __tablename__ = "decks"

    id: str = Field(primary_key=True)
    title: str
    description: str = ""
    source: str = ""
    url: str = ""
    tags_json: str = "[]"
    path: str = ""
    fingerprint: str = ""
    cards: int = 0
    position: int = 0
    retired: bool = False


class CardRow(ScheduleColumns, table=True):  # type: ignore[misc,valid-type,call-arg]
    """One schedulable card: a deck-file card, or one of the several it makes (a cloze deletion
    number, a reverse card's direction), with its schedule (the columns of `Schedule`).

    Content comes from the deck file: `card_id` (its id there), `ord` (which of its cards),
    `kind`, `sides_json` (its fields), tags and provenance, and its `line` in the file.
    """

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("card_id", "ord"),
        Index("ix_cards_due_queue", "retired", "suspended", "state", "due"),
        Index("ix_cards_new_queue", "deck_id", "state", "position", "ord"),
        Index("ix_cards_deck_counts", "deck_id", "retired", "state", "suspended", "buried_until"),
    )

    pk: int | None = Field(default=None, primary_key=True)
    card_id: str
    ord: int = 0
    deck_id: str = Field(foreign_key="decks.id")
    position: int = 0
    line: int = 0
    kind: str
    sides_json: str
    tags_json: str = "[]"
    section: str = ""
    source: str = ""
    retired: bool = False


class _LogColumns(MemoryColumns, BeforeColumns):  # type: ignore[misc,valid-type]
    """The memory state an answer left (the columns of `MemoryState`) and the whole schedule
    before it (`before_` and the columns of `Schedule`), which undo restores."""


class ReviewLogRow(_LogColumns, table=True):  # type: ignore[call-arg]
    """One answer: the card, the rating, when and how long (ms), the memory state after it and the
    card's schedule before it, and whether it buried the other cards of its note until the next
    day (which undo takes back). The log is the record of truth: replaying it rebuilds each card."""

    __tablename__ = "review_logs"

    id: int | None = Field(default=None, primary_key=True)
    card_pk: int = Field(foreign_key="cards.pk", index=True)
    rating: int
    reviewed_at: datetime = Field(sa_type=Instant, index=True)
    duration_ms: int | None = None
    buried_siblings: bool = False


class SettingRow(SQLModel, table=True):
    """A setting's value (JSON), for the learner (`scope` "") or for one deck (`scope` its id)."""

    __tablename__ = "settings"

    scope: str = Field(default="", primary_key=True)
    key: str = Field(primary_key=True)
    value_json: str


class DayCountRow(SQLModel, table=True):
    """How many new cards and reviews a deck had answered on one learner day: kept by answer and
    undo, so the daily limits never count the log; counted again from the log when the learner's
    day moves and by `check --repair`."""

    __tablename__ = "day_counts"

    day: date = Field(primary_key=True)
    deck_id: str = Field(primary_key=True)
    new: int = 0
    review: int = 0


def table(model: type[SQLModel]) -> Table:
    """The SQLAlchemy table of a table class, for Core statements."""
    found: Table = model.__table__  # type: ignore[attr-defined]
    return found


decks = table(DeckRow)
cards = table(CardRow)
review_logs = table(ReviewLogRow)
settings = table(SettingRow)
day_counts = table(DayCountRow)
TABLES = (decks, cards, review_logs, settings, day_counts)
"""pmcards' tables: what a new database is made of (SQLModel's metadata is shared with any other
SQLModel tables of the program, which are none of pmcards' business)."""


def create_tables(connection: Connection) -> None:
    """Create pmcards' tables and indexes, and nothing else."""
    SQLModel.metadata.create_all(connection, tables=list(TABLES))
