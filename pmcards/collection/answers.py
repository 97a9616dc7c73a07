"""Answering cards and taking answers back: the card's new schedule, its log row and the day's
counts, written in one transaction; and the learner's flags (suspend, bury).

Undo is this collection's own: it takes back the last answer given through this collection, and
only while no later answer to that card (from any session) stands on top of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from fsrs import Rating
from sqlalchemy import Connection, delete, func, insert, select, update

from pmcards.collection.configuration import SettingsOf
from pmcards.errors import NotFoundError, PmcardsError
from pmcards.schedule import scheduler
from pmcards.schedule.state import MemoryState, Schedule
from pmcards.store import Database, day_counts
from pmcards.store.schema import cards, review_logs

SCHEDULE_FIELDS = tuple(item.name for item in fields(Schedule))
MEMORY_FIELDS = tuple(item.name for item in fields(MemoryState))
_READ = select(cards.c.deck_id, cards.c.retired, *(cards.c[name] for name in SCHEDULE_FIELDS))
_BEFORE = select(
    review_logs.c.card_pk, review_logs.c.reviewed_at, *(review_logs.c[f"before_{name}"] for name in SCHEDULE_FIELDS)
)


@dataclass(frozen=True)
class AnswerResult:
    """What an answer did: the card's new schedule, the log row's id, and whether it became a leech."""

    card_pk: int
    rating: Rating
    schedule: Schedule
    log_id: int
    became_leech: bool


def read_schedule(connection: Connection, pk: int) -> tuple[str, Schedule]:
    """A card's deck and schedule; `NotFoundError` for a card that does not exist or is retired."""
    row = connection.execute(_READ.where(cards.c.pk == pk)).first()
    if row is None:
        raise NotFoundError(f"no card {pk!r}")
    if row.retired:
        raise NotFoundError(f"card {pk} is retired (no longer in its deck)")
    return row.deck_id, Schedule(**{name: row._mapping[name] for name in SCHEDULE_FIELDS})


def _schedule_values(schedule: Schedule, prefix: str = "") -> dict[str, Any]:
    return {prefix + name: getattr(schedule, name) for name in SCHEDULE_FIELDS}


class Answers:
    """Answers, undo and flags for one collection."""

    def __init__(self, db: Database, settings_of: Callable[[], SettingsOf], day_of: Callable[[datetime], date]) -> None:
        self._db = db
        self._settings_of = settings_of
        self._day_of = day_of
        self._given: list[tuple[int, int]] = []
        """(log id, card pk) of each answer given through this collection and not taken back."""

    def answer(self, pk: int, rating: Rating, duration_ms: int | None, now: datetime) -> AnswerResult:
        """Rate card `pk` at `now`: store its new schedule, its log row and the day's counts."""
        with self._db.write() as connection:
            deck_id, before = read_schedule(connection, pk)
            answered = scheduler.answer(before, rating, self._settings_of()(deck_id), now)
            connection.execute(update(cards).where(cards.c.pk == pk).values(_schedule_values(answered.after)))
            inserted = connection.execute(
                insert(review_logs).values(
                    card_pk=pk,
                    rating=int(rating),
                    reviewed_at=now,
                    duration_ms=duration_ms,
                    **{name: getattr(answered.after, name) for name in MEMORY_FIELDS},
                    **_schedule_values(before, "before_"),
                )
            ).inserted_primary_key
            assert inserted is not None
            log_id = inserted[0]
            new, review = day_counts.counted(before.state)
            if new or review:
                day_counts.add(connection, self._day_of(now), deck_id, new=new, review=review)
        self._given.append((int(log_id), pk))
        return AnswerResult(pk, rating, answered.after, int(log_id), answered.became_leech)

    def undo(self) -> int | None:
        """Take back this collection's last answer: its card exactly as before, its log row gone.
        Returns the card's pk, or None when there is nothing to take back."""
        if not self._given:
            return None
        log_id, pk = self._given[-1]
        with self._db.write() as connection:
            row = connection.execute(_BEFORE.where(review_logs.c.id == log_id)).first()
            if row is None or row.card_pk != pk:
                self._given.pop()
                raise PmcardsError("cannot undo: that answer is no longer in the review log")
            newest = connection.execute(select(func.max(review_logs.c.id)).where(review_logs.c.card_pk == pk))
            if newest.scalar_one() != log_id:
                self._given.pop()
                raise PmcardsError("cannot undo: the card has been answered again since, in another session")
            before = Schedule(**{name: row._mapping[f"before_{name}"] for name in SCHEDULE_FIELDS})
            deck_id = connection.execute(select(cards.c.deck_id).where(cards.c.pk == pk)).scalar_one()
            connection.execute(update(cards).where(cards.c.pk == pk).values(_schedule_values(before)))
            connection.execute(delete(review_logs).where(review_logs.c.id == log_id))
            new, review = day_counts.counted(before.state)
            if new or review:
                day_counts.add(connection, self._day_of(row.reviewed_at), deck_id, new=-new, review=-review)
        self._given.pop()
        return pk

    def set_flags(self, pks: list[int], **values: Any) -> None:
        """Set the learner's flags (suspended, buried_until) on cards."""
        with self._db.write() as connection:
            connection.execute(update(cards).where(cards.c.pk.in_(pks)).values(**values))
