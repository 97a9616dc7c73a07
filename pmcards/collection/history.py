"""The review log, the record of truth: reading it, and checking every card against a replay of it.

Replaying a card's log through FSRS rebuilds its memory state; `check` lists the cards whose
stored schedule differs and, asked to repair, rewrites them from their logs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from itertools import groupby
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, SmallInteger, bindparam, select, type_coerce, update

from pmcards.bulk import no_garbage_collection
from pmcards.collection.configuration import SettingsOf
from pmcards.collection.reading import StoredCard, read_cards
from pmcards.schedule import scheduler
from pmcards.schedule.state import REPLAYED, CardState, MemoryState, Schedule
from pmcards.store import Database
from pmcards.store.schema import cards, review_logs

_MEMORY = tuple(item.name for item in fields(MemoryState))
_SCHEDULE = tuple(item.name for item in fields(Schedule))


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewLog(MemoryState):
    """One answer: the card, the rating (1-4), when and how long (ms), the state the card was in
    (`previous_state`) and the memory state the answer left (the fields of `MemoryState`)."""

    id: int
    card_pk: int
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    previous_state: CardState


_LOG_QUERY = select(
    review_logs.c.id,
    review_logs.c.card_pk,
    review_logs.c.rating,
    review_logs.c.reviewed_at,
    review_logs.c.duration_ms,
    review_logs.c.before_state.label("previous_state"),
    *(review_logs.c[name] for name in _MEMORY),
)


_EVERY_LOG = _LOG_QUERY.order_by(review_logs.c.id)
_CARD_LOG = _LOG_QUERY.where(review_logs.c.card_pk == bindparam("card")).order_by(review_logs.c.id)


def read_logs(db: Database, card_pk: int | None = None) -> list[ReviewLog]:
    """The review log, oldest first: of one card, or of all."""
    found = db.run(_EVERY_LOG, {}) if card_pk is None else db.run(_CARD_LOG, {"card": card_pk})
    return found.build(ReviewLog, plain=True)


class StoredLog(NamedTuple):
    """One answer of the review log in its stored units: times in microseconds since the epoch
    (UTC), states as their numbers. For reading the whole log in bulk (an export), where making
    the datetimes and enums of `ReviewLog`s would cost more than the work done with them."""

    card_pk: int
    rating: int
    reviewed_at: int
    due: int | None
    state: int
    previous_state: int
    difficulty: float | None
    duration_ms: int | None


_STORED_LOG_QUERY = select(
    review_logs.c.card_pk,
    review_logs.c.rating,
    type_coerce(review_logs.c.reviewed_at, BigInteger),
    type_coerce(review_logs.c.due, BigInteger),
    type_coerce(review_logs.c.state, SmallInteger),
    type_coerce(review_logs.c.before_state, SmallInteger),
    review_logs.c.difficulty,
    review_logs.c.duration_ms,
).order_by(review_logs.c.id)


def read_stored_logs(db: Database) -> list[StoredLog]:
    """The whole review log, oldest first, in stored units (see `StoredLog`)."""
    with no_garbage_collection():
        return list(map(StoredLog._make, db.run(_STORED_LOG_QUERY, {}).rows))


@dataclass(frozen=True)
class Mismatch:
    """A card whose stored schedule differs from the replay of its review log."""

    card: StoredCard
    differences: dict[str, tuple[Any, Any]]
    """Field name -> (stored value, replayed value)."""


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return bool(a == b)


_REPLAY_QUERY = select(
    review_logs.c.card_pk,
    review_logs.c.rating,
    review_logs.c.reviewed_at,
    *(review_logs.c[name] for name in _MEMORY),
).order_by(review_logs.c.card_pk, review_logs.c.id)


def _replayed(db: Database, settings_of: SettingsOf, deck_of: dict[int, str]) -> dict[int, Schedule]:
    """Every card's schedule as its log rebuilds it (cards without a log are new)."""
    replays = {}
    for pk, rows in groupby(db.run(_REPLAY_QUERY, {}).rows, key=lambda row: row[0]):
        entries: Iterable[scheduler.LoggedAnswer] = (
            scheduler.LoggedAnswer(rating, reviewed_at, MemoryState(**dict(zip(_MEMORY, memory, strict=True))))
            for _, rating, reviewed_at, *memory in rows
        )
        replays[pk] = scheduler.replay(entries, settings_of(deck_of.get(pk, "")))
    return replays


_REWRITE = (
    update(cards).where(cards.c.pk == bindparam("card")).values({name: bindparam(f"new_{name}") for name in REPLAYED})
)


def check(db: Database, settings_of: SettingsOf, *, repair: bool = False) -> list[Mismatch]:
    """The cards whose stored schedule differs from the replay of their log; with `repair`,
    each is rewritten from its log (in one transaction)."""
    with db.write() if repair else db.read() as connection:
        every = read_cards(db, in_use=False)
        replays = _replayed(db, settings_of, {card.pk: card.deck_id for card in every})
        mismatches, rewrites = [], []
        for card in every:
            replayed = replays.get(card.pk, Schedule())
            differences = {
                name: (getattr(card, name), getattr(replayed, name))
                for name in REPLAYED
                if not _close(getattr(card, name), getattr(replayed, name))
            }
            if differences:
                mismatches.append(Mismatch(card, differences))
                rewrites.append({"card": card.pk, **{f"new_{name}": getattr(replayed, name) for name in REPLAYED}})
        if repair and rewrites:
            connection.execute(_REWRITE, rewrites)  # one statement for every card rewritten
    return mismatches
