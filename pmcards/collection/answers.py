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
from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from pmcards.collection.configuration import SettingsOf
from pmcards.collection.reading import StoredCard
from pmcards.errors import NotFoundError, PmcardsError
from pmcards.schedule import scheduler
from pmcards.schedule.state import MemoryState, Schedule
from pmcards.store import Database, day_counts
from pmcards.store.schema import cards, review_logs

SCHEDULE_FIELDS = tuple(item.name for item in fields(Schedule))
MEMORY_FIELDS = tuple(item.name for item in fields(MemoryState))
_READ = select(cards.c.deck_id, cards.c.retired, *(cards.c[name] for name in SCHEDULE_FIELDS)).where(
    cards.c.pk == bindparam("card")
)
_WRITE = (
    update(cards).where(cards.c.pk == bindparam("card")).values({name: bindparam(name) for name in SCHEDULE_FIELDS})
)
_WRITE_IF_AS_SHOWN = (
    update(cards)
    .where(
        cards.c.pk == bindparam("card"),
        cards.c.retired.is_(False),
        cards.c.deck_id == bindparam("was_deck"),
        *(cards.c[name].is_not_distinct_from(bindparam(f"was_{name}")) for name in SCHEDULE_FIELDS),
    )
    .values({name: bindparam(name) for name in SCHEDULE_FIELDS})
)
"""The answer's write when the card is still as it was shown: the schedule fields and deck unchanged."""
_LOG = insert(review_logs).values(
    {
        name: bindparam(name)
        for name in (
            "card_pk",
            "rating",
            "reviewed_at",
            "duration_ms",
            *MEMORY_FIELDS,
            *(f"before_{field}" for field in SCHEDULE_FIELDS),
        )
    }
)
_BEFORE = select(
    review_logs.c.card_pk, review_logs.c.reviewed_at, *(review_logs.c[f"before_{name}"] for name in SCHEDULE_FIELDS)
).where(review_logs.c.id == bindparam("log"))
_NEWEST = select(func.max(review_logs.c.id)).where(review_logs.c.card_pk == bindparam("card"))
_DECK_OF = select(cards.c.deck_id).where(cards.c.pk == bindparam("card"))
_FORGET = delete(review_logs).where(review_logs.c.id == bindparam("log"))


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
    row = connection.execute(_READ, {"card": pk}).first()
    if row is None:
        raise NotFoundError(f"no card {pk!r}")
    if row.retired:
        raise NotFoundError(f"card {pk} is retired (no longer in its deck)")
    return row.deck_id, Schedule(**{name: row._mapping[name] for name in SCHEDULE_FIELDS})


def _schedule_values(schedule: Schedule, prefix: str = "") -> dict[str, Any]:
    return {prefix + name: getattr(schedule, name) for name in SCHEDULE_FIELDS}


class Answers:
    """Answers, undo and flags for one collection."""

    def __init__(
        self,
        db: Database,
        settings_of: Callable[[], SettingsOf],
        day_of: Callable[[datetime], date],
        counted: Callable[[str, date, int, int], None],
    ) -> None:
        self._db = db
        self._settings_of = settings_of
        self._day_of = day_of
        self._counted = counted
        """Told of every change to a day's counts (deck, day, new, reviews), after its commit."""
        self._given: list[tuple[int, int]] = []
        """(log id, card pk) of each answer given through this collection and not taken back."""

    def answer(self, card: StoredCard | int, rating: Rating, duration_ms: int | None, now: datetime) -> AnswerResult:
        """Rate a card at `now`: store its new schedule, its log row and the day's counts.

        Given the `StoredCard` it was shown, the card is written only if it is still as shown
        (one statement instead of a read and a write); if it changed meanwhile, it is read again.
        """
        pk = card.pk if isinstance(card, StoredCard) else card
        day = self._day_of(now)
        with self._db.write() as connection:
            settings_of = self._settings_of()
            shown = (card.deck_id, card.schedule) if isinstance(card, StoredCard) and not card.retired else None
            while True:
                deck_id, before = shown or read_schedule(connection, pk)
                answered = scheduler.answer(before, rating, settings_of(deck_id), now)
                after = {"card": pk, **_schedule_values(answered.after)}
                if shown is None:
                    self._db.run(_WRITE, after)
                    break
                was = {"was_deck": deck_id, **_schedule_values(before, "was_")}
                if self._db.run(_WRITE_IF_AS_SHOWN, {**after, **was}).count:
                    break
                shown = None
            log_id = self._db.run(
                _LOG,
                {
                    "card_pk": pk,
                    "rating": int(rating),
                    "reviewed_at": now,
                    "duration_ms": duration_ms,
                    **{name: getattr(answered.after, name) for name in MEMORY_FIELDS},
                    **_schedule_values(before, "before_"),
                },
            ).inserted
            new, review = day_counts.counted(before.state)
            if new or review:
                day_counts.add(self._db, day, deck_id, new=new, review=review)
        if new or review:
            self._counted(deck_id, day, new, review)
        self._given.append((int(log_id), pk))
        return AnswerResult(pk, rating, answered.after, int(log_id), answered.became_leech)

    def undo(self) -> int | None:
        """Take back this collection's last answer: its card exactly as before, its log row gone.
        Returns the card's pk, or None when there is nothing to take back."""
        if not self._given:
            return None
        log_id, pk = self._given[-1]
        with self._db.write() as connection:
            row = connection.execute(_BEFORE, {"log": log_id}).first()
            if row is None or row.card_pk != pk:
                self._given.pop()
                raise PmcardsError("cannot undo: that answer is no longer in the review log")
            newest = connection.execute(_NEWEST, {"card": pk})
            if newest.scalar_one() != log_id:
                self._given.pop()
                raise PmcardsError("cannot undo: the card has been answered again since, in another session")
            before = Schedule(**{name: row._mapping[f"before_{name}"] for name in SCHEDULE_FIELDS})
            deck_id = connection.execute(_DECK_OF, {"card": pk}).scalar_one()
            connection.execute(_WRITE, {"card": pk, **_schedule_values(before)})
            connection.execute(_FORGET, {"log": log_id})
            new, review = day_counts.counted(before.state)
            if new or review:
                day_counts.add(self._db, self._day_of(row.reviewed_at), deck_id, new=-new, review=-review)
        if new or review:
            self._counted(deck_id, self._day_of(row.reviewed_at), -new, -review)
        self._given.pop()
        return pk

    def set_flags(self, pks: list[int], **values: Any) -> None:
        """Set the learner's flags (suspended, buried_until) on cards."""
        with self._db.write() as connection:
            connection.execute(update(cards).where(cards.c.pk.in_(pks)).values(**values))
